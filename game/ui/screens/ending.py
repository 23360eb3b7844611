"""The ending: its title and text, a summary of the run, the endings found over all runs.

Data comes in through the constructor; "New game" and "Title" leave through dismiss(), the story
map and the replay open over it (app actions).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.ui.screens.endings import Ending, endings_text
from game.ui.text import plain


class EndingScreen(Screen[str]):
    """Dismisses with "new" (start again) or "title"."""

    CSS_PATH = "../screens.tcss"  # read when a screen of this kind is first shown
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "leave('new')", "New game", id="new"),
        Binding("m", "app.story_map", "Story map", id="map"),
        Binding("r", "app.replay", "Replay this run", id="replay"),
        Binding("escape", "leave('title')", "Title", id="title"),
        Binding("pagedown", "scroll_text(1)", "More", id="more", priority=True),
        Binding("pageup", "scroll_text(-1)", "Back", id="back", show=False, priority=True),
    ]

    def __init__(self, title: str, narration: str, summary: list[Content], endings: list[Ending]) -> None:
        super().__init__()
        self.ending_title, self.narration, self.summary, self.endings = title, narration, summary, endings

    def compose(self) -> ComposeResult:
        with Vertical(id="ending-box"):
            with VerticalScroll(id="ending-scroll"):
                yield Static(self._text(), id="ending", markup=False)
            yield OptionList(
                Option("New game", id="new"),
                Option("Story map of this run", id="map"),
                Option("Replay this run", id="replay"),
                Option("Title", id="title"),
                id="ending-menu",
            )
        yield Footer()

    def _text(self) -> Content:
        lines = [
            Content.styled("The end", "$text-muted"),
            plain(self.ending_title, "bold $primary"),
            Content(""),
            plain(self.narration),
            Content(""),
            Content.styled("This run", "bold $accent"),
            *self.summary,
            Content(""),
            *endings_text(self.endings),
        ]
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

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id in ("new", "title"):
            self.dismiss(event.option_id)
        elif event.option_id in ("map", "replay"):
            await self.app.run_action("story_map" if event.option_id == "map" else "replay")

    def action_leave(self, where: str) -> None:
        self.dismiss(where)
