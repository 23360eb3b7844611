"""Saves from a stranger are bounded: no pipe waited on, no run longer than a run may be, nothing
claimed that the world could not hold (a start at an ending, numbers past every bound)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game.engine import Story
from game.engine.run import MAX_STEPS, Run, RunError
from game.saves import SaveError, SaveStore, autosave_slot, checksum, resume
from game.support.readable_json import render
from game.world import World
from tests.conftest import LIGHTHOUSE
from tests.test_saves import cli


def tamper(path: Path, change: object) -> None:
    """Edit a save and recompute its checksum, as a careful tamperer would."""
    data = json.loads(path.read_text())
    change(data)  # type: ignore[operator]
    data["checksum"] = checksum(data)
    path.write_text(render(data))


def a_save(store: SaveStore, world: World, slot: str = "one") -> Path:
    story = Story(world, 3)
    story.choose("trim")
    store.write(slot, story, 5.0)
    return store.path_for(slot)


def test_pipes_in_the_saves_folder_are_never_waited_on(tmp_path: Path, lighthouse: World) -> None:
    # The child process would block for ever on a FIFO opened for reading; the timeout only stops
    # a test that regressed from hanging CI, it measures nothing.
    store = SaveStore(tmp_path)
    a_save(store, lighthouse)
    os.mkfifo(tmp_path / "pipe.json")
    os.mkfifo(tmp_path / ".endings.json")
    listed = cli("saves", "--saves-dir", str(tmp_path))
    assert listed.returncode == 0 and "  one " in listed.stdout and "  pipe " not in listed.stdout
    played = cli("play", "--plain", str(LIGHTHOUSE), "--seed", "1", "--saves-dir", str(tmp_path), stdin="1\n1\n2\n2\n")
    assert "*** The end: A quiet night ***" in played.stdout
    with pytest.raises(SaveError, match="not a regular file"):
        store.read("pipe")
    assert store.endings_found(lighthouse) == {"dawn"}  # the record replaced the pipe, atomically


def test_a_run_longer_than_a_run_may_be_is_refused_by_name(tmp_path: Path, lighthouse: World) -> None:
    data = Story(lighthouse, 1).run.as_dict()
    data["steps"] = [["lamp_room", "trim"]] * (MAX_STEPS + 1)
    with pytest.raises(RunError, match=f"more than the {MAX_STEPS:,} a run may have"):
        Run.from_dict(data)
    path = a_save(SaveStore(tmp_path), lighthouse)
    tamper(path, lambda d: d.update(steps=data["steps"]) or d["summary"].update(steps=MAX_STEPS + 1))
    with pytest.raises(SaveError, match="a run may have"):
        SaveStore(tmp_path).read("one")


def test_a_save_that_starts_at_an_ending_is_refused(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    path = a_save(store, lighthouse)
    tamper(path, lambda d: d.update(start="dawn", steps=[]) or d["summary"].update(steps=0))
    with pytest.raises(SaveError, match="starts at an ending"):
        resume(lighthouse, store.read("one", lighthouse))


@pytest.mark.parametrize("where", ["status", "overrides"])
def test_numbers_past_every_bound_are_refused(tmp_path: Path, lighthouse: World, where: str) -> None:
    store = SaveStore(tmp_path)
    path = a_save(store, lighthouse)
    huge = 10**19

    def change(data: dict[str, object]) -> None:
        if where == "status":
            data["summary"]["status"]["Oil"] = huge  # type: ignore[index]
        else:
            data["overrides"] = {"ships": huge}

    tamper(path, change)
    with pytest.raises(SaveError, match="numbers must lie within"):
        store.read("one")


def test_set_values_are_kept_within_the_variables_bounds(tmp_path: Path, lighthouse: World) -> None:
    oil = lighthouse.variables["oil"]
    assert oil.maximum is not None
    story = Story(lighthouse, 1, overrides=[("oil", 10**9)])
    assert story.variables["oil"] == oil.maximum
    assert dict(story.run.overrides) == {"oil": oil.maximum}  # a save holds the value that applies
    result = cli(
        "play", "--plain", str(LIGHTHOUSE), "--set", "oil=999", "--seed", "1", "--saves-dir", str(tmp_path), stdin="2\n"
    )
    assert result.returncode == 0
    saved = SaveStore(tmp_path).read(autosave_slot("lighthouse"), lighthouse)
    assert dict(saved.run.overrides) == {"oil": oil.maximum}


def test_saves_check_shows_what_the_replay_gives_not_what_the_file_claims(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    path = a_save(store, lighthouse)
    # Claimed for another version of the world (so the summary is not compared) and a fake place.
    tamper(path, lambda d: d["world"].update(hash="0" * 64) or d["summary"].update(scene_title="The Moon"))
    result = cli("saves", "--saves-dir", str(tmp_path), "--check", str(LIGHTHOUSE))
    assert result.returncode == 0
    assert "to 'The lamp room'" in result.stdout and "The Moon" not in result.stdout
