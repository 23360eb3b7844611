"""The journal: the run so far, scene by scene, with the choices made."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.ui.text import plain

if TYPE_CHECKING:
    from game.ui.app import IOApp


class JournalScreen(Screen[None]):
    CSS_PATH = "../screens.tcss"  # read when a screen of this kind is first shown
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Back", id="back"),
        Binding("j", "dismiss", "Back", show=False),
        Binding("home", "top", "Top", show=False),
        Binding("end", "bottom", "Latest", id="latest"),
    ]

    def compose(self) -> ComposeResult:
        from game.ui.app import IOApp

        app = self.app
        assert isinstance(app, IOApp)
        yield Static(Content.styled("Journal", "bold $primary"), id="journal-title", markup=False)
        with VerticalScroll(id="journal-scroll"):
            yield Static(self._text(app), id="journal", markup=False)  # one widget for the whole run
        yield Footer()

    @staticmethod
    def _text(app: IOApp) -> Content:
        parts: list[Content] = []
        for number, (title, narration, chosen) in enumerate(app.journal_entries(), 1):
            parts.append(Content.assemble(Content.styled(f"{number}. ", "$text-muted"), plain(title, "bold $primary")))
            parts.append(plain(narration))
            if chosen is not None:
                parts.append(Content.assemble(Content.styled("› ", "$accent"), plain(chosen, "italic $accent")))
            parts.append(Content(""))
        return Content("\n").join(parts)

    def action_top(self) -> None:
        self.query_one("#journal-scroll", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#journal-scroll", VerticalScroll).scroll_end(animate=False)
