"""The Story: choices, conditions, effects, variants, once-only choices, runs and determinism."""

from __future__ import annotations

import gc
import random
import weakref

import pytest

from game.engine import ChoiceUnavailable, Run, Story
from game.engine.replay import ReplayDivergence, replay_exactly
from game.engine.rules import rules_for
from game.engine.run import Step
from game.world import World


def test_a_new_story_is_in_the_start_scene_with_initial_variables(lighthouse: World) -> None:
    story = Story(lighthouse, seed=1)
    assert story.state == "lamp_room"
    assert story.variables == {"oil": 3, "ships": 0, "storm": False, "log": ""}
    assert story.visits == {"lamp_room": 1}
    assert [c.id for c in story.choices()] == ["trim", "descend", "watch", "write"]
    assert not story.is_over and story.ending is None


def test_choose_applies_effects_and_moves(lighthouse: World) -> None:
    story = Story(lighthouse)
    story.choose("trim")
    assert story.variables["oil"] == 2 and story.variables["ships"] == 1
    story.choose("descend")
    assert story.state == "store"
    assert story.run.steps == (Step("lamp_room", "trim"), Step("lamp_room", "descend"))


def test_effects_are_clamped_to_declared_bounds(lighthouse: World) -> None:
    story = Story(lighthouse)
    for _ in range(3):
        story.choose("descend")
        story.choose("fetch_oil")
    assert story.variables["oil"] == 5  # max 5, not 9


def test_unavailable_choice_raises_and_changes_nothing(lighthouse: World) -> None:
    story = Story(lighthouse)
    story.choose("descend")
    before = (story.state, dict(story.variables), dict(story.visits), story.run)
    with pytest.raises(ChoiceUnavailable, match="condition does not hold"):
        story.choose("sleep")  # needs ships >= 2 or storm
    with pytest.raises(ChoiceUnavailable, match="has no choice 'fly'"):
        story.choose("fly")
    assert (story.state, dict(story.variables), dict(story.visits), story.run) == before


def test_once_only_choice_disappears_after_it_is_taken(lighthouse: World) -> None:
    story = Story(lighthouse)
    story.choose("write")
    assert story.variables["log"] == "kept"
    assert "write" not in [c.id for c in story.choices()]
    with pytest.raises(ChoiceUnavailable, match="already taken"):
        story.choose("write")


def test_variants_add_and_replace_narration(lighthouse: World) -> None:
    story = Story(lighthouse)
    first = story.narration()
    assert "brass rail" not in first
    story.choose("trim")
    assert "brass rail" in story.narration()  # second visit
    story.choose("trim")
    story.choose("trim")
    assert story.variables["oil"] == 0
    text = story.narration()
    assert text.startswith("The lamp is dry")  # replaced the main text
    assert "The lens turns" not in text


def test_ending(lighthouse: World) -> None:
    story = Story(lighthouse)
    for choice in ["trim", "trim", "descend", "sleep"]:
        story.choose(choice)
    assert story.is_over and story.ending is not None
    assert story.ending.title == "A quiet night"
    assert story.choices() == []


def test_replay_gives_the_same_state(lighthouse: World) -> None:
    story = Story(lighthouse, seed=99)
    for choice in ["watch", "back", "trim", "descend", "fetch_oil"]:
        story.choose(choice)
    run = story.run
    assert Run.from_dict(run.as_dict()) == run
    again = replay_exactly(lighthouse, run)
    assert again.state == story.state
    assert again.variables == story.variables
    assert again.visits == story.visits


def test_replay_reports_the_first_step_that_no_longer_plays(lighthouse: World) -> None:
    run = Run(lighthouse.id, lighthouse.content_hash, 0, (Step("lamp_room", "descend"), Step("store", "sleep")))
    with pytest.raises(ReplayDivergence) as caught:
        replay_exactly(lighthouse, run)
    assert caught.value.index == 2 and caught.value.step.choice == "sleep"


def test_chance_is_a_function_of_seed_and_step_not_of_how_often_it_is_asked(lighthouse: World) -> None:
    outcomes = set()
    for seed in range(40):
        story = Story(lighthouse, seed=seed)
        for _ in range(5):
            story.choices()  # looking must not change the draw
        story.choose("watch")
        outcomes.add(story.variables["storm"])
        twin = Story(lighthouse, seed=seed)
        twin.choose("watch")
        assert twin.variables["storm"] == story.variables["storm"]
    assert outcomes == {True, False}  # chance(50) over 40 seeds gives both


