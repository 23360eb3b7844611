from __future__ import annotations

from pathlib import Path

import pytest

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
