"""The Textual app: screens over one Story. The app holds no game state of its own.

Everything shown is derived from `self.story` (a game.engine.Story); playing is `story.choose()`;
undo is a replay of the run without its last step. Saves go through game.saves.SaveStore.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Coroutine, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.geometry import Size

from game.engine import Story
from game.engine.story import ReplayDivergence
from game.saves import SaveError, SaveStore, resume
from game.textsafe import clean
from game.ui.prefs import ReadMemory, Settings
from game.ui.theme import IO_THEME
from game.world import World, WorldError, load_world
from game.world.expr import Value

if TYPE_CHECKING:
    from game.ui.screens.game import GameScreen

MIN_WIDTH = 80
MIN_HEIGHT = 24
POLL_SECONDS = 0.5  # --dev: how often the world's files are checked for changes


class GameCommands(Provider):
    """Command palette entries for the game: save, load, journal, undo, replay, settings, theme."""

    def _commands(self) -> list[tuple[str, str, str]]:
        return [
            ("Save", "Save this run in a named slot", "save"),
            ("Load", "Load a saved run", "load"),
            ("Journal", "Read the run so far", "journal"),
            ("Undo", "Take back the last choice", "undo"),
            ("Replay", "Replay this run step by step", "replay"),
            ("Settings", "Reveal of narration, theme", "settings"),
            ("Theme", "Change the colour theme", "change_theme"),
            ("Help", "Keys and how to play", "help"),
        ]

    async def discover(self) -> Hits:
        app = self.app
        assert isinstance(app, IOApp)
        for name, help_text, action in self._commands():
            yield DiscoveryHit(name, app.runner(action), help=help_text)

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, IOApp)
        matcher = self.matcher(query)
        for name, help_text, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), app.runner(action), help=help_text)


class IOApp(App[int]):
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {GameCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("f5", "reload", "Reload", id="reload", show=False),
    ]

    def __init__(
        self,
        world: World,
        *,
        seed: int,
        saves_dir: Path,
        dev: bool = False,
        start: str | None = None,
        overrides: Sequence[tuple[str, Value]] = (),
        namespace: str | None = None,
        reveal: bool | None = None,
    ) -> None:
        super().__init__()
        self.world = world
        self.seed = seed
        self.dev = dev
        self.start_scene = start
        self.overrides = tuple(overrides)
        self.store = SaveStore(saves_dir, namespace)
        self.ui_folder = self.store.folder / ".ui"
        self.settings = Settings.load(self.ui_folder)
        if reveal is not None:  # tests turn the reveal off without touching the settings file
            self.settings.reveal = reveal
        self.read_memory = ReadMemory(self.ui_folder, world.id)
        self.story: Story | None = None
        self.load_errors: list[str] = []  # --dev: the last reload's errors, shown in a panel
        self._games = 0
        self._played_before = 0.0  # time played in this run before this session (from its save)
        self._clock = time.monotonic()
        self._mtimes: dict[Path, float] = {}
        self.title = clean(world.title)
        self.register_theme(IO_THEME)
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else IO_THEME.name

    # --- start-up -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        from game.ui.screens.title import TitleScreen

        self.push_screen(TitleScreen())
        if self.dev:
            self._mtimes = self._world_mtimes()
            self.set_interval(POLL_SECONDS, self._poll_world)
        self._check_size(self.size)

    def on_resize(self, event: events.Resize) -> None:
        # This runs before App's own handler records the new size: use the event's.
        self._check_size(event.size)

    def _check_size(self, size: Size) -> None:
        from game.ui.screens.small import TooSmallScreen

        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme:
            self.settings.theme = theme
            self.save_settings()

    def save_settings(self) -> None:
        try:
            self.settings.save(self.ui_folder)
        except OSError as exc:
            self.notify(f"Could not save the settings: {clean(exc.strerror or str(exc))}", severity="warning")

    # --- the story ------------------------------------------------------------------------------

    def played_seconds(self) -> float:
        return self._played_before + (time.monotonic() - self._clock)

    def _set_story(self, story: Story, played_before: float = 0.0) -> None:
        if self.story is not None and self.story is not story:
            self.story.close()
        self.story = story
        self._played_before = played_before
        self._clock = time.monotonic()

    def new_game(self) -> None:
        # The first game uses the seed given (tests and `--seed` rely on it); later ones move on.
        seed = (self.seed + self._games) % 2**63
        self._games += 1
        try:
            story = Story(self.world, seed, start=self.start_scene, overrides=self.overrides)
        except ValueError as exc:
            self.notify(f"Cannot start: {clean(str(exc))}", severity="error")
            return
        self._set_story(story)
        self.show_game()

    def continue_game(self) -> None:
        info = self.store.latest()
        if info is None:
            self.notify("No saved run to continue yet.", severity="warning")
            return
        self.load_slot(info.slot)

    def load_slot(self, slot: str) -> bool:
        """Resume a save; a broken one gets a notice, never a traceback."""
        try:
            save = self.store.read(slot, self.world)
            story, divergence = resume(self.world, save)
        except SaveError as exc:
            self.notify(clean(str(exc)), title="This save cannot be loaded", severity="error", timeout=10)
            return False
        self._set_story(story, save.info.played_seconds)
        if divergence is not None:
            self.notify(
                f"The world has changed since this save; resumed before step {divergence.index} "
                f"({clean(divergence.reason)}).",
                severity="warning",
                timeout=10,
            )
        self.show_game()
        return True

    def show_game(self) -> None:
        """Show the game screen over the title, dropping any screens between them."""
        from game.ui.screens.game import GameScreen
        from game.ui.screens.title import TitleScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen | GameScreen):
            self.pop_screen()
        if isinstance(self.screen, GameScreen):
            self.screen.refresh_story()
        else:
            self.push_screen(GameScreen())

    @property
    def game_screen(self) -> GameScreen | None:
        from game.ui.screens.game import GameScreen

        for screen in self.screen_stack:
            if isinstance(screen, GameScreen):
                return screen
        return None

    def choose(self, choice_id: str) -> None:
        """Play a choice: autosave, remember an ending, show the ending screen when the run ends."""
        story = self.story
        if story is None:
            return
        before = dict(story.variables)
        choice = story.choose(choice_id)
        self.autosave()
        screen = self.game_screen
        if screen is not None:
            screen.refresh_story(before=before, chosen=choice.text)
        if story.is_over:
            try:
                self.store.record_ending(self.world, story.state)
            except SaveError as exc:
                self.notify(clean(str(exc)), severity="warning")
            from game.ui.screens.ending import EndingScreen

            self.push_screen(EndingScreen())

    def autosave(self) -> None:
        if self.story is None:
            return
        try:
            self.store.autosave(self.story, self.played_seconds())
        except SaveError as exc:
            self.notify(clean(str(exc)), title="Autosave failed", severity="warning")

    def undo(self) -> None:
        story = self.story
        if story is None:
            return
        run = story.run
        if not run.steps:
            self.notify("Nothing to undo: this is the start of the run.")
            return
        # The run's state is a function of its choices: undo is a replay without the last one.
        previous = Story.from_run(self.world, run.truncated(len(run.steps) - 1))
        self._set_story(previous, self.played_seconds())
        self.autosave()
        self.show_game()
        self.notify("Took back the last choice.")

    def fork(self, story: Story) -> None:
        """Play on from a story made elsewhere (the replay screen's fork)."""
        self._set_story(story, 0.0)
        self.autosave()
        self.show_game()

    def journal_entries(self) -> list[tuple[str, str, str | None]]:
        """The run so far as (scene title, narration, choice text or None), by replaying it."""
        story = self.story
        if story is None:
            return []
        entries: list[tuple[str, str, str | None]] = []
        with Story(self.world, story.seed, start=story.start, overrides=story.overrides) as replay:
            for step in story.steps:
                scene = replay.scene
                narration = replay.narration()
                choice = replay.choose(step.choice)
                entries.append((scene.title, narration, choice.text))
            entries.append((replay.scene.title, replay.narration(), None))
        return entries

    # --- hot reload (--dev) ---------------------------------------------------------------------

    def _world_files(self) -> Iterable[Path]:
        folder = self.world.path
        yield folder / "world.yaml"
        yield from sorted((folder / "scenes").glob("*.yaml"))

    def _world_mtimes(self) -> dict[Path, float]:
        found: dict[Path, float] = {}
        for path in self._world_files():
            try:
                found[path] = path.stat().st_mtime
            except OSError:
                continue
        return found

    def _poll_world(self) -> None:
        mtimes = self._world_mtimes()
        if mtimes != self._mtimes:
            self._mtimes = mtimes
            self.reload_world()

    def action_reload(self) -> None:
        self._mtimes = self._world_mtimes()
        self.reload_world()

    def reload_world(self) -> None:
        """Load the world again and replay the run onto it; on errors keep playing the old one."""
        try:
            world = load_world(self.world.path)
        except WorldError as exc:
            self.load_errors = [clean(str(diagnostic)) for diagnostic in exc.diagnostics] or [clean(str(exc))]
            self._show_errors()
            self.notify("The world has errors; still playing the last good version.", severity="error")
            return
        self.load_errors = []
        old = self.story
        self.world = world
        self.read_memory = ReadMemory(self.ui_folder, world.id)
        if old is not None:
            run = old.run
            try:
                story = Story.from_run(world, run)
            except ReplayDivergence as exc:
                story = Story.from_run(world, run, upto=exc.index - 1)
                self.notify(f"Reloaded; the run now stops before step {exc.index}: {clean(exc.reason)}", timeout=8)
            except ValueError as exc:  # the --from scene or a --set variable is gone
                self.load_errors = [f"cannot replay the run on the new world: {clean(str(exc))}"]
                self.world = old.world
                self._show_errors()
                return
            else:
                self.notify("Reloaded the world.")
            self._set_story(story, self.played_seconds())
        self._show_errors()
        screen = self.game_screen
        if screen is not None:
            screen.refresh_story()

    def _show_errors(self) -> None:
        screen = self.game_screen
        if screen is not None:
            screen.show_errors(self.load_errors)

    # --- actions (keys, palette) ----------------------------------------------------------------

    def runner(self, action: str) -> partial[Coroutine[Any, Any, bool]]:
        """A palette callback that runs one of the app's actions by name."""
        return partial(self.run_action, action)

    def _need_story(self) -> bool:
        if self.story is None:
            self.notify("Start a new game or continue one first.")
            return False
        return True

    def action_help(self) -> None:
        from game.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_save(self) -> None:
        if self._need_story():
            from game.ui.screens.saves import SaveScreen

            self.push_screen(SaveScreen())

    def action_load(self) -> None:
        from game.ui.screens.saves import LoadScreen

        self.push_screen(LoadScreen())

    def action_journal(self) -> None:
        if self._need_story():
            from game.ui.screens.journal import JournalScreen

            self.push_screen(JournalScreen())

    def action_undo(self) -> None:
        if self._need_story():
            self.undo()

    def action_replay(self) -> None:
        if self._need_story():
            from game.ui.screens.replay import ReplayScreen

            self.push_screen(ReplayScreen())

    def action_settings(self) -> None:
        from game.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def on_unmount(self) -> None:
        if self.story is not None:
            self.story.close()


def run_app(
    world_path: Path,
    *,
    seed: int,
    saves_dir: Path,
    dev: bool,
    start: str | None,
    overrides: list[tuple[str, int | bool | str]],
    namespace: str | None = None,
) -> int:
    """Play in the terminal. Returns the exit code (1 when the world has errors)."""
    try:
        world = load_world(world_path)
    except WorldError as exc:
        for diagnostic in exc.diagnostics:
            print(clean(str(diagnostic)), file=sys.stderr)
        print(f"io-game: the world at {clean(str(world_path))} has errors; fix them and try again", file=sys.stderr)
        return 1
    if start is not None and start not in world.scenes:
        print(f"io-game: no scene '{clean(start)}' in {clean(str(world_path))}", file=sys.stderr)
        return 2
    app = IOApp(world, seed=seed, saves_dir=saves_dir, dev=dev, start=start, overrides=overrides, namespace=namespace)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
