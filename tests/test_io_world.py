"""The IO world: it checks clean, it is big enough, and every ending is earned and reachable."""

from __future__ import annotations

import subprocess
import sys

import pytest

from game.engine import Story
from game.world import World, load_world
from game.world.stats import world_stats
from tests.conftest import IO_WORLD

ENDING_KINDS_REQUIRED = {"film", "leave_together", "stay_alone", "leave_alone", "bleak"}


@pytest.fixture(scope="module")
def io_world() -> World:
    return load_world(IO_WORLD)


def test_io_world_is_big_enough(io_world: World) -> None:
    stats = world_stats(io_world)
    assert stats.scenes >= 50, stats.line()
    assert stats.endings >= 6, stats.line()
    assert stats.words >= 15_000, stats.line()


def test_io_world_has_the_endings_the_story_promises(io_world: World) -> None:
    kinds = {scene.ending.kind for scene in io_world.endings if scene.ending is not None}
    assert kinds >= ENDING_KINDS_REQUIRED
    assert len(kinds - ENDING_KINDS_REQUIRED) >= 1, "at least one ending of our own"
    for scene_id in ("end_life_adapts", "end_last_shuttle", "end_he_goes_up", "end_alone_to_io", "end_thin_air"):
        assert io_world.scenes[scene_id].ending is not None


def test_status_panel_shows_air_hope_bond_and_hours(io_world: World) -> None:
    assert set(io_world.status) == {"air", "hope", "bond", "hours"}


def test_yes_1_piped_into_plain_play_never_tracebacks() -> None:
    feeder = subprocess.Popen(["yes", "1"], stdout=subprocess.PIPE)
    assert feeder.stdout is not None
    lines = b"".join(feeder.stdout.readline() for _ in range(50))
    feeder.kill()
    result = subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", str(IO_WORLD)],
        input=lines,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stdout + result.stderr
    out = result.stdout.decode()
    assert "*** The end:" in out or "(end of input" in out


def test_first_choice_of_each_scene_never_gets_stuck(io_world: World) -> None:
    """Always taking the first, then the last offered choice reaches an ending, for several seeds."""
    for pick in (0, -1):
        for seed in range(5):
            with Story(io_world, seed) as story:
                for _ in range(400):
                    if story.is_over:
                        break
                    choices = story.choices()
                    assert choices, f"dead end in {story.state} after {story.run.steps}"
                    story.choose(choices[pick].id)
                assert story.is_over, f"no ending after 400 steps (seed {seed}, pick {pick})"
