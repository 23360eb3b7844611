"""Endings found, for one world, over every run: titles once found, locked slots for the rest."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from game.ui.text import plain

Ending = tuple[str, bool]  # (title, found)


def endings_text(endings: list[Ending]) -> list[Content]:
    """The count, then one line per ending in the world's order: found ones titled, the others locked."""
    found = sum(was_found for _, was_found in endings)
    locked = f" ({len(endings) - found} still locked)" if found < len(endings) else " (all of them)"
    lines = [Content.assemble(Content.styled(f"Endings found: {found} of {len(endings)}", "bold $accent"), locked)]
    for title, was_found in endings:
        if was_found:
            lines.append(Content.assemble(Content.styled("  ✓ ", "bold $text-success"), plain(title)))
        else:
            lines.append(Content.styled("  ▪ locked", "$text-muted"))
    return lines


class EndingsScreen(ModalScreen[None]):
    CSS_PATH = "../screens.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="close"),
        Binding("e", "dismiss", "Close", show=False),
    ]

    def __init__(self, world_title: str, endings: list[Ending]) -> None:
        super().__init__()
        self.world_title = world_title
        self.endings = endings

    def compose(self) -> ComposeResult:
        lines = [plain(self.world_title, "bold $primary"), Content(""), *endings_text(self.endings)]
        if not self.endings:
            lines.append(Content.styled("This world has no endings.", "$text-muted"))
        with Vertical(id="endings-box", classes="dialog"):
            yield Static(Content("\n").join(lines), id="endings", markup=False)
        yield Footer()
