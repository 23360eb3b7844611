"""The title screen: the world's own title art (if it brings one), its title, the main menu.

Start-up is measured to this screen, so it is few widgets: one Static for the art and the titles,
one Menu (centred by a container), one line of key hints. It knows nothing of the app: what it
shows comes in through its constructor and setters, the player's choice goes out as a message.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from game.support.textsafe import clean
from game.ui.screens.steady import SteadyScreen
from game.ui.text import plain, read_small_text
from game.ui.widgets.menu import Item, Menu

ART_FILE = "title-art.txt"  # in the world's folder; a world without one shows no art
MAX_ART_BYTES = 4096
MAX_ART_LINES = 12
MAX_ART_WIDTH = 100
SKY = "░▒▓█."  # in title art, shading and stars are drawn in the theme's primary colour, the rest muted

HINTS = "↑↓ Enter  ·  n new  c continue  l load  e endings  s settings  ·  ? help  q quit"


def read_title_art(world_folder: Path) -> list[str]:
    """The world's title art: at most 12 lines of 100 characters, control characters removed."""
    text = read_small_text(world_folder / ART_FILE, MAX_ART_BYTES)
    if not text:
        return []
    lines = [clean(line.rstrip())[:MAX_ART_WIDTH] for line in text.splitlines()[:MAX_ART_LINES]]
    while lines and not lines[-1].strip():
        lines.pop()
    width = max((len(line) for line in lines), default=0)
    return [line.ljust(width) for line in lines]  # one width: the centred lines stay aligned


def art_line(line: str) -> Content:
    """One line of title art: sky characters in $primary, the land in $foreground-muted."""
    parts: list[Content] = []
    start = 0
    for index in range(1, len(line) + 1):
        if index == len(line) or (line[index] in SKY) != (line[start] in SKY):
            chunk = line[start:index]
            parts.append(Content.styled(chunk, "$primary" if chunk[0] in SKY else "$foreground-muted"))
            start = index
    return Content.assemble(*parts)


def menu_items(can_continue: bool) -> list[Item]:
    return [
        Item("new", "New game"),
        Item("continue", "Continue", enabled=can_continue),
        Item("load", "Load"),
        Item("endings", "Endings found"),
        Item("settings", "Settings"),
        Item("quit", "Quit"),
    ]


class TitleScreen(SteadyScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "menu('new')", "New game", id="new"),
        Binding("c", "menu('continue')", "Continue", id="continue"),
        Binding("l", "menu('load')", "Load", id="load"),
        Binding("e", "menu('endings')", "Endings found", id="endings"),
        Binding("s", "menu('settings')", "Settings", id="settings"),
    ]

    class Chosen(Message):
        """A menu item was chosen (by Enter, a click or its key)."""

        def __init__(self, item: str) -> None:
            super().__init__()
            self.item = item

    class Shown(Message):
        """The title is on top again: the app says whether there is a run to continue."""

    class Drawn(Message):
        """The title's first frame is on screen (drawn as it was shown, before this message is read):
        the app starts loading the world now, not a refresh later (the next refresh waits for
        Textual's frame timer, ~17 ms in which the loader can run instead)."""

    def __init__(self, title: str, description: str, art: list[str]) -> None:
        super().__init__()
        self.world_title = title
        self.description = description
        self.art = art
        self.errors: list[str] = []
        self.errors_hint = ""
        self._scanned = False  # whether the app has said if there is a run to continue
        self._drawn = False  # whether the first frame has been drawn (and Drawn posted)
        self._held = False  # Enter pressed on the first highlight before that: it waits
        self._unshown: bool | None = None  # what the app said while another screen covered this one

    def compose(self) -> ComposeResult:
        yield Static(self.heading(), id="heading", markup=False)
        with Center():
            yield Menu(menu_items(can_continue=False), id="menu")
        yield Static(Content.styled(HINTS, "$text-muted"), id="title-keys", markup=False)

    def heading(self) -> Content:
        lines = [art_line(line) for line in self.art]
        if lines:
            lines.append(Content(""))
        lines.append(plain(self.world_title, "bold $accent"))
        if self.description:
            lines.append(plain(" ".join(self.description.split()), "italic $text-muted"))
        if self.errors:
            lines += [Content(""), Content.styled("The world did not load:", "bold $error")]
            lines += [plain(error, "$error") for error in self.errors[:8]]
            if len(self.errors) > 8:
                lines.append(Content(f"... and {len(self.errors) - 8} more (io-game check lists them all)"))
            lines.append(Content.styled(self.errors_hint, "$text-muted"))
        return Content("\n").join(lines)

    def set_heading(self, title: str, description: str, errors: list[str], errors_hint: str = "") -> None:
        errors_hint = errors_hint if errors else ""  # shown only under errors
        if (title, description, errors, errors_hint) == (
            self.world_title,
            self.description,
            self.errors,
            self.errors_hint,
        ):
            return  # as shown (the title's first paint had it from world.yaml): no redraw
        self.world_title, self.description = title, description
        self.errors, self.errors_hint = errors, errors_hint
        if errors:
            self._held = False  # nothing can start: do not act on an Enter pressed while loading
        self.query_one("#heading", Static).update(self.heading())

    def on_mount(self) -> None:
        self.query_one(Menu).focus()

    def on_screen_resume(self) -> None:
        if not self._drawn:  # Textual draws the frame after this handler, before the message is read
            self._drawn = True
            self.post_message(self.Drawn())
            return
        if self._unshown is not None:  # the loader's first look came while covered: shown now
            can_continue, self._unshown = self._unshown, None
            self.show_menu(can_continue)
        if self._scanned:  # back from another screen (a run may have been saved since): the app looks
            self.post_message(self.Shown())

    def show_menu(self, can_continue: bool) -> None:
        """Whether there is a run to continue; the first time, Continue becomes the default."""
        if not self.is_active and self.is_mounted:
            # Covered (New game pressed as the title appeared: the game screen is on top). Redrawn
            # now, the title would repaint the screen over it a frame after that one's first frame.
            self._unshown = can_continue
            return
        menu = self.query_one(Menu)
        first_look = not self._scanned and not menu.moved
        self._scanned = True
        current = menu.highlighted_id
        menu.set_items(menu_items(can_continue), "continue" if can_continue and first_look else current)
        if self.is_current and not menu.has_focus:  # under another screen, its focus comes back with it
            menu.focus()
        if self._held:
            self._held = False
            self.action_menu(menu.highlighted_id or "new")

    def on_menu_selected(self, event: Menu.Selected) -> None:
        event.stop()
        if event.default and not self._scanned:
            # Enter as the title appears means "the default", which is Continue when there is a
            # run to continue: wait until the app has looked.
            self._held = True
            return
        self.action_menu(event.item_id)

    def action_menu(self, what: str) -> None:
        self.post_message(self.Chosen(what))
