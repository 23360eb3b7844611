"""What a player waits for: a new Story, undo and load deep into a run, an autosave after a choice.

    .venv/bin/python bench/bench_session.py [--repeat 7]

- Story() on worlds/io: goal under 20 us (the Machine is shared and holds no Story).
- undo and load at step 500, on generated worlds the size of IO and of 10,000 scenes (write_realistic):
  goal under 10 ms, and the same on both worlds (independent of the world's size).
- an autosave at step 100 and at step 2,000: goal under 5 ms, and flat in the run's length (within
  1.3x: the steps are encoded once each, so only the bytes the kernel writes grow).

Each figure is the best of --repeat, in process CPU time (so that other work on the machine and
the disk's fsync latency do not skew it). A ratio to a baseline measured in the same run is printed beside
each: a bare `object()` with the same three dicts for Story(), replaying the same steps as raw
transitions triggers for undo and load, and writing the same bytes with one fsync for autosave.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_replay import raw_triggers  # noqa: E402
from bench.worldgen import describe, random_run, write_realistic, write_world  # noqa: E402
from game.engine import Run, Story  # noqa: E402
from game.engine.replay import replay_exactly  # noqa: E402
from game.engine.rules import rules_for  # noqa: E402
from game.play.session import Session  # noqa: E402
from game.saves import SaveStore, autosave_slot  # noqa: E402
from game.support.paths import PROJECT_ROOT  # noqa: E402
from game.world import World, load_world  # noqa: E402

LARGE = 10_000
FLAT = 1.3  # step 2,000 against step 100: what repeated runs of this bench vary by


def best(repeat: int, work: Callable[[], object], clock: Callable[[], float] = time.process_time) -> float:
    times = []
    for _ in range(repeat):
        start = clock()
        work()
        times.append(clock() - start)
    return min(times)


def story_creation(world: World, repeat: int) -> tuple[float, float]:
    rules_for(world)  # built once per world, on first use
    count = 2000

    def stories() -> None:
        for _ in range(count):
            Story(world, 1)

    def bare() -> None:
        for _ in range(count):
            SimpleNamespace(variables=world.initial_variables(), visits={world.start: 1}, taken=set(), steps=[])

    return best(repeat, stories) / count, best(repeat, bare) / count


def long_run(world: World, steps: int, seed: int = 7) -> Run:
    """A run of `steps` random choices that never enters an ending."""
    rng = random.Random(seed)
    story = Story(world, seed)
    for _ in range(steps):
        offered = [c for c in story.choices() if world.scenes[c.target].ending is None]
        story.choose(rng.choice(offered).id)
    return story.run


def deep_run(world: World, steps: int, repeat: int, folder: Path) -> tuple[dict[str, float], float]:
    """Undo and load at `steps`, and the baseline: the same steps as raw transitions triggers."""
    run = long_run(world, steps)
    store = SaveStore(folder)
    store.write("deep", replay_exactly(world, run), 60.0)
    session = Session(world, store, seed=run.seed)
    session.load("deep")
    undo = best(repeat, lambda: (session.undo(), session.load("deep")))
    load = best(repeat, lambda: session.load("deep"))
    return {"undo": undo - load, "load": load}, best(repeat, raw_triggers(world, run))


def autosave_at(world: World, steps: int, repeat: int, folder: Path, batch: int = 10) -> tuple[float, float]:
    """CPU seconds of one choice and its autosave at `steps` into a run (the best of `repeat`
    batches of `batch` choices each), and of writing the same bytes once with one fsync."""
    run = random_run(world, steps + repeat * batch + 1)
    session = Session(world, SaveStore(folder), seed=run.seed)
    session.fork(replay_exactly(world, run.truncated(steps)))
    story = session.story
    assert story is not None
    session.autosave()  # the first save of a run reads the slot and encodes every step: not timed
    nexts = iter(run.steps[steps + 1 :])
    story.choose(run.steps[steps].choice)

    def choices_saved() -> None:
        for _ in range(batch):
            story.choose(next(nexts).choice)
            session.autosave()

    seconds = best(repeat, choices_saved) / batch
    raw = session.store.path_for(autosave_slot(world.id)).read_bytes()

    def same_bytes() -> None:
        with open(folder / "plain.tmp", "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())

    return seconds, best(repeat, same_bytes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    ok = True

    def line(what: str, value: float, goal: float, baseline: float, base_name: str) -> None:
        nonlocal ok
        met = value < goal
        ok &= met
        verdict = "holds" if met else "MISSED"
        print(
            f"goal: {what} = {value * 1e3:.3f} ms, {value / baseline:.2f}x {base_name} "
            f"(goal < {goal * 1e3:g} ms): {verdict}"
        )

    io = load_world(PROJECT_ROOT / "worlds" / "io")
    story_s, bare_s = story_creation(io, args.repeat)
    line(f"a new Story on worlds/io ({len(io.scenes)} scenes)", story_s, 20e-6, bare_s, "a bare object, same dicts")

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        figures = {}
        for scenes in (len(io.scenes), LARGE):
            folder = write_realistic(root / f"w{scenes}", scenes)
            world = load_world(folder)
            print(f"world: {describe(world, folder)}")
            figures[scenes], raw = deep_run(world, 500, args.repeat, root / f"s{scenes}")
            for name, value in figures[scenes].items():
                line(f"{name} at step 500, {scenes:,} scenes", value, 10e-3, raw, "500 raw triggers")
        small, large = figures[len(io.scenes)], figures[LARGE]
        growth = max(large[k] / small[k] for k in small)
        verdict = "holds" if growth <= 1.5 else "MISSED"
        print(
            f"goal: undo and load, {LARGE:,} scenes vs {len(io.scenes)} = {growth:.2f}x "
            f"(goal <= 1.5x: independent of the world's size): {verdict}"
        )
        ok &= growth <= 1.5

        world = load_world(write_world(root / "w200", 200))
        at_100, plain_100 = autosave_at(world, 100, args.repeat, root / "a100")
        at_2000, plain_2000 = autosave_at(world, 2000, args.repeat, root / "a2000")
        print("an autosave after a choice (CPU time: the wait for fsync is the disk's, not ours):")
        line("a choice and its autosave at step 100", at_100, 5e-3, plain_100, "writing its bytes once")
        line("a choice and its autosave at step 2,000", at_2000, 5e-3, plain_2000, "writing its bytes once")
        flat = at_2000 / at_100
        verdict = "holds" if flat <= FLAT else "MISSED"
        print(f"goal: autosave, step 2,000 vs step 100 = {flat:.2f}x (goal <= {FLAT}x: flat): {verdict}")
        ok &= flat <= FLAT
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
