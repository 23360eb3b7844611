"""`io-game check` on realistic generated worlds of 1,000 and 10,000 scenes, against a bare C-loader
parse of the same files, measured in the same run.

Run: .venv/bin/python bench/bench_check.py [--scenes 1000 10000] [--repeat 3]

The worlds (bench/worldgen.write_realistic) have conditions on numbers, flags, text, visits() and
chance(), variants, effects, once-only choices and a file per 100 scenes. Each size runs in a fresh
process, so its peak memory is its own. Printed, each next to its goal (issue 17):

- check's errors and static checks (load, lint's checks with the exploration cut to nothing, stats)
  within 3x the bare parse, at each size;
- growing linearly: 10x the scenes at most 13x the time;
- under 1 GB;
- full `check` with lint's exploration up to its default bound (its states do not finish on these
  worlds: numbers from 0 to 100 in every scene, which W110 reports; the bound is 50,000 states up
  to 2,000 scenes, 100,000,000 / scenes past that) within 3x the bare parse at 10,000 scenes
  (issue 14), printed at each size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_replay import measure  # noqa: E402
from bench.worldgen import describe, write_realistic  # noqa: E402
from game.authoring.lint import lint  # noqa: E402
from game.world import load_world  # noqa: E402
from game.world.stats import world_stats  # noqa: E402

PER_FILE = 100


def generate(root: Path, scenes: int) -> None:
    """A plain world of `scenes` scenes in files of 100 (a long road, few conditions): bench_graph draws it."""
    (root / "scenes").mkdir(parents=True)
    (root / "world.yaml").write_text(
        "id: generated\ntitle: Generated\nstart: s0\nvariables:\n"
        "  h: {initial: 5, min: 0, max: 10, label: Hope}\n"
        "  lamp: {initial: false, label: Lamp}\n"
        "status: [h]\n"
    )
    for first in range(0, scenes, PER_FILE):
        lines: list[str] = []
        for n in range(first, min(first + PER_FILE, scenes)):
            lines.append(f"s{n}:")
            lines.append(f"  title: Scene {n}")
            lines.append("  text: |")
            lines.append(f"    The road goes on past milestone {n}. Dust, wind, a low orange sky,")
            lines.append(f"    and somewhere ahead the sound of water. This is the {n}th mile.")
            if n == scenes - 1:
                lines.append("  ending: {title: The end of the road, kind: good}")
                continue
            # Expressions on every tenth scene only: the loader caps a world's expressions at 200,000
            # characters, and a real world has far fewer per scene than one each.
            if n % 10 == 0:
                lines.append("  variants:")
                lines.append("    - if: h < 3")
                lines.append(f"      text: Your feet are heavy at mile {n}.")
            lines.append("  choices:")
            lines.append("    - id: walk")
            lines.append(f"      text: Walk on from mile {n}")
            lines.append(f"      to: s{n + 1}")
            if n % 10 == 0:
                lines.append("      do: h -= 1")
            lines.append("    - id: rest")
            lines.append(f"      text: Rest at mile {n}")
            lines.append(f"      to: s{n + 1}")
            if n % 10 == 5:
                lines.append("      if: not lamp or h < 9")
                lines.append("      do: [h += 2, lamp = true]")
        (root / "scenes" / f"part{first // PER_FILE:04d}.yaml").write_text("\n".join(lines) + "\n")


def bare_parse(root: Path) -> object:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [
        yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (a safe loader)
        for path in [root / "world.yaml", *sorted((root / "scenes").glob("*.yaml"))]
    ]


def static_check(root: Path) -> object:
    """What `check` does but explore: load, every lint check past an exploration of one state, stats."""
    world = load_world(root)
    return world_stats(world).line(), lint(world, max_states=1, abstract=False).warnings


def full_check(root: Path) -> object:
    world = load_world(root)
    return world_stats(world).line(), lint(world).warnings


def one(scenes: int, repeat: int) -> dict[str, float]:
    """Measured in this process: CPU seconds (best of `repeat`, in turns) and peak memory."""
    import resource

    with tempfile.TemporaryDirectory() as tmp:
        root = write_realistic(Path(tmp) / "realistic", scenes)
        size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
        best = measure(
            repeat,
            {
                "bare": lambda: bare_parse(root),
                "load": lambda: load_world(root),
                "static": lambda: static_check(root),
                "full": lambda: full_check(root),
            },
        )
        world = load_world(root)
        result = lint(world)
        best["world"] = describe(world, root)  # type: ignore[assignment]
        best["states"] = result.exploration.states if result.exploration else 0
        best["complete"] = result.complete
    best["mb"] = size / 1e6
    best["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a size, in a fresh process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.repeat)))
        return
    results: dict[int, dict[str, float]] = {}
    for scenes in args.scenes:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(scenes), "--repeat", str(args.repeat)],
            capture_output=True,
            text=True,
            check=True,
        )
        results[scenes] = json.loads(done.stdout.splitlines()[-1])
    print(f"(CPU seconds, best of {args.repeat}, taken in turns; each size in a fresh process)")
    for scenes, r in results.items():
        bare = r["bare"]
        print(f"{scenes:,} scenes ({r['mb']:.1f} MB of YAML), world: {r['world']}")
        print(f"  bare CSafeLoader parse:         {bare:.3f} s")
        print(f"  load_world:                     {r['load']:.3f} s ({r['load'] / bare:.2f}x)")
        ok = "holds" if r["static"] <= 3 * bare else "MISSED"
        print(
            f"goal: check, errors and static checks, {scenes:,} scenes = {r['static']:.3f} s, "
            f"{r['static'] / bare:.2f}x the bare parse (goal <= 3x): {ok}"
        )
        mark = "complete" if r["complete"] else "stopped at the bound: W110"
        ok = "holds" if r["full"] <= 3 * bare else "MISSED"
        # Issue 14's goal is for 10,000 scenes; smaller worlds get the full exact bound (50,000
        # states), which on a 1,000-scene world costs more than 3 parses of it: shown, no goal.
        figure = f"check with exploration, {scenes:,} scenes = {r['full'] / bare:.2f}x the bare parse"
        details = f"({r['full']:.3f} s, {int(r['states']):,} states, {mark})"
        if scenes >= 10_000:
            print(f"goal: {figure} {details} (goal <= 3x): {ok}")
        else:
            print(f"  {figure} {details}, no goal")
        ok = "holds" if r["peak_mb"] < 1024 else "MISSED"
        print(f"goal: check, peak memory, {scenes:,} scenes = {r['peak_mb']:.0f} MB (goal < 1 GB): {ok}")
    sizes = sorted(results)
    if len(sizes) >= 2:
        small, large = results[sizes[0]], results[sizes[-1]]
        growth = large["static"] / small["static"]
        times = sizes[-1] / sizes[0]
        ok = "holds" if growth <= 1.3 * times else "MISSED"
        print(
            f"goal: check growth, {times:.0f}x the scenes = {growth:.1f}x the time (goal <= {1.3 * times:.0f}x): {ok}"
        )


if __name__ == "__main__":
    main()
