"""Replay speed: a 10,000-step run on realistic generated worlds of 1,000 and 10,000 scenes, against
two baselines in the same process.

    .venv/bin/python bench/bench_replay.py [--steps 10000] [--scenes 1000 10000] [--repeat 7]
        [--alternatives 10] [--profile]

The worlds are bench/worldgen.write_realistic: a file per 100 scenes, inline text in one scene of
five (alternatives, whose counts replay keeps, in one of --alternatives), variants under conditions,
choices with conditions (numbers, flags, text, visits(), chance()), effects and once-only picks.
The run is a random walk (worldgen.random_run).

- replay:        replay_exactly(world, run): the engine's guards, effects, visits, text state and
                 step log, driven through the world's shared transitions Machine.
- raw triggers:  a bare transitions Machine with the same states and transitions (no guards, no
                 callbacks) and a plain model, triggered with the same sequence of events.
- dict walk:     a dictionary scene -> {choice: target}, walked with the same choices.

Figures are steps per second (best of --repeat, in process CPU time, so that other work on the
machine does not skew one side) and ratios to the raw-trigger baseline measured in this run; the
goal is replay >= 0.5x raw triggers at each size. --profile prints where replay spends its time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transitions import Machine  # noqa: E402

from bench.worldgen import describe, random_run, write_realistic  # noqa: E402
from game.engine import Run  # noqa: E402
from game.engine.replay import replay_exactly  # noqa: E402
from game.world import World, load_world  # noqa: E402


def calls(work: Callable[[], object]) -> int:
    """Function calls (Python and C) that `work` makes: its work, the same on every machine."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        count += event in ("call", "c_call")

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def measure(repeat: int, works: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Best time of each, taking turns so that a busy moment on the machine hits all of them alike."""
    best = dict.fromkeys(works, float("inf"))
    for _ in range(repeat):
        for name, work in works.items():
            start = time.process_time()
            work()
            best[name] = min(best[name], time.process_time() - start)
    return best


def replay(world: World, run: Run) -> Callable[[], object]:
    def work() -> object:
        return replay_exactly(world, run)

    return work


class Plain:
    """A bare model: transitions binds `trigger` and the state attribute on it."""

    state: str


def raw_triggers(world: World, run: Run) -> Callable[[], object]:
    transitions = [
        {"trigger": choice.key, "source": scene.id, "dest": choice.target}
        for scene in world.scenes.values()
        for choice in scene.choices
    ]
    machine = Machine(
        model=None, states=list(world.scenes), transitions=transitions, initial=world.start, auto_transitions=False
    )
    keys = [f"{step.scene}.{step.choice}" for step in run.steps]
    model = Plain()
    machine.add_model(model)  # once, outside the timing: it binds a method per trigger on the model

    def work() -> object:
        machine.set_state(world.start, model)
        trigger = model.trigger  # type: ignore[attr-defined]
        for key in keys:
            trigger(key)
        return model.state

    return work


def dict_walk(world: World, run: Run) -> Callable[[], object]:
    table = {scene.id: {choice.id: choice.target for choice in scene.choices} for scene in world.scenes.values()}
    choices = [step.choice for step in run.steps]

    def work() -> object:
        state = world.start
        for choice in choices:
            state = table[state][choice]
        return state

    return work


GOAL = 0.5  # replay at least half as fast as raw transitions triggers


def one_size(scenes: int, steps: int, repeat: int, profile: bool, alternatives: int = 10) -> float:
    """Print the figures on a world of `scenes` scenes; returns replay / raw triggers."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_realistic(Path(tmp) / "realistic", scenes, alternatives=alternatives)
        world = load_world(root)
        what = describe(world, root)
    run = random_run(world, steps)
    # The same run must end in the same scene every way it is walked, or the comparison is void.
    final = replay_exactly(world, run).state
    assert dict_walk(world, run)() == final
    raw_work = raw_triggers(world, run)
    assert raw_work() == final
    works = {
        "replay (replay_exactly)": replay(world, run),
        "raw transitions triggers": raw_work,
        "plain dict walk": dict_walk(world, run),
    }
    results = measure(repeat, works)
    raw = results["raw transitions triggers"]
    count = len(run.steps)
    print(f"world: {what}")
    print(f"{count:,} steps visiting {len({step.scene for step in run.steps}):,} scenes, best of {repeat}:")
    for name, seconds in results.items():
        print(
            f"  {name:<26} {count / seconds:>12,.0f} steps/s  {seconds / count * 1e6:8.2f} us/step  "
            f"{raw / seconds:6.2f}x raw triggers"
        )
    ratio = raw / results["replay (replay_exactly)"]
    engine_us = (results["replay (replay_exactly)"] - raw) / count * 1e6
    print(f"  engine work beyond a raw trigger: {engine_us:.2f} us/step")
    verdict = "holds" if ratio >= GOAL else "MISSED"
    print(f"goal: replay at {scenes:,} scenes = {ratio:.2f}x raw triggers (goal >= {GOAL}x): {verdict}")
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        replay(world, run)()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(18)
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--scenes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--alternatives", type=int, default=10, help="alternatives in one scene of N (1: every one)")
    parser.add_argument("--profile", action="store_true", help="profile one replay and print the top functions")
    args = parser.parse_args()
    ratios = [one_size(n, args.steps, args.repeat, args.profile, args.alternatives) for n in args.scenes]
    return 0 if all(ratio >= GOAL for ratio in ratios) else 1


if __name__ == "__main__":
    raise SystemExit(main())
