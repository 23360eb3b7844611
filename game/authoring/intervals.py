"""Abstract exploration: every reachable state covered, with each number held as an interval.

The exact exploration (explore.py) stops at its bound on worlds whose numbers multiply the states
(IO: hours, leaning, bond, hope and trust in one scene). This second tier covers the same states
with fewer, larger ones. An abstract state keeps the discrete part of a state exactly (the scene,
the call stack, the flags and texts still read from there, the once-only choices that can still
matter, the visit counts, capped) and each number still read as an interval [lo, hi]; the states
that share a discrete part are joined into one (the interval hull). Declared min/max bound the
intervals; a number without bounds is widened to the next number it is compared with (then to the
engine's limit) once its state has been joined a few times, so the fixpoint is reached in few steps.

Conditions are evaluated three-valued (True, False, or None: unknown) by `AbstractEval`, over the
expression tree of game.world.expr; a step follows the engine's order (game.engine.rules: offered,
`do:` with each effect clamped, `after:`, the scene changes, the bookkeeping of `arriving`, then the
new scene's `on_enter:`). A flag that may come out either way, and an `{if:}` effect that may go
either way, split the state in two; a choice taken under an unknown condition narrows the numbers
it compares (a choice `if: hours >= 10` taken means hours >= 10).

What the abstraction proves is sound: every concrete reachable state lies in the abstract state of
its discrete part. So a scene no abstract state reaches is unreachable, a condition false in every
abstract state where it is tested is never true, and an ending reached from every abstract state
along choices offered in all of its concrete states (must-paths) is reachable from every state.
What it cannot decide it says (`Abstraction.unknown...`); lint reports those in W110.
"""

from __future__ import annotations

import heapq
import itertools
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Union

from msgspec import Struct, field

from game.authoring.blank import Known
from game.authoring.explore import Explorer, next_scenes, scene_text_conditions
from game.engine.rules import MAX_CALL_DEPTH, Apply, arriving, destination
from game.engine.run import Step
from game.world.expr import Binary, Call, Compiled, Literal, Node, Unary, Value, Var, nodes
from game.world.model import NUMBER_LIMIT, Action, Choice, Scene, When, World, flat_effects

Interval = tuple[int, int]
# An abstract value: a number's interval, a flag (None: either), or the texts a text may hold.
AValue = Union[Interval, bool, frozenset[str], None]  # noqa: UP007
AEval = Callable[["AState"], AValue]
# A discrete part: scene, live flags and texts, once-only choices taken, capped visits, call stack.
AKey = tuple[str, tuple[object, ...], frozenset[str], tuple[tuple[str, int], ...], tuple[str, ...]]

DEFAULT_MAX_ABSTRACT = 200_000  # abstract states (discrete parts) before the abstraction gives up
DEFAULT_MAX_WORK = 50_000  # abstract states expanded (a state is expanded again when it grows)
WIDEN_AFTER = 3  # joins of one state before its growing bounds jump to the next threshold
MAX_PIECES = 256  # pieces a state is cut into to decide its choices (past it: looked at whole)
MAX_TOTAL_PIECES = 100_000  # pieces over all states (past it: the states left are looked at whole)
FINE = 16  # an interval shorter than this may be cut into single numbers
VISIT_CAP = 3  # a visit count read in any other way than compared with a number: "3 or more"
_SINK: list[Step] = []  # the step log the bookkeeping appends to (nobody reads it here)

_UNSET: dict[str, AValue] = {"visits": (0, 0)}  # a visit count not set yet is 0; a taken() flag false
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


class AState:
    """An abstract state being stepped: what compiled rules read, with numbers as intervals."""

    __slots__ = ("scene_id", "variables", "visits", "taken", "steps", "stack")

    def __init__(
        self, scene_id: str, variables: dict[str, AValue], visits: dict[str, int], taken: set[str], stack: list[str]
    ) -> None:
        self.scene_id = scene_id
        self.variables = variables
        self.visits = visits
        self.taken = taken
        self.steps = _SINK
        self.stack = stack

    def copy(self) -> AState:
        return AState(self.scene_id, dict(self.variables), dict(self.visits), set(self.taken), list(self.stack))


# --- three-valued evaluation ---------------------------------------------------------------------


class _Lazy(dict[str, tuple[str, ...]]):
    """Per scene, filled on first use by `fill` (which fills this and its sibling)."""

    def __init__(self, fill: Callable[[str], None]) -> None:
        super().__init__()
        self.fill = fill

    def __missing__(self, scene: str) -> tuple[str, ...]:
        self.fill(scene)
        return self[scene]


def _count(state: AState, name: str) -> Interval:
    """A visit count held as a number (0 when never set)."""
    found = state.variables.get(name, (0, 0))
    assert isinstance(found, tuple)
    return found


def visits_name(scene: str) -> str:
    """The name a state holds a scene's visit count under (no variable can be named so)."""
    return f"visits({scene})"


def label_name(label: str) -> str:
    """The name a state holds a taken() label's status under (no variable can be named so)."""
    return f"taken({label})"


def abstract_value(value: Value) -> AValue:
    """A concrete value as the abstraction holds it."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return (value, value)
    return frozenset((value,))


def _and(a: AValue, b: AValue) -> AValue:
    if a is False or b is False:
        return False
    if a is True and b is True:
        return True
    return None


def _or(a: AValue, b: AValue) -> AValue:
    if a is True or b is True:
        return True
    if a is False and b is False:
        return False
    return None


def compare(op: str, a: AValue, b: AValue) -> AValue:
    """A comparison of two abstract values: True, False or None (either)."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        (alo, ahi), (blo, bhi) = a, b
        if op == "<":
            return True if ahi < blo else False if alo >= bhi else None
        if op == "<=":
            return True if ahi <= blo else False if alo > bhi else None
        if op == ">":
            return True if alo > bhi else False if ahi <= blo else None
        if op == ">=":
            return True if alo >= bhi else False if ahi < blo else None
        same: AValue = True if alo == ahi == blo == bhi else False if ahi < blo or bhi < alo else None
    elif isinstance(a, frozenset) and isinstance(b, frozenset):
        same = a == b if len(a) == 1 and len(b) == 1 else False if a.isdisjoint(b) else None
    elif a is None or b is None:
        same = None
    else:
        same = a == b
    if op == "==":
        return same
    return None if same is None else not same


