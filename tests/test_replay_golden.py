"""Every golden run in tests/runs/ replays to its recorded ending, variables and transcript.

A failure prints the diff. To accept a change on purpose: `io-game replay --check tests/runs/*.json
--bless`; to add a run: `io-game replay --record tests/runs/NAME.json --world W --seed S --choices ...`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.golden import check_golden, read_golden
from game.world import World, load_world
from tests.conftest import ROOT

RUNS = sorted((ROOT / "tests" / "runs").glob("*.json"))
_worlds: dict[Path, World] = {}


def _world(folder: Path) -> World:
    key = folder.resolve()
    if key not in _worlds:
        _worlds[key] = load_world(key)
    return _worlds[key]


@pytest.mark.parametrize("path", RUNS, ids=[path.stem for path in RUNS])
def test_golden_run(path: Path) -> None:
    golden = read_golden(path)
    assert golden.world_hint is not None, f"{path.name} does not say where its world is"
    problems = check_golden(golden, _world(path.parent / golden.world_hint))
    assert not problems, f"{path.name}:\n" + "\n".join(problems)
