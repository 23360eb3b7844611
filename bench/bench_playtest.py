"""Playtest speed, as a ratio against raw transitions triggers measured in the same run, plus figures.

    .venv/bin/python bench/bench_playtest.py [--scenes 200] [--runs 20] [--steps 1000] [--repeat 3] [--no-io]

- random playtest: random_playtest() on a generated world (bench/worldgen.py): each playthrough is a
                   real Story on the world's shared transitions Machine, asking which choices are
                   offered at every step and picking one; choices per CPU second.
- raw triggers:    a bare transitions Machine with the same states and transitions (no guards, no
                   callbacks) and a plain model, triggered with a sequence of as many events.
Target: random playtest >= 0.5x raw triggers.

Figures on worlds/io (skipped with --no-io, or when it does not load): the exhaustive playtest with
its defaults, and 10,000 random playthroughs, each in CPU seconds and wall seconds (targets: under 5 s
and under 20 s on a 2-core machine).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_replay import measure, raw_triggers  # noqa: E402
from bench.worldgen import random_run, write_world  # noqa: E402
from game.authoring.playtest import exhaustive_playtest, random_playtest  # noqa: E402
from game.world import WorldError, load_world  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def timed(work):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenes", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--steps", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-io", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        world = load_world(write_world(Path(tmp) / "generated", args.scenes))
    probe = random_playtest(world, args.runs, seed=1, max_steps=args.steps)
    total = probe.steps
    run = random_run(world, total, seed=7)
    times = measure(
        args.repeat,
        {
            "playtest": lambda: random_playtest(world, args.runs, seed=1, max_steps=args.steps),
            "raw": raw_triggers(world, run),
        },
    )
    playtest_rate = total / times["playtest"]
    raw_rate = total / times["raw"]
    print(f"generated world: {args.scenes} scenes; {args.runs} playthroughs, {total:,} choices in all")
    print(f"random playtest: {playtest_rate:>10,.0f} choices/s")
    print(f"raw triggers:    {raw_rate:>10,.0f} triggers/s")
    print(f"ratio playtest / raw triggers: {playtest_rate / raw_rate:.2f}x (target >= 0.5x)")

    if args.no_io:
        return 0
    try:
        io = load_world(ROOT / "worlds" / "io")
    except WorldError as exc:
        print(f"worlds/io does not load ({len(exc.diagnostics)} errors): figures skipped")
        return 0
    report, cpu, wall = timed(lambda: exhaustive_playtest(io))
    explored = report.exploration
    print(
        f"worlds/io exhaustive: {cpu:.2f} s CPU, {wall:.2f} s wall (target < 5 s); {explored.states:,} exact states"
        f"{'' if explored.complete else ' (bound hit)'}, {len(report.witnesses)}/{len(io.scenes)} scenes and "
        f"{sum(w.kind == 'ending' for w in report.witnesses.values())}/{len(io.endings)} endings witnessed"
    )
    result, cpu, wall = timed(lambda: random_playtest(io, 10_000, seed=1))
    print(
        f"worlds/io 10,000 random playthroughs: {cpu:.2f} s CPU, {wall:.2f} s wall (target < 20 s); "
        f"{result.steps:,} choices, {len(result.stuck)} stuck"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
