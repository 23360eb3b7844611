"""The world's files as the UI reads them itself: the header for the title's first paint (before the
loader), and, with --dev, which files changed since the last look."""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from game.support.digest import sha256
from game.ui.text import read_small_text

MAX_HEADER_BYTES = 1 << 20  # a world.yaml is a few hundred bytes; anything this big waits for the loader
MAX_META_BYTES = 64 * 1024  # the first line of a world cache entry: a few hundred bytes


def cache_entry(saves_dir: Path, world: Path) -> Path:
    """Where the world cache (game.world.cache) keeps a world folder's entry: beside the saves (not
    in a namespace: every browser session shares it), one file per folder (its absolute path)."""
    name = sha256(str(world.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return saves_dir / ".ui" / ".worlds" / f"world-{name}.json"


def read_header(folder: Path, entry: Path | None = None) -> tuple[str, str]:
    """The world's title and description from world.yaml alone, for the title screen's first paint.

    From the world cache's entry when world.yaml is byte for byte the one it was made from (then
    PyYAML is not imported at all); else only the parser's events are read (nothing is constructed,
    so aliases cannot blow up), and only plain top-level text values; anything unusual gives the
    folder's name. The full load, a moment later, checks everything and reports any error.
    (Importing game.world's loader here would cost ~90 ms of start-up, a third of Textual's own.)
    """
    text = read_small_text(folder / "world.yaml", MAX_HEADER_BYTES)
    if text is None:
        return folder.name, ""
    known = _cached_header(entry, text) if entry is not None else None
    if known is not None:
        return known
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


def _cached_header(entry: Path, text: str) -> tuple[str, str] | None:
    """The title and description an entry's first line holds for world.yaml with this text, if any.
    Opened as every file from outside is: a FIFO is never waited on, a link never followed."""
    with contextlib.suppress(OSError, ValueError, RecursionError):
        fd = os.open(entry, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            meta = json.loads(handle.readline(MAX_META_BYTES))
        if isinstance(meta, dict) and meta.get("world_yaml") == sha256(text.encode()).hexdigest():
            title, description = meta.get("title"), meta.get("description")
            if isinstance(title, str) and isinstance(description, str):
                return title, description
    return None


class WorldWatcher:
    """--dev: the world's files and their modification times; `changed()` says whether they moved."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._mtimes = self._look()

    def _files(self) -> Iterator[Path]:
        yield self.folder / "world.yaml"
        yield from sorted((self.folder / "scenes").glob("*.yaml"))

    def _look(self) -> dict[Path, float]:
        found: dict[Path, float] = {}
        for path in self._files():
            try:
                found[path] = path.stat().st_mtime
            except OSError:
                continue
        return found

    def changed(self) -> bool:
        """Whether any file changed since the last call (or since the watcher was made)."""
        mtimes = self._look()
        if mtimes == self._mtimes:
            return False
        self._mtimes = mtimes
        return True
