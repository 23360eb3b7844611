"""Fuzzing the expression language: any text compiles or fails with our own error at a place in it,
and grammatical expressions evaluate exactly as a simple reference evaluator says they should.

1,000 examples a target by default (tests/fuzzing.py), 25,000 with `pytest --slow`. Derandomized, so CI is reproducible.
"""

from __future__ import annotations

import operator
import random
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from game.world.expr import (
    MAX_LENGTH,
    Binary,
    Call,
    Compiled,
    Effect,
    ExprError,
    Literal,
    Node,
    Unary,
    Var,
    compile_condition,
    compile_effect,
)
from tests.fuzzing import FUZZ

TYPES = {"hope": "number", "air": "number", "met": "flag", "lost": "flag", "name": "text"}
SCENES = {"dawn", "bees", "launch"}

# Text that looks like expressions more often than arbitrary text does: the language's own symbols,
# Python's (attribute access, calls, indexing, lambdas, dunders), quotes, escapes and controls.
PIECES = [
    *TYPES,
    *SCENES,
    "and",
    "or",
    "not",
    "true",
    "false",
    "visited",
    "visits",
    "chance",
    "(",
    ")",
    ",",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "=",
    "+=",
    "-=",
    "*",
    "/",
    "//",
    "%",
    "**",
    ".",
    "[",
    "]",
    "__import__",
    "__class__",
    "os",
    "system",
    "lambda",
    "import",
    "if",
    "else",
    "None",
    "'",
    '"',
    "\\",
    "0",
    "1",
    "30",
    "100",
    "101",
    "9" * 12,
    " ",
    "\t",
    "\n",
    "\x1b",
    "\u202e",
    "\x00",
    "é",
    "٣",
    "_x",
]
expression_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    # Long and deep: past the length and nesting limits, cheaply.
    st.tuples(st.sampled_from(["(", "not ", "-", "1+", "hope + ", "true and ", "((", "x."]), st.integers(1, 400)).map(
        lambda t: t[0] * t[1] + "hope > 1" + ")" * (t[1] if "(" in t[0] else 0)
    ),
)


class FakeState:
    """What an expression may read of a run, counting every read."""

    def __init__(self, variables: dict[str, int | bool | str], visits: dict[str, int]) -> None:
        self.variables = variables
        self.visits = visits
        self.draws = 0

    def draw(self, site: int) -> int:
        self.draws += 1
        return site % 100


def _located(exc: ExprError, source: str) -> None:
    assert isinstance(exc.message, str) and exc.message
    assert 0 <= exc.offset <= len(source), (exc.offset, len(source))
    assert exc.kind in ("syntax", "undeclared", "type", "not_allowed", "unknown_scene")


@FUZZ
@given(
    expression_text,
    st.sampled_from(["hope", "met", "name", "air", "__x", "nope", ""]),
    st.sampled_from(["=", "+=", "-=", "=="]),
)
def test_any_text_compiles_or_fails_at_a_place_in_it(source: str, target: str, op: str) -> None:
    """One target, three entry points: the text as a condition, as an effect, and after `target op`."""
    try:
        compiled = compile_condition(source, TYPES, SCENES.__contains__, "fuzz")
    except ExprError as exc:
        _located(exc, source)
    else:
        assert isinstance(compiled, Compiled)
        assert compiled.type == "flag"
        # Whatever compiled also runs, on any state of the declared types, and gives true or false.
        state = FakeState({"hope": 3, "air": -2, "met": True, "lost": False, "name": "Sam"}, {"dawn": 1})
        assert isinstance(compiled.evaluate(state), bool)
    for text in (source, f"{target} {op} {source}"):
        try:
            effect = compile_effect(text, TYPES, SCENES.__contains__, "fuzz")
        except ExprError as exc:
            _located(exc, text)
            continue
        assert isinstance(effect, Effect)
        assert effect.target in TYPES and effect.op in ("=", "+=", "-=")
        assert effect.value.type == TYPES[effect.target]


