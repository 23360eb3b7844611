"""What a condition can be, from the variables' declared ranges alone: the static part of text lint.

`io-game check` explores every reachable state to find conditions that never (or always) hold.
This is the cheap half that needs no exploration: a condition inside a text (`{if hope > 12: ...}`
with hope declared 0..10) or on a text block that no value in the declared ranges can make true, or
false. The analysis over-approximates (each variable ranges freely over min..max, independently of
the others), so what it reports is certain; what it misses the exploration finds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from game.world.errors import Diagnostic, Location
from game.world.expr import Binary, Call, Compiled, Literal, Node, Unary, Var
from game.world.model import Variable, World

W_TEXT_CONDITION = "W120"  # an inline or block condition fixed by the declared ranges alone

_INFINITY = float("inf")


@dataclass(frozen=True, slots=True)
class _Number:
    low: float
    high: float


_Abstract = _Number | frozenset[bool] | None  # None: a text, or anything not followed


def outcomes(condition: Compiled, variables: Mapping[str, Variable]) -> frozenset[bool]:
    """The values the condition can take for some values of its variables within their ranges."""
    found = _eval(condition.tree, variables)
    return found if isinstance(found, frozenset) else frozenset((True, False))


_BOTH = frozenset((True, False))


def _eval(node: Node, variables: Mapping[str, Variable]) -> _Abstract:
    if isinstance(node, Literal):
        if isinstance(node.value, bool):
            return frozenset((node.value,))
        if isinstance(node.value, int):
            return _Number(node.value, node.value)
        return None
    if isinstance(node, Var):
        variable = variables.get(node.name)
        if variable is None or variable.type == "text":
            return None
        if variable.type == "flag":
            return _BOTH
        low = variable.minimum if variable.minimum is not None else -_INFINITY
        high = variable.maximum if variable.maximum is not None else _INFINITY
        return _Number(low, high)
    if isinstance(node, Call):
        if node.function == "visits":
            return _Number(0, _INFINITY)
        if node.function == "chance":
            percent = int(node.argument)
            return frozenset(value for value, possible in ((True, percent > 0), (False, percent < 100)) if possible)
        return _BOTH
    if isinstance(node, Unary):
        inner = _eval(node.operand, variables)
        if node.op == "not":
            return frozenset(not value for value in inner) if isinstance(inner, frozenset) else _BOTH
        return _Number(-inner.high, -inner.low) if isinstance(inner, _Number) else None
    assert isinstance(node, Binary)
    left, right = _eval(node.left, variables), _eval(node.right, variables)
    op = node.op
    if op in ("and", "or"):
        if not isinstance(left, frozenset) or not isinstance(right, frozenset):
            return _BOTH
        if op == "and":
            return frozenset(a and b for a in left for b in right)
        return frozenset(a or b for a in left for b in right)
    if op in ("+", "-"):
        if not isinstance(left, _Number) or not isinstance(right, _Number):
            return None
        if op == "+":
            return _Number(left.low + right.low, left.high + right.high)
        return _Number(left.low - right.high, left.high - right.low)
    if isinstance(left, _Number) and isinstance(right, _Number):
        return _compare(op, left, right)
    if isinstance(left, frozenset) and isinstance(right, frozenset) and op in ("==", "!="):
        same = op == "=="
        return frozenset((a == b) == same for a in left for b in right)
    return _BOTH


def _compare(op: str, a: _Number, b: _Number) -> frozenset[bool]:
    if op in (">", ">="):
        a, b, op = b, a, "<" if op == ">" else "<="
    if op == "<":
        can_true, can_false = a.low < b.high, a.high >= b.low
    elif op == "<=":
        can_true, can_false = a.low <= b.high, a.high > b.low
    else:  # == and !=
        overlap = a.low <= b.high and b.low <= a.high
        single = a.low == a.high == b.low == b.high
        can_true, can_false = (overlap, not single) if op == "==" else (not single, overlap)
    return frozenset(value for value, possible in ((True, can_true), (False, can_false)) if possible)


def text_conditions(world: World) -> Iterator[tuple[Compiled, Location, str, str]]:
    """Every condition in a text (inline, or a block's if:): where it is, what it is, its scene."""
    for scene in world.scenes.values():
        texts = [(scene.compiled, f"the text of scene '{scene.id}'")]
        texts += [(v.compiled, f"a variant of scene '{scene.id}'") for v in scene.variants]
        for index, block in enumerate(scene.blocks, 1):
            texts.append((block.body, f"block {index} of scene '{scene.id}'"))
            if block.condition is not None:
                yield block.condition, block.loc, f"the if: of block {index} of scene '{scene.id}'", scene.id
        for choice in scene.choices:
            texts.append((choice.compiled, f"the text of choice '{choice.key}'"))
            if choice.reply is not None:
                texts.append((choice.reply, f"the reply of choice '{choice.key}'"))
        for text, what in texts:
            for inline in text.conditions:
                where = inline.loc or scene.loc
                yield inline.condition, where, f"{{if {inline.condition.source.strip()}:}} in {what}", scene.id


def fixed_text_conditions(world: World) -> list[Diagnostic]:
    """W120 for every condition in text that the declared ranges alone make always or never true."""
    found: list[Diagnostic] = []
    for condition, loc, what, _scene in text_conditions(world):
        values = outcomes(condition, world.variables)
        if values == _BOTH:
            continue
        holds = "always holds" if values == frozenset((True,)) else "can never hold"
        found.append(
            Diagnostic(
                loc,
                W_TEXT_CONDITION,
                f"{what} {holds} with the variables' declared min and max",
                "fix the condition or the bounds, or write the text without it",
                "warning",
            )
        )
    return found
