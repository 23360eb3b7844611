"""Fuzzing the save reader: any bytes in a save file, and any edit of a real save (with its checksum
recomputed, as anyone can), give a SaveFile or our SaveError, never another exception. A save that
reads is resumed on the world and its scene printed: that too never raises, and prints clean.

1,000 examples by default, 25,000 with --slow.
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine import Story
from game.engine.transcript import header, scene_block
from game.saves import SaveError, SaveStore, checksum, resume
from game.support.textsafe import find_forbidden
from game.world import World
from tests.fuzzing import FUZZ

SLOT = "fuzzed"

# Values an edited save may hold where the reader expects something else.
ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1.5,
    2**63,
    -(2**63) - 1,
    10**400,
    float("inf"),
    float("nan"),
    "",
    "x" * 70,
    "\x1b[2J\x1b]52;c;aGk=\x07",
    "\u202eevil",
    "../../etc/passwd",
    "/etc/passwd",
    "lamp_room",
    "trim",
    "oil",
    [],
    [[]],
    [["lamp_room", "trim"]],
    [["lamp_room", "descend"], ["store", "sleep"]],
    {},
    {"oil": 99},
    {"log": "\x1b[31mred"},
    {"oil": True},
    {"nope": 1},
    {"storm": "yes"},
    [[[[[[[]]]]]]],
    "2026-01-01T00:00:00",
    "not a date",
    1e308,
]
RAW_SPLICES = [b"1" * 5000, b"[" * 100_000, b"\xff\xfe", b"\x00", b'"\\ud800"', b"NaN", b"-Infinity", b"}", b","]


@pytest.fixture(scope="module")
def base(lighthouse: World, tmp_path_factory: pytest.TempPathFactory) -> tuple[SaveStore, dict[str, Any]]:
    """A store holding a real save of a few steps, and that save's JSON."""
    store = SaveStore(tmp_path_factory.mktemp("fuzzsaves"))
    story = Story(lighthouse, seed=7)
    for choice in ("descend", "fetch_oil", "trim"):
        story.choose(choice)
    store.write(SLOT, story, 12.5)
    data = json.loads(store.path_for(SLOT).read_bytes())
    return store, data


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def odd(rng: random.Random) -> Any:
    """A fresh copy: a shared list edited later could end up inside itself."""
    return copy.deepcopy(rng.choice(ODD_VALUES))


def edited(data: dict[str, Any], seed: int) -> bytes:
    """The save with a few random edits, its checksum recomputed, sometimes broken as text too."""
    rng = random.Random(seed)
    data = copy.deepcopy(data)
    for _ in range(rng.randrange(1, 4)):
        path = rng.choice(_paths(data)[1:])
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        move = rng.randrange(3)
        if move == 0 and isinstance(parent, dict):
            del parent[path[-1]]
        elif move == 1 and isinstance(parent, dict):
            parent[rng.choice(["overrides", "start", "extra", path[-1]])] = odd(rng)
        else:
            parent[path[-1]] = odd(rng)
    if rng.random() < 0.8:
        data["checksum"] = checksum(data)
    raw = json.dumps(data).encode()
    if rng.random() < 0.15:
        at = rng.randrange(len(raw) + 1)
        raw = raw[:at] + rng.choice(RAW_SPLICES) + raw[at + rng.randrange(3) :]
    return raw


def check_read(store: SaveStore, world: World, raw: bytes) -> None:
    store.path_for(SLOT).write_bytes(raw)
    try:
        save = store.read(SLOT, world)
    except SaveError as error:
        message = str(error)
        assert message and "\n" not in message
        assert find_forbidden(message) == -1, message
        return
    try:
        story, _divergence = resume(world, save)
    except SaveError as error:
        assert find_forbidden(str(error)) == -1, str(error)
        return
    shown = header(story) + scene_block(story)
    assert find_forbidden(shown.replace("\t", " ")) == -1, shown


@FUZZ
@given(st.integers(0, 2**32 - 1), st.binary(max_size=200))
def test_any_save_bytes_or_edited_save_reads_or_gives_one_clean_line(
    base: tuple[SaveStore, dict[str, Any]], lighthouse: World, seed: int, junk: bytes
) -> None:
    store, data = base
    check_read(store, lighthouse, junk)
    check_read(store, lighthouse, edited(data, seed))


def test_the_unedited_save_resumes(base: tuple[SaveStore, dict[str, Any]], lighthouse: World) -> None:
    """The fuzzer's starting point is a good save, so what it finds is the edits' doing."""
    store, data = base
    store.path_for(SLOT).write_bytes(json.dumps(data).encode())
    story, divergence = resume(lighthouse, store.read(SLOT, lighthouse))
    assert divergence is None
    assert story.state == "lamp_room" and story.variables["ships"] == 1


def test_edits_reach_past_the_checksum(base: tuple[SaveStore, dict[str, Any]], lighthouse: World) -> None:
    """Some edited saves read and resume: the fuzzer tests more than the checksum check."""
    store, data = base
    resumed = 0
    for seed in range(200):
        store.path_for(SLOT).write_bytes(edited(data, seed))
        try:
            story, _ = resume(lighthouse, store.read(SLOT, lighthouse))
        except SaveError:
            continue
        resumed += 1
    assert resumed >= 5
