"""The one definition of taking a choice, over a world's compiled rules.

A step is, in this order: the choice must be offered (its once-only record, its condition, and
for a fallback that nothing else is; a return only inside a call), its `do:` effects apply (each
clamped to its variable's bounds; `{if: ...}` effects choose their branch), its reply is shown (a
Story only), its `after:` effects apply, the scene changes to its target (for a return: the top of
the call stack), and the bookkeeping is done (visits to the new scene, the taken record, the step
log, the call stack) before the new scene's `on_enter:` effects. Each part is compiled once per
world and shared:

- Story.choose() runs the step through the world's transitions Machine (game.engine.machine): the
  guard is `available`, the `before` callbacks are `apply`, the reply and `after`, the `after`
  callback is `arrive`.
- take() runs the same three functions without transitions' dispatch, for the hot loops that play
  thousands of runs (random playtest, shrinking, exploration). A test plays both side by side.

Everything a step reads or changes is in the run's state (RunState), so a run is a pure function of
world, seed and choices.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, TypeVar

from msgspec import Struct

from game.engine.run import Step
from game.world.expr import State
from game.world.model import NUMBER_LIMIT, Action, Choice, When, World, flat_effects

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
    taken: set[str]  # keys of the once-only choices taken and of those taken() names
    steps: list[Step]
    stack: list[str]  # sub-scene calls: the scenes to come back to, innermost last


MAX_CALL_DEPTH = 32  # a call past this is not offered, so a run's state stays bounded


Available = Callable[[RunState], bool]
Apply = Callable[[RunState], None]
Trigger = Callable[..., bool]  # a Machine event's trigger(model, *arguments): did the step happen


def always(state: RunState) -> bool:
    """The availability of a choice with nothing to check (the Machine gives it no guard)."""
    return True


def availability(choice: Choice) -> Available:
    """Offered now: not a once-only choice already taken, its condition holds, a call has room on
    the stack and a return has a call to return from. (Fallbacks: see Rules.offered.)"""
    key = choice.key
    condition = choice.condition.evaluate if choice.condition is not None else None
    if choice.once:
        if condition is None:
            base: Available = lambda state: key not in state.taken  # noqa: E731
        else:
            base = lambda state: key not in state.taken and bool(condition(state))  # noqa: E731
    elif condition is None:
        base = always
    else:
        base = lambda state: bool(condition(state))  # noqa: E731
    if choice.returns:
        return lambda state: bool(state.stack) and base(state)
    if choice.then:
        return lambda state: len(state.stack) < MAX_CALL_DEPTH and base(state)
    return base


# Told, for each number an effect sets: the effect's index (in flat_effects order), the value before
# clamping and after. Lint's exploration watches clamping (W107) through the steps the game runs.
ClampObserver = Callable[[int, int, int], None]


def program(world: World, actions: tuple[Action, ...], observe: ClampObserver | None = None, first: int = 0) -> Apply:
    """Apply effects in order, each clamped to its variable's bounds; `{if:}` effects pick a branch."""
    steps: list[tuple[str, str, Callable[[State], object], bool, int, int, int] | tuple[When, Apply, Apply]] = []
    index = first
    for action in actions:
        if isinstance(action, When):
            then = program(world, action.then, observe, index)
            index += len(flat_effects(action.then))
            otherwise = program(world, action.otherwise, observe, index)
            index += len(flat_effects(action.otherwise))
            steps.append((action, then, otherwise))
            continue
        variable = world.variables[action.target]
        low = variable.minimum if variable.minimum is not None else -NUMBER_LIMIT
        high = variable.maximum if variable.maximum is not None else NUMBER_LIMIT
        steps.append((action.target, action.op, action.value.evaluate, variable.type == "number", low, high, index))
        index += 1
    if not steps:
        return _nothing

    def apply(state: RunState) -> None:
        variables = state.variables
        for step in steps:
            if len(step) == 3:
                when, then, otherwise = step
                (then if when.condition.evaluate(state) else otherwise)(state)
                continue
            target, op, evaluate, number, low, high, index = step
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
            variables[target] = value  # type: ignore[assignment]

    return apply


