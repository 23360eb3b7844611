"""Rules of a step (game/engine/rules.py, docs/world-format.md) that a full mutation run of the engine
found unstated: what is offered and why not, the call stack and its depth, visits and the taken
record, clamping everywhere effects apply, the messages a refused choice or a bad run start gives,
and the chance() draws that every saved run depends on."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from game.engine import Story
from game.engine.replay import (
    ReplayCursor,
    ReplayDivergence,
    journal,
    markdown,
    replay,
    replay_exactly,
    step_record,
    transcript,
    transcript_lines,
)
from game.engine.rules import (
    MAX_CALL_DEPTH,
    ChoiceUnavailable,
    chance_draw,
    effects,
    program,
    rules_for,
    why_unavailable,
)
from game.engine.run import MAX_STEPS, SEED_LIMIT, Run, RunError, Step
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
    - {id: call, text: Call, to: sub, then: hub, reply: Down you go.}
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


@pytest.fixture
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """A fresh world for each test: a world's rules and Machine are built on its first step, so each
    test builds its own (cheap: a small world loads in milliseconds)."""
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
    ids=lambda value: re.sub(r"\W+", "_", str(value))[:32],
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


# --- runs and replaying them ------------------------------------------------------------------------


def played_run(world: World, *choices: str, seed: int = 0) -> Story:
    story = Story(world, seed)
    for choice in choices:
        story.choose(choice)
    return story


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "^a run must be a JSON object$"),
        ({"world_id": "Bad"}, r"^world_id must be a world id \(lowercase letters, digits and _\)"),
        ({"world_id": "w", "world_hash": "XYZ"}, "^world_hash must be a hexadecimal digest$"),
        ({"world_id": "w", "world_hash": "ab", "seed": True}, r"^seed must be a whole number from 0 to 2\*\*63-1$"),
        ({"world_id": "w", "world_hash": "ab", "seed": 2**63}, r"^seed must be a whole number from 0 to 2\*\*63-1$"),
        ({"world_id": "w", "world_hash": "ab", "seed": -1}, r"^seed must be a whole number from 0 to 2\*\*63-1$"),
        ({"world_id": "w", "world_hash": "ab", "seed": 1, "steps": {}}, "^steps must be a list$"),
        (
            {"world_id": "w", "world_hash": "ab", "seed": 1, "steps": [["a"]]},
            r"^step 1 must be \[scene id, choice id\]",
        ),
        ({"world_id": "w", "world_hash": "", "seed": 1, "steps": [["a", "b"], ["a", "B"]]}, "^step 2 must be"),
        ({"world_id": "w", "world_hash": "", "seed": 1, "steps": [["A", "b"]]}, "^step 1 must be"),
        ({"world_id": "w", "world_hash": "", "seed": 1, "steps": [["a", 5]]}, "^step 1 must be"),
        ({"world_id": "w", "world_hash": "", "seed": 1, "steps": [[5, "b"]]}, "^step 1 must be"),
        ({"world_id": "w", "world_hash": "", "seed": 1, "steps": [["a", ["b"]]]}, "^step 1 must be"),
        ({"world_id": "w", "world_hash": "ab", "seed": 1, "steps": [], "start": "A"}, "^start must be a scene id$"),
        (
            {"world_id": "w", "world_hash": "ab", "seed": 1, "steps": [], "overrides": {"n": None}},
            "^overrides must map",
        ),
        ({"world_id": "w", "world_hash": "ab", "seed": 1, "steps": [], "overrides": {"N": 1}}, "^overrides must map"),
        ({"world_id": "w", "world_hash": "ab", "seed": 1, "steps": [], "overrides": []}, "^overrides must map"),
    ],
    ids=lambda value: re.sub(r"\W+", "_", str(value))[:32],
)
def test_a_run_from_a_file_is_checked_field_by_field(data: object, message: str) -> None:
    with pytest.raises(RunError, match=message):
        Run.from_dict(data)


def test_a_run_of_more_than_100000_steps_is_refused_by_its_length() -> None:
    steps = [["a", "b"]] * (MAX_STEPS + 1)
    with pytest.raises(RunError, match="^the run has 100,001 steps, more than the 100,000 a run may have$"):
        Run.from_dict({"world_id": "w", "world_hash": "ab", "seed": 1, "steps": steps})
    assert len(Run.from_dict({"world_id": "w", "world_hash": "", "seed": 0, "steps": steps[:-1]}).steps) == MAX_STEPS


def test_a_run_written_out_reads_back_the_same(world: World) -> None:
    story = Story(world, 9, start="sub", overrides=[("n", 2)])
    story.choose("deeper")
    data = story.run.as_dict()
    assert data == {
        "world_id": "rules",
        "world_hash": world.content_hash,
        "seed": 9,
        "steps": [["sub", "deeper"]],
        "start": "sub",
        "overrides": {"n": 2},
    }
    assert Run.from_dict(data) == story.run
    assert "start" not in Story(world).run.as_dict() and "overrides" not in Story(world).run.as_dict()


def test_a_run_continues_another_that_it_begins_with(world: World) -> None:
    short = played_run(world, "once").run
    long = played_run(world, "once", "call").run
    assert long.continues(short) and long.continues(long) and not short.continues(long)
    assert not played_run(world, "meet").run.continues(short)
    assert not played_run(world, "once", seed=1).run.continues(short)
    assert long.truncated(1) == short and long.truncated(0).steps == ()
    assert Run("w", "", 0, overrides=(("n", 1), ("met", True))).overrides_values() == (1, True)


def test_a_run_that_no_longer_plays_says_which_step_and_why(world: World) -> None:
    run = played_run(world, "once", "call", "back").run
    wrong = Run(run.world_id, run.world_hash, 0, (run.steps[0], Step("hub", "once"), run.steps[2]))
    story, divergence = replay(world, wrong)
    assert divergence is not None and (divergence.index, divergence.step) == (2, Step("hub", "once"))
    assert str(divergence) == (
        "step 2 (scene 'hub', choice 'once'): choice 'once' in scene 'hub' is not available now: it was already taken"
    )
    assert story.steps == [Step("hub", "once")]
    elsewhere = Run(run.world_id, run.world_hash, 0, (Step("sub", "back"),))
    assert str(replay(world, elsewhere)[1]) == (
        "step 1 (scene 'sub', choice 'back'): the story is in scene 'hub', not 'sub'"
    )
    with pytest.raises(ReplayDivergence):
        replay_exactly(world, elsewhere)
    assert replay_exactly(world, run).steps == list(run.steps)
    assert replay(world, run, upto=2)[0].steps == list(run.steps[:2])
    assert replay(world, run, upto=-5)[0].steps == []


def test_a_cursor_walks_a_run_step_by_step(world: World) -> None:
    run = played_run(world, "low", "call", "back").run
    cursor = ReplayCursor(world, run)
    assert (len(cursor), cursor.position, cursor.at_start, cursor.at_end, cursor.change) == (3, 0, True, False, None)
    assert cursor.previous() is None and cursor.position == 0
    first = cursor.next_change
    assert first is not None and cursor.next() == first
    assert (first.index, first.step, first.number, first.choice_text) == (1, Step("hub", "low"), 4, "Low")
    assert (first.scene_before, first.scene_after, first.variables, first.visits) == (
        "hub",
        "hub",
        {"n": (5, 0), "big": (0, -1), "seen": (1, 2)},
        {"hub": (1, 2)},
    )
    assert first.describe() == ["n: 5 -> 0", "big: 0 -> -1", "seen: 1 -> 2", "visits to hub: 1 -> 2"]
    cursor.go(99)
    assert (cursor.position, cursor.at_end, cursor.next(), cursor.next_change) == (3, True, None, None)
    assert cursor.story.scene_id == "hub" and cursor.story.steps == list(run.steps)
    assert cursor.previous() == cursor.changes[1] and cursor.position == 2
    assert cursor.go(-3).steps == [] and cursor.position == 0
    forked = cursor.fork(2)
    assert forked.steps == list(run.steps[:2]) and forked is not cursor.story
    assert cursor.fork().steps == [] and cursor.fork(50).steps == list(run.steps)


def test_a_step_record_says_what_the_step_did(world: World) -> None:
    cursor = ReplayCursor(world, played_run(world, "meet", "end").run)
    cursor.go(2)
    assert step_record(cursor) == {
        "step": 2,
        "scene": "hub",
        "choice": "end",
        "choice_text": "End",
        "to": "fin",
        "changed": {},
        "visits": {"fin": [0, 1]},
        "variables": cursor.story.variables,
        "ending": "Fin",
    }
    cursor.go(1)
    assert step_record(cursor)["ending"] is None and step_record(cursor)["changed"]["met"] == [False, True]


def test_the_markdown_of_a_run_says_each_scene_choice_change_and_the_end(world: World) -> None:
    run = played_run(world, "meet", "end").run
    assert markdown(world, run) == (
        "# Rules\n\nWorld `rules` 0, seed 0, 2 step(s).\n\n## Hub\n\nThe hub.\n\n*n: 5 \\| big: 0 \\| seen: 1*\n\n"
        "> **3. Meet**\n> - n: 5 -> 10\n> - big: 0 -> 1000000000\n> - met: false -> true\n> - seen: 1 -> 2\n"
        "> - visits to hub: 1 -> 2\n\n## Hub\n\nThe hub.\n\n*n: 10 \\| big: 1000000000 \\| seen: 2*\n\n"
        "> **7. End**\n> - visits to fin: 0 -> 1\n\n## Fin\n\nThe end.\n\n**The end: Fin**\n"
    )
    assert markdown(world, run, upto=1).count("## ") == 2 and "The end:" not in markdown(world, run, upto=1)
    assert "2 step(s)" in markdown(world, run, upto=9) and "0 step(s)" in markdown(world, run, upto=-1)
    stops = Run(run.world_id, run.world_hash, 0, (Step("hub", "meet"), Step("hub", "x")))
    assert markdown(world, stops).endswith(
        "*The run stops here: step 2 (scene 'hub', choice 'x'): scene 'hub' has no choice 'x'*\n"
    )
    assert "stops here" not in markdown(world, stops, upto=0)


def test_the_journal_is_the_run_as_read(world: World) -> None:
    entries = journal(world, played_run(world, "meet", "end").run)
    assert [(title, choice) for title, _text, choice in entries] == [("Hub", "Meet"), ("Hub", "End"), ("Fin", None)]
    assert entries[-1][1] == "The end."


def test_a_transcript_shows_each_scene_its_choices_and_the_one_taken(world: World) -> None:
    run = played_run(world, "meet", "end").run
    assert transcript(world, run) == (
        "Rules\n=====\n(world rules 0, seed 0)\n\n== Hub ==\n\nThe hub.\n\n[n: 5 | big: 0 | seen: 1]\n\n"
        "  1. Once\n  2. Call\n  3. Meet\n  4. Low\n  5. Stuck\n  6. Wait\n> 3. Meet\n\n== Hub ==\n\nThe hub.\n\n"
        "[n: 10 | big: 1000000000 | seen: 2]\n\n  1. Once\n  2. Cond\n  3. Once if met\n  4. Call\n  5. Meet\n"
        "  6. Low\n  7. End\n  8. Stuck\n  9. Wait\n> 7. End\n\n== Fin ==\n\nThe end.\n\n*** The end: Fin ***\n"
    )
    assert "> " not in transcript(world, run, upto=0)


def test_the_journal_opens_a_scene_with_the_reply_that_led_there(world: World) -> None:
    entries = journal(world, played_run(world, "call", "back").run)
    assert entries == [
        ("Hub", "The hub.", "Call"),
        ("Sub", "Down you go.\n\nA sub-scene.", "Back"),
        ("Hub", "The hub.", None),
    ]


def test_a_divergence_keeps_its_reason(world: World) -> None:
    _story, divergence = replay(world, Run("rules", "", 0, (Step("hub", "cond"),)))
    assert divergence is not None
    assert divergence.reason == "choice 'cond' in scene 'hub' is not available now: its condition does not hold"


def test_a_cursor_forks_from_any_position_within_the_run(world: World) -> None:
    cursor = ReplayCursor(world, played_run(world, "low", "call").run)
    cursor.go(2)
    assert cursor.fork(0).steps == [] and cursor.fork(-1).steps == [] and len(cursor.fork(1).steps) == 1


def test_a_truncated_run_keeps_its_start_and_overrides(world: World) -> None:
    story = Story(world, 4, start="sub", overrides=[("n", 1)])
    story.choose("deeper")
    short = story.run.truncated(0)
    assert (short.start, short.overrides, short.seed, short.steps) == ("sub", (("n", 1),), 4, ())


def test_a_choice_named_by_taken_is_refused_for_its_condition_not_as_taken(world: World) -> None:
    story = Story(world)
    story.taken.add("hub.cond")  # taken() records choices that are not once-only too
    assert why_unavailable(story, world.scenes["hub"].choice("cond")) == "its condition does not hold"  # type: ignore[arg-type]


def test_take_plays_a_step_as_choose_does_and_refuses_another_scenes_choice(world: World) -> None:
    rules = rules_for(world)
    story = Story(world)
    deeper = world.scenes["sub"].choice("deeper")
    with pytest.raises(ChoiceUnavailable, match="^choice 'deeper' in scene 'sub' is not available now$"):
        rules.take(story, deeper)  # type: ignore[arg-type]
    rules.take(story, world.scenes["hub"].choice("low"))  # type: ignore[arg-type]
    rules.take(story, world.scenes["hub"].choice("call"))  # type: ignore[arg-type]
    rules.take(story, world.scenes["sub"].choice("back"))  # type: ignore[arg-type]
    chosen = played_run(world, "low", "call", "back")
    assert (story.scene_id, story.variables, story.visits, story.steps, story.stack) == (
        chosen.scene_id,
        chosen.variables,
        chosen.visits,
        chosen.steps,
        chosen.stack,
    )


def test_both_branches_and_the_choices_effects_are_heard_by_the_clamp_observer(tmp_path: Path) -> None:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text(
        "id: w\ntitle: W\nstart: a\nvariables:\n  n: {initial: 0, min: 0, max: 3}\n  f: {initial: true}\n",
        encoding="utf-8",
    )
    (tmp_path / "scenes" / "a.yaml").write_text(
        "a:\n  title: A\n  text: x\n  choices:\n    - id: go\n      text: Go\n      to: a\n      do:\n"
        "        - n += 1\n        - {if: f, do: [n = 7], else: [n -= 9]}\n",
        encoding="utf-8",
    )
    world = load_world(tmp_path)
    heard: list[tuple[int, int, int]] = []
    effects(world, world.scenes["a"].choices[0], lambda *told: heard.append(told))(Story(world))
    assert heard == [(0, 1, 1), (1, 7, 3)]  # the branch taken is heard by its index in the program


def test_markdown_escapes_markup_and_keeps_a_paragraph_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: w\ntitle: '*X* [a] <b> #c |d| _e_ \\ `f`'\nstart: a\n", "utf-8")
    long = "word " * 40
    (tmp_path / "scenes" / "a.yaml").write_text(f"a:\n  title: A\n  text: {long}\n  ending: {{title: E}}\n", "utf-8")
    text = markdown(load_world(tmp_path), Run("w", "", 0))
    assert text.startswith("# \\*X\\* \\[a\\] \\<b> \\#c \\|d\\| \\_e\\_ \\\\ \\`f\\`\n")
    assert "\n" + long.strip() + "\n" in text


PLAIN_WORLD = """\
id: plain
title: Plain
start: a
variables:
  met: {initial: false}
  name: {initial: Sam}
  hope: {initial: 1, min: 0, max: 3, words: {0-1: low, 2-3: high}}
