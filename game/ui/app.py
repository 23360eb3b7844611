"""The Textual app: screens over one Story. The app holds no game state of its own.

Everything shown is derived from `self.story` (a game.engine.Story); playing is `story.choose()`;
undo is a replay of the run without its last step. Saves go through game.saves.SaveStore.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from game.support.textsafe import clean
from game.ui.prefs import PlayingMarker, ReadMemory, Settings, TakenMemory
from game.ui.text import plain, read_small_text
from game.ui.theme import IO_THEME, THEMES

# The engine, the saves and most screens are imported when first needed: start-up is measured
# to the title screen, and transitions, the save format and the game screen are not needed there.
if TYPE_CHECKING:
    from game.engine import Story
    from game.play.session import Notice as PlayNotice
    from game.play.session import Session
    from game.saves import SaveStore
    from game.ui.screens.game import GameScreen
    from game.ui.screens.settings import SettingsScreen
    from game.ui.screens.title import TitleScreen
    from game.world import World
    from game.world.expr import Value

MIN_WIDTH = 80
MIN_HEIGHT = 24
POLL_SECONDS = 0.5  # --dev: how often the world's files are checked for changes


MAX_HEADER_BYTES = 1 << 20  # a world.yaml is a few hundred bytes; anything this big waits for the loader


def read_header(folder: Path) -> tuple[str, str]:
    """The world's title and description from world.yaml alone, for the title screen's first paint.

    Only the parser's events are read (nothing is constructed, so aliases cannot blow up), and only
    plain top-level text values; anything unusual gives the folder's name. The full load, a moment
    later, checks everything and reports any error. (Importing game.world's loader here would cost
    ~90 ms of start-up, a third of Textual's own.)
    """
    text = read_small_text(folder / "world.yaml", MAX_HEADER_BYTES)
    if text is None:
        return folder.name, ""
    import yaml

    found: dict[str, str] = {}
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        depth = 0
        key: str | None = None  # the top-level key whose value comes next, if any
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) or getattr(event, "tag", None):
                return folder.name, ""  # the loader refuses these; let it say why
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                key = None
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent) and depth == 1:
                if key is None:
                    key = event.value
                else:
                    if key in ("title", "description"):
                        found.setdefault(key, event.value)
                    key = None
    except yaml.YAMLError:
        return folder.name, ""
    return found.get("title", folder.name), found.get("description", "")


class IOApp(App[int]):
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),  # the same key on every screen (ctrl+q is the browser's)
        Binding("f5", "reload", "Reload", id="reload", show=False),
    ]

    def __init__(
        self,
        world: World | Path,
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
        # Given a folder, the world is loaded in a thread once the title is on screen (its title
        # is read from world.yaml alone); given a World (tests, tools), it is used as it is.
        self._world: World | None = None
        self.world_errors: list[str] = []  # why the world did not load (shown on the title)
        self._pending: str | None = None  # a menu choice made while the world was loading
        if isinstance(world, Path):
            self.world_path = world
            self.header = read_header(world)
        else:
            self.world_path = world.path
            self.header = (world.title, world.description)
        self.seed = seed
        self.dev = dev
        self.start_scene = start
        self.overrides = tuple(overrides)
        self.saves_dir = saves_dir
        self.namespace = namespace
        self._store: SaveStore | None = None
        self.ui_folder = saves_dir / ".ui" / re.sub(r"[^a-z0-9_-]+", "-", (namespace or "default").lower())
        self.settings = Settings.load(self.ui_folder)
        if reveal is not None:  # tests turn the reveal off without touching the settings file
            self.settings.reveal = reveal
        self.read_memory: ReadMemory | None = None
        self.taken_memory: TakenMemory | None = None
        self._session: Session | None = None  # made when the world is loaded
        self.load_errors: list[str] = []  # --dev: the last reload's errors, shown in a panel
        self._mtimes: dict[Path, float] = {}
        self.title = clean(self.header[0])
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else IO_THEME.name
        self.animation_level = "none" if self.settings.reduced_motion else "full"
        if not isinstance(world, Path):
            self._set_world(world)

    # --- the world ------------------------------------------------------------------------------

    @property
    def world(self) -> World:
        """The loaded world; check `world_ready` first where it may still be loading."""
        if self._world is None:
            raise RuntimeError("the world is not loaded yet")
        return self._world

    @property
    def world_ready(self) -> bool:
        return self._world is not None

    def _set_world(self, world: World) -> None:
        self._world = world
        self.world_errors = []
        self.header = (world.title, world.description)
        self.title = clean(world.title)
        self.read_memory = ReadMemory(self.ui_folder, world.id)
        self.taken_memory = TakenMemory(self.ui_folder, world.id)

    class WorldLoaded(Message):
        def __init__(self, world: World) -> None:
            super().__init__()
            self.world = world

    class WorldFailed(Message):
        def __init__(self, errors: list[str]) -> None:
            super().__init__()
            self.errors = errors

    class SavesScanned(Message):
        def __init__(self, can_continue: bool) -> None:
            super().__init__()
            self.can_continue = can_continue

    def _load(self) -> None:
        """Thread worker, started after the title's first paint: the world, then its saves."""
        world = self._world
        if world is None:
            from game.world import WorldError, load_world

            try:
                world = load_world(self.world_path)
            except WorldError as exc:
                errors = [clean(str(diagnostic)) for diagnostic in exc.diagnostics] or [clean(str(exc))]
                self.post_message(self.WorldFailed(errors))
                return
            self.post_message(self.WorldLoaded(world))
        self.post_message(self.SavesScanned(self.store.latest(world) is not None))

    def on_ioapp_world_loaded(self, message: WorldLoaded) -> None:
        self._set_world(message.world)
        self._refresh_title()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.call_later(self.menu, pending)

    def on_ioapp_world_failed(self, message: WorldFailed) -> None:
        self._world_failed(message.errors)

    def _world_failed(self, errors: list[str]) -> None:
        self.world_errors = errors
        self._pending = None
        self._refresh_title()

    def on_ioapp_saves_scanned(self, message: SavesScanned) -> None:
        title = self.title_screen
        if title is not None:
            title.show_menu(message.can_continue)
        if message.can_continue and self.story is None and PlayingMarker(self.ui_folder, self.world.id).is_set:
            self.continue_game()  # the tab was reloaded or the terminal closed mid-run: back to it

    def on_title_screen_shown(self, _message: TitleScreen.Shown) -> None:
        title = self.title_screen
        if title is not None and self.world_ready:
            title.show_menu(self.store.latest(self.world) is not None)

    def on_title_screen_chosen(self, message: TitleScreen.Chosen) -> None:
        self.menu(message.item)

    @property
    def title_screen(self) -> TitleScreen | None:
        from game.ui.screens.title import TitleScreen

        return next((s for s in self.screen_stack if isinstance(s, TitleScreen)), None)

    def _refresh_title(self) -> None:
        title = self.title_screen
        if title is not None:
            hint = "Fix the files; the game reloads them." if self.dev else "Fix the files and start again."
            title.set_heading(self.header[0], self.header[1], self.world_errors, hint)

    def menu(self, what: str) -> None:
        """A title menu choice; those that need the world wait for it to load."""
        if what == "quit":
            self.exit(0)  # nothing to save on the title
            return
        if what == "settings":
            self.action_settings()
            return
        if self.world_errors:
            self.say("The world has errors (listed on the title screen); fix them first.", "error")
            return
        if not self.world_ready:
            self._pending = what
            return
        if what == "new":
            self.new_game()
        elif what == "continue":
            self.continue_game()
        elif what == "load":
            self.action_load()
        elif what == "endings":
            self.action_endings()

    @property
    def store(self) -> SaveStore:
        if self._store is None:
            from game.saves import SaveStore

            self._store = SaveStore(self.saves_dir, self.namespace)
        return self._store

    # --- start-up -------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        # The title is the first screen painted: no empty screen first, then a push.
        from game.ui.screens.title import TitleScreen, read_title_art

        return TitleScreen(self.header[0], self.header[1], read_title_art(self.world_path))

    def on_mount(self) -> None:
        # The world loads (and the saves are read) after the first paint, so the title appears at once.
        self.call_after_refresh(self.run_worker, self._load, thread=True, group="load")
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
            self.push_screen(TooSmallScreen(Size(MIN_WIDTH, MIN_HEIGHT), web=self.is_web))
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
            self.say(Content.assemble("Could not save the settings: ", plain(exc.strerror or str(exc))), "warning")

    # --- the story ------------------------------------------------------------------------------

    def say(self, message: str | Content, severity: SeverityLevel = "information") -> None:
        """Tell the player something. A str is the app's own words (markup allowed); anything quoting
        a file, a save or the world comes as Content built with plain(), never parsed as markup.

        A screen with a Notice shows it there, where it hides nothing; other screens get a toast.
        """

        # After the next refresh: a screen pushed a moment ago has composed its Notice by then.
        self.call_after_refresh(self._say_now, message, severity)

    def _say_now(self, message: str | Content, severity: SeverityLevel) -> None:
        from game.ui.widgets.notice import Notice

        notices = self.screen.query(Notice)
        timeout = 8 if severity == "error" else 4
        if notices:
            notices.first().show(Content.from_markup(message) if isinstance(message, str) else message, severity)
        elif isinstance(message, str):
            self.notify(message, severity=severity, timeout=timeout)
        else:
            self.notify(message.plain, severity=severity, markup=False, timeout=timeout)

    # --- the run in progress: a play Session (game/play/session.py) ------------------------

    @property
    def session(self) -> Session:
        if self._session is None:
            from game.play.session import Session

            self._session = Session(
                self.world,
                self.store,
                seed=self.seed,
                start=self.start_scene,
                overrides=self.overrides,
                notify=self._notice,
            )
        return self._session

    @property
    def story(self) -> Story | None:
        return self._session.story if self._session is not None else None

    def _notice(self, notice: PlayNotice) -> None:
        self.say(Content.assemble(notice.text, plain(notice.detail)), notice.level)

    def played_seconds(self) -> float:
        return self.session.played_seconds()

    def new_game(self) -> None:
        if self.session.new_game():
            self.show_game()

    def continue_game(self) -> None:
        if self.session.continue_game():
            self.show_game()

    def load_slot(self, slot: str) -> bool:
        """Resume a save; a broken one gets a notice, never a traceback."""
        if not self.session.load(slot):
            return False
        self.show_game()
        return True

    def show_game(self) -> None:
        """Show the game screen over the title, dropping any screens between them; a run that has
        ended opens on its ending screen (with New game and Replay), not on a scene with no way on."""
        from game.ui.screens.game import GameScreen
        from game.ui.screens.title import TitleScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen | GameScreen):
            self.pop_screen()
        if isinstance(self.screen, GameScreen):
            self.screen.refresh_story()
        else:
            self.push_screen(GameScreen(), self._left_game)
        PlayingMarker(self.ui_folder, self.world.id).set(True)
        if self.story is not None and self.story.is_over:
            self.show_ending()

    def _left_game(self, _result: None) -> None:
        """Back on the title by the player's own choice: the next start opens on the title too."""
        PlayingMarker(self.ui_folder, self.world.id).set(False)

    def show_ending(self) -> None:
        from game.ui.screens.ending import EndingScreen
        from game.ui.storymap import show_value
        from game.ui.text import duration

        story = self.story
        if story is None or story.ending is None:
            return
        world = story.world
        summary = [
            Content(
                f"{story.step_count} choice{'' if story.step_count == 1 else 's'}, {len(story.visits)} places, "
                f"played {duration(self.played_seconds())}"
            )
        ]
        summary += [
            Content.assemble(
                plain(world.variables[name].label), ": ", plain(show_value(world, name, story.variables[name]))
            )
            for name in world.status
        ]
        screen = EndingScreen(story.ending.title, story.narration(), summary, self.endings_list())
        self.push_screen(screen, self._ending_left)

    def _ending_left(self, where: str | None) -> None:
        if where == "new":
            self.new_game()
        elif where == "title":
            from game.ui.screens.title import TitleScreen

            while not isinstance(self.screen, TitleScreen) and len(self.screen_stack) > 1:
                self.pop_screen()
            self._left_game(None)

    def endings_list(self) -> list[tuple[str, bool]]:
        """This world's endings in its order: (title, found in any run)."""
        found = self.store.endings_found(self.world)
        return [(scene.ending.title, scene.id in found) for scene in self.world.endings if scene.ending is not None]

    def action_endings(self) -> None:
        from game.ui.screens.endings import EndingsScreen

        self.push_screen(EndingsScreen(self.world.title, self.endings_list()))

    def action_story_map(self) -> None:
        story = self.story
        if story is None or not self._need_story():
            return
        from game.ui.screens.storymap import StoryMapScreen
        from game.ui.storymap import build

        self.push_screen(StoryMapScreen(self.world.title, build(self.world, story.run)))

    @property
    def game_screen(self) -> GameScreen | None:
        from game.ui.screens.game import GameScreen

        for screen in self.screen_stack:
            if isinstance(screen, GameScreen):
                return screen
        return None

    def choose(self, choice_id: str) -> None:
        """Play a choice (the session autosaves); show the ending screen when the run ends."""
        story = self.story
        if story is None:
            return
        before, scene_id = dict(story.variables), story.scene_id
        choice = self.session.choose(choice_id)
        if self.taken_memory is not None:
            self.taken_memory.mark(scene_id, choice.id)
        screen = self.game_screen
        if screen is not None:
            screen.refresh_story(before=before, chosen=choice.text)
        if story.is_over:
            self.show_ending()

    def autosave(self) -> None:
        self.session.autosave()

    def undo(self) -> None:
        if self.story is not None and self.session.undo():
            self.show_game()
            self.say("Took back the last choice.")

    def fork(self, story: Story) -> None:
        """Play on from a story made elsewhere (the replay screen's fork)."""
        self.session.fork(story)
        self.show_game()

    def status_numbers(self) -> list[str]:
        """Every status value as a figure (the panel shows words where the world gives them)."""
        story = self.story
        if story is None:
            return []
        from game.ui.storymap import show_value

        lines = []
        for name in self.world.status:
            variable, value = self.world.variables[name], story.variables[name]
            figure = (
                f"{value}/{variable.maximum}" if variable.maximum is not None else show_value(self.world, name, value)
            )
            word = f" ({variable.word(value)})" if variable.words else ""
            lines.append(f"{variable.label} {figure}{word}")
        return lines

    def journal_entries(self) -> list[tuple[str, str, str | None]]:
        """The run so far as (scene title, narration, choice text or None), by replaying it."""
        return self.session.journal() if self._session is not None else []

    # --- hot reload (--dev) ---------------------------------------------------------------------

    def _world_files(self) -> Iterable[Path]:
        folder = self.world_path
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
        from game.world import WorldError, load_world

        try:
            world = load_world(self.world_path)
        except WorldError as exc:
            self.load_errors = [clean(str(diagnostic)) for diagnostic in exc.diagnostics] or [clean(str(exc))]
            if not self.world_ready:  # it never loaded: the title screen lists the errors
                self._world_failed(self.load_errors)
                return
            self._show_errors()
            self.say("The world has errors; still playing the last good version.", "error")
            return
        self.load_errors = []
        had_story = self.story is not None
        try:
            divergence = self.session.reload(world) if self._session is not None else None
        except ValueError as exc:  # the --from scene or a --set variable is gone
            self.load_errors = [f"cannot replay the run on the new world: {clean(str(exc))}"]
            self._show_errors()
            return
        self._set_world(world)
        self._refresh_title()
        if divergence is not None:
            stops = f"Reloaded; the run now stops before step {divergence.index}: "
            self.say(Content.assemble(stops, plain(divergence.reason)))
        elif had_story:
            self.say("Reloaded the world.")
        self._show_errors()
        screen = self.game_screen
        if screen is not None:
            screen.refresh_story()

    def _show_errors(self) -> None:
        screen = self.game_screen
        if screen is not None:
            screen.show_errors(self.load_errors)

    # --- actions (keys, palette) ----------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The command palette: only what makes sense on this screen (Textual's own list offers
        Maximize, Keys and a screenshot into ~/Downloads; the game's replaces it)."""
        from game.ui.screens.game import GameScreen
        from game.ui.screens.title import TitleScreen

        if isinstance(screen, TitleScreen) and self.world_ready and not self.world_errors:
            yield SystemCommand("New game", "Start a new run of this world", partial(self.menu, "new"))
            if self.store.latest(self.world) is not None:
                yield SystemCommand("Continue", "Go back to this world's latest run", partial(self.menu, "continue"))
            yield SystemCommand("Load", "Load a saved run", self.action_load)
            yield SystemCommand("Endings found", "This world's endings found in every run", self.action_endings)
        story = self.story
        if isinstance(screen, GameScreen) and story is not None:
            yield SystemCommand("Save", "Save this run in a named slot", self.action_save)
            yield SystemCommand("Load", "Load a saved run", self.action_load)
            yield SystemCommand("Journal", "Read the run so far", self.action_journal)
            if story.steps:
                yield SystemCommand("Undo", "Take back the last choice", self.action_undo)
            yield SystemCommand("Replay", "Replay this run step by step", self.action_replay)
            if self.dev:
                yield SystemCommand("Reload", "Load the world's files again", self.action_reload)
        if isinstance(screen, TitleScreen | GameScreen):
            yield SystemCommand("Settings", "Text speed, theme, motion", self.action_settings)
        yield SystemCommand("Theme", "Change the colour theme", self.action_change_theme)
        yield SystemCommand("Help", "Keys and how to play", self.action_help)
        where = "to your browser" if self.is_web else f"into {self.screenshot_folder}"
        yield SystemCommand("Screenshot", f"Save a picture of the screen {where}", self.action_screenshot)
        yield SystemCommand("Quit", "Quit the game (the run is saved)", self.action_quit)

    @property
    def screenshot_folder(self) -> Path:
        return self.saves_dir / "screenshots"

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        # After the palette has closed, so that it is not in the picture.
        self.set_timer(0.1, self._take_screenshot)

    def _take_screenshot(self) -> None:
        name = time.strftime("io-game-%Y%m%d-%H%M%S.svg")
        if self.is_web:
            self.deliver_screenshot(name)
            self.say("The screenshot is on its way to your browser's downloads.")
            return
        folder = self.screenshot_folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
            saved = self.save_screenshot(name, str(folder))
        except OSError as exc:
            why = Content.assemble("No screenshot: could not write in ", plain(str(folder)))
            self.say(Content.assemble(why, plain(f" ({exc.strerror or exc}); choose another --saves-dir.")), "error")
            return
        self.say(Content.assemble("Screenshot saved: ", plain(saved)))

    async def action_quit(self) -> None:
        story = self.story
        if story is not None and story.steps and not story.is_over:
            self.autosave()  # the time played so far
        self.exit(0)

    def action_help_quit(self) -> None:
        # ctrl+c, pressed by reflex: say how to quit instead of Textual's message about ctrl+q.
        self.say("Press [b]q[/b] to quit (your run is saved); [b]escape[/b] goes back.")

    def _need_story(self) -> bool:
        if self.story is None:
            self.say("Start a new game or continue one first.")
            return False
        return True

    def action_help(self) -> None:
        from game.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(dev=self.dev, web=self.is_web))

    def action_save(self) -> None:
        story = self.story
        if story is None or not self._need_story():
            return
        import contextlib

        from game.saves import SaveError, SaveInfo, clean_slot
        from game.ui.screens.saves import SaveScreen

        suggested = ""
        with contextlib.suppress(SaveError):  # a title without letters: no suggestion
            suggested = clean_slot(story.scene.title)

        def write(slot: str) -> SaveInfo:
            return self.session.save(slot)

        self.push_screen(SaveScreen(self.store, self.world.id, suggested, write), self._saved)

    def _saved(self, slot: str | None) -> None:
        if slot:
            self.say(Content.assemble("Saved as ", plain(f"'{slot}'", "bold"), "."))

    def action_load(self) -> None:
        from game.ui.screens.saves import LoadScreen

        self.push_screen(LoadScreen(self.store, self.world.id, self.open_hint), self._load_chosen)

    def _load_chosen(self, slot: str | None) -> None:
        if slot:
            self.load_slot(slot)

    def open_hint(self, world_id: str) -> str:
        """How to open another world's saves: the command, with its folder when it sits beside this world."""
        sibling = self.world_path.parent / world_id
        folder = str(sibling) if (sibling / "world.yaml").is_file() else f"<the folder of {world_id}>"
        return f"open it with: io-game {'serve' if self.is_web else 'play'} {folder}"

    def action_journal(self) -> None:
        if self._need_story():
            from game.ui.screens.journal import JournalScreen

            self.push_screen(JournalScreen(self.journal_entries(), self.status_numbers()))

    def action_undo(self) -> None:
        if self._need_story():
            self.undo()

    def action_replay(self) -> None:
        if self._need_story():
            from game.ui.screens.replay import ReplayScreen

            self.push_screen(ReplayScreen())

    def action_settings(self) -> None:
        from game.ui.screens.settings import SettingsScreen

        ours = [theme.name for theme in THEMES]
        themes = ours + sorted(name for name in self.available_themes if name not in ours and name != "textual-ansi")
        self.push_screen(SettingsScreen(self.settings, themes))

    def on_settings_screen_changed(self, message: SettingsScreen.Changed) -> None:
        self.settings = message.settings
        self.apply_settings()
        self.save_settings()

    def apply_settings(self) -> None:
        self.animation_level = "none" if self.settings.reduced_motion else "full"
        if self.settings.theme in self.available_themes and self.theme != self.settings.theme:
            self.theme = self.settings.theme


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
    """Play in the terminal. Returns the exit code.

    The world loads in the background once the title is on screen (its errors are listed there,
    and with --dev the game waits for them to be fixed); only a folder that is not a world at all
    is refused here.
    """
    if not (world_path / "world.yaml").is_file():
        print(f"io-game: {clean(str(world_path))} is not a world: it has no world.yaml", file=sys.stderr)
        return 1
    app = IOApp(
        world_path, seed=seed, saves_dir=saves_dir, dev=dev, start=start, overrides=overrides, namespace=namespace
    )
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
