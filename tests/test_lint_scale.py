"""Lint on a large world: the exact bound shrinks with the world's size, the abstraction is not
tried when it cannot finish, and W110 says so and names what was not checked (`--strict` fails on
it: a check that could not run is not a pass)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.worldgen import write_realistic
from game.authoring.lint import ABSTRACT_WORK_SCENES, LINT_MAX_STATES, LINT_STATES_SCENES
from game.cli import main
from game.world import load_world


def _check(root: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", "--strict", "--format", "json", *options, str(root)])
    return code, json.loads(capsys.readouterr().out)


def test_past_its_budget_the_abstraction_is_not_tried_and_w110_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every scene here is reached along choices with no condition, so the abstraction would work
    # on a state per scene at least, past its budget (2,000,000 / scenes, at least 1,000).
    root = write_realistic(tmp_path / "road", 1_500)
    scenes = len(load_world(root).scenes)
    budget = max(1_000, ABSTRACT_WORK_SCENES // scenes)
    assert budget < scenes
    code, report = _check(root, capsys, "--max-states", "2000")
    assert code == 1 and report["complete"] is False
    (note,) = report["notes"]
    assert note["code"] == "W110"
    assert "it has more than 2,000 reachable states" in note["message"]
    assert f"the abstraction with intervals was not tried: its budget of {budget:,} states" in note["message"]
    assert "W112 (replies never read) and W113 (empty texts)" in note["message"]
    assert "raise --max-states" in note["hint"]


@pytest.mark.slow
def test_past_2000_scenes_the_exact_bound_is_100_000_000_divided_by_the_scenes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_realistic(tmp_path / "road", 2_100)
    bound = LINT_STATES_SCENES // len(load_world(root).scenes)
    assert bound < LINT_MAX_STATES
    code, report = _check(root, capsys)
    assert code == 1 and f"it has more than {bound:,} reachable states" in report["notes"][0]["message"]
