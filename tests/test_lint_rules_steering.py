"""Rules of lint's second tier, past the exact bound: where the random runs are steered, and what an
author then sees (a warning shown by a real run, or the check listed in W110 as not settled).

The worlds here hide what a condition reads behind a lock: a value set only in a vault that no random
run finds by chance, and scenes that a run holding that value reaches only by a long chain of right
turns. Only a run steered toward the scene where something is left, from a real state past the
scene that sets the value, shows what happens there. Each test states the rule, not the draw: the
runs are random, and what a test asserts holds for every draw but a vanishing few.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import game.authoring.lint as lint_module
from game.authoring.explore import Explorer
from game.authoring.intervals import Abstract
from game.authoring.lint import LintResult, lint
from game.world.model import World
from tests.test_lint_rules import found, make


@pytest.fixture(autouse=True)
def fewer_random_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """In these worlds a random run finds nothing the steered ones need (that is the point): a tenth
    of lint's budget for them keeps the tests cheap. The steered runs keep theirs."""
    monkeypatch.setattr(lint_module, "WALK_BUDGET", 10_000)


LOCK = 40  # right turns to the vault: no random run makes them all (2**-40)
CHAIN = 20  # right turns to a yard for a run that left the vault: none makes them by chance


def turns(name: str, count: int, goal: str) -> str:
    """Scenes name0 .. name{count-1}: 'right' leads on (the last to `goal`), 'wrong' back to the square."""
    text = ""
    for i in range(count):
        text += f"{name}{i}:\n  title: T\n  text: Turn {i}.\n  choices:\n"
        text += f"    - {{id: right, text: Right, to: {goal if i == count - 1 else f'{name}{i + 1}'}}}\n"
        text += "    - {id: wrong, text: Wrong, to: sq}\n"
    return text


# Each yard holds one kind of item that only a run holding n = 30 (from the vault) settles. The
# start leads to every yard (so the exact states show each yard with n = 0, the lamp torch and not);
# from the square, where runs come back to, a yard is reached only by its own chain of right turns.
YARDS = {
    # W106 on a choice: 'n < 20' is false only after the vault.
    "z1": "  text: Yard one.\n  choices:\n    - {id: gate, text: Gate, to: end, if: n < 20}\n"
    "    - {id: back, text: Back, to: sq}\n",
    # W106 on a variant: 'n > 20' is true only after the vault.
    "z2": "  text: Yard two.\n  variants:\n    - {if: n > 20, text: Rich yard.}\n  choices:\n"
    "    - {id: back, text: Back, to: sq}\n",
    # W106 on a text: '{if n > 20:}' is true only after the vault.
    "z3": "  text: 'Yard three.{if n > 20: Rich.|}'\n  choices:\n    - {id: back, text: Back, to: sq}\n",
    # W107: 'k = n - 5' is cut at k's min 0 unless n came from the vault.
    "z4": "  text: Yard four.\n  choices:\n    - {id: look, text: Look, to: sq, if: n > 20 or torch}\n"
    "    - {id: spend, text: Spend, to: sq, do: k = n - 5}\n    - {id: back, text: Back, to: sq}\n"
    "    - {id: dark, text: Dark, to: sq, if: not torch}\n",
    # W112: the fallback (and its reply) is offered only when neither other choice is: after the vault.
    "z5": "  text: Yard five.\n  choices:\n    - {id: c1, text: C1, to: sq, if: n < 20 and torch}\n"
    "    - {id: c2, text: C2, to: sq, if: n < 20 and not torch}\n"
    "    - {id: hide, text: Hide, to: sq, fallback: true, reply: Hidden.}\n",
    # W113: the narration is empty only after the vault.
    "z6": "  text: '{if n < 20 and torch: Quiet.}{if n < 20 and not torch: Still.}'\n  choices:\n"
    "    - {id: look, text: Look, to: sq, if: n > 20 or torch}\n    - {id: back, text: Back, to: sq}\n",
    # W109: no choice is offered only after the vault.
    "z7": "  text: Yard seven.\n  choices:\n    - {id: c1, text: C1, to: sq, if: n < 20 and torch}\n"
    "    - {id: c2, text: C2, to: sq, if: n < 20 and not torch}\n",
}


