"""World text on screen: always plain Content, never markup.

World files and saves are untrusted: `[bold red]`, `[/` or `[link=...]` must show literally, and
Textual's markup parser raises on some of them (escape() does not prevent it). Control characters are
refused by the loader; clean() is the last line for anything else (save names, error messages).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from textual.content import Content

from game.support.played import played as duration  # one format for time played, shared with the CLI
from game.support.textsafe import clean

__all__ = ["duration", "plain", "read_small_text"]


def plain(text: str, style: str = "") -> Content:
    """Untrusted text as Content with an optional style of our own; never parsed as markup."""
    content = Content(clean(text))
    return content.stylize(style) if style else content


def read_small_text(path: Path, limit: int) -> str | None:
    """A small regular file's UTF-8 text, or None for anything else (missing, a link, a FIFO, too big).

    Never a plain read_text() on a world's files: one may be a link to /dev/zero, a FIFO or 4 GB
    (tests/test_hostile_worlds.py). Links are not followed and a FIFO is never waited on.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        data = handle.read(limit + 1)
    if len(data) > limit:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
