"""What the engine does around text: replies between effects, on_enter, conditional effects, beats,
fallbacks, labels, sub-scenes, and alternatives that a replay shows word for word."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import Story
from game.engine.replay import replay, transcript
from game.engine.rules import MAX_CALL_DEPTH, ChoiceUnavailable, rules_for
from game.saves import read_save, resume
from game.world import World, load_world
from tests.conftest import FIXTURES, LIGHTHOUSE

INLINE = FIXTURES / "worlds" / "inline"


def make(tmp_path: Path, scenes: str, variables: str = "  x: {initial: 0, min: 0, max: 999}\n") -> World:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text(f"id: w\ntitle: W\nstart: a\nvariables:\n{variables}")
    (tmp_path / "scenes" / "a.yaml").write_text(scenes)
    return load_world(tmp_path)


def test_the_reply_sees_do_but_not_after_and_on_enter_comes_last(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: 'x is {x}'\n  on_enter: [x += 100]\n  choices:\n"
        "    - {id: go, text: 'Go at {x}', to: a, do: [x += 1], reply: 'Now {x}.', after: [x += 10]}\n",
    )
    story = Story(world)
    assert story.narration() == "x is 100"  # the start scene is entered too
    assert story.choice_text(story.choices()[0]) == "Go at 100"
    story.choose("go")
    assert (story.chosen_text, story.reply_text(), story.narration()) == ("Go at 100", "Now 101.", "x is 211")
    story.choose("go")
    assert story.reply_text() == "Now 212."


def test_conditional_effects_pick_a_branch_and_nest(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: t\n  choices:\n    - id: go\n      text: Go\n      to: a\n      do:\n"
        "        - x += 1\n"
        "        - {if: x > 1, do: [x += 10, {if: x > 20, do: [x = 0]}], else: [x += 5]}\n",
    )
    story = Story(world)
    values = []
    for _ in range(4):
        story.choose("go")
        values.append(story.variables["x"])
    assert values == [6, 17, 0, 6]


def test_beats_fallbacks_and_labels(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: t\n  next: b\n"
        "b:\n  title: B\n  text: '{if taken(\"b.up\"): Up before.|Fresh.}'\n  choices:\n"
        "    - {id: up, text: Up, to: b, if: x < 2, do: [x += 1]}\n"
        "    - {id: rest, text: Rest, to: end, fallback: true}\n"
        "end:\n  title: E\n  text: e\n  ending: {title: E}\n",
    )
    story = Story(world)
    assert [(c.id, c.text) for c in story.choices()] == [("continue", "Continue")]
    story.choose("continue")
    assert [c.id for c in story.choices()] == ["up"]  # the fallback waits while another is offered
    assert story.narration() == "Fresh."
    story.choose("up")
    assert story.narration() == "Up before."  # a label: no flag declared for it
    story.choose("up")
    assert [c.id for c in story.choices()] == ["rest"]
    with pytest.raises(ChoiceUnavailable, match="condition"):
        story.choose("up")


def test_sub_scenes_come_back_and_the_stack_is_part_of_the_run(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: t\n  choices:\n"
        "    - {id: ask, text: Ask, to: s, then: b}\n"
        "    - {id: back, text: Back, return: true}\n"
        "b:\n  title: B\n  text: t\n  choices:\n    - {id: again, text: Again, to: s, then: a}\n"
        "s:\n  title: S\n  text: t\n  choices:\n"
        "    - {id: deeper, text: Deeper, to: s, then: s}\n"
        "    - {id: back, text: Back, return: true}\n",
    )
    story = Story(world)
    assert [c.id for c in story.choices()] == ["ask"]  # no call to return from
    for choice in ["ask", "deeper", "deeper"]:
        story.choose(choice)
    assert (story.scene_id, story.stack) == ("s", ["b", "s", "s"])
    for expected in ["s", "s", "b"]:
        story.choose("back")
        assert story.scene_id == expected
    story.choose("again")
    story.choose("back")
    assert (story.scene_id, story.stack) == ("a", [])
    # the stack is rebuilt from the choices alone: a replay ends in the same place
    replayed, divergence = replay(world, story.run)
    assert divergence is None and (replayed.scene_id, replayed.stack) == ("a", [])
    # the Machine and the engine's direct step agree
    walker = Story(world)
    rules = rules_for(world)
    for step in story.steps:
        rules.take(walker, walker.scene.choice(step.choice))  # type: ignore[arg-type]
    assert (walker.scene_id, walker.stack, walker.visits) == (story.scene_id, story.stack, story.visits)


def test_calls_stop_at_the_depth_limit(tmp_path: Path) -> None:
    world = make(tmp_path, "a:\n  title: A\n  text: t\n  choices:\n    - {id: deeper, text: D, to: a, then: a}\n")
    story = Story(world)
    for _ in range(MAX_CALL_DEPTH):
        story.choose("deeper")
    assert story.is_stuck
    with pytest.raises(ChoiceUnavailable, match="nested"):
        story.choose("deeper")


def test_alternatives_count_showings_not_readings(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: '{if x > 0: {one|two|three}|zero}'\n  choices:\n"
        "    - {id: go, text: Go, to: a, do: [x += 1]}\n    - {id: stay, text: Stay, to: a}\n",
    )
    story = Story(world)
    shown = [story.narration(), story.narration()]
    for choice in ["stay", "go", "go", "stay", "go"]:
        story.choose(choice)
        shown += [story.narration(), story.narration()]
    # the sequence is not shown while x is 0, so it does not advance then; reading twice changes nothing
    assert shown[::2] == ["zero", "zero", "one", "two", "three", "three"]
    assert shown[::2] == shown[1::2]


def test_the_inline_world_replays_word_for_word() -> None:
    world = load_world(INLINE)
    story = Story(world, 8)
    seen = [story.narration()]
    for choice in ["listen", "listen", "listen", "ask", "back", "knock", "open", "continue"]:
        story.choose(choice)
        seen.append(story.reply_text() + "|" + story.narration())
    text = transcript(world, story.run)
    for part in seen:
        for paragraph in part.replace("|", "\n\n").split("\n\n"):
            assert " ".join(paragraph.split()[:6]) in " ".join(text.split())
    assert text == transcript(world, story.run)  # shuffles and sequences: the same every time


def test_a_save_written_by_the_current_release_still_loads_and_replays() -> None:
    save = read_save(FIXTURES / "saves" / "lighthouse-release.json")
    story, divergence = resume(load_world(LIGHTHOUSE), save)
    assert divergence is None
    assert (story.scene_id, story.variables["oil"], story.variables["ships"]) == ("store", 1, 2)