def yards_world(yards: dict[str, str]) -> str:
    scenes = "a:\n  title: A\n  text: Gate.\n  choices:\n    - {id: lamp, text: Lamp, to: a, do: torch = not torch}\n"
    scenes += "".join(f"    - {{id: {yard}, text: Go, to: {yard}}}\n" for yard in yards)
    scenes += "    - {id: in, text: In, to: sq}\n"
    scenes += "sq:\n  title: S\n  text: Square.\n  choices:\n    - {id: try, text: Try, to: l0}\n"
    scenes += "".join(f"    - {{id: {yard}, text: Walk, to: {yard}c0}}\n" for yard in yards)
    scenes += "    - {id: out, text: Out, to: end}\n"
    scenes += turns("l", LOCK, "w")
    scenes += "w:\n  title: W\n  text: Vault.\n  choices:\n    - {id: take, text: Take, to: sq, do: n = 30}\n"
    for yard, body in yards.items():
        scenes += turns(f"{yard}c", CHAIN, yard) + f"{yard}:\n  title: Y\n" + body
    return scenes


def lint_yards(root: Path, yards: dict[str, str]) -> LintResult:
    variables = "  n: {initial: 0, min: 0, max: 100}\n  k: {initial: 0, min: 0, max: 100}\n  torch: {initial: false}\n"
    world = make(root, yards_world(yards), variables, "status: [k]\n")
    return lint(world, max_states=50)


def test_runs_are_steered_to_every_kind_of_check_left_and_what_they_show_is_told(tmp_path: Path) -> None:
    result = lint_yards(tmp_path, YARDS)
    assert result.abstraction is not None and result.abstraction.complete
    # Every check the intervals leave open in a yard (n is 0..30 there) is settled by a run steered
    # from the vault to that yard: nothing is listed in W110, and what those runs show is told.
    assert result.notes == [] and result.complete
    messages = [message for *_, message in found(result)]
    assert len(messages) == 2, messages
    assert messages[0].startswith("scene 'z6' shows no text at all in a reachable state (after ")
    assert messages[1].startswith("a run can get stuck in scene 'z7' with no choice offered (after ")
    # The runs named are real ones: into the square, through the lock and the vault, then the chain.
    for message in messages:
        assert "choices: in, try, right, right, right, ..., right, right, right, right, right)" in message


def test_runs_are_steered_to_a_possible_trap_and_what_they_reach_there_counts(tmp_path: Path) -> None:
    # In the yard, a run without the vault's n goes round for ever (a real trap, which no run can
    # refute: W111 stays listed); with it, the fallback leads on to the den. Only a run steered to
    # the possible trap, from the vault, reaches the den: it is not listed as unreached.
    yard = (
        "  text: Yard.\n  choices:\n    - {id: c1, text: C1, to: z8, if: n < 20 and torch}\n"
        "    - {id: c2, text: C2, to: z8, if: n < 20 and not torch}\n"
        "    - {id: down, text: Down, to: den, fallback: true}\n"
        "den:\n  title: D\n  text: Den.\n  choices:\n    - {id: out, text: Out, to: end}\n"
    )
    result = lint_yards(tmp_path, {"z8": yard})
    assert found(result, "W101", "W102", "W110") == [
        (
            "world.yaml",
            1,
            1,
            "W110",
            "could not prove everything: the world has more than 50 reachable states, and the abstraction with "
            "intervals (66 abstract states) could not settle W111 (a loop no ending can be reached from): 'z8'. "
            "The states multiply over: torch (2 values)",
        )
    ]


