"""Peak memory: the IO game against a bare Textual app, in one run.

    .venv/bin/python bench/bench_memory.py [--world worlds/io] [--repeat 5]

Each child process reports its peak resident set size (ru_maxrss):
- bare:     a Textual App with one Static (as in bench_startup.py).
- title:    the game at its first paint of the title screen (as in bench_startup.py; the world is
            still loading in its thread when the process exits).
- playing:  the game as `io-game play` starts it, once the world and the saves have loaded, after
            "New game" has put the first scene on screen (the world, its transitions Machine, a
            Story and the game screen all in memory).
Target: playing <= 1.3x bare.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_startup import BARE, GAME, ROOT, compile_game, prime_world_cache  # noqa: E402

PLAYING = """
import os, resource, sys
from pathlib import Path
from game.ui.app import IOApp

async def play(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    from game.ui.screens.game import GameScreen
    assert isinstance(pilot.app.screen, GameScreen), pilot.app.screen
    pilot.app.exit()

app = IOApp(Path(sys.argv[1]), seed=1, saves_dir=Path(sys.argv[2]), reveal=False)
app.run(headless=True, size=(80, 24), auto_pilot=play)
os.write(1, f"rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n".encode())
"""


def peak_rss(code: str, *args: str) -> int:
    """Peak RSS in KiB of a child running code."""
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, cwd=ROOT, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith(b"rss ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"the benchmark app failed:\n{done.stdout.decode()}{done.stderr.decode()}")
    return int(lines[-1].split()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--world", type=Path, default=ROOT / "worlds" / "io")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    compile_game()
    bare: list[int] = []
    title: list[int] = []
    playing: list[int] = []
    with tempfile.TemporaryDirectory() as saves:
        prime_world_cache(args.world, Path(saves))  # the usual start: an earlier one left the cache's entry
        for _ in range(args.repeat):
            bare.append(peak_rss(BARE))
            title.append(peak_rss(GAME, str(args.world), saves))
            playing.append(peak_rss(PLAYING, str(args.world), saves))
    bare_mib = statistics.median(bare) / 1024
    title_mib = statistics.median(title) / 1024
    playing_mib = statistics.median(playing) / 1024
    print(f"world: {args.world}  ({args.repeat} runs each, medians of peak RSS)")
    print(f"bare Textual app:             {bare_mib:6.1f} MiB")
    print(f"IO game, title screen:        {title_mib:6.1f} MiB  ({title_mib / bare_mib:.2f}x)")
    print(f"IO game, first scene on show: {playing_mib:6.1f} MiB  ({playing_mib / bare_mib:.2f}x)")
    ratio = playing_mib / bare_mib
    verdict = "holds" if ratio <= 1.3 else "MISSED"
    print(f"goal: peak memory, first scene on show = {ratio:.2f}x a bare app (goal <= 1.3x): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
