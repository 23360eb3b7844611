"""The base of a compiled world's parts (scenes, choices, texts, conditions, effects, the World)."""

from __future__ import annotations

from msgspec import Struct


class Part(Struct, frozen=True, eq=False):
    """Immutable, and known by identity: nothing compares two scenes or two choices by value (a
    compiled text or condition holds closures, equal only to themselves), and a part is a key in
    the tools' tables as itself. Shown briefly: a part in a message or a traceback is its class and
    address, never its whole tree (a World's would be megabytes)."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} at {id(self):#x}>"

    def __rich_repr__(self) -> None:  # type: ignore[override]
        """None: Rich (Textual's tracebacks with their locals, its log) then shows repr() too. A Struct's
        own __rich_repr__ lists every field, and Rich would print a whole World (a megabyte)."""
        return None