@pytest.mark.parametrize("asked", ['taken("w.take")', 'visited("w")'])
def test_a_run_is_steered_from_the_start_through_what_a_condition_asks_about_when_no_run_passed_it(
    tmp_path: Path, asked: str
) -> None:
    # The vault opens after twelve ticks in a row (a reset sends n back to 0): no random run gets
    # there, and the abstraction's way there (straight through the door) is no real one. A run
    # steered from the start toward the vault and then the yard shows the gate offered.
    scenes = f"""\
    a:
      title: A
      text: 'Dial {{n}}.'
      choices:
        - {{id: tick, text: Tick, to: a, do: n += 1}}
        - {{id: r1, text: R1, to: r}}
        - {{id: r2, text: R2, to: r}}
        - {{id: r3, text: R3, to: r}}
        - {{id: door, text: Door, to: w, if: n > 11}}
        - {{id: yard, text: Yard, to: z}}
        - {{id: out, text: Out, to: end}}
    r:
      title: R
      text: Reset.
      choices:
        - {{id: back, text: Back, to: a, do: n = 0}}
    w:
      title: W
      text: Vault.
      choices:
        - {{id: take, text: Take, to: z}}
    z:
      title: Z
      text: Yard.
      choices:
        - {{id: gate, text: Gate, to: end, if: '{asked}'}}
        - {{id: leave, text: Leave, to: end}}
    """
    world = make(tmp_path, scenes, "  n: {initial: 0, min: 0}\n")
    result = lint(world, max_states=10)
    assert result.abstraction is not None and result.abstraction.complete
    assert result.complete and found(result) == []
    if asked.startswith("taken"):  # the runs are random but drawn the same way every time: lint says the same
        assert lint(world, max_states=10).walked == result.walked


def test_a_run_is_steered_on_from_just_after_the_choice_a_condition_asks_about(tmp_path: Path) -> None:
    # Only the abstraction's way to the hall, played for real, takes the vault's choice (40 right
    # turns; a steered run never makes them: the graph's shortest way to the vault is the square's
    # door, which never opens); its way on to the yard is no real one (the hall's door opens after
    # some waiting). Runs steered from just after that choice show the gate offered.
    scenes = "a:\n  title: A\n  text: Square.\n  choices:\n    - {id: try, text: Try, to: l0}\n"
    scenes += "    - {id: door, text: Door, to: w, if: shut and not shut}\n    - {id: yard, text: Yard, to: z}\n"
    scenes += "    - {id: out, text: Out, to: end}\n" + turns("l", LOCK, "w").replace("to: sq", "to: a")
    scenes += "w:\n  title: W\n  text: Vault.\n  choices:\n    - {id: take, text: Take, to: hall}\n"
    scenes += "hall:\n  title: H\n  text: Hall.\n  choices:\n    - {id: wait, text: Wait, to: hall, do: m += 1}\n"
    scenes += "    - {id: go, text: Go, to: z, if: m > 2}\n"
    scenes += "z:\n  title: Z\n  text: Yard.\n  choices:\n"
    scenes += (
        "    - {id: gate, text: Gate, to: end, if: 'taken(\"w.take\")'}\n    - {id: leave, text: Leave, to: end}\n"
    )
    variables = "  shut: {initial: false}\n  m: {initial: 0, min: 0}\n"
    result = lint(make(tmp_path, scenes, variables, "status: [shut]\n"), max_states=10)
    assert result.abstraction is not None and result.abstraction.complete
    assert result.complete
    assert [w[3:] for w in found(result)] == [
        ("W103", "choice 'door' is never offered: 'shut and not shut' is false in every reachable state"),
        ("W105", "variable 'shut' is never changed: it keeps its initial value false"),
    ]


SECOND_LOCK = 120  # right turns from the vault to the cellar: its ways, played for real, are long


