"""The abstraction with intervals (game/authoring/intervals.py) is sound: on small random worlds that
the exact exploration finishes, every reachable state lies in an abstract state, and everything the
abstraction claims (unreachable, never or always true, always cut, no trap, no dead end; a text's
condition constant, a choice never taken, a text never empty) is true of the exact states. Then the
worlds it was built for: the planted bugs, and IO."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.worldgen import write_planted
from game.authoring.explore import Explorer
from game.authoring.intervals import Abstract, Abstraction, AValue
from game.authoring.lint import lint
from game.cli import main
from game.world import load_world
from game.world.model import World

ROOT = Path(__file__).resolve().parent.parent
NUMBERS = {"a": "{initial: 0, min: 0, max: 6}", "b": "{initial: 2, min: -3, max: 4}", "c": "{initial: 0, min: 0}"}
FLAGS = {"f": "{initial: false}", "g": "{initial: true}"}
SCENES = ["s0", "s1", "s2", "s3", "s4"]
ENDINGS = ["won", "lost"]


@st.composite
def conditions(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["cmp", "cmp", "flag", "visited", "not", "and", "or", "sum"][: 5 if depth else 8]))
    if kind == "cmp":
        op = draw(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]))
        return f"{draw(st.sampled_from(sorted(NUMBERS)))} {op} {draw(st.integers(-2, 7))}"
    if kind == "sum":
        return f"a + b {draw(st.sampled_from(['>', '<=', '==']))} {draw(st.integers(0, 9))}"
    if kind == "flag":
        return draw(st.sampled_from(["f", "g", 'mood == "calm"', 'mood != "calm"']))
    if kind == "visited":
        scene = draw(st.sampled_from(SCENES))
        return draw(st.sampled_from([f'visited("{scene}")', f'visits("{scene}") > 1']))
    if kind == "not":
        return f"not ({draw(conditions(depth + 1))})"
    return f"({draw(conditions(depth + 1))}) {kind} ({draw(conditions(depth + 1))})"


@st.composite
def effects(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["add", "add", "set", "flag", "text", "if"]))
    if kind == "add":
        return (
            f"{draw(st.sampled_from(sorted(NUMBERS)))} {draw(st.sampled_from(['+=', '-=']))} {draw(st.integers(1, 3))}"
        )
    if kind == "set":
        return f"{draw(st.sampled_from(sorted(NUMBERS)))} = {draw(st.integers(-1, 5))}"
    if kind == "flag":
        return f"{draw(st.sampled_from(sorted(FLAGS)))} = {draw(st.sampled_from(['true', 'false', 'a > 2', 'not f']))}"
    if kind == "text":
        return f'mood = "{draw(st.sampled_from(["calm", "wild"]))}"'
    return {"if": draw(conditions(1)), "do": [draw(effects())], "else": [draw(effects())]}


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, Any]:
    scenes: dict[str, Any] = {}
    targets = SCENES + ENDINGS
    for scene in SCENES:
        choices = []
        for index in range(draw(st.integers(1, 3))):
            choice: dict[str, Any] = {
                "id": f"c{index}",
                "text": f"Choice {index}",
                "to": draw(st.sampled_from(targets)),
            }
            if draw(st.integers(0, 5)) == 0:  # a label that may be empty where the choice is offered
                choice["text"] = f"{{if {draw(conditions(1))}: Choice {index}}}"
            if draw(st.integers(0, 5)) == 0:  # a reply, maybe empty, read after the choice's do:
                choice["reply"] = f"{{if {draw(conditions(1))}: Yes.}}"
            if draw(st.booleans()):
                choice["if"] = draw(conditions())
            if draw(st.booleans()):
                choice["do"] = draw(st.lists(effects(), min_size=1, max_size=2))
            if draw(st.integers(0, 4)) == 0:
                choice["once"] = True
            choices.append(choice)
        if draw(st.integers(0, 3)) == 0:
            choices.append({"id": "fb", "text": "Otherwise", "to": draw(st.sampled_from(targets)), "fallback": True})
        text: Any = f"Scene {scene}."
        shape = draw(st.integers(0, 7))
        if shape == 0:  # a condition inside the text
            text = f"Scene {scene}.{{if {draw(conditions(1))}: Again.|}}"
        elif shape == 1:  # blocks, which may all be empty
            text = [{"if": draw(conditions(1)), "text": f"Scene {scene}."}, {"text": "{if a > 2: Tired.}"}]
        scenes[scene] = {"title": scene, "text": text, "choices": choices}
        if isinstance(text, str) and draw(st.integers(0, 3)) == 0:  # blocks take no variants
            scenes[scene]["variants"] = [{"if": draw(conditions()), "text": "More."}]
        if draw(st.integers(0, 4)) == 0:
            scenes[scene]["on_enter"] = [draw(effects())]
    for ending in ENDINGS:
        scenes[ending] = {"title": ending, "text": f"The end: {ending}.", "ending": {"title": ending}}
    return scenes


def write(root: Path, scenes: dict[str, Any]) -> World:
    (root / "scenes").mkdir(parents=True, exist_ok=True)
    variables = {**NUMBERS, **FLAGS, "mood": '{initial: "calm"}'}
    lines = [f"  {name}: {spec}" for name, spec in variables.items()]
    (root / "world.yaml").write_text("id: prop\ntitle: Prop\nstart: s0\nvariables:\n" + "\n".join(lines) + "\n")
    (root / "scenes" / "main.yaml").write_text(json.dumps(scenes))  # JSON is YAML
    return load_world(root)


def holds(abstract: AValue, value: object) -> bool:
    """The concrete value is one the abstract value stands for."""
    if isinstance(abstract, tuple):
        return type(value) is int and abstract[0] <= value <= abstract[1]
    if isinstance(abstract, frozenset):
        return value in abstract
    return abstract is None or abstract == value


def check_sound(world: World) -> tuple[Abstraction, Any] | None:
    explorer = Explorer(world, 20_000)
    explorer.var_caps = {}  # numbers kept exactly, not saturated: the states are the concrete ones
    exact = explorer.explore(lint=True)
    if not exact.complete:
        return None
    abstract = Abstract(world, Explorer(world, 1), verify=True)
    found = abstract.explore()
    assert found.complete and found.uncontained == 0
    by_key: dict[object, list[tuple[AValue, ...]]] = {}
    for held_key, held_values in found.values.items():
        by_key.setdefault((held_key[0], held_key[2], held_key[4]), []).append(held_values)
    for key in exact.keys:
        scene, values, taken, visits, stack = key
        concrete: dict[str, object] = dict(zip(explorer.live_names[scene], values, strict=True))
        concrete.update({f"visits({s})": min(n, abstract.caps[s]) for s, n in visits})
        names = abstract.numbers[scene]
        concrete.update({n: n[6:-1] in taken for n in names if n.startswith("taken(")})
        own = frozenset(k for k in abstract.own_once[scene] if k in taken)
        held = by_key.get((scene, own, stack), [])
        assert any(all(holds(a, concrete.get(n, 0)) for n, a in zip(names, each, strict=True)) for each in held), (
            f"state {key} is in no abstract state: {held}"
        )
    assert set(world.scenes) - found.reached <= set(world.scenes) - exact.reached_scenes  # W101/W102
    for choice_key, claimed in found.choice_values.items():  # W103, W106
        if claimed in ({False}, {True}):
            assert exact.condition_values.get(choice_key, claimed) <= claimed, choice_key
    for variant, claimed in found.variant_values.items():
        if len(claimed) == 1 and None not in claimed:
            assert exact.variant_values.get(variant, claimed) == claimed, variant
    for effect, clamp in found.clamps.items():  # W107
        record = exact.effects.get(effect)
        if record is not None and clamp.always_high:
            assert record.cut_high == record.applied
        if record is not None and clamp.always_low:
            assert record.cut_low == record.applied
    for condition, claimed in found.text_values.items():  # W106 on a condition in a text
        if claimed in ({False}, {True}):
            assert exact.text_values.get(condition, claimed) <= claimed, condition
    assert set(exact.text_values) <= set(found.text_values)  # shown in no abstract state: never shown
    for choice_key, claimed in found.choice_values.items():  # W112: never offered, so never taken
        if claimed <= {False}:
            assert choice_key not in exact.available, choice_key
    assert set(exact.blank) <= found.blank_possible  # W113: a text proved never empty is never empty
    if not found.dead_candidates:  # W109
        assert not exact.dead_ends
    if not found.trapped():  # W111: an ending reachable from every state
        assert not exact.traps() and not exact.dead_ends
    return found, exact


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenes=worlds())
def test_the_abstraction_holds_every_reachable_state_and_claims_only_what_is_true(
    tmp_path_factory: pytest.TempPathFactory, scenes: dict[str, Any]
) -> None:
    check_sound(write(tmp_path_factory.mktemp("prop"), scenes))


def test_a_counting_loop_is_proved_to_end(tmp_path: Path) -> None:
    # Exactly: more states than the bound (c has no max). Abstractly: one state, cut by `c >= 5`,
    # from each of which the loop gets one piece closer to the way out.
    scenes = {
        "s0": {
            "title": "Loop",
            "text": "Round.",
            "choices": [
                {"id": "again", "text": "Again", "to": "s0", "do": ["c = c + 1"]},
                {"id": "out", "text": "Out", "to": "won", "if": "c >= 5"},
            ],
        },
        "won": {"title": "Won", "text": "Out.", "ending": {"title": "Won"}},
    }
    world = write(tmp_path, scenes)
    result = lint(world, max_states=50)
    assert result.abstraction is not None and result.abstraction.states == 2
    assert result.complete and not result.notes and not [w for w in result.warnings if w.code in ("W110", "W111")]


def test_the_planted_bugs_are_proved_by_the_abstraction_alone(tmp_path: Path) -> None:
    world = load_world(write_planted(tmp_path / "planted", rooms=24))
    found = Abstract(world).explore()
    assert found.complete and set(world.scenes) - found.reached == {"attic"}  # W101
    assert [k for k, v in found.choice_values.items() if v == {False}] == ["r7.fly"]  # W103
    assert {key[0] for key in found.dead_candidates} == {"cellar"}  # W109
    assert {key[0] for key in found.trapped()} == {"cellar", "maze", "maze2"}  # the dead end, and the W111 loop
    clean = Abstract(load_world(write_planted(tmp_path / "clean", rooms=24, bugs=False))).explore()
    assert clean.complete and not clean.dead_candidates and not clean.trapped()


def test_check_strict_io_is_clean_with_every_state_checked(capsys: pytest.CaptureFixture[str]) -> None:
    # Issue 15's acceptance: exact states to the bound, then the abstraction with intervals, which
    # proves there is no dead end and an ending can be reached from every state; real runs settle
    # the rest. Clean, and nothing left unproved (no W110).
    code = main(["check", "--strict", "--format", "json", str(ROOT / "worlds" / "io")])
    report = json.loads(capsys.readouterr().out)
    assert report["warnings"] == [] and report["notes"] == [], report
    assert code == 0 and report["complete"] is True and 0 < report["abstract_states"] < 10_000
