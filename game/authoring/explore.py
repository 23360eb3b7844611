"""Breadth-first exploration of every state a world can reach.

A state is what decides the rest of a run, and only that: the scene, and of the variables, visit
counts and once-only choices taken, only those that a condition, an effect or a text can still read
from here (liveness per scene). History nobody reads again (a once-only choice in a scene never
come back to, a flag set and never tested after, the visits of a room left for good) is dropped,
so states that differ only in it are one state. `chance()` is one branch point with two outcomes.
Because the search is breadth-first, the first time a state is reached is by a shortest run, and
parent pointers rebuild that run.

Exploration does not go through the transitions Machine: a light state evaluates the world's
compiled conditions and effects directly (a Story per state would cost a Machine model each).
Witness runs built from it are replayed through the real Story before anyone is told about them.

Two things more keep the state space finite where it safely can be:
- a visit count read only as `visited("x")` or compared with whole numbers is capped just above the
  largest number it is compared with (a count past every threshold reads the same everywhere);
- a number without a `max` that only ever grows by `+= N`, and is only compared with whole numbers,
  is capped the same way (and likewise one without a `min` that only shrinks by `-= N`).
Anything else is explored exactly, up to `max_states` states and about `max_bytes` of memory; past
that the exploration says it stopped, and which variables and counters multiply the states.
"""

from __future__ import annotations

import gc
import math
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from weakref import WeakKeyDictionary

from msgspec import Struct, field

from game.authoring.blank import BlankCheck, Known
from game.engine.rules import RunState, destination, effects, rules_for
from game.engine.run import Step
from game.world.expr import Binary, Call, Compiled, Literal, Node, Unary, Value, Var, nodes
from game.world.model import Action, Choice, Scene, When, World, flat_effects
from game.world.text import Text

DEFAULT_MAX_STATES = 500_000
DEFAULT_MAX_BYTES = 400 * 1024 * 1024  # an estimate of the exploration's own memory
# The memory estimate that max_bytes bounds (Exploration.bytes), in one place (measured, CPython 3.11):
#   STATE_BYTES a state
#   + for each distinct part the states hold (their values, and the once-only choices, visit counts
#     and return scenes when not empty; equal parts are one shared object):
#     PART_BYTES + SLOT_BYTES an element, and SET_ENTRY_BYTES more an element of a set
#   + EDGE_BYTES a step between two states of the state graph (added when the search is over).
# The search stops adding states once the estimate of the states found (without the edges) reaches
# max_bytes.
STATE_BYTES = 330  # its key, its index entry, parent edge and list slots
PART_BYTES = 64  # a tuple's or a frozenset's own header
SLOT_BYTES = 8  # a pointer an element
SET_ENTRY_BYTES = 56  # a set's hash table, an element
EDGE_BYTES = 8  # an entry of the state graph's successor array
PRUNE_BUDGET = 2_000_000  # scenes walked to decide where visit counts can still be read
COARSE_PER_SCENE = 400  # states kept per scene by the coarse search
STEER = 0.8  # how often a steered walk takes a choice toward its next scene rather than any
VALUES_SEEN = 64  # values kept per variable a failing condition read (W103 names them; a number's range)
_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")

# A state: scene, the values of the variables live there (in the order of Explorer.live_names[scene]),
# the once-only choices taken that can still matter, and the visit counts that can still be read and
# are not 0, as sorted (scene, count) pairs.
# And the sub-scene calls to come back from (the scenes named, innermost last).
Key = tuple[str, tuple[Value, ...], frozenset[str], tuple[tuple[str, int], ...], tuple[str, ...]]
# The chance() outcomes a step needs: (site, came out true).
Chances = tuple[tuple[int, bool], ...]


class Edge(Struct, frozen=True):
    parent: int
    choice: Choice
    chances: Chances


class _Light:
    """What compiled expressions read (the expr.State protocol), without a Story or a Machine."""

    __slots__ = ("scene_id", "variables", "visits", "taken", "steps", "stack", "forced", "fresh")

    def __init__(self) -> None:
        # What engine.rules reads and changes in a step (its RunState), on plain containers.
        self.scene_id = ""
        self.variables: dict[str, Value] = {}
        self.visits: dict[str, int] = {}
        self.taken: set[str] | frozenset[str] = frozenset()
        self.steps: list[Step] = []
        self.stack: list[str] = []
        self.forced: dict[int, bool] = {}
        self.fresh: list[int] = []

    def draw(self, site: int) -> int:
        outcome = self.forced.get(site)
        if outcome is None:  # first time this step: take the "true" branch, note the other
            self.forced[site] = outcome = True
            self.fresh.append(site)
        return 0 if outcome else 99  # 0 < p unless chance(0); 99 < p only for chance(100)


def _keep_seen(values: set[Value], value: Value) -> None:
    """Add `value` to the values a condition read, at most VALUES_SEEN of them: past that a number
    beyond the smallest or largest kept takes its place, so the range W103 names stays whole (a
    text's are the first found)."""
    if len(values) < VALUES_SEEN:
        values.add(value)
    elif type(value) is int and value not in values:  # (a value kept already: nothing to look at)
        numbers: set[int] = values  # type: ignore[assignment]  # all whole numbers: a variable has one type
        low, high = min(numbers), max(numbers)
        if value < low:
            values.discard(low)
            values.add(value)
        elif value > high:
            values.discard(high)
            values.add(value)


def _region(value: int, points: tuple[int, ...]) -> int:
    """Below, at or above each compared number: values in one region pass the same comparisons."""
    return 2 * bisect_left(points, value) + (value in points)


def _outcomes(light: _Light, evaluate: Callable[[], object]) -> Iterator[tuple[Chances, object]]:
    """Run `evaluate` once for every combination of the chance() draws it makes."""
    stack: list[dict[int, bool]] = [{}]
    while stack:
        forced = stack.pop()
        light.forced = dict(forced)
        light.fresh = []
        result = evaluate()
        yield tuple(sorted(light.forced.items())), result
        for index, site in enumerate(light.fresh):
            other = dict(forced)
            for earlier in light.fresh[:index]:
                other[earlier] = True
            other[site] = False
            stack.append(other)


# --- which counts can be capped --------------------------------------------------------------------