# --- grammatical expressions against a reference evaluator -----------------------------------------
#
# Expressions are built from a drawn seed with random.Random: one draw an example instead of hundreds
# keeps 2,000 examples within a second or two; a failure still names its seed and its text.

# Precedence levels of the grammar, loosest first.
OR, AND, NOT, CMP, SUM, UNARY, ATOM = range(7)


@dataclass(frozen=True)
class Expr:
    text: str
    level: int  # the loosest operator at its top
    tree: object  # a literal, ("var", name), ("visits"/"visited", scene) or (op, operands...)
    nodes: int  # nodes in the parsed tree (parentheses add none)

    def at_least(self, level: int) -> str:
        return self.text if self.level >= level else f"({self.text})"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _leaf(rng: random.Random, kind: str) -> Expr:
    pick = rng.randrange(3)
    if kind == "number":
        if pick == 0:
            n = rng.choice([0, 1, 7, 10**9, rng.randrange(10**9)])
            return Expr(str(n), ATOM, n, 1)
        if pick == 1:
            name = rng.choice(["hope", "air"])
            return Expr(name, ATOM, ("var", name), 1)
        scene = rng.choice(sorted(SCENES))
        return Expr(f'visits("{scene}")', ATOM, ("visits", scene), 1)
    if kind == "flag":
        if pick == 0:
            if rng.random() < 0.5:
                value = rng.random() < 0.5
                return Expr("true" if value else "false", ATOM, value, 1)
            percent = rng.choice([0, 100])  # chance(0) never holds, chance(100) always does
            return Expr(f"chance({percent})", ATOM, percent == 100, 1)
        if pick == 1:
            name = rng.choice(["met", "lost"])
            return Expr(name, ATOM, ("var", name), 1)
        scene = rng.choice(sorted(SCENES))
        return Expr(f"visited('{scene}')", ATOM, ("visited", scene), 1)
    if pick == 0:
        return Expr("name", ATOM, ("var", "name"), 1)
    text = rng.choice(["", "Sam", "it's", 'say "hi"', "back\\slash"])
    return Expr(_quote(text), ATOM, text, 1)


def build(rng: random.Random, kind: str, depth: int) -> Expr:
    """A random well-typed expression of `kind`, written with only the parentheses it needs (and a few more)."""
    expr = _build(rng, kind, depth)
    return Expr(f"({expr.text})", ATOM, expr.tree, expr.nodes) if rng.random() < 0.15 else expr


def _build(rng: random.Random, kind: str, depth: int) -> Expr:
    if depth == 0 or rng.random() < 0.25 or kind == "text":
        return _leaf(rng, kind)
    sub = depth - 1
    form = rng.randrange(2 if kind == "number" else 4)
    if kind == "number":
        if form == 0:
            op = rng.choice(["+", "-"])
            left, right = build(rng, "number", sub), build(rng, "number", sub)
            text = f"{left.at_least(SUM)} {op} {right.at_least(UNARY)}"
            return Expr(text, SUM, (op, left.tree, right.tree), left.nodes + right.nodes + 1)
        operand = build(rng, "number", sub)
        return Expr(f"-{operand.at_least(UNARY)}", UNARY, ("neg", operand.tree), operand.nodes + 1)
    if form == 0:
        op = rng.choice(["and", "or"])
        level = OR if op == "or" else AND
        left, right = build(rng, "flag", sub), build(rng, "flag", sub)
        text = f"{left.at_least(level)} {op} {right.at_least(level + 1)}"
        return Expr(text, level, (op, left.tree, right.tree), left.nodes + right.nodes + 1)
    if form == 1:
        operand = build(rng, "flag", sub)
        return Expr(f"not {operand.at_least(NOT)}", NOT, ("not", operand.tree), operand.nodes + 1)
    operand_kind = "number" if form == 2 else rng.choice(["flag", "text"])
    ops = ["==", "!=", "<", "<=", ">", ">="] if operand_kind == "number" else ["==", "!="]
    op = rng.choice(ops)
    left, right = build(rng, operand_kind, sub), build(rng, operand_kind, sub)
    text = f"{left.at_least(SUM)} {op} {right.at_least(SUM)}"
    return Expr(text, CMP, (op, left.tree, right.tree), left.nodes + right.nodes + 1)


