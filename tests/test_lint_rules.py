"""What each lint warning claims, when it is given and when not (game/authoring/lint.py), on small
worlds written here: its code, the file, line and column it points at, its message and its hint.

A warning is a claim about every reachable state: "never" means in no state a run can reach. When
the exact exploration stops at its bound, the abstraction with intervals proves what it can, and
what neither settles is named in a W110 note (a check that could not run is not a pass).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import game.authoring.lint as lint_module
from game.authoring.intervals import Abstract, Abstraction, ClampRecord
from game.authoring.lint import CODES, LintResult, default_states, lint
from game.authoring.ranges import text_conditions
from game.world.model import World
from tests.smallworld import one_file_world


def make(root: Path, scenes: str, variables: str = "  x: {initial: 0}\n", more: str = "status: []\n") -> World:
    """A world of one scene file (indented as in the test: dedented here) and the ending `end`,
    starting in `a`. The status panel shows nothing unless `more` says so (it counts as reading)."""
    return one_file_world(root, textwrap.dedent(scenes) + FLAT_END, variables, more=more)


def found(result: LintResult, *codes: str) -> list[tuple[str, int, int, str, str]]:
    """(file, line, column, code, message) of each warning and note with one of `codes` (all: none given)."""
    return [
        (Path(d.location.file).name, d.location.line, d.location.column, d.code, d.message)
        for d in result.warnings + result.notes
        if not codes or d.code in codes
    ]


def hints(result: LintResult, code: str) -> list[str]:
    return [d.hint for d in result.warnings + result.notes if d.code == code]


END = """\
        end:
          title: End
          text: Over.
          ending: {title: Over}
