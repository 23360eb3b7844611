"""Rules of a step (game/engine/rules.py, docs/world-format.md) that a full mutation run of the engine
found unstated: what is offered and why not, the call stack and its depth, visits and the taken
record, clamping everywhere effects apply, the messages a refused choice or a bad run start gives,
and the chance() draws that every saved run depends on."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from game.engine import Story
from game.engine.rules import MAX_CALL_DEPTH, ChoiceUnavailable, chance_draw, program, rules_for, why_unavailable
from game.engine.run import SEED_LIMIT, Step
from game.world import World, load_world
from game.world.model import flat_effects

WORLD = """\
id: rules
title: Rules
start: hub
variables:
  n: {initial: 5, min: 0, max: 10}
  big: {initial: 0}
  met: {initial: false}
  seen: {initial: 0}
  name: {initial: Sam}
"""
SCENES = """\
hub:
  title: Hub
  text: The hub.
  on_enter: [seen = visits("hub")]
  choices:
    - {id: once, text: Once, to: hub, once: true, do: [n += 1]}
    - {id: cond, text: Cond, to: hub, if: n > 7}
    - {id: oncecond, text: Once if met, to: hub, once: true, if: met}
    - {id: call, text: Call, to: sub, then: hub}
    - {id: meet, text: Meet, to: hub, do: [met = true, n = 100, big += big + 1000000000]}
    - {id: low, text: Low, to: hub, do: [n -= 100], after: [n -= 1, big -= 1]}
    - {id: end, text: End, to: fin, if: taken("hub.meet")}
    - {id: stuck, text: Stuck, to: dead}
    - {id: wait, text: Wait, to: wait}
wait:
  title: Wait
  text: Waiting.
  choices:
    - {id: go, text: Go, to: hub, if: met}
    - {id: rest, text: Rest, to: wait, fallback: true}
sub:
  title: Sub
  text: A sub-scene.
  choices:
    - {id: deeper, text: Deeper, to: sub, then: sub}
    - {id: back, text: Back, return: true}
    - {id: rest, text: Rest, to: sub, fallback: true, if: n < 3}
dead:
  title: Dead end
  text: Nothing here.
  choices:
    - {id: never, text: Never, to: hub, if: n > 100}
fin:
  title: Fin
  text: The end.
  ending: {title: Fin, kind: good}
