"""Headless play: `io-game play --plain`, scripted runs and their transcripts."""

from __future__ import annotations

import subprocess
import sys

import pytest

from game.cli import main
from tests.conftest import LIGHTHOUSE


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True, timeout=60
    )


def test_scripted_run_prints_the_transcript(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--plain", str(LIGHTHOUSE), "--choices", "1,1,2,2", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "(world lighthouse 0.1.0, seed 7)" in out
    assert "> 1. Trim the wick" in out
    assert "> 2. Lie down on the cot" in out
    assert out.rstrip().endswith("*** The end: A quiet night ***")


def test_same_world_seed_and_choices_give_identical_transcripts() -> None:
    args = ("play", "--plain", str(LIGHTHOUSE), "--choices", "3,1,1,2,1", "--seed", "11")
    first, second = run_cli(*args), run_cli(*args)
    assert first.returncode == 0
    assert first.stdout == second.stdout
    assert first.stdout.count("==") >= 5


def test_scripted_choice_out_of_range_is_one_clear_line() -> None:
    result = run_cli("play", "--plain", str(LIGHTHOUSE), "--choices", "2,7", "--seed", "1")
    assert result.returncode == 1
    assert "step 2: no choice '7' here" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_input_gets_a_hint_and_end_of_input_exits_cleanly() -> None:
    result = run_cli("play", "--plain", str(LIGHTHOUSE), "--seed", "1", stdin="hello\n9\n2\n")
    assert result.returncode == 0
    assert result.stdout.count("Type a number from 1 to 4") == 2
    assert "== The store room ==" in result.stdout
    assert "(end of input" in result.stdout
    assert result.stderr == ""


def test_plain_is_chosen_when_stdout_is_not_a_terminal() -> None:
    result = run_cli(str(LIGHTHOUSE), "--seed", "1", stdin="q\n")
    assert result.returncode == 0
    assert "== The lamp room ==" in result.stdout and "Goodbye." in result.stdout


def test_a_whole_run_to_an_ending_from_stdin() -> None:
    result = run_cli("play", "--plain", str(LIGHTHOUSE), "--seed", "5", stdin="1\n1\n2\n2\n")
    assert result.returncode == 0
    assert "*** The end: A quiet night ***" in result.stdout


def test_start_anywhere_with_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--plain", str(LIGHTHOUSE), "--from", "store", "--set", "ships=2", "--choices", "2"]) == 0
    assert "*** The end: A quiet night ***" in capsys.readouterr().out


def test_plain_status_speaks_in_words_and_endings_close_without_it(capsys: pytest.CaptureFixture[str]) -> None:
    # IO gives every status variable words: the player reads "Hope: holding", never "Hope: 5",
    # and an ending closes on its own text, not on a row of figures.
    assert main(["play", "--plain", "worlds/io", "--choices", "1,1,1", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    status = [line for line in out.splitlines() if line.startswith("[Air:")]
    assert status, out
    for line in status:
        assert not any(ch.isdigit() for ch in line), line
    assert "Hope: holding" in status[0]


def test_an_ending_screen_shows_no_status_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--plain", str(LIGHTHOUSE), "--choices", "1,1,2,2", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    before_end = out.rstrip().splitlines()[-3:]
    assert before_end[-1] == "*** The end: A quiet night ***"
    assert not any(line.startswith("[") for line in before_end), before_end