def test_one_machine_drives_every_story_without_holding_any(lighthouse: World) -> None:
    # We rely on transitions' public Event.trigger(model, *args) with a model the Machine does not hold
    # (not the documented add_model pattern): it must read and set the model's scene_id, run the
    # guard and callbacks on that model, and keep no reference to it.
    machine = rules_for(lighthouse).machine
    a = Story(lighthouse)
    b = Story(lighthouse)
    assert rules_for(lighthouse).machine is machine
    assert machine.models == []
    assert machine.events["lamp_room.descend"].trigger(a, a) is True  # the model, and the story for callbacks
    assert a.state == "store" and a.visits == {"lamp_room": 1, "store": 1}
    assert [(s.scene, s.choice) for s in a.steps] == [("lamp_room", "descend")]
    assert b.state == "lamp_room" and b.steps == []
    assert machine.models == []
    dropped = weakref.ref(a)
    del a
    gc.collect()
    assert dropped() is None


def test_a_guard_that_fails_leaves_the_story_unchanged(lighthouse: World) -> None:
    story = Story(lighthouse, overrides=[("oil", 0)])  # trim is offered only while there is oil
    before = (story.state, dict(story.variables), dict(story.visits), list(story.steps), set(story.taken))
    with pytest.raises(ChoiceUnavailable, match="condition does not hold"):
        story.choose("trim")
    assert (story.state, story.variables, story.visits, story.steps, story.taken) == before


def test_the_machine_and_the_direct_step_play_the_same_runs(lighthouse: World) -> None:
    """Story.choose (through transitions) and rules.take (the hot loops' path) are one step."""
    rules = rules_for(lighthouse)
    for seed in range(40):
        rng = random.Random(seed)
        through_machine, direct = Story(lighthouse, seed), Story(lighthouse, seed)
        for _ in range(30):
            offered = through_machine.choices()
            assert offered == rules.offered(direct)
            if not offered:
                break
            choice = rng.choice(offered)
            through_machine.choose(choice.id)
            rules.take(direct, choice)
            assert (through_machine.state, through_machine.variables, through_machine.visits) == (
                direct.state,
                direct.variables,
                direct.visits,
            )
            assert (through_machine.taken, through_machine.steps) == (direct.taken, direct.steps)


def test_machine_has_no_auto_transitions_and_no_per_choice_attributes(lighthouse: World) -> None:
    machine = rules_for(lighthouse).machine
    assert set(machine.events) == {c.key for s in lighthouse.scenes.values() for c in s.choices}
    story = Story(lighthouse)
    assert not hasattr(story, "to_store")
    assert not hasattr(story, "lamp_room.trim")


def test_start_anywhere_with_variables_set(lighthouse: World) -> None:
    story = Story(lighthouse, start="store", overrides=[("ships", 2)])
    assert story.state == "store" and story.variables["ships"] == 2
    assert [c.id for c in story.choices()] == ["fetch_oil", "sleep"]
    run = story.run
    again = replay_exactly(lighthouse, Run.from_dict(run.as_dict()))
    assert again.state == "store" and again.variables["ships"] == 2


def test_overrides_are_type_checked(lighthouse: World) -> None:
    with pytest.raises(ValueError, match="is a number"):
        Story(lighthouse, overrides=[("oil", "lots")])
    with pytest.raises(ValueError, match="no variable"):
        Story(lighthouse, overrides=[("gold", 1)])


def test_scene_ids_cannot_collide_with_story_attributes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """transitions binds is_<attribute>_<state> on each model: scenes named like Story's own
    attributes (available, over, stuck) must not replace them."""
    from game.world import load_world

    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: w\ntitle: W\nstart: available\n")
    (tmp_path / "scenes" / "s.yaml").write_text(
        "available:\n  title: A\n  text: x\n  choices: [{id: go, text: Go, to: over}]\n"
        "over:\n  title: B\n  text: y\n  choices: [{id: go, text: Go, to: stuck}]\n"
        "stuck:\n  title: C\n  text: z\n  ending: {title: E}\n"
    )
    world = load_world(tmp_path)
    story = Story(world)
    assert not story.is_over and not story.is_stuck
    story.choose("go")
    story.choose("go")
    assert story.is_over and story.state == "stuck"


def test_line_breaks_inside_a_paragraph_are_soft(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The terminal UI and plain play show the same paragraphs, however the author wrapped them."""
    from game.world import load_world

    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: w\ntitle: W\nstart: a\n")
    (tmp_path / "scenes" / "s.yaml").write_text(
        "a:\n  title: A\n  text: |\n    The ferry knocks\n    against the quay.\n\n    Ines waits.\n"
        "  ending: {title: E}\n"
    )
    story = Story(load_world(tmp_path))
    assert story.narration() == "The ferry knocks against the quay.\n\nInes waits."


def test_a_world_and_its_machine_are_freed_with_their_last_story(lighthouse: World) -> None:
    from game.world import load_world
    from tests.conftest import LIGHTHOUSE

    worlds = []
    for _ in range(3):
        world = load_world(LIGHTHOUSE)
        Story(world, 1).choose("trim")
        assert gc.is_tracked(world)  # the World <-> Rules cycle (rules_for) is the collector's to free
        worlds.append(weakref.ref(world))
        del world
    gc.collect()
    assert [ref() for ref in worlds] == [None, None, None]
