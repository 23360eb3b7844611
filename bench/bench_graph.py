"""`io-game graph` on generated worlds of growing size: linear, and a fraction of loading the world.

Run: .venv/bin/python bench/bench_graph.py [--scenes 2000,8000] [--repeat 3]
For each size: CPU time of mermaid and dot (the world's Machine already built: it is built once
per world and shared with every run) against the bare C-loader parse of the same files, and the
ratio between sizes (linear: the time grows as the world does). Before the graph was drawn from
the world's Machine, transitions' diagram extension took 16 s for mermaid at 2,000 scenes and more
than 10 minutes at 8,000.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_check import bare_parse, generate  # noqa: E402
from bench.bench_replay import measure  # noqa: E402
from game.authoring.graph import dot, mermaid  # noqa: E402
from game.engine.rules import rules_for  # noqa: E402
from game.world import load_world  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenes", default="2000,8000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(n) for n in args.scenes.split(",")]
    previous: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            root = Path(folder) / f"w{size}"
            generate(root, size)
            world = load_world(root)
            rules_for(world)
            best = measure(
                args.repeat,
                {
                    "parse": lambda root=root: bare_parse(root),
                    "mermaid": lambda world=world: mermaid(world),
                    "dot": lambda world=world: dot(world),
                },
            )
            line = (
                f"{size:>6} scenes: mermaid {best['mermaid']:.3f} s, dot {best['dot']:.3f} s,"
                f" bare parse {best['parse']:.3f} s (mermaid {best['mermaid'] / best['parse']:.2f}x the parse)"
            )
            if previous is not None:
                grew = size / previous[0]
                line += f"; {size // previous[0]}x the scenes: {best['mermaid'] / previous[1]:.1f}x the time"
                line += f" (linear: {grew:.1f}x)"
            print(line)
            if previous is not None:  # linear within the same 1.3x margin as bench_check's growth goal
                growth, limit = best["mermaid"] / previous[1], 1.3 * size / previous[0]
                verdict = "holds" if growth <= limit else "MISSED"
                print(
                    f"goal: graph growth, {size // previous[0]}x the scenes = {growth:.1f}x the time "
                    f"(goal <= {limit:.1f}x: linear): {verdict}"
                )
            previous = (size, best["mermaid"])


if __name__ == "__main__":
    main()
