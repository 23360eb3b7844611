"""Rules of the world format that a mutation once showed untested: each broken world is refused with
its code at its place (docs/world-format.md), and chance() keeps its two fixed points."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.world import WorldError, load_world
from game.world import errors as E
from game.world.expr import compile_condition

WORLD = "id: {id}\ntitle: T\nstart: dawn\nvariables:\n  hope: {{initial: {initial}, min: 0, max: 5}}\n"
ENDING = "dawn:\n  title: Dawn\n  text: Light.\n  ending: {title: End}\n"


def world(root: Path, scenes: str = ENDING, id: str = "w", initial: str = "3") -> Path:
    (root / "scenes").mkdir(parents=True)
    (root / "world.yaml").write_text(WORLD.format(id=id, initial=initial))
    (root / "scenes" / "main.yaml").write_text(scenes)
    return root


def refused(root: Path) -> list[tuple[str, str, int, int]]:
    with pytest.raises(WorldError) as caught:
        load_world(root)
    return [(d.code, Path(d.location.file).name, d.location.line, d.location.column) for d in caught.value.diagnostics]


def test_the_base_world_loads(tmp_path: Path) -> None:
    assert load_world(world(tmp_path)).id == "w"


@pytest.mark.parametrize("bad", ["Bad", "a-b", "'a b'", "'9lives!'", "'w\\u00e9'", "''"])
def test_a_world_id_is_lowercase_letters_digits_and_underscores(tmp_path: Path, bad: str) -> None:
    assert refused(world(tmp_path, id=bad)) == [(E.E_BAD_ID, "world.yaml", 1, 5)]


def test_an_ending_has_no_choices(tmp_path: Path) -> None:
    scenes = ENDING + "  choices:\n    - {id: go, text: Go, to: dawn}\n"
    assert refused(world(tmp_path, scenes)) == [(E.E_ENDING_CHOICES, "main.yaml", 5, 3)]


@pytest.mark.parametrize("choices", ["  choices: []\n", ""])
def test_a_scene_that_is_not_an_ending_offers_a_way_on(tmp_path: Path, choices: str) -> None:
    scenes = "dawn:\n  title: Dawn\n  text: Light.\n" + choices
    assert [code for code, *_ in refused(world(tmp_path, scenes))] == [E.E_NO_CHOICES]


@pytest.mark.parametrize("initial", ["1.5", "1e3", ".nan", "[1]", "{a: 1}", "null"])
def test_an_initial_value_is_a_whole_number_a_flag_or_text(tmp_path: Path, initial: str) -> None:
    """Not an AssertionError or a crash: a located error that says what to write."""
    found = refused(world(tmp_path, initial=initial))
    assert found and found[0][:3] == (E.E_VARIABLE, "world.yaml", 5), found


def test_chance_0_never_holds_and_chance_100_always_does() -> None:
    class State:
        variables: dict[str, int] = {}
        visits: dict[str, int] = {}
        taken: set[str] = set()

        def __init__(self, draw: int) -> None:
            self.value = draw

        def draw(self, site: int) -> int:
            return self.value

    never = compile_condition("chance(0)", {}, None, "site")
    always = compile_condition("chance(100)", {}, None, "site")
    half = compile_condition("chance(50)", {}, None, "site")
    draws = range(100)  # a draw is 0..99
    assert [d for d in draws if never.evaluate(State(d))] == []
    assert [d for d in draws if not always.evaluate(State(d))] == []
    assert sum(bool(half.evaluate(State(d))) for d in draws) == 50
