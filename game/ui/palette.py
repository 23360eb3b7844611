"""The command palette's entries for each screen, and the screenshot command.

Textual's own list (get_system_commands) offers Maximize (hatching over the game), Keys, Theme and
a screenshot into ~/Downloads, which may not exist; the game's list replaces it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.content import Content
from textual.screen import Screen

from game.ui.text import plain

if TYPE_CHECKING:
    from game.ui.app import IOApp


def commands(app: IOApp, screen: Screen[Any]) -> Iterator[SystemCommand]:
    """Only what makes sense on this screen."""
    from game.ui.screens.game import GameScreen
    from game.ui.screens.title import TitleScreen

    if isinstance(screen, TitleScreen) and app.world_ready and not app.world_errors:
        yield SystemCommand("New game", "Start a new run of this world", partial(app.menu, "new"))
        if app.store.latest(app.world) is not None:
            yield SystemCommand("Continue", "Go back to this world's latest run", partial(app.menu, "continue"))
        yield SystemCommand("Load", "Load a saved run", app.action_load)
        yield SystemCommand("Endings found", "This world's endings found in every run", app.action_endings)
    story = app.story
    if isinstance(screen, GameScreen) and story is not None:
        yield SystemCommand("Save", "Save this run in a named slot", app.action_save)
        yield SystemCommand("Load", "Load a saved run", app.action_load)
        yield SystemCommand("Journal", "Read the run so far", app.action_journal)
        if story.steps:
            yield SystemCommand("Undo", "Take back the last choice", app.action_undo)
        yield SystemCommand("Replay", "Replay this run step by step", app.action_replay)
        yield SystemCommand("Story map", "A picture of this run", app.action_story_map)
        if app.dev:
            yield SystemCommand("Reload", "Load the world's files again", app.action_reload)
    if isinstance(screen, TitleScreen | GameScreen):
        yield SystemCommand("Settings", "Text speed, theme, motion", app.action_settings)
    yield SystemCommand("Theme", "Change the colour theme", app.action_change_theme)
    yield SystemCommand("Help", "Keys and how to play", app.action_help)
    where = "to your browser" if app.is_web else f"into {app.saves_dir / 'screenshots'}"
    yield SystemCommand("Screenshot", f"Save a picture of the screen {where}", app.action_screenshot)
    yield SystemCommand("Quit", "Quit the game (the run is saved)", app.action_quit)


def take_screenshot(app: IOApp) -> None:
    """In a browser: a download. In a terminal: the saves folder's screenshots/, or why not."""
    name = time.strftime("io-game-%Y%m%d-%H%M%S.svg")
    if app.is_web:
        app.deliver_screenshot(name)
        app.say("The screenshot is on its way to your browser's downloads.")
        return
    folder = app.saves_dir / "screenshots"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        saved = app.save_screenshot(name, str(folder))
    except OSError as exc:
        why = Content.assemble("No screenshot: could not write in ", plain(str(folder)))
        app.say(Content.assemble(why, plain(f" ({exc.strerror or exc}); choose another --saves-dir.")), "error")
        return
    app.say(Content.assemble("Screenshot saved: ", plain(saved)))
