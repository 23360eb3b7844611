"""Breadth-first exploration of every state a world can reach.

A state is what decides the rest of a run: the scene, every variable, the once-only choices already
taken and the visit counts that conditions read. `chance()` is explored both ways. Because the
search is breadth-first, the first time a scene is reached is by a shortest run, and parent pointers
rebuild that run.

Exploration does not go through the transitions Machine: a light state evaluates the world's
compiled conditions and effects directly (a Story per state would cost a Machine model each).
Witness runs built from it are replayed through the real Story before anyone is told about them.

Two things keep the state space finite where it safely can be:
- a visit count read only as `visited("x")` or compared with whole numbers is capped just above the
  largest number it is compared with (a count past every threshold reads the same everywhere);
- a number without a `max` that only ever grows by `+= N`, and is only compared with whole numbers,
  is capped the same way (and likewise one without a `min` that only shrinks by `-= N`).
Anything else is explored exactly, up to `max_states`; past that the exploration says it stopped.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from game.world.expr import Binary, Call, Compiled, Literal, Node, Unary, Value, Var
from game.world.model import Choice, Scene, World

DEFAULT_MAX_STATES = 500_000
COARSE_PER_SCENE = 400  # states kept per scene by the coarse search
_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")

# A state: scene, variables (world order), once-taken choice keys, tracked visit counts.
Key = tuple[str, tuple[Value, ...], frozenset[str], tuple[int, ...]]
# The chance() outcomes a step needs: (site, came out true).
Chances = tuple[tuple[int, bool], ...]


@dataclass(frozen=True, slots=True)
class Edge:
    parent: int
    choice: Choice
    chances: Chances


class _Light:
    """What compiled expressions read (the expr.State protocol), without a Story or a Machine."""

    __slots__ = ("variables", "visits", "taken", "forced", "fresh")

    def __init__(self) -> None:
        self.variables: dict[str, Value] = {}
        self.visits: dict[str, int] = {}
        self.taken: frozenset[str] = frozenset()
        self.forced: dict[int, bool] = {}
        self.fresh: list[int] = []

    def draw(self, site: int) -> int:
        outcome = self.forced.get(site)
        if outcome is None:  # first time this step: take the "true" branch, note the other
            self.forced[site] = outcome = True
            self.fresh.append(site)
        return 0 if outcome else 99  # 0 < p unless chance(0); 99 < p only for chance(100)


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


def _walk(node: Node, parent: Node | None, visit: Callable[[Node, Node | None], None]) -> None:
    visit(node, parent)
    if isinstance(node, Unary):
        _walk(node.operand, node, visit)
    elif isinstance(node, Binary):
        _walk(node.left, node, visit)
        _walk(node.right, node, visit)


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

    for compiled, _choice in expressions(world):
        _walk(compiled.tree, None, visit)
    for scene_id in exact_visits:
        visit_caps[scene_id] = None

    read_otherwise = set(exact_vars)
    directions: dict[str, set[int]] = {}
    for each in world.scenes.values():
        for choice in each.choices:
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


# --- the exploration ---------------------------------------------------------------------------------


@dataclass
class EffectRecord:
    applied: int = 0
    cut_low: int = 0  # clamped up to min
    cut_high: int = 0  # clamped down to max


@dataclass
class Exploration:
    world: World
    max_states: int
    keys: list[Key] = field(default_factory=list)
    edges: list[Edge | None] = field(default_factory=list)
    complete: bool = True
    coarse: bool = False
    first_at: dict[str, int] = field(default_factory=dict)  # scene id -> first state index there
    taken_from: dict[str, int] = field(default_factory=dict)  # choice key -> first state index taking it
    available: set[str] = field(default_factory=set)  # choice keys available somewhere
    dead_ends: list[int] = field(default_factory=list)  # states where no choice may be available
    condition_values: dict[str, set[bool]] = field(default_factory=dict)  # choice key -> values seen
    variant_values: dict[tuple[str, int], set[bool]] = field(default_factory=dict)
    effects: dict[tuple[str, int], EffectRecord] = field(default_factory=dict)
    transitions: int = 0

    @property
    def states(self) -> int:
        return len(self.keys)

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


class Explorer:
    def __init__(self, world: World, max_states: int = DEFAULT_MAX_STATES, per_scene: int = COARSE_PER_SCENE) -> None:
        self.world = world
        self.per_scene = per_scene
        self.max_states = max_states
        self.names = tuple(world.variables)
        self.visit_caps, self.var_caps, self.points = _caps(world)
        self.tracked = tuple(sorted(self.visit_caps))
        self.visit_index = {scene: index for index, scene in enumerate(self.tracked)}
        self.light = _Light()
        self.chancy = {
            choice.key
            for scene in world.scenes.values()
            for choice in scene.choices
            if (choice.condition is not None and choice.condition.uses_chance)
            or any(effect.value.uses_chance for effect in choice.effects)
        }
        self.regions = tuple(self.points.get(name) for name in self.names)
        # Per scene: (choice, its key, whether it draws chance()), worked out once.
        self.plan = {
            scene.id: [(choice, choice.key, choice.key in self.chancy) for choice in scene.choices]
            for scene in world.scenes.values()
        }

    def coarse(self, key: Key) -> Key:
        """The scene, flags, texts and where each number sits among the numbers it is compared with.

        Once-taken choices are left out: this is a search for coverage, not a proof.
        """
        values = tuple(
            value if points is None or not isinstance(value, int) else _region(value, points)
            for value, points in zip(key[1], self.regions, strict=True)
        )
        return (key[0], values, frozenset(), key[3])

    def initial_key(self) -> Key:
        world = self.world
        values = tuple(self._saturate(name, value) for name, value in world.initial_variables().items())
        visits = tuple(self._cap_visits(scene, 1 if scene == world.start else 0) for scene in self.tracked)
        return (world.start, values, frozenset(), visits)

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
        self.light.variables = dict(zip(self.names, key[1], strict=True))
        self.light.taken = key[2]
        if self.tracked:
            self.light.visits = dict(zip(self.tracked, key[3], strict=True))

    def successors(self, key: Key, record: Exploration | None = None) -> Iterator[tuple[Choice, Chances, Key | None]]:
        """Each choice of the state's scene under each chance() outcome: the next state, or None."""
        taken = key[2]
        light = self.light
        self.load(key)
        before = light.variables
        for choice, choice_key, chancy in self.plan[key[0]]:
            if choice_key in taken:
                yield choice, (), None
            elif not chancy:
                yield choice, (), self._take(choice, choice_key, key, before, record)
            else:
                for chances, result in _outcomes(light, partial(self._take, choice, choice_key, key, before, record)):
                    yield choice, chances, result  # type: ignore[misc]
            light.variables = before

    def _take(
        self, choice: Choice, choice_key: str, key: Key, before: dict[str, Value], record: Exploration | None
    ) -> Key | None:
        """The state after taking `choice` from `key` (whose variables are `before`), or None if not offered."""
        light = self.light
        light.variables = before
        if choice.condition is not None:
            holds = bool(choice.condition.evaluate(light))
            if record is not None:
                record.condition_values.setdefault(choice_key, set()).add(holds)
            if not holds:
                return None
        if choice.effects:
            light.variables = values = dict(before)
            variables = self.world.variables
            for index, effect in enumerate(choice.effects):
                value = effect.value.evaluate(light)
                if effect.op == "+=":
                    value = values[effect.target] + value  # type: ignore[operator]
                elif effect.op == "-=":
                    value = values[effect.target] - value  # type: ignore[operator]
                clamped = variables[effect.target].clamp(value)
                if record is not None:
                    stats = record.effects.setdefault((choice_key, index), EffectRecord())
                    stats.applied += 1
                    if clamped != value:
                        if isinstance(value, int) and isinstance(clamped, int) and value < clamped:
                            stats.cut_low += 1
                        else:
                            stats.cut_high += 1
                if effect.target in self.var_caps:
                    clamped = self._saturate(effect.target, clamped)
                values[effect.target] = clamped
            new_values = tuple(values.values())  # a copy of `before`: the names' order is kept
        else:
            new_values = key[1]
        target = choice.target
        visits = key[3]
        slot = self.visit_index.get(target)
        if slot is not None:
            count = self._cap_visits(target, visits[slot] + 1)
            if count != visits[slot]:
                visits = (*visits[:slot], count, *visits[slot + 1 :])
        taken = key[2]
        recorded = choice.once or choice_key in self.world.labels  # taken() reads the record too
        return (target, new_values, taken | {choice_key} if recorded else taken, visits)

    def explore(
        self, progress: Callable[[int, int], None] | None = None, lint: bool = False, coarse: bool = False
    ) -> Exploration:
        """Every reachable state, breadth-first, up to max_states.

        coarse: keep one state per scene and region of each number (see `coarse`), a search for
        coverage on worlds too large to explore exactly: what it reaches is reachable, but what it
        does not reach may still be.
        """
        world = self.world
        result = Exploration(world, self.max_states, coarse=coarse)
        same = self.coarse if coarse else None
        per_scene: dict[str, int] = {}
        record = result if lint else None
        start = self.initial_key()
        index_of: dict[Key, int] = {same(start) if same else start: 0}
        result.keys.append(start)
        result.edges.append(None)
        light = self.light
        head = 0
        while head < len(result.keys):
            key = result.keys[head]
            scene = world.scenes[key[0]]
            result.first_at.setdefault(scene.id, head)
            if lint and scene.variants:
                self._record_variants(scene, key, result)
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
                    if seen not in index_of:
                        if len(result.keys) >= self.max_states:
                            result.complete = False
                            continue
                        if coarse:
                            kept = per_scene.get(child[0], 0)
                            if kept >= self.per_scene:
                                result.complete = False
                                continue
                            per_scene[child[0]] = kept + 1
                        index_of[seen] = len(result.keys)
                        result.keys.append(child)
                        result.edges.append(Edge(head, choice, chances))
                if not surely_available:
                    result.dead_ends.append(head)
            head += 1
            if progress is not None and head % 2048 == 0:
                progress(head, len(result.keys))
        light.forced = {}
        if progress is not None:
            progress(head, len(result.keys))
        return result

    def _record_variants(self, scene: Scene, key: Key, result: Exploration) -> None:
        self.load(key)
        light = self.light
        for index, variant in enumerate(scene.variants):
            if variant.condition.uses_chance:
                continue
            light.forced = {}
            holds = bool(variant.condition.evaluate(light))
            result.variant_values.setdefault((scene.id, index), set()).add(holds)


def explore(
    world: World,
    max_states: int = DEFAULT_MAX_STATES,
    progress: Callable[[int, int], None] | None = None,
    lint: bool = False,
    coarse: bool = False,
) -> Exploration:
    return Explorer(world, max_states).explore(progress, lint, coarse)
