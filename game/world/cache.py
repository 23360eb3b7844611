"""A cache of worlds that loaded without an error, so the game starts without parsing and compiling
every scene first.

An entry holds the YAML trees (plain JSON: never pickle, nothing in it runs) of one world folder's
last clean load, keyed by the world's content hash (every file's name and bytes, as saves record
it) and by a digest of the loader's own code. On a hit every file is still read and hashed (and
refused as a load refuses it: a link outside the folder, a FIFO, a file too large), but not parsed:
the scenes are compiled by the loader on first use (game.world.loader.load_cached). Anything that
differs (a file, the code, the entry's own checksum, its size, its format) is a miss: the world is
loaded in full, reporting every error as always, and the entry is written again.

Only the game's start uses it (game/ui/loading.py); `io-game check` and the tools load in full.
"""

from __future__ import annotations

import contextlib
import json
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from game import __version__
from game.support.atomic import atomic_write
from game.support.digest import sha256
from game.support.files import read_regular
from game.world.errors import Location
from game.world.loader import KeptTrees, load_cached, load_world
from game.world.model import World
from game.world.yamlsafe import YMap, YNode, YScalar, YSeq

FORMAT = 2  # of an entry: a change here makes every entry a miss
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # larger entries are neither written nor read (the world loads in full)

# The code whose output an entry stands for: what a world's files load into.
_CODE = ("game/world", "game/support")


class _Refused(Exception):
    """The entry is not one this code wrote for these files."""


@cache
def engine_digest() -> str:
    """A digest of the loader's code (game/world and game/support, the .py files): an entry written
    by other code is never used."""
    root = Path(__file__).resolve().parent.parent.parent
    return code_digest([root / folder for folder in _CODE], __version__)


def code_digest(folders: list[Path], version: str) -> str:
    """A digest of the game's version and of the .py files in these folders by each file's name,
    size and modification time: what Python itself checks before it trusts a file's compiled
    bytecode (here the time to the nanosecond), so an edited source makes every entry a miss, as it
    makes Python compile it again; the version, for an upgrade installed from a package built with
    fixed timestamps (a reproducible build), where a file may keep its size and time. Not by the
    files' bytes: reading and hashing ~160 KB of code was a cost of every start."""
    digest = sha256(f"io-game world cache {FORMAT} {version}\0".encode())
    for folder in folders:
        for source in sorted(folder.glob("*.py")):
            about = source.stat()
            digest.update(f"{folder.name}/{source.name}\0{about.st_size}\0{about.st_mtime_ns}\0".encode())
    return str(digest.hexdigest())


def checksum(body: bytes) -> str:
    """The entry's own checksum: any edit of its body (by hand, or a torn write) is a miss. CRC-32, not
    SHA-256: an unkeyed digest never kept anyone from writing a matching one, so it is a check for
    accidents, and CRC-32 catches every change of up to 32 bits in a row and all but one in 2**32 of
    the rest, at a tenth of the time (it is read on every start; the world's own files are hashed
    with SHA-256 as always: saves record that hash). The entry's first line (format, digests, the
    title and description the title screen paints first) is outside it: each of its digests is
    compared on its own, and an edited title only changes that first paint, never the world."""
    return f"crc32:{zlib.crc32(body):08x}"


def load(world: Path, entry: Path) -> tuple[World, Callable[[], None] | None]:
    """The world at `world`: from its entry (the file `entry`: one per world folder, where the game
    keeps it is game/ui/worldfiles.cache_entry) when the entry matches the files and this code;
    else loaded in full (raising WorldError with every fault), with a function that writes the
    entry (call it once the player has something to look at: it is not needed to play)."""
    with contextlib.suppress(OSError, ValueError, RecursionError, _Refused):
        cached = _read(entry, world)
        if cached is not None:
            return cached, None
    kept = KeptTrees()
    loaded = load_world(world, kept)
    if not kept.complete or kept.header is None:
        return loaded, None
    return loaded, lambda: store(entry, loaded, kept)


