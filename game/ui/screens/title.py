"""The title screen: the world's title over mountains under an orange sky; the main menu.

Start-up is measured to this screen, so it is few widgets: one Static for the drawing and the
titles, one Menu (centred by a container). Whether there is a run to continue is looked up after the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.ui.text import plain
from game.ui.widgets.menu import Item, Menu

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


def drawing() -> list[Content]:
    lines = [Content.styled(line, "$primary") for line in SKY]
    lines += [Content.styled(line, "$foreground-muted") for line in RANGE]
    return lines


def menu_items(can_continue: bool) -> list[Item]:
    return [
        Item("new", "New game"),
        Item("continue", "Continue", enabled=can_continue),
        Item("load", "Load"),
        Item("settings", "Settings"),
        Item("quit", "Quit"),
    ]


class TitleScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "menu('new')", "New game", id="new"),
        Binding("c", "menu('continue')", "Continue", id="continue"),
        Binding("l", "menu('load')", "Load", id="load"),
        Binding("s", "menu('settings')", "Settings", id="settings"),
        Binding("q", "menu('quit')", "Quit", id="quit"),
    ]

    _scanned = False  # whether the saves have been looked at once

    @property
    def io(self) -> IOApp:
        from game.ui.app import IOApp

        assert isinstance(self.app, IOApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Static(self.heading(), id="heading", markup=False)
        with Center():
            yield Menu(menu_items(can_continue=False), id="menu")

    def heading(self) -> Content:
        title, description = self.io.header
        lines = drawing()
        lines += [Content(""), plain(title, "bold $accent")]
        if description:
            description = " ".join(description.split())
            lines.append(plain(description, "italic $text-muted"))
        if self.io.world_errors:
            lines += [Content(""), Content.styled("The world did not load:", "bold $error")]
            lines += [plain(error, "$error") for error in self.io.world_errors[:8]]
            if len(self.io.world_errors) > 8:
                lines.append(Content(f"... and {len(self.io.world_errors) - 8} more (io-game check lists them all)"))
            hint = "Fix the files; the game reloads them." if self.io.dev else "Fix the files and start again."
            lines.append(Content.styled(hint, "$text-muted"))
        return Content("\n").join(lines)

    def refresh_heading(self) -> None:
        self.query_one("#heading", Static).update(self.heading())

    def on_mount(self) -> None:
        self.query_one(Menu).focus()
        # Loading the world and reading the saves wait for the first paint and run in a thread, so
        # the title appears at once; Continue lights up when a save is found.
        self.call_after_refresh(self.run_worker, self.io.load_in_background, thread=True, group="load")

    def on_screen_resume(self) -> None:
        if self._scanned:  # back from another screen; the first look is the background one
            self.refresh_menu()

    def refresh_menu(self) -> None:
        self.show_menu(self.io.store.latest() is not None)

    def show_menu(self, can_continue: bool) -> None:
        self._scanned = True
        menu = self.query_one(Menu)
        current = menu.highlighted_id
        first_look = not menu.items[1].enabled and current == "new"
        menu.set_items(menu_items(can_continue), "continue" if can_continue and first_look else current)
        menu.focus()

    def on_menu_selected(self, event: Menu.Selected) -> None:
        event.stop()
        self.action_menu(event.item_id)

    def action_menu(self, what: str) -> None:
        self.io.menu(what)