def _nothing(state: RunState) -> None:
    return None


def effects(world: World, choice: Choice, observe: ClampObserver | None = None) -> Apply:
    """Apply the choice's `do:` effects (its `after:` ones are `program(world, choice.after)`)."""
    return program(world, choice.actions, observe)


def destination(state: RunState, choice: Choice) -> str:
    """Where taking the choice leads: its target, or for a return the scene the last call named."""
    return state.stack[-1] if choice.returns else choice.target


def arriving(world: World, entering: Mapping[str, Apply], choice: Choice) -> Apply:
    """A step's bookkeeping, once the scene has changed to state.scene_id: visits, the taken record
    (once-only choices, and those taken() names), the log and the call stack; then the new scene's
    on_enter effects (`entering.get(scene)`: None or _nothing for none). Built per choice, so the
    common step (no record, no call, nothing on entry) does only what it needs: replay speed is a
    target (bench/bench_replay.py)."""
    key = choice.key
    record = choice.once or key in world.labels
    step = Step(choice.scene, choice.id)  # immutable: one object serves every time it is taken
    returns, then = choice.returns, choice.then
    # Where a step leads is known when it is built, except for a return's (the call stack says).
    target_enter = None if returns else entering.get(choice.target)
    if target_enter is _nothing:
        target_enter = None

    if not (record or returns or then or target_enter is not None):

        def arrive_plain(state: RunState) -> None:
            visits = state.visits
            scene = state.scene_id
            visits[scene] = visits.get(scene, 0) + 1
            state.steps.append(step)

        return arrive_plain

    def arrive(state: RunState) -> None:
        scene = state.scene_id
        visits = state.visits
        visits[scene] = visits.get(scene, 0) + 1
        if record:
            state.taken.add(key)
        state.steps.append(step)
        if returns:
            state.stack.pop()
        elif then:
            state.stack.append(then)
        enter = entering.get(scene) if returns else target_enter
        if enter is not None and enter is not _nothing:
            enter(state)

    return arrive


def why_unavailable(state: RunState, choice: Choice) -> str:
    if choice.once and choice.key in state.taken:
        return "it was already taken"
    if choice.returns and not state.stack:
        return "it returns from a sub-scene, and the run is in none"
    if choice.then and len(state.stack) >= MAX_CALL_DEPTH:
        return f"sub-scenes are nested {MAX_CALL_DEPTH} deep already"
    if choice.fallback and (choice.condition is None or choice.condition.evaluate(state)):
        return "it is a fallback, and another choice is offered"
    return "its condition does not hold"


_T = TypeVar("_T")


