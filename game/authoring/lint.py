"""Lint: warnings about a world that loads but probably does not do what its author meant.

Codes are stable (tools and tests match on them):

    W101  a scene no run can reach
    W102  an ending no run can reach
    W103  a choice whose condition never holds anywhere it could be offered
    W104  a variable that nothing reads
    W105  a variable that nothing changes
    W106  a condition with the same value in every reachable state (the `if:` decides nothing): a
          choice's, a variant's, a text block's, or an inline `{if ...:}` wherever its text is shown
    W107  an effect cut by the variable's min or max every time it applies
    W108  narration repeated word for word in another scene or variant
    W109  a dead end: a reachable state that is not an ending and offers no choice
    W110  a note: the state space is larger than the exploration's bounds, so some checks could not
          run on every state; it names what they skipped and what multiplies the states, and
          `check --strict` fails on it (a check that could not run is not a pass)
    W111  a trap: a reachable state from which no ending can be reached, going round a loop
    W112  a reply no one reads: its choice is never taken in any reachable state
    W113  a text that comes out empty in a reachable state: a scene's narration, a choice's label, a reply
    W120  a condition in text (inline or on a block) that the variables' declared min/max decide

Reachability and the value checks come from one breadth-first exploration of the world's states
(explore.py), so "never" means "in no reachable state", not "in the scene graph". Past its bound,
an abstraction with numbers as intervals (intervals.py) covers every reachable state: a warning is
given when it proves one, real runs (the exact states, random runs, the abstraction's ways replayed)
show what does happen, and W110 lists exactly what neither settles.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from itertools import count
from pathlib import Path

from msgspec import Struct, field

from game.authoring.deadends import prove_no_dead_ends
from game.authoring.explore import Edge, Exploration, Explorer, next_scenes, paused_gc
from game.authoring.intervals import Abstract, Abstraction, label_name, visits_name
from game.authoring.ranges import fixed_text_conditions, outcomes, text_conditions
from game.world.errors import Diagnostic, Location
from game.world.expr import Compiled, Value, spell
from game.world.model import Choice, Scene, World, conditions_of, flat_effects
from game.world.yamlsafe import YamlFault, YMap, YNode, YScalar, YSeq, read_yaml

LINT_MAX_STATES = 50_000  # exact states, about 1 s on IO; past them the abstraction (intervals.py) goes on
# ... unless asked for a number, at most this many divided by the number of scenes (a state of a
# world of 10,000 scenes carries more and takes longer): 50,000 up to 2,000 scenes, 10,000 at 10,000
LINT_STATES_SCENES = 100_000_000
LINT_MIN_STATES = 5_000
LINT_MAX_BYTES = 300 * 1024 * 1024  # the exploration's own memory, estimated
WALK_BUDGET = 100_000  # choices tried by random runs showing what really happens, when the exploration stops
WALK_ROUNDS = 4  # rounds of random runs at most, while something is left to settle
ABSTRACT_MAX_WORK = 20_000  # abstract states worked on (IO: under 1,000); past it, W110 as when nothing finishes
ABSTRACT_WORK_SCENES = 2_000_000  # ... and at most this many divided by the number of scenes
MAX_GUIDES = 60  # steered walks per round: ways through the scenes what is left depends on (_guides)
STEERED_BUDGET = 50_000  # choices tried by the steered walks of one round, shared by its guides
GUIDE_MIN_BUDGET = 2_000  # ... and at least this many per guide
GUIDE_WRITERS = 3  # scenes setting a variable, tried as ways through
FOLLOW_BUDGET = 20_000  # steps of the abstraction's ways to its states, replayed for real
REFINED_MAX_STATES = 20_000  # abstract states of the second abstraction, with some flags kept exactly

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
W_TRAP = "W111"
W_REPLY_UNREAD = "W112"
W_BLANK = "W113"

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
    W_TRAP: "a loop no ending can be reached from",
    W_REPLY_UNREAD: "reply on a choice never taken",
    W_BLANK: "text empty in a reachable state",
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
        """Where the choice's `index`th effect is written, counting as flat_effects does (the effects
        inside `{if: ...}` items in place, `do:` before `else:`)."""
        node = self.entry(self.choice_map(choice, scene), "do")
        written = self._effects_written(node)
        if index < len(written):
            return written[index].loc
        return node.loc if node is not None else choice.loc

    def _effects_written(self, node: YNode | None) -> list[YNode]:
        if isinstance(node, YSeq):
            return [found for item in node.items for found in self._effects_written(item)]
        if isinstance(node, YMap) and "if" in node.entries:
            return self._effects_written(self.entry(node, "do")) + self._effects_written(self.entry(node, "else"))
        return [node] if node is not None else []

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

    def choice_entry(self, choice: Choice, scene: Scene, key: str) -> Location:
        """Where a choice's `text:` or `reply:` is written."""
        node = self.entry(self.choice_map(choice, scene), key)
        return node.loc if node is not None else choice.loc