def reference(tree: object, state: FakeState) -> object:
    """The meaning of an expression, written as plainly as possible."""
    if not isinstance(tree, tuple):
        return tree
    op = tree[0]
    if op == "var":
        return state.variables[tree[1]]
    if op == "visits":
        return state.visits.get(tree[1], 0)
    if op == "visited":
        return state.visits.get(tree[1], 0) > 0
    if op == "neg":
        return -reference(tree[1], state)  # type: ignore[operator]
    if op == "not":
        return not reference(tree[1], state)
    left, right = reference(tree[1], state), reference(tree[2], state)
    if op == "and":
        return bool(left) and bool(right)
    if op == "or":
        return bool(left) or bool(right)
    return {
        "+": operator.add,
        "-": operator.sub,
        "==": operator.eq,
        "!=": operator.ne,
        "<": operator.lt,
        "<=": operator.le,
        ">": operator.gt,
        ">=": operator.ge,
    }[op](left, right)


def _tree_size(node: Node) -> int:
    if isinstance(node, (Literal, Var, Call)):
        return 1
    if isinstance(node, Unary):
        return 1 + _tree_size(node.operand)
    assert isinstance(node, Binary)
    return 1 + _tree_size(node.left) + _tree_size(node.right)


class CountingVariables(dict[str, int | bool | str]):
    """Counts reads, to show that evaluation does at most one step per node of the tree."""

    def __init__(self, values: dict[str, int | bool | str]) -> None:
        super().__init__(values)
        self.reads = 0

    def __getitem__(self, key: str) -> int | bool | str:
        self.reads += 1
        return super().__getitem__(key)


states = st.builds(
    lambda hope, air, met, lost, name, visits: FakeState(
        CountingVariables({"hope": hope, "air": air, "met": met, "lost": lost, "name": name}), visits
    ),
    st.integers(-(10**12), 10**12),
    st.integers(-5, 5),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["", "Sam", "it's"]),
    st.dictionaries(st.sampled_from(sorted(SCENES)), st.integers(0, 3)),
)


@FUZZ
@given(st.integers(0, 2**32 - 1), states, st.sampled_from(["=", "+=", "-="]))
def test_grammatical_expressions_evaluate_as_the_reference_says(seed: int, state: FakeState, op: str) -> None:
    rng = random.Random(seed)
    condition = build(rng, "flag", rng.randrange(1, 7))
    if len(condition.text) > MAX_LENGTH:
        try:
            compile_condition(condition.text, TYPES, SCENES.__contains__)
        except ExprError as exc:
            assert "too long" in exc.message
        else:
            raise AssertionError("an expression over the length limit compiled")
    else:
        compiled = compile_condition(condition.text, TYPES, SCENES.__contains__, "ref")
        assert isinstance(state.variables, CountingVariables)
        state.variables.reads = 0
        result = compiled.evaluate(state)
        reads = state.variables.reads + state.draws
        assert result == reference(condition.tree, state), condition.text
        # The parse is the tree we meant (parentheses aside), and evaluating it reads each node at
        # most once: evaluation is bounded by the size of the tree, so a condition cannot hang.
        assert _tree_size(compiled.tree) == condition.nodes, condition.text
        assert reads <= condition.nodes

    value = build(rng, "number", rng.randrange(0, 5))
    source = f"hope {op} {value.text}"
    if len(source) <= MAX_LENGTH:
        effect = compile_effect(source, TYPES, SCENES.__contains__, "ref")
        assert (effect.target, effect.op) == ("hope", op)
        assert effect.value.evaluate(state) == reference(value.tree, state), source