def test_the_refined_abstraction_proves_what_it_keeps_exactly_and_its_ways_to_what_is_left_are_played_first(
    tmp_path: Path,
) -> None:
    # Past the vault (whose choices set f or not) a second lock leads to the cellar: no run gets
    # through either but the abstractions' ways, played for real. The first abstraction joins f
    # (the cellar's door is offered or not, it cannot tell; its way there takes 'take': f holds).
    # Kept exactly, f splits the states: the way to the cellar without f is played first, as the
    # ways to every state (over 20,000 steps) cannot all be, and shows the door not offered.
    # The den is behind a condition drawn by chance() on g and h, which only the den's own choices
    # read, set together: kept exactly, they prove no run reaches the den.
    scenes = "a:\n  title: A\n  text: 'Square {t}.'\n  choices:\n    - {id: try, text: Try, to: l0}\n"
    scenes += "    - {id: tick, text: Tick, to: a, do: t += 1}\n"
    scenes += "    - {id: flip, text: Flip, to: a, do: [g = true, h = true]}\n"
    scenes += "    - {id: den, text: Den, to: den, if: chance(50) and g and not h}\n"
    scenes += "    - {id: door, text: Door, to: w, if: shut and not shut}\n"
    scenes += "    - {id: hatch, text: Hatch, to: x, if: shut and not shut}\n"
    scenes += "    - {id: out, text: Out, to: end}\n" + turns("l", LOCK, "w").replace("to: sq", "to: a")
    scenes += "w:\n  title: W\n  text: Vault.\n  choices:\n    - {id: take, text: Take, to: m0, do: f = true}\n"
    scenes += "    - {id: leave, text: Leave, to: m0}\n" + turns("m", SECOND_LOCK, "x").replace("to: sq", "to: a")
    scenes += "x:\n  title: X\n  text: Cellar.\n  choices:\n    - {id: up, text: Up, to: end, if: f}\n"
    scenes += "    - {id: back, text: Back, to: a}\n"
    scenes += "den:\n  title: D\n  text: Den.\n  choices:\n"
    scenes += "    - {id: back, text: Back, to: a, if: chance(50) and g and not h}\n"
    scenes += "    - {id: odd, text: Odd, to: a, if: chance(50) and t > 3}\n    - {id: out, text: Out, to: end}\n"
    variables = "  t: {initial: 0, min: 0}\n" + "".join(
        f"  {flag}: {{initial: false}}\n" for flag in ("f", "g", "h", "shut")
    )
    result = lint(make(tmp_path, scenes, variables, "status: [shut]\n"), max_states=10)
    assert result.abstraction is not None and result.abstraction.complete
    assert result.complete
    assert [w[3:] for w in found(result, "W101", "W106", "W110")] == [("W101", "no run reaches scene 'den'")]


def test_while_something_is_left_every_round_of_random_runs_tries_the_same_budget_up_to_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The hideout is behind 'n - 1 == 4' with n counting in twos (and a draw): no run gets there,
    # the intervals cannot tell, and nothing there or on the way gives a place to steer runs to. No
    # ending is reachable and every scene has three choices: every run is as long as the next, and
    # a round of random runs walks as many states whatever is drawn.
    scenes = """\
    a:
      title: A
      text: 'At {n}.'
      choices:
        - {id: step, text: Step, to: b, do: n += 2}
        - {id: stay, text: Stay, to: a}
        - {id: hide, text: Hide, to: q, if: chance(50) and n - 1 == 4}
    b:
      title: B
      text: Yard.
      choices:
        - {id: back, text: Back, to: a}
        - {id: stay, text: Stay, to: b}
        - {id: far, text: Far, to: a}
    q:
      title: Q
      text: Hideout.
      choices:
        - {id: one, text: One, to: a}
        - {id: two, text: Two, to: a}
        - {id: three, text: Three, to: b}
    """
    world = make(tmp_path, scenes, "  n: {initial: 0, min: 0}\n")
    walked = {}
    for rounds in (1, 2, 4):
        monkeypatch.setattr(lint_module, "WALK_ROUNDS", rounds)
        result = lint(world, max_states=10)
        assert [m for *_, m in found(result, "W110")] == [
            "could not prove everything: the world has more than 10 reachable states, and the abstraction with "
            "intervals (3 abstract states) could not settle W101 (scene unreachable): 'q'. The states multiply "
            "over: n (5 values)"
        ]
        walked[rounds] = result.walked
    # One round's random runs (the first, with the abstraction's few ways); each later round as many more.
    each = walked[2] - walked[1]
    assert 0 < each <= walked[1] < 2 * each
    assert walked[4] - walked[1] == 3 * each


