"""Settings: the narration's reveal and the theme; kept in the saves folder."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static, Switch
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from game.ui.app import IOApp


class SettingsScreen(ModalScreen[None]):
    CSS_PATH = "../screens.tcss"  # read when a screen of this kind is first shown
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close", id="close")]

    @property
    def io(self) -> IOApp:
        from game.ui.app import IOApp

        assert isinstance(self.app, IOApp)
        return self.app

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-box", classes="dialog"):
            yield Static(Content.styled("Settings", "bold $primary"), markup=False)
            with Horizontal(id="reveal-row"):
                yield Switch(value=self.io.settings.reveal, id="reveal")
                yield Static("Reveal narration gently (off: all at once)", classes="label", markup=False)
            yield Static("Theme", classes="label", markup=False)
            names = sorted(self.io.available_themes)
            themes = OptionList(*[Option(name, id=name) for name in names], id="themes")
            if self.io.theme in names:
                themes.highlighted = names.index(self.io.theme)
            yield themes
        yield Footer()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.io.settings.reveal = event.value
        self.io.save_settings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            self.io.theme = event.option_id  # the app's theme watcher saves it
