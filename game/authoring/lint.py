"""Lint: warnings about a world that loads but probably does not do what its author meant.

Codes are stable (tools and tests match on them):

    W101  a scene no run can reach
    W102  an ending no run can reach
    W103  a choice whose condition never holds anywhere it could be offered
    W104  a variable that nothing reads
    W105  a variable that nothing changes
    W106  a condition with the same value in every reachable state (the `if:` decides nothing)
    W107  an effect cut by the variable's min or max every time it applies
    W108  narration repeated word for word in another scene or variant
    W109  a dead end: a reachable state that is not an ending and offers no choice
    W110  a note, not a warning: the state space is larger than the exploration bound, so some
          checks were skipped (it never fails `check --strict`)

Reachability and the value checks come from one breadth-first exploration of the world's states
(explore.py), so "never" means "in no reachable state", not "in the scene graph".
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from game.authoring.explore import Exploration, Explorer
from game.world.errors import Diagnostic, Location
from game.world.expr import spell
from game.world.model import Choice, Scene, World
from game.world.yamlsafe import YamlFault, YMap, YNode, YScalar, YSeq, read_yaml

LINT_MAX_STATES = 200_000  # about 3 s on a world of 200 choices; --max-states raises it

W_UNREACHABLE = "W101"
W_ENDING_UNREACHED = "W102"
W_NEVER_AVAILABLE = "W103"
W_NEVER_READ = "W104"
W_NEVER_WRITTEN = "W105"
W_CONSTANT = "W106"
W_CLAMPED = "W107"
W_REPEATED = "W108"
W_DEAD_END = "W109"
W_BOUND = "W110"

CODES = {
    W_UNREACHABLE: "scene unreachable",
    W_ENDING_UNREACHED: "ending never reached",
    W_NEVER_AVAILABLE: "choice condition never holds",
    W_NEVER_READ: "variable never read",
    W_NEVER_WRITTEN: "variable never changed",
    W_CONSTANT: "condition constant on every reachable path",
    W_CLAMPED: "effect always cut at min or max",
    W_REPEATED: "repeated narration",
    W_DEAD_END: "dead end",
    W_BOUND: "state space over the bound",
}


class _Locator:
    """Finds the exact line of an `if:`, an effect or a text, by reading the file again (rarely needed)."""

    def __init__(self) -> None:
        self.files: dict[str, YNode | None] = {}

    def _root(self, file: str) -> YNode | None:
        if file not in self.files:
            try:
                self.files[file] = read_yaml(Path(file).read_text(encoding="utf-8").removeprefix("\ufeff"), file)
            except (OSError, UnicodeDecodeError, YamlFault):
                self.files[file] = None
        return self.files[file]

    def scene_map(self, scene: Scene) -> YMap | None:
        root = self._root(scene.loc.file)
        if isinstance(root, YMap) and scene.id in root.entries:
            node = root.entries[scene.id][1]
            return node if isinstance(node, YMap) else None
        return None

    def entry(self, mapping: YMap | None, key: str) -> YNode | None:
        if mapping is None or key not in mapping.entries:
            return None
        return mapping.entries[key][1]

    def choice_map(self, choice: Choice, scene: Scene) -> YMap | None:
        choices = self.entry(self.scene_map(scene), "choices")
        if isinstance(choices, YSeq):
            for item in choices.items:
                if isinstance(item, YMap):
                    node = self.entry(item, "id")
                    if isinstance(node, YScalar) and str(node.value) == choice.id:
                        return item
        return None

    def condition(self, choice: Choice, scene: Scene) -> Location:
        node = self.entry(self.choice_map(choice, scene), "if")
        return node.loc if node is not None else choice.loc

    def effect(self, choice: Choice, scene: Scene, index: int) -> Location:
        node = self.entry(self.choice_map(choice, scene), "do")
        if isinstance(node, YSeq) and index < len(node.items):
            return node.items[index].loc
        return node.loc if node is not None else choice.loc

    def variant(self, scene: Scene, index: int, key: str) -> Location:
        variants = self.entry(self.scene_map(scene), "variants")
        if isinstance(variants, YSeq) and index < len(variants.items):
            item = variants.items[index]
            node = self.entry(item, key) if isinstance(item, YMap) else None
            return node.loc if node is not None else item.loc
        return scene.variants[index].loc

    def text(self, scene: Scene) -> Location:
        node = self.entry(self.scene_map(scene), "text")
        return node.loc if node is not None else scene.loc


@dataclass
class LintResult:
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)  # W110: what lint could not look at
    exploration: Exploration | None = None


def _warn(result: LintResult, loc: Location, code: str, message: str, hint: str) -> None:
    result.warnings.append(Diagnostic(loc, code, message, hint, "warning"))


def _graph_reachable(world: World) -> set[str]:
    """Scenes reachable in the scene graph, conditions ignored (a safe answer when exploration stops)."""
    seen = {world.start}
    queue = deque([world.start])
    while queue:
        for choice in world.scenes[queue.popleft()].choices:
            if choice.target not in seen:
                seen.add(choice.target)
                queue.append(choice.target)
    return seen


def lint(world: World, max_states: int = LINT_MAX_STATES) -> LintResult:
    """Every warning for a loaded world, sorted by file, line and column."""
    result = LintResult()
    where = _Locator()
    explored = Explorer(world, max_states).explore(lint=True)
    result.exploration = explored
    complete = explored.complete
    reached = explored.reached_scenes if complete else _graph_reachable(world)

    if not complete:
        result.notes.append(
            Diagnostic(
                Location(str(world.path / "world.yaml"), 1, 1),
                W_BOUND,
                f"the world has more than {max_states:,} reachable states; W103, W106 and W107 were skipped "
                "and W101/W102 only follow the scene graph",
                "give numbers that only grow a max (or only shrink a min), or raise --max-states",
                "note",
            )
        )

    for scene in world.scenes.values():
        if scene.id in reached:
            continue
        if scene.ending is not None:
            _warn(
                result,
                scene.loc,
                W_ENDING_UNREACHED,
                f"no run reaches the ending '{scene.id}'",
                "add a choice that leads here, or loosen the conditions on the way",
            )
        else:
            _warn(
                result,
                scene.loc,
                W_UNREACHABLE,
                f"no run reaches scene '{scene.id}'",
                "add a choice that leads here, loosen the conditions on the way, or delete the scene",
            )

    if complete:
        _value_checks(world, explored, where, result)

    seen_dead: set[str] = set()
    for index in explored.dead_ends:
        scene = world.scenes[explored.keys[index][0]]
        if scene.id in seen_dead:
            continue
        seen_dead.add(scene.id)
        steps = explored.path(index)
        route = ", ".join(edge.choice.id for edge in steps) or "the start"
        _warn(
            result,
            scene.loc,
            W_DEAD_END,
            f"a run can get stuck in scene '{scene.id}' with no choice offered (after: {route})",
            "add a choice without a condition, or make one of the conditions hold there",
        )

    _variable_checks(world, result)
    _repeated_text(world, where, result)
    result.warnings.sort(key=lambda d: (d.location.file, d.location.line, d.location.column, d.code))
    return result


def _value_checks(world: World, explored: Exploration, where: _Locator, result: LintResult) -> None:
    for scene in world.scenes.values():
        if scene.id not in explored.first_at:
            continue
        for choice in scene.choices:
            condition = choice.condition
            if condition is None or condition.uses_chance:
                continue
            values = explored.condition_values.get(choice.key, set())
            if not values:  # a once-only choice never offered twice: nothing to judge
                continue
            if values == {False}:
                _warn(
                    result,
                    where.condition(choice, scene),
                    W_NEVER_AVAILABLE,
                    f"choice '{choice.id}' is never offered: '{condition.source}' is false in every reachable state",
                    "fix the condition, or set what it reads on the way here",
                )
            elif values == {True}:
                _warn(
                    result,
                    where.condition(choice, scene),
                    W_CONSTANT,
                    f"'{condition.source}' is true in every reachable state, so choice '{choice.id}' is always offered",
                    "remove the 'if:', or fix it so that it can be false",
                )
        for index, variant in enumerate(scene.variants):
            values = explored.variant_values.get((scene.id, index), set())
            if len(values) == 1:
                always = next(iter(values))
                _warn(
                    result,
                    where.variant(scene, index, "if"),
                    W_CONSTANT,
                    f"variant {index + 1} of scene '{scene.id}': '{variant.condition.source}' is "
                    f"{'true' if always else 'false'} in every reachable state, so it is "
                    f"{'always' if always else 'never'} shown",
                    "fold its text into the scene's text" if always else "fix the condition, or delete the variant",
                )
        for choice in scene.choices:
            for index, effect in enumerate(choice.effects):
                stats = explored.effects.get((choice.key, index))
                if stats is None or not stats.applied:
                    continue
                variable = world.variables[effect.target]
                if stats.cut_high == stats.applied:
                    bound, side = variable.maximum, "max"
                elif stats.cut_low == stats.applied:
                    bound, side = variable.minimum, "min"
                else:
                    continue
                _warn(
                    result,
                    where.effect(choice, scene, index),
                    W_CLAMPED,
                    f"'{effect.source}' is cut to {effect.target}'s {side} {bound} every time choice "
                    f"'{choice.id}' is taken",
                    f"make it smaller, move it, or change the {side}",
                )


def _variable_checks(world: World, result: LintResult) -> None:
    read: set[str] = set(world.status)
    written: set[str] = set()
    for scene in world.scenes.values():
        for variant in scene.variants:
            read |= variant.condition.reads
        for choice in scene.choices:
            if choice.condition is not None:
                read |= choice.condition.reads
            for effect in choice.effects:
                read |= effect.value.reads
                written.add(effect.target)  # `x += 1` reads x only to change it: not a read
    for name, variable in world.variables.items():
        if name not in read:
            _warn(
                result,
                variable.loc,
                W_NEVER_READ,
                f"variable '{name}' is never read: no condition or effect uses it, and the status panel does not "
                "show it",
                "use it in an 'if:', add it to status:, or delete it",
            )
        if name not in written:
            _warn(
                result,
                variable.loc,
                W_NEVER_WRITTEN,
                f"variable '{name}' is never changed: it keeps its initial value {spell(variable.initial)}",
                f"add an effect such as '{name} = ...', or replace it by its value",
            )


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _repeated_text(world: World, where: _Locator, result: LintResult) -> None:
    first: dict[str, str] = {}
    for scene in world.scenes.values():
        texts = [(scene.text, f"scene '{scene.id}'", -1)]
        texts += [(v.text, f"variant {i + 1} of scene '{scene.id}'", i) for i, v in enumerate(scene.variants)]
        for text, what, index in texts:
            key = _normal(text)
            if len(key) < 20:  # short lines ("Nothing happens.") may repeat on purpose
                continue
            if key in first:
                loc = where.text(scene) if index < 0 else where.variant(scene, index, "text")
                _warn(
                    result,
                    loc,
                    W_REPEATED,
                    f"the narration of {what} repeats {first[key]} word for word",
                    "write it anew, or lead both choices to one scene",
                )
            else:
                first[key] = what