def test_what_only_the_exact_states_show_counts_beside_the_runs(tmp_path: Path) -> None:
    # The cellar is 400 rooms past the square's door, which opens after three ticks: farther than a
    # random run goes (400 choices), and the abstraction's way there (straight through the door) is
    # no real one. The exact search, breadth first, gets there: what it shows counts as much as
    # what the runs show (the cellar's way out is offered), and nothing is left.
    scenes = "a:\n  title: A\n  text: 'At {n}.'\n  choices:\n    - {id: tick, text: Tick, to: a, do: n += 1}\n"
    scenes += "    - {id: enter, text: Enter, to: c0, if: n > 2}\n    - {id: out, text: Out, to: end}\n"
    for i in range(400):
        scenes += f"c{i}:\n  title: C\n  text: Room {i}.\n  choices:\n"
        scenes += f"    - {{id: go, text: Go, to: {'z' if i == 399 else f'c{i + 1}'}}}\n"
    scenes += "z:\n  title: Z\n  text: Cellar.\n  choices:\n    - {id: go, text: Go, to: end, if: t == 0}\n"
    result = lint(make(tmp_path, scenes, "  n: {initial: 0, min: 0}\n  t: {initial: 0}\n"), max_states=2_000)
    assert result.exploration is not None and not result.exploration.complete
    assert result.abstraction is not None and result.abstraction.complete
    assert result.complete and [w[3:] for w in found(result)] == [
        ("W106", "'t == 0' is true in every reachable state, so choice 'go' is always offered"),
        ("W105", "variable 't' is never changed: it keeps its initial value 0"),
    ]


def test_a_run_steered_through_a_scene_that_sets_a_value_starts_just_past_it(tmp_path: Path) -> None:
    # The vault sets n on the way out, into a passage exactly as long as a run (a run from the
    # vault itself ends one room short of the gate). Only the abstraction's ways go through the
    # vault, and they are too many to play to the end of the passage; a run steered on from just
    # past the vault reaches the gate and shows it offered, and nothing is left.
    length = inspect.signature(Explorer.walk).parameters["steps"].default  # choices a run makes at most
    scenes = "a:\n  title: A\n  text: Square.\n  choices:\n    - {id: try, text: Try, to: l0}\n"
    scenes += "    - {id: door, text: Door, to: w, if: shut and not shut}\n    - {id: out, text: Out, to: end}\n"
    scenes += turns("l", LOCK, "w").replace("to: sq", "to: a")
    scenes += "w:\n  title: W\n  text: Vault.\n  choices:\n    - {id: take, text: Take, to: c0, do: n = 30}\n"
    for i in range(length - 1):
        scenes += f"c{i}:\n  title: C\n  text: Passage {i}.\n  choices:\n"
        scenes += f"    - {{id: go, text: Go, to: {'z' if i == length - 2 else f'c{i + 1}'}}}\n"
    scenes += "z:\n  title: Z\n  text: Gate.\n  choices:\n    - {id: gate, text: Gate, to: end, if: n > 20}\n"
    variables = "  n: {initial: 0, min: 0, max: 100}\n  shut: {initial: false}\n"
    result = lint(make(tmp_path, scenes, variables, "status: [shut]\n"), max_states=10)
    assert result.abstraction is not None and result.abstraction.complete
    assert result.complete and [w[3:] for w in found(result, "W101", "W103", "W110")] == [
        ("W103", "choice 'door' is never offered: 'shut and not shut' is false in every reachable state"),
    ]


