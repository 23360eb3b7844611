"""Time played, in the one format every front end shows (the UI, plain play, `io-game saves`).

Kept free of Textual so that the command line can import it without the UI.
"""

from __future__ import annotations


def played(seconds: float) -> str:
    """As a player reads it: 1h 04m, 12m 30s, 45s (whole seconds; negative counts as none)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"