"""
FLAT_END = textwrap.dedent(END)


# --- W101, W102: what no run reaches ------------------------------------------------------------------


def test_a_scene_or_ending_no_run_reaches_is_named_where_it_is_defined(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        """\
        a:
          title: A
          text: Start here.
          choices:
            - {id: go, text: Go, to: end}
            - id: fly
              text: Fly
              to: sky
              if: x > 0
        sky:
          title: Sky
          text: Up.
          choices:
            - {id: land, text: Land, to: far}
        lost:
          title: Lost
          text: Nobody comes.
          choices:
            - {id: back, text: Back, to: a}
        far:
          title: Far
          text: Far away.
          ending: {title: Far}
        """,
        more="status: [x]\n",
    )
    result = lint(world)
    assert result.complete and result.notes == [] and result.abstraction is None
    assert result.exploration is not None and result.exploration.complete and result.walked == 0
    assert found(result) == [
        (
            "s.yaml",
            9,
            11,
            "W103",
            "choice 'fly' is never offered: 'x > 0' is false in every reachable state (x is 0 wherever it is tested)",
        ),
        ("s.yaml", 10, 1, "W101", "no run reaches scene 'sky'"),  # behind a condition that never holds
        ("s.yaml", 15, 1, "W101", "no run reaches scene 'lost'"),  # nothing leads there
        ("s.yaml", 20, 1, "W102", "no run reaches the ending 'far'"),
        ("world.yaml", 5, 3, "W105", "variable 'x' is never changed: it keeps its initial value 0"),
    ]
    assert (
        hints(result, "W101")
        == ["add a choice that leads here, loosen the conditions on the way, or delete the scene"] * 2
    )
    assert hints(result, "W102") == ["add a choice that leads here, or loosen the conditions on the way"]
    assert hints(result, "W103") == ["fix the condition, or set what it reads on the way here"]
    assert all(d.severity == "warning" for d in result.warnings)


# --- W103, W106: conditions that decide nothing ----------------------------------------------------


def test_a_never_offered_choice_says_what_its_condition_read(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        """\
        a:
          title: A
          text: Dials.
          choices:
            - {id: up, text: Up, to: a, do: n += 1}
            - {id: flip, text: Flip, to: a, do: 'f = not f'}
            - {id: calm, text: Calm, to: a, do: 'mood = "calm"'}
            - {id: many, text: Many, to: end, if: n > 7}
            - {id: two, text: Two, to: end, if: f and not f}
            - {id: mood, text: Mood, to: end, if: 'mood == "wild" and n > 5'}
            - {id: none, text: None, to: end, if: 'n < 0 and mood == "x"'}
            - {id: out, text: Out, to: end}
        """,
        "  n: {initial: 0, min: 0, max: 4}\n  f: {initial: false}\n  mood: {initial: 'a \"b\"'}\n",
    )
    result = lint(world)
    messages = [message for *_, message in found(result, "W103")]
    assert messages == [
        "choice 'many' is never offered: 'n > 7' is false in every reachable state (n is 0..4 wherever it is tested)",
        "choice 'two' is never offered: 'f and not f' is false in every reachable state (f is false or true "
        "wherever it is tested)",
        "choice 'mood' is never offered: 'mood == \"wild\" and n > 5' is false in every reachable state "
        '(mood is "a \\"b\\"" or "calm"; n is 0..4 wherever it is tested)',
        "choice 'none' is never offered: 'n < 0 and mood == \"x\"' is false in every reachable state "
        '(mood is "a \\"b\\"" or "calm"; n is 0..4 wherever it is tested)',
    ]


def test_few_numbers_are_listed_one_by_one(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        """\
        a:
          title: A
          text: Dials.
          choices:
            - {id: up, text: Up, to: a, do: n += 1}
            - {id: many, text: Many, to: end, if: n > 7}
            - {id: out, text: Out, to: end}
        """,
        "  n: {initial: 0, min: 0, max: 1}\n",
    )
    [(*_, message)] = found(lint(world), "W103")
    assert message.endswith("(n is 0 or 1 wherever it is tested)")


def test_a_condition_true_wherever_its_choice_could_be_offered_is_constant(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        """\
        a:
          title: A
          text: Dials.
          choices:
            - {id: up, text: Up, to: a, do: n += 1}
            - {id: sure, text: Sure, to: end, if: n >= 0}
            - {id: some, text: Some, to: end, if: n >= 2}
            - {id: luck, text: Luck, to: end, if: chance(50)}
            - {id: never, text: Never, to: end, if: chance(50) and n > 9}
        """,
        "  n: {initial: 0, min: 0, max: 3}\n",
    )
    result = lint(world)
    assert found(result, "W103", "W106") == [
        ("s.yaml", 6, 43, "W106", "'n >= 0' is true in every reachable state, so choice 'sure' is always offered"),
    ]  # a chance() condition is never judged: a draw decides it
    assert hints(result, "W106") == ["remove the 'if:', or fix it so that it can be false"]


def test_a_variant_that_is_always_or_never_shown_is_constant(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        """\
        a:
          title: A
          text: Hall.
          variants:
            - if: n >= 0
              text: Always.
            - {if: n > 5, text: Never.}
            - {if: n > 1, text: Sometimes.}
            - {if: chance(5), text: Rarely.}
          choices:
            - {id: up, text: Up, to: a, do: n += 1}
            - {id: out, text: Out, to: end}
        """,
        "  n: {initial: 0, min: 0, max: 3}\n",
    )
    result = lint(world)
    assert found(result, "W106") == [
        (
            "s.yaml",
            5,
            11,
            "W106",
            "variant 1 of scene 'a': 'n >= 0' is true in every reachable state, so it is always shown",
        ),
        (
            "s.yaml",
            7,
            12,
            "W106",
            "variant 2 of scene 'a': 'n > 5' is false in every reachable state, so it is never shown",
        ),
    ]
    assert hints(result, "W106") == ["fold its text into the scene's text", "fix the condition, or delete the variant"]


def test_a_once_only_choice_is_judged_only_where_it_could_be_offered(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        """\
        a:
          title: A
          text: Hall.
          choices:
            - {id: grab, text: Grab, to: a, once: true, if: n == 0, do: n += 1}
            - {id: out, text: Out, to: end}
        """,
        "  n: {initial: 0, min: 0, max: 3}\n",
    )
    # Once taken it is not offered: where it could be offered, n is 0, but that is what it asks.
    assert found(lint(world), "W103", "W106") == [
        ("s.yaml", 5, 53, "W106", "'n == 0' is true in every reachable state, so choice 'grab' is always offered")
    ]


# --- W107: effects cut at min or max -----------------------------------------------------------------


def test_an_effect_cut_at_max_or_min_every_time_is_named_at_the_effect(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        """\
        a:
          title: A
          text: Dials.
          choices:
            - id: up
              text: Up
              to: b
              do:
                - n += 1
                - n += 10
            - {id: down, text: Down, to: b, do: n -= 5}
            - {id: some, text: Some, to: b, do: n -= 1}
        b:
          title: B
          text: Dials again.
          choices:
            - {id: out, text: Out, to: end, if: n > 0}
            - {id: stay, text: Stay, to: a}
        """,
        "  n: {initial: 1, min: 0, max: 3}\n",
    )
    result = lint(world)
    assert found(result, "W107") == [
        ("s.yaml", 10, 11, "W107", "'n += 10' is cut to n's max 3 every time choice 'up' is taken"),
        ("s.yaml", 11, 41, "W107", "'n -= 5' is cut to n's min 0 every time choice 'down' is taken"),
    ]
    assert hints(result, "W107") == [
        "make it smaller, move it, or change the max",
        "make it smaller, move it, or change the min",
    ]


# --- W104, W105: variables ------------------------------------------------------------------------------


def test_a_variable_counts_as_read_wherever_an_author_can_read_it(tmp_path: Path) -> None:
    uses = {  # text of the scene, the choice's keys, world.yaml's status
        "status": ("  text: Hall.\n", "", "status: [v]\n"),
        "variant": ("  text: Hall.\n  variants:\n    - {if: v > 0, text: V.}\n", "", "status: []\n"),
        "block": ("  text:\n    - {if: v > 0, text: V.}\n    - Hall.\n", "", "status: []\n"),
        "inline": ("  text: 'Hall {v}.'\n", "", "status: []\n"),
        "condition": ("  text: Hall.\n", ", if: v > 0", "status: []\n"),
        "value": ("  text: Hall.\n", ", do: 'x = v'", "status: []\n"),
        "when": ("  text: Hall.\n", ", do: [{if: v > 0, do: [x = 1]}]", "status: []\n"),
        "after": ("  text: Hall.\n", ", after: [x += v]", "status: []\n"),
        "entering": ("  text: Hall.\n  on_enter: [x += v]\n", "", "status: []\n"),
    }
    for name, (text, keys, more) in uses.items():
        scenes = f"a:\n  title: A\n{text}  choices:\n    - {{id: go, text: Go, to: end{keys}}}\n"
        world = make(tmp_path / name, scenes, "  v: {initial: 1}\n  x: {initial: 0}\n", more)
        assert [m for *_, m in found(lint(world), "W104")] == [
            "variable 'x' is never read: no condition or effect uses it, and the status panel does not show it"
        ], name  # `x = ...` and `x += ...` change x: they do not read it


def test_an_unread_variable_and_an_unchanged_one(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        """\
        a:
          title: A
          text: Hall.
          choices:
            - id: go
              text: Go
              to: end
              if: flag
              do:
                - count += 1
                - {if: word == "yes", do: [count += 1]}
              after: [tally = count]
        """,
        "  count: {initial: 0}\n  flag: {initial: true}\n  word: {initial: ''}\n  tally: {initial: 0}\n",
    )
    result = lint(world)
    assert found(result, "W104", "W105") == [
        ("world.yaml", 6, 3, "W105", "variable 'flag' is never changed: it keeps its initial value true"),
        ("world.yaml", 7, 3, "W105", "variable 'word' is never changed: it keeps its initial value \"\""),
        (
            "world.yaml",
            8,
            3,
            "W104",
            "variable 'tally' is never read: no condition or effect uses it, and the status panel does not show it",
        ),
    ]
    assert hints(result, "W104") == ["use it in an 'if:', add it to status:, or delete it"]
    assert hints(result, "W105") == [
        "add an effect such as 'flag = ...', or replace it by its value",
        "add an effect such as 'word = ...', or replace it by its value",
    ]


# --- W108: repeated narration ------------------------------------------------------------------------


def test_narration_repeated_word_for_word_is_named_at_the_second(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        """\
        a:
          title: A
          text: The wind howls over the moor.
          choices:
            - {id: go, text: Go, to: b}
        b:
          title: B
          text: |
            The wind  howls
            over the MOOR.
          variants:
            - {if: x > 0, text: Short and same.}
            - {if: x > 0, text: The wind howls over the moor.}
          choices:
            - {id: go, text: Go, to: c}
        c:
          title: C
          text: Short and same.
          choices:
            - {id: go, text: Go, to: end}
        """,
    )
    result = lint(world)
    assert found(result, "W108") == [
        ("s.yaml", 8, 9, "W108", "the narration of scene 'b' repeats scene 'a' word for word"),
        ("s.yaml", 13, 25, "W108", "the narration of variant 2 of scene 'b' repeats scene 'a' word for word"),
    ]  # short lines ("Short and same.") may repeat on purpose
    assert hints(result, "W108") == ["write it anew, or lead both choices to one scene"] * 2


# --- W109, W111: dead ends and traps, with the run that gets there -----------------------------------


def test_a_dead_end_is_named_once_with_a_shortest_run_to_it(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        """\
        a:
          title: A
          text: Hall.
          choices:
            - {id: in, text: In, to: pit}
            - {id: step, text: Step, to: b}
        b:
          title: B
          text: Hall.
          choices:
            - {id: in, text: In, to: pit, do: n += 1}
        pit:
          title: Pit
          text: Dark.
          choices:
            - {id: up, text: Up, to: end, if: n > 5}
        """,
        "  n: {initial: 0, min: 0, max: 9}\n",
    )
    result = lint(world)
    assert found(result, "W109") == [
        ("s.yaml", 12, 1, "W109", "a run can get stuck in scene 'pit' with no choice offered (after 1 choice: in)")
    ]
    assert hints(result, "W109") == ["add a choice without a condition, or make one of the conditions hold there"]


def test_a_dead_end_at_the_start_and_a_long_run_shortened_in_the_middle(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: go, text: Go, to: end, if: x > 0}\n",
    )
    assert [m for *_, m in found(lint(world), "W109")] == [
        "a run can get stuck in scene 'a' with no choice offered (from the start)"
    ]
    for length, route in (
        (12, "after 12 choices: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11"),
        (13, "after 13 choices: c0, c1, c2, c3, c4, ..., c8, c9, c10, c11, c12"),
    ):
        scenes = "".join(
            f"{'a' if i == 0 else f's{i}'}:\n  title: S\n  text: Room {i}.\n  choices:\n"
            f"    - {{id: c{i}, text: Go, to: s{i + 1}}}\n"
            for i in range(length)
        )
        scenes += (
            f"s{length}:\n  title: S\n  text: Stuck.\n  choices:\n    - {{id: up, text: Up, to: end, if: x > 0}}\n"
        )
        world = make(tmp_path / str(length), scenes)
        assert [m for *_, m in found(lint(world), "W109")] == [
            f"a run can get stuck in scene 's{length}' with no choice offered ({route})"
        ]


def test_a_loop_with_no_way_out_is_a_trap_named_with_its_scenes(tmp_path: Path) -> None:
    rooms = [f"r{i}" for i in range(9)]
    scenes = "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: down, text: Down, to: r0}\n"
    scenes += "    - {id: loop, text: Loop, to: b}\n    - {id: out, text: Out, to: end}\n"
    scenes += "b:\n  title: B\n  text: Stairs.\n  choices:\n    - {id: round, text: Round, to: c}\n"
    scenes += "c:\n  title: C\n  text: Cellar.\n  choices:\n    - {id: back, text: Back, to: b}\n"
    for i, room in enumerate(rooms):
        scenes += f"{room}:\n  title: R\n  text: Room {i}.\n  choices:\n"
        scenes += f"    - {{id: go, text: Go, to: {rooms[(i + 1) % len(rooms)]}}}\n"
    result = lint(make(tmp_path, scenes))
    assert found(result, "W111") == [
        (
            "s.yaml",
            8,
            1,
            "W111",
            "a run can be trapped from scene 'b' (after 1 choice: loop): from there it can go "
            "on forever among 'b', 'c' but never reach an ending",
        ),
        (
            "s.yaml",
            18,
            1,
            "W111",
            "a run can be trapped from scene 'r0' (after 1 choice: down): from there it can "
            "go on forever among 'r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', ... but never reach an ending",
        ),
    ]
    assert hints(result, "W111") == ["give the loop a way out to an ending, or check the conditions of the way out"] * 2
    eight = scenes.replace("to: r8}", "to: r0}")  # r8 is left out of the loop, and left unreached
    [_b, (*_, message), _unreached] = found(lint(make(tmp_path / "eight", eight)), "W111", "W101")
    assert message.endswith("among 'r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7' but never reach an ending")


# --- the order, the codes ------------------------------------------------------------------------


def test_warnings_come_in_file_line_and_column_order(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        """\
        a:
          title: A
          text: Hall.
          choices:
            - {id: go, text: Go, to: end, if: n >= 0, do: n += 9}
        """,
        "  n: {initial: 0, min: 0, max: 3}\n  unused: {initial: 0}\n",
    )
    assert [(file, line, column, code) for file, line, column, code, _ in found(lint(world))] == [
        ("s.yaml", 5, 39, "W106"),
        ("s.yaml", 5, 51, "W107"),
        ("world.yaml", 6, 3, "W104"),
        ("world.yaml", 6, 3, "W105"),
    ]


def test_every_code_has_a_name() -> None:
    assert sorted(CODES) == [f"W1{n:02}" for n in range(1, len(CODES) + 1)]
    assert all(CODES.values())


# --- past the exact bound: the scene graph, the abstraction, and what W110 names ------------------------

PARTIAL = """\
    a:
      title: A
      text: 'At {n}.'
      choices:
        - {id: up, text: Up, to: a, do: n += 1}
        - {id: fly, text: Fly, to: sky, if: n < 0}
        - {id: deep, text: Deep, to: d1}
        - {id: loop, text: Loop, to: b}
        - {id: out, text: Out, to: end}
    sky:
      title: Sky
      text: Up.
      choices:
        - {id: land, text: Land, to: end}
    lost:
      title: Lost
      text: Nobody comes.
      choices:
        - {id: back, text: Back, to: a, if: n > 3}
    d1:
      title: D1
      text: Down.
      choices:
        - {id: down, text: Down, to: pit}
    pit:
      title: Pit
      text: Dark.
      choices:
        - {id: climb, text: Climb, to: end, if: n > 3}
    b:
      title: B
      text: Stairs.
      choices:
        - {id: round, text: Round, to: c}
    c:
      title: C
      text: Cellar.
      choices:
        - {id: back, text: Back, to: b}
    far:
      title: Far
      text: Far away.
      ending: {title: Far}
