"""Replays: the step-through cursor, transcripts, `io-game replay` and golden runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Run, Story
from game.engine.replay import ReplayCursor, markdown, transcript
from game.saves import SaveStore
from game.world import World, load_world
from tests.conftest import LIGHTHOUSE, ROOT

LONG = ["write", "watch", "back", "trim", "trim", "trim", "descend", "fetch_oil", "trim", "descend", "sleep"]


def run_of(world: World, choices: list[str], seed: int = 6) -> Run:
    story = Story(world, seed)
    for choice in choices:
        story.choose(choice)
    return story.run


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True, timeout=60
    )


# --- the cursor -------------------------------------------------------------------------------------


def test_the_cursor_walks_forwards_and_back_and_says_what_changed(lighthouse: World) -> None:
    cursor = ReplayCursor(lighthouse, run_of(lighthouse, LONG))
    assert len(cursor) == 11 and cursor.at_start and cursor.change is None
    assert cursor.story.state == "lamp_room"
    first = cursor.next()
    assert first is not None and first.index == 1 and first.choice_text == "Write in the log"
    assert first.number == 4  # the fourth choice offered then
    assert first.variables == {"log": ("", "kept")}
    assert first.describe() == ['log: "" -> "kept"', "visits to lamp_room: 1 -> 2"]
    story = cursor.go(6)  # after three trims the lamp is dry
    assert story.variables["oil"] == 0 and "The lamp is dry" in story.narration()
    change = cursor.change
    assert change is not None and change.variables == {"oil": (1, 0), "ships": (2, 3)}
    back = cursor.previous()
    assert cursor.position == 5 and back is not None and back.variables == {"oil": (2, 1), "ships": (1, 2)}
    assert cursor.story.variables["oil"] == 1
    cursor.go(99)
    assert cursor.at_end and cursor.story.is_over and cursor.next() is None
    cursor.go(-5)
    assert cursor.at_start and cursor.story.variables == lighthouse.initial_variables()
    assert cursor.previous() is None


def test_a_fork_is_a_new_independent_story_from_that_step(lighthouse: World) -> None:
    cursor = ReplayCursor(lighthouse, run_of(lighthouse, LONG))
    cursor.go(7)
    fork = cursor.fork()
    assert fork.state == "store" and len(fork.steps) == 7
    fork.choose("fetch_oil")
    fork.choose("trim")
    assert fork.variables["ships"] == 4
    assert cursor.position == 7 and cursor.story.state == "store"  # the replay is untouched
    early = cursor.fork(2)
    assert early.state == "horizon" and early.run.steps == cursor.run.steps[:2]


def test_the_cursor_stops_where_a_changed_world_diverges(lighthouse: World) -> None:
    bad = Run("lighthouse", "", 6, (*run_of(lighthouse, LONG[:3]).steps, *run_of(lighthouse, ["descend"]).steps))
    tampered = Run(bad.world_id, bad.world_hash, bad.seed, (*bad.steps, bad.steps[0]))
    cursor = ReplayCursor(lighthouse, tampered)
    assert len(cursor) == 4 and cursor.divergence is not None
    assert cursor.divergence.index == 5 and "not 'lamp_room'" in cursor.divergence.reason
    cursor.go(99)
    assert cursor.story.state == "store"


def test_the_transcript_is_what_play_printed(lighthouse: World) -> None:
    played = cli("play", "--plain", str(LIGHTHOUSE), "--seed", "6", "--choices", ",".join(LONG))
    assert played.returncode == 0
    assert transcript(lighthouse, run_of(lighthouse, LONG)) == played.stdout


def test_markdown_export_escapes_world_text(tmp_path: Path) -> None:
    folder = tmp_path / "world"
    shutil.copytree(LIGHTHOUSE, folder)
    scenes = folder / "scenes" / "tower.yaml"
    scenes.write_text(
        scenes.read_text().replace("Barrels, rope,", r"Barrels \*and\* [rope](http://x) <b>,")
    )  # \*: a star, not emphasis
    world = load_world(folder)
    text = markdown(world, run_of(world, ["trim", "trim", "descend", "sleep"]))
    assert text.startswith("# The Lighthouse Keeper\n")
    assert "## The store room" in text and "**The end: A quiet night**" in text
    assert r"Barrels \*and\* \[rope\](http://x) \<b>," in text
    assert "> **1. Trim the wick**" in text and "> - oil: 3 -> 2" in text


# --- io-game replay ---------------------------------------------------------------------------------


@pytest.fixture
def saves(tmp_path: Path, lighthouse: World) -> Path:
    store = SaveStore(tmp_path / "saves")
    story = Story(lighthouse, 6)
    for choice in LONG:
        story.choose(choice)
    store.write("night", story, 30)
    return tmp_path / "saves"


def test_replay_prints_the_transcript_and_stops_at_to(saves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["replay", "night", "--world", str(LIGHTHOUSE), "--saves-dir", str(saves)]
    assert main(args) == 0
    whole = capsys.readouterr().out
    assert whole.count("> ") == 11 and whole.rstrip().endswith("*** The end: A quiet night ***")
    assert main([*args, "--to", "2"]) == 0
    part = capsys.readouterr().out
    assert part.count("> ") == 2 and part.rstrip().endswith("  1. Go back to the lamp")
    assert main(["replay", str(saves / "night.json"), "--world", str(LIGHTHOUSE)]) == 0  # a file path works
    assert capsys.readouterr().out == whole
    assert main(["replay", "--world", str(LIGHTHOUSE), "--saves-dir", str(saves)]) == 0  # the newest save
    assert capsys.readouterr().out == whole


def test_replay_json_is_one_object_a_step(saves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "night", "--json", "--to", "4", "--world", str(LIGHTHOUSE), "--saves-dir", str(saves)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["step"] for r in records] == [1, 2, 3, 4]
    assert records[1] == {
        "step": 2,
        "scene": "lamp_room",
        "choice": "watch",
        "choice_text": "Watch the horizon",
        "to": "horizon",
        "changed": {"storm": [False, True]},  # chance(50) came up, for seed 6 at step 2
        "visits": {"horizon": [0, 1]},
        "variables": {"oil": 3, "ships": 0, "storm": True, "log": "kept"},
        "ending": None,
    }
    assert records[3]["changed"] == {"oil": [3, 2], "ships": [0, 1]}


def test_replay_step_waits_for_enter_and_q_stops(saves: Path) -> None:
    base = ("replay", "night", "--step", "--world", str(LIGHTHOUSE), "--saves-dir", str(saves))
    stopped = cli(*base, stdin="\n\nq\n")
    assert stopped.returncode == 0
    assert stopped.stdout.count("Enter for the next step") == 3
    assert stopped.stdout.count("\n> ") == 2 and 'log: "" -> "kept"' in stopped.stdout
    whole = cli(*base, stdin="")  # no input: shows the rest without waiting
    assert whole.returncode == 0 and whole.stdout.count("\n> ") == 11
    assert "*** The end: A quiet night ***" in whole.stdout


def test_replay_export_md_writes_a_file(saves: Path, tmp_path: Path) -> None:
    out = tmp_path / "night.md"
    result = cli("replay", "night", "--export", "md", str(out), "--world", str(LIGHTHOUSE), "--saves-dir", str(saves))
    assert result.returncode == 0 and "Wrote the transcript" in result.stdout
    assert out.read_text().startswith("# The Lighthouse Keeper") and out.read_text().count("## ") == 12
    wrong = cli("replay", "night", "--export", "pdf", str(out), "--world", str(LIGHTHOUSE), "--saves-dir", str(saves))
    assert wrong.returncode == 1 and wrong.stderr.count("\n") == 1 and "only export format is md" in wrong.stderr


def test_replay_of_a_missing_save_is_one_line(tmp_path: Path) -> None:
    result = cli("replay", "nothing", "--world", str(LIGHTHOUSE), "--saves-dir", str(tmp_path))
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "there is no save 'nothing'" in result.stderr
    none = cli("replay", "--world", str(LIGHTHOUSE), "--saves-dir", str(tmp_path / "empty"))
    assert none.returncode == 1 and "there are no saves in" in none.stderr


def test_step_through_a_changed_world_offers_to_play_on(saves: Path, tmp_path: Path) -> None:
    folder = tmp_path / "world"
    shutil.copytree(LIGHTHOUSE, folder)
    scenes = folder / "scenes" / "tower.yaml"
    scenes.write_text(scenes.read_text().replace("      to: horizon\n", "      to: horizon\n      if: ships > 0\n"))
    result = cli("replay", "night", "--step", "--world", str(folder), "--saves-dir", str(saves), stdin="\ny\n2\n1\n")
    assert "The world changed since this save: step 2 (scene 'lamp_room', choice 'watch')" in result.stdout
    assert "Play on from step 1? [y/N]" in result.stdout
    assert "== The store room ==" in result.stdout.split("Play on from step 1?")[1]
    after = SaveStore(saves).read("autosave-lighthouse")  # playing on autosaves as usual
    assert [(s.scene, s.choice) for s in after.run.steps] == [
        ("lamp_room", "write"),
        ("lamp_room", "descend"),
        ("store", "fetch_oil"),
    ]


# --- golden runs ------------------------------------------------------------------------------------


def test_record_check_and_bless_a_golden_run(tmp_path: Path) -> None:
    folder = tmp_path / "world"
    shutil.copytree(LIGHTHOUSE, folder)
    run = tmp_path / "runs" / "dawn.json"
    run.parent.mkdir()
    recorded = cli("replay", "--record", str(run), "--world", str(folder), "--seed", "3", "--choices", "1,1,descend,2")
    assert recorded.returncode == 0, recorded.stderr
    assert "Recorded 4 step(s)" in recorded.stdout and "A quiet night" in recorded.stdout
    data = json.loads(run.read_text())
    assert data["world"] == {"id": "lighthouse", "path": "../world"}
    assert data["expect"]["variables"] == {"oil": 1, "ships": 2, "storm": False, "log": ""}
    passed = cli("replay", "--check", str(run))
    assert passed.returncode == 0 and "All 1 golden run(s) pass." in passed.stdout
    # The author rewrites a line: the run reads differently.
    scenes = folder / "scenes" / "tower.yaml"
    scenes.write_text(scenes.read_text().replace("a tin of biscuits", "a tin of crackers"))
    failed = cli("replay", "--check", str(run))
    assert failed.returncode == 1
    assert "FAIL" in failed.stdout and "the transcript reads differently" in failed.stdout
    assert (
        "-Barrels, rope, a tin of biscuits." in failed.stdout and "+Barrels, rope, a tin of crackers." in failed.stdout
    )
    blessed = cli("replay", "--check", str(run), "--bless")
    assert blessed.returncode == 0 and "BLESSED" in blessed.stdout
    assert "a tin of crackers" in run.read_text()
    assert cli("replay", "--check", str(run)).returncode == 0


def test_a_golden_run_that_ends_elsewhere_or_diverges_fails_and_cannot_be_blessed(tmp_path: Path) -> None:
    folder = tmp_path / "world"
    shutil.copytree(LIGHTHOUSE, folder)
    run = tmp_path / "dawn.json"
    assert (
        cli("replay", "--record", str(run), "--world", str(folder), "--choices", "trim,trim,descend,sleep").returncode
        == 0
    )
    scenes = folder / "scenes" / "tower.yaml"
    text = scenes.read_text()
    scenes.write_text(text.replace("do: [oil -= 1, ships += 1]", "do: [oil -= 1, ships += 2]"))
    changed = cli("replay", "--check", str(run))
    assert changed.returncode == 1 and "variable ships is 4, expected 2" in changed.stdout
    scenes.write_text(text.replace("if: ships >= 2 or storm", "if: ships >= 3 or storm"))
    diverged = cli("replay", "--check", str(run), "--bless")
    assert diverged.returncode == 1
    assert "diverges at step 4 (scene 'store', choice 'sleep')" in diverged.stdout
    assert "ends in scene 'store', expected 'dawn' (ending: A quiet night)" in diverged.stdout
    assert "cannot be blessed" in diverged.stdout


def test_record_a_golden_run_from_a_save(saves: Path, tmp_path: Path) -> None:
    out = tmp_path / "from-save.json"
    result = cli("replay", "night", "--record", str(out), "--world", str(LIGHTHOUSE), "--saves-dir", str(saves))
    assert result.returncode == 0 and "Recorded 11 step(s)" in result.stdout
    assert cli("replay", "--check", str(out)).returncode == 0


def test_bad_golden_run_files_are_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{")
    (tmp_path / "b.json").write_text('{"kind": "something else"}')
    result = cli("replay", "--check", str(tmp_path / "a.json"), str(tmp_path / "b.json"), str(tmp_path / "c.json"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("FAIL") and "not valid JSON" in lines[0]
    assert lines[1].startswith("FAIL") and "is not a golden run" in lines[1]
    assert lines[2].startswith("FAIL") and "cannot be read" in lines[2]
    assert lines[3] == "0 of 3 golden run(s) pass."


def test_the_repository_golden_runs_pass_through_the_cli() -> None:
    runs = sorted(str(p) for p in (ROOT / "tests" / "runs").glob("*.json"))
    assert len(runs) >= 4
    result = cli("replay", "--check", *runs)
    assert result.returncode == 0, result.stdout


def test_the_journal_shows_each_reply_where_the_player_read_it() -> None:
    from game.authoring.golden import read_golden
    from game.engine.replay import journal
    from game.world import load_world
    from tests.conftest import ROOT

    golden = read_golden(ROOT / "tests" / "runs" / "inline-bold.json")
    world = load_world(ROOT / "tests" / "fixtures" / "worlds" / "inline")
    entries = journal(world, golden.run)
    assert entries[0][2] == "Listen at the gate"
    assert entries[1][1].startswith("Footsteps inside.\n\nSam stands at the gate")  # the reply, then the scene
    assert entries[-1][2] is None and len(entries) == len(golden.run.steps) + 1
