"""Rules of the save format (docs/saves.md) a mutation sample showed untested: each bad save is
refused with a message that says what is wrong and what to do; a write reports what it saved."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from game.engine import Story
from game.saves import SaveError, SaveStore, checksum, read_save, resume
from game.world import World


def saved(tmp_path: Path, lighthouse: World, **changes: Any) -> Path:
    """A real save of two steps, then edited as a person would (checksum recomputed)."""
    store = SaveStore(tmp_path)
    story = Story(lighthouse, 3)
    for _ in range(2):
        story.choose(story.choices()[0].id)
    store.write("run", story, 12.5)
    path = store.path_for("run")
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["checksum"]
    data.update(changes)
    data["checksum"] = checksum(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("played", [-1, 2 * 10**12, "12"])
def test_played_time_is_a_number_of_seconds_from_0_to_10_to_the_12(
    tmp_path: Path, lighthouse: World, played: Any
) -> None:
    with pytest.raises(SaveError, match="'played_seconds' must be a number of seconds"):
        read_save(saved(tmp_path, lighthouse, played_seconds=played))


def test_the_largest_played_time_still_reads(tmp_path: Path, lighthouse: World) -> None:
    assert read_save(saved(tmp_path, lighthouse, played_seconds=10**12)).info.played_seconds == 10**12


def test_the_summary_is_an_object(tmp_path: Path, lighthouse: World) -> None:
    with pytest.raises(SaveError, match="'summary' must be an object"):
        read_save(saved(tmp_path, lighthouse, summary=[]))


def test_a_save_over_16_mb_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(17 * 2**20)
    with pytest.raises(SaveError, match=r"is too large to be a save \(over 16 MB\); load another save"):
        read_save(path)


def test_a_save_that_starts_at_an_ending_is_refused(tmp_path: Path, lighthouse: World) -> None:
    ending = next(scene.id for scene in lighthouse.scenes.values() if scene.ending is not None)
    store = SaveStore(tmp_path)
    store.write("ending", Story(lighthouse, 3, start=ending), 1.0)
    save = store.read("ending", lighthouse)
    with pytest.raises(SaveError, match="starts at an ending, where no run can begin; delete it or load another save"):
        resume(lighthouse, save)


def test_a_save_whose_set_variable_is_gone_no_longer_fits(tmp_path: Path, lighthouse: World) -> None:
    save = read_save(saved(tmp_path, lighthouse, overrides={"gone": 1}))
    with pytest.raises(SaveError, match=r"no longer fits this world \(no variable 'gone' in this world\); start a new"):
        resume(lighthouse, save)


def test_a_write_reports_what_it_saved(tmp_path: Path, lighthouse: World) -> None:
    story = Story(lighthouse, 3)
    story.choose(story.choices()[0].id)
    info = SaveStore(tmp_path).write("run", story, 1.0)
    assert (info.slot, info.scene_title, info.steps, info.ending) == ("run", story.scene.title, 1, None)
    assert (info.world_id, info.played_seconds) == (lighthouse.id, 1.0)
