"""Coverage of inline text in the playtest report: each branch of an `{if}` and each entry of an
alternative that no run showed, named by scene, text and file:line:column (issues 14 and 15).

The worlds here are built so the answer is known whatever the random runs pick: every run waits
twice in scene `a` (n goes 0, 1, 2) and then goes to `b`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from game.authoring.report import _Shown, playtest_report, render_html, render_text, traced_world
from game.engine import Story
from game.world import load_world
from game.world.model import World
from game.world.text import compile_text
from tests.conftest import FIXTURES

WORLD = "id: frag\ntitle: Fragments\nstart: a\nvariables:\n  n: {initial: 0, max: 9}\n  lit: {initial: false}\n"
SCENES = """\
a:
  title: A
  text: "{if lit: The lamp burns.|It is dark.} {&One.|Two.|Three.|Four.} {!First.|Later.|}"
  choices:
    - {id: wait, text: "Wait{| again}", to: a, do: n += 1, if: n < 2}
    - {id: go, text: Go, to: b, if: n >= 2, reply: "{if n > 5: Never.|Fine.}"}
b:
  title: B
  text: "{Only.|Not this.}"
  ending: {title: End}
"""


def write_world(folder: Path, world: str, scenes: str) -> World:
    (folder / "scenes").mkdir(parents=True)
    (folder / "world.yaml").write_text(world, encoding="utf-8")
    (folder / "scenes" / "s.yaml").write_text(scenes, encoding="utf-8")
    return load_world(folder)


def _column(folder: Path, line: int, marker: str) -> str:
    """file:line:column as the loader's errors write it."""
    return f"{folder / 'scenes' / 's.yaml'}:{line}:{SCENES.splitlines()[line - 1].index(marker) + 1}"


def test_branches_no_run_showed_are_named_where_they_are_written(tmp_path: Path) -> None:
    data = playtest_report(write_world(tmp_path, WORLD, SCENES), 20, seed=5, max_states=0)
    # a's text: if (2) + cycle (4) + once (3); wait's text: sequence (2); go's reply: if (2); b: sequence (2).
    # Shown in every run: "It is dark.", One/Two/Three, First/Later/(nothing), "Wait" then "Wait again",
    # "Fine.", "Only.". Never: the lamp, "Four.", "Never.", "Not this.".
    fragments = data["coverage"]["fragments"]
    assert (fragments["total"], fragments["shown"]) == (15, 11)
    assert fragments["never"] == [
        {
            "where": _column(tmp_path, 3, "{if lit"),
            "scene": "a",
            "text": "text",
            "fragment": "if",
            "branch": "then",
            "reads": "The lamp burns.",
        },
        {
            "where": _column(tmp_path, 3, "{&"),
            "scene": "a",
            "text": "text",
            "fragment": "cycle",
            "branch": "4 of 4",
            "reads": "Four.",
        },
        {
            "where": _column(tmp_path, 6, "{if n"),
            "scene": "a",
            "text": "reply of 'go'",
            "fragment": "if",
            "branch": "then",
            "reads": "Never.",
        },
        {
            "where": _column(tmp_path, 9, "{Only"),
            "scene": "b",
            "text": "text",
            "fragment": "sequence",
            "branch": "2 of 2",
            "reads": "Not this.",
        },
    ]
    text = render_text(data)
    assert "  inline branches shown ({if} branches and alternatives' entries): 11 of 15" in text
    assert f"    never: {_column(tmp_path, 3, '{&')}: scene 'a', text: entry 4 of 4 of a {{cycle}}: \"Four.\"" in text
    reply = _column(tmp_path, 6, "{if n")
    assert f"    never: {reply}: scene 'a', reply of 'go': the then branch of an {{if}}: \"Never.\"" in text


def test_looking_ahead_at_a_choice_shows_none_of_its_text(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Here.\n  choices:\n"
        "    - {id: left, text: Left, to: b, reply: '{Left.|Left again.}'}\n"
        "    - {id: right, text: Right, to: b, reply: '{Right.|Right again.}'}\n"
        "b:\n  title: B\n  text: There.\n  ending: {title: End}\n"
    )
    world = write_world(tmp_path, "id: peek\ntitle: Peek\nstart: a\n", scenes)
    data = playtest_report(world, 1, seed=3, max_states=0)  # one run: one choice taken, both read ahead
    taken = "left" if data["choices_taken"]["a.left"] else "right"
    other = "right" if taken == "left" else "left"
    never = {(e["text"], e["branch"]) for e in data["coverage"]["fragments"]["never"]}
    assert never == {
        (f"reply of '{taken}'", "2 of 2"),
        (f"reply of '{other}'", "1 of 2"),
        (f"reply of '{other}'", "2 of 2"),
    }


def test_blocks_and_variants_are_named_and_a_hidden_block_hides_its_fragments(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text:\n"
        "    - The room.\n"
        "    - {if: lit, text: 'The lamp {&hums|buzzes}.'}\n"
        "  choices:\n    - {id: go, text: Go, to: b}\n"
        "b:\n  title: B\n  text: Out.\n"
        "  variants:\n    - if: not lit\n      text: '{if lit: Bright.|Dark.}'\n"
        "  ending: {title: End}\n"
    )
    world = write_world(tmp_path, "id: blk\ntitle: Blocks\nstart: a\nvariables:\n  lit: {initial: false}\n", scenes)
    fragments = playtest_report(world, 3, max_states=0)["coverage"]["fragments"]
    assert (fragments["total"], fragments["shown"]) == (4, 1)
    assert [(e["text"], e["fragment"], e["branch"], e["reads"]) for e in fragments["never"]] == [
        ("text block 2", "cycle", "1 of 2", "hums"),
        ("text block 2", "cycle", "2 of 2", "buzzes"),
        ("variant 1", "if", "then", "Bright."),  # scene b
    ]
    assert fragments["never"][0]["where"] == f"{tmp_path / 'scenes' / 's.yaml'}:5:33"


