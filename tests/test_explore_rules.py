"""What exploration proves about a world (game/authoring/explore.py), on small worlds written here.

Exploration visits every state a run can reach, breadth-first, once each: the first run it finds to
a state is a shortest one. A state keeps only what can still be read from its scene, so a world
whose counts only matter up to a threshold is finite. Past its bounds (states, memory) it stops and
says so, and which variables multiply the states. Lint's checks read what it records: each
condition's values where its choice could be offered, each variant's, each effect cut at min or max.
"""

from __future__ import annotations

import gc
from pathlib import Path

from game.authoring.explore import DEFAULT_MAX_STATES, Exploration, Explorer, State, explore
from game.authoring.lint import lint
from game.authoring.playtest import exhaustive_playtest
from game.engine.replay import replay_exactly
from game.world.model import World
from tests.smallworld import END, one_file_world


def make(root: Path, scenes: str, variables: str = "", start: str = "a") -> World:
    """A world of one scene file, written as an author would."""
    return one_file_world(root, scenes, variables or "  x: {initial: 0}\n", start=start)


def held(explored: Exploration, scene: str) -> list[dict[str, object]]:
    """What each state of `scene` holds of the variables still read there, sorted."""
    return sorted((state.values for state in explored.states_at(scene)), key=lambda values: sorted(values.items()))


def scenes_of(explored: object, indices: list[int]) -> list[str]:
    return [explored.keys[i][0] for i in indices]  # type: ignore[attr-defined]


# --- reachability, shortest runs ---------------------------------------------------------------------


def test_every_state_is_found_once_and_its_first_run_is_a_shortest_one(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: Fork.\n  choices:\n"
        "    - {id: left, text: Left, to: b}\n    - {id: right, text: Right, to: c}\n"
        "b:\n  title: B\n  text: Long way.\n  choices:\n    - {id: onward, text: Onward, to: c}\n"
        "c:\n  title: C\n  text: Near.\n  choices:\n    - {id: out, text: Out, to: end}\n" + END,
    )
    explored = Explorer(world).explore()
    assert explored.complete and explored.stopped_by == ""
    assert explored.states == 4 and explored.reached_scenes == {"a", "b", "c", "end"}
    assert explored.transitions == 4  # left, right, on, out: each step between states counted once
    assert explored.first_at["a"] == 0 and explored.path(0) == [] and explored.state_indices(0) == [0]
    end = explored.first_at["end"]
    assert [edge.choice.id for edge in explored.path(end)] == ["right", "out"]
    assert scenes_of(explored, explored.state_indices(end)) == ["a", "c", "end"]
    assert sorted(scenes_of(explored, list(explored.children(0)))) == ["b", "c"]
    assert list(explored.children(end)) == []  # an ending offers nothing
    assert explored.dead_ends == []


def test_a_scene_behind_a_condition_that_never_holds_is_not_reached(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: Door.\n  choices:\n"
        "    - {id: open, text: Open, to: b, if: x > 0}\n    - {id: leave, text: Leave, to: end}\n"
        "b:\n  title: B\n  text: Room.\n  choices:\n    - {id: out, text: Out, to: end}\n" + END,
    )
    explored = Explorer(world).explore(lint=True)
    assert explored.reached_scenes == {"a", "end"}
    assert explored.condition_values == {"a.open": {False}}
    assert explored.condition_reads == {"a.open": {"x": {0}}}  # what it read where it failed
    assert explored.available == {"a.leave"} and explored.taken_from == {"a.leave": 0}


def test_what_lint_reads_is_recorded_only_when_asked(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: Door.\n  variants:\n    - {if: x > 0, text: Lit.}\n  choices:\n"
        "    - {id: open, text: Open, to: end, if: x > 0, do: x += 1}\n    - {id: leave, text: Leave, to: end}\n" + END,
    )
    plain = explore(world)
    assert plain.condition_values == {} and plain.variant_values == {} and plain.effects == {}
    assert not plain.coarse and plain.states == 2
    recorded = explore(world, lint=True)
    assert recorded.condition_values == {"a.open": {False}} and recorded.variant_values == {("a", 0): {False}}


def test_the_start_scenes_on_enter_runs_before_the_first_state(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: Start.\n  on_enter: [x += 2]\n  variants:\n    - {if: x == 2, text: Two.}\n"
        "  choices:\n    - {id: go, text: Go, to: end}\n" + END,
    )
    explored = Explorer(world).explore(lint=True)
    assert explored.variant_values == {("a", 0): {True}}


# --- once-only choices, chance ------------------------------------------------------------------------


def test_a_once_only_choice_is_offered_until_it_is_taken(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: Coins.\n  choices:\n"
        "    - {id: take, text: Take a coin, to: a, once: true, do: n += 1}\n"
        "    - {id: go, text: Go, to: end, if: n > 0}\n"
        "    - {id: greedy, text: Take more, to: end, if: n > 1}\n" + END,
        "  n: {initial: 0, min: 0, max: 9}\n",
    )
    explored = Explorer(world).explore(lint=True)
    assert explored.complete and explored.states == 3  # no coin, one coin (taken), the end
    assert explored.condition_values == {"a.go": {False, True}, "a.greedy": {False}}
    assert explored.condition_reads["a.greedy"] == {"n": {0, 1}}
    assert ("n", 2) in explored.multipliers() and ("the once-only choices taken", 2) in explored.multipliers()


def test_a_chance_condition_is_explored_both_ways_and_may_leave_a_dead_end(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: Jump.\n  choices:\n    - {id: jump, text: Jump, to: end, if: chance(50)}\n" + END,
    )
    explored = Explorer(world).explore()
    assert explored.dead_ends == [0]  # when the draw fails, nothing is offered
    [(site, came_true)] = explored.path(explored.first_at["end"])[0].chances
    assert came_true is True


def test_a_fallback_keeps_a_chancy_scene_from_being_a_dead_end(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: Jump.\n  choices:\n    - {id: jump, text: Jump, to: b, if: chance(50)}\n"
        "    - {id: stay, text: Give up, to: end, fallback: true}\n"
        "b:\n  title: B\n  text: Over.\n  choices:\n    - {id: onward, text: Onward, to: end}\n" + END,
    )
    explored = Explorer(world).explore()
    assert explored.reached_scenes == {"a", "b", "end"} and explored.dead_ends == []
    assert [edge.choice.id for edge in explored.path(explored.first_at["end"])] == ["stay"]
    assert explored.path(explored.first_at["end"])[0].chances[0][1] is False  # offered when the jump fails


def test_every_combination_of_chance_draws_in_a_step_is_explored(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: Dice.\n  choices:\n    - id: roll\n      text: Roll\n      to: b\n      do:\n"
        "        - {if: chance(50), do: [x = 1]}\n        - {if: chance(50), do: [y = 1]}\n"
        "b:\n  title: B\n  text: 'Rolled {x} and {y}.'\n  choices:\n    - {id: out, text: Out, to: end}\n" + END,
        "  x: {initial: 0}\n  y: {initial: 0}\n",
    )
    explored = Explorer(world).explore()
    assert held(explored, "b") == [{"x": x, "y": y} for x in (0, 1) for y in (0, 1)]
    draws = sorted(tuple(came for _site, came in edge.chances) for edge in explored.edges if edge and edge.chances)
    assert draws == [(False, False), (False, True), (True, False), (True, True)]
    assert explored.transitions == 4 + 4  # each combination once, then out of each b


def test_chance_100_always_comes_out_true_and_chance_0_never(tmp_path: Path) -> None:
    for percent, values in ((100, [1]), (0, [2]), (1, [1, 2]), (99, [1, 2])):
        world = make(
            tmp_path / str(percent),
            "a:\n  title: A\n  text: Dice.\n  choices:\n    - id: roll\n      text: Roll\n      to: b\n"
            f"      do: [{{if: chance({percent}), do: [x = 1], else: [x = 2]}}]\n"
            "b:\n  title: B\n  text: 'Rolled {x}.'\n  choices:\n    - {id: out, text: Out, to: end}\n" + END,
        )
        explored = Explorer(world).explore()
        assert held(explored, "b") == [{"x": x} for x in values], percent


def test_chance_on_entering_the_next_scene_is_explored_both_ways(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: Door.\n  choices:\n    - {id: in, text: In, to: b}\n"
        "b:\n  title: B\n  text: Trap.\n  on_enter:\n    - {if: chance(30), do: [hit = true]}\n"
        "  variants:\n    - {if: hit, text: Ouch.}\n  choices:\n    - {id: out, text: Out, to: end}\n" + END,
        "  hit: {initial: false}\n",
    )
    explored = Explorer(world).explore(lint=True)
    assert explored.variant_values == {("b", 0): {False, True}}
    assert held(explored, "b") == [{"hit": False}, {"hit": True}]


def test_a_chance_variant_is_not_judged(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: Sky.\n  variants:\n    - {if: chance(10), text: A bird.}\n"
        "    - {if: x > 0, text: X.}\n"
        "  choices:\n    - {id: go, text: Go, to: end}\n" + END,
    )
    assert Explorer(world).explore(lint=True).variant_values == {("a", 1): {False}}


# --- effects cut at min or max ------------------------------------------------------------------------


