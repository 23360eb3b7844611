"""Rules that hold for every run, checked on runs Hypothesis makes up (tests/fuzzing.py settings):

- replaying a run's choices reproduces the transcript the player read while playing it;
- undo then redo (taking the same choice again) gives back the same story;
- saving then loading gives back the same story and the same save details.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from game.engine import Story
from game.engine.replay import replay_exactly, transcript
from game.engine.run import SEED_LIMIT
from game.engine.transcript import chosen_line, header, scene_block
from game.play.session import Session
from game.saves import SaveStore, resume
from game.world import World, load_world
from tests.conftest import IO_WORLD, LIGHTHOUSE, ROOT
from tests.fuzzing import PROPERTY

WORLDS = {"lighthouse": LIGHTHOUSE, "night_ferry": ROOT / "worlds" / "night_ferry", "io": IO_WORLD}


@cache
def world(name: str) -> World:
    return load_world(WORLDS[name])


worlds = st.sampled_from(sorted(WORLDS))
seeds = st.integers(min_value=0, max_value=SEED_LIMIT - 1)
# Each pick chooses among the choices offered then (modulo their number): any list is a legal run.
picks = st.lists(st.integers(min_value=0, max_value=50), max_size=40)


def snapshot(story: Story) -> dict[str, Any]:
    """Everything a player's story is: where, every variable, visits, once-only choices, the steps."""
    return {
        "scene": story.scene_id,
        "variables": dict(story.variables),
        "visits": dict(story.visits),
        "taken": set(story.taken),
        "steps": list(story.steps),
        "seed": story.seed,
    }


def play(story: Story, choices: list[int]) -> list[str]:
    """Play `choices` live; the transcript as the player read it, block by block."""
    read = [header(story) + "\n\n"]
    for pick in choices:
        offered = story.choices()
        if not offered:
            break
        number = pick % len(offered) + 1
        read.append(scene_block(story) + "\n")
        story.choose(offered[number - 1].id)
        read.append(chosen_line(number, offered[number - 1].text) + "\n\n")
    read.append(scene_block(story) + "\n")
    return read


@PROPERTY
@given(name=worlds, seed=seeds, choices=picks)
def test_replaying_a_runs_choices_reproduces_its_transcript(name: str, seed: int, choices: list[int]) -> None:
    story = Story(world(name), seed)
    live = "".join(play(story, choices))
    assert transcript(world(name), story.run) == live
    assert snapshot(replay_exactly(world(name), story.run)) == snapshot(story)


@PROPERTY
@given(name=worlds, seed=seeds, choices=picks.filter(bool))
def test_undo_then_redo_is_the_identity(tmp_path_factory: Any, name: str, seed: int, choices: list[int]) -> None:
    session = Session(world(name), SaveStore(tmp_path_factory.mktemp("saves")), seed=seed)
    assert session.new_game()
    assert session.story is not None
    play(session.story, choices)
    story = session.story
    if not story.steps:
        return  # the start scene offered nothing
    before = snapshot(story)
    last = story.steps[-1].choice
    assert session.undo()
    assert session.story is not None and len(session.story.steps) == len(before["steps"]) - 1
    session.choose(last)
    assert snapshot(session.story) == before


@PROPERTY
@given(name=worlds, seed=seeds, choices=picks, played=st.floats(min_value=0, max_value=1e6))
def test_saving_then_loading_is_the_identity(
    tmp_path_factory: Any, name: str, seed: int, choices: list[int], played: float
) -> None:
    store = SaveStore(tmp_path_factory.mktemp("saves"))
    story = Story(world(name), seed)
    play(story, choices)
    written = store.write("slot", story, played)
    save = store.read("slot", world(name))
    loaded, divergence = resume(world(name), save)
    assert divergence is None
    assert snapshot(loaded) == snapshot(story)
    assert save.run == story.run
    assert (save.info.slot, save.info.steps, save.info.ending) == (written.slot, written.steps, written.ending)
    assert save.info.played_seconds == round(played, 3)
    # Saving the loaded story again writes the same run.
    assert store.write("again", loaded, played).steps == written.steps
    assert store.read("again", world(name)).run == save.run


def test_the_property_worlds_load() -> None:
    for name in WORLDS:
        assert isinstance(world(name), World), Path(WORLDS[name])
