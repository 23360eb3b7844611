"""Playtests: many random playthroughs through the real Story, or every reachable state at once.

Random: each playthrough picks among the choices offered with its own seeded random stream, so a
report is the same for the same --seed. A playthrough that gets stuck (not an ending, nothing to
choose) is shrunk, as property-based testing shrinks a failing case, to the shortest list of
choices that still gets stuck, and written out as a run file that replays it.

Exhaustive: the breadth-first exploration (explore.py) gives a shortest run to every scene, ending
and dead end; each is replayed through the real Story before it is reported as a witness.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from game.authoring.deadends import Proof, prove_no_dead_ends
from game.authoring.explore import Chances, Exploration, Explorer, Key, _Light
from game.engine import Run, Step, Story
from game.engine.replay import ReplayDivergence, advance, replay_exactly
from game.engine.rules import chance_draw, rules_for
from game.support.textsafe import clean_name
from game.world.model import Choice, Scene, World

DEFAULT_MAX_STEPS = 500
EXHAUSTIVE_MAX_STATES = 50_000  # past this, a coarse search and a random one look for the rest
SEED_SEARCH = 20_000  # seeds tried to make a witness's chance() draws come out its way
RANDOM_FALLBACK_RUNS = 10_000  # past the bound: random playthroughs looking for scenes not reached
SHRINK_BUDGET = 400  # replays spent shrinking each run the random search found
BFS_WITNESS_STATES = 50_000  # states explored to find the shortest run into a dead end the random runs met
BFS_WITNESS_BYTES = 64 * 1024 * 1024
WITNESS_STEPS = 20_000  # choices replayed to confirm the runs to scenes (endings and problems always)


# --- run files ----------------------------------------------------------------------------------------


def write_run_file(path: Path, world: World, story: Story, note: str) -> Path:
    """Write the story's run as a golden run file: `io-game replay --check FILE` confirms it."""
    from game.authoring.golden import golden_data, render_golden
    from game.support.atomic import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, render_golden(golden_data(world, story.run, path, note)).encode("utf-8"))
    return path


# --- playing a list of choices ---------------------------------------------------------------------------


def play_ids(world: World, seed: int, choice_ids: list[str]) -> tuple[Story, bool]:
    """Play choice ids in order from the start (each in whatever scene the run is in then); stops
    early when one is not offered. Returns the story and whether every id was played."""
    story = Story(world, seed)
    for index, choice_id in enumerate(choice_ids, 1):
        try:
            advance(story, index, Step(story.scene_id, choice_id))
        except ReplayDivergence:
            return story, False
    return story, True


Goal = Callable[["LightRunner", Key, int], bool]


class LightRunner:
    """Plays runs on the light state (no Machine model per run), with the real seeded draws.

    Shrinking replays a run hundreds of times; a Story costs a Machine model each (about half a
    millisecond on a world of 200 choices), so candidates are tried here and only the result is
    replayed through the real Story.
    """

    def __init__(self, world: World) -> None:
        self.world = world
        self.explorer = Explorer(world, 1)
        self.seed = 0

    def after(self, key: Key, choice: Choice, step: int) -> Key | None:
        if choice.once and choice.key in key[2]:
            return None
        return _follow(self.explorer, key, choice, self.seed, step)

    def offered(self, key: Key, step: int) -> list[tuple[Choice, Key]]:
        """The choices offered in state `key` at this step, each with the state it leads to."""
        explorer = self.explorer
        light = explorer.light
        explorer.load(key)
        seeded = _SEEDED
        seeded.variables, seeded.visits, seeded.seed, seeded.step = light.variables, light.visits, self.seed, step
        explorer.light = seeded
        result: list[tuple[Choice, Key]] = []
        try:
            for choice, choice_key, _chancy in explorer.plan[key[0]]:
                if choice.once and choice_key in key[2]:
                    continue
                following = explorer._take(choice, choice_key, key, light.variables, None)
                if following is not None:
                    result.append((choice, following))
        finally:
            explorer.light = light
        return result

    def stuck(self, key: Key, step: int) -> bool:
        return self.world.scenes[key[0]].ending is None and not self.offered(key, step)

    def prefix_until(self, seed: int, choice_ids: list[str], goal: Goal) -> list[str] | None:
        """The shortest prefix of `choice_ids` after which `goal` holds, or None (a choice not offered, or never)."""
        self.seed = seed
        key = _start(self.explorer, seed)
        if goal(self, key, 0):
            return []
        for index, choice_id in enumerate(choice_ids):
            scene = self.world.scenes[key[0]]
            choice = scene.choice(choice_id)
            if scene.ending is not None or choice is None:
                return None
            following = self.after(key, choice, index)
            if following is None:
                return None
            key = following
            if goal(self, key, index + 1):
                return choice_ids[: index + 1]
        return None


