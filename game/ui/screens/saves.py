"""Save and load screens: named slots with scene, date, time played and whether the run ended."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from game.saves import AUTOSAVE, SaveError, SaveInfo, clean_slot
from game.ui.text import duration, plain

if TYPE_CHECKING:
    from game.ui.app import IOApp


def describe(info: SaveInfo, world_id: str) -> Content:
    """Two lines for a slot: its name and scene, then date, time played and progress."""
    name = Content.styled(info.slot, "bold $accent")
    if info.broken:
        # The file's name is enough here: the folder is the same for every slot.
        error = (info.error or "").replace(str(info.path), info.path.name)
        return Content.assemble(name, "\n  ", Content.styled("cannot be read: ", "$error"), plain(error))
    when = info.updated.astimezone().strftime("%Y-%m-%d %H:%M")
    plural = "" if info.steps == 1 else "s"
    progress = Content(f"{info.steps} choice{plural} in")
    state = Content.assemble("ended: ", plain(info.ending, "bold")) if info.ending else progress
    other = Content.assemble("  (", plain(info.world_title or info.world_id), ")") if info.world_id != world_id else ""
    return Content.assemble(
        name,
        "  ",
        plain(info.scene_title),
        other,
        "\n  ",
        Content.styled(f"{when} · played {duration(info.played_seconds)} · ", "$text-muted"),
        state,
    )


class _SlotsScreen(ModalScreen[None]):
    CSS_PATH = "../screens.tcss"  # read when a screen of this kind is first shown

    @property
    def io(self) -> IOApp:
        from game.ui.app import IOApp

        assert isinstance(self.app, IOApp)
        return self.app

    def slot_options(self, include_autosave: bool) -> list[Option]:
        infos = self.io.store.list()
        return [
            Option(describe(info, self.io.world.id), id=info.slot)
            for info in infos
            if include_autosave or info.slot != AUTOSAVE
        ]


class SaveScreen(_SlotsScreen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Cancel", id="cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="save-box", classes="dialog"):
            yield Static(Content.styled("Save this run", "bold $primary"), markup=False)
            yield Static("Name the slot, or pick one below to overwrite it; Enter saves.", markup=False)
            yield Input(placeholder="slot name, e.g. before-the-launch", id="slot-name")
            yield OptionList(*self.slot_options(include_autosave=False), id="slots")
        yield Footer()

    def on_mount(self) -> None:
        story = self.io.story
        if story is not None:
            with contextlib.suppress(SaveError):  # a title without letters: no suggestion
                self.query_one(Input).value = clean_slot(story.scene.title)
        self.query_one(Input).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id and event.option_list.has_focus:  # not the list's first highlight on mount
            self.query_one(Input).value = event.option_id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            self._save(event.option_id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._save(event.value)

    def _save(self, name: str) -> None:
        story = self.io.story
        if story is None:
            return
        try:
            slot = clean_slot(name)
            if slot == AUTOSAVE:
                raise SaveError("'autosave' is kept by the game itself; choose another name")
            info = self.io.store.write(slot, story, self.io.played_seconds())
        except SaveError as exc:
            self.notify(plain(str(exc)).plain, title="Not saved", severity="error", timeout=8)
            return
        self.notify(f"Saved as '{info.slot}'.")
        self.dismiss()


class LoadScreen(_SlotsScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel", id="cancel"),
        Binding("d", "delete", "Delete", id="delete"),
    ]
    _armed_delete: str | None = None  # the slot a first press of d asked about

    def compose(self) -> ComposeResult:
        with Vertical(id="load-box", classes="dialog"):
            yield Static(Content.styled("Load a run", "bold $primary"), markup=False)
            options = self.slot_options(include_autosave=True)
            if not options:
                yield Static("No saves yet.", id="no-saves", markup=False)
            yield OptionList(*options, id="slots")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#slots", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.io.load_slot(event.option_id)  # on success it shows the game, closing this screen

    def action_delete(self) -> None:
        slots = self.query_one("#slots", OptionList)
        if slots.highlighted is None:
            return
        slot = slots.get_option_at_index(slots.highlighted).id
        if slot is None:
            return
        if self._armed_delete != slot:  # a save is deleted only by pressing d twice on it
            self._armed_delete = slot
            self.notify(f"Press d again to delete '{slot}'.", severity="warning")
            return
        self._armed_delete = None
        try:
            self.io.store.delete(slot)
        except SaveError as exc:
            self.notify(plain(str(exc)).plain, severity="error")
            return
        slots.remove_option(slot)
        self.notify(f"Deleted '{slot}'.")