class AbstractEval:
    """Compiled expressions evaluated on abstract states, built once per expression."""

    def __init__(self, caps: dict[str, int]) -> None:
        self.caps = caps  # scene -> the count from which its visits read "this many or more"
        self.built: dict[int, AEval] = {}

    def __call__(self, compiled: Compiled) -> AEval:
        found = self.built.get(id(compiled))
        if found is None:
            found = self.built[id(compiled)] = self.node(compiled.tree)
        return found

    def node(self, node: Node) -> AEval:
        if isinstance(node, Literal):
            constant = abstract_value(node.value)
            return lambda state: constant
        if isinstance(node, Var):
            name = node.name
            return lambda state: state.variables[name]
        if isinstance(node, Call):
            argument = str(node.argument)
            if node.function == "chance":
                percent = int(node.argument)
                fixed: AValue = False if percent <= 0 else True if percent >= 100 else None
                return lambda state: fixed
            if node.function == "taken":
                status = label_name(argument)
                return lambda state: True if argument in state.taken else state.variables.get(status, False)
            count = visits_name(argument)
            if node.function == "visited":

                def visited(state: AState) -> AValue:
                    lo, hi = _count(state, count)
                    return True if lo > 0 else False if hi == 0 else None

                return visited
            cap = self.caps.get(argument, VISIT_CAP)

            def visits(state: AState) -> AValue:
                lo, hi = _count(state, count)
                return (lo, NUMBER_LIMIT if hi >= cap else hi)  # a count at its cap reads "that or more"

            return visits
        if isinstance(node, Unary):
            operand = self.node(node.operand)
            if node.op == "not":
                return lambda state: _not(operand(state))
            return lambda state: _neg(operand(state))
        assert isinstance(node, Binary)
        left, right, op = self.node(node.left), self.node(node.right), node.op
        if op == "and":
            return lambda state: _and(left(state), right(state))
        if op == "or":
            return lambda state: _or(left(state), right(state))
        if op == "+":
            return lambda state: _add(left(state), right(state))
        if op == "-":
            return lambda state: _add(left(state), _neg(right(state)))
        return lambda state: compare(op, left(state), right(state))


def _not(value: AValue) -> AValue:
    return None if value is None else not value


def _neg(value: AValue) -> Interval:
    assert isinstance(value, tuple)
    return (-value[1], -value[0])


def _add(a: AValue, b: AValue) -> Interval:
    assert isinstance(a, tuple) and isinstance(b, tuple)
    return (a[0] + b[0], a[1] + b[1])


def _narrow(value: Interval, op: str, other: Interval) -> Interval:
    """`value` kept to where `value op other` can hold (whole numbers)."""
    lo, hi = value
    olo, ohi = other
    if op == "<":
        hi = min(hi, ohi - 1)
    elif op == "<=":
        hi = min(hi, ohi)
    elif op == ">":
        lo = max(lo, olo + 1)
    elif op == ">=":
        lo = max(lo, olo)
    elif op == "==":
        lo, hi = max(lo, olo), min(hi, ohi)
    elif olo == ohi:  # != one number: only an end can move
        if lo == olo:
            lo += 1
        if hi == olo:
            hi -= 1
    return (lo, hi)


# --- the exploration -------------------------------------------------------------------------------

# A program made ready: ("if", condition, its tree, then, otherwise) or
# ("set", target, op, value, is a number, min, max, index of the effect in flat_effects order).
_Step = tuple[object, ...]


class ClampRecord(Struct):
    applied: int = 0
    always_high: bool = True  # every abstract application is certainly cut to the max
    always_low: bool = True


class Abstraction(Struct):
    """The fixpoint, and what held in it (filled by `Abstract.record`)."""

    world: World
    values: dict[AKey, tuple[AValue, ...]] = field(default_factory=dict)  # discrete part -> numbers
    parent: dict[AKey, tuple[AKey, Choice] | None] = field(default_factory=dict)  # first way there
    complete: bool = True
    stopped_by: str = ""
    work: int = 0  # abstract states expanded
    reached: set[str] = field(default_factory=set)
    choice_values: dict[str, set[AValue]] = field(default_factory=dict)  # choice key -> offered?
    variant_values: dict[tuple[str, int], set[AValue]] = field(default_factory=dict)
    text_values: dict[int, set[AValue]] = field(default_factory=dict)  # id(condition) -> values
    # ("scene", id), ("label", choice key), ("reply", choice key): the texts that may come out empty
    # in some state (one left out is proved never empty where it is shown)
    blank_possible: set[tuple[str, str]] = field(default_factory=set)
    clamps: dict[tuple[str, int], ClampRecord] = field(default_factory=dict)
    dead_candidates: list[AKey] = field(default_factory=list)  # no choice certainly offered
    proved_ending: set[AKey] = field(default_factory=set)  # an ending is reached from every state
    uncontained: int = 0  # successors outside the fixpoint: a bug, which voids every claim

    @property
    def states(self) -> int:
        return len(self.values)

    def path(self, key: AKey) -> list[Choice]:
        steps: list[Choice] = []
        link = self.parent.get(key)
        while link is not None:
            steps.append(link[1])
            link = self.parent.get(link[0])
        steps.reverse()
        return steps

    def trapped(self) -> list[AKey]:
        """Abstract states from which no must-path to an ending was found (not proved safe)."""
        return [key for key in self.values if key not in self.proved_ending]


