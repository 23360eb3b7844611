"""Settings that matter to players: text speed, theme (a high-contrast one among them), reduced motion.

Data comes in through the constructor; every change goes out at once as a Changed message (the app
applies it and keeps it in the player's own folder, so a browser player's settings are theirs).
"""

from __future__ import annotations

from typing import ClassVar

from msgspec.structs import replace
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, RadioButton, RadioSet, Static, Switch
from textual.widgets.option_list import Option

from game.ui.prefs import Settings


class SettingsScreen(ModalScreen[None]):
    CSS_PATH = "../screens.tcss"  # read when a screen of this kind is first shown
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close", id="close")]

    class Changed(Message):
        def __init__(self, settings: Settings) -> None:
            super().__init__()
            self.settings = settings

    def __init__(self, settings: Settings, themes: list[str]) -> None:
        super().__init__()
        self.settings = replace(settings)
        self.themes = themes

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-box", classes="dialog"):
            yield Static(Content.styled("Settings", "bold $primary"), markup=False)
            yield Static("Text speed", classes="label", markup=False)
            with RadioSet(id="speed"):
                yield RadioButton(
                    "Typewriter: the narration appears gently", value=self.settings.reveal, id="typewriter"
                )
                yield RadioButton("Instant: all of it at once", value=not self.settings.reveal, id="instant")
            with Horizontal(id="motion-row"):
                yield Switch(value=self.settings.reduced_motion, id="reduced-motion")
                yield Static("Reduced motion (no typewriter, no animation)", classes="label", markup=False)
            yield Static("Theme", classes="label", markup=False)
            themes = OptionList(*[Option(name, id=name) for name in self.themes], id="themes")
            if self.settings.theme in self.themes:
                themes.highlighted = self.themes.index(self.settings.theme)
            yield themes
        yield Footer()

    def _changed(self) -> None:
        self.post_message(self.Changed(replace(self.settings)))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.settings.reveal = event.pressed.id == "typewriter"
        self._changed()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.settings.reduced_motion = event.value
        self._changed()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            self.settings.theme = event.option_id
            self._changed()