"""
NO_WAY_OUT = "can never reach an ending: no way from it leads to one"
BOUND_HINT = (
    "give numbers that only grow a max (or only shrink a min), drop what no later condition reads, or raise "
    "--max-states"
)


def test_past_the_bound_without_the_abstraction_the_scene_graph_decides_and_w110_says_so(tmp_path: Path) -> None:
    world = make(tmp_path, PARTIAL, "  n: {initial: 0}\n")
    result = lint(world, max_states=6, abstract=False)
    assert result.complete is False and result.abstraction is None
    assert found(result) == [
        ("s.yaml", 15, 1, "W101", "no run reaches scene 'lost'"),  # 'sky' is in the scene graph: not claimed
        (
            "s.yaml",
            25,
            1,
            "W109",
            "a run may get stuck in scene 'pit': no choice is offered when n = -1 (the "
            "exploration stopped before it could tell whether a run gets there so)",
        ),
        ("s.yaml", 30, 1, "W111", f"a run that reaches scene 'b' {NO_WAY_OUT}"),
        ("s.yaml", 35, 1, "W111", f"a run that reaches scene 'c' {NO_WAY_OUT}"),
        ("s.yaml", 40, 1, "W102", "no run reaches the ending 'far'"),
        ("world.yaml", 1, 1, "W110", result.notes[0].message),
    ]
    # The note names the bound, each check it could not run on every state, and what multiplies them.
    note = result.notes[0].message
    assert note.startswith("could not check the whole world: it has more than 6 reachable states. Not checked ")
    assert "W103 (never offered), W106 (constant conditions" in note and "W109 (dead ends: proved per scene" in note
    assert "W111 (loops: the scene graph only), W112 (replies never read) and W113 (empty texts)" in note
    assert note.endswith("; W101/W102 follow the scene graph. The states multiply over: n (3 values)")
    assert hints(result, "W111") == ["give it a way out to an ending"] * 2
    assert hints(result, "W109") == ["add a choice without a condition, or make one of the conditions hold there"]
    assert hints(result, "W110") == [BOUND_HINT] and result.notes[0].severity == "note"
    # A dead end the exploration really reached is told with its run.
    deeper = lint(world, max_states=10**9, max_bytes=200_000, abstract=False)
    assert [m for *_, m in found(deeper, "W109")] == [
        "a run can get stuck in scene 'pit' with no choice offered (after 2 choices: deep, down)"
    ]
    [(*_, note)] = found(deeper, "W110")
    assert note.startswith("could not check the whole world: it has more states than fit in 0.2 MB (")
    assert " explored). Not checked beyond them" in note and ", 0 explored" not in note


def test_a_world_that_multiplies_only_by_its_scenes_says_so(tmp_path: Path) -> None:
    scenes = "".join(
        f"{'a' if i == 0 else f's{i}'}:\n  title: S\n  text: Room {i}.\n  choices:\n"
        f"    - {{id: go, text: Go, to: s{i + 1}}}\n"
        for i in range(10)
    )
    scenes += "s10:\n  title: S\n  text: Last.\n  choices:\n    - {id: go, text: Go, to: end}\n"
    result = lint(make(tmp_path, scenes), max_states=4, abstract=False)
    [(*_, note)] = found(result, "W110")
    assert note.endswith("The states multiply over: the scenes themselves")


def test_the_abstraction_proves_the_same_warnings_past_the_exact_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenes = """\
    a:
      title: A
      text: Counting.
      variants:
        - {if: n < 0, text: Never.}
        - {if: n >= 0, text: Always.}
        - {if: n > 10, text: Later.}
      choices:
        - {id: up, text: Up, to: a, do: n += 1}
        - {id: jump, text: Jump, to: a, do: n += 5000}
        - {id: drop, text: Drop, to: a, do: n -= 5000}
        - {id: fly, text: Fly, to: sky, if: n > 2000}
        - {id: any, text: Any, to: end, if: n >= 0}
        - {id: some, text: Some, to: end, if: n > 500}
    sky:
      title: Sky
      text: Up.
      choices:
        - {id: land, text: Land, to: far}
    far:
      title: Far
      text: Far away.
      ending: {title: Far}
    """
    world = make(tmp_path, scenes, "  n: {initial: 0, min: 0, max: 1000}\n")
    exact = lint(world)
    assert exact.complete and exact.abstraction is None
    bounded = lint(world, max_states=50)
    assert bounded.complete and bounded.abstraction is not None and bounded.abstraction.complete
    assert bounded.notes == [] and bounded.walked > 0
    assert bounded.exploration is not None and not bounded.exploration.complete
    proved = found(bounded)
    assert proved == [
        (
            "s.yaml",
            5,
            12,
            "W106",
            "variant 1 of scene 'a': 'n < 0' is false in every reachable state, so it is never shown",
        ),
        (
            "s.yaml",
            6,
            12,
            "W106",
            "variant 2 of scene 'a': 'n >= 0' is true in every reachable state, so it is always shown",
        ),
        ("s.yaml", 10, 41, "W107", "'n += 5000' is cut to n's max 1000 every time choice 'jump' is taken"),
        ("s.yaml", 11, 41, "W107", "'n -= 5000' is cut to n's min 0 every time choice 'drop' is taken"),
        ("s.yaml", 12, 41, "W103", "choice 'fly' is never offered: 'n > 2000' is false in every reachable state"),
        ("s.yaml", 13, 41, "W106", "'n >= 0' is true in every reachable state, so choice 'any' is always offered"),
        ("s.yaml", 15, 1, "W101", "no run reaches scene 'sky'"),
        ("s.yaml", 20, 1, "W102", "no run reaches the ending 'far'"),
    ]
    # The exact exploration proves the same, and adds what the condition read where it failed.
    assert [w[:4] for w in found(exact)] == [w[:4] for w in proved]
    assert "(n is 0..1000 wherever it is tested)" in str(found(exact, "W103"))
    # Everything is settled by the first round of random runs: lint makes no more of them.
    monkeypatch.setattr(lint_module, "WALK_ROUNDS", 1)
    assert lint(world, max_states=50).walked == bounded.walked


UNSETTLED = """\
    lost:
      title: Lost
      text: "Nobody comes.{if chance(50): Rain.|}"
      choices:
        - {id: back, text: Back, to: a, if: n > 1}
    odd:
      title: Odd
      text: "{if n - 1 != 4: Odd.}"
      choices:
        - {id: back, text: Back, to: a, if: m > 3}
        - {id: down, text: Down, to: cellar, if: m > 3}
        - {id: never, text: Never, to: a, if: n < 0}
    cellar:
      title: Cellar
      text: Deep.
      choices:
        - {id: up, text: Up, to: odd, if: m > 4}
    zed:
      title: Zed
      text: Zed.
      choices:
        - {id: back, text: Back, to: a}
    a:
      title: A
      text: "Counting.{if n - 1 == 4: Five.|}{if n > 4: Far.|Near.}"
      variants:
        - {if: chance(50), text: Rain.}
        - {if: n - 1 == 4, text: Never.}
        - {if: n > 4, text: "Far {n}."}
      choices:
        - {id: count, text: Count, to: a, do: n += 2}
        - {id: pit, text: Pit, to: pit}
        - {id: zed, text: Zed, to: zed}
        - {id: go, text: "{if n - 1 != 6: Go}", to: a, if: n - 1 != 4}
        - {id: fill, text: Fill, to: a, do: [{if: n < 0, do: [m -= 1]}, m = k]}
        - {id: big, text: Big, to: odd, if: n - 1 == 6, do: [m += n, k = 0], reply: Big.}
        - {id: stop8, text: Stop, to: end, if: n - 1 == 8}
        - {id: stop10, text: Stop, to: end, if: n - 1 == 10}
    pit:
      title: Pit
      text: Dark.
      choices:
        - {id: climb, text: Climb, to: a, if: n > 0}