class Walker:
    """One run played with the engine's own step (rules.take) and nothing else: no transitions
    dispatch, no transcript. Random playthroughs play thousands of runs with it; the step is the
    one Story.choose runs through the Machine (a test checks the two agree step for step)."""

    __slots__ = ("rules", "story")

    def __init__(self, world: World, seed: int) -> None:
        self.rules = rules_for(world)
        self.story = Story(world, seed)

    @property
    def scene(self) -> Scene:
        return self.story.scene

    def offered(self) -> list[Choice]:
        return self.rules.offered(self.story)

    def choose(self, choice: Choice) -> None:
        self.rules.take(self.story, choice)


def _is_stuck(runner: LightRunner, key: Key, step: int) -> bool:
    return runner.stuck(key, step)


def _in_scene(scene_id: str) -> Goal:
    def goal(runner: LightRunner, key: Key, step: int) -> bool:
        return key[0] == scene_id

    return goal


def shrink(world: World, seed: int, choice_ids: list[str], goal: Goal, budget: int = 100_000) -> list[str]:
    """The shortest list of choices, found by deleting pieces of a run, after which `goal` still holds.

    Delta debugging: try deleting chunks, halving the chunk size down to single choices, and keep
    any deletion after which the run still plays and still reaches the goal; repeat until nothing
    goes (or `budget` replays are spent).
    """
    runner = LightRunner(world)
    current = runner.prefix_until(seed, choice_ids, goal)
    if current is None:
        raise ValueError("that run does not reach the goal")
    changed = True
    while changed and budget > 0:
        changed = False
        size = max(1, len(current) // 2)
        while size >= 1 and budget > 0:
            start = 0
            while start < len(current) and budget > 0:
                budget -= 1
                candidate = current[:start] + current[start + size :]
                found = runner.prefix_until(seed, candidate, goal)
                if found is not None and len(found) < len(current):
                    current = found
                    changed = True
                else:
                    start += 1
            # Halve big chunks, then try every small size: a loop of two choices ("down, up") goes
            # only as a chunk of two, which halving from six (6, 3, 1) never tries.
            size = size // 2 if size > 8 else size - 1
    return current


def shrink_stuck(world: World, seed: int, choice_ids: list[str]) -> list[str]:
    """The shortest list of choices, found by deleting pieces of a stuck run, that still gets stuck.

    The result is replayed through the real Story; if that disagrees, the run is returned unshrunk.
    """
    shrunk = shrink(world, seed, choice_ids, _is_stuck)
    story, played = play_ids(world, seed, shrunk)
    return shrunk if played and story.is_stuck else choice_ids


# --- random playtest ---------------------------------------------------------------------------------------


class StuckRun(Struct):
    seed: int
    original: list[str]
    shrunk: list[str]
    scene: str
    path: Path | None = None


class RandomReport(Struct):
    world: World
    runs: int
    steps: int = 0
    scene_visits: dict[str, int] = field(default_factory=dict)
    choice_taken: dict[str, int] = field(default_factory=dict)  # choice key -> times taken
    endings: dict[str, int] = field(default_factory=dict)  # ending scene -> runs ending there
    stuck: list[StuckRun] = field(default_factory=list)
    too_long: int = 0  # runs cut at max_steps
    stuck_runs: int = 0  # every stuck run, before keeping one per dead-end scene

    def all_choices(self) -> list[Choice]:
        return [choice for scene in self.world.scenes.values() for choice in scene.choices]

    def as_dict(self) -> dict[str, Any]:
        world = self.world
        return {
            "world": world.id,
            "world_path": clean_name(str(world.path)),
            "runs": self.runs,
            "steps": self.steps,
            "scenes": {"reached": len(self.scene_visits), "total": len(world.scenes)},
            "choices": {"taken": len(self.choice_taken), "total": len(self.all_choices())},
            "endings": {"reached": len(self.endings), "total": len(world.endings), "runs": self.endings},
            "scenes_never_reached": [s for s in world.scenes if s not in self.scene_visits],
            "choices_never_taken": [c.key for c in self.all_choices() if c.key not in self.choice_taken],
            "stuck_runs": self.stuck_runs,
            "stuck": [
                {
                    "seed": s.seed,
                    "scene": s.scene,
                    "steps": len(s.original),
                    "shrunk": s.shrunk,
                    "file": str(s.path) if s.path else None,
                }
                for s in self.stuck
            ],
            "too_long": self.too_long,
        }


def random_playtest(
    world: World,
    runs: int,
    seed: int = 0,
    max_steps: int = DEFAULT_MAX_STEPS,
    out: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> RandomReport:
    """`runs` random playthroughs; stuck runs shrunk, confirmed through the real Story, written to `out`.

    The playthroughs walk the light state (the world's own compiled conditions and effects, and
    Story's seeded draws), not a Story: a Story costs a Machine model and a transitions trigger per
    choice, three to four times the walk. Each stuck run is replayed through the real Story before
    it is reported, and a test checks that the walk and Story agree step for step.
    """
    report = RandomReport(world, runs)
    visits = report.scene_visits
    taken = report.choice_taken
    picker = random.Random(seed)
    stuck_by_scene: dict[str, tuple[int, list[str]]] = {}
    for number in range(runs):
        run_seed = picker.getrandbits(31)
        rng = random.Random(run_seed)
        walker = Walker(world, run_seed)
        visits[walker.scene.id] = visits.get(walker.scene.id, 0) + 1
        ids: list[str] = []
        stuck = False
        for _step in range(max_steps):
            if walker.scene.ending is not None:
                break
            offered = walker.offered()
            if not offered:
                stuck = True
                break
            choice = offered[rng.randrange(len(offered))] if len(offered) > 1 else offered[0]
            walker.choose(choice)
            ids.append(choice.id)
            visits[choice.target] = visits.get(choice.target, 0) + 1
            taken[choice.key] = taken.get(choice.key, 0) + 1
        else:
            stuck = walker.scene.ending is None and not walker.offered()
        report.steps += len(ids)
        scene_id = walker.scene.id
        if walker.scene.ending is not None:
            report.endings[scene_id] = report.endings.get(scene_id, 0) + 1
        elif stuck:
            report.stuck_runs += 1
            # The first stuck run per scene is kept and shrunk (shrinking, not luck, makes it short).
            stuck_by_scene.setdefault(scene_id, (run_seed, ids))
        else:
            report.too_long += 1
        if progress is not None:
            progress(number + 1)
    shortest = _shortest_stuck(world, set(stuck_by_scene)) if stuck_by_scene else {}
    for scene_id, (run_seed, ids) in sorted(stuck_by_scene.items()):
        bfs = shortest.get(scene_id)
        if bfs is not None:  # breadth-first: the shortest run there is, not the found run shrunk
            run_seed, shrunk = bfs.seed, [step.choice for step in bfs.steps]
        else:
            shrunk = shrink_stuck(world, run_seed, ids)
        found = StuckRun(run_seed, ids, shrunk, scene_id)
        story, _ = play_ids(world, run_seed, shrunk)
        if not story.is_stuck:  # the real Story disagrees with the walk: never report it as stuck
            continue
        found.scene = story.state
        if out is not None:
            found.path = write_run_file(
                out / f"stuck-{story.state}.json",
                world,
                story,
                f"stuck in scene '{story.state}' after {len(shrunk)} choices (shrunk from {len(ids)})",
            )
        report.stuck.append(found)
    return report


def _shortest_stuck(world: World, scenes: set[str]) -> dict[str, Run]:
    """The shortest run getting stuck in each of `scenes`, from a bounded breadth-first exploration,
    each confirmed stuck through the real Story (scenes it does not reach are left out)."""
    explorer = Explorer(world, BFS_WITNESS_STATES, max_bytes=BFS_WITNESS_BYTES)
    explored = explorer.explore()
    found: dict[str, Run] = {}
    for index in explored.dead_ends:
        scene_id = explored.keys[index][0]
        if scene_id not in scenes or scene_id in found:
            continue
        run = witness_run(explorer, explored, index)
        if run is None:
            continue
        if replay_exactly(world, run).is_stuck:
            found[scene_id] = run
    return found


# --- exhaustive playtest ---------------------------------------------------------------------------------


class Witness(Struct):
    target: str  # scene id
    kind: str  # "scene", "ending", "dead end" or "trap"
    run: Run | None  # the run, confirmed through the real Story (endings, dead ends and traps only)
    path: Path | None = None
    searched: bool = False  # found by random search past the bound: short, but not proved shortest
    length: int = -1  # choices of the shortest run found, even when `run` was not built
    scenes: tuple[str, ...] = ()  # a trap: the scenes the run can go round forever

    @property
    def steps(self) -> int:
        return len(self.run.steps) if self.run is not None else self.length


class ExhaustiveReport(Struct):
    world: World
    exploration: Exploration
    witnesses: dict[str, Witness] = field(default_factory=dict)  # scene id -> witness
    dead_ends: list[Witness] = field(default_factory=list)
    traps: list[Witness] = field(default_factory=list)
    coarse: Exploration | None = None  # the coverage search run when the exact one hit the bound
    proof: Proof = field(default_factory=Proof)  # scenes that can never be a dead end, state or not

    @property
    def unreachable(self) -> list[str]:
        """Scenes no run reaches (proved only when the exploration is complete)."""
        return [scene for scene in self.world.scenes if scene not in self.witnesses]

    @property
    def never_available(self) -> list[Choice]:
        explored = self.exploration
        return [
            choice
            for scene in self.world.scenes.values()
            if scene.id in explored.first_at
            for choice in scene.choices
            if choice.key not in explored.available
        ]

    def why_never(self, choice: Choice) -> str:
        """Why a choice is never offered: its condition, and what it reads held wherever it was tested."""
        from game.authoring.lint import _values_seen

        if choice.condition is None:
            return "it is once-only and taken before it could be offered again"
        seen = self.exploration.condition_reads.get(choice.key, {})
        return f"'{choice.condition.source}' never holds" + _values_seen(seen)

    def as_dict(self) -> dict[str, Any]:
        explored = self.exploration
        world = self.world

        def witness(w: Witness) -> dict[str, Any]:
            data = {
                "scene": w.target,
                "kind": w.kind,
                "steps": w.steps,
                # Only the runs written out are listed in full: every scene's would be quadratic.
                "choices": [step.choice for step in w.run.steps] if w.run else None,
                "file": str(w.path) if w.path else None,
                "searched": w.searched,
            }
            if w.kind == "trap":
                data["loop"] = list(w.scenes)
            return data

        return {
            "world": world.id,
            "world_path": clean_name(str(world.path)),
            "states": explored.states,
            "transitions": explored.transitions,
            "complete": explored.complete,
            "coarse_states": self.coarse.states if self.coarse is not None else None,
            "max_states": explored.max_states,
            "multipliers": dict(explored.multipliers()) if not explored.complete else {},
            "scenes": {"reached": len(self.witnesses), "total": len(world.scenes)},
            "endings": {
                "reached": [e.id for e in world.endings if e.id in self.witnesses],
                "never": [e.id for e in world.endings if e.id not in self.witnesses],
            },
            "unreachable": self.unreachable,
            "choices_never_available": [c.key for c in self.never_available],
            "why_never_available": {c.key: self.why_never(c) for c in self.never_available},
            "dead_ends": [witness(w) for w in self.dead_ends],
            "traps": [witness(w) for w in self.traps],
            "dead_end_proof": {"proved": len(self.proof.proved), "unproved": self.proof.unproved},
            "witnesses": [witness(w) for w in self.witnesses.values()],
        }


class _Seeded(_Light):
    """The light state drawing as Story.draw does, for one seed and step."""

    __slots__ = ("seed", "step")

    def __init__(self) -> None:
        super().__init__()
        self.seed = 0
        self.step = 0

    def draw(self, site: int) -> int:
        return chance_draw(self.seed, self.step, site)


_SEEDED = _Seeded()


@contextmanager
def _drawing(explorer: Explorer, seed: int, step: int) -> Iterator[_Seeded]:
    """The explorer drawing as a run of `seed` does at `step`, for the length of the block."""
    light = explorer.light
    seeded = _SEEDED
    seeded.seed, seeded.step = seed, step
    explorer.light = seeded
    try:
        yield seeded
    finally:
        explorer.light = light


def _follow(explorer: Explorer, key: Key, choice: Choice, seed: int, step: int) -> Key | None:
    """The state after `choice` with the real draws of `seed` at this step (as Story.draw makes them)."""
    explorer.load(key)
    light = explorer.light
    with _drawing(explorer, seed, step) as seeded:
        seeded.variables, seeded.visits = light.variables, light.visits
        return explorer._take(choice, choice.key, key, light.variables, None)


def _start(explorer: Explorer, seed: int) -> Key:
    """The state a run of `seed` starts in (the start scene's on_enter may draw)."""
    with _drawing(explorer, seed, 0):
        return explorer.start_key()


def _seed_for(explorer: Explorer, keys: list[Key], edges: list[tuple[Choice, Chances]]) -> int | None:
    """A seed whose draws take every step of the path the way the exploration did (its start too)."""
    one_start = len(explorer.initial_keys()) == 1
    if one_start and not any(chances for _choice, chances in edges):
        return 0
    for seed in range(SEED_SEARCH):
        if not one_start and _start(explorer, seed) != keys[0]:
            continue
        for step, ((choice, _chances), key) in enumerate(zip(edges, keys, strict=False)):
            if _follow(explorer, key, choice, seed, step) != keys[step + 1]:
                break
        else:
            return seed
    return None


def witness_run(explorer: Explorer, explored: Exploration, index: int) -> Run | None:
    """The shortest run to state `index`, confirmed through the real Story, or None."""
    path = explored.path(index)
    keys = [explored.keys[i] for i in explored.state_indices(index)]
    seed = _seed_for(explorer, keys, [(edge.choice, edge.chances) for edge in path])
    if seed is None:
        return None
    world = explored.world
    run = Run(world.id, world.content_hash, seed, tuple(Step(e.choice.scene, e.choice.id) for e in path))
    try:
        story = replay_exactly(world, run)
    except ReplayDivergence:
        return None
    return run if story.state == keys[-1][0] else None


def _random_witnesses(world: World, targets: list[str], runs: int = RANDOM_FALLBACK_RUNS) -> dict[str, Run]:
    """Random playthroughs (on the light state) looking for `targets`; each found is shrunk, then
    confirmed through the real Story."""
    wanted = set(targets)
    found: dict[str, tuple[int, list[str]]] = {}
    picker = random.Random(0)
    for _ in range(runs):
        if not wanted:
            break
        seed = picker.getrandbits(31)
        rng = random.Random(seed)
        walker = Walker(world, seed)
        ids: list[str] = []
        for _step in range(DEFAULT_MAX_STEPS):
            offered = walker.offered() if walker.scene.ending is None else []
            if not offered:
                break
            choice = offered[rng.randrange(len(offered))]
            walker.choose(choice)
            ids.append(choice.id)
            if choice.target in wanted:
                wanted.discard(choice.target)
                found[choice.target] = (seed, list(ids))
    result: dict[str, Run] = {}
    for scene_id, (seed, ids) in found.items():
        short = shrink(world, seed, ids, _in_scene(scene_id), budget=SHRINK_BUDGET)
        for attempt in (short, ids):
            story, played = play_ids(world, seed, attempt)
            if played and story.state == scene_id:
                result[scene_id] = story.run
                break
    return result


def exhaustive_playtest(
    world: World,
    max_states: int = EXHAUSTIVE_MAX_STATES,
    out: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExhaustiveReport:
    """Every reachable state, breadth-first: a shortest run to each scene, and for each ending, dead end
    and trap a run confirmed through the real Story (and written to `out`: files for these only, so the
    output grows with the world, not with the world times its depth)."""
    explorer = Explorer(world, max_states)
    explored = explorer.explore(progress, lint=True)
    report = ExhaustiveReport(world, explored, proof=prove_no_dead_ends(world))
    endings = {scene.id for scene in world.endings}

    budget = [WITNESS_STEPS]

    def found(exploration: Exploration, scene_id: str, index: int) -> Witness:
        if scene_id in endings:
            return Witness(scene_id, "ending", witness_run(explorer, exploration, index))
        length = len(exploration.path(index))
        budget[0] -= length
        # Every scene's run replayed through Story costs the world times its depth: built while cheap.
        run = witness_run(explorer, exploration, index) if budget[0] >= 0 else None
        return Witness(scene_id, "scene", run, length=length)

    for scene_id, index in explored.first_at.items():
        report.witnesses[scene_id] = found(explored, scene_id, index)
    dead_sources: list[Exploration] = [explored]
    if not explored.complete:
        # Too many states to see them all: a coarse search for the scenes not reached yet. Its
        # states are real ones (each reached by a real run), so its dead ends are real too.
        coarse = explorer.explore(progress, coarse=True)
        report.coarse = coarse
        dead_sources.append(coarse)
        for scene_id, index in coarse.first_at.items():
            if scene_id not in report.witnesses:
                report.witnesses[scene_id] = found(coarse, scene_id, index)
        missing = [scene_id for scene_id in world.scenes if scene_id not in report.witnesses]
        if missing:
            for scene_id, run in _random_witnesses(world, missing).items():
                kind = "ending" if scene_id in endings else "scene"
                report.witnesses[scene_id] = Witness(scene_id, kind, run, searched=True)
    seen_dead: set[str] = set()
    for source in dead_sources:
        for index in source.dead_ends:
            scene_id = source.keys[index][0]
            if scene_id in seen_dead:
                continue
            dead_run = witness_run(explorer, source, index)
            if dead_run is not None and not replay_exactly(world, dead_run).is_stuck:
                continue  # a chance() that may fail: stuck only on some draws
            seen_dead.add(scene_id)
            report.dead_ends.append(Witness(scene_id, "dead end", dead_run, length=len(source.path(index))))
    for trap in explored.traps():
        scene_id = explored.keys[trap.entry][0]
        trap_run = witness_run(explorer, explored, trap.entry)
        length = len(explored.path(trap.entry))
        report.traps.append(Witness(scene_id, "trap", trap_run, length=length, scenes=trap.scenes))
    if out is not None:
        for witness in [*report.witnesses.values(), *report.dead_ends, *report.traps]:
            if witness.run is None or witness.kind == "scene":
                continue
            story = replay_exactly(world, witness.run)
            prefix = {"scene": "scene", "ending": "ending", "dead end": "stuck", "trap": "trap"}[witness.kind]
            note = f"shortest run to {witness.kind} '{witness.target}' ({len(witness.run.steps)} choices)"
            witness.path = write_run_file(out / f"{prefix}-{witness.target}.json", world, story, note)
    return report