class Abstract:
    """The abstract tier over one world, sharing the exact explorer's liveness and caps."""

    def __init__(
        self,
        world: World,
        explorer: Explorer | None = None,
        max_states: int = DEFAULT_MAX_ABSTRACT,
        exact: frozenset[str] = frozenset(),
        verify: bool = False,
        max_work: int = DEFAULT_MAX_WORK,
    ) -> None:
        """exact: the flags and texts kept exactly (the others, and every number, are joined), and
        visit counts (visits_name) and taken() flags (label_name) kept in the discrete part; a second
        run keeping those a first run could not decide is more precise where it matters."""
        self.world = world
        self.explorer = explorer = explorer or Explorer(world, 1)
        self.max_states = max_states
        self.verify = verify  # check that every successor lies in the fixpoint (tests; it costs)
        self.max_work = max_work
        self.pieces_left = MAX_TOTAL_PIECES  # over the whole record pass: past it, states are looked at whole
        caps = {scene: cap if cap is not None else VISIT_CAP for scene, cap in explorer.visit_caps.items()}
        self.caps = caps
        self.eval = AbstractEval(caps)
        variables = world.variables
        self.exact = {name for name in exact if name in variables and variables[name].type != "number"}
        # Per scene: the live variables kept exactly, and the live ones joined.
        self.discrete: dict[str, tuple[str, ...]] = {}
        self.numbers: dict[str, tuple[str, ...]] = {}
        # Whether each choice taken() names was taken, and each once-only choice while its scene can
        # come back: a flag of its own, joined like flags (the pieces split on it where it is read).
        self.labels = world.labels
        statuses = tuple(label_name(label) for label in sorted(world.labels))
        once: dict[int, list[str]] = {}
        for place in world.scenes.values():
            for each in place.choices:
                if each.once and each.key not in world.labels:
                    once.setdefault(explorer.component[place.id], []).append(label_name(each.key))

        # Visit counts read somewhere: numbers of their own too, each capped ("3" reads "3 or more"),
        # kept where something can still read them (Explorer._keeps_visits).
        counted = sorted(caps)

        def names_at(scene_id: str) -> None:
            """Worked out for the scenes the abstraction reaches only (at 10,000 scenes, for every
            scene and every count, it took longer than the rest)."""
            names = explorer.live_names[scene_id]
            counts = tuple(visits_name(s) for s in counted if explorer._keeps_visits(s, scene_id))
            self.discrete[scene_id] = tuple(n for n in names if n in self.exact)
            joined = tuple(n for n in names if n not in self.exact) + statuses
            joined += tuple(once.get(explorer.component[scene_id], ())) + counts
            # Visit counts and taken() flags asked for exactly are part of the discrete part too.
            self.discrete[scene_id] += tuple(n for n in joined if n in exact)
            self.numbers[scene_id] = tuple(n for n in joined if n not in exact)

        self.discrete = _Lazy(names_at)
        self.numbers = _Lazy(names_at)
        self.thresholds = self._thresholds()
        self.order = _story_order(world, explorer.component)
        self.own_once = {
            place.id: tuple(c.key for c in place.choices if c.once or c.key in world.labels)
            for place in world.scenes.values()
        }
        self.looping = _looping(world, explorer.component)
        self.bounds = {
            name: (
                v.minimum if v.minimum is not None else -NUMBER_LIMIT,
                v.maximum if v.maximum is not None else NUMBER_LIMIT,
            )
            for name, v in variables.items()
        }
        self.programs: dict[int, list[_Step]] = {}
        self.cuts: dict[str, dict[str, list[int]]] = {}
        # The engine's own bookkeeping of a step (visits, taken record, call stack), without the
        # new scene's on_enter (run here on intervals).
        self.arrive: dict[str, Apply] = {
            c.key: arriving(world, {}, c) for s in world.scenes.values() for c in s.choices
        }

    def _thresholds(self) -> dict[str, list[int]]:
        """Where a widened bound stops, per number: the numbers it is compared with (and one either
        side), its bounds, its initial value, and the engine's limits."""
        points: dict[str, set[int]] = {}
        for name, variable in self.world.variables.items():
            if variable.type == "number":
                points[name] = {-NUMBER_LIMIT, NUMBER_LIMIT}
                points[name] |= {b for b in (variable.minimum, variable.maximum, variable.initial) if type(b) is int}
        walked: set[int] = set()
        for compiled, _choice in _all_compiled(self.world):
            if id(compiled) in walked:  # a condition written many times is compiled once
                continue
            walked.add(id(compiled))
            for node in nodes(compiled.tree):
                if isinstance(node, Binary) and node.op in _NEGATE:
                    for var, lit in ((node.left, node.right), (node.right, node.left)):
                        if (
                            isinstance(var, Var)
                            and var.name in points
                            and isinstance(lit, Literal)
                            and type(lit.value) is int
                        ):
                            points[var.name] |= {lit.value - 1, lit.value, lit.value + 1}
        return {name: sorted(found) for name, found in points.items()}

    # --- states ------------------------------------------------------------------------------------

    def load(self, key: AKey, numbers: tuple[AValue, ...]) -> AState:
        scene = key[0]
        variables: dict[str, AValue] = dict(zip(self.discrete[scene], key[1], strict=True))  # type: ignore[arg-type]
        variables.update(zip(self.numbers[scene], numbers, strict=True))
        for once in self.own_once[scene]:  # the scene's own once-only choices: kept exactly
            variables[label_name(once)] = once in key[2]
        return AState(scene, variables, {}, set(), list(key[4]))

    def project(self, state: AState) -> tuple[AKey, tuple[AValue, ...]]:
        """The abstract state `state` is in, keeping only what can still be read from its scene."""
        scene = state.scene_id
        variables = state.variables
        for label in state.taken:  # a choice taken() reads, or a once-only one: a flag, joined
            variables[label_name(label)] = True
        discrete = tuple(variables.get(name, _UNSET.get(name[:6], False)) for name in self.discrete[scene])
        numbers = tuple(variables.get(name, _UNSET.get(name[:6], False)) for name in self.numbers[scene])
        own = frozenset(k for k in self.own_once[scene] if variables.get(label_name(k)) is True)
        return (scene, discrete, own, (), tuple(state.stack)), numbers

    def initial(self) -> AState:
        world = self.world
        variables: dict[str, AValue] = {}
        for name, value in world.initial_variables().items():
            variables[name] = abstract_value(value)
        for label in world.labels:
            variables[label_name(label)] = False
        if world.start in self.caps:
            variables[visits_name(world.start)] = (1, 1)
        state = AState(world.start, variables, {}, set(), [])
        return state

    # --- effects -------------------------------------------------------------------------------------

    def program(self, actions: tuple[Action, ...]) -> list[_Step]:
        found = self.programs.get(id(actions))
        if found is None:
            found = self.programs[id(actions)] = self._compile(actions, [0])
        return found

    def _compile(self, actions: tuple[Action, ...], index: list[int]) -> list[_Step]:
        steps: list[_Step] = []
        for action in actions:
            if isinstance(action, When):
                then = self._compile(action.then, index)
                otherwise = self._compile(action.otherwise, index)
                steps.append(("if", self.eval(action.condition), action.condition.tree, then, otherwise))
                continue
            variable = self.world.variables[action.target]
            low, high = self.bounds[action.target]
            steps.append(
                (
                    "set",
                    action.target,
                    action.op,
                    self.eval(action.value),
                    variable.type == "number",
                    low,
                    high,
                    index[0],
                )
            )
            index[0] += 1
        return steps

    def apply(
        self, steps: list[_Step], state: AState, observe: Callable[[int, int, int, int, int], None] | None
    ) -> list[AState]:
        """The program on `state` (which it may change): the states it can end in."""
        states = [state]
        for step in steps:
            following: list[AState] = []
            if step[0] == "if":
                _kind, condition, tree, then, otherwise = step
                for each in states:
                    holds = condition(each)  # type: ignore[operator]
                    if holds is True:
                        following += self.apply(then, each, observe)  # type: ignore[arg-type]
                    elif holds is False:
                        following += self.apply(otherwise, each, observe)  # type: ignore[arg-type]
                    else:
                        other = each.copy()
                        if self.narrow(tree, each, True):  # type: ignore[arg-type]
                            following += self.apply(then, each, observe)  # type: ignore[arg-type]
                        if self.narrow(tree, other, False):  # type: ignore[arg-type]
                            following += self.apply(otherwise, other, observe)  # type: ignore[arg-type]
            else:
                _kind, target, op, value, number, low, high, index = step
                for each in states:
                    result = value(each)  # type: ignore[operator]
                    if number:
                        if op != "=":
                            old = each.variables[target]  # type: ignore[index]
                            result = _add(old, result if op == "+=" else _neg(result))
                        lo, hi = result
                        if observe is not None:
                            observe(index, lo, hi, low, high)  # type: ignore[arg-type]
                        each.variables[target] = (min(max(lo, low), high), min(max(hi, low), high))  # type: ignore[index]
                        following.append(each)
                    elif target in self.exact and result is None:  # a flag either way: both states
                        other = each.copy()
                        each.variables[target] = True
                        other.variables[target] = False
                        following += (each, other)
                    elif target in self.exact and isinstance(result, frozenset) and len(result) > 1:
                        for text in sorted(result):
                            other = each.copy()
                            other.variables[target] = frozenset((text,))
                            following.append(other)
                    else:
                        each.variables[target] = result  # type: ignore[index]
                        following.append(each)
            states = following
        return states

    def narrow(self, tree: Node, state: AState, truth: bool) -> bool:
        """Narrow `state` to where the condition has the value `truth`; False if it cannot."""
        if isinstance(tree, Unary) and tree.op == "not":
            return self.narrow(tree.operand, state, not truth)
        if isinstance(tree, Binary):
            op = tree.op
            if (op == "and" and truth) or (op == "or" and not truth):
                return self.narrow(tree.left, state, truth) and self.narrow(tree.right, state, truth)
            if op in ("and", "or"):
                # One side must have the value: narrow by the other when this one cannot.
                left = self.eval.node(tree.left)(state)
                right = self.eval.node(tree.right)(state)
                if left is (not truth):
                    return self.narrow(tree.right, state, truth)
                if right is (not truth):
                    return self.narrow(tree.left, state, truth)
            elif op in _NEGATE:
                wanted = op if truth else _NEGATE[op]
                if wanted in ("==", "!="):
                    self._narrow_equal(tree, state, wanted == "==")
                for var, other, how in ((tree.left, tree.right, wanted), (tree.right, tree.left, _FLIP[wanted])):
                    if isinstance(var, Var):
                        value = state.variables.get(var.name)
                        bound = self.eval.node(other)(state)
                        if isinstance(value, tuple) and isinstance(bound, tuple):
                            narrowed = _narrow(value, how, bound)
                            if narrowed[0] > narrowed[1]:
                                return False
                            state.variables[var.name] = narrowed
        elif isinstance(tree, Var) and state.variables.get(tree.name, False) is None:
            state.variables[tree.name] = truth  # a flag tested alone
        elif isinstance(tree, Call) and tree.function == "taken":
            status = label_name(str(tree.argument))
            if str(tree.argument) not in state.taken and state.variables.get(status, False) is None:
                state.variables[status] = truth
        return self.eval.node(tree)(state) is not (not truth)

    def _narrow_equal(self, tree: Binary, state: AState, equal: bool) -> None:
        """A flag or text compared with a known value: kept to the values that compare so."""
        for var, other in ((tree.left, tree.right), (tree.right, tree.left)):
            if not isinstance(var, Var):
                continue
            value = state.variables.get(var.name)
            known = self.eval.node(other)(state)
            if value is None and isinstance(known, bool):
                state.variables[var.name] = known if equal else not known
            elif isinstance(value, frozenset) and isinstance(known, frozenset) and len(known) == 1:
                narrowed = value & known if equal else value - known
                if narrowed:
                    state.variables[var.name] = narrowed

    # --- a step --------------------------------------------------------------------------------------

    def offered(self, state: AState, scene: Scene) -> list[tuple[Choice, AValue]]:
        """Each choice of the scene: offered (True), not (False) or either (None); the engine's
        rules (game.engine.rules.availability, and a fallback only when nothing else is)."""
        verdicts: list[tuple[Choice, AValue]] = []
        plain = [self._own(state, c) for c in scene.choices if not c.fallback]
        some = any(v is True for v in plain)
        none = all(v is False for v in plain)
        others = iter(plain)
        for choice in scene.choices:
            own = self._own(state, choice) if choice.fallback else next(others)
            if choice.fallback:
                own = False if some or own is False else own if none else None
            verdicts.append((choice, own))
        return verdicts

    def _own(self, state: AState, choice: Choice) -> AValue:
        taken: AValue = False
        if choice.once:
            taken = True if choice.key in state.taken else state.variables.get(label_name(choice.key), False)
            if taken is True:
                return False
        if choice.returns and not state.stack:
            return False
        if choice.then and len(state.stack) >= MAX_CALL_DEPTH:
            return False
        holds = True if choice.condition is None else self.eval(choice.condition)(state)
        return None if taken is None and holds is not False else holds

    def take(
        self,
        state: AState,
        choice: Choice,
        verdict: AValue,
        verdicts: list[tuple[Choice, AValue]],
        observe: Callable[[int, int, int, int, int], None] | None = None,
        replied: Callable[[AState], None] | None = None,
    ) -> list[AState]:
        """The abstract states after taking `choice` (offered `verdict`) from `state` (not changed)."""
        start = state.copy()
        if choice.once:
            start.variables[label_name(choice.key)] = False  # offered: not taken before
        if verdict is None:
            if choice.condition is not None and not self.narrow(choice.condition.tree, start, True):
                return []
            if choice.fallback:  # offered only when every other choice is not
                for other, other_verdict in verdicts:
                    unknown = other is not choice and not other.fallback and other_verdict is None
                    if unknown and other.condition is not None and not self.narrow(other.condition.tree, start, False):
                        return []
        states = self.apply(self.program(choice.actions), start, observe)
        if replied is not None:
            for each in states:
                replied(each)
        after = self.program(choice.after)
        if after:
            states = [s for each in states for s in self.apply(after, each, None)]
        arrive = self.arrive[choice.key]
        result: list[AState] = []
        for each in states:
            each.scene_id = scene = destination(each, choice)  # type: ignore[arg-type]
            arrive(each)  # type: ignore[arg-type]
            _SINK.clear()
            each.visits.clear()  # the engine counted on a scratch dict: the count is a number here
            cap = self.caps.get(scene)
            if cap is not None:
                lo, hi = _count(each, visits_name(scene))
                each.variables[visits_name(scene)] = (min(lo + 1, cap), min(hi + 1, cap))
            entering = self.program(self.world.scenes[each.scene_id].on_enter)
            for entered in self.apply(entering, each, None) if entering else [each]:
                result += self._own_once_known(entered)
        return result

    def _own_once_known(self, state: AState) -> list[AState]:
        """The state split until whether each once-only choice of its scene was taken is known
        (they are kept exactly: a scene's own once-only choices decide its loops)."""
        states = [state]
        for once in self.own_once[state.scene_id]:
            name = label_name(once)
            if once in state.taken:
                for each in states:
                    each.variables[name] = True
                continue
            split: list[AState] = []
            for each in states:
                if each.variables.get(name, False) is None:
                    other = each.copy()
                    each.variables[name], other.variables[name] = True, False
                    split += (each, other)
                else:
                    split.append(each)
            states = split
        return states

    # --- the fixpoint ---------------------------------------------------------------------------------

    def explore(self) -> Abstraction:
        world = self.world
        found = Abstraction(world)
        values = found.values
        joins: dict[AKey, int] = {}
        start = self.initial()
        entering = self.program(world.scenes[world.start].on_enter)
        queue: list[tuple[int, int, AKey]] = []  # a heap: scenes earlier in the story first
        queued: set[AKey] = set()
        for state in self.apply(entering, start, None) if entering else [start]:
            key, numbers = self.project(state)
            self._join(found, joins, queue, queued, key, numbers, None)
        while queue:
            key = heapq.heappop(queue)[2]
            queued.discard(key)
            found.work += 1
            if found.work > self.max_work:
                found.complete, found.stopped_by = False, "work"
                break
            scene = world.scenes[key[0]]
            if scene.ending is not None:
                continue
            state = self.load(key, values[key])
            verdicts = self.offered(state, scene)
            for choice, verdict in verdicts:
                if verdict is False:
                    continue
                for child in self.take(state, choice, verdict, verdicts):
                    child_key, numbers = self.project(child)
                    if not self._join(found, joins, queue, queued, child_key, numbers, (key, choice)):
                        found.complete, found.stopped_by = False, "states"
                        queue.clear()
                        break
        if found.complete:
            self.record(found)
            if found.uncontained:  # a successor outside the fixpoint: the abstraction is wrong somewhere
                found.complete, found.stopped_by = False, "an internal check"
        return found

    def _join(
        self,
        found: Abstraction,
        joins: dict[AKey, int],
        queue: list[tuple[int, int, AKey]],
        queued: set[AKey],
        key: AKey,
        numbers: tuple[AValue, ...],
        parent: tuple[AKey, Choice] | None,
    ) -> bool:
        values = found.values
        old = values.get(key)
        if old is None:
            if len(values) >= self.max_states:
                return False
            values[key] = numbers
            found.parent[key] = parent
        else:
            joined = tuple(_hull(a, b) for a, b in zip(old, numbers, strict=True))
            if joined == old:
                return True
            count = joins[key] = joins.get(key, 0) + 1
            if count > WIDEN_AFTER:
                joined = self._widen(key[0], old, joined, to_bounds=count > 2 * WIDEN_AFTER)
            values[key] = joined
        if key not in queued:
            queued.add(key)
            heapq.heappush(queue, (self.order[key[0]], len(values) + found.work, key))
        return True

    def _widen(
        self, scene: str, old: tuple[AValue, ...], new: tuple[AValue, ...], to_bounds: bool
    ) -> tuple[AValue, ...]:
        """A bound that grows again jumps to the next number compared with, then (to_bounds: a
        state joined many times) to the variable's min or max."""
        widened = []
        for name, was, now in zip(self.numbers[scene], old, new, strict=True):
            if not isinstance(was, tuple) or not isinstance(now, tuple) or name not in self.thresholds:
                widened.append(now)  # flags, texts and capped visit counts: finitely many values
                continue
            (olo, ohi), (lo, hi) = was, now
            points = self.thresholds[name]
            if to_bounds:
                low, high = self.bounds[name]
                lo, hi = (low if lo < olo else lo), (high if hi > ohi else hi)
            if lo < olo:
                lo = points[max(0, bisect_right(points, lo) - 1)]
            if hi > ohi:
                hi = points[min(len(points) - 1, bisect_left(points, hi))]
            widened.append((lo, hi))
        return tuple(widened)

    # --- what held in the fixpoint -------------------------------------------------------------------

    def record(self, found: Abstraction) -> None:
        """One pass over the fixpoint: every condition's values, clamps, dead-end candidates, and
        the must-paths to an ending (states from which an ending is reached whatever they hold).

        Each abstract state is looked at in pieces (`pieces`), so that complementary conditions
        (`hours > 0`, `hours <= 0`) are each decided in every piece, and a loop that counts (a
        sample read each time round) makes progress from piece to piece."""
        world = self.world
        values = found.values
        cut = {key: self.pieces(self.load(key, numbers), world.scenes[key[0]]) for key, numbers in values.items()}
        first: dict[AKey, int] = {}  # the number of each state's first piece in the must-graph
        count = 0
        for key, pieces in cut.items():
            first[key] = count
            count += len(pieces)
        ending = bytearray(count)
        # ways[piece] = for each choice offered in every concrete state of that piece: the pieces its
        # successors can be in.
        ways: list[list[tuple[int, ...]]] = [[] for _ in range(count)]
        where: dict[tuple[AKey, tuple[AValue, ...]], tuple[int, ...]] = {}
        blanks = self.explorer.blanks
        for key, pieces in cut.items():
            scene = world.scenes[key[0]]
            found.reached.add(scene.id)
            stuck = False
            for number, state in enumerate(pieces):
                for index, variant in enumerate(scene.variants):
                    found.variant_values.setdefault((scene.id, index), set()).add(self.eval(variant.condition)(state))
                for text_condition in scene_text_conditions(scene):
                    found.text_values.setdefault(id(text_condition), set()).add(self.eval(text_condition)(state))
                if blanks.checks_narration(scene) and blanks.narration(scene, self.known(state)):
                    found.blank_possible.add(("scene", scene.id))
                if scene.ending is not None:
                    ending[first[key] + number] = 1
                    continue
                piece_ways, certain = self._record_piece(found, cut, first, where, state, scene)
                ways[first[key] + number] = piece_ways
                stuck |= not certain
            if stuck:
                found.dead_candidates.append(key)
        proved = _must_reach(ending, ways)
        found.proved_ending = {key for key, pieces in cut.items() if all(proved[first[key] : first[key] + len(pieces)])}

    def _record_piece(
        self,
        found: Abstraction,
        cut: dict[AKey, list[AState]],
        first: dict[AKey, int],
        where: dict[tuple[AKey, tuple[AValue, ...]], tuple[int, ...]],
        state: AState,
        scene: Scene,
    ) -> tuple[list[tuple[int, ...]], bool]:
        """Record one piece's choices; the pieces its must-choices lead to, and whether one is certain."""
        values = found.values
        blanks = self.explorer.blanks
        verdicts = self.offered(state, scene)
        ways: list[tuple[int, ...]] = []
        certain = False
        for choice, verdict in verdicts:
            if verdict is not False:
                for inline in choice.compiled.conditions:
                    found.text_values.setdefault(id(inline.condition), set()).add(self.eval(inline.condition)(state))
                if blanks.checks_label(choice) and blanks.label(choice, self.known(state)):
                    found.blank_possible.add(("label", choice.key))
            replied = None
            if choice.reply is not None and (choice.reply.conditions or blanks.checks_reply(choice)):
                reply_conditions = tuple(c.condition for c in choice.reply.conditions)

                def replied(
                    after_do: AState, conditions: tuple[Compiled, ...] = reply_conditions, choice: Choice = choice
                ) -> None:
                    for condition in conditions:
                        found.text_values.setdefault(id(condition), set()).add(self.eval(condition)(after_do))
                    if blanks.checks_reply(choice) and blanks.reply(choice, self.known(after_do)):
                        found.blank_possible.add(("reply", choice.key))

            children: list[AState] = []
            if verdict is not False:
                children = self.take(state, choice, verdict, verdicts, self._observer(found, choice.key), replied)
                if not children:
                    verdict = False  # narrowed away: its condition cannot hold here
            if not (choice.once and choice.key in state.taken):  # as the exact exploration records it
                found.choice_values.setdefault(choice.key, set()).add(verdict)
            if verdict is not True and not self.verify:
                continue
            successors: set[int] = set()
            for child in children:
                child_key, child_values = self.project(child)
                if self.verify:
                    held = values.get(child_key)
                    if held is None or not _within(child_values, held):
                        found.uncontained += 1
                        continue
                names = self.cuts[child_key[0]]
                signature = (child_key, tuple(child.variables.get(name, False) for name in names))
                into = where.get(signature)
                if into is None:
                    base = first[child_key]
                    pieces = cut[child_key]
                    into = where[signature] = (
                        (base,)
                        if len(pieces) == 1
                        else tuple(base + n for n, piece in enumerate(pieces) if _overlaps(child, piece, names))
                    )
                successors.update(into)
            if verdict is True:
                certain = True
                ways.append(tuple(successors))
        return ways, certain

    def known(self, state: AState) -> Known:
        """What an abstract state knows, as game.authoring.blank asks it."""

        def truth(condition: Compiled) -> bool | None:
            value = self.eval(condition)(state)
            return value if isinstance(value, bool) else None

        def values(name: str) -> tuple[Value, ...] | frozenset[str] | None:
            value = state.variables.get(name)
            if isinstance(value, frozenset) or value is None:
                return value if value is not None else None
            if isinstance(value, bool):
                return (value,)
            return None  # a number: never empty; its word() is looked up over every band

        return Known(truth, values)

    def pieces(self, state: AState, scene: Scene) -> list[AState]:
        """The state cut where the scene's choice conditions change value: each number at the
        numbers it is compared with, each flag either way, each text by value (at most MAX_PIECES
        pieces; past that, the state whole)."""
        cuts = self.cuts.get(scene.id)
        if cuts is None:
            cuts = self.cuts[scene.id] = _cuts(scene)
        options: list[tuple[str, list[AValue]]] = []
        count = 1
        for name, points in cuts.items():
            value = state.variables.get(name, False)
            if isinstance(value, tuple):
                split = _split(value, points)
            elif value is None:
                split = [True, False]
            elif isinstance(value, frozenset) and len(value) > 1:
                split = [frozenset((text,)) for text in sorted(value)]
            else:
                continue
            if len(split) > 1:
                options.append((name, split))
                count *= len(split)
        if not options or count > MAX_PIECES or count > self.pieces_left:
            return [state]
        # Then, while there is room, a short interval one number at a time: a loop that counts up
        # to a threshold then goes from piece to piece (and is proved to get there).
        looping = self.looping.get(scene.id, ())
        for position, (name, split) in enumerate(options):
            if name not in looping:
                continue
            fine: list[AValue] = []
            for value in split:
                if isinstance(value, tuple) and value[1] - value[0] < FINE:
                    fine += [(n, n) for n in range(value[0], value[1] + 1)]
                else:
                    fine.append(value)
            if len(fine) > len(split) and count // len(split) * len(fine) <= MAX_PIECES:
                count = count // len(split) * len(fine)
                options[position] = (name, fine)
        self.pieces_left -= count
        found: list[AState] = []
        for combination in itertools.product(*(split for _name, split in options)):
            piece = state.copy()
            for (name, _split_values), value in zip(options, combination, strict=True):
                piece.variables[name] = value
            found.append(piece)
        return found

    def _observer(self, found: Abstraction, choice_key: str) -> Callable[[int, int, int, int, int], None]:
        clamps = found.clamps

        def observe(index: int, lo: int, hi: int, low: int, high: int) -> None:
            record = clamps.get((choice_key, index))
            if record is None:
                record = clamps[(choice_key, index)] = ClampRecord()
            record.applied += 1
            if not lo > high:
                record.always_high = False
            if not hi < low:
                record.always_low = False

        return observe


