"""What text from a world or a save may put on a terminal.

Worlds and saves are untrusted. The loader refuses control characters in world text, and this
module is the last line for everything else that reaches a terminal (save summaries, file names,
error messages quoting a line of a file).
"""

from __future__ import annotations

import re
from functools import cache

# C0 and C1 controls except newline and tab, DEL, the Unicode bidi overrides/isolates that can make
# text read differently from what it is, and lone surrogates: Python decodes a file name's
# undecodable bytes to U+DC80..U+DCFF, and a terminal in the C locale gets the raw byte back
# (0x9B is a one-byte CSI).
FORBIDDEN = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
# In a name (a file, a save, a scene id quoted back) a line break or a tab is forged layout too:
# a newline in a file name would start what looks like another diagnostic.
FORBIDDEN_IN_NAME = "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_LAYOUT = str.maketrans("", "", "\n\t")

# Every forbidden character is one Python calls unprintable (a control, a format character, a
# surrogate), so text that is all printable (but for line breaks and tabs, where those are allowed)
# is returned as it is, without the expressions: compiling their character classes (a map of the
# whole Basic Multilingual Plane) was ~2 ms of every start, and the usual text never needs them.


@cache
def _pattern(expression: str) -> re.Pattern[str]:
    return re.compile(expression)


def _printable(text: str) -> bool:
    return text.isprintable() or text.translate(_LAYOUT).isprintable()


def find_forbidden(text: str) -> int:
    """Index of the first character that must not reach a terminal, or -1."""
    if _printable(text):
        return -1
    match = _pattern(FORBIDDEN).search(text)
    return match.start() if match else -1


def describe_char(char: str) -> str:
    return f"U+{ord(char):04X}"


def _shown(match: re.Match[str]) -> str:
    return f"<{describe_char(match.group())}>"


def clean(text: str) -> str:
    """Text safe for a terminal: forbidden characters shown as their code point, e.g. <U+001B>."""
    return text if _printable(text) else _pattern(FORBIDDEN).sub(_shown, text)


def clean_name(text: str) -> str:
    """A name safe to show on one line: as clean(), and line breaks and tabs shown too."""
    return text if text.isprintable() else _pattern(FORBIDDEN_IN_NAME).sub(_shown, text)


def has_undecodable(text: str) -> bool:
    """True when `text` (a file name from the OS) holds bytes that were not valid UTF-8."""
    return any("\udc80" <= char <= "\udcff" for char in text)
