"""Diagnostics: every problem in a world names its file, line and column, what is wrong and the fix."""

from __future__ import annotations

from typing import Literal

from msgspec import Struct

from game.support.textsafe import clean_name

Severity = Literal["error", "warning", "note"]  # note: said, never counted (check --strict)


class Location(Struct, frozen=True):
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{clean_name(self.file)}:{self.line}:{self.column}"


class Diagnostic(Struct, frozen=True):
    location: Location
    code: str  # stable: E0xx errors, W1xx lint warnings
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity} {self.code}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        # One diagnostic, one line: a newline in a quoted key or file name would forge another.
        return clean_name(text)

    def as_dict(self) -> dict[str, object]:
        # Escaped as on a terminal: JSON consumers print these, and a file name's undecodable
        # bytes (lone surrogates) have no JSON spelling that every parser accepts.
        return {
            "file": clean_name(self.location.file),
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity,
            "code": self.code,
            "message": clean_name(self.message),
            "hint": clean_name(self.hint),
        }


class WorldError(Exception):
    """A world that cannot be loaded; holds every diagnostic found, not only the first."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.location.file, d.location.line, d.location.column))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


# Error codes, one per kind of fault. Stable: tools and tests match on them.
E_READ = "E001"  # file missing, unreadable, not UTF-8, a symlink out of the world
E_SYNTAX = "E002"  # not YAML
E_TAG = "E003"  # a YAML tag (!!python/object, !foo ...)
E_ALIAS = "E004"  # an anchor, alias or merge key
E_DUPLICATE_KEY = "E005"
E_CONTROL = "E006"  # control character in text
E_LIMIT = "E007"  # too large, too deep, too many
E_SHAPE = "E010"  # wrong YAML shape or value type
E_UNKNOWN_KEY = "E011"
E_MISSING_KEY = "E012"
E_BAD_ID = "E013"
E_DUPLICATE_SCENE = "E020"
E_DUPLICATE_CHOICE = "E021"
E_UNKNOWN_TARGET = "E022"
E_START = "E023"
E_NO_CHOICES = "E024"
E_ENDING_CHOICES = "E025"
E_EXPR_SYNTAX = "E030"
E_UNDECLARED = "E031"
E_TYPE = "E032"
E_NOT_ALLOWED = "E033"
E_UNKNOWN_SCENE_REF = "E034"
E_TEXT = "E035"  # inline text: an unclosed or stray brace, an alternative with one branch
E_VARIABLE = "E040"  # a bad variable declaration
