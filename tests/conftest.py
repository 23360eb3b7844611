from __future__ import annotations

import os
from pathlib import Path

import pytest

# In CI a skipped test fails (tests/noskip.py).
pytest_plugins = ["tests.noskip"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
IO_WORLD = ROOT / "worlds" / "io"
LIGHTHOUSE = FIXTURES / "worlds" / "lighthouse"


@pytest.fixture(scope="session")
def lighthouse():  # type: ignore[no-untyped-def]
    from game.world import load_world

    return load_world(LIGHTHOUSE)


@pytest.fixture(autouse=True)
def _saves_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Autosave is on in plain play: keep every test (and its subprocesses) out of the real saves/."""
    folder = tmp_path_factory.mktemp("saves")
    monkeypatch.setenv("IO_GAME_SAVES", str(folder))
    return folder


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="run slow tests and fuzz with many more examples")


def pytest_configure(config: pytest.Config) -> None:
    # Fuzz tests read this when their module is imported (xdist workers run this hook too).
    if config.getoption("--slow"):
        os.environ["IO_GAME_SLOW"] = "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Without --slow the slow tests are deselected, not skipped: CI shows 0 skipped (tests/noskip.py).
    if config.getoption("--slow"):
        return
    slow = [item for item in items if "slow" in item.keywords]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if "slow" not in item.keywords]
