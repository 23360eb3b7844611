"""The second world (worlds/night_ferry), written from docs/authoring.md: checked and playtested."""

from __future__ import annotations

from pathlib import Path

from game.authoring.lint import lint
from game.authoring.playtest import exhaustive_playtest, random_playtest
from game.cli import main
from game.world import load_world
from tests.conftest import ROOT

FERRY = ROOT / "worlds" / "night_ferry"


def test_night_ferry_checks_clean_under_strict() -> None:
    assert main(["check", str(FERRY), "--strict"]) == 0
    assert lint(load_world(FERRY)).warnings == []


def test_night_ferry_exhaustive_every_scene_and_ending_with_a_witness(tmp_path: Path) -> None:
    world = load_world(FERRY)
    report = exhaustive_playtest(world, out=tmp_path)
    assert report.exploration.complete
    assert set(report.witnesses) == set(world.scenes)
    assert report.dead_ends == [] and report.never_available == []
    assert {"free", "morning", "wreck"} <= {w.target for w in report.witnesses.values() if w.kind == "ending"}
    # Hiding the stowaway, and reaching the far quay, takes at least: cast_off, hold, hide_her, ...
    assert report.witnesses["free"].steps >= 6
    assert main(["replay", "--check", *(str(w.path) for w in report.witnesses.values() if w.path)]) == 0


def test_night_ferry_random_playtest_covers_everything_and_never_sticks() -> None:
    report = random_playtest(load_world(FERRY), 1_000, seed=2).as_dict()
    assert report["stuck"] == [] and report["too_long"] == 0
    assert report["scenes_never_reached"] == [] and report["choices_never_taken"] == []
    assert set(report["endings"]["runs"]) == {"free", "morning", "wreck"}
