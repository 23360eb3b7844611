"""The one definition of taking a choice, over a world's compiled rules.

A step is, in this order: the choice must be offered (its once-only record and its condition),
its effects apply (each clamped to its variable's bounds), the scene changes to its target, and the
bookkeeping is done (visits to the new scene, the once-only record, the step log). Each part is
compiled once per world and shared:

- Story.choose() runs the step through the world's transitions Machine (game.engine.machine): the
  guard is `available`, the `before` callback is `apply`, the `after` callback is `arrive`.
- take() runs the same three functions without transitions' dispatch, for the hot loops that play
  thousands of runs (random playtest, shrinking, exploration). A test plays both side by side.

Everything a step reads or changes is in the run's state (RunState), so a run is a pure function of
world, seed and choices.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from game.engine.run import Step
from game.world.expr import State
from game.world.model import NUMBER_LIMIT, Choice, World

if TYPE_CHECKING:
    from transitions import Machine

_MASK = (1 << 64) - 1


def _mix(value: int) -> int:
    """splitmix64: a counter-based random number, so a draw depends only on its inputs."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def chance_draw(seed: int, step: int, site: int) -> int:
    """0..99 for chance() at `site` on `step` of the run with `seed`: a function of those alone."""
    return _mix(seed ^ _mix(step ^ _mix(site))) % 100


class ChoiceUnavailable(Exception):
    """A choice that is not offered now; the run is unchanged."""


class RunState(State, Protocol):
    """What a step reads and changes: a Story, or anything shaped like one."""

    scene_id: str
    visits: dict[str, int]
    taken: set[str]  # keys of once-only choices already taken
    steps: list[Step]


Available = Callable[[RunState], bool]
Apply = Callable[[RunState], None]


def availability(choice: Choice) -> Available:
    """Offered now: not a once-only choice already taken, and its condition holds."""
    key = choice.key
    condition = choice.condition.evaluate if choice.condition is not None else None
    if choice.once:
        if condition is None:
            return lambda state: key not in state.taken
        return lambda state: key not in state.taken and bool(condition(state))
    if condition is None:
        return lambda state: True
    return lambda state: bool(condition(state))


# Told, for each number an effect sets: the effect's index, the value before clamping and after.
ClampObserver = Callable[[int, int, int], None]


def effects(world: World, choice: Choice, observe: ClampObserver | None = None) -> Apply:
    """Apply the choice's effects in order, each clamped to its variable's bounds.

    observe: lint's exploration watches the clamping (W107) through the same steps the game runs."""
    steps = []
    for effect in choice.effects:
        variable = world.variables[effect.target]
        low = variable.minimum if variable.minimum is not None else -NUMBER_LIMIT
        high = variable.maximum if variable.maximum is not None else NUMBER_LIMIT
        steps.append((effect.target, effect.op, effect.value.evaluate, variable.type == "number", low, high))

    def apply(state: RunState) -> None:
        variables = state.variables
        for index, (target, op, evaluate, number, low, high) in enumerate(steps):
            value = evaluate(state)
            if op == "+=":
                value = variables[target] + value  # type: ignore[operator]
            elif op == "-=":
                value = variables[target] - value  # type: ignore[operator]
            if number:
                clamped = low if value < low else high if value > high else value  # type: ignore[operator]
                if observe is not None:
                    observe(index, value, clamped)  # type: ignore[arg-type]
                value = clamped
            variables[target] = value

    return apply


def arrive(state: RunState, choice: Choice) -> None:
    """A step's bookkeeping, once the scene has changed: visits, the once-only record, the log."""
    visits = state.visits
    visits[choice.target] = visits.get(choice.target, 0) + 1
    if choice.once:
        state.taken.add(choice.key)
    state.steps.append(Step(choice.scene, choice.id))


def why_unavailable(state: RunState, choice: Choice) -> str:
    if choice.once and choice.key in state.taken:
        return "it was already taken"
    return "its condition does not hold"


@dataclass(frozen=True, slots=True, eq=False)
class Rules:
    """A world's choices made ready to run: built once per world, shared by every run on it."""

    world: World
    available: dict[str, Available]  # choice key -> is it offered now?
    apply: dict[str, Apply]  # choice key -> apply its effects
    machine: Machine  # the same parts as the transitions of the world's Machine

    def offered(self, state: RunState) -> list[Choice]:
        """The choices offered now, in the order the world lists them."""
        available = self.available
        return [choice for choice in self.world.scenes[state.scene_id].choices if available[choice.key](state)]

    def take(self, state: RunState, choice: Choice) -> None:
        """Take a choice of the current scene. Raises ChoiceUnavailable, changing nothing, if not offered."""
        if choice.scene != state.scene_id or not self.available[choice.key](state):
            raise ChoiceUnavailable(f"choice '{choice.id}' in scene '{choice.scene}' is not available now")
        self.apply[choice.key](state)
        state.scene_id = choice.target
        arrive(state, choice)


_rules: weakref.WeakKeyDictionary[World, Rules] = weakref.WeakKeyDictionary()


def rules_for(world: World) -> Rules:
    """The world's compiled rules and Machine, built on first use and then shared."""
    rules = _rules.get(world)
    if rules is None:
        from game.engine.machine import build_machine

        available: dict[str, Available] = {}
        apply: dict[str, Apply] = {}
        for scene in world.scenes.values():
            for choice in scene.choices:
                available[choice.key] = availability(choice)
                apply[choice.key] = effects(world, choice)
        rules = Rules(world, available, apply, build_machine(world, available, apply, arrive))
        _rules[world] = rules
    return rules
