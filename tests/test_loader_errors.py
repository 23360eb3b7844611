"""Every kind of broken world is refused with file:line:column, what is wrong and how to mend it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from game.cli import main
from game.world import WorldError, load_world
from tests.conftest import FIXTURES

BROKEN = FIXTURES / "broken"

# fixture folder -> (error code, file, line, column, words the message must hold)
CASES = {
    "unknown_target": ("E022", "scenes/main.yaml", 7, 11, "did you mean 'garden'"),
    "duplicate_scene": ("E020", "scenes/b.yaml", 1, 1, "defined twice"),
    "duplicate_choice": ("E021", "scenes/main.yaml", 10, 7, "appears twice"),
    "undeclared_variable": ("E031", "scenes/main.yaml", 8, 11, "undeclared variable 'gold'"),
    "bad_expression": ("E030", "scenes/main.yaml", 8, 18, "ends too early"),
    "add_to_flag": ("E032", "scenes/main.yaml", 9, 16, "needs a number"),
    "text_vs_number": ("E032", "scenes/main.yaml", 8, 16, "cannot compare text with number"),
    "missing_start": ("E023", "world.yaml", 4, 8, "start scene 'foyer' does not exist"),
    "no_choices": ("E024", "scenes/main.yaml", 14, 1, "no choices and is not an ending"),
    "unknown_key": ("E011", "scenes/main.yaml", 4, 3, "did you mean 'choices'"),
    "not_yaml": ("E002", "scenes/main.yaml", 4, 10, "the '[' opened at line 3 is not closed"),
    "duplicate_key": ("E005", "scenes/main.yaml", 4, 3, "duplicate key 'title'"),
    "alias": ("E004", "scenes/main.yaml", 2, 10, "anchor &t"),
    "control_character": ("E006", "scenes/main.yaml", 3, 9, "U+001B"),
    "python_tag": ("E003", "scenes/main.yaml", 3, 9, "python/object"),
    "dunder_import": ("E033", "scenes/main.yaml", 8, 11, "__import__"),
    "missing_world_file": ("E001", "world.yaml", 1, 1, "file not found"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_world_is_refused_at_its_location(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, file, line, column, words = CASES[name]
    world = BROKEN / name
    assert main(["check", str(world)]) == 1
    out = capsys.readouterr().out
    expected = f"{world / file}:{line}:{column}: error {code}:"
    assert expected in out, out
    assert words in out
    # one fault, one message: no cascade of follow-on errors
    assert out.count(": error ") == 1, out


def test_all_errors_of_a_world_are_reported_together(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: w\ntitle: W\nstart: a\nvariables:\n  n: {initial: 0}\n")
    (tmp_path / "scenes" / "s.yaml").write_text(
        "a:\n  title: A\n  text: x\n  choices:\n"
        "    - {id: one, text: One, to: nowhere}\n"
        "    - {id: two, text: Two, to: a, if: m > 1}\n"
        "    - {id: three, text: Three, to: a, do: n += true}\n"
        "b:\n  title: B\n  text: y\n"
    )
    with pytest.raises(WorldError) as caught:
        load_world(tmp_path)
    codes = sorted(d.code for d in caught.value.diagnostics)
    assert codes == ["E022", "E024", "E031", "E032"]


def test_check_passes_a_valid_world_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FIXTURES / "worlds" / "lighthouse"), "--no-lint"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1  # lint warnings (which exit 0) are tested in test_lint.py
    assert "ok" in out[0] and "4 scenes" in out[0] and "1 endings" in out[0]


def test_console_script_exit_code_on_a_broken_world() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "game", "check", str(BROKEN / "python_tag")], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "E003" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_merge_key_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: w\ntitle: W\nstart: a\n<<: {version: 2}\n")
    (tmp_path / "scenes" / "s.yaml").write_text("a:\n  title: A\n  text: x\n  ending: {title: E}\n")
    with pytest.raises(WorldError) as caught:
        load_world(tmp_path)
    assert [d.code for d in caught.value.diagnostics] == ["E004"]
    assert caught.value.diagnostics[0].location.line == 4


def test_visited_may_name_a_scene_of_a_later_file_but_not_an_unknown_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: w\ntitle: W\nstart: a\n")
    (tmp_path / "scenes" / "1.yaml").write_text(
        'a:\n  title: A\n  text: x\n  choices:\n    - {id: go, text: Go, to: b, if: "visits(\\"b\\") < 2"}\n'
    )
    (tmp_path / "scenes" / "2.yaml").write_text("b:\n  title: B\n  text: y\n  ending: {title: E}\n")
    assert load_world(tmp_path).scenes["a"].choices[0].condition is not None
    (tmp_path / "scenes" / "1.yaml").write_text(
        'a:\n  title: A\n  text: x\n  choices:\n    - {id: go, text: Go, to: b, if: "true and visited(\\"c\\")"}\n'
    )
    with pytest.raises(WorldError) as caught:
        load_world(tmp_path)
    codes = sorted(d.code for d in caught.value.diagnostics)
    assert "E034" in codes
    unknown = next(d for d in caught.value.diagnostics if d.code == "E034")
    assert "visited() names unknown scene 'c'" in unknown.message
    assert (unknown.location.line, unknown.location.column) == (5, 37)  # escapes in the text: its start


def test_errors_in_text_spread_over_lines_point_at_its_start_not_past_the_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: w\ntitle: W\nstart: a\nvariables:\n  n: {initial: 0}\n")
    (tmp_path / "scenes" / "s.yaml").write_text(
        "a:\n  title: A\n  text: x\n  choices:\n    - id: go\n      text: Go\n      to: a\n"
        "      if: >-\n        n > 1 and\n        m < 2\n"
    )
    with pytest.raises(WorldError) as caught:
        load_world(tmp_path)
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.location.line, diagnostic.location.column) == ("E031", 8, 11)


def test_a_control_character_after_accented_text_is_found_at_its_column(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """libyaml reports the place in bytes; the column is in characters."""
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: w\ntitle: Été été\nstart: a\n")
    (tmp_path / "scenes" / "s.yaml").write_text("a:\n  title: Déjà vu\n  text: x\x01y\n  ending: {title: E}\n")
    with pytest.raises(WorldError) as caught:
        load_world(tmp_path)
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.location.line, diagnostic.location.column) == ("E006", 3, 10)
