"""The journal: the run so far, scene by scene, with the choices made, and the numbers behind the words."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.ui.text import plain

Entry = tuple[str, str, str | None]  # (scene title, narration, the choice taken or None)


class JournalScreen(Screen[None]):
    CSS_PATH = "../screens.tcss"  # read when a screen of this kind is first shown
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Back", id="back"),
        Binding("j", "dismiss", "Back", show=False),
        Binding("m", "app.story_map", "Story map", id="map"),
        Binding("home", "top", "Top", show=False),
        Binding("end", "bottom", "Latest", id="latest"),
    ]

    def __init__(self, entries: list[Entry], numbers: list[str]) -> None:
        super().__init__()
        self.entries = entries
        self.numbers = numbers  # "Hope 3/10 (fraying)": for players who want the figures

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Journal", "bold $primary"), id="journal-title", markup=False)
        with VerticalScroll(id="journal-scroll"):
            yield Static(self._text(), id="journal", markup=False)  # one widget for the whole run
        yield Footer()

    def _text(self) -> Content:
        parts: list[Content] = []
        for number, (title, narration, chosen) in enumerate(self.entries, 1):
            parts.append(Content.assemble(Content.styled(f"{number}. ", "$text-muted"), plain(title, "bold $primary")))
            parts.append(plain(narration))
            if chosen is not None:
                parts.append(Content.assemble(Content.styled("› ", "$accent"), plain(chosen, "italic $accent")))
            parts.append(Content(""))
        if self.numbers:
            parts.append(Content.styled("Status in numbers", "bold $accent"))
            parts += [plain(line) for line in self.numbers]
        return Content("\n").join(parts)

    def action_top(self) -> None:
        self.query_one("#journal-scroll", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#journal-scroll", VerticalScroll).scroll_end(animate=False)
