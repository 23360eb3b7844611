"""The ending: its title and text, a summary of the run, the endings found over all runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.ui.text import duration, plain

if TYPE_CHECKING:
    from game.ui.app import IOApp


class EndingScreen(Screen[None]):
    CSS_PATH = "../screens.tcss"  # read when a screen of this kind is first shown
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New game", id="new"),
        Binding("r", "replay", "Replay this run", id="replay"),
        Binding("escape", "title", "Title", id="title"),
        Binding("pagedown", "scroll_text(1)", "More", id="more", priority=True),
        Binding("pageup", "scroll_text(-1)", "Back", id="back", show=False, priority=True),
    ]

    @property
    def io(self) -> IOApp:
        from game.ui.app import IOApp

        assert isinstance(self.app, IOApp)
        return self.app

    def compose(self) -> ComposeResult:
        with Vertical(id="ending-box"):
            with VerticalScroll(id="ending-scroll"):
                yield Static(self._text(), id="ending", markup=False)
            yield OptionList(Option("New game", id="new"), Option("Replay this run", id="replay"), id="ending-menu")
        yield Footer()

    def _text(self) -> Content:
        io = self.io
        story = io.story
        if story is None or story.ending is None:
            return Content("")
        world = story.world
        lines = [
            Content.styled("The end", "$text-muted"),
            plain(story.ending.title, "bold $primary"),
            Content(""),
            plain(story.narration()),
            Content(""),
            Content.styled("This run", "bold $accent"),
            Content(f"{story.step_count} choices, {len(story.visits)} places, played {duration(io.played_seconds())}"),
        ]
        for name in world.status:
            variable = world.variables[name]
            lines.append(Content.assemble(plain(variable.label), plain(f": {story.variables[name]}")))
        found = io.store.endings_found(world)
        endings = world.endings
        lines += [Content(""), Content.styled(f"Endings found: {len(found)} of {len(endings)}", "bold $accent")]
        for scene in endings:
            assert scene.ending is not None
            if scene.id in found:
                lines.append(Content.assemble("  ✓ ", plain(scene.ending.title)))
            else:
                lines.append(Content.styled("  · ???", "$text-muted"))
        return Content("\n").join(lines)

    def on_mount(self) -> None:
        self.query_one("#ending-menu", OptionList).focus()

    def action_scroll_text(self, pages: int) -> None:
        """The menu keeps the focus; paging keys scroll the ending's text."""
        pane = self.query_one("#ending-scroll", VerticalScroll)
        if pages > 0:
            pane.scroll_page_down(animate=False)
        else:
            pane.scroll_page_up(animate=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id == "new":
            self.action_new()
        elif event.option_id == "replay":
            self.action_replay()

    def action_new(self) -> None:
        self.dismiss()
        self.io.new_game()

    def action_replay(self) -> None:
        self.io.action_replay()

    def action_title(self) -> None:
        from game.ui.screens.title import TitleScreen

        while not isinstance(self.app.screen, TitleScreen) and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
