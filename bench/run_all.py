"""Every benchmark in one run: each goal's figure, value and verdict in one table.

    .venv/bin/python bench/run_all.py [NAME ...]       # e.g. `replay session`; default: all of them

Runs each bench/bench_*.py in a process of its own (so each one's peak memory is its own, and one
that crashes stops nothing else), in turn, never two at once (they would skew each other's times).
Each bench measures its baselines in its own run and prints one line per goal:

    goal: FIGURE = VALUE (goal GOAL): holds
    goal: FIGURE = VALUE (goal GOAL): MISSED

This script collects those lines, prints them as one table, and exits 1 if any goal is MISSED, if a
bench fails (a non-zero exit without a MISSED goal, or no goal line at all), else 0. A bench's
other output (its figures without a goal) is shown with --verbose. Long (several minutes on a
2-core machine): it is not part of the test suite or CI.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
GOAL_LINE = re.compile(r"goal: (?P<figure>.+?) = (?P<value>.+) \(goal:? (?P<goal>.+)\): (?P<verdict>holds|MISSED)\Z")


@dataclass(frozen=True)
class Goal:
    bench: str
    figure: str
    value: str
    goal: str
    holds: bool


@dataclass(frozen=True)
class Outcome:
    bench: str
    goals: list[Goal]
    returncode: int
    seconds: float
    output: str

    @property
    def failed(self) -> bool:
        """It crashed, or said nothing we can read: a failure even when no goal says MISSED."""
        return not self.goals or (self.returncode != 0 and all(goal.holds for goal in self.goals))


def goals_in(bench: str, output: str) -> list[Goal]:
    found = []
    for line in output.splitlines():
        match = GOAL_LINE.match(line.strip())
        if match:
            found.append(Goal(bench, match["figure"], match["value"], match["goal"], match["verdict"] == "holds"))
        elif line.strip().startswith("goal:"):  # a goal this table cannot read is a failed goal, never a lost one
            found.append(Goal(bench, line.strip().removeprefix("goal:").strip(), "?", "unreadable goal line", False))
    return found


def run(bench: str) -> Outcome:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(BENCH / f"bench_{bench}.py")],
        capture_output=True,
        text=True,
        cwd=BENCH.parent,
        check=False,
    )
    output = done.stdout + (f"\n[stderr]\n{done.stderr}" if done.returncode != 0 else "")
    return Outcome(bench, goals_in(bench, done.stdout), done.returncode, time.perf_counter() - start, output)


def table(goals: list[Goal]) -> str:
    rows = [("bench", "figure", "value", "goal", "verdict")]
    rows += [(g.bench, g.figure, g.value, g.goal, "holds" if g.holds else "MISSED") for g in goals]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        lines.append("  ".join([*cells, row[4]]))
        if index == 0:
            lines.append("  ".join("-" * width for width in [*widths, 7]))
    return "\n".join(lines)


def main() -> int:
    names = sorted(path.stem.removeprefix("bench_") for path in BENCH.glob("bench_*.py"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benches", nargs="*", choices=[[], *names], metavar="NAME", help=", ".join(names))
    parser.add_argument("--verbose", action="store_true", help="also print each bench's own output")
    args = parser.parse_args()
    outcomes = []
    for bench in args.benches or names:
        print(f"running bench_{bench}.py ...", flush=True)
        outcome = run(bench)
        outcomes.append(outcome)
        if args.verbose or outcome.failed:
            print(outcome.output.rstrip())
        print(f"  {len(outcome.goals)} goal(s), {outcome.seconds:.0f} s, exit {outcome.returncode}", flush=True)
    goals = [goal for outcome in outcomes for goal in outcome.goals]
    print()
    print(table(goals))
    missed = [goal for goal in goals if not goal.holds]
    failed = [outcome.bench for outcome in outcomes if outcome.failed]
    print()
    print(f"{len(goals) - len(missed)} of {len(goals)} goals hold; {len(missed)} MISSED", end="")
    print(f"; benches that failed: {', '.join(failed)}" if failed else "")
    return 1 if missed or failed else 0


if __name__ == "__main__":
    sys.exit(main())
