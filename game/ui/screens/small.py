"""Shown instead of a broken layout when the terminal (or the browser window) is smaller than 80x24."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    def __init__(self, needed: Size, *, web: bool = False) -> None:
        super().__init__()
        self.needed = needed
        self.web = web

    def compose(self) -> ComposeResult:
        yield Static(self._message(self.app.size), id="too-small", markup=False)

    def _message(self, size: Size) -> Content:
        width, height = size
        need = f"{self.needed.width}x{self.needed.height}"
        if self.web:
            return Content.assemble(
                Content.styled("The browser window is too small for the game.", "bold"),
                f"\n\nIt shows {width}x{height} characters; the game needs {need}.",
                "\nMake the window larger, or zoom out (ctrl and minus): the game comes back where you left it.",
            )
        return Content.assemble(
            Content.styled("The terminal is too small.", "bold"),
            f"\n\nIt is {width}x{height}; the game needs at least {need}.",
            "\nMake the window larger and the game comes back where you left it.",
        )

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#too-small", Static).update(self._message(event.size))