class LintResult(Struct):
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)  # W110: what lint could not look at
    exploration: Exploration | None = None
    abstraction: Abstraction | None = None  # the second tier, when the exact exploration hit its bound
    # Past the exact bound, with the abstraction finished: the real runs that gave its evidence
    # (random runs, steered runs, the abstractions' ways played for real), and their states.
    runs: Exploration | None = None
    walked: int = 0  # the states of those runs
    complete: bool = True  # every check ran on every reachable state (check --strict fails otherwise)


def _warn(result: LintResult, loc: Location, code: str, message: str, hint: str) -> None:
    result.warnings.append(Diagnostic(loc, code, message, hint, "warning"))


def _graph_reachable(world: World) -> set[str]:
    """Scenes reachable in the scene graph, conditions ignored (a safe answer when exploration stops)."""
    seen = {world.start}
    queue = deque([world.start])
    leads = next_scenes(world)
    while queue:
        for choice in world.scenes[queue.popleft()].choices:
            for target in leads[choice.key]:
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    return seen


def _surely_reached(world: World) -> set[str]:
    """Scenes every world like this one reaches: along choices offered wherever their scene is
    (no condition, not a fallback, no call or return; a once-only one is offered the first time)."""
    seen = {world.start}
    queue = deque([world.start])
    while queue:
        for choice in world.scenes[queue.popleft()].choices:
            plain = choice.condition is None and not (choice.fallback or choice.then or choice.returns)
            if plain and choice.target not in seen:
                seen.add(choice.target)
                queue.append(choice.target)
    return seen


def _route(steps: list[Edge]) -> str:
    """The choices of a witness run, shortened in the middle when long."""
    ids = [edge.choice.id for edge in steps]
    if not ids:
        return "from the start"
    if len(ids) > 12:
        ids = [*ids[:5], "...", *ids[-5:]]
    return f"after {len(steps)} choice{'' if len(steps) == 1 else 's'}: {', '.join(ids)}"


def _graph_traps(world: World, reachable: set[str]) -> list[str]:
    """Reachable scenes (in the scene graph) from which no ending can be reached whatever holds."""
    preds: dict[str, list[str]] = {scene_id: [] for scene_id in world.scenes}
    leads = next_scenes(world)
    for scene in world.scenes.values():
        for choice in scene.choices:
            for target in leads[choice.key]:
                preds[target].append(scene.id)
    can_end = {scene.id for scene in world.endings}
    queue = deque(can_end)
    while queue:
        for pred in preds[queue.popleft()]:
            if pred not in can_end:
                can_end.add(pred)
                queue.append(pred)
    return [scene_id for scene_id in world.scenes if scene_id in reachable and scene_id not in can_end]


def lint(
    world: World, max_states: int | None = None, max_bytes: int = LINT_MAX_BYTES, abstract: bool = True
) -> LintResult:
    """Every warning for a loaded world, sorted by file, line and column. max_states: the exact
    exploration's bound (None: default_states). abstract=False: no second tier past the exact
    bound (W110 then says what was not checked)."""
    with paused_gc():
        return _lint(world, default_states(world) if max_states is None else max_states, max_bytes, abstract)


