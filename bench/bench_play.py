"""Start to the first playable scene, and a choice's redraw, each against a bare Textual app, in one run.

    .venv/bin/python bench/bench_play.py [--world worlds/io] [--repeat 7] [--choices 20]

- Start to first playable scene: a fresh process each time; the game as `io-game play` starts it,
  the player pressing New game as the title appears (held until the world has loaded), timed until
  the game screen has been drawn with its choices shown and focused (taking the next key). The
  bare app: one static screen drawn. Target <= 1.5x. The start timed is the usual one, with the
  world cache's entry an earlier start left (game.world.cache); a world's very first start (no
  entry: every file parsed) is shown beside it without a goal. Also shown: the floor, the bare app
  with the world loaded in a thread as that start loads it (from the cache's entry) and its first
  scene's text drawn (no title, no game screen).
- A choice's redraw: in one process, the time from pressing a choice's number to the next scene
  drawn (narration, choices, status; autosave included), against a bare app that, on the same key,
  puts the same amount of new text in a Static and a list of options and redraws. Target <= 2x.
Medians, the two measured alternately.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_startup import BARE, ROOT, compile_game, measure, prime_world_cache  # noqa: E402

PLAYABLE = """
import asyncio, os, resource, sys
from pathlib import Path
from game.ui.app import IOApp

async def playable(pilot):
    from textual import events
    from textual.widgets import OptionList

    app = pilot.app
    # New game, pressed as the title appears: posted as the terminal driver posts a key. Not
    # pilot.press(), which then waits for the process to be idle in 20 ms sleeps (time that is
    # the pilot's, not the game's, and longer while the world loads in its thread).
    app.post_message(events.Key("n", "n"))

    def playable_now():
        # The game screen known by its class's name: importing its module here, at the start, put
        # that import (the world, the engine, the screen: ~25 ms) on the main thread before the
        # title's first frame; the game imports it in its loader thread, as the title waits.
        screen = app.screen
        if type(screen).__name__ != "GameScreen" or not screen.is_mounted:
            return False
        choices = screen.query_one("#choices", OptionList)
        return choices.option_count > 0 and choices.display and app.focused is choices

    while not playable_now():  # the scene's choices shown and taking keys
        await asyncio.sleep(0.001)
    painted = asyncio.Event()
    app.call_after_refresh(painted.set)  # and drawn
    await painted.wait()
    os.write(1, b"shown\\n")
    app.exit()

app = IOApp(Path(sys.argv[1]), seed=1, saves_dir=Path(sys.argv[2]), reveal=False)
app.run(headless=True, size=(80, 24), auto_pilot=playable)
os.write(1, f"rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n".encode())
"""

# The floor under any game that reads its world before its first scene: the bare app, with the
# world loaded in a thread started with the app (the earliest a game could start it), as the timed
# start loads it (from the world cache's entry), and its first scene's narration put in the one
# Static. What the game takes beyond this is its own screens.
FLOOR = """
import asyncio, os, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from textual.app import App
from textual.widgets import Static

def first_scene(path, saves):
    from game.engine import Story
    from game.ui.worldfiles import cache_entry
    from game.world import cache

    world, _store = cache.load(path, cache_entry(saves, path))
    return Story(world, 1).narration()

class Floor(App):
    def __init__(self):
        super().__init__()
        self.reading = ThreadPoolExecutor(1).submit(first_scene, Path(sys.argv[1]), Path(sys.argv[2]))

    def compose(self):
        yield Static("IO", id="text", markup=False)

async def shown(pilot):
    narration = await asyncio.wrap_future(pilot.app.reading)
    pilot.app.query_one("#text", Static).update(narration)
    painted = asyncio.Event()
    pilot.app.call_after_refresh(painted.set)
    await painted.wait()
    os.write(1, b"shown\\n")
    pilot.app.exit()

