"""The playtest report: each figure checked on a world built so the answer is known in advance.

tests/fixtures/worlds/report_known: every run meets three decision points (hall: two choices with
different texts; yard: two choices with the same text; gate: three choices, two of which give the
same text), so whatever the random picks, a third of the decision points are silent and three of
every seven choices offered are answered.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from game.authoring.report import (
    REPORT_VERSION,
    _peek,
    next_text,
    passages_shown,
    playtest_report,
    render_html,
    render_text,
    repeated_phrases,
    shown_variants,
)
from game.cli import main
from game.engine import Story
from game.world import load_world
from game.world.model import World
from tests.conftest import FIXTURES, LIGHTHOUSE

KNOWN = FIXTURES / "worlds" / "report_known"
RUNS = 30


@pytest.fixture(scope="module")
def known() -> World:
    return load_world(KNOWN)


@pytest.fixture(scope="module")
def data(known: World) -> dict[str, Any]:
    return playtest_report(known, RUNS, seed=3)


def test_silent_decision_points_and_answered_choices(data: dict[str, Any]) -> None:
    assert data["runs"] == {"count": RUNS, "seed": 3, "steps": 5 * RUNS, "ended": RUNS, "stuck": 0, "unfinished": 0}
    assert data["decisions"] == {
        "points": 3 * RUNS,
        "silent": RUNS,
        "silent_share": round(1 / 3, 4),
        "silent_scenes": {"yard": RUNS},
        # Every state of the world, once each: hall, yard and gate are one state each.
        "graph": {"points": 3, "silent": 1, "silent_share": round(1 / 3, 4), "silent_scenes": {"yard": 1}},
    }
    # hall: 2 of 2 answered; yard: 0 of 2; gate: shout alone of 3 (whisper and hum read the same).
    assert data["answers"] == {
        "offered": 7 * RUNS,
        "answered": 3 * RUNS,
        "answered_share": round(3 / 7, 4),
        "graph": {"offered": 7, "answered": 3, "answered_share": round(3 / 7, 4)},
    }


def test_endings_and_variables_at_the_endings(data: dict[str, Any]) -> None:
    taken = data["choices_taken"]
    loud, quiet = taken["gate.shout"], taken["gate.whisper"] + taken["gate.hum"]
    assert loud > 0 and quiet > 0
    assert data["endings"] == {
        "total": 2,
        "runs": dict(sorted({"end_loud": loud, "end_quiet": quiet}.items(), key=lambda kv: -kv[1])),
        "never": [],
    }
    south = taken["hall.south"]
    coins = data["variables"]["coins"]
    assert coins["at_endings"] == {"1": south, "2": RUNS - south}
    assert (coins["falls"], coins["rises"], coins["min"], coins["max"]) == (south, 0, 1, 2)
    noise = data["variables"]["noise"]
    assert noise["at_endings"] == {"false": quiet, "true": loud}
    assert (noise["falls"], noise["rises"], noise["initial"]) == (0, loud, "false")


def test_coverage_counts_what_no_run_showed(data: dict[str, Any]) -> None:
    coverage = data["coverage"]
    assert coverage["scenes"] == {"total": 9, "shown": 8, "never": ["attic"]}
    assert coverage["choices"]["never_offered"] == ["attic.down"]
    assert coverage["choices"]["never_taken"] == ["attic.down"]
    # gate's variant needs noise, set only after the gate; field's shows on every loud run.
    assert coverage["variants"] == {"total": 2, "shown": 1, "never": ["gate#1"]}
    assert data["scene_visits"]["yard"] == RUNS


def test_exhaustive_exploration_proves_what_can_never_show(data: dict[str, Any]) -> None:
    exhaustive = data["exhaustive"]
    assert exhaustive["complete"] is True
    assert exhaustive["scenes_unreachable"] == ["attic"]
    assert exhaustive["choices_never_available"] == ["attic.down"]
    assert exhaustive["variants_never_shown"] == ["gate#1"]


def test_repeated_phrases_leave_out_choice_texts_and_passages_never_shown(data: dict[str, Any]) -> None:
    # "the wind moves over the grass" is in north, south, yard and attic (never shown); "walk on
    # and on and on" is written on three choices: choice texts do not count.
    assert data["phrases"] == [
        {"phrase": "the wind moves over the grass", "passages": 3, "where": ["north", "south", "yard"]}
    ]


def test_words_per_run(data: dict[str, Any]) -> None:
    # hall 5 + north/south 12 + yard 13 + gate 10 + field 3 + end 2 = 45; a loud run reads
    # "A dog barks." in the field too.
    assert data["words_per_run"]["min"] == 45
    assert data["words_per_run"]["max"] == 48


def test_the_report_is_the_same_for_the_same_seed_and_keeps_its_keys(known: World, data: dict[str, Any]) -> None:
    assert playtest_report(known, RUNS, seed=3) == data
    assert data["report"] == REPORT_VERSION == 1
    assert list(data) == [
        "report",
        "world",
        "title",
        "definitions",
        "runs",
        "decisions",
        "answers",
        "endings",
        "variables",
        "coverage",
        "phrases",
        "words_per_run",
        "exhaustive",
        "scene_visits",
        "choices_taken",
    ]
    json.dumps(data)  # every value is JSON


def test_repeated_phrases_join_overlapping_runs_and_need_the_threshold() -> None:
    passages = [
        ("a", "One two three four five six seven. Other words here."),
        ("b", "Before: one two three four five six seven!"),
        ("c", "one, two, three, four, five, six, seven"),
        ("d", "Other words here and one two three four five"),
    ]
    found = repeated_phrases(passages, words=5, least=3)
    assert found == [
        {"phrase": "one two three four five", "passages": 4, "where": ["a", "b", "c", "d"]},
        {"phrase": "one two three four five six seven", "passages": 3, "where": ["a", "b", "c"]},
    ] or found == [
        {"phrase": "one two three four five six seven", "passages": 3, "where": ["a", "b", "c"]},
        {"phrase": "one two three four five", "passages": 4, "where": ["a", "b", "c", "d"]},
    ]
    assert repeated_phrases(passages, words=5, least=5) == []


def test_shown_variants_follow_the_narration(lighthouse: World) -> None:
    """The report's rule for which variants show is the narration's rule (a replacing one wins)."""
    import random

    rng = random.Random(1)
    for seed in range(20):
        story = Story(lighthouse, seed)
        for _ in range(30):
            narration = story.narration()
            scene = story.scene
            shown = shown_variants(scene, story)
            for index, variant in enumerate(scene.variants):
                flat = " ".join(variant.text.split())
                assert (flat in narration) == (index in shown), (scene.id, index)
            if any(scene.variants[i].replace for i in shown):
                assert " ".join(scene.text.split()) not in narration
            if not story.choices():
                break
            story.choose(rng.choice(story.choices()).id)


def test_looking_ahead_leaves_the_run_as_it_was(tmp_path: Path) -> None:
    """Reading where each choice leads takes it on a fork: nothing of the story changes, not even
    how often a text's alternatives were shown."""
    import copy

    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: f\ntitle: F\nstart: a\nvariables:\n  n: {initial: 0, max: 9}\n")
    (tmp_path / "scenes" / "s.yaml").write_text(
        "a:\n  title: A\n  text: 'A {&one|two|three} {n}.'\n  choices:\n"
        "    - {id: up, text: Up, to: a, do: n += 1, reply: '{&Yes|Again}.'}\n"
        "    - {id: once, text: Once, to: b, once: true}\n"
        "b:\n  title: B\n  text: B.\n  choices:\n    - {id: back, text: Back, to: a}\n"
    )
    world = load_world(tmp_path)
    story = Story(world, 5)
    for choice_id in ("up", "once", "back"):
        story.choose(choice_id)

    def snapshot() -> dict[str, object]:
        names = [name for cls in type(story).__mro__ for name in getattr(cls, "__slots__", ())]
        return {name: copy.deepcopy(getattr(story, name, None)) for name in names if name not in ("world", "_rules")}

    before = snapshot()
    texts = {choice.id: _peek(story, choice) for choice in story.choices()}
    assert snapshot() == before
    assert list(texts) == ["up"]  # `once` was taken already
    story.choose("up")  # and what the fork read is what the player then reads
    assert next_text(story) == texts["up"] == "Again.\n\nA one 2."


