"""What the UI keeps beside the saves: settings and which narration has been read.

Both live in the save store's folder (per namespace, so browser sessions do not share them), under
`.ui/` so that nothing here is mistaken for a save. Unreadable files fall back to defaults: a broken
settings file must never stop the game from starting.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from msgspec import Struct
from msgspec.structs import asdict

from game.support.atomic import atomic_write
from game.ui.text import read_small_text
from game.ui.theme import DEFAULT_THEME


def _write_json(path: Path, data: object) -> None:
    """Through the one atomic write: a crash mid-write leaves the old file, never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(data).encode("utf-8"))


MAX_PREFS_BYTES = 1024 * 1024  # settings and read marks are small; a huge file is ignored, not read


def _read_json(path: Path) -> object:
    """The file's JSON, or None: missing, not a regular file (a FIFO is never waited on), too big, or bad."""
    text = read_small_text(path, MAX_PREFS_BYTES)
    if text is None:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


class Settings(Struct):
    reveal: bool = True  # text speed: typewriter (narration appears gently) or instant
    theme: str = DEFAULT_THEME
    reduced_motion: bool = False  # no typewriter, no animations, whatever the text speed says

    @classmethod
    def load(cls, folder: Path) -> Settings:
        data = _read_json(folder / "settings.json")
        settings = cls()
        if isinstance(data, dict):
            if isinstance(data.get("reveal"), bool):
                settings.reveal = data["reveal"]
            if isinstance(data.get("theme"), str) and len(data["theme"]) < 64:
                settings.theme = data["theme"]
            if isinstance(data.get("reduced_motion"), bool):
                settings.reduced_motion = data["reduced_motion"]
        return settings

    @property
    def typewriter(self) -> bool:
        """Whether narration is revealed a little at a time now."""
        return self.reveal and not self.reduced_motion

    def save(self, folder: Path) -> None:
        _write_json(folder / "settings.json", asdict(self))


class ReadMemory:
    """Narration seen in any run, as short hashes of (world, text): variants make new text."""

    def __init__(self, folder: Path, world_id: str) -> None:
        self.path = folder / f"read-{world_id}.json"
        self.world_id = world_id
        data = _read_json(self.path)
        self._seen: set[str] = {item for item in data if isinstance(item, str)} if isinstance(data, list) else set()

    def key(self, narration: str) -> str:
        from game.support.digest import sha256  # not needed before the first scene: kept off start-up

        return sha256(f"{self.world_id}\0{narration}".encode()).hexdigest()[:16]

    def seen(self, narration: str) -> bool:
        return self.key(narration) in self._seen

    def mark(self, narration: str) -> None:
        key = self.key(narration)
        if key not in self._seen:
            self._seen.add(key)
            self.dirty = True

    dirty = False  # marked since the last flush(): the app writes marks every few seconds, not per choice

    def flush(self) -> None:
        if self.dirty:
            self.dirty = False
            with contextlib.suppress(OSError):  # a read-only saves folder only loses the marks
                _write_json(self.path, sorted(self._seen))


class TakenMemory:
    """Choices taken in any run of a world, as `scene/choice` ids (ids are what saves record too)."""

    def __init__(self, folder: Path, world_id: str) -> None:
        self.path = folder / f"taken-{world_id}.json"
        data = _read_json(self.path)
        self._taken: set[str] = {item for item in data if isinstance(item, str)} if isinstance(data, list) else set()

    def taken(self, scene_id: str, choice_id: str) -> bool:
        return f"{scene_id}/{choice_id}" in self._taken

    def mark(self, scene_id: str, choice_id: str) -> None:
        key = f"{scene_id}/{choice_id}"
        if key not in self._taken:
            self._taken.add(key)
            self.dirty = True

    dirty = False  # as ReadMemory's

    def flush(self) -> None:
        if self.dirty:
            self.dirty = False
            with contextlib.suppress(OSError):  # a read-only saves folder only loses the marks
                _write_json(self.path, sorted(self._taken))


class PlayingMarker:
    """Whether the player was in the game (not on the title) when the app last stopped, per world.

    Set when the game screen is shown, cleared when the player goes back to the title. A closed
    terminal, a reloaded browser tab or a lost connection leaves it set: the next start goes
    straight back into the run (the autosave holds its every choice).
    """

    def __init__(self, folder: Path, world_id: str) -> None:
        self.path = folder / f"playing-{world_id}.json"

    @property
    def is_set(self) -> bool:
        return _read_json(self.path) is True

    def set(self, playing: bool) -> None:
        if playing == self.is_set:
            return
        with contextlib.suppress(OSError):  # a read-only folder: the title's Continue still works
            if playing:
                _write_json(self.path, True)
            else:
                self.path.unlink(missing_ok=True)
