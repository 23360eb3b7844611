"""The IO world itself, played to an ending in the UI with number keys (robust to its content:
the route is found by the engine first, then typed as the player would)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from game.engine import Story
from game.ui.screens.ending import EndingScreen
from game.ui.screens.game import GameScreen
from game.world import World, load_world
from tests.conftest import IO_WORLD
from tests.ui.conftest import make_app, play

SEED = 11


def route_to_an_ending(world: World, attempts: int = 200, limit: int = 300) -> list[int] | None:
    """Choice numbers (1-based, as shown) of the shortest random walk that reaches an ending."""
    rng = random.Random(5)
    best: list[int] | None = None
    for _ in range(attempts):
        numbers: list[int] = []
        story = Story(world, SEED)
        while not story.is_over and not story.is_stuck and len(numbers) < limit:
            offered = story.choices()
            number = rng.randrange(len(offered)) + 1
            story.choose(offered[number - 1].id)
            numbers.append(number)
        if story.is_over and (best is None or len(numbers) < len(best)):
            best = numbers
    return best


def test_io_world_played_to_an_ending_with_number_keys(saves: Path) -> None:
    world = load_world(IO_WORLD)  # a world that does not load is a failure, not a skip
    route = route_to_an_ending(world)
    if route is None or any(number > 9 for number in route):
        pytest.skip("no random route to an ending that number keys can type")
    app = make_app(saves, IO_WORLD, seed=SEED)

    async def script(pilot: Any) -> None:
        await pilot.press("n")
        assert isinstance(app.screen, GameScreen)
        for number in route:
            await pilot.press(str(number))
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert app.story.ending is not None
        assert app.story.ending.title in str(app.screen.query_one("#ending").render())

    play(app, script, size=(120, 40))