def test_the_command_writes_a_self_contained_page_and_its_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "out" / "known.html"
    assert main(["playtest", str(KNOWN), "--report", str(page), "--random", "12", "--seed", "3"]) == 0
    printed = capsys.readouterr().out
    assert "silent decision points: 12 of 36 (33.3%)" in printed
    assert "answered choices: 36 of 84 offered (42.9%)" in printed
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    # Nothing is fetched from elsewhere: no scripts, links, images or URLs but the SVG namespace.
    assert not re.search(r"<script|<link|<img|@import|url\((?!#)", text)
    assert set(re.findall(r"https?://[^\"' ]+", text)) == {"http://www.w3.org/2000/svg"}
    assert "<svg" in text and "attic" in text
    saved = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    assert saved["decisions"]["silent"] == 12


def test_world_text_cannot_become_markup_in_the_page(tmp_path: Path) -> None:
    world = load_world(FIXTURES / "worlds" / "markup")
    data = playtest_report(world, 3, max_states=0)
    page = render_html(data, world)
    assert "[link=file:///etc/passwd]" in page  # shown as written...
    hostile = load_world(LIGHTHOUSE)
    data = playtest_report(hostile, 2, max_states=0)
    data["title"] = "<script>alert(1)</script>"
    assert "<script>" not in render_html(data, hostile)  # ...and HTML is escaped
    assert "exploration" not in render_text(data)  # max_states=0: no exploration, nothing said of one


