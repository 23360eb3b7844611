"""The title screen: the world's title over mountains under an orange sky; the main menu."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.ui.text import plain

if TYPE_CHECKING:
    from game.ui.app import IOApp

# Sky rows in rust, the range in dust: drawn with plain characters so any terminal shows it.
SKY = [
    "  .    ░░░░░░░░▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒░░░░░░░░    .  ",
    "░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░▒▒▒▒▒▒░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░",
]
RANGE = [
    "                              /\\                                    ",
    "                 /\\          /  \\    /\\                /\\            ",
    "          /\\    /  \\    /\\  /    \\  /  \\      /\\      /  \\    /\\     ",
    "   /\\    /  \\  /    \\  /  \\/      \\/    \\    /  \\    /    \\  /  \\    ",
    "__/  \\__/    \\/      \\/                  \\__/    \\__/      \\/    \\___",
]


def drawing() -> Content:
    lines = [Content.styled(line, "$primary") for line in SKY]
    lines += [Content.styled(line, "$foreground-muted") for line in RANGE]
    return Content("\n").join(lines)


class TitleScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "menu('new')", "New game", id="new"),
        Binding("c", "menu('continue')", "Continue", id="continue"),
        Binding("l", "menu('load')", "Load", id="load"),
        Binding("s", "menu('settings')", "Settings", id="settings"),
        Binding("q", "menu('quit')", "Quit", id="quit"),
    ]

    @property
    def io(self) -> IOApp:
        from game.ui.app import IOApp

        assert isinstance(self.app, IOApp)
        return self.app

    def compose(self) -> ComposeResult:
        world = self.io.world
        with Vertical(id="title-box"):
            yield Static(drawing(), id="drawing", markup=False)
            yield Static(plain(world.title, "bold $accent"), id="world-title", markup=False)
            if world.description:
                yield Static(plain(world.description.strip(), "italic"), id="world-description", markup=False)
            with Center():
                yield OptionList(id="menu")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_menu()

    def on_screen_resume(self) -> None:
        self.refresh_menu()

    def refresh_menu(self) -> None:
        menu = self.query_one("#menu", OptionList)
        highlighted = menu.highlighted
        has_save = self.io.store.latest() is not None
        menu.clear_options()
        menu.add_options(
            [
                Option("New game", id="new"),
                Option("Continue", id="continue", disabled=not has_save),
                Option("Load", id="load"),
                Option("Settings", id="settings"),
                Option("Quit", id="quit"),
            ]
        )
        menu.highlighted = highlighted if highlighted is not None else (1 if has_save else 0)
        menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.action_menu(event.option_id)

    def action_menu(self, what: str) -> None:
        io = self.io
        if what == "new":
            io.new_game()
        elif what == "continue":
            io.continue_game()
        elif what == "load":
            io.action_load()
        elif what == "settings":
            io.action_settings()
        elif what == "quit":
            io.exit(0)
