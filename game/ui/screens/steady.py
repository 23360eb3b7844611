"""A screen that is neither laid out nor styled twice on the way to its first frame, and whose next
frame is not a frame late."""

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
      changed meanwhile); shown the first time, it was styled as it was mounted, a moment before.

    And one thing it does after: right after a new screen's first frame, Textual's own widgets ask
    for another (the mount's layout, the option list's resize, the toast rack's), drawn by the
    screen's frame timer, made then: a new timer waits a whole frame (1/60 s) before its first tick,
    so the screen settled a frame late (the start to the first playable scene waited on it). The
    timer is started as the screen is mounted instead, so that wait is spent building the screen
    (a tick that comes before the first frame, on a slow build, draws nothing).

    Each is done with Textual's private names (Screen._update_timer, _on_timer_update,
    _screen_resized, _compositor): no public API reaches them. They are those of Textual
    8.2.8, pinned in pyproject.toml; an upgrade must check them again (tests/ui/test_startup.py
    counts what each of them keeps, and fails when one no longer does)."""

    _shown = False

    def _on_mount(self, _event: events.Mount) -> None:
        # Textual calls each class's handler in turn: Screen's, after this one, as before.
        self._update_timer.resume()

    def _on_timer_update(self) -> None:
        if not self._shown:  # before the first frame: Screen's own first layout draws it
            self._update_timer.pause()
            return
        super()._on_timer_update()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual calls each class's handler in turn: Screen's, after this one, styles and draws.
        if not self._shown:
            self._shown = True
            event.refresh_styles = False

    def _screen_resized(self, size: Size) -> None:
        if size != self._compositor.size:
            super()._screen_resized(size)