def test_a_reply_is_part_of_the_next_text(tmp_path: Path) -> None:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: r\ntitle: R\nstart: a\n")
    (tmp_path / "scenes" / "s.yaml").write_text(
        "a:\n  title: A\n  text: Here.\n  choices:\n"
        "    - {id: nod, text: Nod, to: b, reply: He nods back.}\n"
        "    - {id: wait, text: Wait, to: b}\n"
        "    - {id: stay, text: Stay, to: b}\n"
        "b:\n  title: B\n  text: There.\n  ending: {title: End}\n"
    )
    data = playtest_report(load_world(tmp_path), 4, max_states=0)
    # nod reads "He nods back. There."; wait and stay both read "There.": not silent, one answered.
    assert (data["decisions"]["points"], data["decisions"]["silent"]) == (4, 0)
    assert (data["answers"]["offered"], data["answers"]["answered"]) == (12, 4)
    nodded = data["choices_taken"]["a.nod"]
    assert 0 < nodded < 4 and sorted({data["words_per_run"]["min"], data["words_per_run"]["max"]}) == [2, 5]


def test_repeated_phrases_leave_out_a_main_text_a_replacing_variant_hides(tmp_path: Path) -> None:
    """The player never reads a main text a replacing variant stands in for, so a phrase in it is
    not met there: here the phrase is written in three passages, but shown in two."""
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: r\ntitle: R\nstart: a\nvariables:\n  lit: {initial: false}\n")
    (tmp_path / "scenes" / "s.yaml").write_text(
        "a:\n  title: A\n  text: The wind moves over the grass at the door.\n"
        "  variants:\n    - {if: not lit, replace: true, text: Nothing stirs at the door.}\n"
        "  choices:\n    - {id: go, text: Go, to: b}\n"
        "b:\n  title: B\n  text: The wind moves over the grass of the yard.\n"
        "  choices:\n    - {id: go, text: Go, to: c}\n"
        "c:\n  title: C\n  text: The wind moves over the grass and away.\n  ending: {title: End}\n"
    )
    world = load_world(tmp_path)
    assert passages_shown(world.scenes["a"], Story(world, 0)) == {"a#1"}
    assert playtest_report(world, 3, max_states=0)["phrases"] == []


def test_text_blocks_with_a_condition_count_as_variants(tmp_path: Path) -> None:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: b\ntitle: B\nstart: a\nvariables:\n  lit: {initial: false}\n")
    (tmp_path / "scenes" / "s.yaml").write_text(
        "a:\n  title: A\n  text:\n"
        "    - The room.\n"
        "    - {if: lit, text: The lamp burns.}\n"
        "    - {if: not lit, text: It is dark.}\n"
        "  choices:\n    - {id: go, text: Go, to: b}\n"
        "b:\n  title: B\n  text: Out.\n  ending: {title: End}\n"
    )
    data = playtest_report(load_world(tmp_path), 3, max_states=0)
    assert data["coverage"]["variants"] == {"total": 2, "shown": 1, "never": ["a#text2"]}  # the 2nd block of the list
    assert data["words_per_run"]["min"] == data["words_per_run"]["max"] == 6  # "The room. It is dark. Out."


def test_playtest_without_a_mode_says_which_to_choose(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playtest", str(KNOWN)]) == 2
    assert "choose --random N, --exhaustive or --report" in capsys.readouterr().err


def test_a_typographic_apostrophe_stays_inside_its_word() -> None:
    passages = [(str(n), f"Elon’s hives will want to know that, {n}.") for n in range(3)]
    assert [p["phrase"] for p in repeated_phrases(passages)] == ["elon’s hives will want to know that"]
