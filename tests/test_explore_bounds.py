"""Exploration finishes, in bounded states and memory, and says what it could not check (issues 15, 17).

Each test guards a blow-up with a resource limit (states, an estimate of memory checked against
tracemalloc, combinations), never with a clock.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from game.authoring.deadends import prove_no_dead_ends
from game.authoring.explore import Explorer
from game.authoring.lint import lint
from game.authoring.playtest import exhaustive_playtest, random_playtest
from game.world import load_world


def make(root: Path, variables: str, scenes: str) -> Path:
    (root / "scenes").mkdir(parents=True)
    variables = variables or "  x: {initial: 0}\n"
    (root / "world.yaml").write_text(f"id: w\ntitle: W\nstart: s0\nvariables:\n{variables}")
    (root / "scenes" / "s.yaml").write_text(scenes)
    return root


def chain(count: int, choices: str, extra: str = "") -> str:
    """Scenes s0..s{count-1} in a row, each with `choices` (formatted with i and n = i + 1), then an ending."""
    text = ""
    for i in range(count):
        text += f"s{i}:\n  title: S{i}\n  text: Room {i}.\n{extra.format(i=i, n=i + 1)}  choices:\n"
        text += choices.format(i=i, n=i + 1)
    return text + f"s{count}:\n  title: End\n  text: Out.\n  ending: {{title: Out}}\n"


def test_24_once_only_chance_choices_explore_in_a_few_states(tmp_path: Path) -> None:
    choices = (
        "    - {{id: try, text: Try, to: s{n}, if: chance(50), once: true}}\n    - {{id: walk, text: Walk, to: s{n}}}\n"
    )
    world = load_world(make(tmp_path / "w", "", chain(24, choices)))
    explored = Explorer(world, max_states=10_000).explore(lint=True)  # 2**24 before liveness
    assert explored.complete and explored.states == 25


def test_chance_counted_into_a_number_stays_polynomial(tmp_path: Path) -> None:
    choices = (
        "    - {{id: try, text: Try, to: s{n}, if: chance(50) and chance(50), do: luck += 1}}\n"
        "    - {{id: walk, text: Walk, to: s{n}}}\n"
    )
    variables = "  luck: {initial: 0, min: 0, max: 100}\n"
    text = chain(22, choices).replace("  ending:", "  variants:\n    - {if: luck > 20, text: Lucky.}\n  ending:")
    world = load_world(make(tmp_path / "w", variables, text))
    explored = Explorer(world, max_states=10_000).explore(lint=True)
    assert explored.complete and explored.states <= 23 * 23


def test_history_nobody_reads_again_is_forgotten(tmp_path: Path) -> None:
    """A flag read only in the next room, and visit counts read only in their own room."""
    choices = "    - {{id: go, text: Go, to: s{n}, do: 'seen = true'}}\n    - {{id: back, text: Back, to: s{i}}}\n"
    extra = '  variants:\n    - {{if: visits("s{i}") > 3, text: Again.}}\n    - {{if: seen, text: Seen.}}\n'
    world = load_world(make(tmp_path / "w", "  seen: {initial: false}\n", chain(600, choices, extra)))
    explorer = Explorer(world, max_states=50_000)
    explored = explorer.explore()
    assert explored.complete
    assert explored.states <= 601 * 5  # the flag, and this room's visits only (capped at 4)
    assert max(len(key[3]) for key in explored.keys) == 1  # visits kept sparse: never 600 counts


def test_memory_is_bounded_as_well_as_states(tmp_path: Path) -> None:
    names = [f"v{i}" for i in range(60)]
    variables = "".join(f"  {n}: {{initial: 0, min: 0, max: 3}}\n" for n in names)
    text = "s0:\n  title: S\n  text: x\n  choices:\n"
    text += "".join(f"    - {{id: c{i}, text: C, to: s0, do: {n} += 1}}\n" for i, n in enumerate(names))
    text += "    - {id: out, text: Out, to: s1, if: " + " and ".join(f"{n} > 2" for n in names[:20]) + "}\n"
    text += "s1:\n  title: E\n  text: y\n  ending: {title: E}\n"
    world = load_world(make(tmp_path / "w", variables, text))
    budget = 256 * 1024
    tracemalloc.start()
    try:
        explored = Explorer(world, max_states=10**9, max_bytes=budget).explore()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not explored.complete and explored.stopped_by == "memory"
    assert peak < 3 * budget, peak  # the estimate holds what the exploration really takes
    note = lint(world, max_states=10**9, max_bytes=budget).notes[0]
    assert note.code == "W110" and "fit in 0.2 MB" in note.message and "v0 (3 values)" in note.message


def test_the_dead_end_proof_has_an_overall_bound(tmp_path: Path) -> None:
    choices = "    - {{id: go, text: Go, to: s{n}, if: x < 5 or x > 4}}\n"
    world = load_world(make(tmp_path / "w", "  x: {initial: 0, min: 0, max: 9}\n", chain(50, choices)))
    assert prove_no_dead_ends(world).complete
    proof = prove_no_dead_ends(world, budget=100)  # ten scenes' worth of combinations
    assert len(proof.proved) == 10 and all("not checked" in why for why in proof.unproved.values())


def test_exhaustive_witness_files_grow_linearly(tmp_path: Path) -> None:
    world = load_world(make(tmp_path / "w", "", chain(400, "    - {{id: go, text: Go, to: s{n}}}\n")))
    report = exhaustive_playtest(world, out=tmp_path / "out")
    assert report.witnesses["s399"].steps == 399 and report.witnesses["s400"].steps == 400
    written = sum(path.stat().st_size for path in (tmp_path / "out").iterdir())
    assert written < 400 * 200  # one file per ending, not one per scene (80 MB at 1,000 scenes before)


def test_a_dead_end_deep_down_is_reported_at_its_shortest(tmp_path: Path) -> None:
    """Random runs wander (every room has a way back); the reported run is the shortest, 25 choices."""
    choices = "    - {{id: fwd, text: Onward, to: s{n}}}\n    - {{id: back, text: Back, to: s{i}}}\n"
    text = chain(25, choices).replace(
        "  ending: {title: Out}\n", "  choices:\n    - {id: out, text: Out, to: s0, if: x > 0}\n"
    )
    text += "s26:\n  title: E\n  text: e\n  ending: {title: E}\n"
    text = text.replace(
        "s0:\n  title: S0\n  text: Room 0.\n  choices:\n",
        "s0:\n  title: S0\n  text: Room 0.\n  choices:\n    - {id: leave, text: Leave, to: s26}\n",
    )
    world = load_world(make(tmp_path / "w", "", text))
    report = random_playtest(world, 300, seed=3, max_steps=2_000)
    [stuck] = report.stuck
    assert stuck.scene == "s25" and len(stuck.shrunk) == 25 and len(stuck.original) > 25
    exhaustive = exhaustive_playtest(world)
    [dead] = exhaustive.dead_ends
    assert dead.steps == 25


def test_a_trap_loop_is_found_with_its_scenes_and_a_run(tmp_path: Path) -> None:
    from tests.conftest import FIXTURES

    report = exhaustive_playtest(load_world(FIXTURES / "lint" / "w111_trap"), out=tmp_path)
    [trap] = report.traps
    assert trap.target == "cellar" and trap.scenes == ("cellar", "stairs") and trap.steps == 1
    assert trap.path is not None and trap.path.is_file()
    assert report.why_never(load_world(FIXTURES / "lint" / "w111_trap").scenes["stairs"].choices[1]) == (
        "'key' never holds (key is false wherever it is tested)"
    )
