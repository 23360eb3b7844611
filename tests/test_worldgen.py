"""The realistic generated world the check, replay and session benches measure holds what they
claim: several files, conditions, variants, inline text and alternatives, and no dead end."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.worldgen import describe, random_run, write_realistic
from game.world import World, load_world


@pytest.fixture(scope="module")
def realistic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    root = write_realistic(tmp_path_factory.mktemp("worldgen") / "w", 300, per_file=100)
    return root, load_world(root)


def test_the_realistic_world_has_files_conditions_variants_and_inline_text(realistic: tuple[Path, World]) -> None:
    root, world = realistic
    scenes = [scene for scene in world.scenes.values() if scene.ending is None]
    assert len(list((root / "scenes").glob("*.yaml"))) == 3
    assert all(scene.variants for scene in scenes)
    assert all(any(choice.condition is not None for choice in scene.choices) for scene in scenes)
    inline = [scene for scene in scenes if scene.body is not None and scene.body.static is None]
    assert len(inline) == 60  # one in five of s0..s299
    assert "300 with variants" in describe(world, root) and "60 with inline text" in describe(world, root)


def test_a_random_walk_on_it_never_sticks_or_ends(realistic: tuple[Path, World]) -> None:
    world = realistic[1]
    run = random_run(world, 1_000)
    assert len(run.steps) == 1_000 and len({step.scene for step in run.steps}) > 100
