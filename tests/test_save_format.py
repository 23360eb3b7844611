"""The save format as docs/saves.md states it: format 2 is written, format 1 is still read, and an
autosave encodes each step once however long the run grows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.engine import Story
from game.play.session import Session
from game.saves import FORMAT, SaveError, SaveStore, StepLog, autosave_slot, resume
from game.support.digest import sha256
from game.world import World
from tests.conftest import FIXTURES

EIGHT = ["trim", "write", "trim", "descend", "fetch_oil", "trim", "descend", "fetch_oil"]


def canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def test_an_autosave_holds_format_2_with_the_checksum_the_docs_define(tmp_path: Path, lighthouse: World) -> None:
    session = Session(lighthouse, SaveStore(tmp_path), seed=4)
    session.new_game()
    for choice in EIGHT:
        session.choose(choice)
    data = json.loads(session.store.path_for(autosave_slot("lighthouse")).read_text())
    assert FORMAT == 2 and data["format"] == 2
    assert data["steps"] == [[step.scene, step.choice] for step in session.story.steps]  # type: ignore[union-attr]
    # sha256 over the canonical JSON of the steps, then of every other field but the checksum.
    rest = {key: value for key, value in data.items() if key not in ("steps", "checksum")}
    assert data["checksum"] == "sha256:" + sha256(canonical(data["steps"]) + canonical(rest)).hexdigest()


def test_an_autosave_after_each_choice_writes_what_one_save_of_the_whole_run_writes(
    tmp_path: Path, lighthouse: World
) -> None:
    session = Session(lighthouse, SaveStore(tmp_path / "a"), seed=4)
    session.new_game()
    for choice in EIGHT:
        session.choose(choice)
    grown = session.store.path_for(autosave_slot("lighthouse")).read_text()
    assert session.story is not None
    once = SaveStore(tmp_path / "b")
    once.write("x", session.story, 0.0)
    fresh = once.path_for("x").read_text()

    def steps_part(text: str) -> str:
        return text[text.index('"steps"') : text.index('"created"')]

    assert steps_part(grown) == steps_part(fresh) and steps_part(grown).count("\n") == len(EIGHT) + 2  # one step a line
    assert resume(lighthouse, session.store.read(autosave_slot("lighthouse")))[0].scene_id == session.story.scene_id


def test_each_step_is_encoded_once_over_a_run_of_autosaves(
    tmp_path: Path, lighthouse: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoded: list[object] = []
    real = StepLog._extend

    def counting(self: StepLog, steps: list[object]) -> None:
        encoded.extend(steps)
        real(self, steps)  # type: ignore[arg-type]

    monkeypatch.setattr(StepLog, "_extend", counting)
    session = Session(lighthouse, SaveStore(tmp_path), seed=4)
    session.new_game()
    for choice in EIGHT:
        session.choose(choice)
    assert len(encoded) == len(EIGHT)  # not 1 + 2 + ... + 8: a save's cost does not grow with the run


def test_a_format_1_save_is_still_listed_loaded_and_checked(tmp_path: Path, lighthouse: World) -> None:
    shutil.copy(FIXTURES / "saves" / "lighthouse-release.json", tmp_path / "old.json")
    store = SaveStore(tmp_path)
    [info] = store.list()
    assert not info.broken and info.steps == 3
    story, divergence = resume(lighthouse, store.read("old", lighthouse))
    assert divergence is None and story.scene_id == "store"
    text = (tmp_path / "old.json").read_text()
    (tmp_path / "old.json").write_text(text.replace('"Ships guided": 2', '"Ships guided": 9'))
    with pytest.raises(SaveError, match="checksum does not match"):
        store.read("old")


def test_a_step_log_of_another_story_is_not_used(tmp_path: Path, lighthouse: World) -> None:
    one, other = Story(lighthouse, 4), Story(lighthouse, 4)
    one.choose("trim")
    other.choose("descend")
    log = StepLog(one)
    store = SaveStore(tmp_path)
    store.write("x", other, 0.0, log=log)
    assert [step.choice for step in store.read("x").run.steps] == ["descend"]
