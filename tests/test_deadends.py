"""The static dead-end proof: sound on a world with a trap, complete on worlds without one."""

from __future__ import annotations

from game.authoring.deadends import prove_no_dead_ends
from game.world import load_world
from tests.conftest import FIXTURES, LIGHTHOUSE, ROOT


def test_the_trap_scene_is_not_proved_and_says_why() -> None:
    proof = prove_no_dead_ends(load_world(FIXTURES / "trap"))
    assert list(proof.unproved) == ["vault"]
    assert "rope = false" in proof.unproved["vault"]


def test_worlds_without_traps_are_proved_whole() -> None:
    for path in (LIGHTHOUSE, ROOT / "worlds" / "night_ferry", ROOT / "worlds" / "io"):
        proof = prove_no_dead_ends(load_world(path))
        assert proof.complete, (path, proof.unproved)


def test_complementary_conditions_prove_a_scene(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: w\ntitle: W\nstart: a\nvariables:\n  n: {initial: 0, min: 0, max: 5}\n")
    scenes = (
        "a:\n  title: A\n  text: x\n  choices:\n"
        "    - {id: low, text: Low, to: b, if: n < 3}\n"
        "    - {id: high, text: High, to: b, if: n >= GAP}\n"
        "b:\n  title: B\n  text: y\n  ending: {title: E}\n"
    )
    (tmp_path / "scenes" / "s.yaml").write_text(scenes.replace("GAP", "3"))
    assert prove_no_dead_ends(load_world(tmp_path)).complete
    (tmp_path / "scenes" / "s.yaml").write_text(scenes.replace("GAP", "4"))
    proof = prove_no_dead_ends(load_world(tmp_path))
    assert proof.unproved == {"a": "no choice is offered when n = 3"}