def test_each_effect_counts_how_often_it_is_cut_at_min_or_max(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: Dial.\n  choices:\n"
        "    - {id: up, text: Up, to: a, do: n += 5}\n    - {id: down, text: Down, to: a, do: n -= 1}\n"
        "    - {id: stop, text: Stop, to: end, do: n += 1}\n    - {id: drop, text: Drop, to: end, do: n -= 5}\n" + END,
        "  n: {initial: 0, min: 0, max: 3}\n",
    )
    explorer = Explorer(world)
    explored = explorer.explore(lint=True)
    assert held(explored, "a") == [{"n": n} for n in range(4)]
    drop = explored.effects[("a.drop", 0)]
    assert (drop.applied, drop.cut_low, drop.cut_high) == (4, 4, 0)
    # Explored again, or walked, the same explorer records into the new exploration only.
    again = explorer.explore(lint=True)
    assert again.effects == explored.effects and explored.effects[("a.drop", 0)].applied == 4
    walked = explorer.walk(50)
    assert walked.effects[("a.drop", 0)].applied >= 1 and explored.effects[("a.drop", 0)].applied == 4
    up, down, stop = (explored.effects[(f"a.{name}", 0)] for name in ("up", "down", "stop"))
    assert (up.applied, up.cut_low, up.cut_high) == (4, 0, 4)  # from every n in 0..3, cut to 3
    assert (down.applied, down.cut_low, down.cut_high) == (4, 1, 0)  # cut at 0 only from 0
    assert (stop.applied, stop.cut_low, stop.cut_high) == (4, 0, 1)  # cut only from 3


def test_variants_are_judged_in_every_state_of_their_scene(tmp_path: Path) -> None:
    world = make(
        tmp_path,
        "a:\n  title: A\n  text: Dial.\n  variants:\n    - {if: n > 2, text: High.}\n    - {if: n > 5, text: Never.}\n"
        "  choices:\n    - {id: up, text: Up, to: a, do: n += 1}\n    - {id: stop, text: Stop, to: end}\n" + END,
        "  n: {initial: 0, min: 0, max: 4}\n",
    )
    explored = Explorer(world).explore(lint=True)
    assert explored.variant_values == {("a", 0): {False, True}, ("a", 1): {False}}


# --- what a state keeps: only what can still be read ------------------------------------------------


def test_history_nobody_reads_again_does_not_multiply_the_states(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Start.\n  choices:\n"
        "    - {id: look, text: Look, to: b, do: 'seen = true'}\n    - {id: skip, text: Skip, to: b}\n"
        "b:\n  title: B\n  text: Hall.\n  variants:\n    - {if: seen, text: You saw it.}\n"
        "  choices:\n    - {id: onward, text: Onward, to: c}\n"
        "c:\n  title: C\n  text: Yard.\n  choices:\n"
        "    - {id: forget, text: Forget, to: c, do: 'seen = false'}\n    - {id: out, text: Out, to: end}\n" + END
    )
    world = make(tmp_path, scenes, "  seen: {initial: false}\n")
    # a; b with and without the flag; c and the end once each (nothing reads the flag after b).
    assert Explorer(world).explore().states == 5
    # Kept everywhere (the naive exploration), the flag doubles c and the end.
    assert Explorer(world, forget=False).explore().states == 7


def test_a_value_set_before_it_is_read_is_not_kept_on_the_way(tmp_path: Path) -> None:
    scenes = (
        "s:\n  title: S\n  text: Start.\n  choices:\n"
        "    - {id: one, text: One, to: a, do: n = 1}\n    - {id: two, text: Two, to: a, do: n = 2}\n"
        "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: go, text: Go, to: b, do: SET}\n"
        "b:\n  title: B\n  text: Yard.\n  choices:\n    - {id: out, text: Out, to: end, if: n > 0}\n" + END
    )
    variables = "  n: {initial: 0, min: 0, max: 50}\n"
    world = make(tmp_path / "set", scenes.replace("SET", "n = 5"), variables, start="s")
    # `n = 5` on the way out of a: what n was in a is never read, so a is one state.
    assert Explorer(world).explore().states == 4
    assert Explorer(world, forget=False).explore().states == 5
    world = make(tmp_path / "add", scenes.replace("SET", "n += 5"), variables, start="s")
    assert Explorer(world).explore().states == 6  # `n += 5` reads it: a and b twice each


def test_a_visit_count_compared_with_numbers_is_kept_only_up_to_them(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Pacing.\n  choices:\n    - {id: pace, text: Pace, to: a}\n"
        '    - {id: leave, text: Leave, to: end, if: visits("a") > 3}\n' + END
    )
    world = make(tmp_path, scenes)
    explored = Explorer(world, max_states=20).explore(lint=True)
    # One, two, three, and "four or more" visits: past every number compared with, all the same.
    assert explored.complete and explored.states == 5
    assert explored.condition_values == {"a.leave": {False, True}}
    assert [edge.choice.id for edge in explored.path(explored.first_at["end"])] == ["pace"] * 3 + ["leave"]
    assert explored.multipliers() == [('visits("a")', 4)]


