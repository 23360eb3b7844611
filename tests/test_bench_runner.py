"""bench/run_all.py reads every bench's verdicts: one line format, which every bench prints."""

from __future__ import annotations

from pathlib import Path

from bench.run_all import GOAL_LINE, goals_in, table

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_goal_lines_are_read_with_their_figure_value_goal_and_verdict() -> None:
    output = "figures first\ngoal: replay at 1,000 scenes = 0.58x raw triggers (goal >= 0.5x): holds\n"
    output += "  goal: check growth, 10x the scenes = 14.0x the time (goal <= 13x): MISSED\n"
    output += "goal: nothing to see (goal <= 2x) ok\n"  # no verdict the table can read: a failed goal
    [replay, growth, unreadable] = goals_in("x", output)
    assert (replay.figure, replay.value, replay.goal, replay.holds) == (
        "replay at 1,000 scenes",
        "0.58x raw triggers",
        ">= 0.5x",
        True,
    )
    assert growth.figure == "check growth, 10x the scenes" and not growth.holds
    assert "MISSED" in table([replay, growth]).splitlines()[-1]
    # A goal line the runner cannot read is never dropped (a goal silently missing from the table
    # would read as one that holds): it is a failed goal that says so.
    assert (unreadable.figure, unreadable.goal, unreadable.holds) == (
        "nothing to see (goal <= 2x) ok",
        "unreadable goal line",
        False,
    )


def test_every_bench_prints_its_verdicts_in_the_runners_format() -> None:
    for path in sorted(BENCH.glob("bench_*.py")):
        source = path.read_text()
        assert 'f"goal: ' in source, f"{path.name} prints no goal line for bench/run_all.py"
        assert "OVER TARGET" not in source and "NOT met" not in source, path.name
    assert GOAL_LINE.pattern.startswith("goal: ")
