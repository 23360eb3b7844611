"""Names and values from outside (file names, keys, values) are shown escaped, and one fault is
reported once, as the cause, not buried under its consequences (issues 15 and 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.authoring.deadends import prove_no_dead_ends
from game.authoring.lint import lint
from game.world import WorldError, load_world
from tests.conftest import FIXTURES

WORLD = "id: w\ntitle: W\nstart: a\nvariables:\n  n: {initial: 0, min: 0, max: 5}\n  mood: {initial: calm}\n"
ENDING = "b:\n  title: B\n  text: y\n  ending: {title: E}\n"


def make(root: Path, scenes: dict[str, str], world: str = WORLD) -> Path:
    (root / "scenes").mkdir(parents=True)
    (root / "world.yaml").write_text(world)
    for name, text in scenes.items():
        (root / "scenes" / name).write_text(text)
    return root


def scene(scene_id: str, *choices: str) -> str:
    return f"{scene_id}:\n  title: T\n  text: x\n  choices:\n" + "".join(f"    - {c}\n" for c in choices)


def codes(root: Path) -> list[str]:
    with pytest.raises(WorldError) as caught:
        load_world(root)
    return [d.code for d in caught.value.diagnostics]


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        check=False,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


# --- the dead-end prover ----------------------------------------------------------------------------


@pytest.mark.parametrize("condition", ['visits("a") > 0', "chance(50) == true", 'visited("a") != false'])
def test_the_prover_takes_visits_chance_and_visited_compared_with_literals(tmp_path: Path, condition: str) -> None:
    root = make(tmp_path / "w", {"s.yaml": scene("a", f"{{id: go, text: Go, to: b, if: '{condition}'}}") + ENDING})
    proof = prove_no_dead_ends(load_world(root))  # raised KeyError before
    assert set(proof.proved) | set(proof.unproved) == {"a"}


def test_a_scene_is_visited_in_itself(tmp_path: Path) -> None:
    choices = ["{id: one, text: One, to: b, if: 'visits(\"a\") > 0'}", "{id: two, text: Two, to: b, if: 'chance(50)'}"]
    root = make(tmp_path / "w", {"s.yaml": scene("a", *choices) + ENDING})
    assert prove_no_dead_ends(load_world(root)).proved == ["a"]


def test_the_prover_writes_values_as_the_language_does(tmp_path: Path) -> None:
    world = WORLD + "  lamp: {initial: false}\n"
    choices = ["{id: go, text: Go, to: b, if: 'lamp and mood == \"calm\"'}"]
    root = make(tmp_path / "w", {"s.yaml": scene("a", *choices) + ENDING}, world)
    why = prove_no_dead_ends(load_world(root)).unproved["a"]
    assert why == "no choice is offered when lamp = false, mood = any other text"
    assert "False" not in why and "<U+0000>" not in why and "\0" not in why


def test_lint_writes_initial_values_as_the_language_does(tmp_path: Path) -> None:
    world = WORLD + "  lamp: {initial: false}\n"
    root = make(tmp_path / "w", {"s.yaml": scene("a", "{id: go, text: Go, to: b}") + ENDING}, world)
    messages = [d.message for d in lint(load_world(root)).warnings if d.code == "W105"]
    assert any("initial value false" in m for m in messages) and any('initial value "calm"' in m for m in messages)
    assert not any("False" in m or "'calm'" in m for m in messages)


# --- one fault, reported as the cause ----------------------------------------------------------------


def test_a_broken_file_does_not_make_references_to_its_scenes_errors(tmp_path: Path) -> None:
    other = scene("a", '{id: go, text: Go, to: c, if: \'visited("c") or visits("c") > 1\'}')
    root = make(tmp_path / "w", {"a.yaml": other + ENDING, "c.yaml": "c: [\n"})
    assert codes(root) == ["E002"]  # not E034 or E022 for the scene the broken file holds


def test_a_badly_named_variable_is_reported_not_its_uses(tmp_path: Path) -> None:
    world = WORLD + "  Bad: {initial: 1}\n  worse: {min: 1}\n"
    uses = scene("a", "{id: go, text: Go, to: b, if: 'Bad > 0 and worse > 1', do: Bad += 1}")
    root = make(tmp_path / "w", {"s.yaml": uses + ENDING}, world)
    assert sorted(codes(root)) == ["E012", "E013"]  # no E031 for each use


def test_the_hint_for_a_bad_scene_argument_names_no_other_world(tmp_path: Path) -> None:
    root = make(tmp_path / "w", {"s.yaml": scene("a", "{id: go, text: Go, to: b, if: visited(a)}") + ENDING})
    with pytest.raises(WorldError) as caught:
        load_world(root)
    assert "greenhouse" not in str(caught.value) and "E030" in str(caught.value)


@pytest.mark.parametrize("where", ["world", "scene", "ending"])
def test_an_empty_title_is_refused(tmp_path: Path, where: str) -> None:
    world = WORLD.replace("title: W", 'title: ""') if where == "world" else WORLD
    text = scene("a", "{id: go, text: Go, to: b}") + ENDING
    if where == "scene":
        text = text.replace("title: T", "title: '  '")
    if where == "ending":
        text = text.replace("{title: E}", '{title: ""}')
    root = make(tmp_path / "w", {"s.yaml": text}, world)
    with pytest.raises(WorldError) as caught:
        load_world(root)
    assert [d.code for d in caught.value.diagnostics] == ["E010"]
    assert "title" in caught.value.diagnostics[0].message


# --- file names ---------------------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_refused_and_shown_escaped(tmp_path: Path) -> None:
    root = make(tmp_path / "w", {"s.yaml": scene("a", "{id: go, text: Go, to: b}") + ENDING})
    (root / "scenes" / os.fsdecode(b"bad\x9b\xff.yaml")).write_text("c: [\n")
    # The C locale: Python writes a lone surrogate back as the raw byte (0x9B is a one-byte CSI).
    done = cli("check", str(root), env={"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"})
    output = done.stdout + done.stderr
    assert done.returncode == 1 and b"Traceback" not in output and b"internal error" not in output
    assert b"\x9b" not in output and b"\xff" not in output
    assert b"bad<U+DC9B><U+DCFF>.yaml:1:1: error E001: the file name is not valid UTF-8" in output
    done = cli("check", "--format", "json", str(root))
    report = json.loads(done.stdout)
    assert report["errors"][0]["file"].endswith("bad<U+DC9B><U+DCFF>.yaml")


def test_a_newline_in_a_file_name_cannot_forge_a_line(tmp_path: Path) -> None:
    forged = "x\nforged.yaml:1:1: error E999: fake.yaml"
    root = make(tmp_path / "w", {"s.yaml": scene("a", "{id: go, text: Go, to: b}") + ENDING, forged: "c: [\n"})
    done = cli("check", str(root))
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 1 and "E999" in lines[0] and lines[0].startswith(str(root))
    assert "<U+000A>" in lines[0]
    (root / "scenes" / forged).unlink()
    (root / "scenes" / "ok\tname.yaml").write_text("c:\n  title: C\n  text: z\n  ending: {title: F}\n")
    done = cli("check", "--stats", str(root))
    assert b"\t" not in done.stdout and b"ok<U+0009>name.yaml" in done.stdout


def test_the_fixture_trap_still_names_its_variable() -> None:
    assert "rope = false" in prove_no_dead_ends(load_world(FIXTURES / "trap")).unproved["vault"]


def test_scripted_plain_play_ending_at_a_dead_end_says_so_and_fails(tmp_path: Path) -> None:
    trap = "a:\n  title: A\n  text: x\n  choices:\n    - {id: go, text: Go, to: c}\nc:\n  title: C\n  text: z\n"
    trap += "  choices:\n    - {id: out, text: Out, to: b, if: n > 3}\n" + ENDING
    root = make(tmp_path / "w", {"s.yaml": trap})
    done = cli("play", "--plain", "--choices", "1", str(root))
    assert done.returncode == 1 and b"dead end" in done.stdout
