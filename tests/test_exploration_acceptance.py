"""Issue 15's acceptance for exploration: a world with one bug of each kind planted, large enough
that naive exploration (every once-only record and visit count kept) exceeds 200,000 states.
`check --strict` reports every one and fails; without them the world is clean, with the exploration
complete. (Its time and memory are measured in bench/bench_explore.py, not here.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.worldgen import write_planted
from game.cli import main


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    code = main(["check", "--strict", "--format", "json", str(root)])
    return code, json.loads(capsys.readouterr().out)


def test_every_planted_bug_is_reported_and_strict_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = check(write_planted(tmp_path / "planted", rooms=24), capsys)
    assert code == 1 and report["complete"] is True
    found = {(w["code"], w["message"].split("'")[1]) for w in report["warnings"]}  # type: ignore[attr-defined]
    assert ("W109", "cellar") in found  # the dead end
    assert ("W103", "fly") in found  # the condition that can never hold
    assert ("W105", "rope") in found  # the variable never set
    assert ("W101", "attic") in found  # the orphan scene
    assert ("W111", "maze") in found  # the trap loop


def test_without_the_bugs_the_world_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = check(write_planted(tmp_path / "clean", rooms=24, bugs=False), capsys)
    assert code == 0 and report["complete"] is True and report["warnings"] == [] and report["notes"] == []
