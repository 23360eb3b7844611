"""What the UI keeps beside the saves: settings and which narration has been read.

Both live in the save store's folder (per namespace, so browser sessions do not share them), under
`.ui/` so that nothing here is mistaken for a save. Unreadable files fall back to defaults: a broken
settings file must never stop the game from starting.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from game.ui.theme import DEFAULT_THEME


def _write_json(path: Path, data: object) -> None:
    """Atomic: a crash mid-write leaves the old file, never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


MAX_PREFS_BYTES = 1024 * 1024  # settings and read marks are small; a huge file is ignored, not read


def _read_json(path: Path) -> object:
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_PREFS_BYTES:
                return None
            data = handle.read(size + 1)
        return json.loads(data.decode("utf-8"))
    except (OSError, ValueError):
        return None


@dataclass
class Settings:
    reveal: bool = True  # narration appears gently; off shows it at once
    theme: str = DEFAULT_THEME

    @classmethod
    def load(cls, folder: Path) -> Settings:
        data = _read_json(folder / "settings.json")
        settings = cls()
        if isinstance(data, dict):
            if isinstance(data.get("reveal"), bool):
                settings.reveal = data["reveal"]
            if isinstance(data.get("theme"), str) and len(data["theme"]) < 64:
                settings.theme = data["theme"]
        return settings

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
            with contextlib.suppress(OSError):  # a read-only saves folder only loses the marks
                _write_json(self.path, sorted(self._seen))