def _looping(world: World, component: dict[str, int]) -> dict[str, set[str]]:
    """Per scene in a loop of the scene graph: the variables the loop's effects change (a count
    that can make progress round the loop, so worth cutting into single numbers)."""
    leads = next_scenes(world)
    changed: dict[int, set[str]] = {}
    loops: set[int] = set()
    for scene in world.scenes.values():
        home = component[scene.id]
        for program in scene.programs():
            changed.setdefault(home, set()).update(effect.target for effect in flat_effects(program))
        if any(component[t] == home for c in scene.choices for t in leads[c.key]):
            loops.add(home)
    return {scene: changed.get(c, set()) for scene, c in component.items() if c in loops}


def _story_order(world: World, component: dict[str, int]) -> dict[str, int]:
    """Each scene's place in a topological order of the scene graph's components: states are
    worked on in it, so that what leads into a scene is settled before the scene is (far fewer
    states worked on again)."""
    leads = next_scenes(world)
    after: dict[int, set[int]] = {c: set() for c in component.values()}
    for scene in world.scenes.values():
        for choice in scene.choices:
            for target in leads[choice.key]:
                if component[target] != component[scene.id]:
                    after[component[scene.id]].add(component[target])
    waiting = {c: 0 for c in after}
    for later in after.values():
        for part in later:
            waiting[part] += 1
    ready = deque(sorted(c for c, n in waiting.items() if n == 0))
    rank: dict[int, int] = {}
    while ready:
        current = ready.popleft()
        rank[current] = len(rank)
        for part in sorted(after[current]):
            waiting[part] -= 1
            if waiting[part] == 0:
                ready.append(part)
    return {scene: rank.get(c, len(rank)) for scene, c in component.items()}


