"""`io-game replay` reads the run files the tools write (golden runs, playtest's witness and stuck
runs) as well as saves: the hint `io-game replay stuck-....json` that playtest prints works."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from game.authoring.playtest import random_playtest
from game.cli import main
from game.world import load_world
from tests.conftest import FIXTURES, ROOT
from tests.test_saves import cli

GOLDEN = ROOT / "tests" / "runs" / "lighthouse-storm.json"


def test_a_golden_run_replays_as_a_transcript() -> None:
    result = cli("replay", str(GOLDEN))
    assert result.returncode == 0, result.stderr
    expected = json.loads(GOLDEN.read_text())["expect"]["transcript"]
    assert result.stdout.splitlines() == expected


def test_a_golden_run_steps_and_prints_json() -> None:
    result = cli("replay", str(GOLDEN), "--json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["choice"] for record in records] == [s[1] for s in json.loads(GOLDEN.read_text())["steps"]]


def test_the_stuck_run_playtest_writes_replays_by_the_command_it_prints(tmp_path: Path) -> None:
    world_folder = tmp_path / "trap"
    shutil.copytree(FIXTURES / "trap", world_folder)
    report = random_playtest(load_world(world_folder), 300, seed=1, out=tmp_path / "runs")
    [stuck] = report.stuck
    assert stuck.path is not None
    assert main(["replay", str(stuck.path)]) == 0
    printed = cli("playtest", str(world_folder), "--random", "300", "--seed", "1", "--out", str(tmp_path / "cli"))
    [hint] = [line.split("replay: ")[1] for line in printed.stdout.splitlines() if "replay: io-game" in line]
    command = hint.split()
    assert command[:2] == ["io-game", "replay"]
    shown = cli(*command[1:])
    assert shown.returncode == 0 and "== " in shown.stdout


def test_a_run_file_of_another_world_says_so(tmp_path: Path) -> None:
    result = cli("replay", str(GOLDEN), "--world", str(ROOT / "worlds" / "io"))
    assert result.returncode == 1
    assert "is a run of 'lighthouse'" in result.stderr and "Traceback" not in result.stderr


def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Path) -> None:
    import shlex
    import subprocess
    import sys

    command = [
        sys.executable,
        "-m",
        "game",
        "playtest",
        str(FIXTURES / "trap"),
        "--random",
        "50",
        "--out",
        str(tmp_path),
    ]
    pipeline = f"{shlex.join(command)} | head -c 0"  # the reader is gone before the first line
    result = subprocess.run(["bash", "-c", pipeline], capture_output=True, text=True, timeout=120, check=False)
    assert "cannot write" not in result.stderr and "Traceback" not in result.stderr
