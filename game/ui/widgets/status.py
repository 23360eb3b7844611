"""The status panel: the world's declared status variables as gauges, each change shown briefly."""

from __future__ import annotations

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from game.engine import Story
from game.support.values import status_value
from game.ui.text import plain
from game.world.expr import Value

GAUGE_WIDTH = 10
CHANGE_SECONDS = 4.0  # how long "Air -1" stays beside the gauge


def gauge(value: int, low: int, high: int, width: int = GAUGE_WIDTH) -> str:
    span = max(1, high - low)
    filled = round((value - low) * width / span)
    filled = max(0, min(width, filled))
    return "█" * filled + "░" * (width - filled)


class StatusPanel(Static):
    """One widget for every gauge (few widgets keep start-up quick)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._story: Story | None = None
        self._changes: dict[str, str] = {}
        self._timer: Timer | None = None

    def show(self, story: Story, before: dict[str, Value] | None = None) -> None:
        """Draw the story's status; with `before`, mark what just changed for a moment."""
        self._story = story
        self._changes = {}
        if before is not None:
            for name in story.world.status:
                old, new = before.get(name), story.variables.get(name)
                if old != new:
                    words = story.world.variables[name].words
                    self._changes[name] = _change_text(old, new, figures=not words)
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._changes:
            self._timer = self.set_timer(CHANGE_SECONDS, self._clear_changes)
        self._draw()

    @property
    def changes(self) -> dict[str, str]:
        return dict(self._changes)

    def _clear_changes(self) -> None:
        self._changes = {}
        self._timer = None
        self._draw()

    def _draw(self) -> None:
        story = self._story
        if story is None:
            return
        lines: list[Content] = []
        for name in story.world.status:
            variable = story.world.variables[name]
            value = story.variables[name]
            label = plain(variable.label, "bold")
            change = self._changes.get(name)
            head = Content.assemble(label, " ", Content.styled(change, "bold $accent")) if change else label
            lines.append(head)
            if variable.words:
                # Status in words ("fraying", not "3"): the figures are in the journal.
                lines.append(plain(variable.word(value), "italic $secondary"))
            elif variable.type == "number" and variable.minimum is not None and variable.maximum is not None:
                assert isinstance(value, int)
                bar = gauge(value, variable.minimum, variable.maximum)
                lines.append(Content.assemble(Content.styled(bar, "$primary"), f" {value}/{variable.maximum}"))
            elif value == "":
                lines.append(Content.styled(status_value(value), "$text-muted"))
            else:
                lines.append(plain(status_value(value)))
            lines.append(Content(""))
        self.update(Content("\n").join(lines[:-1]) if lines else Content(""))


def _change_text(old: Value | None, new: Value | None, *, figures: bool = True) -> str:
    if isinstance(old, int) and isinstance(new, int) and not isinstance(old, bool) and not isinstance(new, bool):
        delta = new - old
        if not figures:  # a variable shown in words changes in words: up or down, not by how much
            return "↑" if delta > 0 else "↓"
        return f"{delta:+d}"
    if isinstance(new, bool):
        return "now yes" if new else "now no"
    return "changed"