def _cuts(scene: Scene) -> dict[str, list[int]]:
    """The variables the scene's choice conditions read, each with the numbers it is compared with."""
    cuts: dict[str, set[int]] = {}
    for choice in scene.choices:
        if choice.once:
            cuts.setdefault(label_name(choice.key), set())
        if choice.condition is None:
            continue
        for read in choice.condition.reads:
            cuts.setdefault(read, set())
        for label in choice.condition.labels:
            cuts.setdefault(label_name(label), set())
        for counted in choice.condition.scenes:
            cuts.setdefault(visits_name(counted), {0})
        for node in nodes(choice.condition.tree):
            if isinstance(node, Binary) and node.op in _NEGATE:
                for side, other in ((node.left, node.right), (node.right, node.left)):
                    name, offset = _linear(side)
                    other_name, constant = _linear(other)
                    if name is not None and offset is not None and other_name is None and constant is not None:
                        cuts[name].add(constant - offset)  # x + offset OP constant: x against constant - offset
    return {name: sorted(points) for name, points in cuts.items()}


def _linear(node: Node) -> tuple[str | None, int | None]:
    """A variable plus a whole number (name, offset), or a whole number alone (None, value), or
    (None, None) for anything else."""
    if isinstance(node, Literal) and type(node.value) is int:
        return None, node.value
    if isinstance(node, Var):
        return node.name, 0
    if isinstance(node, Call) and node.function == "visits":
        return visits_name(str(node.argument)), 0
    if isinstance(node, Unary) and node.op == "-":
        name, value = _linear(node.operand)
        return (None, -value) if name is None and value is not None else (None, None)
    if isinstance(node, Binary) and node.op in ("+", "-"):
        left, right = _linear(node.left), _linear(node.right)
        sign = 1 if node.op == "+" else -1
        if left[0] is not None and right[0] is None and right[1] is not None:
            return left[0], (left[1] or 0) + sign * right[1]
        if node.op == "+" and right[0] is not None and left[0] is None and left[1] is not None:
            return right[0], (right[1] or 0) + left[1]
        if left[0] is None and right[0] is None and left[1] is not None and right[1] is not None:
            return None, left[1] + sign * right[1]
    return None, None


