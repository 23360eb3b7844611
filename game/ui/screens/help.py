"""Help: how to play and every key."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

KEYS = [
    ("1-9", "take a choice (or arrows and Enter, or click it)"),
    ("space", "show all the narration now and jump to the choices"),
    ("pgup / pgdn", "scroll the narration back and on"),
    ("z", "undo the last choice"),
    ("j", "the journal: the run so far"),
    ("s / l", "save in a named slot / load a save"),
    ("r", "replay this run step by step"),
    ("escape", "back (from the game: to the title; the run is autosaved)"),
    ("ctrl+p", "command palette: what can be done on this screen"),
    ("?", "this help"),
    ("q", "quit (the run is autosaved)"),
]
RELOAD = ("F5", "reload the world from its files (--dev: on every change)")


def keys(*, dev: bool, web: bool) -> list[tuple[str, str]]:
    """The keys to list: F5 only with --dev, and never in a browser, which takes it (it reloads the page)."""
    return [*KEYS[:-2], RELOAD, *KEYS[-2:]] if dev and not web else list(KEYS)


ABOUT = (
    "Read, then choose. Every choice is autosaved; Continue on the title screen picks up the latest run. "
    "Narration you have read in an earlier run is marked 'read before'; space skips to the choices. "
    "The panel on the right shows what matters now, and what a choice just changed."
)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "../screens.tcss"  # read when a screen of this kind is first shown
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="close"),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def __init__(self, *, dev: bool = False, web: bool = False) -> None:
        super().__init__()
        self.keys = keys(dev=dev, web=web)

    def compose(self) -> ComposeResult:
        width = max(len(key) for key, _ in self.keys) + 2
        lines = [Content.styled("How to play", "bold $primary"), Content(""), Content(ABOUT), Content("")]
        lines.append(Content.styled("Keys", "bold $primary"))
        lines += [Content.assemble(Content.styled(key.ljust(width), "bold $accent"), text) for key, text in self.keys]
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(Content("\n").join(lines), markup=False)
        yield Footer()
