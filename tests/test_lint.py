"""Lint: each warning code has a fixture world, found at the right file and line; `check` exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.authoring.lint import CODES, lint
from game.cli import main
from game.world import load_world
from tests.conftest import FIXTURES, LIGHTHOUSE

LINT = FIXTURES / "lint"

# fixture -> (code, file inside the world, line, words the message must hold)
EXPECTED = {
    "w101_unreachable": ("W101", "scenes/main.yaml", 8, "'lost'"),
    "w102_ending_unreached": ("W102", "scenes/main.yaml", 8, "'never'"),
    "w103_never_available": ("W103", "scenes/main.yaml", 12, "'fly'"),
    "w104_never_read": ("W104", "world.yaml", 6, "'unused'"),
    "w105_never_written": ("W105", "world.yaml", 5, "'fixed'"),
    "w106_constant": ("W106", "scenes/main.yaml", 13, "x >= 0"),
    "w107_clamped": ("W107", "scenes/main.yaml", 9, "max 3"),
    "w108_repeated": ("W108", "scenes/main.yaml", 10, "scene 'a'"),
    "w109_dead_end": ("W109", "scenes/main.yaml", 12, "'b'"),
    "w110_bound": ("W110", "world.yaml", 1, "2,000"),
    "w111_trap": ("W111", "scenes/main.yaml", 11, "'cellar', 'stairs'"),
    "w112_reply_unread": ("W112", "scenes/main.yaml", 13, "'fly'"),
    "w113_blank": ("W113", "scenes/main.yaml", 15, "scene 'b'"),
}


def test_every_code_has_a_fixture() -> None:
    assert sorted(code for code, *_ in EXPECTED.values()) == sorted(CODES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lint_finds_the_code_at_its_line(name: str) -> None:
    code, file, line, words = EXPECTED[name]
    world = load_world(LINT / name)
    result = lint(world, max_states=2_000)
    found = result.warnings + result.notes
    hits = [d for d in found if d.code == code]
    assert hits, f"{code} not found; got {[str(d) for d in found]}"
    hit = hits[0]
    assert Path(hit.location.file) == LINT / name / file
    assert hit.location.line == line
    assert hit.location.column >= 1
    assert hit.severity == ("note" if code == "W110" else "warning")
    assert words in hit.message
    assert hit.hint  # every finding says how to fix it


def test_the_clean_new_world_template_has_no_warning(tmp_path: Path) -> None:
    assert main(["new", str(tmp_path / "fresh")]) == 0
    assert lint(load_world(tmp_path / "fresh")).warnings == []


def test_constant_checks_use_reachable_states_not_the_text() -> None:
    # In the lighthouse, `oil > 0` is false once the oil runs out: not constant, so no W106 for it.
    found = lint(load_world(LIGHTHOUSE)).warnings
    assert [d.code for d in found] == ["W104"]  # only `log`, which nothing reads


def test_check_warnings_exit_0_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    world = str(LINT / "w101_unreachable")
    assert main(["check", world]) == 0
    out = capsys.readouterr().out
    assert "scenes/main.yaml:8:1: warning W101: no run reaches scene 'lost'" in out
    assert "1 warning" in out and "3 scenes, 2 choices, 1 endings" in out
    assert main(["check", world, "--strict"]) == 1


def test_check_errors_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FIXTURES / "broken" / "unknown_key")]) == 1
    assert "E011" in capsys.readouterr().out


def test_check_json_for_editors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(LINT / "w103_never_available"), "--format", "json", "--stats"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    assert {"code": "W103", "line": 12, "severity": "warning"}.items() <= data["warnings"][0].items()
    assert data["stats"]["scenes"] == 2
    assert list(data["stats"]["files"].values()) == [{"scenes": 2, "choices": 3, "endings": 1, "words": 5}]
    assert main(["check", str(FIXTURES / "broken" / "unknown_key"), "--format", "json"]) == 1
    broken = json.loads(capsys.readouterr().out)
    assert broken["ok"] is False and broken["errors"][0]["code"] == "E011"


def test_check_stats_per_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(LIGHTHOUSE), "--stats"]) == 0
    out = capsys.readouterr().out
    assert "scenes/tower.yaml" in out
    total = next(line for line in out.splitlines() if line.startswith("total"))
    assert total.split() == ["total", "4", "7", "1", "55"]


def test_the_bound_note_fails_strict_and_names_what_multiplies_the_states(
    capsys: pytest.CaptureFixture[str],
) -> None:
    world = str(LINT / "w110_bound")
    # (Without --strict it passes: the JSON check below. Each check here lints the world again.)
    assert main(["check", world, "--strict", "--max-states", "500"]) == 1  # could not check: not a pass
    out = capsys.readouterr().out
    # n counts up in twos: whether `n - 1 == 4` ever holds, and so whether the loop ever ends, is
    # what neither the exploration (more than 500 states) nor the intervals (n is 0 or more) can tell.
    assert "world.yaml:1:1: note W110: could not prove everything: the world has more than 500 reachable states" in out
    assert "could not settle W102 (ending never reached): 'end'; W103 (choice condition never holds): 'a.stop'" in out
    assert "W111 (a loop no ending can be reached from): 'a'" in out
    assert "The states multiply over: n (500 values)" in out
    assert main(["check", world, "--format", "json", "--max-states", "500"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["warnings"] == [] and data["notes"][0]["code"] == "W110" and data["complete"] is False
