"""Hostile saves: a save cannot point the game at files outside its folders.

A save names no file: the world is the one the player chose, and the only path a player or a save
gives is a slot name, which is cleaned into [a-z0-9_-]. These tests try ../ and absolute slot names,
save files that are links out of the folder, a serve namespace that climbs out, and a save whose
fields look like paths, and watch every file the game opens with an audit hook.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from game.engine import Story
from game.saves import SaveError, SaveStore, checksum, resume
from game.world import World

CLIMBS = [
    "../../etc/passwd",
    "/etc/passwd",
    "..",
    "../",
    "a/../../b",
    "C:\\Windows\\x",
    "\x00x",
    "~root",
    "x" * 500,
    "..\\..\\x",
    "%2e%2e%2fx",
    "\u202e../x",
    "saves/../../x",
]


@pytest.mark.parametrize("name", CLIMBS)
def test_a_slot_name_never_leaves_the_saves_folder(tmp_path: Path, lighthouse: World, name: str) -> None:
    store = SaveStore(tmp_path / "saves")
    try:
        path = store.path_for(name)
    except SaveError as error:
        assert "no letters or digits" in str(error)
        return
    assert path.parent == store.folder and path.suffix == ".json", path
    story = Story(lighthouse, seed=1)
    store.write(name, story, 1.0)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written == [path], written  # nothing anywhere else
    assert store.read(name, lighthouse).run.seed == 1


@pytest.mark.parametrize("namespace", ["../../x", "/etc", "..", "a/b"])
def test_a_serve_namespace_never_leaves_the_saves_folder(tmp_path: Path, namespace: str) -> None:
    try:
        store = SaveStore(tmp_path / "saves", namespace=namespace)
    except SaveError:
        return  # refused outright
    assert store.folder.parent == tmp_path / "saves"


def test_a_save_file_that_links_outside_is_refused_and_never_written_through(tmp_path: Path, lighthouse: World) -> None:
    saves = tmp_path / "saves"
    elsewhere = tmp_path / "other-player"
    elsewhere.mkdir()
    secret = elsewhere / "theirs.json"
    story = Story(lighthouse, seed=9)
    SaveStore(elsewhere).write("theirs", story, 1.0)
    before = secret.read_bytes()
    saves.mkdir()
    (saves / "mine.json").symlink_to(secret)
    (saves / "passwd.json").symlink_to("/etc/passwd")
    store = SaveStore(saves)
    for slot in ("mine", "passwd"):
        with pytest.raises(SaveError, match="links to a place outside the saves folder"):
            store.read(slot, lighthouse)
    listed = {info.slot: info for info in store.list()}
    assert listed["mine"].broken and listed["passwd"].broken
    # Saving over the link replaces the link itself: the file it pointed at is untouched.
    story = Story(lighthouse, seed=1)
    store.write("mine", story, 1.0)
    assert secret.read_bytes() == before
    assert not (saves / "mine.json").is_symlink()


def test_a_link_inside_the_saves_folder_still_reads(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    story = Story(lighthouse, seed=4)
    store.write("real", story, 1.0)
    (tmp_path / "alias.json").symlink_to(tmp_path / "real.json")
    assert store.read("alias", lighthouse).run.seed == 4


@contextmanager
def opened_files() -> Iterator[list[str]]:
    """Every file Python opens while the block runs (audit hooks cannot be removed: this one idles)."""
    seen: list[str] = []
    active = [True]

    def hook(event: str, args: tuple[object, ...]) -> None:
        if active[0] and event == "open" and isinstance(args[0], (str, Path)):
            seen.append(str(args[0]))

    sys.addaudithook(hook)
    try:
        yield seen
    finally:
        active[0] = False


def test_a_save_whose_fields_look_like_paths_opens_nothing_outside(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path / "saves")
    story = Story(lighthouse, seed=2)
    store.write("paths", story, 1.0)
    path = store.path_for("paths")
    data = json.loads(path.read_text())
    data["world"]["id"] = "../../../etc"
    data["world"]["path"] = "/etc/passwd"
    data["start"] = "../../etc/passwd"
    data["steps"] = [["/etc/passwd", "../x"]]
    data["summary"]["steps"] = 1
    data["checksum"] = checksum(data)
    path.write_text(json.dumps(data))
    with opened_files() as seen:
        try:
            resume(lighthouse, store.read("paths"))
        except SaveError as error:
            message = str(error)
        else:
            raise AssertionError("a save of another world resumed")
    assert "world_id must be a world id" in message  # refused by the id rules before anything is looked up
    assert seen and all(Path(name).resolve().is_relative_to(store.folder.resolve()) for name in seen), seen
