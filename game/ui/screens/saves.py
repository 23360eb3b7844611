"""Save and load dialogs: named slots with scene, date, time played and whether the run ended.

Data comes in through the constructors (the store, this world's id, how to write); results go out
through dismiss(): the slot saved, or the slot to load. Neither imports the app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from game.saves import SaveError, SaveInfo, SaveStore, clean_slot, is_game_slot
from game.ui.text import duration, plain
from game.ui.widgets.notice import Notice


def ordered(infos: list[SaveInfo], world_id: str) -> list[SaveInfo]:
    """This world's saves first, then other worlds', then the unreadable ones; newest first in each."""
    return sorted(infos, key=lambda info: (info.broken, info.world_id != world_id))  # sort is stable


def describe(info: SaveInfo, world_id: str, open_hint: Callable[[str], str]) -> Content:
    """Two lines for a slot: its name and scene, then date, time played and progress."""
    name = Content.styled(info.slot, "bold $accent")
    if info.broken:
        # The file's name is enough here: the folder is the same for every slot.
        error = (info.error or "").replace(str(info.path), info.path.name)
        return Content.assemble(name, "\n  ", Content.styled("cannot be read: ", "$text-error"), plain(error))
    when = info.updated.astimezone().strftime("%Y-%m-%d %H:%M")
    plural = "" if info.steps == 1 else "s"
    progress = Content(f"{info.steps} choice{plural} in")
    state = Content.assemble("ended: ", plain(info.ending, "bold")) if info.ending else progress
    lines = [
        Content.assemble(name, "  ", plain(info.scene_title)),
        Content.assemble(
            "  ", Content.styled(f"{when} · played {duration(info.played_seconds)} · ", "$text-muted"), state
        ),
    ]
    if info.world_id != world_id:
        other = Content.assemble("  another world: ", plain(info.world_title or info.world_id, "bold"), " · ")
        lines.append(Content.assemble(other, plain(open_hint(info.world_id))).stylize("$text-muted"))
    return Content("\n").join(lines)


class SaveScreen(ModalScreen[str | None]):
    """Name a slot (the scene's name suggested) or pick one to overwrite; dismisses with the slot saved."""

    CSS_PATH = "../screens.tcss"  # read when a screen of this kind is first shown
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Cancel", id="cancel")]

    def __init__(self, store: SaveStore, world_id: str, suggested: str, write: Callable[[str], SaveInfo]) -> None:
        super().__init__()
        self.store, self.world_id, self.write = store, world_id, write
        self.suggested = suggested
        self._armed: str | None = None  # the existing slot a first Enter asked about

    def compose(self) -> ComposeResult:
        infos = [info for info in ordered(self.store.list(), self.world_id) if not is_game_slot(info.slot)]
        with Vertical(id="save-box", classes="dialog"):
            yield Static(Content.styled("Save this run", "bold $primary"), markup=False)
            hint = "Type a name for a new slot, or pick one below to overwrite it; Enter saves."
            yield Static(hint if infos else "Type a name for the slot; Enter saves.", markup=False)
            # The suggestion is selected on focus: typing replaces it.
            yield Input(self.suggested, placeholder="slot name, e.g. before-the-launch", id="slot-name")
            yield Notice(id="dialog-notice")
            slots = OptionList(*[self._option(info) for info in infos], id="slots")
            slots.display = bool(infos)  # no empty box when there is nothing to overwrite
            yield slots
        yield Footer()

    def _option(self, info: SaveInfo) -> Option:
        return Option(describe(info, self.world_id, lambda world: f"a save of the world '{world}'"), id=info.slot)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id and event.option_list.has_focus:  # not the list's first highlight on mount
            self.query_one(Input).value = event.option_id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            self._save(event.option_id)

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._armed = None  # a new name: an overwrite must be asked about again

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._save(event.value)

    def _save(self, name: str) -> None:
        notice = self.query_one(Notice)
        try:
            slot = clean_slot(name)
            if is_game_slot(slot):
                raise SaveError(f"'{slot}' is a name the game keeps for itself; choose another name")
            if self.store.exists(slot) and self._armed != slot:
                self._armed = slot
                asked = Content.assemble(plain(f"'{slot}'", "bold"), " already holds a save. ")
                notice.show(Content.assemble(asked, "Enter again to overwrite it, or type another name."), "warning")
                return
            info = self.write(slot)
        except SaveError as exc:
            notice.show(Content.assemble(Content.styled("Not saved: ", "bold"), plain(str(exc))), "error")
            return
        self.dismiss(info.slot)


class LoadScreen(ModalScreen[str | None]):
    """Every save in the folder; dismisses with the slot to load (one of this world's, readable)."""

    CSS_PATH = "../screens.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel", id="cancel"),
        Binding("d", "delete", "Delete", id="delete"),
    ]

    def __init__(self, store: SaveStore, world_id: str, open_hint: Callable[[str], str]) -> None:
        super().__init__()
        self.store, self.world_id, self.open_hint = store, world_id, open_hint
        self._armed_delete: str | None = None  # the slot a first press of d asked about
        self.infos = {info.slot: info for info in ordered(self.store.list(), world_id)}

    def compose(self) -> ComposeResult:
        with Vertical(id="load-box", classes="dialog"):
            yield Static(Content.styled("Load a run", "bold $primary"), markup=False)
            options = [Option(describe(i, self.world_id, self.open_hint), id=i.slot) for i in self.infos.values()]
            if not options:
                yield Static("No saves yet.", id="no-saves", markup=False)
            yield Notice(id="dialog-notice")
            slots = OptionList(*options, id="slots")
            slots.display = bool(options)
            yield slots
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#slots", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        info = self.infos.get(event.option_id or "")
        if info is None:
            return
        notice = self.query_one(Notice)
        if info.broken:
            notice.show(
                Content("This save cannot be read (the reason is listed); press d twice to delete it."), "error"
            )
        elif info.world_id != self.world_id:
            world = plain(info.world_title or info.world_id, "bold")
            notice.show(Content.assemble("This is a save of ", world, ": ", plain(self.open_hint(info.world_id))))
        else:
            self.dismiss(info.slot)

    def action_delete(self) -> None:
        slots = self.query_one("#slots", OptionList)
        if slots.highlighted is None:
            return
        slot = slots.get_option_at_index(slots.highlighted).id
        if slot is None:
            return
        notice = self.query_one(Notice)
        if self._armed_delete != slot:  # a save is deleted only by pressing d twice on it
            self._armed_delete = slot
            notice.show(Content.assemble("Press d again to delete ", plain(f"'{slot}'", "bold"), "."), "warning")
            return
        self._armed_delete = None
        try:
            self.store.delete(slot)
        except SaveError as exc:
            notice.show(plain(str(exc)), "error")
            return
        slots.remove_option(slot)
        self.infos.pop(slot, None)
        notice.show(Content.assemble("Deleted ", plain(f"'{slot}'", "bold"), "."))
