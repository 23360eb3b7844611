"""Peak memory: the IO game at its title screen against a bare Textual app, in one run.

    .venv/bin/python bench/bench_memory.py [--world worlds/io] [--repeat 5]

The same two child processes as bench_startup.py (a bare App with one Static; the game with its
world loaded, showing the title screen), each reporting its peak resident set size (ru_maxrss).
Target: game <= 1.3x bare.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_startup import ROOT, run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--world", type=Path, default=ROOT / "worlds" / "io")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results = run(args.world, args.repeat)
    bare = statistics.median(rss for _, rss in results["bare"])
    game = statistics.median(rss for _, rss in results["game"])
    print(f"world: {args.world}  ({args.repeat} runs each, medians of peak RSS)")
    print(f"bare Textual app: {bare / 1024:6.1f} MiB")
    print(f"IO game:          {game / 1024:6.1f} MiB")
    ratio = game / bare
    print(f"ratio: {ratio:.2f}x  (target <= 1.3x)  {'OK' if ratio <= 1.3 else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