"""


def test_what_neither_the_states_nor_the_abstraction_settle_is_listed_in_w110(tmp_path: Path) -> None:
    variables = "  n: {initial: 0, min: 0}\n  m: {initial: 0, min: 0, max: 10}\n  k: {initial: 11, min: 0, max: 20}\n"
    world = make(tmp_path, UNSETTLED, variables, "status: [m]\n")
    result = lint(world, max_states=10**9, max_bytes=60_000)
    # n counts up in twos from 0: n - 1 is odd, never 4, 6, 8 or 10, so 'big' is never offered, 'odd'
    # and 'cellar' are never reached, k stays 11 and 'fill' always cuts m at its max. The intervals
    # (n >= 0) cannot tell, and no real run shows otherwise: each is named, by check, in the world's
    # order, at most six a check. What both show (n > 4 either way; the chance() draws) is not.
    assert not result.complete and result.abstraction is not None and result.abstraction.complete
    assert found(result, "W110") == [
        (
            "world.yaml",
            1,
            1,
            "W110",
            "could not prove everything: the world has more states than fit in 0.1 MB (167 explored), and the "
            "abstraction with intervals (6 abstract states) could not settle "
            "W101 (scene unreachable): 'odd', 'cellar'; "
            "W102 (ending never reached): 'end'; "
            "W103 (choice condition never holds): 'odd.back', 'odd.down', 'cellar.up', 'a.big', 'a.stop8', "
            "'a.stop10'; "
            "W106 (condition constant on every reachable path): the if: of 'odd.back', the if: of 'odd.down', "
            "the if: of 'cellar.up', the if: of 'a.go', variant 2 of 'a', {if n - 1 != 4:} in the text of scene "
            "'odd', ...; "
            "W107 (effect always cut at min or max): 'm = k' in 'a.fill', 'm += n' in 'a.big', 'k = 0' in 'a.big'; "
            "W109 (dead end): 'odd', 'cellar'; "
            "W111 (a loop no ending can be reached from): 'zed', 'a'; "
            "W112 (reply on a choice never taken): the reply of 'a.big'; "
            "W113 (text empty in a reachable state): the label of 'a.go', the narration of 'odd'. "
            "The states multiply over: n (29 values), m (2 values)",
        ),
    ]
    assert [w[3:] for w in found(result)] == [
        ("W101", "no run reaches scene 'lost'"),
        # Where no real run goes, what the abstraction proves is told, and only that.
        ("W103", "choice 'never' is never offered: 'n < 0' is false in every reachable state"),
        ("W109", "a run can get stuck in scene 'pit' with no choice offered (after 1 choice: pit)"),  # a real run
        ("W110", result.notes[0].message),
    ]
    assert hints(result, "W110") == [BOUND_HINT] and result.notes[0].severity == "note"


# --- where a warning points when the file changed since it was loaded ---------------------------------


def test_warnings_fall_back_to_the_loaded_locations_when_the_file_cannot_be_read_again(tmp_path: Path) -> None:
    scenes = """\
    a:
      title: A
      text: The wind howls over the moor.
      variants:
        - {if: n > 5, text: The wind howls over the moor.}
      choices:
        - {id: stay, text: Stay, to: a, if: n > 9, do: [n += 9]}
        - {id: go, text: Go, to: b, do: n += 9}
    b:
      title: B
      text: The wind howls over the moor.
      choices:
        - {id: out, text: Out, to: end}
    """
    world = make(tmp_path, scenes, "  n: {initial: 0, min: 0, max: 3}\n")
    expected = [
        ("s.yaml", 5, 12, "W106"),
        ("s.yaml", 5, 25, "W108"),  # the variant repeats the scene's own text
        ("s.yaml", 7, 41, "W103"),
        ("s.yaml", 8, 37, "W107"),
        ("s.yaml", 11, 9, "W108"),
    ]
    assert [w[:4] for w in found(lint(world))] == expected
    edited = (
        "",
        "a: [\n",
        "other:\n  title: O\n",
        "a: 3\n",
        "a:\n  choices: 3\n  variants: {}\n  text: [x]\n",
        "a:\n  variants: []\n  choices:\n    - {id: stay, do: 3}\n    - {id: go}\n",
    )
    for broken in edited:
        (tmp_path / "scenes" / "s.yaml").write_text(broken, encoding="utf-8")
        # The scene, variant and choice as loaded: where each begins.
        assert [w[:4] for w in found(lint(world))] == [
            ("s.yaml", 5, 7, "W106"),
            ("s.yaml", 5, 7, "W108"),
            ("s.yaml", 7, 7, "W103"),
            ("s.yaml", 8, 7, "W107"),
            ("s.yaml", 9, 1, "W108"),
        ], broken
    # A variant without its if: (or not a mapping any more) is told where the variant is written.
    for item, text_at in (("3", 14), ("{text: x}", 21)):
        (tmp_path / "scenes" / "s.yaml").write_text(f"a:\n  variants: [{item}]\n  choices: [3]\n", encoding="utf-8")
        assert [w[:4] for w in found(lint(world))][:2] == [("s.yaml", 2, 14, "W106"), ("s.yaml", 2, text_at, "W108")]
    (tmp_path / "scenes" / "s.yaml").unlink()
    assert [w[:4] for w in found(lint(world))][2] == ("s.yaml", 7, 7, "W103")


def test_the_memory_bound_is_shown_in_whole_megabytes_from_ten(tmp_path: Path) -> None:
    scenes = "a:\n  title: A\n  text: 'At {n}.'\n  choices:\n    - {id: up, text: Up, to: a, do: n += 1}\n"
    scenes += "    - {id: out, text: Out, to: end}\n"
    result = lint(make(tmp_path, scenes, "  n: {initial: 0}\n"), max_states=10**9, max_bytes=10 * 2**20, abstract=False)
    [(*_, note)] = found(result, "W110")
    assert note.startswith("could not check the whole world: it has more states than fit in 10 MB (")


def test_w110_names_every_multiplier_and_an_abstraction_that_stopped_too(tmp_path: Path) -> None:
    scenes = """\
    a:
      title: A
      text: A.
      choices:
        - {id: call, text: Call, to: sub, then: a}
        - {id: other, text: Other, to: sub, then: b}
        - {id: out, text: Out, to: end}
    b:
      title: B
      text: B.
      choices:
        - {id: back, text: Back, to: a}
    sub:
      title: Sub
      text: 'Deep {p} {q}.'
      choices:
        - {id: d1, text: D1, to: sub, then: a, do: p += 1}
        - {id: d2, text: D2, to: sub, then: b, do: q = 1 - q}
        - {id: ret, text: Ret, return: true}
    """
    # Calls nest up to 32 deep, each coming back to a or b: too many stacks for either search.
    result = lint(make(tmp_path, scenes, "  p: {initial: 0}\n  q: {initial: 0}\n"), max_states=20)
    assert result.complete is False and result.abstraction is not None and not result.abstraction.complete
    [(*_, note)] = found(result, "W110")
    assert note.startswith("could not check the whole world: it has more than 20 reachable states; the abstraction ")
    assert "the abstraction with intervals stopped too (" in note and " abstract states, by work). " in note
    assert note.endswith("The states multiply over: p (3 values), q (2 values)")


def test_a_refined_abstraction_settles_what_flags_set_together_decide(tmp_path: Path) -> None:
    scenes = """\
    a:
      title: A
      text: "Counting.{if j and not k: Odd.|}"
      variants:
        - {if: n < 0, text: Never.}
        - {if: h and not i, text: Odd.}
      choices:
        - {id: up, text: Up, to: a, do: n += 1}
        - {id: two, text: Two, to: a, do: p += 2}
        - {id: flip, text: Flip, to: a, do: [f = true, g = true]}
        - {id: flop, text: Flop, to: a, do: [h = true, i = true]}
        - {id: flap, text: Flap, to: a, do: [j = true, k = true]}
        - {id: flup, text: Flup, to: a, do: [q = true, r = true]}
        - {id: sure, text: Sure, to: a, if: not (q and not r)}
        - {id: odd, text: Odd, to: end, if: f and not g}
        - {id: seen, text: Seen, to: end, if: 'taken("a.flip") and not f'}
        - {id: tob, text: B, to: b, if: not visited("c")}
        - {id: toc, text: C, to: c, if: not visited("b")}
        - {id: both, text: Both, to: end, if: visited("b") and visited("c")}
        - {id: five, text: Five, to: end, if: p - 1 == 4}
        - {id: out, text: Out, to: end}
    b:
      title: B
      text: Room B.
      choices:
        - {id: back, text: Back, to: a}
    c:
      title: C
      text: Room C.
      choices:
        - {id: back, text: Back, to: a}
    """
    variables = "  n: {initial: 0, min: 0, max: 1000}\n  p: {initial: 0, min: 0}\n"
    variables += "".join(f"  {flag}: {{initial: false}}\n" for flag in "fghijkqr")
    result = lint(make(tmp_path, scenes, variables, "status: [n]\n"), max_states=50)
    # Intervals alone see the flags (and the visits of b and c, and the record of flip) as any value
    # each; kept exactly, those each check reads (a choice's, a variant's, a text's) are proved to go
    # together. The first abstraction's own proof (variant 1) stays; what neither settles (p counts
    # in twos: p - 1 is never 4) is left for W110.
    assert not result.complete
    never = "is false in every reachable state"
    assert found(result) == [
        ("s.yaml", 3, 23, "W106", f"{{if j and not k:}} in the text of scene 'a' {never} where it is shown, so the "
         "text it guards is never shown"),
        ("s.yaml", 5, 12, "W106", f"variant 1 of scene 'a': 'n < 0' {never}, so it is never shown"),
        ("s.yaml", 6, 12, "W106", f"variant 2 of scene 'a': 'h and not i' {never}, so it is never shown"),
        ("s.yaml", 14, 41, "W106", "'not (q and not r)' is true in every reachable state, so choice 'sure' is always "
         "offered"),
        ("s.yaml", 15, 41, "W103", f"choice 'odd' is never offered: 'f and not g' {never}"),
        ("s.yaml", 16, 43, "W103", f"choice 'seen' is never offered: 'taken(\"a.flip\") and not f' {never}"),
        ("s.yaml", 19, 43, "W103", f"choice 'both' is never offered: 'visited(\"b\") and visited(\"c\")' {never}"),
        ("world.yaml", 1, 1, "W110", "could not prove everything: the world has more than 50 reachable states, and "
         "the abstraction with intervals (5 abstract states) could not settle W103 (choice condition never holds): "
         "'a.five'. The states multiply over: n (4 values), p (3 values), f (2 values), g (2 values), h (2 values), "
         "i (2 values)"),
    ]  # fmt: skip


def test_three_values_or_more_are_a_range_and_a_condition_on_visits_alone_lists_none(tmp_path: Path) -> None:
    scenes = """\
    a:
      title: A
      text: Dials.
      choices:
        - {id: up, text: Up, to: a, do: n += 1}
        - {id: many, text: Many, to: end, if: n > 7}
        - {id: twice, text: Twice, to: end, if: visits("b") > 1}
        - {id: out, text: Out, to: b}
    b:
      title: B
      text: Yard.
      choices:
        - {id: out, text: Out, to: end}
    """
    messages = [m for *_, m in found(lint(make(tmp_path, scenes, "  n: {initial: 0, min: 0, max: 2}\n")), "W103")]
    assert messages == [
        "choice 'many' is never offered: 'n > 7' is false in every reachable state (n is 0..2 wherever it is tested)",
        "choice 'twice' is never offered: 'visits(\"b\") > 1' is false in every reachable state",
    ]


def test_an_effect_inside_a_conditional_effect_is_judged_on_its_own(tmp_path: Path) -> None:
    scenes = """\
    a:
      title: A
      text: Hall.
      choices:
        - id: go
          text: Go
          to: end
          do:
            - {if: n > 5, do: [n += 1]}
            - {if: n == 0, do: [n -= 1, n += 9]}
            - n += 9
    """
    result = lint(make(tmp_path, scenes, "  n: {initial: 0, min: 0, max: 3}\n"))
    # The first never applies (no warning); the others are cut each time they apply, each told
    # within the choice's do: (lines 9 to 11).
    warned = found(result, "W107")
    assert sorted(message for *_, message in warned) == [
        "'n += 9' is cut to n's max 3 every time choice 'go' is taken",
        "'n += 9' is cut to n's max 3 every time choice 'go' is taken",
        "'n -= 1' is cut to n's min 0 every time choice 'go' is taken",
    ]
    assert all(9 <= line <= 11 for _file, line, *_ in warned)


def test_the_abstractions_own_ways_to_its_states_are_played_for_real(tmp_path: Path) -> None:
    # A lock of 20 right turns (a wrong one sends the run back): random runs almost never open it,
    # the exact exploration stops well before; the abstraction's way to the vault is played instead.
    scenes = "a:\n  title: A\n  text: Dial.\n  choices:\n    - {id: up, text: Up, to: a, do: n += 1}\n"
    scenes += "    - {id: try, text: Try, to: l0}\n    - {id: out, text: Out, to: end}\n"
    for i in range(20):
        scenes += f"l{i}:\n  title: L\n  text: Lock {i}.\n  choices:\n"
        scenes += f"    - {{id: right, text: Right, to: {'vault' if i == 19 else f'l{i + 1}'}}}\n"
        scenes += "    - {id: wrong, text: Wrong, to: a}\n"
    scenes += "vault:\n  title: V\n  text: Gold.\n  choices:\n    - {id: out, text: Out, to: end}\n"
    result = lint(make(tmp_path, scenes, "  n: {initial: 0, min: 0, max: 1000}\n", "status: [n]\n"), max_states=50)
    assert result.complete and result.notes == [] and result.warnings == []


def test_a_scene_no_run_reaches_does_not_stop_the_checks_of_the_scenes_after_it(tmp_path: Path) -> None:
    scenes = """\
    lost:
      title: Lost
      text: Nobody comes.
      variants:
        - {if: x > 0, text: X.}
      choices:
        - {id: back, text: Back, to: a, if: x > 0, do: x += 9}
    a:
      title: A
      text: Hall.
      choices:
        - {id: go, text: Go, to: end, if: x == 0, do: x += 9}
    """
    result = lint(make(tmp_path, scenes, "  x: {initial: 0, max: 3}\n"))
    assert [w[3:] for w in found(result, "W101", "W106", "W107")] == [
        ("W101", "no run reaches scene 'lost'"),
        ("W106", "'x == 0' is true in every reachable state, so choice 'go' is always offered"),
        ("W107", "'x += 9' is cut to x's max 3 every time choice 'go' is taken"),
    ]


# --- texts: conditions constant where they are shown (W106), replies never shown (W112), empty texts (W113)

TEXTS = """\
    a:
      title: A
      text: "Hall.{if lit: Lit.|}"
      choices:
        - id: up
          text: "Up{if n > 1: again|}"
          to: a
          do: n += 1
          reply: "{if n > 0: Step.|Still.}"
        - {id: b, text: B, to: b}
        - {id: never, text: Never, to: end, if: n > 5, reply: Yes.}
        - {id: spare, text: Spare, to: end, fallback: true, reply: Spare.}
    b:
      title: B
      text:
        - {if: n > 2, text: Late.}
        - {if: not lit, text: Dark.}
      choices:
        - id: out
          text: "{if n < 2: Out}"
          to: end
          reply: "{if n > 2: Bye.}"
        - {id: back, text: Back, to: a}
        - {id: ret, text: Ret, return: true, reply: Back.}