def test_visited_is_kept_as_been_there_or_not(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Hub.\n  choices:\n    - {id: in, text: In, to: b}\n"
        '    - {id: out, text: Out, to: end, if: visited("b")}\n'
        "b:\n  title: B\n  text: Room.\n  choices:\n    - {id: back, text: Back, to: a}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes), max_states=20).explore()
    assert explored.complete and explored.states == 4  # a before b, b, a after b, the end


def test_a_visit_count_a_text_tests_is_kept_up_to_the_numbers_it_is_compared_with(tmp_path: Path) -> None:
    scenes = (
        'a:\n  title: A\n  text: \'{if visits("a") > 2: Tired.|Fresh.}{if visited("b"): Again.}\'\n'
        "  choices:\n    - {id: lap, text: Lap, to: a}\n    - {id: b, text: B, to: b}\n"
        '    - {id: leave, text: Leave, to: end, if: visits("a") > 3}\n'
        "b:\n  title: B\n  text: B.\n  choices:\n    - {id: back, text: Back, to: a}\n" + END
    )
    world = make(tmp_path, scenes)
    explored = Explorer(world).explore(lint=True)
    # a's count 1..4 ("4 or more") and b visited or not: a 7 ways (not 1 after b), b 4, the end.
    assert explored.complete and explored.states == 7 + 4 + 1
    a = world.scenes["a"]
    assert [sorted(explored.text_values[id(c.condition)]) for c in a.compiled.conditions] == [[False, True]] * 2
    # Used in arithmetic, the count is kept exactly: the states grow with every lap.
    counted = scenes.replace('visits("a") > 2', 'visits("a") - 1 > 2')
    explored = Explorer(make(tmp_path / "exact", counted), max_states=30).explore()
    assert not explored.complete and explored.stopped_by == "states" and explored.states == 30


def test_a_number_that_only_grows_without_a_max_is_kept_up_to_its_comparisons(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Counting.\n  choices:\n    - {id: up, text: Up, to: a, do: n += 1}\n"
        "    - {id: stop, text: Stop, to: end, if: n >= 3}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes, "  n: {initial: 0}\n"), max_states=50).explore()
    assert explored.complete and held(explored, "a") == [{"n": n} for n in range(5)]
    assert [edge.choice.id for edge in explored.path(explored.first_at["end"])] == ["up"] * 3 + ["stop"]


def test_a_number_that_only_shrinks_without_a_min_is_kept_down_to_its_comparisons(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Falling.\n  choices:\n    - {id: down, text: Down, to: a, do: n -= 1}\n"
        "    - {id: stop, text: Stop, to: end, if: n < 2}\n    - {id: land, text: Land, to: end, if: 3 > n}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes, "  n: {initial: 6}\n"), max_states=50).explore()
    # Below the smallest number compared with (2), every value reads the same: 1 stands for them all.
    assert explored.complete and held(explored, "a") == [{"n": n} for n in range(1, 7)]


def test_a_growing_number_nothing_compares_is_kept_past_its_initial_value_only(tmp_path: Path) -> None:
    scenes = "a:\n  title: A\n  text: Ticking.\n  choices:\n    - {id: tick, text: Tick, to: a, do: n += 2}\n"
    scenes += "    - {id: stop, text: Stop, to: end}\n" + END
    explored = Explorer(make(tmp_path, scenes, "  n: {initial: 5}\n"), max_states=50).explore()
    assert explored.complete and held(explored, "a") == [{"n": 5}, {"n": 6}]


def test_numbers_that_go_both_ways_or_are_set_or_shown_are_explored_exactly(tmp_path: Path) -> None:
    base = (
        "a:\n  title: A\n  text: TEXT\n  choices:\n    - {id: up, text: Up, to: a, do: n += 1}\n"
        "    - {id: stop, text: Stop, to: end, if: n >= 3}\n"
    )
    cases = {
        "both": (base + "    - {id: down, text: Down, to: a, do: n -= 1}\n").replace("TEXT", "Counting."),
        "set": (base + "    - {id: reset, text: Reset, to: a, do: n = 0}\n").replace("TEXT", "Counting."),
        "shown": base.replace("TEXT", "'At {n}.'"),
        "times": (base + "    - {id: twice, text: Twice, to: a, do: n += n}\n").replace("TEXT", "Counting."),
        "compared": (base + "    - {id: odd, text: Odd, to: end, if: n == m}\n").replace("TEXT", "Counting."),
        "entering": (base + "  on_enter: [n += 1]\n").replace("TEXT", "Counting."),
    }
    for name, scenes in cases.items():
        world = make(tmp_path / name, scenes + END, "  n: {initial: 0}\n  m: {initial: 7}\n")
        explored = Explorer(world, max_states=40).explore()
        assert (explored.complete, explored.stopped_by, explored.states) == (False, "states", 40), name


def test_a_number_with_a_max_grows_to_it_and_no_further(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Counting.\n  choices:\n    - {id: up, text: Up, to: a, do: n += 1}\n"
        "    - {id: stop, text: Stop, to: end, if: n >= 3}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes, "  n: {initial: 0, max: 20}\n")).explore()
    assert explored.complete and explored.states == 22  # 0..20 in a, and the end


# --- bounds, and what exploration names when it stops -------------------------------------------------

COUNTER = (
    "a:\n  title: A\n  text: 'At {n}.'\n  choices:\n    - {id: up, text: Up, to: a, do: n += 1}\n"
    "    - {id: stop, text: Stop, to: end}\n" + END
)


def test_exploration_stops_at_its_state_bound_and_says_so(tmp_path: Path) -> None:
    world = make(tmp_path, COUNTER, "  n: {initial: 0}\n")
    explored = explore(world, max_states=12)
    assert (explored.complete, explored.stopped_by, explored.states, explored.max_states) == (False, "states", 12, 12)
    assert explored.traps() == []  # loops are judged on complete explorations only
    assert explored.multipliers() == [("n", 11)]
    # Past the bound no state is added, but every step between states found is still recorded:
    # every state of a leads to the end (stop), the last ones too.
    for bounded in (explored, Explorer(world, max_states=10**9, max_bytes=20_000).explore()):
        end = bounded.first_at["end"]
        assert all(end in list(bounded.children(i)) for i in range(bounded.states) if bounded.state(i).scene == "a")
    assert DEFAULT_MAX_STATES == 500_000 and Explorer(world).max_states == DEFAULT_MAX_STATES


def test_exploration_stops_at_its_memory_bound_and_says_so(tmp_path: Path) -> None:
    world = make(tmp_path, COUNTER, "  n: {initial: 0}\n")
    explored = Explorer(world, max_states=10**9, max_bytes=20_000).explore()
    assert not explored.complete and explored.stopped_by == "memory"
    assert 0 < explored.bytes <= 20_000 + 2_000 and explored.states < 100
    bigger = Explorer(world, max_states=10**9, max_bytes=40_000).explore()
    assert bigger.stopped_by == "memory" and bigger.states > explored.states


def test_progress_is_told_the_states_done_and_found(tmp_path: Path) -> None:
    world = make(tmp_path, COUNTER.replace("'At {n}.'", "Counting."), "  n: {initial: 0, max: 5000}\n")
    told: list[tuple[int, int]] = []
    explored = explore(world, progress=lambda done, found: told.append((done, found)))
    assert explored.states == 5002
    assert told == [(2048, 2049), (4096, 4097), (5002, 5002)]


def test_the_multipliers_rank_what_varies_most_within_one_scene(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: 'Dials {p} {q} {r}.'\n  choices:\n"
        "    - {id: p, text: P, to: a, do: p += 1}\n    - {id: q, text: Q, to: a, do: q += 1}\n"
        "    - {id: r, text: R, to: a, do: r += 1}\n    - {id: stop, text: Stop, to: end}\n" + END
    )
    variables = "  r: {initial: 0, max: 2}\n  p: {initial: 0, max: 1}\n  q: {initial: 0, max: 2}\n  s: {initial: 0}\n"
    explored = Explorer(make(tmp_path, scenes, variables)).explore()
    assert explored.states == 2 * 3 * 3 + 1
    assert explored.multipliers() == [("q", 3), ("r", 3), ("p", 2)]  # most values first, then by name
    assert explored.multipliers(limit=1) == [("q", 3)]
    flags = "".join(f"  f{i}: {{initial: false}}\n" for i in range(7))
    toggles = "".join(f"    - {{id: t{i}, text: T, to: a, do: 'f{i} = not f{i}'}}\n" for i in range(7))
    seven = "a:\n  title: A\n  text: Flags.\n  choices:\n" + toggles + "    - {id: stop, text: Stop, to: end}\n"
    many = Explorer(make(tmp_path / "seven", seven + END, flags)).explore()
    assert many.states == 2**7 + 1 and many.multipliers() == [(f"f{i}", 2) for i in range(6)]  # six at most


# --- loops with no way out, dead ends -------------------------------------------------------------


def test_a_loop_with_no_way_to_an_ending_is_a_trap_and_a_dead_end_is_not(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: down, text: Down, to: b}\n"
        "    - {id: pit, text: Pit, to: d}\n    - {id: out, text: Out, to: end}\n"
        "b:\n  title: B\n  text: Stairs.\n  choices:\n    - {id: round, text: Round, to: c}\n"
        "c:\n  title: C\n  text: Cellar.\n  choices:\n    - {id: back, text: Back, to: b}\n"
        "d:\n  title: D\n  text: Pit.\n  choices:\n    - {id: climb, text: Climb, to: a, if: x > 0}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes)).explore()
    [trap] = explored.traps()
    assert trap.scenes == ("b", "c") and trap.entry == explored.first_at["b"]
    assert scenes_of(explored, explored.dead_ends) == ["d"]


def test_a_state_that_only_leads_into_dead_ends_is_no_trap(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: down, text: Down, to: b}\n"
        "    - {id: out, text: Out, to: end}\n"
        "b:\n  title: B\n  text: Slope.\n  choices:\n    - {id: slide, text: Slide, to: c}\n"
        "    - {id: fall, text: Fall, to: d}\n"
        "c:\n  title: C\n  text: Ledge.\n  choices:\n    - {id: up, text: Up, to: a, if: x > 0}\n"
        "d:\n  title: D\n  text: Hole.\n  choices:\n    - {id: up, text: Up, to: a, if: x > 0}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes)).explore()
    assert explored.traps() == []
    assert sorted(scenes_of(explored, explored.dead_ends)) == ["c", "d"]


def test_two_separate_loops_are_two_traps_each_entered_first_by_a_shortest_run(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: west, text: West, to: w1}\n"
        "    - {id: east, text: East, to: e0}\n    - {id: out, text: Out, to: end}\n"
        "w1:\n  title: W1\n  text: W.\n  choices:\n    - {id: onward, text: Onward, to: w2}\n"
        "w2:\n  title: W2\n  text: W.\n  choices:\n    - {id: onward, text: Onward, to: w1}\n"
        "e0:\n  title: E0\n  text: E.\n  choices:\n    - {id: onward, text: Onward, to: e1}\n"
        "e1:\n  title: E1\n  text: E.\n  choices:\n    - {id: onward, text: Onward, to: e1}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes)).explore()
    traps = explored.traps()
    # e0 leads only into the e1 loop: it is trapped too, the region entered at e0.
    assert [(t.scenes, scenes_of(explored, [t.entry])) for t in traps] == [
        (("w1", "w2"), ["w1"]),
        (("e0", "e1"), ["e0"]),
    ]


# --- sub-scenes -------------------------------------------------------------------------------------


def test_the_call_stack_is_part_of_the_state(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Quay.\n  choices:\n    - {id: ask, text: Ask, to: story, then: a}\n"
        "    - {id: go, text: Go, to: b}\n"
        "b:\n  title: B\n  text: Boat.\n  choices:\n    - {id: ask, text: Ask, to: story, then: b}\n"
        "    - {id: out, text: Out, to: end}\n"
        "story:\n  title: Story\n  text: Long ago.\n  choices:\n    - {id: back, text: Back, return: true}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes)).explore(lint=True)
    assert sorted(state.returns for state in explored.states_at("story")) == [("a",), ("b",)]
    assert explored.states == 5 and explored.traps() == [] and explored.dead_ends == []
    # Coming back lands in a state found already (a, or b, with nothing to come back to).
    assert not [edge for edge in explored.edges if edge is not None and edge.choice.id == "back"]


def test_calls_nest_up_to_the_stacks_limit(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Dream.\n  choices:\n    - {id: deeper, text: Deeper, to: a, then: a}\n"
        "    - {id: wake, text: Wake, return: true}\n    - {id: out, text: Out, to: end}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes)).explore()
    assert explored.complete and sorted(len(state.returns) for state in explored.states_at("a")) == list(range(33))


# --- the coarse search, random runs, replayed paths -----------------------------------------------


def test_the_coarse_search_keeps_one_state_per_region_of_each_compared_number(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Dial.\n  choices:\n    - {id: five, text: Five, to: a, do: n = 5}\n"
        "    - {id: nine, text: Nine, to: a, do: n = 9}\n    - {id: ten, text: Ten, to: a, do: n = 10}\n"
        "    - {id: stop, text: Stop, to: end, if: n == 5}\n    - {id: late, text: Late, to: b, if: n > 8}\n"
        "b:\n  title: B\n  text: Late.\n  choices:\n    - {id: out, text: Out, to: end}\n" + END
    )
    world = make(tmp_path, scenes, "  n: {initial: 0, max: 100}\n")
    exact = Explorer(world).explore()
    assert exact.states == 4 + 2  # n is 0, 5, 9 or 10 in a
    coarse = Explorer(world).explore(coarse=True)
    # Below 5, at 5, and above 8 (9 and 10 alike): what it reaches is reachable.
    assert coarse.complete and coarse.coarse and coarse.states == 3 + 2
    assert held(coarse, "a") == [{"n": 0}, {"n": 5}, {"n": 9}]
    assert [edge.choice.id for edge in coarse.path(coarse.first_at["b"])] == ["nine", "late"]
    assert Explorer(world, per_scene=2).explore(coarse=True).complete  # room for a's two regions past the start
    few = Explorer(world, per_scene=1).explore(coarse=True)
    assert not few.complete and few.reached_scenes == {"a", "end"}


def test_random_runs_record_what_they_pass_and_are_the_same_for_a_seed(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Hall.\n  variants:\n    - {if: n > 3, text: Late.}\n  choices:\n"
        "    - {id: up, text: Up, to: a, do: n += 1}\n    - {id: pit, text: Pit, to: d, if: n == 2}\n"
        "    - {id: out, text: Out, to: end, if: n > 5}\n"
        "d:\n  title: D\n  text: Pit.\n  choices:\n    - {id: climb, text: Climb, to: a, if: n > 50}\n" + END
    )
    world = make(tmp_path, scenes, "  n: {initial: 0, max: 9}\n")
    walked = Explorer(world).walk(2_000, seed=7)
    again = Explorer(world).walk(2_000, seed=7)
    assert walked.keys == again.keys and not walked.complete
    assert walked.reached_scenes == {"a", "d", "end"}
    assert walked.available == {"a.up", "a.pit", "a.out"}
    assert {walked.keys[i][0] for i in walked.dead_ends} == {"d"}
    assert walked.variant_values == {("a", 0): {False, True}}
    assert walked.condition_values["a.pit"] == {False, True}
    runs = [i for i, edge in enumerate(walked.edges) if edge is None]
    assert all(walked.keys[i] == walked.keys[0] for i in runs) and len(runs) > 5  # every run from the start
    for i, edge in enumerate(walked.edges):
        if edge is not None:
            assert edge.parent == i - 1  # a run is a chain of steps
    steps = [len(walked.path(i)) for i in range(len(walked.keys))]
    assert max(steps) <= 400


def test_random_runs_stop_at_their_step_limit_and_their_budget(tmp_path: Path) -> None:
    scenes = "a:\n  title: A\n  text: Loop.\n  choices:\n    - {id: onward, text: Onward, to: a}\n"
    scenes += "    - {id: out, text: Out, to: end, if: x > 0}\n" + END
    world = make(tmp_path, scenes)
    walked = Explorer(world).walk(100, steps=10)
    # Each step in a tries its 2 choices (3 of the budget); runs of 10 steps then start again.
    assert [len(walked.path(i)) for i in range(len(walked.keys)) if walked.edges[i] is None] == [0, 0, 0, 0]
    assert len(walked.keys) == 4 * 11 and walked.dead_ends == []


def test_a_followed_path_is_played_as_far_as_it_is_offered(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Hall.\n  variants:\n    - {if: n > 0, text: Again.}\n  choices:\n"
        "    - {id: up, text: Up, to: a, do: n += 1}\n    - {id: out, text: Out, to: end, if: n > 1}\n" + END
    )
    world = make(tmp_path, scenes, "  n: {initial: 0, max: 9}\n")
    explorer = Explorer(world)
    up, out = world.scenes["a"].choices
    into = explorer.walk(0)
    assert into.keys == []
    explorer.follow([[out, up], [up, up, out], [up]], into, budget=100)
    # The first path stops at once (out is not offered yet); the second reaches the end.
    assert [into.keys[i][0] for i in range(len(into.keys)) if into.edges[i] is None] == ["a", "a", "a"]
    assert into.reached_scenes == {"a", "end"} and into.available == {"a.up", "a.out"}
    assert into.condition_values == {"a.out": {False, True}}
    assert into.variant_values == {("a", 0): {False, True}}
    assert [edge.choice.id for edge in into.path(into.first_at["end"])] == ["up", "up", "out"]
    assert into.first_at == {"a": 0, "end": into.first_at["end"]} and into.first_at["end"] > 0
    assert all(edge.chances == () for edge in into.edges if edge is not None)  # no chance() drawn
    assert {into.state(i).scene for i in range(len(into.keys))} == {"a", "end"}
    short = explorer.walk(0)
    explorer.follow([[up], [up, up, out]], short, budget=3)  # the second path would pass the budget
    assert short.reached_scenes == {"a"} and len(short.keys) == 2
    exact = explorer.walk(0)
    explorer.follow([[up, up, out]], exact, budget=3)  # exactly the budget: played
    assert exact.reached_scenes == {"a", "end"}


def test_the_last_state_of_a_followed_path_is_recorded_as_a_state_of_its_own(tmp_path: Path) -> None:
    # The path ends in b: b's choices are asked there (its condition's value recorded), as in a walk.
    scenes = (
        "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: go, text: Go, to: b}\n"
        "b:\n  title: B\n  text: Yard.\n  choices:\n    - {id: gate, text: Gate, to: end, if: n > 0}\n"
        "    - {id: out, text: Out, to: end}\n" + END
    )
    world = make(tmp_path, scenes, "  n: {initial: 0}\n")
    explorer = Explorer(world)
    into = explorer.walk(0)
    explorer.follow([[world.scenes["a"].choices[0]]], into, budget=10)
    assert into.condition_values == {"b.gate": {False}} and into.first_at == {"a": 0, "b": 1}


def test_exploration_pauses_the_cycle_collector_and_restores_it(tmp_path: Path) -> None:
    world = make(tmp_path, COUNTER.replace("'At {n}.'", "Counting."), "  n: {initial: 0, max: 3000}\n")
    during: list[bool] = []
    assert gc.isenabled()
    Explorer(world).explore(progress=lambda done, found: during.append(gc.isenabled()))
    assert during and not any(during) and gc.isenabled()
    gc.disable()
    try:
        Explorer(world).explore()
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_loops_are_judged_only_on_a_complete_exploration(tmp_path: Path) -> None:
    scenes = "a:\n  title: A\n  text: 'At {n}.'\n  choices:\n    - {id: up, text: Up, to: a, do: n += 1}\n"
    scenes += "    - {id: over, text: Over, to: b}\n    - {id: never, text: Never, to: end, if: n < 0}\n"
    scenes += "b:\n  title: B\n  text: There.\n  choices:\n    - {id: back, text: Back, to: a}\n" + END
    world = make(tmp_path, scenes, "  n: {initial: 0}\n")
    explored = explore(world, max_states=12)
    # Every state it saw goes round a and b for ever, but it saw few: it claims no trap.
    assert not explored.complete and explored.traps() == []
    assert Explorer(world, max_states=12).explore().dead_ends == []


def test_a_trap_region_takes_in_what_leads_only_into_it_and_leaves_out_dead_ends(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: x, text: X, to: x}\n    - {id: y, text: Y, to: y}\n"
        "    - {id: out, text: Out, to: end}\n"
        "x:\n  title: X\n  text: X.\n  choices:\n    - {id: fall, text: Fall, to: d}\n"
        "    - {id: onward, text: Onward, to: stairs}\n"
        "y:\n  title: Y\n  text: Y.\n  choices:\n    - {id: fall, text: Fall, to: d}\n"
        "    - {id: slip, text: Slip, to: d2}\n"
        "stairs:\n  title: S\n  text: Stairs.\n  choices:\n    - {id: down, text: Down, to: cellar}\n"
        "cellar:\n  title: C\n  text: Cellar.\n  choices:\n    - {id: up, text: Up, to: stairs}\n"
        "    - {id: fall, text: Fall, to: d}\n"
        "d:\n  title: D\n  text: Pit.\n  choices:\n    - {id: climb, text: Climb, to: end, if: x > 0}\n"
        "d2:\n  title: D2\n  text: Pit.\n  choices:\n    - {id: climb, text: Climb, to: end, if: x > 0}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes)).explore()
    # x can still fall into the pit, but it can also go round the stairs for ever: it is in the loop's
    # region; y leads only into pits (dead ends, told as such): no trap. Scenes in world order.
    [trap] = explored.traps()
    assert trap.scenes == ("x", "stairs", "cellar") and trap.entry == explored.first_at["x"]
    assert sorted(scenes_of(explored, explored.dead_ends)) == ["d", "d2"]


def test_each_loop_region_is_found_whatever_order_its_states_were_found_in(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: w1, text: W1, to: w1}\n"
        "    - {id: w2, text: W2, to: w2}\n    - {id: m, text: M, to: m}\n    - {id: out, text: Out, to: end}\n"
        "w1:\n  title: W1\n  text: W.\n  choices:\n    - {id: go, text: Go, to: w2}\n"
        "w2:\n  title: W2\n  text: W.\n  choices:\n    - {id: go, text: Go, to: w1}\n"
        "m:\n  title: M\n  text: M.\n  choices:\n    - {id: go, text: Go, to: e0}\n"
        "e0:\n  title: E0\n  text: E.\n  choices:\n    - {id: go, text: Go, to: e0}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes)).explore()
    assert [(t.scenes, scenes_of(explored, [t.entry])) for t in explored.traps()] == [
        (("w1", "w2"), ["w1"]),
        (("m", "e0"), ["m"]),
    ]


def test_a_visit_count_is_kept_only_where_something_can_still_read_it(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: pace, text: Pace, to: a}\n"
        "    - {id: go, text: Go, to: b}\n"
        'b:\n  title: B\n  text: Yard.\n  variants:\n    - {if: visits("a") > 2, text: Tired.}\n'
        "  choices:\n    - {id: walk, text: Walk, to: c}\n"
        "c:\n  title: C\n  text: Road.\n  choices:\n    - {id: wait, text: Wait, to: c}\n"
        "    - {id: out, text: Out, to: end}\n" + END
    )
    world = make(tmp_path, scenes)
    # a: 1, 2, 3 or more visits; b the same; c and the end forget them (nothing there reads them).
    assert Explorer(world).explore().states == 3 + 3 + 1 + 1
    assert Explorer(world, forget=False).explore().states == 3 * 4


def test_the_coarse_search_tells_apart_visits_flags_and_numbers_it_cannot_place(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: 'Pacing {k}.'\n  choices:\n    - {id: pace, text: Pace, to: a, do: k += 1}\n"
        '    - {id: mood, text: Mood, to: a, do: "m = \\"wild\\""}\n'
        '    - {id: leave, text: Leave, to: end, if: visits("a") > 6 and m == "wild" and k > 2}\n' + END
    )
    world = make(tmp_path, scenes, "  k: {initial: 0, max: 3}\n  m: {initial: calm}\n")
    coarse = Explorer(world).explore(coarse=True)
    assert coarse.complete and "end" in coarse.reached_scenes
    assert [edge.choice.id for edge in coarse.path(coarse.first_at["end"])][-1] == "leave"


def test_the_memory_estimate_follows_the_memory_really_taken(tmp_path: Path) -> None:
    """max_bytes bounds an estimate: it must stay close to what tracemalloc sees (each state and
    its values; 24 flags-as-numbers make the values a good part of it)."""
    import tracemalloc

    names = [f"v{i}" for i in range(24)]
    variables = "".join(f"  {name}: {{initial: 0, min: 0, max: 1}}\n" for name in names)
    scenes = "a:\n  title: A\n  text: Dials.\n  choices:\n"
    scenes += "".join(
        f"    - {{id: c{i}, text: C, to: a, do: '{name} = 1 - {name}'}}\n" for i, name in enumerate(names)
    )
    scenes += "    - {id: out, text: Out, to: end, if: " + " and ".join(f"{name} > 0" for name in names) + "}\n"
    world = make(tmp_path, scenes + END, variables)
    Explorer(world, max_states=1_000).explore()  # once untraced: what the first run sets up is not counted
    explorer = Explorer(world, max_states=1_000)
    tracemalloc.start()
    try:
        explored = explorer.explore()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert explored.stopped_by == "states"
    assert 0.7 < explored.bytes / peak < 1.5, (explored.bytes, peak)  # measured: 0.92


def test_every_comparison_of_a_visit_count_sets_how_far_it_is_kept(tmp_path: Path) -> None:
    for name, widest in (("not", 'not (visits("a") <= 5)'), ("and", 'x == 0 and visits("a") > 5')):
        scenes = (
            "a:\n  title: A\n  text: Pacing.\n  choices:\n    - {id: pace, text: Pace, to: a}\n"
            f"    - {{id: leave, text: Leave, to: end, if: '{widest}'}}\n"
            '    - {id: early, text: Early, to: end, if: visits("a") > 1}\n' + END
        )
        explored = Explorer(make(tmp_path / name, scenes), max_states=20).explore(lint=True)
        # Compared with 5 (inside a `not`, or on the right of an `and`) and with 1: kept up to 6.
        assert explored.complete and explored.states == 7, name
        assert explored.condition_values["a.leave"] == {False, True}, name


def test_visit_counts_read_on_entering_a_scene_are_kept(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Pacing.\n"
        '  on_enter:\n    - {if: visits("a") > 2, do: [tired = true]}\n'
        "  choices:\n    - {id: pace, text: Pace, to: a}\n    - {id: rest, text: Rest, to: end, if: tired}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes, "  tired: {initial: false}\n"), max_states=20).explore()
    assert explored.complete and "end" in explored.reached_scenes
    assert [edge.choice.id for edge in explored.path(explored.first_at["end"])] == ["pace", "pace", "rest"]


def test_a_visit_count_used_in_arithmetic_or_stored_is_kept_exactly(tmp_path: Path) -> None:
    base = "a:\n  title: A\n  text: Pacing.\n  choices:\n    - {id: pace, text: Pace, to: a, do: DO}\n"
    base += "    - {id: leave, text: Leave, to: end, if: IF}\n"
    cases = {
        "arithmetic": ('visits("a") - 1 > 2', "x = 0"),
        "stored": ('visits("a") > 3 and x > 0', 'x = visits("a")'),
    }
    for name, (condition, effect) in cases.items():
        world = make(tmp_path / name, base.replace("IF", condition).replace("DO", effect) + END)
        explored = Explorer(world, max_states=30).explore()
        assert (explored.complete, explored.states) == (False, 30), name


def test_a_growing_number_is_capped_whatever_else_the_world_declares_and_sets(tmp_path: Path) -> None:
    choices = {
        "set before": "    - {id: up, text: Up, to: a, do: [m = 1, n += 1]}\n",
        # adding 0 is neither growing nor shrinking
        "adds zero": "    - {id: up, text: Up, to: a, do: [n += 1]}\n    - {id: idle, text: Idle, to: a, do: n += 0}\n",
    }
    for name, choice in choices.items():
        scenes = "a:\n  title: A\n  text: Counting.\n  choices:\n" + choice
        scenes += "    - {id: stop, text: Stop, to: end, if: n >= 3 and m < 2}\n" + END
        variables = "  f: {initial: false}\n  m: {initial: 0}\n  n: {initial: 0}\n"
        explored = Explorer(make(tmp_path / name.replace(" ", "_"), scenes, variables), max_states=50).explore()
        assert explored.complete and "end" in explored.reached_scenes, name


def test_a_draw_on_entering_the_start_scene_starts_the_exploration_both_ways(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: 'Luck {x}.'\n  on_enter:\n    - {if: chance(50), do: [x = 1]}\n"
        "  choices:\n    - {id: go, text: Go, to: end}\n"
        "    - {id: lucky, text: Lucky, to: b, if: x == 1}\n    - {id: unlucky, text: Unlucky, to: c, if: x == 0}\n"
        "b:\n  title: B\n  text: Sun.\n  choices:\n    - {id: out, text: Out, to: end}\n"
        "c:\n  title: C\n  text: Fog.\n  choices:\n    - {id: out, text: Out, to: end}\n" + END
    )
    world = make(tmp_path, scenes)
    explorer = Explorer(world)
    explored = explorer.explore(lint=True)
    # Two starts, the draw true first: each is a state of the start scene with no way there.
    assert explored.complete and [explored.state(i) for i in (0, 1)] == [
        State("a", {"x": 1}, frozenset(), {}, ()),
        State("a", {"x": 0}, frozenset(), {}, ()),
    ]
    assert explored.path(1) == [] and explored.first_at["a"] == 0
    assert explored.reached_scenes == {"a", "b", "c", "end"}
    assert explored.condition_values == {"a.lucky": {True, False}, "a.unlucky": {True, False}}
    assert explorer.initial_key() == explored.keys[0] and explorer.initial_keys() == explored.keys[:2]
    assert not [w for w in lint(world).warnings if w.code in ("W101", "W103")]
    walked = Explorer(world).walk(200, seed=3)  # random runs start from either
    assert {"b", "c"} <= walked.reached_scenes
    # The playtest's runs to b and c start with a seed whose draw on entering a goes their way.
    witnesses = exhaustive_playtest(world).witnesses
    for scene, first in (("b", "lucky"), ("c", "unlucky")):
        run = witnesses[scene].run
        assert run is not None and [step.choice for step in run.steps] == [first], scene
        assert replay_exactly(world, run).state == scene


def test_a_once_only_choice_is_remembered_while_its_scene_can_come_back(tmp_path: Path) -> None:
    # The file lists the loop first: b and c come back to each other, then d and e do.
    scenes = (
        "b:\n  title: B\n  text: Shelf.\n  choices:\n    - {id: grab, text: Grab, to: c, once: true}\n"
        "    - {id: walk, text: Walk, to: c}\n"
        "c:\n  title: C\n  text: Aisle.\n  choices:\n    - {id: back, text: Back, to: b}\n"
        "    - {id: onward, text: Onward, to: d}\n"
        "a:\n  title: A\n  text: Door.\n  choices:\n    - {id: in, text: In, to: b}\n"
        "d:\n  title: D\n  text: Street.\n  choices:\n    - {id: loop, text: Loop, to: e}\n"
        "e:\n  title: E\n  text: Square.\n  choices:\n    - {id: back, text: Back, to: d}\n"
        "    - {id: out, text: Out, to: end}\n" + END
    )
    world = make(tmp_path, scenes)
    explored = Explorer(world).explore()
    # b and c with and without the grab taken; past c it can never be offered again: forgotten.
    assert explored.states == 1 + 2 + 2 + 1 + 1 + 1
    assert sorted(len(state.taken) for state in explored.states_at("b")) == [0, 1]
    assert Explorer(world, forget=False).explore().states == 1 + 2 + 2 + 2 + 2 + 2


def test_what_a_sub_scene_returns_to_is_read_through_it(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Quay.\n  choices:\n    - {id: ask, text: Ask, to: story, then: b, do: x = 1}\n"
        "    - {id: pay, text: Pay, to: story, then: b, do: x = 2}\n"
        "story:\n  title: Story\n  text: Long ago.\n  choices:\n    - {id: back, text: Back, return: true}\n"
        "b:\n  title: B\n  text: 'Paid {x}.'\n  choices:\n    - {id: out, text: Out, to: end}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes)).explore()
    assert held(explored, "b") == [{"x": 1}, {"x": 2}]
    assert held(explored, "story") == [{"x": 1}, {"x": 2}]


def test_a_taken_choice_some_condition_names_is_remembered_everywhere(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Shelf.\n  choices:\n    - {id: grab, text: Grab, to: b, once: true}\n"
        "    - {id: walk, text: Walk, to: b}\n"
        "b:\n  title: B\n  text: Street.\n  choices:\n    - {id: wait, text: Wait, to: b}\n"
        '    - {id: pay, text: Pay, to: end, if: taken("a.grab")}\n    - {id: leave, text: Leave, to: end}\n' + END
    )
    explored = Explorer(make(tmp_path, scenes)).explore(lint=True)
    assert sorted(len(state.taken) for state in explored.states_at("b")) == [0, 1]
    assert explored.condition_values["b.pay"] == {False, True}


def test_what_a_step_reads_is_kept_up_to_it(tmp_path: Path) -> None:
    """Conditional effects, replies and effect values read variables: a state keeps them until then."""
    start = "s:\n  title: S\n  text: Start.\n  choices:\n"
    start += (
        "    - {id: one, text: One, to: m, do: [p = 1, q = 1]}\n    - {id: two, text: Two, to: m, do: [p = 2, q = 2]}\n"
    )
    cases = {
        # two conditional effects, each reading its own variable
        "when": "    - id: go\n      text: Go\n      to: end\n      do:\n"
        "        - {if: p > 1, do: [x = 1]}\n        - {if: q > 1, do: [x = 2]}\n",
        "reply": "    - {id: go, text: Go, to: end, reply: 'You had {p} and {q}.'}\n",
        "value": "    - {id: go, text: Go, to: end, do: [x = p + q]}\n",
        "after": "    - {id: go, text: Go, to: end, after: [x = p + q]}\n",
        "adds": "    - id: go\n      text: Go\n      to: end\n      do: [{if: x == 0, do: [p += 1, q -= 1]}]\n",
    }
    for name, choice in cases.items():
        scenes = start + "m:\n  title: M\n  text: Middle.\n  choices:\n" + choice + END
        world = make(tmp_path / name, scenes, "  p: {initial: 0}\n  q: {initial: 0}\n  x: {initial: 0}\n", start="s")
        explored = Explorer(world).explore(lint=True)
        assert explored.complete and sum(1 for key in explored.keys if key[0] == "m") == 2, name


def test_a_value_changed_on_entering_is_kept_from_the_scene_before(tmp_path: Path) -> None:
    scenes = (
        "s:\n  title: S\n  text: Start.\n  choices:\n    - {id: one, text: One, to: m, do: p = 1}\n"
        "    - {id: two, text: Two, to: m, do: p = 2}\n    - {id: up, text: Up, to: s, do: q += 1}\n"
        "m:\n  title: M\n  text: 'Middle {p}.'\n  on_enter:\n    - {if: p > 1, do: [q += 1]}\n"
        "  choices:\n    - {id: go, text: Go, to: end, do: [{if: p > 0, do: [r += 1]}]}\n" + END
    )
    variables = "  p: {initial: 0}\n  q: {initial: 0, max: 2}\n  r: {initial: 0}\n"
    explored = Explorer(make(tmp_path, scenes, variables, start="s")).explore()
    assert explored.complete
    assert held(explored, "m") == [{"p": p, "q": q, "r": 0} for p, q in ((1, 0), (1, 1), (1, 2), (2, 1), (2, 2))]


def test_values_set_together_before_they_are_read_are_not_kept(tmp_path: Path) -> None:
    scenes = (
        "s:\n  title: S\n  text: Start.\n  choices:\n    - {id: one, text: One, to: m, do: [p = 1, q = 1]}\n"
        "    - {id: two, text: Two, to: m, do: [p = 2, q = 2]}\n"
        "m:\n  title: M\n  text: Middle.\n  choices:\n    - {id: go, text: Go, to: b, do: [p = 5, q = 5]}\n"
        "b:\n  title: B\n  text: 'Now {p} {q}.'\n  choices:\n    - {id: out, text: Out, to: end}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes, "  p: {initial: 0}\n  q: {initial: 0}\n", start="s")).explore()
    assert explored.states == 4  # s, m (p and q are set again before b reads them), b, the end


def test_variants_see_the_visits_and_the_choices_taken_of_their_state(tmp_path: Path) -> None:
    scenes = (
        'a:\n  title: A\n  text: Hall.\n  variants:\n    - {if: visits("a") > 1, text: Again.}\n'
        '    - {if: taken("a.ring"), text: Rung.}\n'
        "  choices:\n    - {id: ring, text: Ring, to: a, once: true, if: x == 0}\n    - {id: out, text: Out, to: end}\n"
        + END
    )
    explored = Explorer(make(tmp_path, scenes)).explore(lint=True)
    assert explored.variant_values == {("a", 0): {False, True}, ("a", 1): {False, True}}
    # Once taken it is not offered, so its condition is judged only before: always true there.
    assert explored.condition_values == {"a.ring": {True}}


def test_a_choice_with_a_draw_in_its_effects_still_has_its_condition_judged(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Dice.\n  choices:\n    - id: roll\n      text: Roll\n      to: end\n"
        "      if: x == 0\n      do: [{if: chance(50), do: [x = 1]}]\n" + END
    )
    explored = Explorer(make(tmp_path, scenes)).explore(lint=True)
    assert explored.condition_values == {"a.roll": {True}}


def test_the_values_a_failing_condition_read_are_kept_up_to_64_with_the_smallest_and_largest(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Counting.\n  choices:\n    - {id: up, text: Up, to: a, do: [n += 1, m -= 1]}\n"
        "    - {id: never, text: Never, to: end, if: n > 500 or m > 5}\n    - {id: out, text: Out, to: end}\n" + END
    )
    variables = "  n: {initial: 0, max: 99}\n  m: {initial: 0, min: -70}\n"
    explored = Explorer(make(tmp_path, scenes, variables)).explore(lint=True)
    assert explored.condition_values["a.never"] == {False}
    n, m = explored.condition_reads["a.never"]["n"], explored.condition_reads["a.never"]["m"]
    # A bound on memory: 64 values each, the first found, but the smallest and largest always among them.
    assert len(n) == len(m) == 64
    assert (min(n), max(n), min(m), max(m)) == (0, 99, -70, 0)
    assert set(range(62)) < n and set(range(-61, 1)) < m
    result = lint(make(tmp_path / "lint", scenes, variables))
    assert [w.message for w in result.warnings if w.code == "W103"] == [
        "choice 'never' is never offered: 'n > 500 or m > 5' is false in every reachable state "
        "(m is -70..0; n is 0..99 wherever it is tested)"
    ]
    # A text has no range to keep whole: its first 64 values found are kept ("a", then a00 to a62).
    names = "a:\n  title: A\n  text: Names.\n  choices:\n"
    names += "".join(f"    - {{id: c{i}, text: C, to: a, do: 'w = \"a{i:02}\"'}}\n" for i in range(70))
    names += '    - {id: never, text: Never, to: end, if: w == "b"}\n' + END
    texts = Explorer(make(tmp_path / "texts", names, '  w: {initial: "a"}\n')).explore(lint=True)
    assert texts.condition_reads["a.never"]["w"] == {"a", *(f"a{i:02}" for i in range(63))}


def test_each_loop_remembers_its_own_once_only_choices(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Door.\n  choices:\n    - {id: in, text: In, to: b}\n"
        "b:\n  title: B\n  text: Shelf.\n  choices:\n    - {id: grab, text: Grab, to: c, once: true}\n"
        "    - {id: walk, text: Walk, to: c}\n"
        "c:\n  title: C\n  text: Aisle.\n  choices:\n    - {id: back, text: Back, to: b}\n"
        "    - {id: onward, text: Onward, to: d}\n"
        "d:\n  title: D\n  text: Street.\n  choices:\n    - {id: loop, text: Loop, to: e}\n"
        "    - {id: buy, text: Buy, to: e, once: true}\n"
        "e:\n  title: E\n  text: Square.\n  choices:\n    - {id: back, text: Back, to: d}\n"
        "    - {id: out, text: Out, to: end}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes)).explore()
    # b and c: grabbed or not; d and e: bought or not (the grab forgotten: b cannot come back).
    assert explored.states == 1 + 2 + 2 + 2 + 2 + 1
    assert sorted(sorted(state.taken) for state in explored.states_at("e")) == [[], ["d.buy"]]


def test_a_value_a_scene_shows_is_kept_whatever_else_the_scene_holds(tmp_path: Path) -> None:
    start = "s:\n  title: S\n  text: Start.\n  choices:\n"
    start += "    - {id: one, text: One, to: m, do: x = 1}\n    - {id: two, text: Two, to: m, do: x = 2}\n"
    cases = {
        "variant": "  text: 'Shown {x}.'\n  variants:\n    - {if: y > 0, text: Y.}\n  choices:\n"
        "    - {id: go, text: Go, to: end}\n",
        "program": "  text: 'Shown {x}.'\n  choices:\n"
        "    - {id: go, text: Go, to: end, do: [{if: y > 0, do: [y = 0]}]}\n",
        "blocks": "  text:\n    - 'Shown {x}.'\n    - {if: y > 0, text: Y.}\n  choices:\n"
        "    - {id: go, text: Go, to: end}\n",
    }
    for name, body in cases.items():
        world = make(
            tmp_path / name, start + "m:\n  title: M\n" + body + END, "  x: {initial: 0}\n  y: {initial: 0}\n", "s"
        )
        explored = Explorer(world).explore()
        assert sorted(state.values["x"] for state in explored.states_at("m")) == [1, 2], name


def test_a_conditional_set_does_not_hide_the_value_it_may_leave(tmp_path: Path) -> None:
    scenes = (
        "s:\n  title: S\n  text: Start.\n  choices:\n"
        "    - {id: one, text: One, to: m, do: p = 1}\n    - {id: two, text: Two, to: m, do: p = 2}\n"
        "m:\n  title: M\n  text: Middle.\n  choices:\n"
        "    - {id: go, text: Go, to: b, do: [{if: p == 5, do: [p = 9]}]}\n"
        "b:\n  title: B\n  text: 'Now {p}.'\n  choices:\n    - {id: out, text: Out, to: end}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes, "  p: {initial: 0}\n", start="s")).explore()
    assert held(explored, "b") == [{"p": 1}, {"p": 2}]


def test_a_count_read_in_its_own_loop_does_not_hide_one_read_elsewhere(tmp_path: Path) -> None:
    scenes = (
        'w:\n  title: W\n  text: Well.\n  variants:\n    - {if: visits("w") > 1, text: Again.}\n'
        "  choices:\n    - {id: again, text: Again, to: w}\n    - {id: leave, text: Leave, to: end}\n"
        "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: pace, text: Pace, to: a}\n"
        "    - {id: go, text: Go, to: b}\n    - {id: well, text: Well, to: w}\n"
        'b:\n  title: B\n  text: Yard.\n  choices:\n    - {id: tired, text: Rest, to: end, if: visits("a") > 2}\n'
        "    - {id: onward, text: Onward, to: end}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes), max_states=100).explore(lint=True)
    assert explored.condition_values["b.tired"] == {False, True}


def test_the_coarse_search_keeps_exactly_a_number_it_cannot_place(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Counting.\n  choices:\n    - {id: up, text: Up, to: a, do: n += 1}\n"
        "    - {id: odd, text: Odd, to: end, if: n - 1 == 4}\n" + END
    )
    coarse = Explorer(make(tmp_path, scenes, "  n: {initial: 0, max: 10}\n")).explore(coarse=True)
    assert coarse.complete and "end" in coarse.reached_scenes


def test_what_lint_reads_of_texts_is_recorded_where_they_are_shown(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: 'Hall.{if lit: Lit.|}'\n  choices:\n"
        "    - {id: up, text: 'Up{if n > 1: again|}', to: a, do: n += 1, reply: '{if n > 0: Step.|Still.}'}\n"
        "    - {id: b, text: B, to: b}\n"
        "b:\n  title: B\n  text:\n    - {if: n > 2, text: Late.}\n"
        "  choices:\n    - {id: out, text: '{if n < 2: Out}', to: end, reply: '{if n > 2: Bye.}'}\n"
        "    - {id: back, text: Back, to: a}\n" + END
    )
    world = make(tmp_path, scenes, "  n: {initial: 0, min: 0, max: 3}\n  lit: {initial: false}\n")
    a, b = world.scenes["a"], world.scenes["b"]
    up, out = a.choices[0], b.choices[0]
    assert up.reply is not None and out.reply is not None
    for explored in (Explorer(world).explore(lint=True), Explorer(world).walk(3_000, seed=1)):
        values = explored.text_values
        assert values[id(a.compiled.conditions[0].condition)] == {False}  # the scene's own text
        assert values[id(up.compiled.conditions[0].condition)] == {False, True}  # a label, where offered
        assert values[id(up.reply.conditions[0].condition)] == {True}  # a reply, after its do:
        assert values[id(b.blocks[0].condition)] == {False, True}  # a block's if:
        # Empty: b's narration (n <= 2), out's label (n >= 2), out's reply (n <= 2), each at a real state.
        assert sorted(explored.blank) == [("label", "b.out"), ("reply", "b.out"), ("scene", "b")]
        assert {explored.keys[i][0] for i in explored.blank.values()} == {"b"}
    plain = Explorer(world).explore()
    assert plain.text_values == {} and plain.blank == {}
    shortest = Explorer(world).explore(lint=True)
    assert [edge.choice.id for edge in shortest.path(shortest.blank[("scene", "b")])] == ["b"]


def test_random_runs_steered_toward_a_scene_find_the_way_to_it(tmp_path: Path) -> None:
    scenes = "a:\n  title: A\n  text: Door.\n  choices:\n"
    scenes += "    - {id: try, text: Try, to: l0}\n    - {id: out, text: Out, to: end}\n"
    for i in range(20):
        scenes += f"l{i}:\n  title: L\n  text: Lock {i}.\n  choices:\n"
        scenes += "    - {id: wrong, text: Wrong, to: a}\n"
        scenes += f"    - {{id: right, text: Right, to: {'vault' if i == 19 else f'l{i + 1}'}}}\n"
    scenes += "vault:\n  title: V\n  text: Gold.\n  choices:\n    - {id: out, text: Out, to: end}\n"
    world = make(tmp_path, scenes + END)
    # 20 right turns in a row: about one random run in a million; steered, most runs get there.
    assert "vault" not in Explorer(world).walk(5_000, seed=2).reached_scenes
    steered = Explorer(world).walk(5_000, seed=2, toward=("l10", "vault"))
    assert "vault" in steered.reached_scenes
    first = steered.first_at["vault"]
    assert [edge.choice.id for edge in steered.path(first)][-20:] == ["right"] * 20


def test_a_texts_emptiness_is_judged_in_the_state_where_it_is_shown(tmp_path: Path) -> None:
    # Each text here could be empty in some world state, but in this world: the narration and go's
    # label never are (x is always 1), go's reply always is, say's label always is, and say's reply
    # shows mood, which is never empty.
    scenes = (
        "a:\n  title: A\n  text: '{if x > 0: Lit.}'\n  choices:\n"
        "    - {id: go, text: '{if x > 0: Go}', to: end, reply: '{if x > 5: Yes.}'}\n"
        "    - {id: say, text: '{if x > 5: Say}', to: end, reply: '{mood}'}\n" + END
    )
    world = make(tmp_path, scenes, '  x: {initial: 1}\n  mood: {initial: "calm"}\n')
    explored = Explorer(world).explore(lint=True)
    assert sorted(explored.blank) == [("label", "a.say"), ("reply", "a.go")]


def test_the_conditions_of_every_part_of_a_scenes_text_are_recorded(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: 'Hall.{if x > 0: Lit.}'\n"
        "  variants:\n    - {if: x > 5, text: 'Bright.{if x > 7: Blinding.}'}\n    - {if: x < 0, text: Cold.}\n"
        "  choices:\n    - {id: go, text: Go, to: end}\n" + END
    )
    world = make(tmp_path, scenes, "  x: {initial: 1}\n")
    a = world.scenes["a"]
    explored = Explorer(world).explore(lint=True)
    assert explored.text_values == {
        id(a.compiled.conditions[0].condition): {True},
        id(a.variants[0].compiled.conditions[0].condition): {False},
    }


def test_a_number_compared_from_the_right_or_negated_is_kept_as_far_as_it_is_read(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Counting.\n  choices:\n    - {id: up, text: Up, to: a, do: n += 1}\n"
        "    - {id: right, text: Right, to: b, if: 3 < n}\n"
        "b:\n  title: B\n  text: B.\n  choices:\n    - {id: out, text: Out, to: end}\n" + END
    )
    explored = Explorer(make(tmp_path, scenes, "  n: {initial: 0}\n")).explore()
    assert explored.complete and "b" in explored.reached_scenes and explored.states == 7  # n 0..4, b, end
    negated = scenes.replace("3 < n", "-n < -3")
    explored = Explorer(make(tmp_path / "neg", negated, "  n: {initial: 0}\n"), 50).explore()
    assert not explored.complete and "b" in explored.reached_scenes  # -n: n is kept exactly


def test_steered_runs_prefer_the_choice_nearest_their_scene_over_one_that_cannot_get_there(tmp_path: Path) -> None:
    scenes = (
        "x:\n  title: X\n  text: Fork.\n  choices:\n"
        "    - {id: good, text: Good, to: a}\n    - {id: bad, text: Bad, to: z}\n"
        "a:\n  title: A\n  text: A.\n  choices:\n    - {id: onward, text: Onward, to: b}\n"
        "b:\n  title: B\n  text: B.\n  choices:\n    - {id: onward, text: Onward, to: t}\n"
        "t:\n  title: T\n  text: T.\n  choices:\n    - {id: out, text: Out, to: end}\n"
        "z:\n  title: Z\n  text: Z.\n  choices:\n    - {id: out, text: Out, to: end}\n" + END
    )
    world = make(tmp_path, scenes, start="x")
    steered = Explorer(world).walk(900, seed=5, toward=("t",))
    taken = [edge.choice.id for edge in steered.edges if edge is not None and edge.choice.scene == "x"]
    # Four in five steps are steered (the rest at random): about nine runs in ten go the good way.
    assert len(taken) > 80 and taken.count("good") > 0.8 * len(taken)


# --- components, shared parts, the memory estimate ----------------------------------------------------


def test_scenes_share_a_component_exactly_when_each_can_lead_to_the_other(tmp_path: Path) -> None:
    # The file lists d and e first: the search of the scene graph starts there, and a (the start), b
    # and c are only found from a second root; their components must not be taken for d's or e's.
    scenes = (
        "d:\n  title: D\n  text: Yard.\n  choices:\n    - {id: onward, text: Onward, to: e}\n"
        "e:\n  title: E\n  text: Gate.\n  choices:\n    - {id: back, text: Back, to: d}\n"
        "    - {id: out, text: Out, to: end}\n"
        "a:\n  title: A\n  text: Door.\n  choices:\n    - {id: in, text: In, to: b}\n"
        "b:\n  title: B\n  text: Hall.\n  choices:\n    - {id: onward, text: Onward, to: c}\n"
        "c:\n  title: C\n  text: Stair.\n  choices:\n    - {id: back, text: Back, to: b}\n"
        "    - {id: down, text: Down, to: d}\n" + END
    )
    component = Explorer(make(tmp_path, scenes)).component
    groups: dict[int, set[str]] = {}
    for scene, number in component.items():
        groups.setdefault(number, set()).add(scene)
    assert sorted(sorted(group) for group in groups.values()) == [["a"], ["b", "c"], ["d", "e"], ["end"]]


# Once-only choices named by taken() (remembered everywhere), a visit count read in v, the scene a
# sub-scene returns to in s: parts many states hold alike.
SHARED_PARTS = (
    "a:\n  title: A\n  text: Shelf.\n  choices:\n    - {id: g1, text: G, to: a, once: true}\n"
    "    - {id: g2, text: G, to: a, once: true}\n"
    '    - {id: go, text: Go, to: m, if: taken("a.g1") and taken("a.g2")}\n'
    "m:\n  title: M\n  text: 'Mile {n}.'\n  choices:\n    - {id: up, text: Up, to: m, do: n += 1}\n"
    "    - {id: onward, text: Onward, to: v}\n"
    "v:\n  title: V\n  text: 'Vale {n}.'\n  choices:\n    - {id: up, text: Up, to: v, do: n += 1}\n"
    '    - {id: rest, text: Rest, to: v, if: visits("v") > 1}\n    - {id: call, text: Call, to: s, then: end}\n'
    "s:\n  title: S\n  text: 'Song {n}.'\n  choices:\n    - {id: up, text: Up, to: s, do: n += 1}\n"
    "    - {id: back, text: Back, return: true}\n" + END
)


def test_states_that_hold_the_same_parts_share_one_copy_of_each(tmp_path: Path) -> None:
    # Many states hold alike what they remember: the once-only choices taken (named by taken(), so
    # remembered everywhere), a visit count read in v, the scene a sub-scene returns to in s. Each
    # such part is held once, however many states hold it (memory: the bound counts it once).
    explored = Explorer(make(tmp_path, SHARED_PARTS, "  n: {initial: 0, max: 20}\n")).explore()
    assert explored.complete and explored.reached_scenes == {"a", "m", "v", "s", "end"}
    parts = [part for key in explored.keys for part in key[1:] if part]
    assert len(parts) > 2 * explored.states  # its numbers, and two or three of those parts
    assert len({id(part) for part in parts}) == len(set(parts))  # equal parts: one object


def test_the_memory_estimate_counts_the_once_only_choices_each_state_remembers(tmp_path: Path) -> None:
    """The once-only choices taken are most of what 1,024 states hold here (2**10 ways to take
    ten once-only choices): the estimate must count them as they are (sets, per element)."""
    import tracemalloc

    scenes = "a:\n  title: A\n  text: Shelf.\n  choices:\n"
    scenes += "".join(f"    - {{id: g{i}, text: G, to: a, once: true}}\n" for i in range(10))
    world = make(tmp_path, scenes + "    - {id: out, text: Out, to: end}\n" + END)
    Explorer(world).explore()  # once untraced: what the first run sets up is not counted
    explorer = Explorer(world)
    tracemalloc.start()
    try:
        explored = explorer.explore()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert explored.complete and explored.states == 2**10 + 1
    assert 0.8 < explored.bytes / peak < 1.25, (explored.bytes, peak)  # measured: 0.98


def test_the_coarse_search_keeps_the_start_as_the_one_state_of_its_region(tmp_path: Path) -> None:
    # n is compared with 5 only: 3 (the start) and 1 sit below it, one region. Coming back to the
    # start's region is coming back to a state the coarse search has: a's states are the start and 5.
    scenes = (
        "a:\n  title: A\n  text: Dial.\n  choices:\n    - {id: one, text: One, to: a, do: n = 1}\n"
        "    - {id: five, text: Five, to: a, do: n = 5}\n    - {id: stop, text: Stop, to: end, if: n == 5}\n" + END
    )
    world = make(tmp_path, scenes, "  n: {initial: 3, max: 100}\n")
    assert held(Explorer(world).explore(), "a") == [{"n": 1}, {"n": 3}, {"n": 5}]
    coarse = Explorer(world).explore(coarse=True)
    assert coarse.complete and held(coarse, "a") == [{"n": 3}, {"n": 5}] and coarse.states == 3


FOLLOW_BLANK = (
    "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: go, text: Go, to: b}\n"
    "b:\n  title: B\n  text: '{if lit: A lamp.}'\n  choices:\n    - {id: out, text: Out, to: end}\n"
    "    - {id: light, text: Light, to: b, do: lit = true}\n" + END
)


def test_a_followed_path_through_an_empty_text_gives_the_way_there(tmp_path: Path) -> None:
    """Lint's W113 names a run to a state where the text came out empty: for a path the abstraction
    gave and `follow` played, the steps of that path up to it (b is dark until the lamp is lit)."""
    world = make(tmp_path, FOLLOW_BLANK, "  lit: {initial: false}\n")
    go = world.scenes["a"].choices[0]
    out, light = world.scenes["b"].choices
    for path in ([go, out], [go]):  # b passed on the way, or where the path ends
        explorer = Explorer(world)
        into = explorer.walk(0)
        explorer.follow([[light], path], into, budget=10)  # (the first path stops at once: not offered)
        where = into.blank[("scene", "b")]
        assert into.state(where).scene == "b" and into.state(where).values == {"lit": False}
        assert [edge.choice.id for edge in into.path(where)] == ["go"]
    lit = Explorer(world).walk(0)
    Explorer(world).follow([[go, light, out]], lit, budget=10)
    assert lit.blank == {("scene", "b"): 1}  # lit after the lamp: empty only before it


def _estimate(explored: Exploration, count: int) -> int:
    """The memory estimate of the first `count` states as documented (game/authoring/explore.py,
    docs/testing.md): 330 bytes a state; each distinct part the states hold (their values, and the
    once-only choices taken, the visit counts and the return scenes when not empty) 64 bytes and 8
    an element, and 56 more an element of a set."""
    parts: set[tuple[object, ...] | frozenset[str]] = set()
    for index in range(count):
        state = explored.state(index)
        parts.add(tuple(state.values.values()))
        parts |= {part for part in (state.taken, tuple(sorted(state.visits.items())), state.returns) if part}
    sizes = (64 + 8 * len(part) + (56 * len(part) if isinstance(part, frozenset) else 0) for part in parts)
    return 330 * count + sum(sizes)


def test_the_memory_estimate_is_its_documented_sum_of_states_parts_and_steps(tmp_path: Path) -> None:
    shared = make(tmp_path, SHARED_PARTS, "  n: {initial: 0, max: 20}\n")
    # A draw on entering the start: two start states, each counted.
    luck = "a:\n  title: A\n  text: 'Luck {x}.'\n  on_enter:\n    - {if: chance(50), do: [x = 1]}\n"
    luck += "  choices:\n    - {id: go, text: Go, to: end}\n" + END
    for world, states in ((shared, 88), (make(tmp_path / "luck", luck), 3)):
        explored = Explorer(world).explore()
        assert explored.complete and explored.states == states
        steps = sum(len(explored.children(index)) for index in range(explored.states))
        assert explored.bytes == _estimate(explored, explored.states) + 8 * steps


def test_exploration_stops_adding_states_when_their_estimate_reaches_the_memory_bound(tmp_path: Path) -> None:
    world = make(tmp_path, SHARED_PARTS, "  n: {initial: 0, max: 20}\n")
    full = Explorer(world).explore()
    for count in (1, 5, 40):
        bound = _estimate(full, count)  # the first `count` states' estimate is exactly the bound
        stopped = Explorer(world, max_bytes=bound).explore()
        assert (stopped.states, stopped.complete, stopped.stopped_by) == (count, False, "memory")
        assert stopped.keys == full.keys[:count]  # breadth-first: the same states, in the same order
        assert Explorer(world, max_bytes=bound + 1).explore().states == count + 1
