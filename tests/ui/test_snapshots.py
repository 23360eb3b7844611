"""SVG snapshots (pytest-textual-snapshot) of every main screen, at 80x24 and 120x40.

Textual is pinned exactly in pyproject.toml, so these stay stable. Update them after a deliberate
change with `pytest tests/ui/test_snapshots.py --snapshot-update` and look at the new SVGs.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from game.engine import Story
from game.saves import autosave_slot
from game.ui.app import IOApp
from tests.conftest import FIXTURES
from tests.ui.conftest import make_app

SMALL = (80, 24)
LARGE = (120, 40)
SIZES = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dates and times played appear on screen: pin them."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr("game.saves.store.now_utc", lambda: datetime(2026, 3, 14, 9, 26, tzinfo=UTC))
    monkeypatch.setattr(IOApp, "played_seconds", lambda self: 754.0)


@SIZES
def test_title(snap_compare: Any, saves: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(saves), terminal_size=size)


def test_game_80x24(snap_compare: Any, saves: Path) -> None:
    assert snap_compare(make_app(saves), press=["n", "1"], terminal_size=SMALL)


def test_game_120x40(snap_compare: Any, saves: Path) -> None:
    assert snap_compare(make_app(saves), press=["n", "1", "1", "2"], terminal_size=LARGE)


def test_game_with_markup_in_world_text(snap_compare: Any, saves: Path) -> None:
    app = make_app(saves, FIXTURES / "worlds" / "markup")
    assert snap_compare(app, press=["enter"], terminal_size=SMALL)


def test_journal(snap_compare: Any, saves: Path) -> None:
    assert snap_compare(make_app(saves), press=["n", "1", "3", "1", "j"], terminal_size=SMALL)


async def _open_save_screen(pilot: Any) -> None:
    """run_before runs before `press`, so it presses the keys itself, then stops the cursor blinking."""
    await pilot.press("n", "1", "s")
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_save(snap_compare: Any, saves: Path) -> None:
    app = make_app(saves)
    story = Story(app.world, 3)
    story.choose("descend")
    app.store.write("below-stairs", story, 3725)
    assert snap_compare(app, terminal_size=SMALL, run_before=_open_save_screen)


def test_load(snap_compare: Any, saves: Path) -> None:
    app = make_app(saves)
    story = Story(app.world, 3)
    story.choose("descend")
    app.store.write("below-stairs", story, 3725)
    story.choose("fetch_oil")
    story.choose("trim")
    app.store.write(autosave_slot(app.world.id), story, 95)
    (saves / "scribbled.json").write_text("not a save", encoding="utf-8")
    assert snap_compare(app, press=["l"], terminal_size=SMALL)


def test_help(snap_compare: Any, saves: Path) -> None:
    assert snap_compare(make_app(saves), press=["n", "question_mark"], terminal_size=SMALL)


def test_ending(snap_compare: Any, saves: Path) -> None:
    assert snap_compare(make_app(saves), press=["n", "1", "1", "2", "2"], terminal_size=SMALL)


def test_too_small(snap_compare: Any, saves: Path) -> None:
    assert snap_compare(make_app(saves), terminal_size=(60, 20))


CROSSROADS = FIXTURES / "worlds" / "crossroads"


@SIZES
def test_title_with_its_own_art(snap_compare: Any, saves: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(saves, CROSSROADS), terminal_size=size)


@SIZES
def test_endings_found(snap_compare: Any, saves: Path, size: tuple[int, int]) -> None:
    app = make_app(saves, CROSSROADS)
    app.store.record_ending(app.world, "river")
    assert snap_compare(app, press=["e"], terminal_size=size)


@SIZES
def test_story_map(snap_compare: Any, saves: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(saves, CROSSROADS), press=["n", "1", "1", "1", "m"], terminal_size=size)
