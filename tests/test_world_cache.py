"""The world cache (game/world/cache.py): the game's second start reads a world from it and compiles
only the scenes a run reaches; anything that differs is a miss, and a miss loads (and reports) in full."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import game
from game.engine import Story
from game.world import WorldError, cache, load_world
from game.world.loader import LazyScenes
from game.world.model import World
from tests.conftest import IO_WORLD


@pytest.fixture
def io_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(IO_WORLD, tmp_path / "io"))


def cached(world: Path, entry: Path) -> World:
    """The world as the game's second start sees it: loaded once (the entry written), then again."""
    first, store = cache.load(world, entry)
    assert store is not None and not isinstance(first.scenes, LazyScenes)
    store()
    second, again = cache.load(world, entry)
    assert again is None, "the second load was not a hit"
    return second


def compiled(world: World) -> int:
    assert isinstance(world.scenes, LazyScenes)
    return world.scenes.compiled


def test_the_second_start_compiles_only_the_first_scene(tmp_path: Path) -> None:
    world = cached(IO_WORLD, tmp_path / "cache" / "io.json")
    assert compiled(world) == 0
    story = Story(world, 1)
    assert story.narration() and story.choices()
    assert compiled(world) == 1  # of IO's 91: the start scene, whose text and choices are on screen
    story.choose(story.choices()[0].id)  # the first choice builds the Machine: every scene compiled
    assert compiled(world) == len(world.scenes)


def test_a_cached_world_plays_exactly_as_a_loaded_one(tmp_path: Path) -> None:
    loaded, world = load_world(IO_WORLD), cached(IO_WORLD, tmp_path / "cache" / "io.json")
    assert (world.id, world.title, world.start, world.content_hash) == (
        loaded.id,
        loaded.title,
        loaded.start,
        loaded.content_hash,
    )
    assert (world.files, world.labels, world.status, dict(world.variables)) == (
        loaded.files,
        loaded.labels,
        loaded.status,
        dict(loaded.variables),
    )
    assert list(world.scenes) == list(loaded.scenes)
    for seed in range(3):
        rng = random.Random(seed)
        a, b = Story(loaded, seed), Story(world, seed)
        while not a.is_over and a.choices():
            assert [c.key for c in a.choices()] == [c.key for c in b.choices()]
            assert (a.narration(), a.variables) == (b.narration(), b.variables)
            pick = rng.choice(a.choices()).id
            a.choose(pick), b.choose(pick)
            assert (a.reply_text(), a.scene_id) == (b.reply_text(), b.scene_id)
        assert a.run == b.run  # the same steps, world hash and seed: saves and replays agree
    for scene_id, scene in loaded.scenes.items():  # every place in the world is where it was
        again = world.scenes[scene_id]
        assert (again.loc, [c.loc for c in again.choices]) == (scene.loc, [c.loc for c in scene.choices])


def test_a_changed_file_is_a_miss_and_its_error_is_reported(io_copy: Path, tmp_path: Path) -> None:
    entry = tmp_path / "cache" / "io.json"
    cached(io_copy, entry)
    station = io_copy / "scenes" / "10_station.yaml"
    station.write_text(station.read_text().replace("title:", "title: Changed", 1))
    world, store = cache.load(io_copy, entry)
    assert store is not None and not isinstance(world.scenes, LazyScenes)  # loaded in full
    assert any(scene.title.startswith("Changed") for scene in world.scenes.values())
    station.write_text(station.read_text() + "\nbroken: [\n")
    with pytest.raises(WorldError) as caught:
        cache.load(io_copy, entry)
    assert "10_station.yaml:" in str(caught.value.diagnostics[0])  # file:line:column, as ever


def test_a_new_scene_file_is_a_miss(io_copy: Path, tmp_path: Path) -> None:
    entry = tmp_path / "cache" / "io.json"
    cached(io_copy, entry)
    start = load_world(IO_WORLD).start
    (io_copy / "scenes" / "99_extra.yaml").write_text(f"extra:\n  title: Extra\n  text: More.\n  next: {start}\n")
    world, store = cache.load(io_copy, entry)
    assert store is not None and "extra" in world.scenes


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda data: data[:-10] + b"x" + data[-9:], id="one byte of a tree"),
        pytest.param(lambda data: data[: len(data) // 2], id="cut short"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"not json\n{}", id="not json"),
        pytest.param(
            lambda data: (
                json.dumps({**json.loads(data.partition(b"\n")[0]), "engine": "other"}).encode()
                + b"\n"
                + data.partition(b"\n")[2]
            ),
            id="other code",
        ),
    ],
)
def test_a_spoiled_entry_is_refused_and_rebuilt(tmp_path: Path, spoil) -> None:  # type: ignore[no-untyped-def]
    entry = tmp_path / "cache" / "io.json"
    cached(IO_WORLD, entry)
    path = entry
    path.write_bytes(spoil(path.read_bytes()))
    world, store = cache.load(IO_WORLD, entry)
    assert store is not None and not isinstance(world.scenes, LazyScenes)
    store()
    assert isinstance(cache.load(IO_WORLD, entry)[0].scenes, LazyScenes)  # rebuilt: the next start hits