def _walk(tree: Node, visit: Callable[[Node, Node | None], None]) -> None:
    """`visit(node, its parent)` for every node of the tree (expr.nodes' walk, the root's parent None)."""
    visit(tree, None)
    for node in nodes(tree):
        if isinstance(node, Unary):
            visit(node.operand, node)
        elif isinstance(node, Binary):
            visit(node.left, node)
            visit(node.right, node)


def _compared_literal(node: Node, parent: Node | None) -> int | None:
    """The whole number `node` is directly compared with, or None when it is used any other way."""
    if not isinstance(parent, Binary) or parent.op not in _COMPARISONS:
        return None
    other = parent.right if parent.left is node else parent.left
    if isinstance(other, Literal) and isinstance(other.value, int) and not isinstance(other.value, bool):
        return other.value
    return None


def expressions(world: World) -> Iterator[tuple[Compiled, Choice | None]]:
    """Every compiled expression of the world, with the choice it belongs to (None for variants)."""
    for scene in world.scenes.values():
        for variant in scene.variants:
            yield variant.condition, None
        for choice in scene.choices:
            if choice.condition is not None:
                yield choice.condition, choice
            for effect in choice.effects:
                yield effect.value, choice


def _caps(
    world: World,
) -> tuple[dict[str, int | None], dict[str, tuple[int, int] | None], dict[str, tuple[int, ...] | None]]:
    """Visit caps per scene read, and (direction, cap) per number variable that can be capped."""
    visit_caps: dict[str, int | None] = {}
    exact_visits: set[str] = set()
    var_literals: dict[str, list[int]] = {}
    exact_vars: set[str] = set()

    def visit(node: Node, parent: Node | None) -> None:
        if isinstance(node, Call) and node.function in ("visited", "visits"):
            target = str(node.argument)
            literal = 0 if node.function == "visited" else _compared_literal(node, parent)
            if literal is None:
                exact_visits.add(target)
            else:
                visit_caps[target] = max(visit_caps.get(target) or 0, literal + 1, 1)
        elif isinstance(node, Var):
            literal = _compared_literal(node, parent)
            if literal is None:
                exact_vars.add(node.name)
            else:
                var_literals.setdefault(node.name, []).append(literal)

    walked: set[int] = set()
    for compiled, _choice in expressions(world):
        if id(compiled) not in walked:  # a condition written many times is compiled once: walked once
            walked.add(id(compiled))
            _walk(compiled.tree, visit)
    for place in world.scenes.values():
        for each in scene_reads(place)[0]:
            if isinstance(each, Text):
                exact_vars |= each.reads  # a text may show a value (or its word): it is kept exact
                for inline in each.conditions:  # the visit counts it asks about, as any condition does
                    _walk(inline.condition.tree, visit)
            else:
                _walk(each.tree, visit)
        for effect in flat_effects(place.on_enter) + tuple(
            e for choice in place.choices for e in flat_effects(choice.program) + flat_effects(choice.after)
        ):
            exact_vars.add(effect.target)  # set by a conditional effect or on entering: not capped
    for scene_id in exact_visits:
        visit_caps[scene_id] = None

    read_otherwise = set(exact_vars)
    directions: dict[str, set[int]] = {}
    for scene in world.scenes.values():
        for choice in scene.choices:
            for effect in choice.effects:
                tree = effect.value.tree
                step = tree.value if isinstance(tree, Literal) and type(tree.value) is int else None
                if effect.op == "=" or step is None:
                    exact_vars.add(effect.target)
                    continue
                sign = 1 if (effect.op == "+=") == (step >= 0) else -1
                directions.setdefault(effect.target, set()).add(sign)
    var_caps: dict[str, tuple[int, int] | None] = {}
    for name, variable in world.variables.items():
        signs = directions.get(name, set())
        if variable.type != "number" or name in exact_vars or len(signs) != 1:
            continue
        literals = var_literals.get(name, [])
        if not literals:
            literals = [variable.initial] if isinstance(variable.initial, int) else [0]
        if signs == {1} and variable.maximum is None:
            var_caps[name] = (1, max(literals) + 1)
        elif signs == {-1} and variable.minimum is None:
            var_caps[name] = (-1, min(literals) - 1)
    # For the coarse search: the numbers each number variable is compared with (None: used otherwise).
    points: dict[str, tuple[int, ...] | None] = {}
    for name, variable in world.variables.items():
        if variable.type == "number":
            points[name] = None if name in read_otherwise else tuple(sorted(set(var_literals.get(name, []))))
    return visit_caps, var_caps, points


# --- what can still be read: liveness per scene ---------------------------------------------------------


def next_scenes(world: World) -> dict[str, tuple[str, ...]]:
    """Where each choice can lead in the scene graph: its target, or for a return from a sub-scene
    every scene a call comes back to. Worked out once per world (lint asks for it many times)."""
    found = _NEXT_SCENES.get(world)
    if found is None:
        back = tuple(sorted({c.then for s in world.scenes.values() for c in s.choices if c.then}))
        found = {c.key: back if c.returns else (c.target,) for s in world.scenes.values() for c in s.choices}
        _NEXT_SCENES[world] = found
    return found


_NEXT_SCENES: WeakKeyDictionary[World, dict[str, tuple[str, ...]]] = WeakKeyDictionary()


