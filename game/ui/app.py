"""The Textual app: screens over one play Session (game/play/session.py), which holds the run.

The app wires the two: it makes each screen's data (game/ui/views.py), pushes the screen, and turns
the screens' messages and dismiss() results into session calls. Screens never import the app.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen

from game.support.textsafe import clean
from game.ui.actions import ScreenActions
from game.ui.loading import WorldLoading, compile_all
from game.ui.prefs import PlayingMarker, ReadMemory, Settings, TakenMemory
from game.ui.text import plain
from game.ui.theme import IO_THEME, THEMES
from game.ui.worldfiles import WorldWatcher, cache_entry, read_header

# The engine, the saves and most screens are imported when first needed: start-up is measured
# to the title screen, and transitions, the save format and the game screen are not needed there.
if TYPE_CHECKING:
    from game.engine import Story
    from game.play.session import Notice as PlayNotice
    from game.play.session import Session
    from game.saves import SaveStore
    from game.ui.screens.game import GameScreen, SceneView
    from game.ui.screens.title import TitleScreen
    from game.world import World
    from game.world.expr import Value

__all__ = ["IOApp", "read_header"]

MIN_WIDTH = 80
MIN_HEIGHT = 24
POLL_SECONDS = 0.5  # --dev: how often the world's files are checked for changes
MARKS_SECONDS = 3.0  # how often "read before" and "taken before" marks are written (not on every choice)
COMPILE_AFTER = 0.5  # seconds after the first scene is shown: the rest of the world is made ready


class IOApp(WorldLoading, ScreenActions):
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),  # the same key on every screen (ctrl+q is the browser's)
        Binding("f5", "reload", "Reload", id="reload", show=False),
    ]

    # An exception Textual did not expect: Textual would print a traceback with locals to the
    # terminal. The app closes quietly instead and run_app() hands the exception to the CLI's last
    # guard (game/cli.py), which says one line and writes the details to a private log.
    def _fatal_error(self) -> None:
        self._close_messages_no_wait()

    @property
    def crash(self) -> BaseException | None:
        """The unexpected exception that closed the app, if one did (Textual keeps the first)."""
        return self._exception

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
        # No widget of the game's has a tooltip: Textual's tooltip layer is not put on every screen
        # (one widget fewer to mount and lay out on the way to the first scene; run_test() runs
        # apps so too, so every UI test already did).
        self._disable_tooltips = True
        # Given a folder, the world loads in a worker once the title is on screen (its title is
        # read from world.yaml alone); given a World (tests, tools), it is used as it is.
        self._world: World | None = None
        self.world_errors: list[str] = []  # why the world did not load (shown on the title)
        self.load_errors: list[str] = []  # --dev: the last reload's errors, shown in a panel
        self._pending: str | None = None  # a menu choice made while the world was loading
        self.world_path = world if isinstance(world, Path) else world.path
        self.cache_entry = cache_entry(saves_dir, self.world_path)  # the world cache's (game.world.cache)
        if isinstance(world, Path):
            self.header = read_header(world, self.cache_entry)
        else:
            self.header = (world.title, world.description)
        self.seed, self.dev, self.start_scene, self.overrides = seed, dev, start, tuple(overrides)
        self.saves_dir, self.namespace = saves_dir, namespace
        self._store: SaveStore | None = None
        self._session: Session | None = None  # made when the world is loaded
        self.ui_folder = saves_dir / ".ui" / re.sub(r"[^a-z0-9_-]+", "-", (namespace or "default").lower())
        self.settings = Settings.load(self.ui_folder)
        if reveal is not None:  # tests turn the reveal off without touching the settings file
            self.settings.reveal = reveal
        self._marker_writer: ThreadPoolExecutor | None = None
        self._gc_paused = False
        self._size_watched = False  # from on_mount: see on_resize
        self._compile_rest = False  # set once the worker has loaded the world (see show_game)
        self.read_memory: ReadMemory | None = None
        self.taken_memory: TakenMemory | None = None
        self.title = clean(self.header[0])
        for theme in THEMES:
            self.register_theme(theme)
        self._first_theme(self.settings.theme if self.settings.theme in self.available_themes else IO_THEME.name)
        self.animation_level = "none" if self.settings.reduced_motion else "full"
        if not isinstance(world, Path):
            self._set_world(world)

    def _first_theme(self, name: str) -> None:
        """The player's theme, in place before Textual first parses the CSS. Assigned to App.theme,
        its watcher would parse every stylesheet again at once (about 3 ms of every start); here the
        reactive is set quietly and the rest of the watcher's work is done before anything is drawn."""
        self.set_reactive(App.theme, name)
        theme = self.current_theme
        self.stylesheet.set_variables(self.get_css_variables())
        classes = {f"-theme-{name}": True, "-dark-mode": theme.dark, "-light-mode": not theme.dark}
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)

    # --- the world, loaded by an app-level worker that posts messages ---------------------------

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
        self._world, self.world_errors = world, []
        self.header = (world.title, world.description)
        self.title = clean(world.title)
        self.read_memory = ReadMemory(self.ui_folder, world.id)
        self.taken_memory = TakenMemory(self.ui_folder, world.id)

    def on_load(self) -> None:
        # Started from a folder (the player's start): start-up (Textual's screens, then the world)
        # allocates tens of thousands of objects that all stay; the cycle collector finds nothing in
        # them and cost ~7% of the time to the first scene. Paused from here (the app is running, so
        # on_unmount will resume it) until that scene or the world's errors are drawn, or a few
        # seconds after the world has loaded, whichever comes first.
        if self._world is None:
            self._gc_paused = gc.isenabled()
            gc.disable()

    def resume_gc(self) -> None:
        """End start-up's pause of the cycle collector (see on_load). What start-up made is frozen
        first: re-enabled as it was, the collector's first pass walked all of it (the world, the
        screens: ~15 ms, under the first scene's draw), and every full pass after. The price: the
        few thousand objects start-up left as cycles (~2,600 with IO) are kept, not collected."""
        if self._gc_paused:
            self._gc_paused = False
            gc.freeze()
            gc.enable()

    def on_world_loading_saves_scanned(self, message: WorldLoading.SavesScanned) -> None:
        from game.ui.screens.title import TitleScreen

        if (title := self._find(TitleScreen)) is not None:
            title.show_menu(message.can_continue)
        if message.can_continue and self.story is None and PlayingMarker(self.ui_folder, self.world.id).is_set:
            self.continue_game()  # the tab was reloaded or the terminal closed mid-run: back to it

    def on_title_screen_shown(self, _message: TitleScreen.Shown) -> None:
        from game.ui.screens.title import TitleScreen

        if (title := self._find(TitleScreen)) is not None and self.world_ready:
            title.show_menu(self.store.latest(self.world) is not None)

    def on_title_screen_drawn(self, _message: TitleScreen.Drawn) -> None:
        self.start_loading()

    def on_title_screen_chosen(self, message: TitleScreen.Chosen) -> None:
        self.menu(message.item)

    def _find(self, kind: type[Any]) -> Any:
        """The screen of this kind in the stack, if any (the title and game screens are imported late)."""
        return next((screen for screen in self.screen_stack if isinstance(screen, kind)), None)

    def _refresh_title(self) -> None:
        from game.ui.screens.title import TitleScreen

        if (title := self._find(TitleScreen)) is not None:
            hint = "Fix the files; the game reloads them." if self.dev else "Fix the files and start again."
            title.set_heading(self.header[0], self.header[1], self.world_errors, hint)

    def menu(self, what: str) -> None:
        """A title menu choice; those that need the world wait for it to load."""
        if what == "quit":
            self.exit(0)  # nothing to save on the title
        elif what == "settings":
            self.action_settings()
        elif self.world_errors:
            self.say("The world has errors (listed on the title screen); fix them first.", "error")
        elif not self.world_ready:
            self._pending = what
        else:
            actions = {"new": self.new_game, "continue": self.continue_game, "load": self.action_load}
            actions.get(what, self.action_endings)()

    @property
    def store(self) -> SaveStore:
        if self._store is None:
            from game.saves import SaveStore

            self._store = SaveStore(self.saves_dir, self.namespace)
        return self._store

    # --- start-up, size, settings, messages -----------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        # The title is the first screen painted: no empty screen first, then a push.
        from game.ui.screens.title import TitleScreen, read_title_art

        return TitleScreen(self.header[0], self.header[1], read_title_art(self.world_path))

    def on_mount(self) -> None:
        # The world loads (and the saves are read) once the title's first frame is drawn, so the title
        # appears at once (TitleScreen.Drawn); after the first refresh if another screen covers the
        # title from the start (a terminal too small).
        self.call_after_refresh(self.start_loading)
        self.set_interval(MARKS_SECONDS, self.flush_marks)
        if self.dev:
            self._watcher = WorldWatcher(self.world_path)
            self.set_interval(POLL_SECONDS, self._poll_world)
        self._size_watched = True
        self._check_size(self.size)

    def on_resize(self, event: events.Resize) -> None:
        # Textual sends the first Resize before the app's own styles are applied: a screen pushed
        # then would keep colours worked out without them (on_mount checks the first size).
        if self._size_watched:
            self._check_size(event.size)  # before App's own handler records the new size: use the event's

    def _check_size(self, size: Size) -> None:
        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        if not small and len(self.screen_stack) < 2:
            return  # nothing over the title, nothing to take off: its module is not imported at start-up
        from game.ui.screens.small import TooSmallScreen

        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen(Size(MIN_WIDTH, MIN_HEIGHT), web=self.is_web))
        elif not small and isinstance(self.screen, TooSmallScreen):
            self.pop_screen()

    # --- the run in progress: a play Session ----------------------------------------------------

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
                notify=self._tell,
            )
        return self._session

    @property
    def story(self) -> Story | None:
        return self._session.story if self._session is not None else None

    def _tell(self, notice: PlayNotice) -> None:
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
        loaded = self.session.load(slot)
        if loaded:
            self.show_game()
        return loaded

    def scene_view(self, before: dict[str, Value] | None = None, chosen: str | None = None) -> SceneView:
        from game.ui.screens.game import SceneView

        story = self._story()
        narration, read_before = story.narration(), False
        if self.read_memory is not None:
            read_before = self.read_memory.seen(narration)
            self.read_memory.mark(narration)
        taken = self.taken_memory
        ids = frozenset(c.id for c in story.choices() if taken is not None and taken.taken(story.scene_id, c.id))
        return SceneView(story, read_before, ids, self.settings.typewriter, before, chosen, self.load_errors)

    def show_game(self, before: dict[str, Value] | None = None, chosen: str | None = None) -> None:
        """Show the run over the title, dropping any screens between them; a run that has ended
        opens on its ending screen, not on a scene with no way on."""
        from game.ui.screens.game import GameScreen
        from game.ui.screens.title import TitleScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen | GameScreen):
            self.pop_screen()
        if isinstance(self.screen, GameScreen):
            self.screen.show(self.scene_view(before, chosen))
        else:
            self.push_screen(GameScreen(self.scene_view(before, chosen)), self._left_game)
        self._set_playing(True)
        if self._gc_paused:
            self.call_after_refresh(self.resume_gc)
        if self._compile_rest:  # the rest of a world the worker loaded: while the player reads
            self._compile_rest = False
            world = self.world
            ready = lambda: self.run_worker(lambda: compile_all(world), thread=True, group="ready")  # noqa: E731
            self.set_timer(COMPILE_AFTER, ready)
        if self.story is not None and self.story.is_over:
            self.show_ending()

    def _set_playing(self, playing: bool) -> None:
        """Set or clear the playing marker. Its write is fsynced (tens of ms on a busy disk), so it
        runs off the event loop, in one writer thread that keeps the writes in order; unmount waits."""
        if self._marker_writer is None:
            self._marker_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="io-marker")
        self._marker_writer.submit(PlayingMarker(self.ui_folder, self.world.id).set, playing)

    def on_game_screen_chose(self, message: GameScreen.Chose) -> None:
        """Play a choice (the session autosaves and records an ending); a stale click changes nothing."""
        from game.engine import ChoiceUnavailable

        story = self._story()
        before, scene_id = dict(story.variables), story.scene_id
        try:
            choice = self.session.choose(message.choice_id)
        except ChoiceUnavailable as exc:
            self.say(plain(str(exc)), "warning")
            return
        if self.taken_memory is not None:
            self.taken_memory.mark(scene_id, choice.id)
        self.show_game(before, choice.text)

    def flush_marks(self) -> None:
        for memory in (self.read_memory, self.taken_memory):
            if memory is not None:
                memory.flush()

    def on_unmount(self) -> None:
        self.resume_gc()
        self.flush_marks()
        if self._marker_writer is not None:
            self._marker_writer.shutdown(wait=True)

    def _left_game(self, _result: None = None) -> None:
        """Back on the title by the player's own choice: the run is saved, the next start opens here."""
        self.session.autosave()
        self._set_playing(False)

    def show_ending(self) -> None:
        from game.ui import views
        from game.ui.screens.ending import EndingScreen

        story = self._story()
        assert story.ending is not None
        summary = views.run_summary(story, self.played_seconds())
        screen = EndingScreen(story.ending.title, story.narration(), summary, views.endings(self.world, self.store))
        self.push_screen(screen, self._ending_left)

    def _ending_left(self, where: str | None) -> None:
        from game.ui.screens.title import TitleScreen

        if where == "new":
            self.new_game()
        elif where == "title":
            while not isinstance(self.screen, TitleScreen) and len(self.screen_stack) > 1:
                self.pop_screen()
            self._left_game()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from game.ui.palette import commands

        return commands(self, screen)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        from game.ui.palette import take_screenshot

        self.set_timer(0.1, lambda: take_screenshot(self))  # after the palette has closed: not in the picture