def test_w110_shows_six_items_of_a_check_and_says_when_there_are_more(tmp_path: Path) -> None:
    # Seven hideouts, each behind 'n - 1 == 4' with n counting in twos (and a draw): none is ever
    # reached, the intervals cannot tell, and W110 lists six and says there are more.
    scenes = "a:\n  title: A\n  text: 'At {n}.'\n  choices:\n    - {id: step, text: Step, to: a, do: n += 2}\n"
    scenes += "".join(f"    - {{id: h{i}, text: Hide, to: q{i}, if: chance(50) and n - 1 == 4}}\n" for i in range(7))
    scenes += "".join(
        f"q{i}:\n  title: Q\n  text: Hideout {i}.\n  choices:\n    - {{id: back, text: Back, to: a}}\n"
        for i in range(7)
    )
    result = lint(make(tmp_path, scenes, "  n: {initial: 0, min: 0}\n"), max_states=10)
    [(*_, note)] = found(result, "W110")
    assert "W101 (scene unreachable): 'q0', 'q1', 'q2', 'q3', 'q4', 'q5', .... The states" in note, note


# No ending can be reached and every scene has three choices, so every random run makes exactly
# its most steps (Explorer.walk's `steps`, 400), one or two of them offered at each: two runs
# drawn apart are the same with a chance under 2**-400. The yard's hideout is behind 'n - 1 == 4'
# with n counting in twos: never offered (W103), which the intervals cannot tell, so every round
# of random runs is made, and runs are steered to the yard from the start and from just past the
# square (which sets n).
EVEN_YARD = """\
a:
  title: A
  text: 'At {n}.'
  choices:
    - {id: step, text: Step, to: b, do: n += 2}
    - {id: stay, text: Stay, to: a}
    - {id: far, text: Far, to: b}
b:
  title: B
  text: Yard.
  choices:
    - {id: back, text: Back, to: a}
    - {id: stay, text: Stay, to: b}
    - {id: hide, text: Hide, to: q, if: n - 1 == 4}
q:
  title: Q
  text: Hideout.
  choices:
    - {id: one, text: One, to: a}
    - {id: two, text: Two, to: a}
    - {id: three, text: Three, to: b}
"""
EVEN_YARD_LEFT = (
    "could not prove everything: the world has more than 10 reachable states, and the abstraction with "
    "intervals (3 abstract states) could not settle W101 (scene unreachable): 'q'; W103 (choice condition "
    "never holds): 'b.hide'. The states multiply over: n (5 values)"
)
RUN_STEPS = inspect.signature(Explorer.walk).parameters["steps"].default


def runs_of(result: LintResult) -> list[tuple[object, ...]]:
    """Each run lint played for real: where it began (-1: the start; else the state it went on
    from) and the states it passed through."""
    assert result.runs is not None
    found: list[list[object]] = []
    for index, (key, edge) in enumerate(zip(result.runs.keys, result.runs.edges, strict=True)):
        if edge is None or edge.parent != index - 1:
            found.append([-1 if edge is None else edge.parent])
        found[-1].append(key)
    return [tuple(run) for run in found]


def test_every_random_run_is_a_new_one_and_lint_draws_the_same_runs_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lint_module, "STEERED_BUDGET", 2 * 4 * 4 * RUN_STEPS)  # four runs a way (cheaper)
    world = make(tmp_path, EVEN_YARD, "  n: {initial: 0, min: 0}\n")
    result = lint(world, max_states=10)
    assert [m for *_, m in found(result, "W110")] == [EVEN_YARD_LEFT]
    # Every round's random runs and every steered run (all RUN_STEPS long; the abstraction's ways
    # played are a step or two) were drawn anew: none repeats another, from the start or not.
    drawn = [run for run in runs_of(result) if len(run) > RUN_STEPS]
    assert len(drawn) == len(set(drawn)) > 4 * 2
    assert {run[0] for run in drawn} - {-1}, "no run was steered from just past the square"
    # Drawn the same way every time: the same runs, so the same warnings, on every lint.
    assert runs_of(lint(world, max_states=10)) == runs_of(result)


