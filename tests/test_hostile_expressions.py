"""Hostile expressions: refused at load with their place, or evaluated safely within a bound.

Why a condition can never hang: the language has no loops, no recursion and no calls but
visited/visits/chance (each one dictionary read or one draw). A parsed expression is a tree; its
evaluator is one closure per node that calls each child at most once. So one evaluation does at
most one step per node, and a tree has at most as many nodes as its source has tokens (under 500).
The fuzz tests check "reads <= nodes" on every generated expression; the tests here count the
function calls of the worst cases the limits allow (an operation bound, the same on every machine).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from game.engine import Story
from game.engine.transcript import scene_block
from game.world import World, WorldError, load_world
from game.world import errors as E
from game.world.expr import MAX_DEPTH, MAX_LENGTH, compile_condition
from game.world.model import NUMBER_LIMIT
from tests.bounds import count_calls

WORLD = """\
id: exprs
title: Expressions
start: dawn
variables:
  hope: {initial: 3, min: 0, max: 5}
  count: {initial: 1}
  met: {initial: false}
status: [hope, count]
"""


def world_with(condition: str, effect: str = "hope += 1", root: Path | None = None) -> Path:
    assert root is not None
    (root / "scenes").mkdir(parents=True)
    (root / "world.yaml").write_text(WORLD)
    scene = (
        "dawn:\n  title: Dawn\n  text: Light.\n  choices:\n"
        f"    - id: go\n      text: Go\n      to: dawn\n      if: '{condition}'\n      do: ['{effect}']\n"
    )
    (root / "scenes" / "main.yaml").write_text(scene)
    return root


HOSTILE = {
    # source: (code, text in the message, column of the fault inside the source, 0-based)
    "hope.__class__": (E.E_NOT_ALLOWED, "attribute access", 4),
    '__import__("os")': (E.E_NOT_ALLOWED, "names starting with '_'", 0),
    '__import__("os").system("true")': (E.E_NOT_ALLOWED, "attribute access", 16),
    "hope > __builtins__": (E.E_NOT_ALLOWED, "names starting with '_'", 7),
    "hope.real > 1": (E.E_NOT_ALLOWED, "attribute access", 4),
    "hope[0] > 1": (E.E_NOT_ALLOWED, "indexing", 4),
    'open("x")': (E.E_NOT_ALLOWED, "unknown function 'open'", 0),
    'eval("1")': (E.E_NOT_ALLOWED, "unknown function 'eval'", 0),
    "(lambda x: x)": (E.E_NOT_ALLOWED, "':' is not allowed", 9),
    "lambda > 1": (E.E_NOT_ALLOWED, "'lambda' is not part of the language", 0),
    "hope > 1 if met else true": (E.E_EXPR_SYNTAX, "unexpected 'if'", 9),
    "hope > 99999999999": (E.E_NOT_ALLOWED, "number too large", 7),
    "hope > 9" + "9" * 400: (E.E_NOT_ALLOWED, "number too large", 7),
    "hope / 0 > 1": (E.E_NOT_ALLOWED, "only + and - are supported", 5),
    "hope // 0 > 1": (E.E_NOT_ALLOWED, "only + and - are supported", 5),
    "hope % 0 > 1": (E.E_NOT_ALLOWED, "only + and - are supported", 5),
    "hope ** 99 > 1": (E.E_NOT_ALLOWED, "only + and - are supported", 5),
    "(" * 40 + "met" + ")" * 40: (E.E_NOT_ALLOWED, "nested too deeply", MAX_DEPTH),
    "not " * 40 + "met": (E.E_NOT_ALLOWED, "nested too deeply", 4 * MAX_DEPTH),
    "hope > " + "-" * 40 + "1": (E.E_NOT_ALLOWED, "nested too deeply", 7 + MAX_DEPTH),
    "hope > 0" + " + 1" * 200: (E.E_NOT_ALLOWED, "too long", MAX_LENGTH),
    "visited(hope)": (E.E_EXPR_SYNTAX, "takes a scene id in quotes", 8),
    "chance(1000)": (E.E_EXPR_SYNTAX, "percentage from 0 to 100", 7),
    "met = true": (E.E_EXPR_SYNTAX, "'=' sets a variable", 4),
}


@pytest.mark.parametrize("source", list(HOSTILE), ids=[s[:40] for s in HOSTILE])
def test_a_hostile_condition_is_refused_at_load_at_its_column(tmp_path: Path, source: str) -> None:
    code, text, offset = HOSTILE[source]
    root = world_with(source, root=tmp_path)
    # The first load in a process also imports modules and compiles regular expressions (about 16,000
    # calls): count a second load, so that the bound does not depend on which test ran first.
    count_calls(lambda: load_world(root))
    error, calls = count_calls(lambda: load_world(root))
    assert isinstance(error, WorldError)
    assert calls < 20_000, calls  # a small world: no backtracking or retries on hostile text
    diagnostic = error.diagnostics[0]
    assert (diagnostic.code, diagnostic.location.line) == (code, 8), str(diagnostic)
    assert text in diagnostic.message, str(diagnostic)
    # `if: '...'` starts at column 11; the quote adds one.
    assert diagnostic.location.column == 11 + 1 + offset, str(diagnostic)


@pytest.mark.parametrize(
    "effect",
    ["__class__ = 1", "hope.x = 1", "hope *= 2", "hope = hope / 0", "hope += 10000000000", 'os.system("x")'],
)
def test_a_hostile_effect_is_refused_at_load(tmp_path: Path, effect: str) -> None:
    with pytest.raises(WorldError) as caught:
        load_world(world_with("true", effect, root=tmp_path))
    assert caught.value.diagnostics[0].code in (E.E_NOT_ALLOWED, E.E_EXPR_SYNTAX, E.E_UNDECLARED)


def _worst_cases() -> dict[str, str]:
    """The most work a legal condition can ask for, at the length and nesting limits."""
    return {
        "sum": "+".join(["count"] * 82) + " > 0",
        "and": " and ".join(["hope > 1"] * 38),
        "or": " or ".join(["visited('dawn')"] * 26),
        "parens": "(" * (MAX_DEPTH - 1) + "met" + ")" * (MAX_DEPTH - 1),
        "not": "not " * (MAX_DEPTH - 1) + "met",
        "chance": " or ".join(["chance(50)"] * 35),
    }


@pytest.mark.parametrize("name", list(_worst_cases()))
def test_the_worst_legal_condition_evaluates_in_a_call_a_node(name: str) -> None:
    source = _worst_cases()[name]
    assert len(source) <= MAX_LENGTH
    types = {"hope": "number", "count": "number", "met": "flag"}
    compiled = compile_condition(source, types, lambda scene: True, "worst")

    class State:
        variables = {"hope": 0, "count": NUMBER_LIMIT, "met": False}
        visits = {"dawn": 0}

        def draw(self, site: int) -> int:
            return 99

    state = State()
    _, calls = count_calls(lambda: compiled.evaluate(state))
    # At most one call a node (with its dictionary read or draw), and fewer nodes than characters.
    assert calls <= len(source), calls


def test_the_deepest_legal_condition_evaluates_even_deep_in_the_stack() -> None:
    """The longest chain the length limit allows (250 nodes, about 250 frames) still runs with 600
    frames already in use."""
    source = "+".join(["1"] * 248) + ">0"
    assert len(source) <= MAX_LENGTH
    compiled = compile_condition(source, {"count": "number"})

    class State:
        variables = {"count": 1}
        visits: dict[str, int] = {}

        def draw(self, site: int) -> int:
            return 0

    def descend(depth: int) -> bool:
        return descend(depth - 1) if depth else bool(compiled.evaluate(State()))

    assert sys.getrecursionlimit() >= 1000
    assert descend(600) is True


def test_a_number_doubled_every_step_stays_bounded_and_printable(tmp_path: Path) -> None:
    """`count += count` with no max: without a limit, 15,000 steps make a number Python cannot print."""
    world: World = load_world(world_with("true", "count += count", root=tmp_path))
    story = Story(world, seed=1)
    for _ in range(200):
        story.choose("go")
    assert story.variables["count"] == NUMBER_LIMIT
    assert str(NUMBER_LIMIT) in scene_block(story)
