"""A screen that is not laid out twice at one size."""

from __future__ import annotations

from typing import TypeVar

from textual.geometry import Size
from textual.screen import Screen

Result = TypeVar("Result")


class SteadyScreen(Screen[Result]):
    """A new screen's first layout sends the screen a Resize to the size it was just laid out at
    (Textual 8.2), and laying it out again there was a second full layout and paint on the way to
    its first frame: the title's (start-up) and the game screen's (the first playable scene). Any
    layout its widgets asked for since is done on the next frame, as every other is; a real change
    of size (and a screen below this one: Textual resizes those too) is laid out at once, as before."""

    def _screen_resized(self, size: Size) -> None:
        if size != self._compositor.size:
            super()._screen_resized(size)
