"""Shown instead of a broken layout when the terminal is smaller than 80x24."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static(self._message(self.app.size), id="too-small", markup=False)

    def _message(self, size: Size) -> Content:
        from game.ui.app import MIN_HEIGHT, MIN_WIDTH

        width, height = size
        return Content.assemble(
            Content.styled("The terminal is too small.", "bold"),
            f"\n\nIt is {width}x{height}; the game needs at least {MIN_WIDTH}x{MIN_HEIGHT}.",
            "\nMake the window larger and the game comes back where you left it.",
        )

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#too-small", Static).update(self._message(event.size))
