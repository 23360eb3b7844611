"""The order of taking a choice (docs/world-format.md): `do:` effects, any of them conditional, then
the reply (which sees the new values), then `after:`; and what `--set` refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import Story
from game.world import World, load_world

WORLD = """\
id: rules
title: Rules
start: quay
variables:
  coins: {initial: 1, min: 0, max: 9}
  hope: {initial: 5, min: 0, max: 9}
  broke: {initial: false}
  trust: {initial: 0}
"""
SCENES = """\
quay:
  title: The quay
  text: The ferryman waits.
  choices:
    - id: pay
      text: Pay the fare
      to: boat
      do:
        - coins -= 1
        - {if: coins == 0, do: [broke = true], else: [hope += 1]}
      reply: 'He bites the coin. "{if hope > 5: Fair enough.|Barely.}"'
      after: [trust += 1]
boat:
  title: The boat
  text: Water.
  ending: {title: Away}
"""


@pytest.fixture
def world(tmp_path: Path) -> World:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text(WORLD)
    (tmp_path / "scenes" / "main.yaml").write_text(SCENES)
    return load_world(tmp_path)


def test_a_conditional_effect_takes_the_branch_its_condition_chooses(world: World) -> None:
    last_coin = Story(world, 1)
    last_coin.choose("pay")
    assert last_coin.variables == {"coins": 0, "hope": 5, "broke": True, "trust": 1}
    spare = Story(world, 1, overrides=[("coins", 2)])
    spare.choose("pay")
    assert spare.variables == {"coins": 1, "hope": 6, "broke": False, "trust": 1}


def test_the_reply_is_shown_after_the_do_effects_and_before_after(world: World) -> None:
    story = Story(world, 1, overrides=[("coins", 2)])  # hope becomes 6 in do:, before the reply
    story.choose("pay")
    assert story.reply_text() == 'He bites the coin. "Fair enough."'
    poor = Story(world, 1)
    poor.choose("pay")
    assert poor.reply_text() == 'He bites the coin. "Barely."'


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("coins", "x", "'coins' is a number, not a text"),
        ("broke", 3, "'broke' is a flag, not a number"),
        ("nope", 1, "no variable 'nope' in this world"),
    ],
)
def test_set_refuses_a_value_of_the_wrong_kind_and_says_so(
    world: World, name: str, value: str | int, message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        Story(world, 1, overrides=[(name, value)])
    assert str(caught.value) == message


def test_set_clamps_a_number_to_its_bounds(world: World) -> None:
    assert Story(world, 1, overrides=[("coins", 99)]).variables["coins"] == 9
    assert Story(world, 1, overrides=[("hope", -5)]).variables["hope"] == 0
