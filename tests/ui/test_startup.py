"""What keeps the start to the first playable scene fast, counted (bench/bench_play.py times it).

One start as a player's second start is (the world cache's entry written by the first), to the first
scene drawn with its choices taking keys, with New game pressed as the title appears.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import IO_WORLD

# The counts below are read by patching Textual's internals (Screen._refresh_layout, Timer._tick,
# DOMNode._post_mount...): no public API counts layouts or frames. They are those of Textual 8.2.8,
# pinned in pyproject.toml. An upgrade must check them again: a patch that no longer takes counts
# 0, which fails the checks that ask for 1 but passes those that ask for at most N.
START = """
import asyncio, collections, json, os, sys
from pathlib import Path
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer
import game.ui.app
from game.ui.app import IOApp
from game.ui.widgets.narration import Narration

# The rest of the world is compiled (and transitions imported) half a second after the first scene:
# never before this start is counted, however slow the machine.
game.ui.app.COMPILE_AFTER = 3600.0
counts = collections.Counter()

def counted(cls, name, key):
    original = getattr(cls, name)
    def wrapper(self, *args, **kwargs):
        counts[key(self)] += 1
        return original(self, *args, **kwargs)
    setattr(cls, name, wrapper)

counted(Screen, "_refresh_layout", lambda screen: "layouts " + type(screen).__name__)
start_timer = Timer._start
def starting(timer):
    screen = timer._target()
    if timer.name == "screen_update" and isinstance(screen, Screen):  # before the screen's first layout?
        counts.setdefault("frame timer started before the first layout " + type(screen).__name__,
                          int(counts["layouts " + type(screen).__name__] == 0))
    start_timer(timer)
Timer._start = starting

# Frames: what the game screen's first frame showed, and the frames each screen's 60 Hz frame timer
# drew (one is drawn a frame, 1/60 s, after what it draws was asked for).
shown = {}
draw = Screen._compositor_refresh
def drawing(screen):
    draw(screen)
    if type(screen).__name__ == "GameScreen" and screen is screen.app.screen:
        shown.setdefault("first", [strip.text for strip in screen._compositor.render_strips()])
Screen._compositor_refresh = drawing
tick = Timer._tick
async def ticking(timer, **kwargs):
    screen = timer._target()
    if timer.name == "screen_update" and isinstance(screen, Screen):
        counts["frame timer ticks " + type(screen).__name__] += 1
    await tick(timer, **kwargs)
Timer._tick = ticking
counted(Stylesheet, "reparse", lambda _: "css parsed again")
counted(DOMNode, "_post_mount", lambda _: "nodes mounted")
counted(Stylesheet, "apply", lambda _: "nodes styled")
counted(Narration, "render", lambda _: "narration drawn")
start_loading = IOApp.start_loading
def loading(app):
    counts.setdefault("title layouts when the loader starts", counts["layouts TitleScreen"])
    counts.setdefault("title frame timer ticks when the loader starts", counts["frame timer ticks TitleScreen"])
    start_loading(app)
IOApp.start_loading = loading

async def play(pilot):
    from textual import events
    from textual.widgets import OptionList

    app = pilot.app
    app.post_message(events.Key("n", "n"))
    for _ in range(100_000):  # bounded: a start that never gets there fails with its counts
        screen = app.screen
        if type(screen).__name__ == "GameScreen" and screen.is_mounted:
            choices = screen.query_one("#choices", OptionList)
            if choices.option_count and choices.display and app.focused is choices:
                break
        await asyncio.sleep(0.001)
    else:
        os.write(2, f"never reached a playable first scene: {dict(counts)}".encode())
        app.exit(return_code=3)
        return
    drawn = asyncio.Event()
    app.call_after_refresh(drawn.set)
    await drawn.wait()
    counts["scenes compiled"] = app.world.scenes.compiled
    widgets = [widget for screen in app.screen_stack for widget in screen.walk_children()]
    counts["tooltip widgets"] = sum(type(widget).__name__ == "Tooltip" for widget in widgets)
    from game.support import textsafe
    counts["terminal-safety expressions compiled"] = textsafe._pattern.cache_info().currsize
    last = [strip.text for strip in app.screen._compositor.render_strips()]
    counts["first frame is the scene as drawn"] = int(shown["first"] == last)
    modules = sorted(name for name in sys.modules if name.split(".")[0] in ("game", "yaml", "transitions", "hashlib"))
    os.write(1, json.dumps({"counts": counts, "modules": modules}).encode())
    app.exit()