status: [met, name, hope]
"""
PLAIN_SCENES = """\
a:
  title: A
  text: "You are at a.{!| Again.}"
  choices:
    - {id: go, text: Go, to: b}
    - {id: call, text: Call, to: c, then: a}
    - {id: listen, text: "{&Listen|Listen again}", to: a, reply: "{&Footsteps.|A cough.}"}
    - {id: knock, text: "{&Knock|Knock again}", to: a}
b:
  title: B
  text: You are at b.
  next: a
c:
  title: C
  text: Called.
  choices:
    - {id: back, text: Back, return: true, if: not met}
    - {id: deeper, text: Deeper, to: c, then: c, if: not met}
"""


@pytest.fixture
def plain(tmp_path: Path) -> World:
    """A world whose steps need no bookkeeping beyond visits (no on_enter, no once, no taken())."""
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text(PLAIN_WORLD, encoding="utf-8")
    (tmp_path / "scenes" / "all.yaml").write_text(PLAIN_SCENES, encoding="utf-8")
    return load_world(tmp_path)


def test_plain_steps_count_visits_and_calls_come_back(plain: World) -> None:
    story = Story(plain)
    story.choose("go")
    assert (story.scene_id, story.visits) == ("b", {"a": 1, "b": 1})
    story.choose("continue")  # a beat: its one choice, as often as it is reached
    story.choose("go")
    story.choose("continue")
    assert story.visits == {"a": 3, "b": 2}
    story.choose("call")
    assert (story.scene_id, story.stack, [c.id for c in story.choices()]) == ("c", ["a"], ["back", "deeper"])
    story.choose("back")
    assert (story.scene_id, story.stack, story.visits) == ("a", [], {"a": 4, "b": 2, "c": 1})
    story.scene_id = "c"  # in c without a call: nothing to return to
    assert [c.id for c in story.choices()] == ["deeper"]
    story.variables["met"] = True
    story.stack.append("a")
    assert story.choices() == []  # a return and a call are offered only while their conditions hold
    for refused in ("back", "deeper"):
        with pytest.raises(ChoiceUnavailable, match="its condition does not hold"):
            story.choose(refused)
    assert (story.scene_id, story.stack) == ("c", ["a"])


def test_a_choice_and_a_reply_with_alternatives_advance_when_taken_not_when_read(plain: World) -> None:
    story = Story(plain)
    assert story.narration() == "You are at a." and story.narration() == "You are at a."
    listen = plain.scenes["a"].choice("listen")
    assert listen is not None and story.choice_text(listen) == "Listen" == story.choice_text(listen)
    story.choose("listen")
    assert (story.chosen_text, story.reply_text(), story.narration()) == (
        "Listen",
        "Footsteps.",
        "You are at a. Again.",
    )
    assert story.choice_text(listen) == "Listen again"
    story.choose("listen")
    assert (story.chosen_text, story.reply_text()) == ("Listen again", "A cough.")
    story.choose("go")
    assert story.reply_text() == ""
    story.choose("continue")
    knock = plain.scenes["a"].choice("knock")
    assert knock is not None and story.choice_text(knock) == "Knock"
    story.choose("knock")  # a label that varies counts its showing when taken, with no reply too
    assert (story.chosen_text, story.reply_text(), story.choice_text(knock)) == ("Knock", "", "Knock again")


def test_a_new_story_has_read_nothing_yet(plain: World) -> None:
    story = Story(plain)
    assert (story.seed, story.reply_text(), story.chosen_text, story.steps, story.stack) == (0, "", "", [], [])
    with pytest.raises(ValueError, match="holds a control character"):
        Story(plain, overrides=[("name", "\x1b[2J")])  # at the very start too


def test_the_status_shows_words_flags_and_text_as_the_player_reads_them(plain: World) -> None:
    story = Story(plain)
    story.choose("go")
    text = transcript(plain, story.run)
    assert "[met: no | name: Sam | hope: low]" in text


def test_a_transcript_shows_the_reply_before_the_next_scene_and_wraps_at_its_width(plain: World) -> None:
    story = Story(plain)
    story.choose("listen")
    text = "".join(transcript_lines(plain, story.run, width=10))
    assert "\n\n== A ==\n\nYou are at\na.\n" in text  # every scene, the first one too
    assert "> 3. Listen\n\nFootsteps.\n\n== A ==\n\nYou are at\na. Again.\n" in text


def test_a_transcript_wraps_a_reply_at_its_width(world: World) -> None:
    story = played_run(world, "call")
    assert "> 2. Call\n\nDown you\ngo.\n\n== Sub ==\n" in "".join(transcript_lines(world, story.run, width=10))


def test_the_machine_has_one_trigger_per_choice_and_no_others(plain: World) -> None:
    machine = rules_for(plain).machine
    keys = {choice.key for scene in plain.scenes.values() for choice in scene.choices}
    assert set(machine.events) == keys


def test_an_alternative_in_a_text_not_shown_is_not_counted_until_it_is(tmp_path: Path) -> None:
    """A scene's `{if}` decides, as the scene is entered, whether the alternatives inside it are shown
    (and so counted); reading the text then changes nothing. However often the scene is entered and
    read while they are hidden, the player's first sight of them is their first alternative."""
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text(
        "id: hidden\ntitle: Hidden\nstart: a\nvariables:\n  lit: {initial: false}\n", encoding="utf-8"
    )
    (tmp_path / "scenes" / "all.yaml").write_text(
        'a:\n  title: A\n  text: "Dark. {if lit: {&Tick.|Tock.}}"\n  choices:\n'
        "    - {id: light, text: Light, to: a, do: [lit = true]}\n"
        "    - {id: wait, text: Wait, to: a}\n",
        encoding="utf-8",
    )
    world = load_world(tmp_path)
    for waits in (0, 2):  # lit at once, or after the scene was entered and read again in the dark
        story = Story(world)
        for _ in range(waits):
            assert story.narration() == "Dark." == story.narration()
            story.choose("wait")
        assert story.narration() == "Dark." == story.narration()
        story.choose("light")
        assert story.narration() == "Dark. Tick." == story.narration()
        story.choose("light")
        assert story.narration() == "Dark. Tock."
