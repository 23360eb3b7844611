"""The story map of a run (after an ending, and from the journal): see game.ui.storymap."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.ui.storymap import StoryMap, draw
from game.ui.text import plain


class StoryMapScreen(Screen[None]):
    CSS_PATH = "../screens.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Back", id="back"),
        Binding("m", "dismiss", "Back", show=False),
        Binding("home", "top", "Top", show=False),
        Binding("end", "bottom", "End", id="end"),
    ]

    def __init__(self, world_title: str, story_map: StoryMap) -> None:
        super().__init__()
        self.world_title = world_title
        self.story_map = story_map

    def compose(self) -> ComposeResult:
        head = Content.assemble(
            Content.styled("Story map", "bold $primary"), "  ", plain(self.world_title, "$text-muted")
        )
        yield Static(head, id="map-title", markup=False)
        with VerticalScroll(id="map-scroll"):
            yield Static(draw(self.story_map), id="map", markup=False)
        yield Footer()

    def action_top(self) -> None:
        self.query_one("#map-scroll", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#map-scroll", VerticalScroll).scroll_end(animate=False)
