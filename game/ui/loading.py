"""The world, loaded by an app-level worker that posts messages, and (--dev) loaded again when its
files change, with the run replayed onto it. Part of IOApp (game/ui/app.py)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message

from game.support.textsafe import clean
from game.ui.parts import AppParts
from game.ui.text import plain

if TYPE_CHECKING:
    from game.world import World


def read_world(path: Path, entry: Path) -> tuple[World, Callable[[], None] | None] | list[str]:
    """The world at path, or the errors that stop it. From the world cache when it holds this world
    as its files are now (scenes compiled on first use: game.world.cache), else loaded in full with
    the function that caches it. What New game needs is imported too, while the player looks at the title."""
    from game.world import WorldError, cache

    try:
        world, store = cache.load(path, entry)
    except WorldError as exc:
        return [clean(str(d)) for d in exc.diagnostics] or [clean(str(exc))]
    from game.engine.rules import rules_for
    from game.play import session  # noqa: F401
    from game.ui.screens import game  # noqa: F401

    rules_for(world)
    return world, store


def compile_all(world: World) -> None:
    """Thread worker: the rest of a cached world compiled, and its Machine built, while the player
    reads the first scene (else the first choice would wait for them)."""
    from game.engine.rules import rules_for

    rules_for(world).machine  # noqa: B018  # built on first use: every scene, every choice


STORE_AFTER = 1.0  # seconds after a full load: the world cache's entry is written
GC_PAUSE_AFTER_LOAD = 3.0  # seconds: the longest start-up's pause of the cycle collector lasts once loaded


class WorldLoading(AppParts):
    _loading_started = False  # set by start_loading

    class WorldLoaded(Message):
        def __init__(self, world: World, store: Callable[[], None] | None = None) -> None:
            super().__init__()
            self.world = world
            self.store = store  # writes the world cache's entry (a full load): see on_world_loaded

    class WorldFailed(Message):
        def __init__(self, errors: list[str]) -> None:
            super().__init__()
            self.errors = errors

    class SavesScanned(Message):
        def __init__(self, can_continue: bool) -> None:
            super().__init__()
            self.can_continue = can_continue

    def start_loading(self) -> None:
        """Start the loader (once). Called when the title's first frame is drawn: a thread started
        before it takes the GIL from the title's drawing (start-up to the title is measured too)."""
        if not self._loading_started:
            self._loading_started = True
            self.run_worker(self._load, thread=True, group="load")

    def _load(self) -> None:
        """Thread worker (see start_loading): the world, then its saves."""
        world, store = self._world, None
        if world is None:
            read = read_world(self.world_path, self.cache_entry)
            if isinstance(read, list):
                self.post_message(self.WorldFailed(read))
                return
            world, store = read
            self.post_message(self.WorldLoaded(world, store))
        self.post_message(self.SavesScanned(self.store.latest(world) is not None))

    def on_world_loading_world_loaded(self, message: WorldLoaded) -> None:
        self._set_world(message.world)
        self._compile_rest = True
        self.set_timer(GC_PAUSE_AFTER_LOAD, self.resume_gc)  # a player who stays on the title
        store = message.store
        if store is not None:  # the next start reads the world from the cache; written while the
            # player reads, not while the first scene is drawn (it is not needed to play)
            self.set_timer(STORE_AFTER, lambda: self.run_worker(store, thread=True, group="ready"))
        self._refresh_title()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.call_later(self.menu, pending)

    def on_world_loading_world_failed(self, message: WorldFailed) -> None:
        self.world_errors, self._pending = message.errors, None
        self._refresh_title()
        self.call_after_refresh(self.resume_gc)

    def _poll_world(self) -> None:
        if self._watcher.changed():
            self.reload_world()

    def action_reload(self) -> None:
        if self.dev:
            self._watcher.changed()  # this reload covers the changes the next poll would see
        self.reload_world()

    def reload_world(self) -> None:
        """Load the world again and replay the run onto it; on errors keep playing the old one."""
        from game.world import WorldError, load_world

        try:
            world = load_world(self.world_path)
        except WorldError as exc:
            self.load_errors = [clean(str(diagnostic)) for diagnostic in exc.diagnostics] or [clean(str(exc))]
            if not self.world_ready:  # it never loaded: the title screen lists the errors
                self.on_world_loading_world_failed(self.WorldFailed(self.load_errors))
                return
            self._show_errors()
            self.say("The world has errors; still playing the last good version.", "error")
            return
        try:
            divergence = self.session.reload(world) if self._session is not None else None
        except ValueError as exc:  # the --from scene or a --set variable is gone
            self.load_errors = [f"cannot replay the run on the new world: {clean(str(exc))}"]
            self._show_errors()
            return
        had_story, self.load_errors = self.story is not None, []
        self._set_world(world)
        gc.unfreeze()  # the replaced world may have been frozen with start-up (app.resume_gc): free it
        self._refresh_title()
        if divergence is not None:
            stops = f"Reloaded; the run now stops before step {divergence.index}: "
            self.say(Content.assemble(stops, plain(divergence.reason)))
        elif had_story:
            self.say("Reloaded the world.")
        self._show_errors()

    def _show_errors(self) -> None:
        from game.ui.screens.game import GameScreen

        if (screen := self._find(GameScreen)) is not None:
            screen.show(self.scene_view()) if self.story is not None else screen.show_errors(self.load_errors)
