"""The app's actions that open screens (keys, the palette, the menus): each makes the screen's data
and turns its dismiss() result into a session call. Part of IOApp (game/ui/app.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.notifications import SeverityLevel

from game.ui.parts import AppParts
from game.ui.text import plain
from game.ui.theme import THEMES

if TYPE_CHECKING:
    from game.engine import Story
    from game.ui.screens.settings import SettingsScreen


class ScreenActions(AppParts):
    """Telling the player things, settings, and the actions that open screens."""

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme:
            self.settings.theme = theme
            self.save_settings()

    def on_settings_screen_changed(self, message: SettingsScreen.Changed) -> None:
        self.settings = message.settings
        self.animation_level = "none" if self.settings.reduced_motion else "full"
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.save_settings()

    def save_settings(self) -> None:
        try:
            self.settings.save(self.ui_folder)
        except OSError as exc:
            self.say(Content.assemble("Could not save the settings: ", plain(exc.strerror or str(exc))), "warning")

    def say(self, message: str | Content, severity: SeverityLevel = "information") -> None:
        """Tell the player something. A str is the app's own words (markup allowed); anything quoting
        a file, a save or the world comes as Content built with plain(), never parsed as markup.

        A screen with a Notice shows it there, where it hides nothing; other screens get a toast.
        """
        # After the next refresh: a screen pushed a moment ago has composed its Notice by then.
        self.call_after_refresh(self._say_now, message, severity)

    def _say_now(self, message: str | Content, severity: SeverityLevel) -> None:
        from game.ui.widgets.notice import Notice

        notices, timeout = self.screen.query(Notice), 8 if severity == "error" else 4
        if notices:
            notices.first().show(Content.from_markup(message) if isinstance(message, str) else message, severity)
        elif isinstance(message, str):
            self.notify(message, severity=severity, timeout=timeout)
        else:
            self.notify(message.plain, severity=severity, markup=False, timeout=timeout)

    async def action_quit(self) -> None:
        story = self.story
        if story is not None and story.steps and not story.is_over:
            self.session.autosave()  # the time played so far
        self.exit(0)

    def action_help_quit(self) -> None:
        # ctrl+c, pressed by reflex: say how to quit instead of Textual's message about ctrl+q.
        self.say("Press [b]q[/b] to quit (your run is saved); [b]escape[/b] goes back.")

    def _story(self) -> Story:
        """The run in progress, where the caller knows there is one."""
        assert self.story is not None, "no run in progress"
        return self.story

    def _playing(self) -> Story | None:
        if self.story is None:
            self.say("Start a new game or continue one first.")
        return self.story

    def action_help(self) -> None:
        from game.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(dev=self.dev, web=self.is_web))

    def action_save(self) -> None:
        if (story := self._playing()) is not None:
            from game.ui.screens.saves import SaveScreen
            from game.ui.views import suggested_slot

            screen = SaveScreen(self.store, self.world.id, suggested_slot(story), self.session.save)
            self.push_screen(screen, self._saved)

    def _saved(self, slot: str | None) -> None:
        if slot:
            self.say(Content.assemble("Saved as ", plain(f"'{slot}'", "bold"), "."))

    def action_load(self) -> None:
        from game.ui.screens.saves import LoadScreen
        from game.ui.views import open_hint

        def hint(world_id: str) -> str:
            return open_hint(self.world_path, world_id, web=self.is_web)

        self.push_screen(LoadScreen(self.store, self.world.id, hint), self._load_chosen)

    def _load_chosen(self, slot: str | None) -> None:
        if slot:
            self.load_slot(slot)

    def action_journal(self) -> None:
        if (story := self._playing()) is not None:
            from game.ui.screens.journal import JournalScreen
            from game.ui.views import status_numbers

            self.push_screen(JournalScreen(self.session.journal(), status_numbers(story)))

    def action_undo(self) -> None:
        if self._playing() is not None and self.session.undo():
            self.show_game()
            self.say("Took back the last choice.")

    def action_replay(self) -> None:
        if (story := self._playing()) is not None:
            from game.ui.screens.replay import ReplayScreen

            self.push_screen(ReplayScreen(self.world, story.run), self._forked)

    def _forked(self, story: Story | None) -> None:
        if story is not None:
            self.session.fork(story)
            self.show_game()
            self.say(f"Playing on from step {len(story.steps)}.")

    def action_story_map(self) -> None:
        if (story := self._playing()) is not None:
            from game.ui.screens.storymap import StoryMapScreen
            from game.ui.storymap import build

            self.push_screen(StoryMapScreen(self.world.title, build(self.world, story.run)))

    def action_endings(self) -> None:
        from game.ui.screens.endings import EndingsScreen
        from game.ui.views import endings

        self.push_screen(EndingsScreen(self.world.title, endings(self.world, self.store)))

    def action_settings(self) -> None:
        from game.ui.screens.settings import SettingsScreen

        ours = [theme.name for theme in THEMES]
        themes = ours + sorted(name for name in self.available_themes if name not in ours and name != "textual-ansi")
        self.push_screen(SettingsScreen(self.settings, themes))