def _sccs(world: World) -> dict[str, int]:
    """The strongly connected component of each scene in the scene graph (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = 0
    leads = next_scenes(world)

    def children_of(scene_id: str) -> Iterator[str]:
        return iter([t for c in world.scenes[scene_id].choices for t in leads[c.key]])

    for root in world.scenes:
        if root in index:
            continue
        work = [(root, children_of(root))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, children_of(child)))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                number = index[node]
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = number
                    if member == node:
                        break
    return component


def _chancy(world: World) -> set[str]:
    """Choices whose step may draw chance(): in their condition or effects, in a fallback's siblings'
    conditions, or in the on_enter of a scene they can lead to."""
    leads = next_scenes(world)

    def draws(compiled: list[Compiled]) -> bool:
        return any(c.uses_chance for c in compiled)

    entering = {s.id for s in world.scenes.values() if draws(_actions_read(s.on_enter))}
    found: set[str] = set()
    for scene in world.scenes.values():
        conditions = [c.condition for c in scene.choices if c.condition is not None]
        for choice in scene.choices:
            own = [choice.condition] if choice.condition is not None else []
            own += _actions_read(choice.actions) + _actions_read(choice.after)
            if draws(own) or (choice.fallback and draws(conditions)) or entering & set(leads[choice.key]):
                found.add(choice.key)
    return found


def _reads(compiled: Compiled | Text, bit: dict[str, int]) -> int:
    mask = 0
    for name in compiled.reads:
        mask |= bit.get(name, 0)
    return mask


def _actions_read(actions: tuple[Action, ...]) -> list[Compiled]:
    """Every condition and effect value in a program (conditional effects included)."""
    found: list[Compiled] = []
    for action in actions:
        if isinstance(action, When):
            found += [action.condition, *_actions_read(action.then), *_actions_read(action.otherwise)]
        else:
            found.append(action.value)
    return found


def scene_reads(scene: Scene) -> tuple[list[Compiled | Text], set[str]]:
    """What a scene reads, beyond its choices' plain effects: every condition, inline text, reply and
    conditional effect (expressions and texts), and the variables its programs set (read as kept:
    a conditional effect may leave a variable as it was)."""
    read: list[Compiled | Text] = [scene.compiled, *(b.body for b in scene.blocks)]
    read += [b.condition for b in scene.blocks if b.condition is not None]
    for variant in scene.variants:
        read += [variant.condition, variant.compiled]
    read += _actions_read(scene.on_enter)
    targets = {effect.target for effect in flat_effects(scene.on_enter)}
    for choice in scene.choices:
        read.append(choice.compiled)
        if choice.condition is not None:
            read.append(choice.condition)
        if choice.reply is not None:
            read.append(choice.reply)
        if choice.program or choice.after:
            read += _actions_read(choice.program) + _actions_read(choice.after)
            targets |= {effect.target for effect in flat_effects(choice.program) + flat_effects(choice.after)}
    return read, targets


class Liveness(Struct, frozen=True):
    """Per scene, what a state there must keep (see the module's docstring)."""

    names: dict[str, tuple[str, ...]]  # scene -> variables live there, in world order
    component: dict[str, int]  # scene -> its strongly connected component
    visit_keep: dict[str, frozenset[str] | None]  # tracked scene -> scenes where its count is kept (None: its SCC)


def liveness(world: World) -> Liveness:
    """Variables live at each scene: read by the scene (its variants, conditions and effects) or by a
    later scene before a choice on the way sets them (`x = ...` not reading x)."""
    order = tuple(world.variables)
    bit = {name: 1 << index for index, name in enumerate(order)}
    reads: dict[str, int] = {}
    edges: dict[str, list[tuple[str, int]]] = {}  # scene -> (target, variables the choice sets, unread)
    preds: dict[str, set[str]] = {scene_id: set() for scene_id in world.scenes}
    leads = next_scenes(world)
    for scene in world.scenes.values():
        mask = 0
        extra, kept = scene_reads(scene)
        for compiled in extra:
            mask |= _reads(compiled, bit)
        for name in kept:
            mask |= bit[name]
        out = []
        for choice in scene.choices:
            kills = 0
            if not choice.program and not choice.after:  # a plain list of effects, in order
                for effect in choice.effects:
                    mask |= _reads(effect.value, bit) & ~kills
                    if effect.op == "=":
                        kills |= bit[effect.target]
                    elif not kills & bit[effect.target]:
                        mask |= bit[effect.target]  # += reads the old value, unless set just before
            for target in leads[choice.key]:
                out.append((target, kills))
                preds[target].add(scene.id)
        reads[scene.id] = mask
        edges[scene.id] = out
    live = dict(reads)
    work = deque(world.scenes)
    queued = set(world.scenes)
    while work:
        scene_id = work.popleft()
        queued.discard(scene_id)
        mask = reads[scene_id]
        for target, kills in edges[scene_id]:
            mask |= live[target] & ~kills
        if mask != live[scene_id]:
            live[scene_id] = mask
            for pred in preds[scene_id]:
                if pred not in queued:
                    queued.add(pred)
                    work.append(pred)
    names = {scene_id: tuple(name for name in order if mask & bit[name]) for scene_id, mask in live.items()}
    component = _sccs(world)
    return Liveness(names, component, _visit_keep(world, component, preds))


def _visit_keep(
    world: World, component: dict[str, int], preds: dict[str, set[str]]
) -> dict[str, frozenset[str] | None]:
    """Where each read visit count must be kept once it is not 0: the scenes from which a scene that
    reads it can still be reached. A count read only inside its own scene's component needs no walk:
    it is kept exactly within that component (a count is not 0 only after its scene is entered)."""
    readers: dict[str, set[str]] = {}
    for scene in world.scenes.values():
        compiled, _kept = scene_reads(scene)
        for choice in scene.choices:
            compiled += [effect.value for effect in choice.effects]
        for each in compiled:
            for target in each.scenes:
                readers.setdefault(target, set()).add(scene.id)
    keep: dict[str, frozenset[str] | None] = {}
    budget = PRUNE_BUDGET
    for target, who in readers.items():
        home = component.get(target)
        if all(component[r] == home for r in who):
            keep[target] = None
            continue
        if budget <= 0:
            keep[target] = frozenset(world.scenes)  # past the budget: kept everywhere (exact, larger)
            continue
        seen = set(who)
        queue = deque(who)
        while queue:
            budget -= 1
            for pred in preds[queue.popleft()]:
                if pred not in seen:
                    seen.add(pred)
                    queue.append(pred)
        keep[target] = frozenset(seen)
    return keep


# --- the exploration ---------------------------------------------------------------------------------


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cycle collection while exploring or linting: they build millions of tuples, sets and dicts
    and leave no cycles, and each full collection walks the whole world again (at 10,000 scenes the
    collector took more time than the checks)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class EffectRecord(Struct):
    applied: int = 0
    cut_low: int = 0  # clamped up to min
    cut_high: int = 0  # clamped down to max


class State(Struct, frozen=True):
    """One explored state: what a run in it can still read from its scene on (the rest is forgotten:
    that is what keeps the states few)."""

    scene: str
    values: dict[str, Value]  # each variable the scene or a later one can read before setting it
    taken: frozenset[str]  # the once-only choices remembered taken ("scene.choice")
    visits: dict[str, int]  # the visit counts kept, each capped at what is compared with it
    returns: tuple[str, ...]  # the scenes the sub-scene calls return to, innermost last


class Exploration(Struct):
    world: World
    max_states: int
    keys: list[Key] = field(default_factory=list)
    edges: list[Edge | None] = field(default_factory=list)
    complete: bool = True
    coarse: bool = False
    stopped_by: str = ""  # "states" or "memory" when not complete
    first_at: dict[str, int] = field(default_factory=dict)  # scene id -> first state index there
    taken_from: dict[str, int] = field(default_factory=dict)  # choice key -> first state index taking it
    available: set[str] = field(default_factory=set)  # choice keys available somewhere
    dead_ends: list[int] = field(default_factory=list)  # states where no choice may be available
    condition_values: dict[str, set[bool]] = field(default_factory=dict)  # choice key -> values seen
    # choice key -> variable -> values it had where the condition was evaluated (why it never holds)
    condition_reads: dict[str, dict[str, set[Value]]] = field(default_factory=dict)
    variant_values: dict[tuple[str, int], set[bool]] = field(default_factory=dict)
    # id(condition) -> values seen, for the conditions of texts: a scene's wherever it is, a choice's
    # label wherever it is offered, a reply's wherever its choice is taken (after its do:)
    text_values: dict[int, set[bool]] = field(default_factory=dict)
    # ("scene", id), ("label", choice key) or ("reply", choice key) -> the first state where that
    # text came out empty (for a label or a reply, the state the choice is offered or taken in)
    blank: dict[tuple[str, str], int] = field(default_factory=dict)
    effects: dict[tuple[str, int], EffectRecord] = field(default_factory=dict)
    transitions: int = 0
    bytes: int = 0  # the estimate that max_bytes bounds
    # The state graph: the children of state i are successors[starts[i]:starts[i + 1]].
    starts: array[int] = field(default_factory=lambda: array("q"))
    successors: array[int] = field(default_factory=lambda: array("q"))

    @property
    def states(self) -> int:
        return len(self.keys)

    def state(self, index: int) -> State:
        """State `index` as an author reads it: its scene and what it still holds there."""
        key = self.keys[index]
        return State(key[0], dict(zip(self.names_at[key[0]], key[1], strict=True)), key[2], dict(key[3]), key[4])

    def states_at(self, scene: str) -> list[State]:
        """Every state found in `scene`, in the order they were found."""
        return [self.state(index) for index, key in enumerate(self.keys) if key[0] == scene]

    def path(self, index: int) -> list[Edge]:
        """The shortest run's steps to state `index`, first step first."""
        steps: list[Edge] = []
        edge = self.edges[index]
        while edge is not None:
            steps.append(edge)
            edge = self.edges[edge.parent]
        steps.reverse()
        return steps

    def state_indices(self, index: int) -> list[int]:
        """The states a shortest run to `index` passes through, start first."""
        chain = [index]
        edge = self.edges[index]
        while edge is not None:
            chain.append(edge.parent)
            edge = self.edges[edge.parent]
        chain.reverse()
        return chain

    @property
    def reached_scenes(self) -> set[str]:
        return set(self.first_at)

    def children(self, index: int) -> array[int]:
        return self.successors[self.starts[index] : self.starts[index + 1]]

    def traps(self) -> list[Trap]:
        """Where a run can go on forever without reaching an ending (complete explorations only).

        A state is trapped when no ending can be reached from it. Dead ends are trapped too, but are
        reported as dead ends; what is left once every state that can only run into dead ends is
        peeled off are loops. One Trap per loop region, entered at its first state breadth-first (so
        its witness is a shortest run into it)."""
        count = len(self.keys)
        if not self.complete or len(self.starts) != count + 1:
            return []
        ending = [self.world.scenes[key[0]].ending is not None for key in self.keys]
        starts, successors = self.starts, self.successors
        # Predecessors, in the same flat layout (a counting sort of the edges by child).
        indegree = array("q", bytes(8 * (count + 1)))
        for child in successors:
            indegree[child + 1] += 1
        for i in range(count):
            indegree[i + 1] += indegree[i]
        fill = array("q", indegree)
        preds = array("q", bytes(8 * len(successors)))
        for parent in range(count):
            for position in range(starts[parent], starts[parent + 1]):
                child = successors[position]
                preds[fill[child]] = parent
                fill[child] += 1
        can_end = bytearray(count)
        queue = deque(i for i in range(count) if ending[i])
        for i in queue:
            can_end[i] = 1
        while queue:
            child = queue.popleft()
            for position in range(indegree[child], indegree[child + 1]):
                parent = preds[position]
                if not can_end[parent]:
                    can_end[parent] = 1
                    queue.append(parent)
        # Peel the trapped states that only lead into dead ends: what remains can loop forever.
        out = array("q", (starts[i + 1] - starts[i] if not can_end[i] else 0 for i in range(count)))
        peeled = bytearray(count)
        queue = deque(i for i in range(count) if not can_end[i] and out[i] == 0)
        while queue:
            child = queue.popleft()
            peeled[child] = 1
            for position in range(indegree[child], indegree[child + 1]):
                parent = preds[position]
                if not can_end[parent] and not peeled[parent]:
                    out[parent] -= 1
                    if out[parent] == 0:
                        queue.append(parent)
        looping = [i for i in range(count) if not can_end[i] and not peeled[i]]
        traps: list[Trap] = []
        covered = bytearray(count)
        for entry in looping:  # in breadth-first order: the first of a region has the shortest run
            if covered[entry]:
                continue
            scenes: set[str] = set()
            stack = [entry]
            covered[entry] = 1
            while stack:
                state = stack.pop()
                scenes.add(self.keys[state][0])
                for position in range(starts[state], starts[state + 1]):
                    child = successors[position]
                    if not covered[child] and not can_end[child] and not peeled[child]:
                        covered[child] = 1
                        stack.append(child)
            traps.append(Trap(entry, tuple(sorted(scenes, key=list(self.world.scenes).index))))
        return traps

    def multipliers(self, limit: int = 6) -> list[tuple[str, int]]:
        """What multiplies the states: each variable, visit count and the once-only record, with how
        many different values it has among the states of one scene (the most over all scenes)."""
        values: dict[tuple[str, str], set[object]] = {}
        explorer_names = self.names_at
        for key in self.keys:
            scene = key[0]
            for name, value in zip(explorer_names.get(scene, ()), key[1], strict=False):
                values.setdefault((scene, name), set()).add(value)
            for visited, count in key[3]:
                values.setdefault((scene, f'visits("{visited}")'), set()).add(count)
            values.setdefault((scene, "the once-only choices taken"), set()).add(key[2])
        best: dict[str, int] = {}
        for (_scene, name), seen in values.items():
            best[name] = max(best.get(name, 0), len(seen))
        ranked = sorted(((name, n) for name, n in best.items() if n > 1), key=lambda item: (-item[1], item[0]))
        return ranked[:limit]

    names_at: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Explorer.live_names


class Trap(Struct, frozen=True):
    entry: int  # the first state of the loop region, breadth-first
    scenes: tuple[str, ...]  # the scenes of the region, in world order


class Explorer:
    def __init__(
        self,
        world: World,
        max_states: int = DEFAULT_MAX_STATES,
        per_scene: int = COARSE_PER_SCENE,
        max_bytes: int = DEFAULT_MAX_BYTES,
        forget: bool = True,
    ) -> None:
        """forget=False keeps everything in every state (the naive exploration, for benchmarks)."""
        self.world = world
        self.forget = forget
        self.per_scene = per_scene
        self.max_states = max_states
        self.max_bytes = max_bytes
        self.visit_caps, self.var_caps, self.points = _caps(world)
        self.live = liveness(world)
        self.live_names = self.live.names
        if not forget:
            everything = tuple(world.variables)
            self.live_names = dict.fromkeys(world.scenes, everything)
        component = self.live.component
        self.component = component
        self.visit_keep = self.live.visit_keep
        self.light = _Light()
        # A step is the engine's own (game.engine.rules: availability, effects, on_enter, calls and
        # returns): one definition of taking a choice. Without the transitions Machine, never used here.
        self.rules = rules_for(world)
        self.available = self.rules.available
        self.observed: dict[str, Callable[[RunState], None]] = {}  # the same effects, watched for W107
        self.record: Exploration | None = None
        self.chancy = _chancy(world)
        self.regions = {
            scene_id: tuple(self.points.get(name) for name in names) for scene_id, names in self.live_names.items()
        }
        # Per scene: (choice, its key, whether it draws chance()), worked out once.
        self.plan = {
            scene.id: [(choice, choice.key, choice.key in self.chancy) for choice in scene.choices]
            for scene in world.scenes.values()
        }
        # What lint records of texts (text_values, blank): per scene and per choice, worked out on
        # first use; None when there is nothing to record (nearly every scene and choice).
        self.blanks = BlankCheck(world)
        self.scene_texts: dict[str, tuple[tuple[Compiled, ...], bool] | None] = {}
        self.choice_texts: dict[str, tuple[tuple[Compiled, ...], bool, tuple[Compiled, ...], bool] | None] = {}
        self.known = Known(self._truth, self._values)
        self.at = 0  # the index of the state being expanded (where a text's emptiness is witnessed)
        self.distances: dict[str, dict[str, int]] = {}  # walks steered toward a scene (walk's toward)
        self.preds: dict[str, list[str]] | None = None
        # Shared copies of the parts many states hold alike (values, visit pairs, once sets).
        self.interned: dict[object, object] = {}
        self.new_bytes = 0

    def _intern(self, part: tuple[object, ...] | frozenset[str]) -> object:
        found = self.interned.get(part)
        if found is None:
            self.interned[part] = found = part
            self.new_bytes += PART_BYTES + SLOT_BYTES * len(part)
            if isinstance(part, frozenset):
                self.new_bytes += SET_ENTRY_BYTES * len(part)
        return found

    def coarse(self, key: Key) -> Key:
        """The scene, flags, texts and where each number sits among the numbers it is compared with.

        Once-taken choices are left out: this is a search for coverage, not a proof.
        """
        values = tuple(
            value if points is None or not isinstance(value, int) else _region(value, points)
            for value, points in zip(key[1], self.regions[key[0]], strict=True)
        )
        return (key[0], values, frozenset(), key[3], key[4])

    def initial_key(self) -> Key:
        """The state a run starts in with every chance() of the start scene's on_enter drawn true."""
        return self.initial_keys()[0]

    def initial_keys(self) -> list[Key]:
        """The states a run can start in: one for each outcome of the chance() draws in the start
        scene's on_enter (every draw true first), each once."""
        found: list[Key] = []
        for _chances, key in _outcomes(self.light, self.start_key):
            if key not in found:
                found.append(key)  # type: ignore[arg-type]
        self.light.forced = {}
        return found

    def start_key(self) -> Key:
        """The state after entering the start scene, its on_enter drawing as the light state draws
        (one outcome: initial_keys tries them all; a seeded light state draws as a real run)."""
        world = self.world
        light = self.light
        light.scene_id = world.start
        light.variables = world.initial_variables()
        light.visits = {world.start: 1}
        light.taken = set()
        light.stack = []
        self.rules.start(light)  # type: ignore[arg-type]  # the start scene's on_enter
        return self._key_of(light)

    def _key_of(self, light: _Light) -> Key:
        """The state the light state is in, keeping only what can still be read from its scene."""
        target = light.scene_id
        values = light.variables
        for name in self.var_caps:
            if name in values:
                values[name] = self._saturate(name, values[name])
        new_values = tuple(values[name] for name in self.live_names[target])
        counts = light.visits
        if target in self.visit_caps:
            counts[target] = self._cap_visits(target, counts.get(target, 0))
        caps = self.visit_caps  # the scenes whose visits something reads
        visits = tuple(sorted((s, n) for s, n in counts.items() if n and s in caps and self._keeps_visits(s, target)))
        home = self.component[target]
        labels = self.world.labels  # choices taken("scene.choice") names: read from any scene
        # A once-only record is read only in its own scene: kept while that scene can come back.
        taken = frozenset(
            k for k in light.taken if not self.forget or k in labels or self.component[k.rsplit(".", 1)[0]] == home
        )
        return (target, new_values, taken, visits, tuple(light.stack))

    def _keeps_visits(self, counted: str, scene: str) -> bool:
        if not self.forget:
            return True
        keep = self.visit_keep.get(counted)
        if keep is None:
            return self.component[counted] == self.component[scene]
        return scene in keep

    def _saturate(self, name: str, value: Value) -> Value:
        cap = self.var_caps.get(name)
        if cap is None or not isinstance(value, int):
            return value
        direction, limit = cap
        return min(value, limit) if direction > 0 else max(value, limit)

    def _cap_visits(self, scene: str, count: int) -> int:
        cap = self.visit_caps.get(scene)
        return count if cap is None else min(count, cap)

    def load(self, key: Key) -> None:
        """Point the light state at `key`."""
        self.light.variables = dict(zip(self.live_names[key[0]], key[1], strict=True))
        self.light.visits = dict(key[3])
        self.light.taken = key[2]  # taken("scene.choice") reads it
        self.light.stack = list(key[4])
        self.light.scene_id = key[0]

    def successors(self, key: Key, record: Exploration | None = None) -> Iterator[tuple[Choice, Chances, Key | None]]:
        """Each choice of the state's scene under each chance() outcome: the next state, or None."""
        light = self.light
        self.load(key)
        before = light.variables
        for choice, choice_key, chancy in self.plan[key[0]]:
            if not chancy:
                yield choice, (), self._take(choice, choice_key, key, before, record)
            else:
                for chances, result in _outcomes(light, partial(self._take, choice, choice_key, key, before, record)):
                    yield choice, chances, result  # type: ignore[misc]
            light.variables = before

    def _offered(self, choice: Choice, choice_key: str, before: dict[str, Value], record: Exploration | None) -> bool:
        """Whether `choice` is offered in the state the light state is in (its variables `before`):
        the engine's availability. Recorded for lint, as a player meets it: its condition's value
        (and what the condition read when it fails), and its label's texts when it is shown."""
        light = self.light
        if choice.once and choice_key in light.taken:
            return False  # taken already: its condition is not asked, nothing to record
        holds = self.available[choice_key](light)  # type: ignore[arg-type]  # a light state
        if record is not None and choice.condition is not None:
            record.condition_values.setdefault(choice_key, set()).add(holds)
            if not holds:
                seen = record.condition_reads.setdefault(choice_key, {})
                for name in choice.condition.reads:
                    if name in before:
                        _keep_seen(seen.setdefault(name, set()), before[name])
        if holds and record is not None:
            texts = self._choice_texts(choice)
            if texts is not None:
                self._record_texts(texts[0], texts[1], ("label", choice_key), record)
        return holds

    def _take(
        self, choice: Choice, choice_key: str, key: Key, before: dict[str, Value], record: Exploration | None
    ) -> Key | None:
        """The state after taking `choice` from `key` (whose variables are `before`), or None if not offered."""
        light = self.light
        light.variables = before
        light.taken = key[2]
        light.stack = list(key[4])
        light.scene_id = key[0]
        # Fresh visits too: the step of the choice before this one counted its own visit on them
        # (a condition reading visited() here saw it: found by tests/test_intervals.py).
        light.visits = dict(key[3])
        if not self._offered(choice, choice_key, before, record):
            return None
        return self._step(choice, choice_key, key, before, record)

    def _step(
        self, choice: Choice, choice_key: str, key: Key, before: dict[str, Value], record: Exploration | None
    ) -> Key:
        """The state after taking `choice`, offered in `key`, where the light state is (its variables `before`)."""
        light = self.light
        texts = self._choice_texts(choice) if record is not None else None
        # The step itself, on copies: the engine's Rules.take (or, watching clamps for W107, its
        # parts in its order with the watched effects).
        light.variables = dict(before)
        light.taken = set(key[2])
        light.steps = []
        if record is None:
            self.rules.take(light, choice)  # type: ignore[arg-type]
        else:
            self._observed(choice, record)(light)  # type: ignore[arg-type]
            if texts is not None:  # the reply is shown now, between do: and after:
                self._record_texts(texts[2], texts[3], ("reply", choice_key), record)
            self.rules.after[choice_key](light)  # type: ignore[arg-type]
            light.scene_id = destination(light, choice)  # type: ignore[arg-type]
            self.rules.arrive[choice_key](light)  # type: ignore[arg-type]
        result = self._key_of(light)
        light.variables = before
        return result

    def _observed(self, choice: Choice, record: Exploration) -> Callable[[RunState], None]:
        """The choice's effects as the engine runs them, telling `record` how each was clamped."""
        found = self.observed.get(choice.key)
        if found is None or self.record is not record:
            if self.record is not record:
                self.observed.clear()
                self.record = record
            key = choice.key

            def observe(index: int, value: int, clamped: int) -> None:
                stats = record.effects.setdefault((key, index), EffectRecord())
                stats.applied += 1
                if clamped > value:
                    stats.cut_low += 1
                elif clamped < value:
                    stats.cut_high += 1

            found = self.observed[key] = effects(self.world, choice, observe)
        return found

    def explore(
        self, progress: Callable[[int, int], None] | None = None, lint: bool = False, coarse: bool = False
    ) -> Exploration:
        """Every reachable state, breadth-first, up to max_states and max_bytes.

        coarse: keep one state per scene and region of each number (see `coarse`), a search for
        coverage on worlds too large to explore exactly: what it reaches is reachable, but what it
        does not reach may still be.
        """
        # The collector paused around a plain method: mutmut (tests/mutation.py) mutates no
        # decorated function, and this is the search itself.
        with paused_gc():
            return self._explore(progress, lint, coarse)

    def _explore(self, progress: Callable[[int, int], None] | None, lint: bool, coarse: bool) -> Exploration:
        world = self.world
        result = Exploration(world, self.max_states, coarse=coarse, names_at=self.live_names)
        same = self.coarse if coarse else None
        per_scene: dict[str, int] = {}
        record = result if lint else None
        index_of: dict[Key, int] = {}
        self.interned = {}  # this search's parts only: the estimate counts each once
        self.new_bytes = 0
        for start in self.initial_keys():  # a draw on entering the start scene: each outcome a start
            start = self._interned_key(start)
            seen = same(start) if same else start
            if seen not in index_of:
                index_of[seen] = len(result.keys)
                result.keys.append(start)
                result.edges.append(None)
                result.bytes += STATE_BYTES
        starts, successors = result.starts, result.successors
        light = self.light
        head = 0
        while head < len(result.keys):
            key = result.keys[head]
            starts.append(len(successors))
            scene = world.scenes[key[0]]
            result.first_at.setdefault(scene.id, head)
            self.at = head
            if lint:
                self._record_scene(scene, key, result)
            if scene.ending is None:
                surely_available = False
                for choice, chances, child in self.successors(key, record):
                    if child is None:
                        continue
                    if choice.condition is None or not choice.condition.uses_chance:
                        surely_available = True
                    choice_key = choice.key
                    if choice_key not in result.taken_from:
                        result.available.add(choice_key)
                        result.taken_from[choice_key] = head
                    result.transitions += 1
                    seen = same(child) if same else child
                    found = index_of.get(seen)
                    if found is None:
                        if len(result.keys) >= self.max_states:
                            result.complete = False
                            result.stopped_by = result.stopped_by or "states"
                            continue
                        if result.bytes + self.new_bytes >= self.max_bytes:
                            result.complete = False
                            result.stopped_by = result.stopped_by or "memory"
                            continue
                        if coarse:
                            kept = per_scene.get(child[0], 0)
                            if kept >= self.per_scene:
                                result.complete = False
                                continue
                            per_scene[child[0]] = kept + 1
                        child = self._interned_key(child)
                        found = index_of[same(child) if same else child] = len(result.keys)
                        result.keys.append(child)
                        result.edges.append(Edge(head, choice, chances))
                        result.bytes += STATE_BYTES
                    successors.append(found)
                if not surely_available:
                    result.dead_ends.append(head)
            head += 1
            if progress is not None and head % 2048 == 0:
                progress(head, len(result.keys))
        starts.append(len(successors))
        result.bytes += self.new_bytes + EDGE_BYTES * len(successors)
        light.forced = {}
        if progress is not None:
            progress(head, len(result.keys))
        return result

    def walk(
        self,
        budget: int,
        seed: int = 0,
        steps: int = 400,
        into: Exploration | None = None,
        toward: tuple[str, ...] = (),
        starts: list[int] | None = None,
    ) -> Exploration:
        """Random runs, recording what a player meets in every state they pass (the scene's variants
        and texts, whether each choice is offered and its label), and of the choice taken, what taking
        it does (its effects, its reply): evidence of what real runs do, where the breadth-first search
        cannot get deep enough (IO's launch, 96 hours on).

        Each step takes one of the choices offered, each as likely as any other; a choice whose step
        draws chance() then comes out one of the ways it can where it is offered, each as likely.
        Only the step taken is played (a step that draws chance() is played every way its draws come
        out, each recorded as the search records it; the run goes on from one of them).

        toward: scenes to pass through in this order. Most steps then take a choice that leads
        nearest (in the scene graph) to the next of them: runs that reach a rare combination, such
        as a text reading visited("town") shown late in the story. starts: states of `into` to begin
        from (each run from one of them, its way there kept), rather than the start. budget: choices
        looked at, over all runs (each step: its scene's choices, and 1)."""
        with paused_gc():  # (not a decorator: mutmut mutates no decorated function)
            return self._random_walks(budget, seed, steps, into, toward, starts)

    def _random_walks(
        self,
        budget: int,
        seed: int,
        steps: int,
        into: Exploration | None,
        toward: tuple[str, ...],
        starts: list[int] | None,
    ) -> Exploration:
        import random

        world = self.world
        result = into or Exploration(world, self.max_states, complete=False, names_at=self.live_names)
        pick = random.Random(seed)
        light = self.light
        first = self.initial_keys()
        while budget > 0:
            if starts:
                index = starts[pick.randrange(len(starts))]
                key = result.keys[index]
            else:  # the start (one of them, at random, when the start scene's on_enter draws)
                key = first[pick.randrange(len(first))] if len(first) > 1 else first[0]
                index = len(result.keys)
                result.keys.append(key)
                result.edges.append(None)
            goal = 0
            for _step in range(steps):
                scene = world.scenes[key[0]]
                while goal < len(toward) and scene.id == toward[goal]:
                    goal += 1
                budget -= 1 + len(scene.choices)
                result.first_at.setdefault(scene.id, index)
                self.at = index
                self._record_scene(scene, key, result)
                if scene.ending is not None:
                    break
                self.load(key)  # (asking what is offered changes nothing in it)
                before = light.variables
                offered: list[tuple[Choice, str, bool]] = []
                for plan in self.plan[scene.id]:
                    choice, choice_key, chancy = plan
                    if chancy:  # offered if it is under some outcome of its draws
                        offer = partial(self._offered, choice, choice_key, before, result)
                        shown = any(holds for _chances, holds in _outcomes(light, offer))
                    else:
                        shown = self._offered(choice, choice_key, before, result)
                    if shown:
                        offered.append(plan)
                        result.available.add(choice_key)
                if not offered:
                    if not any(c.condition is not None and c.condition.uses_chance for c in scene.choices):
                        result.dead_ends.append(index)
                    break
                if goal < len(toward) and pick.random() < STEER:
                    distance = self._distances(toward[goal])
                    # (A return leads where the call stack says.)
                    ways = [distance.get(destination(light, c), math.inf) for c, _k, _ch in offered]  # type: ignore[arg-type]
                    offered = [each for each, way in zip(offered, ways, strict=True) if way == min(ways)]
                choice, choice_key, chancy = offered[pick.randrange(len(offered))]
                if chancy:  # every way its draws come out, from the start of the step: one where it is offered
                    take = partial(self._take, choice, choice_key, key, before, result)
                    outcomes = [(chances, child) for chances, child in _outcomes(light, take) if child is not None]
                    chances, key = outcomes[pick.randrange(len(outcomes))]  # type: ignore[assignment]
                else:
                    chances, key = (), self._step(choice, choice_key, key, before, result)
                result.keys.append(key)
                result.edges.append(Edge(index, choice, chances))
                index = len(result.keys) - 1
        light.forced = {}
        return result

    def _distances(self, target: str) -> dict[str, int]:
        """Choices needed from each scene to reach `target` in the scene graph (conditions ignored)."""
        found = self.distances.get(target)
        if found is None:
            if self.preds is None:
                self.preds = {scene_id: [] for scene_id in self.world.scenes}
                for scene_id, targets in next_scenes(self.world).items():
                    for each in targets:
                        self.preds[each].append(scene_id.rsplit(".", 1)[0])
            found = self.distances[target] = {target: 0}
            queue = deque([target])
            while queue:
                here = queue.popleft()
                for pred in self.preds[here]:
                    if pred not in found:
                        found[pred] = found[here] + 1
                        queue.append(pred)
        return found

    def follow(self, paths: Iterable[list[Choice]], into: Exploration, budget: int) -> None:
        """Play each path of choices from the start as far as it goes, recording as `walk` does:
        the abstraction's ways to each of its states, tried for real (what they reach is real).
        At most `budget` steps in all."""
        with paused_gc():  # (not a decorator: mutmut mutates no decorated function)
            self._follow(paths, into, budget)

    def _follow(self, paths: Iterable[list[Choice]], into: Exploration, budget: int) -> None:
        world = self.world
        start = self.initial_key()
        for path in paths:
            budget -= len(path)
            if budget < 0:
                break
            key, index = start, len(into.keys)
            into.keys.append(key)
            into.edges.append(None)
            for step in path:
                scene = world.scenes[key[0]]
                into.first_at.setdefault(scene.id, index)
                self.at = index
                self._record_scene(scene, key, into)
                following = next(
                    ((c, chances, child) for c, chances, child in self.successors(key, into) if child and c is step),
                    None,
                )
                if following is None:
                    break
                into.available.add(step.key)
                choice, chances, key = following
                into.keys.append(key)
                into.edges.append(Edge(index, choice, chances))
                index = len(into.keys) - 1
            else:
                scene = world.scenes[key[0]]
                into.first_at.setdefault(scene.id, index)
                self.at = index
                self._record_scene(scene, key, into)
                if scene.ending is None:
                    for _ in self.successors(key, into):
                        pass
        self.light.forced = {}

    def _interned_key(self, key: Key) -> Key:
        return (
            key[0],
            self._intern(key[1]),
            self._intern(key[2]) if key[2] else key[2],
            self._intern(key[3]) if key[3] else key[3],
            self._intern(key[4]) if key[4] else key[4],
        )  # type: ignore[return-value]

    def _record_scene(self, scene: Scene, key: Key, result: Exploration) -> None:
        """What lint records of a state's scene: its variants' values, its texts' conditions, and
        whether its narration comes out empty."""
        if scene.id not in self.scene_texts:
            self.scene_texts[scene.id] = self._scene_texts(scene)
        texts = self.scene_texts[scene.id]
        if not scene.variants and texts is None:
            return
        self.load(key)
        light = self.light
        for index, variant in enumerate(scene.variants):
            if variant.condition.uses_chance:
                continue
            light.forced = {}
            holds = bool(variant.condition.evaluate(light))
            result.variant_values.setdefault((scene.id, index), set()).add(holds)
        if texts is not None:
            self._record_texts(texts[0], texts[1], ("scene", scene.id), result)

    def _record_texts(
        self, conditions: tuple[Compiled, ...], may_be_blank: bool, what: tuple[str, str], result: Exploration
    ) -> None:
        """The values of a text's conditions in the light state, and whether the text is empty there."""
        light = self.light
        for condition in conditions:
            result.text_values.setdefault(id(condition), set()).add(bool(condition.evaluate(light)))
        if may_be_blank and what not in result.blank:
            scene = self.world.scenes[what[1] if what[0] == "scene" else what[1].rsplit(".", 1)[0]]
            blanks = self.blanks
            if what[0] == "scene":
                empty = blanks.narration(scene, self.known)
            else:
                choice = next(c for c in scene.choices if c.key == what[1])
                empty = blanks.label(choice, self.known) if what[0] == "label" else blanks.reply(choice, self.known)
            if empty:
                result.blank[what] = self.at

    def _truth(self, condition: Compiled) -> bool | None:
        # Texts with chance() in them are never checked for emptiness (see _checkable).
        return bool(condition.evaluate(self.light))

    def _values(self, name: str) -> tuple[Value, ...]:
        return (self.light.variables[name],)

    def _scene_texts(self, scene: Scene) -> tuple[tuple[Compiled, ...], bool] | None:
        conditions = tuple(c for c in scene_text_conditions(scene) if not c.uses_chance)
        blank = self.blanks.checks_narration(scene)
        return (conditions, blank) if conditions or blank else None

    def _choice_texts(self, choice: Choice) -> tuple[tuple[Compiled, ...], bool, tuple[Compiled, ...], bool] | None:
        if choice.key not in self.choice_texts:
            label = tuple(c.condition for c in choice.compiled.conditions)
            reply = tuple(c.condition for c in choice.reply.conditions) if choice.reply is not None else ()
            found = (
                tuple(c for c in label if not c.uses_chance),
                self.blanks.checks_label(choice),
                tuple(c for c in reply if not c.uses_chance),
                self.blanks.checks_reply(choice),
            )
            self.choice_texts[choice.key] = found if any(found) else None
        return self.choice_texts[choice.key]


def explore(
    world: World,
    max_states: int = DEFAULT_MAX_STATES,
    progress: Callable[[int, int], None] | None = None,
    lint: bool = False,
    coarse: bool = False,
) -> Exploration:
    return Explorer(world, max_states).explore(progress, lint, coarse)


def scene_text_conditions(scene: Scene) -> list[Compiled]:
    """The conditions of a scene's own text (main text, variants, blocks): evaluated where it is shown."""
    found: list[Compiled] = []
    for text in (scene.compiled, *(v.compiled for v in scene.variants), *(b.body for b in scene.blocks)):
        found += [inline.condition for inline in text.conditions]
    found += [b.condition for b in scene.blocks if b.condition is not None]
    return found
