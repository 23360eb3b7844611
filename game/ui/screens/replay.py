"""Replay this run step by step: next, previous, auto-play, and fork a new run from any step."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from game.engine.replay import ReplayCursor
from game.engine.run import Run
from game.engine.story import Story
from game.support.values import source_value as show
from game.ui.text import plain
from game.world import World

AUTO_SECONDS = 1.5  # auto-play: one step every this many seconds


class ReplayScreen(Screen[Story | None]):
    """Dismisses with the story to play on from (fork), or None."""

    CSS_PATH = "../screens.tcss"  # read when a screen of this kind is first shown
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,n", "next", "Next", id="next"),
        Binding("left,p", "previous", "Previous", id="previous"),
        Binding("home", "start", "Start", show=False),
        Binding("end", "end", "End", show=False),
        Binding("a", "auto", "Auto-play", id="auto"),
        Binding("f", "fork", "Play from here", id="fork"),
        Binding("escape", "dismiss", "Back", id="back"),
    ]

    def __init__(self, world: World, run: Run) -> None:
        super().__init__()
        self.cursor = ReplayCursor(world, run)
        self._auto: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="replay-head", markup=False)
        with VerticalScroll(id="replay-scroll"):
            yield Static("", id="replay", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._draw()

    def _draw(self) -> None:
        cursor = self.cursor
        story = cursor.story
        head = Content.assemble(
            Content.styled("Replay", "bold $primary"),
            f"  step {cursor.position} of {len(cursor)}",
            Content.styled("  (auto-play)", "$accent") if self._auto is not None else "",
        )
        self.query_one("#replay-head", Static).update(head)
        lines: list[Content] = []
        change = cursor.change
        if change is not None:
            lines.append(Content.assemble(Content.styled("› ", "$accent"), plain(change.choice_text, "italic $accent")))
            for name, (before, after) in change.variables.items():
                label = story.world.variables[name].label if name in story.world.variables else name
                lines.append(Content.assemble("  ", plain(label), f": {show(before)} → {show(after)}"))
            lines.append(Content(""))
        lines += [plain(story.scene.title, "bold $primary"), Content(""), plain(story.narration())]
        upcoming = cursor.next_change
        if upcoming is not None:
            lines += [Content(""), Content.styled(f"Next: choice {upcoming.number}, ", "$text-muted")]
            lines[-1] = Content.assemble(lines[-1], plain(upcoming.choice_text, "$text-muted"))
        elif story.ending is not None:
            lines += [Content(""), Content.assemble(Content.styled("The end: ", "bold"), plain(story.ending.title))]
        if cursor.divergence is not None and cursor.at_end:
            lines += [Content(""), plain(f"The run stops here: {cursor.divergence}", "$error")]
        self.query_one("#replay", Static).update(Content("\n").join(lines))
        self.query_one("#replay-scroll", VerticalScroll).scroll_home(animate=False)

    def action_next(self) -> None:
        self.cursor.next()
        if self.cursor.at_end:
            self._stop_auto()
        self._draw()

    def action_previous(self) -> None:
        self.cursor.previous()
        self._draw()

    def action_start(self) -> None:
        self.cursor.go(0)
        self._draw()

    def action_end(self) -> None:
        self.cursor.go(len(self.cursor))
        self._draw()

    def action_auto(self) -> None:
        if self._auto is not None:
            self._stop_auto()
        else:
            self._auto = self.set_interval(AUTO_SECONDS, self.action_next)
        self._draw()

    def _stop_auto(self) -> None:
        if self._auto is not None:
            self._auto.stop()
            self._auto = None

    def action_fork(self) -> None:
        """Play on from this step: a new run that shares the choices up to here (the app plays it)."""
        self._stop_auto()
        self.dismiss(self.cursor.fork())

    def on_unmount(self) -> None:
        self._stop_auto()
