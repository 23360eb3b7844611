"""What a condition can be, from the variables' declared ranges alone: the static part of text lint.

`io-game check` explores every reachable state to find conditions that never (or always) hold.
This is the cheap half that needs no exploration: a condition inside a text (`{if hope > 12: ...}`
with hope declared 0..10) or on a text block that no value in the declared ranges can make true, or
false. The analysis over-approximates (each variable ranges freely over min..max, independently of
the others), so what it reports is certain; what it misses the exploration finds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from game.authoring.intervals import AbstractEval, AState, AValue, label_name, visits_name
from game.world.errors import Diagnostic, Location
from game.world.expr import Compiled
from game.world.model import NUMBER_LIMIT, Variable, World

W_TEXT_CONDITION = "W120"  # an inline or block condition fixed by the declared ranges alone

_BOTH = frozenset((True, False))


def outcomes(condition: Compiled, variables: Mapping[str, Variable]) -> frozenset[bool]:
    """The values the condition can take for some values of its variables within their ranges: the
    abstraction's own three-valued evaluation (intervals.AbstractEval) on a state holding every
    number as its declared min..max (the engine's limits where none is declared) and every flag,
    text, visit count and taken() as anything."""
    held: dict[str, AValue] = {}
    for name, variable in variables.items():
        if variable.type == "number":
            low = variable.minimum if variable.minimum is not None else -NUMBER_LIMIT
            high = variable.maximum if variable.maximum is not None else NUMBER_LIMIT
            held[name] = (low, high)
        else:
            held[name] = None
    held |= {visits_name(scene): (0, NUMBER_LIMIT) for scene in condition.scenes}
    held |= {label_name(label): None for label in condition.labels}
    found = AbstractEval({})(condition)(AState("", held, {}, set(), []))
    return _BOTH if found is None else frozenset((bool(found),))


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