class _OnFirstUse(dict[str, _T]):
    """A table of a world's rules whose entries are made on first lookup, then kept: a run builds
    the rules of the scenes it reaches (a cached world compiles its scenes on first use too:
    game.world.cache), a tool that walks every choice builds them all. An unknown key raises KeyError."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[str], _T]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> _T:
        made = self._make(key)
        self[key] = made
        return made

    def get(self, key: str, default: _T | None = None) -> _T | None:  # type: ignore[override]
        """The entry, made if need be (dict.get would not make it); `default` for an unknown key."""
        try:
            return self[key]
        except KeyError:
            return default


class Rules(Struct, frozen=True, eq=False, dict=True):
    """A world's choices made ready to run: built per choice on first use, shared by every run on it."""

    world: World
    available: dict[str, Available]  # choice key -> is it offered now? (fallbacks included)
    apply: dict[str, Apply]  # choice key -> apply its `do:` effects
    after: dict[str, Apply]  # choice key -> apply its `after:` effects (once the reply is shown)
    on_enter: dict[str, Apply]  # scene id -> apply its on_enter effects
    arrive: dict[str, Apply]  # choice key -> the bookkeeping once its scene has changed
    counted: dict[str, tuple[str, ...]]  # scene id -> the keys (in `seen`) of its text's alternatives
    # Built on first use, and kept in the instance's __dict__ (its fields are frozen): the Machine
    # (exploration never dispatches through it) and, with it, `moves`.

    @property
    def machine(self) -> Machine:
        """The world's transitions Machine, made of these same parts (game.engine.machine). Built on
        first use: tools that only take steps with Rules.take (exploration, at 10,000 scenes) never
        pay for it."""
        built: Machine | None = self.__dict__.get("_machine")
        if built is None:
            from game.engine.machine import build_machine

            built = build_machine(self.world, self.available, self.apply, self.after, self.arrive, always)
            self.__dict__["_machine"] = built
        return built

    @property
    def moves(self) -> dict[str, dict[str, tuple[Choice, Trigger]]]:
        """scene id -> choice id -> (the choice, its Machine event's trigger): what Story.choose looks
        up, in one step, instead of finding the choice, spelling its key and finding its event. Built
        with the Machine, on first use."""
        built: dict[str, dict[str, tuple[Choice, Trigger]]] | None = self.__dict__.get("_moves")
        if built is None:
            events = self.machine.events
            built = {
                scene.id: {choice.id: (choice, events[choice.key].trigger) for choice in scene.choices}
                for scene in self.world.scenes.values()
            }
            self.__dict__["_moves"] = built
        return built

    def offered(self, state: RunState) -> list[Choice]:
        """The choices offered now, in the order the world lists them."""
        available = self.available
        return [choice for choice in self.world.scenes[state.scene_id].choices if available[choice.key](state)]

    def take(self, state: RunState, choice: Choice) -> None:
        """Take a choice of the current scene. Raises ChoiceUnavailable, changing nothing, if not offered."""
        if choice.scene != state.scene_id or not self.available[choice.key](state):
            raise ChoiceUnavailable(f"choice '{choice.id}' in scene '{choice.scene}' is not available now")
        self.apply[choice.key](state)
        self.after[choice.key](state)
        state.scene_id = destination(state, choice)
        self.arrive[choice.key](state)

    def start(self, state: RunState) -> None:
        """A new run's first scene is entered too: its on_enter effects apply."""
        self.on_enter[state.scene_id](state)


def _fallback(choice: Choice, others: list[Available]) -> Available:
    """A fallback is offered only when no other choice of its scene is."""
    own = availability(choice)
    return lambda state: own(state) and not any(other(state) for other in others)


_CACHE = "_compiled_rules"


def rules_for(world: World) -> Rules:
    """The world's compiled rules and Machine, built on first use and then shared.

    Kept on the World itself (a frozen Struct with a __dict__: written there), not in a module-level
    table: the Rules refer back to their World, so a table would keep every world ever loaded
    alive (each hot reload, each playtest). World and Rules are freed together, by the cycle
    collector: it sees a World because a World holds mappings (msgspec leaves a Struct untracked
    when its fields hold only strings and numbers, and a write to its __dict__ does not change that).
    """
    rules: Rules | None = world.__dict__.get(_CACHE)
    if rules is None:
        rules = _build(world)
        world.__dict__[_CACHE] = rules
    return rules


def _build(world: World) -> Rules:
    """The tables, each entry made on first lookup (_OnFirstUse) from the world's compiled parts."""

    def choice_of(key: str) -> Choice:
        scene_id, _, choice_id = key.partition(".")
        choice = world.scenes[scene_id].choice(choice_id) if scene_id in world.scenes else None
        if choice is None:
            raise KeyError(key)
        return choice

    def available_of(key: str) -> Available:
        choice = choice_of(key)
        if not choice.fallback:
            return availability(choice)
        others = [available[other.key] for other in world.scenes[choice.scene].choices if not other.fallback]
        return _fallback(choice, others)

    available: _OnFirstUse[Available] = _OnFirstUse(available_of)
    on_enter: _OnFirstUse[Apply] = _OnFirstUse(lambda scene_id: program(world, world.scenes[scene_id].on_enter))
    return Rules(
        world,
        available,
        apply=_OnFirstUse(lambda key: effects(world, choice_of(key))),
        after=_OnFirstUse(lambda key: program(world, choice_of(key).after)),
        on_enter=on_enter,
        arrive=_OnFirstUse(lambda key: arriving(world, on_enter, choice_of(key))),
        counted=_OnFirstUse(lambda scene_id: world.scenes[scene_id].alternatives),
    )
