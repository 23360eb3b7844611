"""Start-up: time from process start to the title screen, against a bare Textual app, in one run.

    .venv/bin/python bench/bench_startup.py [--world worlds/io] [--repeat 10]

Each measurement is a fresh Python process (so imports count, as they do for a player):
- bare:  a Textual App with one Static, the floor (importing Textual alone costs ~0.35 s).
- game:  the IO app as `io-game play` starts it, up to the title screen being shown (the world's
         title read from world.yaml; the full world and the saves load in a thread after that).
Both run headless and report as soon as their first screen has been drawn (a call_after_refresh
from the pilot), then exit. The parent times from spawning the process to reading the child's "shown" line; the two are
measured alternately and the medians compared. Target: game <= 1.3x bare.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each child writes "shown <peak RSS in KiB>" to fd 1 (Textual redirects sys.stdout while it runs).
BARE = """
import asyncio, os, resource
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("IO")

async def shown(pilot):
    painted = asyncio.Event()
    pilot.app.call_after_refresh(painted.set)  # runs once the screen has been drawn
    await painted.wait()
    os.write(1, b"shown\\n")
    pilot.app.exit()

Bare().run(headless=True, size=(80, 24), auto_pilot=shown)
os.write(1, f"rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n".encode())
"""

GAME = """
import asyncio, os, resource, sys
from pathlib import Path
from game.ui.app import IOApp

async def shown(pilot):
    painted = asyncio.Event()
    pilot.app.call_after_refresh(painted.set)  # runs once the screen has been drawn
    await painted.wait()
    from game.ui.screens.title import TitleScreen
    assert isinstance(pilot.app.screen, TitleScreen), pilot.app.screen
    os.write(1, b"shown\\n")
    pilot.app.exit()

app = IOApp(Path(sys.argv[1]), seed=1, saves_dir=Path(sys.argv[2]))  # as run_app() does
app.run(headless=True, size=(80, 24), auto_pilot=shown)
os.write(1, f"rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n".encode())
"""


def measure(code: str, *args: str) -> tuple[float, int]:
    """Seconds from spawning the process to its first screen, and its peak RSS in KiB."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=errors, cwd=ROOT)
        assert process.stdout is not None
        line = process.stdout.readline()
        elapsed = time.perf_counter() - start
        rest = process.stdout.read()  # the same buffered reader: nothing readline buffered is lost
        process.wait(timeout=60)
        if not line.startswith(b"shown") or process.returncode != 0 or not rest.startswith(b"rss"):
            errors.seek(0)
            raise SystemExit(f"the benchmark app failed:\n{line.decode()}{rest.decode()}{errors.read().decode()}")
    return elapsed, int(rest.split()[-1])


def run(world: Path, repeat: int) -> dict[str, list[tuple[float, int]]]:
    results: dict[str, list[tuple[float, int]]] = {"bare": [], "game": []}
    with tempfile.TemporaryDirectory() as saves:
        measure(BARE)  # warm the file cache and bytecode for both, untimed
        measure(GAME, str(world), saves)
        for _ in range(repeat):
            results["bare"].append(measure(BARE))
            results["game"].append(measure(GAME, str(world), saves))
    return results


def prime_world_cache(world: Path, saves: Path) -> None:
    """Write the world cache's entry as a player's earlier start would have (the game writes it a
    second after a full load), so a start measured next is the usual one: every start but the first
    of a world as its files are now (game.world.cache)."""
    sys.path.insert(0, str(ROOT))
    from game.ui.worldfiles import cache_entry
    from game.world import cache

    _world, store = cache.load(world, cache_entry(saves, world))
    if store is not None:
        store()


def compile_game() -> None:
    """Byte-compile game/ as an install would. Textual's modules come compiled from pip; under
    PYTHONDONTWRITEBYTECODE the game's would otherwise be compiled from source in every measured
    process, which costs time and a transient megabyte or two that a player never pays twice."""
    import compileall

    compileall.compile_dir(str(ROOT / "game"), quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--world", type=Path, default=ROOT / "worlds" / "io")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    compile_game()
    results = run(args.world, args.repeat)
    bare = statistics.median(t for t, _ in results["bare"])
    game = statistics.median(t for t, _ in results["game"])
    print(f"world: {args.world}  ({args.repeat} runs each, medians)")
    print(f"bare Textual app to first screen: {bare * 1000:7.0f} ms")
    print(f"IO game to the title screen:      {game * 1000:7.0f} ms")
    ratio = game / bare
    verdict = "holds" if ratio <= 1.3 else "MISSED"
    print(f"goal: start-up to the title screen = {ratio:.2f}x a bare app (goal <= 1.3x): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
