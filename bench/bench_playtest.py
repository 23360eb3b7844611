"""Playtest speed, as a ratio against raw transitions triggers measured in the same run, plus figures.

    .venv/bin/python bench/bench_playtest.py [--scenes 200] [--runs 20] [--steps 1000] [--repeat 3] [--no-io]

- random playtest: random_playtest() on a generated world (bench/worldgen.py). Its playthroughs do
                   not go through the engine's transitions Machine: each walks the light state with
                   the engine's own step (game.authoring.playtest.Walker: rules.take, the compiled
                   conditions and effects, Story's seeded draws), asking which choices are offered
                   at every step and picking one; choices per CPU second.
- raw triggers:    a bare transitions Machine with the same states and transitions (no guards, no
                   callbacks) and a plain model, triggered with a sequence of as many events: the
                   floor of one step through transitions, which the walk no longer pays.
- Story through the Machine (no goal): the same number of random choices made on a real Story, as
                   the game makes them, for comparison with the walk.
Goal: random playtest >= 0.5x raw triggers.

Figures on worlds/io (skipped with --no-io, or when it does not load): the exhaustive playtest with
its defaults, and 10,000 random playthroughs, each in CPU seconds and wall seconds (goals: under 5 s
and under 20 s of CPU on a 2-core machine).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_replay import measure, raw_triggers  # noqa: E402
from bench.worldgen import describe, random_run, write_world  # noqa: E402
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
        root = write_world(Path(tmp) / "generated", args.scenes)
        world = load_world(root)
        what = describe(world, root)
    probe = random_playtest(world, args.runs, seed=1, max_steps=args.steps)
    total = probe.steps
    times = measure(
        args.repeat,
        {
            "playtest": lambda: random_playtest(world, args.runs, seed=1, max_steps=args.steps),
            "raw": raw_triggers(world, random_run(world, total, seed=7)),
            "story": lambda: random_run(world, total, seed=7),
        },
    )
    playtest_rate = total / times["playtest"]
    raw_rate = total / times["raw"]
    ratio = playtest_rate / raw_rate
    print(f"world: {what}; {args.runs} playthroughs, {total:,} choices in all")
    print(f"random playtest (Walker, no transitions): {playtest_rate:>10,.0f} choices/s")
    print(f"raw transitions triggers:                 {raw_rate:>10,.0f} triggers/s")
    print(f"a Story through the Machine (no goal):    {total / times['story']:>10,.0f} choices/s")
    verdict = "holds" if ratio >= 0.5 else "MISSED"
    print(f"goal: random playtest (not through transitions) = {ratio:.2f}x raw triggers (goal >= 0.5x): {verdict}")
    ok = ratio >= 0.5

    if args.no_io:
        return 0 if ok else 1
    try:
        io = load_world(ROOT / "worlds" / "io")
    except WorldError as exc:
        print(f"worlds/io does not load ({len(exc.diagnostics)} errors): figures skipped")
        return 0 if ok else 1
    report, cpu, wall = timed(lambda: exhaustive_playtest(io))
    explored = report.exploration
    print(
        f"worlds/io exhaustive: {explored.states:,} exact states{'' if explored.complete else ' (bound hit)'}, "
        f"{len(report.witnesses)}/{len(io.scenes)} scenes and "
        f"{sum(w.kind == 'ending' for w in report.witnesses.values())}/{len(io.endings)} endings witnessed; "
        f"{wall:.2f} s wall"
    )
    print(f"goal: worlds/io exhaustive playtest = {cpu:.2f} s CPU (goal < 5 s): {'holds' if cpu < 5 else 'MISSED'}")
    ok &= cpu < 5
    result, cpu, wall = timed(lambda: random_playtest(io, 10_000, seed=1))
    print(
        f"worlds/io 10,000 random playthroughs: {result.steps:,} choices, {len(result.stuck)} stuck; {wall:.2f} s wall"
    )
    verdict = "holds" if cpu < 20 else "MISSED"
    print(f"goal: worlds/io 10,000 random playthroughs = {cpu:.2f} s CPU (goal < 20 s): {verdict}")
    ok &= cpu < 20
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
