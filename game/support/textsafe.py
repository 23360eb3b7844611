"""What text from a world or a save may put on a terminal.

Worlds and saves are untrusted. The loader refuses control characters in world text, and this
module is the last line for everything else that reaches a terminal (save summaries, file names,
error messages quoting a line of a file).
"""

from __future__ import annotations

import re

# C0 and C1 controls except newline and tab, DEL, and the Unicode bidi overrides/isolates that
# can make text read differently from what it is.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def find_forbidden(text: str) -> int:
    """Index of the first character that must not reach a terminal, or -1."""
    match = _FORBIDDEN.search(text)
    return match.start() if match else -1


def describe_char(char: str) -> str:
    return f"U+{ord(char):04X}"


def clean(text: str) -> str:
    """Text safe for a terminal: forbidden characters shown as their code point, e.g. <U+001B>."""
    return _FORBIDDEN.sub(lambda m: f"<{describe_char(m.group())}>", text)
