"""Build the transitions Machine for a World: one state per scene, one transition per choice.

One Machine serves every Story played on a world (transitions' "one machine, many models"). It is
flat, with auto_transitions off (left on, every state gets a transition to every other: a world of
1,000 scenes then takes seconds and hundreds of MB to build), and model_override on, so the Machine
binds only what the Story class declares (`trigger`, `may_trigger`) instead of one generated method
per choice. Not HierarchicalMachine: its `_` separator would split scene ids like `launch_site`.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from transitions import EventData, Machine

from game.world.expr import State
from game.world.model import NUMBER_LIMIT, Choice, World


class RunState(State, Protocol):
    """What a choice's rules read and change: a Story, or a lighter walker over the same rules."""

    taken: set[str]  # keys of once-only choices already taken


# With model_override, transitions logs a warning for every trigger it does not bind to a model.
# Not binding them is the point, so those warnings are noise.
logging.getLogger("transitions").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class Rules:
    """A world's choices made ready to run: built once, shared by the Machine and every Story."""

    machine: Machine
    available: dict[str, Callable[[RunState], bool]]  # choice key -> is it offered now?
    apply: dict[str, Callable[[RunState], None]]  # choice key -> apply its effects


_rules: weakref.WeakKeyDictionary[World, Rules] = weakref.WeakKeyDictionary()


def rules_for(world: World) -> Rules:
    """The world's Machine and compiled choices, built on first use and then shared."""
    rules = _rules.get(world)
    if rules is None:
        rules = build_rules(world)
        _rules[world] = rules
    return rules


def machine_for(world: World) -> Machine:
    return rules_for(world).machine


def availability(choice: Choice) -> Callable[[RunState], bool]:
    """The one definition of "offered now": not a once-only choice already taken, condition holds."""
    key = choice.key
    condition = choice.condition.evaluate if choice.condition is not None else None
    if choice.once:
        if condition is None:
            return lambda story: key not in story.taken
        return lambda story: key not in story.taken and bool(condition(story))
    if condition is None:
        return lambda story: True
    return lambda story: bool(condition(story))


def effects(world: World, choice: Choice) -> Callable[[RunState], None]:
    """Apply the choice's effects in order, each clamped to its variable's bounds."""
    steps = []
    for effect in choice.effects:
        variable = world.variables[effect.target]
        low = variable.minimum if variable.minimum is not None else -NUMBER_LIMIT
        high = variable.maximum if variable.maximum is not None else NUMBER_LIMIT
        steps.append((effect.target, effect.op, effect.value.evaluate, variable.type == "number", low, high))

    def apply(story: RunState) -> None:
        variables = story.variables
        for target, op, evaluate, number, low, high in steps:
            value = evaluate(story)
            if op == "+=":
                value = variables[target] + value  # type: ignore[operator]
            elif op == "-=":
                value = variables[target] - value  # type: ignore[operator]
            if number:
                value = low if value < low else high if value > high else value  # type: ignore[operator]
            variables[target] = value

    return apply


def _guard(available: Callable[[RunState], bool]) -> Callable[[EventData], bool]:
    return lambda event: available(event.model)  # type: ignore[arg-type]  # the model is a Story


def _before(apply: Callable[[RunState], None]) -> Callable[[EventData], None]:
    return lambda event: apply(event.model)  # type: ignore[arg-type]


def build_rules(world: World) -> Rules:
    machine = Machine(
        model=[],
        states=list(world.scenes),
        initial=world.start,
        auto_transitions=False,
        model_override=True,
        # transitions binds `is_<attribute>_<state>` to each model; with the default attribute
        # 'state' a scene named `over` or `available` would overwrite Story.is_over/is_available.
        model_attribute="scene_id",
        send_event=True,
        ignore_invalid_triggers=False,
    )
    available: dict[str, Callable[[RunState], bool]] = {}
    apply: dict[str, Callable[[RunState], None]] = {}
    for scene in world.scenes.values():
        for choice in scene.choices:
            available[choice.key] = availability(choice)
            apply[choice.key] = effects(world, choice)
            # Effects run `before` the state changes: guards have passed by then, and an effect
            # cannot raise (types were checked at load), so a choice applies whole or not at all.
            kwargs: dict[str, Any] = {"conditions": [_guard(available[choice.key])]}
            if choice.effects:
                kwargs["before"] = [_before(apply[choice.key])]
            machine.add_transition(choice.key, scene.id, choice.target, **kwargs)
    return Rules(machine, available, apply)