"""


def test_texts_are_judged_in_the_states_where_they_are_shown(tmp_path: Path) -> None:
    world = make(tmp_path, TEXTS, "  n: {initial: 0, min: 0, max: 3}\n  lit: {initial: false}\n", "status: [n]\n")
    exact = lint(world)
    assert found(exact, "W106", "W112", "W113") == [
        ("s.yaml", 3, 19, "W106", "{if lit:} in the text of scene 'a' is false in every reachable state where it is "
         "shown, so the text it guards is never shown"),
        ("s.yaml", 9, 19, "W106", "{if n > 0:} in the reply of choice 'a.up' is true in every reachable state where "
         "it is shown, so the text after its '|' is never shown"),
        ("s.yaml", 11, 59, "W112", "the reply of choice 'never' is never shown: the choice is never available "
         "('n > 5' is false in every reachable state (n is 0..3 wherever it is tested))"),
        ("s.yaml", 12, 64, "W112", "the reply of choice 'spare' is never shown: the choice is never available (it is "
         "a fallback, and another choice is offered wherever it could be)"),
        ("s.yaml", 17, 7, "W106", "the if: of block 2 of scene 'b' is true in every reachable state where it is "
         "shown, so the block is always shown"),
        ("s.yaml", 20, 13, "W113", "choice 'out' of scene 'b' is offered with an empty label (after 3 choices: up, "
         "up, b)"),
        ("s.yaml", 22, 14, "W113", "the reply of choice 'out' comes out empty when it is taken (after 1 choice: b, "
         "then 'out')"),
        ("s.yaml", 24, 49, "W112", "the reply of choice 'ret' is never shown: the choice is never available (it "
         "returns from a sub-scene, and no call is open wherever it could be taken)"),
    ]  # fmt: skip
    assert hints(exact, "W112") == ["fix the choice's condition, or delete the choice and its reply"] * 3
    assert hints(exact, "W113") == [
        "give its {if ...} an else branch, or write part of the label outside the braces",
        "give its {if ...} an else branch, or make the choice's condition imply the reply's",
    ]
    assert hints(exact, "W106") == [
        "fix the condition, or delete what it guards",
        "write the text without the condition",
        "write the text without the condition",
    ]
    # Past the exact bound the abstraction proves the same (W103 and W112 without the values read).
    bounded = lint(world, max_states=5)
    assert bounded.complete and bounded.abstraction is not None
    assert [w[:4] for w in found(bounded, "W106", "W112", "W113")] == [
        w[:4] for w in found(exact, "W106", "W112", "W113")
    ]
    assert "('n > 5' is false in every reachable state)" in str(found(bounded, "W112"))
    assert found(bounded, "W106") == found(exact, "W106")  # the same words: true or false, shown or not
    # Without it, only what the states really reached showed: the empty reply.
    partial = lint(world, max_states=5, abstract=False)
    assert [w[3:] for w in found(partial, "W106", "W112", "W113")] == [
        ("W113", "the reply of choice 'out' comes out empty when it is taken (after 1 choice: b, then 'out')")
    ]


def test_a_scene_whose_narration_can_come_out_empty_is_named_with_its_run(tmp_path: Path) -> None:
    scenes = """\
    a:
      title: A
      text: Hall.
      choices:
        - {id: up, text: Up, to: a, do: n += 1}
        - {id: b, text: B, to: b}
    z:
      title: Z
      text: "Nobody comes.{if lit: Lit.|Dark.}"
      choices:
        - {id: back, text: Back, to: a}
    b:
      title: B
      text:
        - {if: n > 0, text: Lit.}
        - {if: lit, text: Never.}
      choices:
        - {id: out, text: Out, to: end}
    """
    variables = "  n: {initial: 0, min: 0, max: 3}\n  lit: {initial: false}\n"
    result = lint(make(tmp_path, scenes, variables, "status: [n]\n"))
    assert found(result, "W113") == [
        ("s.yaml", 15, 5, "W113", "scene 'b' shows no text at all in a reachable state (after 1 choice: b)")
    ]
    # A text no run shows is not judged; a block's if: that never holds means the block is never shown.
    assert [w[3:] for w in found(result, "W106")] == [
        ("W106", "the if: of block 2 of scene 'b' is false in every reachable state where it is shown, so the "
         "block is never shown")
    ]  # fmt: skip
    assert hints(result, "W113") == [
        "give it something to say in every state: a block without a condition, an else branch, or a main text "
        "no variant empties"
    ]


def test_an_empty_text_only_runs_show_is_told_after_one_the_exact_states_showed_too(tmp_path: Path) -> None:
    # Past the exact bound: the square's narration is empty at the start, which the exact states and
    # every random run show first; the yard's, six ticks on (past the bound), only the runs show.
    # Both are told: a text already told does not end the look at what else the runs showed.
    scenes = """\
    a:
      title: A
      text: '{if n > 0: At {n}.}'
      choices:
        - {id: tick, text: Tick, to: a, do: n += 1}
        - {id: go, text: Go, to: b, if: n > 5}
    b:
      title: B
      text: '{if n > 7: Far.}'
      choices:
        - {id: back, text: Back, to: a}
        - {id: out, text: Out, to: end}
    """
    result = lint(make(tmp_path, scenes, "  n: {initial: 0, min: 0}\n"), max_states=3)
    assert result.abstraction is not None and result.abstraction.complete
    assert result.complete and [w[3:] for w in found(result, "W110", "W113")] == [
        ("W113", "scene 'a' shows no text at all in a reachable state (from the start)"),
        ("W113", "scene 'b' shows no text at all in a reachable state (after 7 choices: tick, tick, tick, tick, "
         "tick, tick, go)"),
    ]  # fmt: skip


def test_an_effect_cut_inside_a_conditional_effect_is_pointed_at_where_it_is_written(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        """\
        a:
          title: A
          text: Hall.
          choices:
            - id: up
              text: Up
              to: end
              do:
                - x += 1
                - if: x > 0
                  do: [x += 2, n += 10]
                  else: [n -= 10]
                - x += 3
        """,
        "  x: {initial: 0}\n  n: {initial: 0, min: 0, max: 3}\n",
    )
    assert found(lint(world), "W107") == [
        ("s.yaml", 11, 24, "W107", "'n += 10' is cut to n's max 3 every time choice 'up' is taken"),
    ]


def test_runs_are_steered_through_the_scene_that_sets_what_a_condition_reads(tmp_path: Path) -> None:
    # n is set only in the vault, behind a lock of 150 right turns that no run finds by chance, even
    # steered from the start; the abstraction's own way to the vault is played for real, and from
    # there runs are steered along the 20 turns to the yard, where the gate is offered: what the
    # intervals could not settle (n is 0..100 at the gate), a real run shows, and nothing is left.
    scenes = "a:\n  title: A\n  text: 'At {t}.'\n  choices:\n    - {id: try, text: Try, to: l0}\n"
    scenes += "    - {id: yard, text: Yard, to: y0}\n    - {id: tick, text: Tick, to: a, do: t += 1}\n"
    scenes += "    - {id: out, text: Out, to: end}\n"
    for name, turns, goal in (("l", 150, "w"), ("y", 20, "z")):
        for i in range(turns):
            scenes += f"{name}{i}:\n  title: L\n  text: Turn {i}.\n  choices:\n"
            scenes += f"    - {{id: right, text: Right, to: {goal if i == turns - 1 else f'{name}{i + 1}'}}}\n"
            scenes += "    - {id: wrong, text: Wrong, to: a}\n"
    scenes += "w:\n  title: W\n  text: Vault.\n  choices:\n    - {id: take, text: Take, to: a, do: n = 30}\n"
    scenes += "z:\n  title: Z\n  text: Yard.\n  choices:\n    - {id: gate, text: Gate, to: end, if: n > 20}\n"
    scenes += "    - {id: back, text: Back, to: a}\n"
    variables = "  n: {initial: 0, min: 0, max: 100}\n  t: {initial: 0, min: 0}\n"
    result = lint(make(tmp_path, scenes, variables), max_states=50)
    assert result.abstraction is not None and result.abstraction.complete
    assert result.complete and result.notes == [] and result.warnings == []


# --- more of what each warning claims ---------------------------------------------------------------


def test_a_scene_stuck_in_several_states_is_named_once_and_the_scenes_after_it_too(tmp_path: Path) -> None:
    scenes = """\
    a:
      title: A
      text: Hall.
      choices:
        - {id: up, text: Up, to: a, if: n < 1, do: n += 1}
        - {id: p, text: P, to: p}
        - {id: r, text: R, to: r}
    p:
      title: P
      text: Pit.
      choices:
        - {id: go, text: Go, to: end, if: n > 5}
    r:
      title: R
      text: Road.
      choices:
        - {id: q, text: Q, to: q}
    q:
      title: Q
      text: Quarry.
      choices:
        - {id: go, text: Go, to: end, if: n > 5}
    """
    # p is stuck with n = 0 and with n = 1, both found before q is: each scene is told once.
    result = lint(make(tmp_path, scenes, "  n: {initial: 0}\n"))
    assert [w[3:] for w in found(result, "W109")] == [
        ("W109", "a run can get stuck in scene 'p' with no choice offered (after 1 choice: p)"),
        ("W109", "a run can get stuck in scene 'q' with no choice offered (after 2 choices: r, q)"),
    ]


def test_narration_of_exactly_twenty_characters_counts_as_repeated(tmp_path: Path) -> None:
    scenes = """\
    a:
      title: A
      text: Rain on the roof now
      choices:
        - {id: b, text: B, to: b}
        - {id: c, text: C, to: c}
    b:
      title: B
      text: "rain on  the ROOF now"
      choices:
        - {id: out, text: Out, to: end}
    c:
      title: C
      text: Rain on the roof no
      variants:
        - {if: x > 0, text: Rain on the roof no}
      choices:
        - {id: out, text: Out, to: end}
    """
    # Twenty characters once spaces and case are folded: repeated; nineteen: a short line, allowed.
    result = lint(make(tmp_path, scenes, more="status: [x]\n"))
    assert [w[1:] for w in found(result, "W108")] == [
        (9, 9, "W108", "the narration of scene 'b' repeats scene 'a' word for word")
    ]


def test_a_scene_where_a_run_gets_stuck_is_a_dead_end_not_also_a_trap(tmp_path: Path) -> None:
    scenes = """\
    a:
      title: A
      text: 'At {t}.'
      choices:
        - {id: tick, text: Tick, to: a, do: t += 1}
        - {id: pit, text: Pit, to: pit}
        - {id: out, text: Out, to: end}
    pit:
      title: Pit
      text: Dark.
      choices:
        - {id: wait, text: Wait, to: pit, if: x > 0}
    """
    # No way from the pit leads to an ending, and a run that gets there is stuck at once: W109 says
    # it (with the run), not W111 as well.
    result = lint(make(tmp_path, scenes, "  x: {initial: 0}\n  t: {initial: 0}\n"), max_states=4, abstract=False)
    assert [w[3:] for w in found(result, "W109", "W111")] == [
        ("W109", "a run can get stuck in scene 'pit' with no choice offered (after 1 choice: pit)")
    ]


def test_a_variable_shown_only_in_the_status_panel_is_read_beside_variants_and_blocks(tmp_path: Path) -> None:
    scenes = """\
    a:
      title: A
      text: Hall.
      variants:
        - {if: y > 0, text: Why.}
      choices:
        - {id: b, text: B, to: b, do: [x += 1, y += 1, z += 1]}
    b:
      title: B
      text:
        - {if: z > 0, text: Zed.}
        - {text: Yard.}
      choices:
        - {id: out, text: Out, to: end}
    """
    variables = "  x: {initial: 0}\n  y: {initial: 0}\n  z: {initial: 0}\n"
    assert found(lint(make(tmp_path, scenes, variables, "status: [x]\n")), "W104") == []


def test_a_reply_on_a_call_past_the_deepest_call_is_never_shown(tmp_path: Path) -> None:
    # c32 is always 32 calls deep: its own call is never offered, though it has no condition.
    scenes = "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: in, text: In, to: c1, then: a}\n"
    scenes += "    - {id: out, text: Out, to: end}\n"
    for i in range(1, 33):
        scenes += f"c{i}:\n  title: C\n  text: Call {i}.\n  choices:\n"
        if i < 32:
            scenes += f"    - {{id: in, text: In, to: c{i + 1}, then: c{i}}}\n"
        else:
            scenes += "    - {id: in, text: In, to: a, then: c32, reply: Deeper.}\n"
        scenes += "    - {id: ret, text: Back, return: true}\n"
    world = make(tmp_path, scenes)
    # The same past the exact bound, proved by the abstraction.
    assert (
        found(lint(world, max_states=10), "W112")
        == found(lint(world), "W112")
        == [
            (
                "s.yaml",
                197,
                51,
                "W112",
                "the reply of choice 'in' is never shown: the choice is never available (it is offered in no reachable "
                "state)",
            )
        ]
    )


def test_an_effect_after_a_conditional_effect_with_an_else_is_pointed_at_where_it_is_written(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        """\
        a:
          title: A
          text: Hall.
          choices:
            - id: up
              text: Up
              to: end
              do:
                - if: x > 0
                  do: [x += 2]
                  else: [x += 1]
                - n += 10
        """,
        "  x: {initial: 0}\n  n: {initial: 0, min: 0, max: 3}\n",
    )
    assert found(lint(world), "W107") == [
        ("s.yaml", 12, 11, "W107", "'n += 10' is cut to n's max 3 every time choice 'up' is taken"),
    ]


def test_replies_labels_and_effects_fall_back_to_the_loaded_choice_when_the_file_changed(tmp_path: Path) -> None:
    scenes = """\
    a:
      title: A
      text: Hall.
      choices:
        - {id: go, text: Go, to: end, do: n += 9}
        - {id: spare, text: Spare, to: end, fallback: true, reply: Spare.}
    """
    world = make(tmp_path, scenes, "  n: {initial: 0, min: 0, max: 3}\n")
    assert [w[1:4] for w in found(lint(world), "W107", "W112")] == [(5, 39, "W107"), (6, 64, "W112")]
    # go's do: is now empty, spare has no reply: do: is where go's effects are written, the reply
    # falls back to where the choice begins.
    (tmp_path / "scenes" / "s.yaml").write_text("a:\n  choices:\n    - {id: go, do: []}\n    - {id: spare}\n")
    assert [w[1:4] for w in found(lint(world), "W107", "W112")] == [(3, 20, "W107"), (6, 7, "W112")]


def test_a_condition_drawn_by_chance_in_a_text_does_not_stop_the_texts_after_it_being_judged(tmp_path: Path) -> None:
    scenes = """\
    a:
      title: A
      text: "Hall.{if chance(50): Rain.|}{if x > 5: Never.|}"
      choices:
        - {id: out, text: Out, to: end}
    """
    assert [w[3:] for w in found(lint(make(tmp_path, scenes, more="status: [x]\n")), "W106")] == [
        (
            "W106",
            "{if x > 5:} in the text of scene 'a' is false in every reachable state where it is shown, so the text "
            "it guards is never shown",
        )
    ]


def chain(scenes: int, extra: str = "") -> str:
    """a, then s1 ... s(scenes - 2) in a row, then end: every run goes through them all."""
    text = f"a:\n  title: A\n  text: 'At {{t}}.'\n  choices:\n    - {{id: go, text: Go, to: s1}}\n{extra}"
    text += "    - {id: tick, text: Tick, to: a, do: t += 1}\n"
    for i in range(1, scenes - 1):
        text += f"s{i}:\n  title: S\n  text: Room {i}.\n  choices:\n"
        text += f"    - {{id: go, text: Go, to: {f's{i + 1}' if i < scenes - 2 else 'end'}}}\n"
    return text


def test_the_abstraction_is_not_tried_when_runs_surely_reach_more_scenes_than_its_budget(tmp_path: Path) -> None:
    # Its budget is 2,000,000 states worked on divided by the scenes (at least 1,000); it works on
    # a state per scene at least, so a world whose runs surely reach more scenes is not tried.
    world = make(tmp_path / "long", chain(1_498), "  t: {initial: 0}\n")
    [(*_, note)] = found(lint(world, max_states=5), "W110")
    assert note.startswith(
        "could not check the whole world: it has more than 5 reachable states; the abstraction with intervals was "
        "not tried: its budget of 1,335 states worked on is less than the 1,498 scenes runs surely reach. Not "
    )
    # The budget is never below 1,000; the exact bound, 100,000,000 states divided by the scenes, is at
    # most 50,000 (and never below 5,000).
    world = make(tmp_path / "longer", chain(2_100), "  t: {initial: 0}\n")
    assert default_states(world) == 47_619
    [(*_, note)] = found(lint(world, max_states=5), "W110")
    assert "was not tried: its budget of 1,000 states worked on is less than the 2,100 scenes runs surely " in note
    # Scenes behind a condition, a fallback or a call are not sure: 1,412 sure scenes of 1,416 is
    # just within the budget (2,000,000 // 1,416 = 1,412), and the abstraction is tried.
    extra = "    - {id: if, text: If, to: x1, if: t > 3}\n    - {id: fall, text: Fall, to: x2, fallback: true}\n"
    extra += "    - {id: call, text: Call, to: x3, then: a}\n"
    scenes = chain(1_412, extra) + "x1:\n  title: X\n  text: X1.\n  choices:\n    - {id: go, text: Go, to: x4}\n"
    for name in ("x2", "x4", "x3"):
        scenes += f"{name}:\n  title: X\n  text: {name}.\n  choices:\n    - {{id: go, text: Go, to: end}}\n"
    scenes += "    - {id: back, text: Back, return: true}\n"
    world = make(tmp_path / "edge", scenes, "  t: {initial: 0}\n")
    assert len(world.scenes) == 1_416
    [(*_, note)] = found(lint(world, max_states=5), "W110")
    assert note.startswith(
        "could not check the whole world: it has more than 5 reachable states; the abstraction with intervals "
        "stopped too (1,408 abstract states, by work). Not "
    )


def test_a_scene_that_shows_nothing_does_not_hide_the_empty_labels_after_it(tmp_path: Path) -> None:
    scenes = """\
    a:
      title: A
      text: Hall.
      choices:
        - {id: b, text: B, to: b}
    b:
      title: B
      text: "{if n > 0: Lit.}"
      choices:
        - {id: up, text: "{if n > 0: Up}", to: b, do: n += 1}
        - {id: out, text: Out, to: end}
    """
    assert [w[3:] for w in found(lint(make(tmp_path, scenes, "  n: {initial: 0, min: 0, max: 3}\n")), "W113")] == [
        ("W113", "scene 'b' shows no text at all in a reachable state (after 1 choice: b)"),
        ("W113", "choice 'up' of scene 'b' is offered with an empty label (after 1 choice: b)"),
    ]


def test_a_proof_a_real_run_refutes_is_never_a_warning_and_w110_names_it_as_a_bug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The abstraction is sound (tests/test_intervals.py): to see what lint does when it is not, this
    # one claims the opposite of what real runs show, on each kind of check.
    scenes = """\
    a:
      title: A
      text: "Hall {n}.{if n > 1: Far.|Near.}"
      variants:
        - {if: n > 1, text: "Far {n}."}
      choices:
        - {id: up, text: Up, to: a, do: n += 1, reply: "{if n > 2: Up.|Up!}"}
        - {id: go, text: Go, to: end, if: n > 1}
    """
    world = make(tmp_path, scenes, "  n: {initial: 0, min: 0, max: 1000}\n")
    texts = {what: condition for condition, _loc, what, _scene in text_conditions(world)}

    class Lying(Abstract):
        def explore(self) -> Abstraction:
            claims = super().explore()
            claims.choice_values["a.go"] = {False}  # offered as soon as n > 1
            claims.choice_values["a.up"] = {False}  # taken, its reply shown
            claims.variant_values[("a", 0)] = {False}
            claims.clamps[("a.up", 0)] = ClampRecord(applied=1, always_high=True, always_low=False)
            claims.text_values[id(texts["{if n > 1:} in the text of scene 'a'"])] = set()  # never shown
            claims.text_values[id(texts["{if n > 2:} in the reply of choice 'a.up'"])] = {True}
            return claims

    monkeypatch.setattr(lint_module, "Abstract", Lying)
    result = lint(world, max_states=20)
    assert not result.complete and result.abstraction is not None and result.abstraction.complete
    assert found(result, "W103", "W106", "W107", "W112") == []
    [(*_, note)] = found(result, "W110")
    contradicted = "W110 (state space over the bound): " + ", ".join(
        f"the abstraction contradicts a real run at '{at}' (a bug: please report it)"
        for at in (
            "a.go",
            "a",
            "a.up",
            "{if n > 1:} in the text of scene 'a'",
            "{if n > 2:} in the reply of choice 'a.up'",
            "a.up",
        )
    )
    assert contradicted in note, note
