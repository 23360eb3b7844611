from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from game.authoring.playtest import ExhaustiveReport
    from game.world import World

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


@pytest.fixture(scope="session")
def io_playtest(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, ExhaustiveReport]:
    """IO and its exhaustive playtest, its witness runs written to a folder: about 2.5 CPU-seconds,
    made once per test process for the tests that read it (test_io_world.py, test_playtest.py)."""
    from game.authoring.playtest import exhaustive_playtest
    from game.world import load_world

    world = load_world(IO_WORLD)
    return world, exhaustive_playtest(world, out=tmp_path_factory.mktemp("io-playtest"))


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


# The test files that hold the slowest tests, run first, each whole and in its own order, the file
# with the longest single test first (CPU seconds of that test, `pytest -n 0`, 2026-12-07); the rest
# follow in pytest's order. With xdist's work stealing (`--dist worksteal`, pyproject.toml) a worker
# that runs out takes the other's last queued tests, so the two end together on quick tests instead
# of one starting a 6-second test as the other finishes. A file missing here costs time only, never
# a check: re-measure with `pytest --durations=40`.
SLOW_FIRST = (
    "tests/test_code_quality.py",  # 5.8 s: mypy, from an empty cache in CI
    "tests/test_fuzz_loader.py",  # 4.4 s: worlds written and loaded twice each
    "tests/test_intervals.py",  # 4.2 s: all of IO checked
    "tests/test_lint.py",  # 3.8 s: the bound note (lint's random runs, twice)
    "tests/test_saves_crash.py",  # 1.8 s of CPU, 4 s of wall-clock: writers killed at random
    "tests/test_hostile_worlds.py",  # 3.4 s: 11,000 scenes loaded in a subprocess
    "tests/test_playtest.py",  # 2.5 s: IO's exhaustive playtest (the io_playtest fixture)
    "tests/test_io_world.py",  # reads io_playtest too: after test_playtest.py, on the same worker
    "tests/test_fuzz_names.py",
    "tests/test_fuzz_saves.py",
    "tests/test_lint_rules.py",
    "tests/test_fuzz_expr.py",
    "tests/test_world_roundtrip.py",
    "tests/test_lint_scale.py",
    "tests/test_serve.py",
    "tests/test_explore_bounds.py",
    "tests/ui/test_io_world.py",
    "tests/test_lsp.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {path: index for index, path in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.partition("::")[0], len(rank)))  # stable: keeps the rest
    # Without --slow the slow tests are deselected, not skipped: CI shows 0 skipped (tests/noskip.py).
    if config.getoption("--slow"):
        return
    slow = [item for item in items if "slow" in item.keywords]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if "slow" not in item.keywords]
