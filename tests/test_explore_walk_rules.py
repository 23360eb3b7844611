"""What a random walk promises (Explorer.walk, game/authoring/explore.py), on small worlds written here.

Lint's random runs are its evidence of what real runs do where the breadth-first exploration stops.
A walk only takes steps the game takes; at each step every choice offered is as likely as any other
(and a choice whose step draws chance() comes out each way it can, where it is offered, as often);
it records what a player meets in each state it passes (every choice's condition, the labels of
those offered) and, of the choice taken, what taking it does (its effects, its reply), nothing of
the choices left. A state where nothing is offered ends the run, and is a dead end unless a chance()
decides it. Steered runs go nearest their scene, a return's way being where the call stack says.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from game.authoring.explore import Exploration, Explorer
from game.world.model import World
from tests.smallworld import END, one_file_world


def make(root: Path, scenes: str, variables: str = "  x: {initial: 0}\n", start: str = "a") -> World:
    return one_file_world(root, scenes, variables, start=start)


def taken(walked: Exploration, scene: str = "a") -> Counter[str]:
    """How often each choice of `scene` was taken over the walk."""
    return Counter(edge.choice.id for edge in walked.edges if edge is not None and edge.choice.scene == scene)


def test_every_step_of_a_walk_is_a_step_the_game_takes(tmp_path: Path) -> None:
    # Conditions, a once-only choice, chance() in a condition, in effects and on entering a scene,
    # a fallback, a call and its return, and a number cut at its max.
    scenes = (
        "a:\n  title: A\n  text: Hall.\n  choices:\n"
        "    - {id: up, text: Up, to: a, do: n += 2, if: n < 5}\n"
        "    - {id: coin, text: Coin, to: b, once: true, if: n > 1}\n"
        "    - {id: leap, text: Leap, to: b, if: chance(40)}\n"
        "    - {id: ask, text: Ask, to: s, then: a, if: n < 4}\n"
        "    - {id: sit, text: Sit, to: a, fallback: true}\n"
        "b:\n  title: B\n  text: Yard.\n  on_enter:\n    - {if: chance(30), do: [lit = true]}\n  choices:\n"
        "    - id: roll\n      text: Roll\n      to: a\n      do: [{if: chance(50), do: [n = 0], else: [n -= 1]}]\n"
        "    - {id: out, text: Out, to: end, if: lit}\n"
        "s:\n  title: S\n  text: Tides.\n  choices:\n    - {id: thanks, text: Thanks, return: true}\n" + END
    )
    world = make(tmp_path, scenes, "  n: {initial: 0, min: 0, max: 5}\n  lit: {initial: false}\n")
    walked = Explorer(world).walk(6_000, seed=4)
    game = Explorer(world)
    steps = 0
    for index, edge in enumerate(walked.edges):
        if edge is None:
            assert walked.keys[index] == game.initial_key()  # every run from the start
            continue
        ways = {(choice, chances, child) for choice, chances, child in game.successors(walked.keys[edge.parent])}
        assert (edge.choice, edge.chances, walked.keys[index]) in ways, walked.path(index)
        steps += 1
    # Every choice and every way its draws come out is taken somewhere, the end reached.
    assert set(taken(walked)) == {"up", "coin", "leap", "ask", "sit"} and walked.reached_scenes == {
        "a",
        "b",
        "s",
        "end",
    }
    rolls = {edge.chances[0][1] for edge in walked.edges if edge is not None and edge.choice.id == "roll"}
    assert rolls == {True, False} and steps > 500


def test_each_choice_offered_is_as_likely_as_any_other_whatever_its_draws(tmp_path: Path) -> None:
    # One plain choice, one drawing once (two ways), one drawing twice (four ways), one offered
    # only when its draw comes out true, one never offered, one once-only: each offered choice
    # is taken about as often as any other, and each way a draw comes out as often as the other.
    scenes = (
        "a:\n  title: A\n  text: Table.\n  choices:\n"
        "    - {id: plain, text: Plain, to: a, do: x = 0}\n"
        "    - id: flip\n      text: Flip\n      to: a\n      do: [{if: chance(50), do: [x = 1], else: [x = 2]}]\n"
        "    - id: dice\n      text: Dice\n      to: a\n"
        "      do: [{if: chance(50), do: [x = 3]}, {if: chance(50), do: [y = 1], else: [y = 0]}]\n"
        "    - {id: coin, text: Coin, to: a, if: chance(30)}\n"
        "    - {id: locked, text: Locked, to: a, if: x > 5}\n"
        "    - {id: wish, text: Wish, to: a, once: true}\n"
    )
    world = make(tmp_path, scenes, "  x: {initial: 0}\n  y: {initial: 0}\n")
    walked = Explorer(world).walk(28_000, seed=1)  # 7 per step: about 4,000 steps in 10 runs of 400
    counts = taken(walked)
    runs = sum(1 for edge in walked.edges if edge is None)
    assert counts["locked"] == 0 and counts["wish"] == runs  # once in each run, never again
    # With no ending, every run is 400 steps long (the default), and random runs prove nothing whole.
    assert len(walked.keys) == runs * 401 and walked.complete is False
    each = [counts[name] for name in ("plain", "flip", "dice", "coin")]
    mean = sum(each) / len(each)
    assert all(abs(count - mean) < 0.12 * mean for count in each), counts
    flips = Counter(walked.keys[i][1][0] for i, edge in enumerate(walked.edges) if edge and edge.choice.id == "flip")
    assert set(flips) == {1, 2} and abs(flips[1] - flips[2]) < 0.2 * counts["flip"], flips
    dice = Counter(edge.chances for edge in walked.edges if edge is not None and edge.choice.id == "dice")
    assert len(dice) == 4 and min(dice.values()) > 0.15 * counts["dice"], dice
    coins = {tuple(came for _site, came in edge.chances) for edge in walked.edges if edge and edge.choice.id == "coin"}
    assert coins == {(True,)}  # taken only where its draw lets it be offered


def test_a_walk_records_every_choice_it_meets_and_the_effects_of_the_one_it_takes(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Fork.\n  choices:\n"
        "    - {id: go, text: '{if n > 0: Go on|Go}', to: a, do: n += 1, reply: '{if n > 1: Far.}'}\n"
        "    - {id: back, text: '{if n > 0: Back off|Back}', to: a, do: n -= 1, reply: '{if n > 1: Near.}'}\n"
        "    - {id: gate, text: Gate, to: a, if: n > 8}\n"
    )
    world = make(tmp_path, scenes, "  n: {initial: 0, min: 0, max: 2}\n")
    go, back, gate = world.scenes["a"].choices
    one = Explorer(world).walk(1, steps=1)  # one run of one step
    [edge] = [edge for edge in one.edges if edge is not None]
    left = back if edge.choice is go else go
    assert one.available == {"a.go", "a.back"} and one.condition_values == {"a.gate": {False}}
    assert one.condition_reads == {"a.gate": {"n": {0}}}
    # Both labels are shown: their conditions are judged; only the reply of the one taken is.
    label, reply = (lambda c: id(c.compiled.conditions[0].condition)), (lambda c: id(c.reply.conditions[0].condition))
    assert one.text_values[label(go)] == one.text_values[label(back)] == {False}
    assert reply(edge.choice) in one.text_values and reply(left) not in one.text_values
    assert set(one.effects) == {(edge.choice.key, 0)}
    # Over many steps: each effect applied once for each time its choice was taken, cut where it was.
    walked = Explorer(world).walk(4_000, seed=2)
    counts = taken(walked)
    assert (
        walked.effects[("a.go", 0)].applied == counts["go"] and walked.effects[("a.back", 0)].applied == counts["back"]
    )
    at = [walked.keys[edge.parent][1][0] for edge in walked.edges if edge is not None and edge.choice is go]
    assert walked.effects[("a.go", 0)].cut_high == at.count(2) > 0
    assert walked.effects[("a.go", 0)].cut_low == 0 and "gate" not in counts


def test_a_choice_whose_step_draws_is_recorded_where_it_is_not_offered_too(tmp_path: Path) -> None:
    # gamble's condition is plain; its effect draws. Where n < 2 it is not offered: lint must hear
    # that its condition was false there, and with which n (W103's message names them).
    scenes = (
        "a:\n  title: A\n  text: Den.\n  choices:\n    - {id: up, text: Up, to: a, do: n += 1}\n"
        "    - id: gamble\n      text: '{if n > 2: All in|Gamble}'\n      to: a\n      if: n > 1\n"
        "      do: [{if: chance(50), do: [n = 0]}]\n"
    )
    world = make(tmp_path, scenes, "  n: {initial: 0, min: 0, max: 3}\n")
    walked = Explorer(world).walk(3_000, seed=8)
    assert walked.condition_values == {"a.gamble": {False, True}}
    assert walked.condition_reads == {"a.gamble": {"n": {0, 1}}}
    label = id(world.scenes["a"].choices[1].compiled.conditions[0].condition)
    assert walked.text_values[label] == {False, True}  # shown at n 2 and 3, whether taken or not
    # Taken, what it can do is recorded as any choice's: every way its draw comes out is played
    # (the step taken is one of them), so its effect applies once each time it is taken.
    gambles = [edge for edge in walked.edges if edge is not None and edge.choice.id == "gamble"]
    assert walked.effects[("a.gamble", 0)].applied == len(gambles) > 0
    assert {edge.chances[0][1] for edge in gambles} == {False, True}


def test_a_once_only_choice_taken_is_not_asked_about_again(tmp_path: Path) -> None:
    # Its condition always holds; once taken, the choice is not offered, but its condition is not
    # false there: lint must not hear that it ever was (W106 would then miss "always true").
    scenes = (
        "a:\n  title: A\n  text: Well.\n  choices:\n"
        "    - {id: wish, text: Wish, to: a, once: true, if: x == 0}\n    - {id: wait, text: Wait, to: a}\n"
    )
    world = make(tmp_path, scenes)
    walked = Explorer(world).walk(2_000, seed=3)
    assert taken(walked)["wish"] >= 2 and walked.condition_values == {"a.wish": {True}}
    explored = Explorer(world).explore(lint=True)
    assert explored.states == 2 and explored.condition_values == {"a.wish": {True}}


def test_where_nothing_is_offered_the_run_ends_a_dead_end_unless_a_draw_decided(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Fork.\n  choices:\n"
        "    - {id: stuck, text: Stuck, to: d}\n    - {id: luck, text: Luck, to: c}\n"
        "d:\n  title: D\n  text: Pit.\n  choices:\n    - {id: climb, text: Climb, to: a, if: x > 5}\n"
        "c:\n  title: C\n  text: Cliff.\n  choices:\n    - {id: jump, text: Jump, to: a, if: chance(50) and x > 5}\n"
    )
    world = make(tmp_path, scenes)
    walked = Explorer(world).walk(500, seed=5)
    runs = [i for i, edge in enumerate(walked.edges) if edge is None]
    ends = [i - 1 for i in runs[1:]] + [len(walked.keys) - 1]  # the last state of each run
    assert len(runs) > 20 and {walked.keys[i][0] for i in ends} == {"c", "d"}  # each run ends at once
    assert {walked.keys[i][0] for i in walked.dead_ends} == {"d"} and len(walked.dead_ends) == taken(walked)["stuck"]


def test_a_steered_run_reaches_its_scene_through_a_return_where_the_call_stack_leads(tmp_path: Path) -> None:
    # In the sub-scene s, thanks returns to goal (the call named it): nearer than the shortcut x.
    # Judged by thanks' own scene instead, the two would look as near and be taken half and half.
    scenes = (
        "a:\n  title: A\n  text: Quay.\n  choices:\n    - {id: ask, text: Ask, to: s, then: goal}\n"
        "s:\n  title: S\n  text: Tides.\n  choices:\n"
        "    - {id: thanks, text: Thanks, return: true}\n    - {id: shortcut, text: Shortcut, to: x}\n"
        "x:\n  title: X\n  text: Lane.\n  choices:\n    - {id: onward, text: Onward, to: goal}\n"
        "goal:\n  title: G\n  text: Home.\n  choices:\n    - {id: out, text: Out, to: end}\n" + END
    )
    world = make(tmp_path, scenes)
    steered = Explorer(world).walk(3_000, seed=6, toward=("goal",))
    counts = taken(steered, "s")
    # Four steps in five are steered (thanks), the rest at random (half of them thanks).
    assert counts["thanks"] + counts["shortcut"] > 100 and counts["thanks"] > 0.8 * (
        counts["thanks"] + counts["shortcut"]
    )


def test_runs_from_given_states_begin_there_and_keep_the_way_there(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: in, text: In, to: b}\n"
        "b:\n  title: B\n  text: Room.\n  choices:\n    - {id: up, text: Up, to: b, do: x += 1}\n"
        "    - {id: out, text: Out, to: end, if: x > 2}\n" + END
    )
    world = make(tmp_path, scenes, "  x: {initial: 0, max: 4}\n")
    explorer = Explorer(world)
    walked = explorer.walk(1, steps=1)  # one run: a, then b
    assert [key[0] for key in walked.keys] == ["a", "b"]
    explorer.walk(300, seed=7, into=walked, starts=[1])
    assert [edge is None for edge in walked.edges].count(True) == 1  # no new start
    firsts = [edge.parent for index, edge in enumerate(walked.edges) if edge and edge.parent != index - 1]
    assert len(firsts) > 10 and set(firsts) == {1}  # each run from the state given
    assert [edge.choice.id for edge in walked.path(walked.first_at["end"])][0] == "in"  # its way there kept


def test_a_steered_run_leaves_a_choice_that_cannot_reach_its_scene_to_its_unsteered_steps(tmp_path: Path) -> None:
    # From s the goal t is reached only through f and back (the lock never opens); the pit cannot
    # reach it. f is the farthest scene that can: it must still count as nearer than the pit.
    scenes = (
        "s:\n  title: S\n  text: Fork.\n  choices:\n    - {id: lock, text: Lock, to: a, if: key}\n"
        "    - {id: back, text: Back, to: f}\n    - {id: pit, text: Pit, to: x}\n"
        "a:\n  title: A\n  text: Hall.\n  choices:\n    - {id: go, text: Go, to: t}\n"
        "f:\n  title: F\n  text: Loop.\n  choices:\n    - {id: again, text: Again, to: s}\n"
        "t:\n  title: T\n  text: Goal.\n  ending: {title: Goal}\n"
        "x:\n  title: X\n  text: Pit.\n  ending: {title: Pit}\n"
    )
    world = make(tmp_path, scenes, "  key: {initial: false}\n", start="s")
    at_s = taken(Explorer(world).walk(4_000, seed=1, toward=("t",)), "s")
    # Only the steps that do not steer (1 in 5) pick at random: the pit about 1 step in 10.
    assert at_s["back"] > 500 and at_s["pit"] < (at_s["back"] + at_s["pit"]) / 4
