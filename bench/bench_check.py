"""`io-game check` on a generated 10,000-scene world, against a bare C-loader parse of the same files.

Run: .venv/bin/python bench/bench_check.py [--scenes N]
Prints CPU times (best of --repeat, taken in turns) and the ratio (target: check at most 3x the
bare parse), with the loader and lint shown apart. All are measured in this run, on the same files.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_replay import measure  # noqa: E402
from game.authoring.lint import lint  # noqa: E402
from game.world import load_world  # noqa: E402
from game.world.stats import world_stats  # noqa: E402

PER_FILE = 100


def generate(root: Path, scenes: int) -> None:
    """A world of `scenes` scenes in files of 100: a long road with side rooms, a few variables."""
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


def check(root: Path) -> object:
    world = load_world(root)
    warnings = lint(world).warnings
    return world_stats(world).line(), warnings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "generated"
        generate(root, args.scenes)
        size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
        world = load_world(root)
        best = measure(
            args.repeat,
            {
                "bare": lambda: bare_parse(root),
                "load": lambda: load_world(root),
                "lint": lambda: lint(world),
                "check": lambda: check(root),
            },
        )
        warnings = lint(world).warnings
    bare = best["bare"]
    print(f"world: {args.scenes:,} scenes, {size / 1e6:.1f} MB, {len(warnings)} warnings")
    print(f"(CPU seconds, best of {args.repeat}, taken in turns)")
    print(f"bare CSafeLoader parse:   {bare:.3f} s")
    print(f"load_world alone:         {best['load']:.3f} s ({best['load'] / bare:.2f}x)")
    print(f"lint alone (exploration): {best['lint']:.3f} s ({best['lint'] / bare:.2f}x)")
    print(f"check (load+lint+stats):  {best['check']:.3f} s")
    print(f"ratio check / bare parse: {best['check'] / bare:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