def test_an_edit_of_the_loaders_code_makes_every_entry_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The code an entry stands for is known by the game's version and each source file's name, size
    and modification time (what Python checks before it trusts a .pyc): an edit or an upgrade that
    changes any of them is a miss."""
    package = Path(cache.__file__).resolve().parent.parent
    code = [Path(shutil.copytree(package / name, tmp_path / "code" / name)) for name in ("world", "support")]
    before = cache.code_digest(code, "1.0.0")
    assert cache.code_digest(code, "1.0.0") == before  # the same files: the same digest, start after start
    assert cache.code_digest(code, "1.0.1") != before  # an upgrade whose files kept their sizes and times
    assert cache.engine_digest() == cache.code_digest([package / "world", package / "support"], game.__version__)
    loader = code[0] / "loader.py"
    about = loader.stat()
    os.utime(loader, ns=(about.st_atime_ns, about.st_mtime_ns + 1))  # saved again, the same bytes
    touched = cache.code_digest(code, "1.0.0")
    assert touched != before
    loader.write_bytes(loader.read_bytes() + b"# an edit\n")
    os.utime(loader, ns=(about.st_atime_ns, about.st_mtime_ns + 1))  # the same time, another size
    assert cache.code_digest(code, "1.0.0") not in (before, touched)
    (code[1] / "new.py").write_text("")  # a module added
    assert cache.code_digest(code, "1.0.0") not in (before, touched)

    # An entry written by other code (another digest) loads the world in full, and is written again.
    entry = tmp_path / "cache" / "io.json"
    cached(IO_WORLD, entry)
    monkeypatch.setattr(cache, "engine_digest", lambda: touched)
    world, store = cache.load(IO_WORLD, entry)
    assert store is not None and not isinstance(world.scenes, LazyScenes)


def test_an_entry_edited_by_hand_is_never_trusted(tmp_path: Path) -> None:
    """A word of the first scene's text changed in the entry, and its JSON still valid (the length
    too): the start loads the world's own files, and plays them."""
    entry = tmp_path / "cache" / "io.json"
    world = cached(IO_WORLD, entry)
    narration = Story(world, 1).narration()
    word = max(narration.split(), key=len)
    data = entry.read_bytes()
    assert data.count(word.encode()) >= 1
    forged = data.replace(word.encode(), b"x" * len(word.encode()), 1)
    json.loads(forged.partition(b"\n")[2])  # still an entry, as far as its JSON goes
    entry.write_bytes(forged)
    again, store = cache.load(IO_WORLD, entry)
    assert store is not None and not isinstance(again.scenes, LazyScenes)
    assert Story(again, 1).narration() == narration


def test_an_entry_that_is_not_a_regular_file_or_too_large_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = tmp_path / "cache" / "io.json"
    entry.parent.mkdir()
    path = entry
    os.mkfifo(path)  # would block a plain open() for ever
    world, store = cache.load(IO_WORLD, entry)
    assert store is not None and world.id == "io"
    path.unlink()
    cached(IO_WORLD, entry)
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", path.stat().st_size - 1)
    assert cache.load(IO_WORLD, entry)[1] is not None  # over the cap: not read
    path.unlink()
    cache.load(IO_WORLD, entry)[1]()  # type: ignore[misc]
    assert not path.exists()  # nor written


START = """
import asyncio, sys
from pathlib import Path
from textual import events
from game.ui.app import IOApp
from game.ui.screens.game import GameScreen

async def play(pilot):
    pilot.app.post_message(events.Key("n", "n"))
    while not isinstance(pilot.app.screen, GameScreen):
        await asyncio.sleep(0.01)
    await pilot.pause()
    world = pilot.app.world
    print(pilot.app.header[0], "|", "yaml" in sys.modules, "|", world.scenes.compiled, len(world.scenes))
    pilot.app.exit()

IOApp(Path(sys.argv[1]), seed=1, saves_dir=Path(sys.argv[2]), reveal=False).run(
    headless=True, size=(80, 24), auto_pilot=play
)
"""


def test_the_second_start_reads_no_yaml_and_compiles_one_scene(tmp_path: Path) -> None:
    """The game as `io-game play` starts it, twice on one saves folder: the second start takes the
    title and the world from the cache (PyYAML never imported) and compiles only the first scene."""
    from game.ui.worldfiles import cache_entry

    saves = tmp_path / "saves"
    cache.load(IO_WORLD, cache_entry(saves, IO_WORLD))[1]()  # type: ignore[misc]  # as the first start does
    run = [sys.executable, "-c", START, str(IO_WORLD), str(saves)]
    done = subprocess.run(run, capture_output=True, text=True, timeout=120)
    title, yaml_imported, counts = done.stdout.strip().split(" | ")
    world = load_world(IO_WORLD)
    assert title == world.title and yaml_imported == "False"
    assert [int(count) for count in counts.split()] == [1, len(world.scenes)]