Floor().run(headless=True, size=(80, 24), auto_pilot=shown)
os.write(1, b"rss 0\\n")
"""


async def drawn(app: object) -> None:
    painted = asyncio.Event()
    app.call_after_refresh(painted.set)  # type: ignore[attr-defined]
    await painted.wait()


async def game_redraws(world: Path, saves: Path, count: int) -> tuple[list[float], int]:
    """Seconds per choice (press "1" to the next scene drawn); an undo, untimed, after each."""
    from game.ui.app import IOApp
    from game.world import load_world

    app = IOApp(load_world(world), seed=1, saves_dir=saves, reveal=False)
    times: list[float] = []
    chars = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("n")
        await drawn(app)
        for _ in range(count):
            start = time.perf_counter()
            await pilot.press("1")
            await drawn(app)
            times.append(time.perf_counter() - start)
            assert app.story is not None
            chars = max(chars, len(app.story.narration()))
            if app.story.is_over or len(app.screen_stack) > 2:
                await pilot.press("escape")  # from the ending screen
            app.action_undo()
            await drawn(app)
    return times, chars


async def bare_redraws(count: int, chars: int) -> list[float]:
    from textual.app import App, ComposeResult
    from textual.widgets import OptionList, Static

    text = ("The oxygen concentrator in the corner ticks and sighs. " * (chars // 55 + 1))[:chars]

    class Bare(App[None]):
        turn = 0

        def compose(self) -> ComposeResult:
            yield Static("IO", id="text")
            yield OptionList("one", "two", id="options")

        def key_1(self) -> None:
            self.turn += 1
            self.query_one("#text", Static).update(f"{self.turn} {text}")
            options = self.query_one("#options", OptionList)
            options.clear_options()
            options.add_options([f"{self.turn} one", f"{self.turn} two", f"{self.turn} three"])

    app = Bare()
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await drawn(app)
        for _ in range(count):
            start = time.perf_counter()
            await pilot.press("1")
            await drawn(app)
            times.append(time.perf_counter() - start)
    return times


def spread(seconds: list[float]) -> str:
    return f"(each: {' '.join(f'{value * 1000:.0f}' for value in seconds)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--world", type=Path, default=ROOT / "worlds" / "io")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--choices", type=int, default=20)
    args = parser.parse_args()
    compile_game()
    bare_start: list[float] = []
    floor_start: list[float] = []
    game_start: list[float] = []
    first_start: list[float] = []
    with tempfile.TemporaryDirectory() as saves:
        measure(BARE)  # warm caches, untimed
        measure(PLAYABLE, str(args.world), saves)
        prime_world_cache(args.world, Path(saves) / "x")  # as the player's earlier starts left it
        for index in range(args.repeat):
            bare_start.append(measure(BARE)[0])
            floor_start.append(measure(FLOOR, str(args.world), saves + "/x")[0])
            game_start.append(measure(PLAYABLE, str(args.world), saves + "/x")[0])
            # A world's first start (no cache entry yet: every file parsed and compiled): no goal.
            first_start.append(measure(PLAYABLE, str(args.world), f"{saves}/first{index}")[0])
    with tempfile.TemporaryDirectory() as saves:
        game_times, chars = asyncio.run(game_redraws(args.world, Path(saves), args.choices))
    bare_times = asyncio.run(bare_redraws(args.choices, chars))
    start_ratio = statistics.median(game_start) / statistics.median(bare_start)
    redraw_ratio = statistics.median(game_times) / statistics.median(bare_times)
    print(f"world: {args.world}  (start: {args.repeat} processes each; redraw: {args.choices} choices; medians)")
    print(f"bare app, first screen:          {statistics.median(bare_start) * 1000:7.0f} ms  {spread(bare_start)}")
    floor_ratio = statistics.median(floor_start) / statistics.median(bare_start)
    floor_ms = statistics.median(floor_start) * 1000
    print(f"bare app + world load (floor):   {floor_ms:7.0f} ms  ({floor_ratio:.2f}x)  {spread(floor_start)}")
    print(f"game, first playable scene:      {statistics.median(game_start) * 1000:7.0f} ms  {spread(game_start)}")
    pairs = " ".join(f"{game / bare:.2f}" for game, bare in zip(game_start, bare_start, strict=True))
    print(f"  each start against the bare app measured just before it: {pairs}")
    first_ratio = statistics.median(first_start) / statistics.median(bare_start)
    first_ms = statistics.median(first_start) * 1000
    print(f"the same, a world's first start: {first_ms:7.0f} ms  ({first_ratio:.2f}x, no goal)")
    verdict = "holds" if start_ratio <= 1.5 else "MISSED"
    print(f"goal: start to the first playable scene = {start_ratio:.2f}x a bare app (goal <= 1.5x): {verdict}")
    print(f"bare app, text and options redraw: {statistics.median(bare_times) * 1000:7.1f} ms")
    print(f"game, a choice's redraw:           {statistics.median(game_times) * 1000:7.1f} ms")
    verdict = "holds" if redraw_ratio <= 2 else "MISSED"
    print(f"goal: a choice's redraw = {redraw_ratio:.2f}x a bare app's (goal <= 2x): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
