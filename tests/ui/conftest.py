"""Helpers for the UI tests: an app on a fixture world with the reveal off and saves in a temp folder."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest

from game.ui.app import IOApp
from game.world import load_world
from tests.conftest import LIGHTHOUSE


def make_app(saves: Path, world: Path = LIGHTHOUSE, *, seed: int = 7, reveal: bool = False, dev: bool = False) -> IOApp:
    return IOApp(load_world(world), seed=seed, saves_dir=saves, reveal=reveal, dev=dev)


def play(app: IOApp, script: Callable[[Any], Awaitable[None]], size: tuple[int, int] = (80, 24)) -> None:
    """Run the app headless at a fixed size and drive it with a pilot script."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await app.workers.wait_for_complete()  # the title's look for saves to continue
            await pilot.pause()
            await script(pilot)

    asyncio.run(main())


def run(coroutine: Coroutine[Any, Any, None]) -> None:
    asyncio.run(coroutine)


@pytest.fixture
def saves(tmp_path: Path) -> Path:
    return tmp_path / "saves"