app = IOApp(Path(sys.argv[1]), seed=1, saves_dir=Path(sys.argv[2]), reveal=False)
app.run(headless=True, size=(80, 24), auto_pilot=play)
sys.exit(app.return_code or 0)
"""

# The game's modules a start imports before its first scene is drawn. Anything else (the other
# screens, the authoring tools, the commands) is imported when first used: a module added here
# is time added to every start.
START_MODULES = {
    "game",
    *[f"game.engine{name}" for name in ("", ".replay", ".rules", ".run", ".story", ".transcript")],
    "game.play",
    "game.play.session",
    *[f"game.saves{name}" for name in ("", ".format", ".store")],
    "game.support",
    *[f"game.support.{name}" for name in ("atomic", "digest", "files", "ids", "played", "textsafe", "values")],
    *[f"game.ui{name}" for name in ("", ".actions", ".app", ".loading", ".parts", ".prefs", ".text", ".theme")],
    "game.ui.worldfiles",
    *[f"game.ui.screens{name}" for name in ("", ".game", ".steady", ".title")],
    *[f"game.ui.widgets{name}" for name in ("", ".keybar", ".menu", ".narration", ".notice", ".status")],
    *[
        f"game.world{name}"
        for name in ("", ".cache", ".errors", ".expr", ".loader", ".model", ".part", ".text", ".yamlsafe")
    ],
}


def test_a_second_start_to_the_first_scene_does_only_what_that_scene_needs(tmp_path: Path) -> None:
    from game.ui.worldfiles import cache_entry
    from game.world import cache

    saves = tmp_path / "saves"
    cache.load(IO_WORLD, cache_entry(saves, IO_WORLD))[1]()  # type: ignore[misc]  # as the first start does
    run = [sys.executable, "-c", START, str(IO_WORLD), str(saves)]
    done = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    counts, modules = report["counts"], set(report["modules"])

    # No YAML parser, no state machine (built while the player reads), no OpenSSL: none is needed
    # to show a cached world's first scene.
    assert not {"yaml", "transitions", "hashlib"} & modules
    assert modules <= START_MODULES, f"imported on the way to the first scene: {sorted(modules - START_MODULES)}"
    assert counts["scenes compiled"] == 1  # the first; the rest while the player reads
    # Text that is all printable is shown as it is: the expressions that find what a terminal must
    # never get (a map of the whole Basic Multilingual Plane each) are not compiled for IO's.
    assert counts["terminal-safety expressions compiled"] == 0
    # The theme is chosen before Textual first parses the CSS, not switched to after it.
    assert counts.get("css parsed again", 0) == 0
    # The loader starts as soon as the title's first frame is drawn, not a frame later.
    assert counts["title layouts when the loader starts"] == 1
    assert counts["title frame timer ticks when the loader starts"] == 0
    # Each screen is laid out at most twice (today the second time is for what Textual's own widgets
    # asked while it was shown), and the narration drawn at most once for its height and once to the
    # screen: it is built with the scene in place and keeps its scrollbar's column, so it is not
    # wrapped again. At most: fewer passes in a later Textual are welcome.
    assert counts["layouts TitleScreen"] <= 2 and counts["layouts GameScreen"] <= 2
    assert counts["narration drawn"] <= 2
    # The app, its two screens and their widgets (no tooltip layer: no widget of the game's has a
    # tooltip; no container around the game screen's two columns): each one more is time added to
    # every start. Each is styled about once (a screen shown the first time is not styled again: it
    # was as it was mounted; 61 before, each restyled).
    assert counts["nodes mounted"] <= 18
    assert counts["tooltip widgets"] == 0  # IOApp sets Textual's private _disable_tooltips: still taken?
    assert counts["nodes styled"] <= 32
    # The scene's first frame is complete (the narration's scrollbar is in it, not placed by a second
    # layout), and what Textual asks right after it is drawn at once, not a frame (1/60 s) later.
    assert counts["first frame is the scene as drawn"] == 1
    assert counts.get("frame timer ticks GameScreen", 0) == 1
    # That frame is not a whole frame late: Textual's timer for a screen's frames waits a frame (1/60 s)
    # after it starts before its first tick; started as each screen is mounted, not at its first
    # layout, that wait is spent building the screen (game/ui/screens/steady.py).
    assert counts["frame timer started before the first layout TitleScreen"] == 1
    assert counts["frame timer started before the first layout GameScreen"] == 1
