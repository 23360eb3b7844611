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
