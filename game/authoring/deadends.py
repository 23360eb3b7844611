"""Prove, scene by scene, that no run can get stuck there, whatever the variables hold.

Exploring states proves the absence of dead ends only when the exploration is complete, and a
world like IO has millions of states. This proof needs no exploration: a scene can never be a dead
end if, for every value the variables its choices read could take (their declared ranges, the
numbers they are compared with, both outcomes of chance()), at least one choice that is not
once-only is offered. Once-only choices are assumed already taken, so the proof is conservative:
a scene it cannot prove may still be safe, and is left to the exploration.
"""

from __future__ import annotations

import itertools

from msgspec import Struct, field

from game.world.expr import Binary, Call, Literal, Value, Var, nodes, spell
from game.world.model import Scene, World

MAX_ASSIGNMENTS = 200_000  # per scene; past it the scene is left to the exploration
MAX_TOTAL_ASSIGNMENTS = 2_000_000  # for the whole world: about 4 s at worst
OTHER_TEXT = "\0other"  # stands for every text no condition names (no world text holds a NUL)


class Proof(Struct):
    proved: list[str] = field(default_factory=list)  # scene ids that can never be a dead end
    unproved: dict[str, str] = field(default_factory=dict)  # scene id -> why the proof gave up

    @property
    def complete(self) -> bool:
        return not self.unproved


class _Assignment:
    """A State for compiled expressions: chosen variables, visit counts and chance() outcomes."""

    def __init__(self, variables: dict[str, Value], visits: dict[str, int], draw: int) -> None:
        self.variables = variables
        self.visits = visits
        self.taken: frozenset[str] = frozenset()  # taken() is not followed by the prover yet
        self._draw = draw

    def draw(self, site: int) -> int:
        return self._draw


def _domain(world: World, name: str, literals: set[Value]) -> list[Value]:
    variable = world.variables[name]
    if variable.type == "flag":
        return [False, True]
    if variable.type == "text":
        return sorted({str(v) for v in literals if isinstance(v, str)} | {OTHER_TEXT})
    low, high = variable.minimum, variable.maximum
    numbers = {int(v) for v in literals if isinstance(v, int) and not isinstance(v, bool)}
    if low is not None and high is not None and high - low <= 1000:
        return list(range(low, high + 1))
    # Unbounded: a comparison with literals only changes its answer at them, so values at, just
    # below and just above each literal (within the bounds) stand for all the others.
    points = {variable.initial if isinstance(variable.initial, int) else 0}
    for n in numbers:
        points |= {n - 1, n, n + 1}
    points |= {min(points) - 1, max(points) + 1}
    return sorted(p for p in points if (low is None or p >= low) and (high is None or p <= high))


def _shown(value: Value) -> str:
    return "any other text" if value == OTHER_TEXT else spell(value)


def _prove_scene(world: World, scene: Scene, budget: list[int]) -> str | None:
    """None when the scene can never be a dead end, else why the proof gives up.

    budget: combinations left for the whole world's proof (one item, spent here)."""
    # A choice whose condition draws chance() may fail on some draws (each chance() site draws on
    # its own, so two of them are not "all true or all false"): it proves nothing.
    candidates = [c for c in scene.choices if not c.once and not (c.condition is not None and c.condition.uses_chance)]
    if any(c.condition is None for c in candidates):
        return None
    if not candidates:
        return "every choice is once-only or draws chance()"
    names: set[str] = set()
    scenes: dict[str, int] = {}
    literals: dict[str, set[Value]] = {}
    uses_chance = False
    for choice in candidates:
        assert choice.condition is not None
        uses_chance |= choice.condition.uses_chance
        for node in nodes(choice.condition.tree):
            if isinstance(node, Var):
                names.add(node.name)
            elif isinstance(node, Call) and node.function != "chance":
                scenes.setdefault(str(node.argument), 0)
            elif isinstance(node, Binary):
                for var, lit in ((node.left, node.right), (node.right, node.left)):
                    if isinstance(var, Var) and isinstance(lit, Literal):
                        literals.setdefault(var.name, set()).add(lit.value)
                    # visits("a") > 2 needs counts up to 3; visited("a") != false and chance(50) == true
                    # compare flags, whose two values are already covered.
                    if (
                        isinstance(var, Call)
                        and var.function == "visits"
                        and isinstance(lit, Literal)
                        and type(lit.value) is int
                    ):
                        key = str(var.argument)
                        scenes[key] = max(scenes.get(key, 0), lit.value + 1)
    ordered = sorted(names)
    domains = [_domain(world, name, literals.get(name, set())) for name in ordered]
    visit_names = sorted(scenes)
    # Every run in this scene has visited it at least once.
    visit_domains = [range(1 if name == scene.id else 0, max(1, scenes[name]) + 1) for name in visit_names]
    draws = [0, 99] if uses_chance else [0]
    total = len(draws)
    for domain in [*domains, *visit_domains]:
        total *= len(domain)
    if total > MAX_ASSIGNMENTS:
        return f"{total:,} combinations of the variables its choices read is too many to check"
    if total > budget[0]:
        return f"not checked: the proof had spent its {MAX_TOTAL_ASSIGNMENTS:,} combinations on other scenes"
    budget[0] -= total
    base = world.initial_variables()
    for values in itertools.product(*domains):
        variables = dict(base)
        variables.update(zip(ordered, values, strict=True))
        for visit_values in itertools.product(*visit_domains):
            visits = dict(zip(visit_names, visit_values, strict=True))
            visits.setdefault(scene.id, 1)
            for draw in draws:
                state = _Assignment(variables, visits, draw)
                if not any(c.condition is not None and c.condition.evaluate(state) for c in candidates):
                    shown = [f"{n} = {_shown(v)}" for n, v in zip(ordered, values, strict=True)]
                    shown += [f'visits("{n}") = {v}' for n, v in zip(visit_names, visit_values, strict=True)]
                    if uses_chance:
                        shown.append(f"every chance() comes out {'true' if draw == 0 else 'false'}")
                    return f"no choice is offered when {', '.join(shown) or 'its conditions are false'}"
    return None


def prove_no_dead_ends(world: World, budget: int | None = None) -> Proof:
    """Try every scene that is not an ending, within `budget` combinations in all (so the proof of a
    world of any size ends in bounded time: past it, scenes are left unproved and say so)."""
    proof = Proof()
    left = [MAX_TOTAL_ASSIGNMENTS if budget is None else budget]
    for scene in world.scenes.values():
        if scene.ending is not None:
            continue
        why = _prove_scene(world, scene, left)
        if why is None:
            proof.proved.append(scene.id)
        else:
            proof.unproved[scene.id] = why
    return proof