def test_a_rounds_steered_runs_share_its_budget_in_whole_choices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every run here looks at 4 choices a step (its scene's three, and 1) for RUN_STEPS steps. Two
    # ways lead to the yard (from the start, and on from just past the square): each has half of
    # the round's STEERED_BUDGET, in whole choices, and begins runs only while some of it is left.
    # Here half is exactly two runs (and half a choice, which is no choice): a third would exceed it.
    run = 4 * RUN_STEPS
    monkeypatch.setattr(lint_module, "WALK_BUDGET", run)  # one random run a round
    monkeypatch.setattr(lint_module, "STEERED_BUDGET", 2 * 2 * run + 1)
    monkeypatch.setattr(lint_module, "GUIDE_MIN_BUDGET", 1)
    world = make(tmp_path, EVEN_YARD, "  n: {initial: 0, min: 0}\n")
    walked = {}
    for rounds in (1, 2):
        monkeypatch.setattr(lint_module, "WALK_ROUNDS", rounds)
        result = lint(world, max_states=10)
        assert [m for *_, m in found(result, "W110")] == [EVEN_YARD_LEFT]
        walked[rounds] = result.walked
    # The second round: one random run from the start (its start state and a state a step), two
    # runs steered from the start, and two from states already walked (a state a step).
    assert walked[2] - walked[1] == (1 + RUN_STEPS) + 2 * (1 + RUN_STEPS) + 2 * RUN_STEPS


def refined_vault(root: Path) -> World:
    """The vault is 40 right turns from the square: setting f, marking g, or, with both, taking
    the way up. No random run gets there twice; the first abstraction joins f and g (its way up
    is no real one: it takes the vault's door on its first visit), the refined one keeps them
    exactly, and its way up (three times through the lock) is the only real run that goes up."""
    scenes = "a:\n  title: A\n  text: Square.\n  choices:\n    - {id: try, text: Try, to: l0}\n"
    scenes += "    - {id: out, text: Out, to: end}\n" + turns("l", LOCK, "w").replace("to: sq", "to: a")
    scenes += "w:\n  title: W\n  text: Vault.\n  choices:\n    - {id: set, text: Set, to: a, do: f = true}\n"
    scenes += "    - {id: mark, text: Mark, to: a, do: g = true}\n    - {id: take, text: Take, to: u, if: f and g}\n"
    scenes += "u:\n  title: U\n  text: Upstairs.\n  choices:\n    - {id: out, text: Out, to: end}\n"
    return make(root, scenes, "  f: {initial: false}\n  g: {initial: false}\n")


@pytest.mark.parametrize("bound", ["FOLLOW_BUDGET", "REFINED_MAX_STATES", "ABSTRACT_MAX_WORK"])
def test_the_refined_abstraction_plays_each_of_its_ways_once_within_its_own_bounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bound: str
) -> None:
    # Upstairs is a scene no run reaches but the refined abstraction's way (W101 gives no place to
    # play first), the last of its ways. With a budget of steps exactly enough for every one of
    # its ways once, it is played: nothing is left. One step less, or one state or one state worked
    # on less than the refined abstraction needs, and W110 lists what only it settles.
    monkeypatch.setattr(lint_module, "WALK_BUDGET", 2_000)
    monkeypatch.setattr(lint_module, "STEERED_BUDGET", 2_000)
    world = refined_vault(tmp_path)
    explorer = Explorer(world, 10)
    explorer.explore(lint=True)
    refined = Abstract(world, explorer, exact=frozenset({"f", "g"})).explore()
    assert refined.complete
    needed = {
        "FOLLOW_BUDGET": sum(len(refined.path(key)) for key in refined.values),
        "REFINED_MAX_STATES": refined.states,
        "ABSTRACT_MAX_WORK": refined.work,
    }[bound]
    monkeypatch.setattr(lint_module, bound, needed)
    result = lint(world, max_states=10)
    assert result.abstraction is not None and result.abstraction.complete
    assert result.complete and found(result) == []
    monkeypatch.setattr(lint_module, bound, needed - 1)
    [(*_, note)] = found(lint(world, max_states=10))
    left = "W101 (scene unreachable): 'u'" + (
        "" if bound == "FOLLOW_BUDGET" else "; W103 (choice condition never holds): 'w.take'"
    )
    assert f"could not settle {left}. The states" in note, note