def store(path: Path, world: World, kept: KeptTrees) -> None:
    """Write the entry for a world loaded without an error; a failed write only costs the next start time."""
    assert kept.header is not None
    body = {
        "files": list(world.files),
        "labels": sorted(world.labels),
        "header": _encode(kept.header),
        "scenes": [
            [scene_id, file, loc.line, loc.column, json.dumps(_encode(tree), separators=(",", ":"))]
            for scene_id, file, loc, tree in kept.scenes
        ],
    }
    data = json.dumps(body, separators=(",", ":")).encode()
    meta = {"format": FORMAT, "engine": engine_digest(), "content_hash": world.content_hash}
    meta["checksum"] = checksum(data)
    # For the title screen's first paint, before any of this code is imported: world.yaml's title
    # and description, good while world.yaml's bytes have this digest (game/ui/worldfiles.read_header).
    meta |= {"world_yaml": kept.header_digest, "title": world.title, "description": world.description}
    entry = json.dumps(meta).encode() + b"\n" + data
    if len(entry) > MAX_ENTRY_BYTES:
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, entry)


def _read(path: Path, world: Path) -> World | None:
    try:
        data = read_regular(path, MAX_ENTRY_BYTES)  # never a FIFO or a device, never past the cap
    except FileNotFoundError:
        return None
    if len(data) > MAX_ENTRY_BYTES:
        raise _Refused
    head, _, body = data.partition(b"\n")
    meta = json.loads(head)
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("engine") != engine_digest():
        raise _Refused
    if meta.get("checksum") != checksum(body):
        raise _Refused
    entry = json.loads(body)
    if not isinstance(entry, dict):
        raise _Refused
    header = _decode(entry.get("header"), world, "world.yaml")
    scenes: list[tuple[str, str, Location]] = []
    trees: dict[str, str] = {}
    for item in _list(entry.get("scenes")):
        match item:
            case [str(scene_id), str(file), int(line), int(column), str(tree)]:
                scenes.append((scene_id, file, Location(str(world / file), line, column)))
                trees[scene_id] = tree
            case _:
                raise _Refused
    labels, files = _list(entry.get("labels")), _list(entry.get("files"))
    if not isinstance(header, YMap) or not all(isinstance(text, str) for text in [*labels, *files]):
        raise _Refused
    file_of = {scene_id: file for scene_id, file, _loc in scenes}

    def tree_of(scene_id: str) -> YNode:
        return _decode(json.loads(trees[scene_id]), world, file_of[scene_id])

    loaded = load_cached(world, [str(file) for file in files], header, scenes, frozenset(map(str, labels)), tree_of)
    return loaded if loaded is not None and loaded.content_hash == meta.get("content_hash") else None


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise _Refused
    return value


# A tree as JSON: [0, value, line, column, quoted, single_line, raw, style] for a scalar,
# [1, line, column, [items]] for a list, [2, line, column, [[key, line, column, value], ...]] for a mapping.
Encoded = list[object]


def _encode(node: YNode) -> Encoded:
    if isinstance(node, YScalar):
        loc = node.loc
        return [0, node.value, loc.line, loc.column, node.quoted, node.single_line, node.raw, node.style]
    if isinstance(node, YSeq):
        return [1, node.loc.line, node.loc.column, [_encode(item) for item in node.items]]
    entries = [[key, at.line, at.column, _encode(value)] for key, (at, value) in node.entries.items()]
    return [2, node.loc.line, node.loc.column, entries]


def _decode(data: object, world: Path, file: str) -> YNode:
    """A tree from its JSON; _Refused for anything _encode does not write. Iterative: a deep tree
    cannot overflow the stack."""
    shown = str(world / file)
    root: list[YNode] = []
    work: list[tuple[object, list[YNode] | dict[str, tuple[Location, YNode]], str, Location | None]] = [
        (data, root, "", None)
    ]
    while work:
        item, into, key, key_loc = work.pop()
        node: YNode
        match item:
            case [0, value, int(line), int(column), bool(quoted), bool(one), raw, str(style)]:
                if value is not None and not isinstance(value, str | int | float):
                    raise _Refused
                if raw is not None and not isinstance(raw, str):
                    raise _Refused
                node = YScalar(value, Location(shown, line, column), quoted, one, raw, style)
            case [1, int(line), int(column), list(items)]:
                node = YSeq([], Location(shown, line, column))
                work.extend((child, node.items, "", None) for child in reversed(items))
            case [2, int(line), int(column), list(entries)]:
                node = YMap({}, Location(shown, line, column))
                for entry in reversed(entries):
                    match entry:
                        case [str(name), int(at_line), int(at_column), value]:
                            work.append((value, node.entries, name, Location(shown, at_line, at_column)))
                        case _:
                            raise _Refused
            case _:
                raise _Refused
        if isinstance(into, list):
            into.append(node)
        else:
            assert key_loc is not None
            into[key] = (key_loc, node)
    if len(root) != 1:
        raise _Refused
    return root[0]
