"""The world's files as the UI reads them itself: the header for the title's first paint (before the
loader), and, with --dev, which files changed since the last look."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from game.ui.text import read_small_text

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
