"""World text on screen: always plain Content, never markup.

World files and saves are untrusted: `[bold red]`, `[/` or `[link=...]` must show literally, and
Textual's markup parser raises on some of them (escape() does not prevent it). Control characters are
refused by the loader; clean() is the last line for anything else (save names, error messages).
"""

from __future__ import annotations

from textual.content import Content

from game.support.textsafe import clean


def plain(text: str, style: str = "") -> Content:
    """Untrusted text as Content with an optional style of our own; never parsed as markup."""
    content = Content(clean(text))
    return content.stylize(style) if style else content


def duration(seconds: float) -> str:
    """Time played, as a player reads it: 1h 04m, 12m 30s, 45s."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"
