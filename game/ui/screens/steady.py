"""A screen that is neither laid out nor styled twice on the way to its first frame."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.geometry import Size
from textual.screen import Screen

Result = TypeVar("Result")


class SteadyScreen(Screen[Result]):
    """Two things Textual 8.2 does on the way to a new screen's first frame, each done twice: the
    title's (start-up) and the game screen's (the first playable scene).

    - Its first layout sends the screen a Resize to the size it was just laid out at, and laying it
      out again there was a second full layout and paint. Any layout its widgets asked for since is
      done on the next frame, as every other is; a real change of size (and a screen below this one:
      Textual resizes those too) is laid out at once, as before.
    - Shown, a screen styles all its widgets again (for a screen coming back, the theme may have
      changed meanwhile); shown the first time, it was styled as it was mounted, a moment before."""

    _shown = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual calls each class's handler in turn: Screen's, after this one, styles and draws.
        if not self._shown:
            self._shown = True
            event.refresh_styles = False

    def _screen_resized(self, size: Size) -> None:
        if size != self._compositor.size:
            super()._screen_resized(size)