def _split(value: Interval, points: list[int]) -> list[AValue]:
    """The interval cut below, at and above each point: within a piece, every comparison of the
    value with one of the points has one answer."""
    lo, hi = value
    pieces: list[AValue] = []
    for point in points:
        if point < lo or point > hi:
            continue
        if lo < point:
            pieces.append((lo, point - 1))
        pieces.append((point, point))
        lo = point + 1
    if lo <= hi:
        pieces.append((lo, hi))
    return pieces


def _hull(a: AValue, b: AValue) -> AValue:
    """The least abstract value holding both."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return a if a[0] <= b[0] and b[1] <= a[1] else (min(a[0], b[0]), max(a[1], b[1]))
    if isinstance(a, frozenset) and isinstance(b, frozenset):
        return a | b
    return a if a == b else None


def _within(values: tuple[AValue, ...], held: tuple[AValue, ...]) -> bool:
    """Every concrete state `values` stands for is one `held` stands for."""
    return all(_hull(h, v) == h for v, h in zip(values, held, strict=True))


def _overlaps(state: AState, piece: AState, names: Iterable[str]) -> bool:
    """Some concrete state stands in both: `state` lies within the piece's whole abstract state, so
    only the variables the pieces were cut on (`names`) can tell them apart."""
    for name in names:
        value = piece.variables.get(name, False)
        other = state.variables.get(name, value)
        if isinstance(value, tuple) and isinstance(other, tuple):
            if value[1] < other[0] or other[1] < value[0]:
                return False
        elif isinstance(value, frozenset) and isinstance(other, frozenset):
            if value.isdisjoint(other):
                return False
        elif value is not None and other is not None and value != other:
            return False
    return True


def _must_reach(ending: bytearray, ways: list[list[tuple[int, ...]]]) -> bytearray:
    """The pieces from which an ending is reached along choices offered in every concrete state they
    stand for, whatever those choices lead to: an and-or graph, where a piece is proved when one
    such choice has every piece it can lead to proved (counted down, so linear in the edges)."""
    proved = bytearray(ending)
    pending: list[int] = []  # per (piece, choice): successors not proved yet
    waiting: dict[int, list[tuple[int, int]]] = {}  # piece -> the (piece, way) waiting on it
    queue = deque(i for i, done in enumerate(proved) if done)
    for node, node_ways in enumerate(ways):
        if proved[node]:
            continue
        for successors in node_ways:
            left = [s for s in successors if not proved[s]]
            if not left:
                proved[node] = 1
                queue.append(node)
                break
            way = len(pending)
            pending.append(len(left))
            for successor in left:
                waiting.setdefault(successor, []).append((node, way))
    while queue:
        done = queue.popleft()
        for node, way in waiting.pop(done, ()):
            pending[way] -= 1
            if pending[way] == 0 and not proved[node]:
                proved[node] = 1
                queue.append(node)
    return proved


def _all_compiled(world: World) -> Iterator[tuple[Compiled, Choice | None]]:
    from game.authoring.explore import expressions, scene_reads

    yield from expressions(world)
    for scene in world.scenes.values():
        for each in scene_reads(scene)[0]:
            if isinstance(each, Compiled):
                yield each, None