def test_the_page_lists_every_branch_never_shown(tmp_path: Path) -> None:
    world = write_world(tmp_path, WORLD, SCENES)
    page = render_html(playtest_report(world, 5, max_states=0), world)
    table = page.split("<h2>Inline text never shown</h2>", 1)[1]
    assert len(re.findall(r"<tr><td>[^<]*/scenes/s\.yaml:\d+:\d+</td>", table)) == 4
    assert "<td>Not this.</td>" in table


def _transcript(world: World, seed: int, picks: list[int]) -> list[str]:
    story = Story(world, seed)
    read = [story.narration()]
    for pick in picks:
        offered = story.choices()
        if not offered:
            break
        read += [story.choice_text(choice) for choice in offered]
        story.choose(offered[pick % len(offered)].id)
        read += [story.reply_text(), story.narration()]
    return read


def test_a_traced_world_reads_exactly_as_the_world_does() -> None:
    world = load_world(FIXTURES / "worlds" / "inline")
    shown = _Shown()
    traced = traced_world(world, shown.note)
    for seed in range(6):
        picks = [seed * 7 + n * 3 for n in range(12)]
        assert _transcript(traced, seed, picks) == _transcript(world, seed, picks)
    assert shown.hits  # and it told which branches it rendered
    assert _transcript(world, 0, [0]) == _transcript(world, 0, [0])


def test_fragments_list_each_branch_as_written_and_trace_names_the_branch_rendered() -> None:
    source = "{if met: {&Micah nods.|Micah waves.}|A stranger.} {~a|b}"
    types: dict[str, Any] = {"met": "flag"}
    plain = compile_text(source, types, site="s.text")
    kinds = [(f.kind, f.key, [source[b:e] for b, e in f.branches]) for f in plain.fragments]
    assert kinds == [
        ("if", "s.text@0", ["{&Micah nods.|Micah waves.}", "A stranger."]),
        ("cycle", "s.text@9", ["Micah nods.", "Micah waves."]),
        ("shuffle", "s.text@50", ["a", "b"]),
    ]
    told: list[tuple[str, int]] = []
    traced = compile_text(source, types, site="s.text", trace=lambda key, index: told.append((key, index)))

    class State:
        variables: dict[str, Any] = {"met": True}
        visits: dict[str, int] = {}
        taken: set[str] = set()

        def draw(self, site: int) -> int:
            return 60

    seen: dict[str, int] = {}
    assert traced.render(State(), seen) == plain.render(State(), {}) == "Micah nods. b"
    assert told == [("s.text@0", 0), ("s.text@9", 0), ("s.text@50", 1)]


def test_phrases_are_sought_in_prose_not_in_inline_syntax(tmp_path: Path) -> None:
    from game.authoring.report import passages, prose, repeated_phrases

    types: dict[str, Any] = {"lit": "flag", "hours": "number"}
    text = compile_text("{if lit: The old lamp burns low|It is dark} and {hours} hours {&left|to go}.", types, site="x")
    assert prose(text).split("\x1f") == [
        "",
        "The old lamp burns low",
        "It is dark",
        " and ",
        " hours ",
        "left",
        "to go",
        ".",
    ]
    # Three scenes test the same condition and close with the same words in different branches:
    # neither the condition ("if lit the old") nor words across a bar ("burns low it is dark") is a phrase.
    scenes = "".join(
        f"s{n}:\n  title: S\n  text: '{{if lit: The old lamp burns low|It is dark}} in room {n}.'\n"
        f"  choices:\n    - {{id: go, text: Go, to: s{n + 1}}}\n"
        for n in range(3)
    )
    scenes += "s3:\n  title: End\n  text: End.\n  ending: {title: End}\n"
    world = write_world(tmp_path, "id: ph\ntitle: Ph\nstart: s0\nvariables:\n  lit: {initial: false}\n", scenes)
    assert repeated_phrases(passages(world)) == [
        {"phrase": "the old lamp burns low", "passages": 3, "where": ["s0", "s1", "s2"]}
    ]
    found = repeated_phrases(passages(world), words=4)
    assert [entry["phrase"] for entry in found] == ["the old lamp burns low"]


def test_the_page_says_when_every_branch_was_shown_or_there_are_none(tmp_path: Path) -> None:
    # Every run: a (One.), again, a (Two.), go, b (Lit.): all three branches shown.
    every = (
        "a:\n  title: A\n  text: '{&One.|Two.}'\n  choices:\n"
        "    - {id: again, text: Again, to: a, if: not lit, do: lit = true}\n"
        "    - {id: go, text: Go, to: b, if: lit}\n"
        "b:\n  title: B\n  text: '{if lit: Lit.}'\n  ending: {title: End}\n"
    )
    world = write_world(tmp_path / "every", "id: e\ntitle: E\nstart: a\nvariables:\n  lit: {initial: false}\n", every)
    page = render_html(playtest_report(world, 2, max_states=0), world)
    assert "<p>Every one of the 3 was shown.</p>" in page
    plain = "a:\n  title: A\n  text: Plain.\n  ending: {title: End}\n"
    world = write_world(tmp_path / "plain", "id: p\ntitle: P\nstart: a\n", plain)
    data = playtest_report(world, 2, max_states=0)
    assert "no <code>{if}</code> or alternatives" in render_html(data, world)
    assert "inline branches" not in render_text(data)