def default_states(world: World) -> int:
    """The exact exploration's bound when none is asked for: LINT_MAX_STATES, less on large worlds."""
    return min(LINT_MAX_STATES, max(LINT_MIN_STATES, LINT_STATES_SCENES // max(1, len(world.scenes))))


def _lint(world: World, max_states: int, max_bytes: int, abstract: bool) -> LintResult:
    result = LintResult()
    where = _Locator()
    explorer = Explorer(world, max_states, max_bytes=max_bytes)
    explored = explorer.explore(lint=True)
    result.exploration = explored
    if explored.complete:
        _exact_checks(world, explored, where, result)
    else:
        # Too many exact states: the abstraction (intervals.py) proves what it can, the states the
        # exact and a coarse search really reached show the rest, and W110 names what is left.
        # Its budget shrinks as the world grows (a state of a world of 10,000 scenes carries more):
        # past it, W110 says what was not checked, as when nothing finishes.
        work = min(ABSTRACT_MAX_WORK, max(1_000, ABSTRACT_WORK_SCENES // max(1, len(world.scenes))))
        abstraction = None
        if abstract:
            surely = len(_surely_reached(world))
            if surely > work:  # it works on one state per scene a run reaches at least: it cannot finish
                abstraction = Abstraction(world, complete=False)
                abstraction.stopped_by = (
                    f"not tried: its budget of {work:,} states worked on is less than the {surely:,} scenes "
                    "runs surely reach"
                )
            else:
                abstraction = Abstract(world, explorer, max_work=work).explore()
        result.abstraction = abstraction
        if abstraction is not None and abstraction.complete:
            _abstract_checks(world, explorer, explored, abstraction, where, result, max_bytes)
        else:
            _partial_checks(world, explored, where, result, max_bytes)
    _variable_checks(world, result)
    _repeated_text(world, where, result)
    result.warnings += fixed_text_conditions(world)  # W120: needs no exploration (ranges.py)
    result.warnings.sort(key=lambda d: (d.location.file, d.location.line, d.location.column, d.code))
    return result


def _unreached(world: World, reached: set[str], result: LintResult) -> None:
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


def _dead_ends(world: World, explored: list[Exploration], result: LintResult) -> set[str]:
    """W109 for every dead end a search really reached (its states are real): the scenes."""
    seen_dead: set[str] = set()
    for source in explored:
        for index in source.dead_ends:
            scene = world.scenes[source.keys[index][0]]
            if scene.id in seen_dead:
                continue
            seen_dead.add(scene.id)
            _warn(
                result,
                scene.loc,
                W_DEAD_END,
                f"a run can get stuck in scene '{scene.id}' with no choice offered ({_route(source.path(index))})",
                "add a choice without a condition, or make one of the conditions hold there",
            )
    return seen_dead


def _exact_checks(world: World, explored: Exploration, where: _Locator, result: LintResult) -> None:
    """Every check on every reachable state, the exploration being complete."""
    _unreached(world, explored.reached_scenes, result)
    _value_checks(world, explored, where, result)
    for condition, loc, what, _scene in _text_conditions(world):
        if condition.uses_chance:
            continue
        values = explored.text_values.get(id(condition), set())
        if len(values) == 1:
            _warn_constant_text(result, loc, what, next(iter(values)))
    for scene in world.scenes.values():
        for choice in scene.choices:
            if choice.reply is not None and scene.id in explored.first_at and choice.key not in explored.available:
                _warn_reply_unread(result, where, scene, choice, explored)
    _blank_texts(world, [explored], where, result)
    _dead_ends(world, [explored], result)
    for trap in explored.traps():
        scene = world.scenes[explored.keys[trap.entry][0]]
        shown = ", ".join(f"'{s}'" for s in trap.scenes[:8]) + (", ..." if len(trap.scenes) > 8 else "")
        _warn(
            result,
            scene.loc,
            W_TRAP,
            f"a run can be trapped from scene '{scene.id}' ({_route(explored.path(trap.entry))}): from there "
            f"it can go on forever among {shown} but never reach an ending",
            "give the loop a way out to an ending, or check the conditions of the way out",
        )


def _limit(explored: Exploration, max_bytes: int) -> str:
    if explored.stopped_by == "states":
        return f"more than {explored.max_states:,} reachable states"
    shown = f"{max_bytes / 2**20:,.{0 if max_bytes >= 10 * 2**20 else 1}f}"
    return f"more states than fit in {shown} MB ({explored.states:,} explored)"


def _multipliers(explored: Exploration) -> str:
    return ", ".join(f"{name} ({count} values)" for name, count in explored.multipliers()) or "the scenes themselves"


def _partial_checks(world: World, explored: Exploration, where: _Locator, result: LintResult, max_bytes: int) -> None:
    """Neither exploration finished: what the scene graph and the per-scene proof show, and W110."""
    result.complete = False
    graph = _graph_reachable(world)
    limit = _limit(explored, max_bytes)
    abstract = result.abstraction
    also = ""
    if abstract is not None and abstract.stopped_by.startswith("not tried"):
        also = f"; the abstraction with intervals was {abstract.stopped_by}"
    elif abstract is not None:
        also = (
            f"; the abstraction with intervals stopped too ({abstract.states:,} abstract states, "
            f"by {abstract.stopped_by})"
        )
    result.notes.append(
        Diagnostic(
            Location(str(world.path / "world.yaml"), 1, 1),
            W_BOUND,
            f"could not check the whole world: it has {limit}{also}. Not checked beyond them: W103 (never "
            "offered), W106 (constant conditions, in texts too), W107 (cut effects), W109 (dead ends: proved "
            "per scene instead), W111 (loops: the scene graph only), W112 (replies never read) and W113 "
            "(empty texts); W101/W102 follow the scene graph. "
            f"The states multiply over: {_multipliers(explored)}",
            "give numbers that only grow a max (or only shrink a min), drop what no later condition reads, "
            "or raise --max-states",
            "note",
        )
    )
    _unreached(world, graph, result)
    _blank_texts(world, [explored], where, result)  # its states are real: an empty text there is one
    seen_dead = _dead_ends(world, [explored], result)
    # The exploration saw only some states: prove the other scenes safe one by one instead.
    proof = prove_no_dead_ends(world)
    for scene_id, why in proof.unproved.items():
        if scene_id in seen_dead or scene_id not in graph:
            continue
        _warn(
            result,
            world.scenes[scene_id].loc,
            W_DEAD_END,
            f"a run may get stuck in scene '{scene_id}': {why} (the exploration stopped before it could "
            "tell whether a run gets there so)",
            "add a choice without a condition, or make one of the conditions hold there",
        )
    _report_graph_traps(world, graph, seen_dead, result)


def _report_graph_traps(world: World, graph: set[str], seen_dead: set[str], result: LintResult) -> set[str]:
    found = set()
    for scene_id in _graph_traps(world, graph):
        scene = world.scenes[scene_id]
        if scene.ending is None and scene.choices and scene_id not in seen_dead:
            found.add(scene_id)
            _warn(
                result,
                scene.loc,
                W_TRAP,
                f"a run that reaches scene '{scene_id}' can never reach an ending: no way from it leads to one",
                "give it a way out to an ending",
            )
    return found


def _abstract_checks(
    world: World,
    explorer: Explorer,
    explored: Exploration,
    abstraction: Abstraction,
    where: _Locator,
    result: LintResult,
    max_bytes: int,
) -> None:
    """The exact exploration stopped, the abstract one finished. A warning is given when the
    abstraction proves it (or a real run shows it); a check neither can settle is listed in W110.

    Real runs are the evidence of what does happen: the exact exploration's states, and random
    runs, which reach the deep scenes a breadth-first search cannot (IO's launch, 96 hours on).
    More random runs are made while something is left to settle, up to WALK_ROUNDS rounds.

    The runs are drawn the same way on every lint (the same warnings every time), and each batch
    of runs from a seed of its own, the next number: no batch repeats another's draws."""
    seeds = count()
    walks = explorer.walk(WALK_BUDGET, seed=next(seeds))
    explorer.follow((abstraction.path(key) for key in abstraction.values), walks, FOLLOW_BUDGET)
    wanted: set[str] = set()
    places: set[str] = set()
    guides: list[Guide] = []
    for round_ in range(1, WALK_ROUNDS + 1):
        found = LintResult()
        wanted.clear()
        places.clear()
        guides.clear()
        unsettled = _settle(world, [explored, walks], abstraction, where, found, wanted, places, guides)
        if not unsettled or round_ == WALK_ROUNDS:
            break
        explorer.walk(WALK_BUDGET, seed=next(seeds), into=walks)
        _steer(explorer, walks, guides, seeds)  # and runs steered to where what is left is
    # (`wanted` holds only what the items left read: when nothing is left, nothing is kept exactly.)
    exact = frozenset(name for name in wanted if name not in world.variables or world.variables[name].type != "number")
    if exact:
        # Once more, keeping exactly the flags and texts what is left reads: more precise where it
        # matters. What either abstraction proves holds; what is left is what neither settles.
        refined = Abstract(world, explorer, REFINED_MAX_STATES, exact=exact, max_work=ABSTRACT_MAX_WORK).explore()
        if refined.complete:
            # The ways to the states where something is left first: the budget may not cover all.
            first = [key for key in refined.values if key[0] in places]
            order = first + [key for key in refined.values if key[0] not in places]
            explorer.follow((refined.path(key) for key in order), walks, FOLLOW_BUDGET)
            unsettled = _settle(world, [explored, walks], abstraction, where, LintResult(), set())
            again = LintResult()
            left = _settle(world, [explored, walks], refined, where, again, set())
            shown = {(d.code, d.location, d.message) for d in found.warnings}
            found.warnings += [d for d in again.warnings if (d.code, d.location, d.message) not in shown]
            unsettled = {
                code: [item for item in items if item in left.get(code, [])] for code, items in unsettled.items()
            }
            unsettled = {code: items for code, items in unsettled.items() if items}
    result.warnings += found.warnings
    result.runs = walks
    result.walked = len(walks.keys)
    result.complete = not unsettled
    if unsettled:
        listed = "; ".join(
            f"{code} ({CODES[code]}): {', '.join(items[:6])}{', ...' if len(items) > 6 else ''}"
            for code, items in sorted(unsettled.items())
        )
        result.notes.append(
            Diagnostic(
                Location(str(world.path / "world.yaml"), 1, 1),
                W_BOUND,
                f"could not prove everything: the world has {_limit(explored, max_bytes)}, "
                f"and the abstraction with intervals ({abstraction.states:,} abstract states) could not settle "
                f"{listed}. The states multiply over: {_multipliers(explored)}",
                "give numbers that only grow a max (or only shrink a min), drop what no later condition reads, "
                "or raise --max-states",
                "note",
            )
        )


Guide = tuple[str, str]  # (a scene or a choice key a run passes through, or "", the scene to reach)


def _guides(world: World, reads: frozenset[str], scene: str) -> list[Guide]:
    """Ways for steered walks (Explorer.walk's toward) to show a condition of `scene` reading
    `reads` the other way: from where a run enters a scene it asks visited() about, takes a
    choice it asks taken() about, or leaves a scene whose effects set what it reads, on to
    `scene`; or from the start straight to `scene`."""
    through: list[str] = []
    for name in sorted(reads):
        if name.startswith("visits("):
            through.append(name[len("visits(") : -1])
        elif name.startswith("taken("):
            through.append(name[len("taken(") : -1])
        else:
            through += [
                place.id
                for place in world.scenes.values()
                if any(effect.target == name for program in place.programs() for effect in flat_effects(program))
            ][:GUIDE_WRITERS]
    return [("", scene), *((waypoint, scene) for waypoint in dict.fromkeys(through) if waypoint != scene)]


def _steer(explorer: Explorer, walks: Exploration, guides: list[Guide], seeds: Iterator[int]) -> None:
    """Walks steered to where what is left is decided, each from real states just past its
    waypoint (a run that has entered the scene, taken the choice, or left the scene that sets a
    value), so that the hard part of the way there is not left to chance again."""
    entered: dict[str, list[int]] = {}
    left: dict[str, list[int]] = {}
    for index, (key, edge) in enumerate(zip(walks.keys, walks.edges, strict=True)):
        entered.setdefault(key[0], []).append(index)
        if edge is not None:
            left.setdefault(edge.choice.key, []).append(index)
            left.setdefault(edge.choice.scene, []).append(index)
    ways = list(dict.fromkeys(guides))[:MAX_GUIDES]
    for through, scene in ways:
        starts = (left.get(through) or entered.get(through) or []) if through else []
        budget = max(GUIDE_MIN_BUDGET, STEERED_BUDGET // len(ways))
        toward: tuple[str, ...] = (scene,)
        if through and not starts:  # never got there: through it from the start
            toward = (through.rsplit(".", 1)[0], scene)
        explorer.walk(budget, seed=next(seeds), into=walks, toward=toward, starts=starts)


def _names(condition: Compiled) -> frozenset[str]:
    """What a condition reads, as the abstraction names it: variables, visit counts, taken() flags."""
    return (
        condition.reads
        | {visits_name(scene) for scene in condition.scenes}
        | {label_name(label) for label in condition.labels}
    )


def _read_at(world: World, scene_id: str) -> frozenset[str]:
    """What the conditions of a scene's choices read."""
    found: set[str] = set()
    for choice in world.scenes[scene_id].choices:
        if choice.condition is not None:
            found |= _names(choice.condition)
    return frozenset(found)


def _settle(
    world: World,
    real: list[Exploration],
    abstraction: Abstraction,
    where: _Locator,
    result: LintResult,
    wanted: set[str],
    places: set[str] | None = None,
    guides: list[Guide] | None = None,
) -> dict[str, list[str]]:
    """The warnings the abstraction proves, into `result`, and what neither it nor the real states
    in `real` settle: code -> the choices, scenes or conditions (and into `wanted`, the variables
    their conditions read, into `places` their scenes, and into `guides` the scenes a run could
    pass through to show what is left: see _guides)."""
    unsettled: dict[str, list[str]] = {}

    def unsettle(code: str, what: str, reads: frozenset[str] = frozenset(), scene: str = "") -> None:
        unsettled.setdefault(code, []).append(what)
        wanted.update(reads)
        if places is not None and scene:
            places.add(scene)
        if guides is not None and scene:
            guides.extend(_guides(world, reads, scene))

    def contradicted(at: str) -> None:
        # A proof a real run refutes is a bug of the abstraction: never reported as a warning.
        unsettle(W_BOUND, f"the abstraction contradicts a real run at '{at}' (a bug: please report it)")

    reached_really = set().union(*(source.reached_scenes for source in real))
    _unreached(world, abstraction.reached, result)
    for scene_id in sorted(abstraction.reached - reached_really, key=list(world.scenes).index):
        unsettle(
            W_ENDING_UNREACHED if world.scenes[scene_id].ending else W_UNREACHABLE,
            f"'{scene_id}'",
            _read_at(world, scene_id),
        )

    def seen(table: str, key: object) -> set[object]:
        found: set[object] = set()
        for source in real:
            found |= getattr(source, table).get(key, set())
        return found

    for scene in world.scenes.values():
        if scene.id not in abstraction.reached:
            continue
        for choice in scene.choices:
            condition = choice.condition
            if condition is None or condition.uses_chance:
                continue
            claims = abstraction.choice_values.get(choice.key, set())
            really = seen("condition_values", choice.key)
            if not claims:
                continue
            if claims == {False} and True not in really:
                _warn_never_offered(result, where, scene, choice)
            elif True not in really:
                unsettle(W_NEVER_AVAILABLE, f"'{choice.key}'", _names(condition), scene.id)
            if claims == {True} and False not in really:
                _warn_always_offered(result, where, scene, choice)
            elif claims != {False} and False not in really:
                unsettle(W_CONSTANT, f"the if: of '{choice.key}'", _names(condition), scene.id)
            if (claims == {False} and True in really) or (claims == {True} and False in really):
                contradicted(choice.key)
        for index, variant in enumerate(scene.variants):
            if variant.condition.uses_chance:
                continue
            claims = abstraction.variant_values.get((scene.id, index), set())
            really = seen("variant_values", (scene.id, index))
            if len(claims) == 1 and None not in claims and (not next(iter(claims))) in really:
                contradicted(scene.id)
            elif len(claims) == 1 and None not in claims:
                _warn_constant_variant(result, where, scene, index, bool(next(iter(claims))))
            elif really != {True, False}:
                unsettle(W_CONSTANT, f"variant {index + 1} of '{scene.id}'", _names(variant.condition), scene.id)
        for choice in scene.choices:
            for index, effect in enumerate(choice.effects):
                clamp = abstraction.clamps.get((choice.key, index))
                if clamp is None or not clamp.applied:
                    continue
                records = [source.effects.get((choice.key, index)) for source in real]
                uncut_high = any(r is not None and r.cut_high < r.applied for r in records)
                uncut_low = any(r is not None and r.cut_low < r.applied for r in records)
                if (clamp.always_high and uncut_high) or (clamp.always_low and uncut_low):
                    contradicted(choice.key)
                elif clamp.always_high or clamp.always_low:
                    _warn_clamped(world, result, where, scene, choice, index, high=clamp.always_high)
                elif not (uncut_high and uncut_low):
                    unsettle(W_CLAMPED, f"'{effect.source}' in '{choice.key}'", _read_at(world, scene.id), scene.id)

    for condition, loc, what, scene_id in _text_conditions(world):
        if condition.uses_chance:
            continue
        claims = abstraction.text_values.get(id(condition), set())
        really = seen("text_values", id(condition))
        if not claims:  # proved never shown: nothing to judge (unless a real run shows it)
            if really:
                contradicted(what)
        elif len(claims) == 1 and None not in claims and (not next(iter(claims))) in really:
            contradicted(what)
        elif len(claims) == 1 and None not in claims:
            _warn_constant_text(result, loc, what, bool(next(iter(claims))))
        elif really != {True, False}:
            unsettle(W_CONSTANT, what, _names(condition), scene_id)
    for scene in world.scenes.values():
        if scene.id not in abstraction.reached:
            continue
        for choice in scene.choices:
            if choice.reply is None:
                continue
            taken_really = any(choice.key in source.available for source in real)
            if abstraction.choice_values.get(choice.key, set()) <= {False}:
                if taken_really:
                    contradicted(choice.key)
                else:
                    _warn_reply_unread(result, where, scene, choice, None)
            elif not taken_really:
                unsettle(W_REPLY_UNREAD, f"the reply of '{choice.key}'", _read_at(world, scene.id), scene.id)
    shown_blank = _blank_texts(world, real, where, result)
    for kind, name in sorted(abstraction.blank_possible - shown_blank):
        scene_id = name if kind == "scene" else name.rsplit(".", 1)[0]
        what = f"the {'narration' if kind == 'scene' else kind} of '{name}'"
        unsettle(W_BLANK, what, _read_at(world, scene_id), scene_id)

    seen_dead = _dead_ends(world, real, result)
    candidates = {key[0] for key in abstraction.dead_candidates} - seen_dead
    if candidates:
        candidates &= set(prove_no_dead_ends(world).unproved)
        for scene_id in sorted(candidates, key=list(world.scenes).index):
            unsettle(W_DEAD_END, f"'{scene_id}'", _read_at(world, scene_id), scene_id)
    graph_traps = _report_graph_traps(world, abstraction.reached, seen_dead, result)
    trapped = {key[0] for key in abstraction.trapped()} - graph_traps - seen_dead - candidates
    for scene_id in sorted(trapped, key=list(world.scenes).index):
        unsettle(W_TRAP, f"'{scene_id}'", _read_at(world, scene_id), scene_id)

    return unsettled


def _text_conditions(world: World) -> list[tuple[Compiled, Location, str, str]]:
    """The conditions in texts that W106 judges: not drawn by chance(), and not already decided by
    the declared ranges alone (W120 says so without exploring)."""
    return [found for found in text_conditions(world) if len(outcomes(found[0], world.variables)) == 2]


def _blank_texts(world: World, real: list[Exploration], where: _Locator, result: LintResult) -> set[tuple[str, str]]:
    """W113 for every text a real state showed empty: the texts."""
    found: set[tuple[str, str]] = set()
    for source in real:
        for what, index in source.blank.items():
            if what in found:
                continue
            found.add(what)
            kind, name = what
            route = _route(source.path(index))
            if kind == "scene":
                scene = world.scenes[name]
                _warn(
                    result,
                    where.text(scene),
                    W_BLANK,
                    f"scene '{name}' shows no text at all in a reachable state ({route})",
                    "give it something to say in every state: a block without a condition, an else branch, "
                    "or a main text no variant empties",
                )
                continue
            scene_id, _dot, choice_id = name.rpartition(".")
            scene = world.scenes[scene_id]
            choice = scene.choice(choice_id)
            assert choice is not None
            if kind == "label":
                _warn(
                    result,
                    where.choice_entry(choice, scene, "text"),
                    W_BLANK,
                    f"choice '{choice_id}' of scene '{scene_id}' is offered with an empty label ({route})",
                    "give its {if ...} an else branch, or write part of the label outside the braces",
                )
            else:
                _warn(
                    result,
                    where.choice_entry(choice, scene, "reply"),
                    W_BLANK,
                    f"the reply of choice '{choice_id}' comes out empty when it is taken ({route}, then '{choice_id}')",
                    "give its {if ...} an else branch, or make the choice's condition imply the reply's",
                )
    return found


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
                _warn_never_offered(
                    result, where, scene, choice, _values_seen(explored.condition_reads.get(choice.key, {}))
                )
            elif values == {True}:
                _warn_always_offered(result, where, scene, choice)
        for index in range(len(scene.variants)):
            values = explored.variant_values.get((scene.id, index), set())
            if len(values) == 1:
                _warn_constant_variant(result, where, scene, index, bool(next(iter(values))))
        for choice in scene.choices:
            for index in range(len(choice.effects)):
                stats = explored.effects.get((choice.key, index))
                if stats is None or not stats.applied:
                    continue
                if stats.cut_high == stats.applied or stats.cut_low == stats.applied:
                    _warn_clamped(world, result, where, scene, choice, index, high=stats.cut_high == stats.applied)


def _warn_never_offered(result: LintResult, where: _Locator, scene: Scene, choice: Choice, seen: str = "") -> None:
    """W103, whichever exploration proved it (the exact one adds the values its condition read)."""
    assert choice.condition is not None
    _warn(
        result,
        where.condition(choice, scene),
        W_NEVER_AVAILABLE,
        f"choice '{choice.id}' is never offered: '{choice.condition.source}' is false in every reachable state" + seen,
        "fix the condition, or set what it reads on the way here",
    )


def _warn_always_offered(result: LintResult, where: _Locator, scene: Scene, choice: Choice) -> None:
    """W106 on a choice's `if:`, whichever exploration proved it."""
    assert choice.condition is not None
    _warn(
        result,
        where.condition(choice, scene),
        W_CONSTANT,
        f"'{choice.condition.source}' is true in every reachable state, so choice '{choice.id}' is always offered",
        "remove the 'if:', or fix it so that it can be false",
    )


def _warn_constant_variant(result: LintResult, where: _Locator, scene: Scene, index: int, always: bool) -> None:
    """W106 on a variant's `if:`, whichever exploration proved it."""
    _warn(
        result,
        where.variant(scene, index, "if"),
        W_CONSTANT,
        f"variant {index + 1} of scene '{scene.id}': '{scene.variants[index].condition.source}' is "
        f"{'true' if always else 'false'} in every reachable state, so it is "
        f"{'always' if always else 'never'} shown",
        "fold its text into the scene's text" if always else "fix the condition, or delete the variant",
    )


def _warn_constant_text(result: LintResult, loc: Location, what: str, always: bool) -> None:
    """W106 on a condition in a text (inline, or a block's if:), whichever exploration proved it."""
    if what.startswith("the if: of block"):
        then = "the block is always shown" if always else "the block is never shown"
    else:
        then = "the text after its '|' is never shown" if always else "the text it guards is never shown"
    _warn(
        result,
        loc,
        W_CONSTANT,
        f"{what} is {'true' if always else 'false'} in every reachable state where it is shown, so {then}",
        "write the text without the condition" if always else "fix the condition, or delete what it guards",
    )


def _warn_reply_unread(
    result: LintResult, where: _Locator, scene: Scene, choice: Choice, explored: Exploration | None
) -> None:
    """W112: the choice carrying a reply is never taken (explored: the exact exploration, which adds
    the values its condition read)."""
    values = explored.condition_values.get(choice.key, set()) if explored is not None else set()
    if choice.fallback:
        why = "it is a fallback, and another choice is offered wherever it could be"
    elif choice.returns:
        why = "it returns from a sub-scene, and no call is open wherever it could be taken"
    elif choice.condition is not None and (explored is None or values == {False}):
        seen = _values_seen(explored.condition_reads.get(choice.key, {})) if explored is not None else ""
        why = f"'{choice.condition.source}' is false in every reachable state{seen}"
    else:
        why = "it is offered in no reachable state"
    _warn(
        result,
        where.choice_entry(choice, scene, "reply"),
        W_REPLY_UNREAD,
        f"the reply of choice '{choice.id}' is never shown: the choice is never available ({why})",
        "fix the choice's condition, or delete the choice and its reply",
    )


def _warn_clamped(
    world: World, result: LintResult, where: _Locator, scene: Scene, choice: Choice, index: int, *, high: bool
) -> None:
    """W107: the effect is cut to its variable's max (`high`) or min every time it applies."""
    effect = choice.effects[index]
    variable = world.variables[effect.target]
    bound, side = (variable.maximum, "max") if high else (variable.minimum, "min")
    _warn(
        result,
        where.effect(choice, scene, index),
        W_CLAMPED,
        f"'{effect.source}' is cut to {effect.target}'s {side} {bound} every time choice '{choice.id}' is taken",
        f"make it smaller, move it, or change the {side}",
    )


def _values_seen(seen: dict[str, set[Value]]) -> str:
    """What the condition's variables held wherever it was tested: why it never holds."""
    parts = []
    for name in sorted(seen):
        values = seen[name]
        numbers = sorted(v for v in values if type(v) is int)
        if numbers and len(numbers) == len(values) and len(numbers) > 2:
            parts.append(f"{name} is {numbers[0]}..{numbers[-1]}")
        else:
            parts.append(f"{name} is {' or '.join(sorted(spell(v) for v in values))}")
    return f" ({'; '.join(parts)} wherever it is tested)" if parts else ""


def _variable_checks(world: World, result: LintResult) -> None:
    read: set[str] = set(world.status)
    written: set[str] = set()
    for scene in world.scenes.values():
        for variant in scene.variants:
            read |= variant.condition.reads
        for block in scene.blocks:
            if block.condition is not None:
                read |= block.condition.reads
        for text in scene.texts():  # {x}, {word(x)} and {if ...} inside texts
            read |= text.reads
        for choice in scene.choices:
            if choice.condition is not None:
                read |= choice.condition.reads
        for program in scene.programs():  # do:, after: and on_enter:, conditional effects included
            for condition in conditions_of(program):
                read |= condition.reads
            for effect in flat_effects(program):
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