"""


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("rules")
    (root / "scenes").mkdir()
    (root / "world.yaml").write_text(WORLD, encoding="utf-8")
    (root / "scenes" / "all.yaml").write_text(SCENES, encoding="utf-8")
    return load_world(root)


def offered(story: Story) -> list[str]:
    return [choice.id for choice in story.choices()]


# --- what is offered -------------------------------------------------------------------------------


def test_a_choice_is_offered_while_its_condition_holds_and_once_only_until_taken(world: World) -> None:
    story = Story(world)
    assert offered(story) == ["once", "call", "meet", "low", "stuck", "wait"]
    story.choose("once")
    assert offered(story) == ["call", "meet", "low", "stuck", "wait"]
    story.choose("meet")  # n = 100 is clamped to 10: now `n > 7` holds; met: the once-if-met is offered
    assert offered(story) == ["cond", "oncecond", "call", "meet", "low", "end", "stuck", "wait"]
    story.choose("oncecond")
    assert "oncecond" not in offered(story) and story.is_available(world.scenes["hub"].choices[1])


def test_a_refused_choice_says_why_and_changes_nothing(world: World) -> None:
    story = Story(world)
    story.choose("once")
    before = (story.scene_id, dict(story.variables), dict(story.visits), set(story.taken), list(story.steps))
    with pytest.raises(
        ChoiceUnavailable, match="^choice 'once' in scene 'hub' is not available now: it was already taken$"
    ):
        story.choose("once")
    with pytest.raises(
        ChoiceUnavailable, match="^choice 'cond' in scene 'hub' is not available now: its condition does not hold$"
    ):
        story.choose("cond")
    with pytest.raises(ChoiceUnavailable, match="^scene 'hub' has no choice 'nope'$"):
        story.choose("nope")
    assert (story.scene_id, story.variables, story.visits, story.taken, story.steps) == before


def test_why_a_choice_is_not_offered(world: World) -> None:
    story = Story(world)
    hub, sub = world.scenes["hub"], world.scenes["sub"]
    story.choose("call")
    story.variables["n"] = 0
    assert why_unavailable(story, sub.choice("rest")) == "it is a fallback, and another choice is offered"  # type: ignore[arg-type]
    story.variables["n"] = 5
    assert why_unavailable(story, sub.choice("rest")) == "its condition does not hold"  # type: ignore[arg-type]
    fresh = Story(world)
    fresh.scene_id = "sub"
    assert why_unavailable(fresh, sub.choice("back")) == "it returns from a sub-scene, and the run is in none"  # type: ignore[arg-type]
    fresh.stack = ["hub"] * MAX_CALL_DEPTH
    assert why_unavailable(fresh, sub.choice("deeper")) == f"sub-scenes are nested {MAX_CALL_DEPTH} deep already"  # type: ignore[arg-type]
    assert why_unavailable(fresh, hub.choice("cond")) == "its condition does not hold"  # type: ignore[arg-type]


def test_a_fallback_is_offered_only_when_nothing_else_is(world: World) -> None:
    story = Story(world)
    story.choose("wait")
    assert offered(story) == ["rest"]
    story.choose("rest")
    story.variables["met"] = True
    assert offered(story) == ["go"]
    with pytest.raises(ChoiceUnavailable, match="it is a fallback, and another choice is offered$"):
        story.choose("rest")
    story.choose("go")
    story.choose("low")  # n: 5 - 100 -> 0, then after: -1 -> 0
    story.choose("call")
    assert offered(story) == ["deeper", "back"]  # rest's condition holds, but others are offered


def test_a_dead_end_is_stuck_and_an_ending_is_over(world: World) -> None:
    story = Story(world)
    story.choose("stuck")
    assert (story.is_stuck, story.is_over, story.ending) == (True, False, None)
    done = Story(world)
    done.choose("meet")
    done.choose("end")
    assert (done.is_stuck, done.is_over, done.ending.title, done.ending.kind) == (False, True, "Fin", "good")  # type: ignore[union-attr]
    assert done.choices() == []


# --- calls -----------------------------------------------------------------------------------------


def test_a_call_goes_down_and_a_return_comes_back_where_it_was_called(world: World) -> None:
    story = Story(world)
    story.choose("call")
    assert (story.scene_id, story.stack) == ("sub", ["hub"])
    story.choose("deeper")
    assert (story.scene_id, story.stack) == ("sub", ["hub", "sub"])
    story.choose("back")
    assert (story.scene_id, story.stack) == ("sub", ["hub"])
    story.choose("back")
    assert (story.scene_id, story.stack) == ("hub", [])
    assert story.steps == [Step("hub", "call"), Step("sub", "deeper"), Step("sub", "back"), Step("sub", "back")]


def test_calls_nest_at_most_32_deep(world: World) -> None:
    story = Story(world)
    story.choose("call")
    while "deeper" in offered(story):
        story.choose("deeper")
    assert MAX_CALL_DEPTH == 32 and len(story.stack) == MAX_CALL_DEPTH
    with pytest.raises(ChoiceUnavailable, match="sub-scenes are nested 32 deep already"):
        story.choose("deeper")


# --- what a step records ---------------------------------------------------------------------------


def test_visits_count_every_arrival_and_on_enter_sees_the_new_count(world: World) -> None:
    story = Story(world)
    assert (story.visits, story.variables["seen"]) == ({"hub": 1}, 1)  # the start is entered too
    story.choose("once")
    story.choose("call")
    assert story.visits == {"hub": 2, "sub": 1} and story.variables["seen"] == 2
    story.choose("back")
    assert story.visits == {"hub": 3, "sub": 1} and story.variables["seen"] == 3


def test_the_taken_record_holds_once_only_choices_and_those_taken_names(world: World) -> None:
    story = Story(world)
    story.choose("call")
    story.choose("back")
    assert story.taken == set()  # neither once-only nor named by taken()
    story.choose("meet")  # named by taken("hub.meet")
    story.choose("once")
    assert story.taken == {"hub.meet", "hub.once"} and world.labels == frozenset({"hub.meet"})


def test_every_effect_is_clamped_to_its_bounds_or_to_ten_to_the_18(world: World) -> None:
    story = Story(world)
    story.choose("meet")
    assert story.variables["n"] == 10
    for _ in range(40):  # big doubles each time
        story.choose("meet")
    assert story.variables["big"] == 10**18  # no bound written: still bounded
    story.choose("low")  # do: n -= 100 -> 0; after: n -= 1 -> 0 (after: effects are clamped too)
    assert (story.variables["n"], story.variables["big"]) == (0, 10**18 - 1)


def test_a_run_records_its_seed_start_overrides_and_steps(world: World) -> None:
    story = Story(world, 7, start="sub", overrides=[("n", 50), ("met", True), ("name", "Ann")])
    assert story.variables["n"] == 10 and story.overrides == (("n", 10), ("met", True), ("name", "Ann"))
    story.choose("rest") if "rest" in offered(story) else story.choose("deeper")
    run = story.run
    assert (run.world_id, run.seed, run.start, run.overrides) == ("rules", 7, "sub", story.overrides)
    assert run.steps == tuple(story.steps) and run.world_hash == world.content_hash


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": -1}, f"^the seed must be a whole number from 0 to {SEED_LIMIT - 1}$"),
        ({"seed": SEED_LIMIT}, f"^the seed must be a whole number from 0 to {SEED_LIMIT - 1}$"),
        ({"start": "nowhere"}, "^no scene 'nowhere' in this world$"),
        ({"overrides": [("gone", 1)]}, "^no variable 'gone' in this world$"),
        ({"overrides": [("n", True)]}, "^'n' is a number, not a flag$"),
        ({"overrides": [("met", 1)]}, "^'met' is a flag, not a number$"),
        ({"overrides": [("name", "a\x1bb")]}, "^'name' holds a control character, which no text may hold$"),
    ],
)
def test_a_run_that_cannot_start_says_why(world: World, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Story(world, **kwargs)  # type: ignore[arg-type]


def test_the_largest_seed_is_allowed(world: World) -> None:
    assert Story(world, SEED_LIMIT - 1).seed == SEED_LIMIT - 1


def test_take_refuses_a_choice_of_another_scene(world: World) -> None:
    story = Story(world)
    with pytest.raises(ChoiceUnavailable, match="^choice 'back' in scene 'sub' is not available now$"):
        rules_for(world).take(story, world.scenes["sub"].choice("back"))  # type: ignore[arg-type]
    assert story.steps == []


# --- effects as static tools see them --------------------------------------------------------------


def test_the_clamp_observer_hears_each_number_effect_by_its_index(tmp_path: Path) -> None:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text(
        "id: w\ntitle: W\nstart: a\nvariables:\n  n: {initial: 0, min: 0, max: 3}\n  f: {initial: false}\n",
        encoding="utf-8",
    )
    (tmp_path / "scenes" / "a.yaml").write_text(
        "a:\n  title: A\n  text: x\n  choices:\n    - id: go\n      text: Go\n      to: a\n      do:\n"
        "        - n += 5\n        - {if: f, do: [n = 1], else: [f = true, n -= 9]}\n        - n = 2\n",
        encoding="utf-8",
    )
    world = load_world(tmp_path)
    choice = world.scenes["a"].choices[0]
    heard: list[tuple[int, int, int]] = []
    apply = program(world, choice.actions, lambda index, value, clamped: heard.append((index, value, clamped)), 10)
    story = Story(world)
    apply(story)
    assert [e.source for e in flat_effects(choice.actions)] == ["n += 5", "n = 1", "f = true", "n -= 9", "n = 2"]
    assert heard == [(10, 5, 3), (13, -6, 0), (14, 2, 2)]  # the flag's effect is not a number: not heard


# --- chance() ---------------------------------------------------------------------------------------


def test_chance_draws_are_fixed_forever_by_seed_step_and_site() -> None:
    # Saved runs replay these draws: a change here changes every saved run that used chance().
    assert [chance_draw(0, 0, 0), chance_draw(1, 0, 0), chance_draw(0, 1, 0), chance_draw(0, 0, 1)] == [33, 24, 32, 95]
    assert [chance_draw(seed, 3, 17) for seed in range(8)] == [9, 23, 18, 26, 72, 23, 99, 22]


def test_chance_draws_spread_evenly_over_0_to_99() -> None:
    counts = Counter(chance_draw(seed, step, 5) // 10 for seed in range(100) for step in range(100))
    assert sorted(counts) == list(range(10))
    assert all(850 <= count <= 1150 for count in counts.values())
