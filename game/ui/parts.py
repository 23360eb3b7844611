"""What the app's parts (game/ui/actions.py, game/ui/loading.py) use of each other and of IOApp
(game/ui/app.py): declared once, here, for the type checker; each is defined where it is made."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from textual.content import Content
    from textual.notifications import SeverityLevel

    from game.engine import Story
    from game.play.session import Session
    from game.saves import SaveStore
    from game.ui.prefs import Settings
    from game.ui.screens.game import SceneView
    from game.ui.worldfiles import WorldWatcher
    from game.world import World


class AppParts(App[int]):
    """The base of the app's parts: nothing at run time, their shared names for the type checker."""

    if TYPE_CHECKING:
        # IOApp's (game/ui/app.py)
        world_path: Path
        saves_dir: Path
        ui_folder: Path
        cache_entry: Path
        dev: bool
        settings: Settings
        world_errors: list[str]
        load_errors: list[str]
        _world: World | None
        _session: Session | None
        _pending: str | None
        _compile_rest: bool
        _watcher: WorldWatcher

        @property
        def world(self) -> World: ...
        @property
        def world_ready(self) -> bool: ...
        @property
        def store(self) -> SaveStore: ...
        @property
        def session(self) -> Session: ...
        @property
        def story(self) -> Story | None: ...
        def show_game(self) -> None: ...
        def load_slot(self, slot: str) -> bool: ...
        def _set_world(self, world: World) -> None: ...
        def _refresh_title(self) -> None: ...
        def _find(self, kind: type[Any]) -> Any: ...
        def scene_view(self) -> SceneView: ...
        def menu(self, what: str) -> None: ...
        def resume_gc(self) -> None: ...

        # ScreenActions' (game/ui/actions.py)
        def say(self, message: str | Content, severity: SeverityLevel = "information") -> None: ...
