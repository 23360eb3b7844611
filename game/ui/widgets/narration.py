"""The narration: ONE widget holding the whole text (start-up grows with widgets, not text)."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

CHARS_PER_TICK = 5  # at 60 ticks a second: about 300 characters a second, gentle but not slow
TICK = 1 / 60


class Narration(Static):
    """Shows Content, revealed a few characters at a time when `reveal` is on."""

    DEFAULT_CSS = "Narration { height: auto; }"

    class Revealed(Message):
        """The gentle reveal has shown everything."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._full = Content("")
        self._shown = 0
        self._timer: Timer | None = None

    @property
    def revealing(self) -> bool:
        return self._timer is not None

    def show(self, content: Content, *, reveal: bool) -> None:
        self._stop()
        self._full = content
        if reveal and len(content) > 0:
            self._shown = 0
            self.update(Content(""))
            self._timer = self.set_interval(TICK, self._tick)
        else:
            self._shown = len(content)
            self.update(content)

    def reveal_all(self) -> None:
        if self._timer is not None:
            self._stop()
            self._shown = len(self._full)
            self.update(self._full)

    def _tick(self) -> None:
        self._shown = min(len(self._full), self._shown + CHARS_PER_TICK)
        self.update(self._full[: self._shown])
        if self._shown >= len(self._full):
            self._stop()
            self.post_message(self.Revealed())

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
