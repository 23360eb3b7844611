"""Graphs: dot output parses with Graphviz's `dot`; mermaid output has the structure mermaid needs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from game.authoring.graph import dot, mermaid
from game.cli import main
from game.world import load_world
from tests.conftest import FIXTURES, IO_WORLD, LIGHTHOUSE

WORLDS = [LIGHTHOUSE, FIXTURES / "trap", FIXTURES / "lint" / "w101_unreachable", IO_WORLD]


def _load(path: Path):  # type: ignore[no-untyped-def]
    return load_world(path)  # a world that does not load is a failure, not a skip


@pytest.mark.parametrize("path", WORLDS, ids=lambda p: p.name)
def test_dot_parses_with_graphviz(path: Path) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed: install Graphviz (apt-get install graphviz; .ci/run does)")
    world = _load(path)
    text = dot(world)
    result = subprocess.run(["dot", "-Tjson"], input=text, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    import json

    graph = json.loads(result.stdout)
    names = {node["name"] for node in graph["objects"] if "nodes" not in node}  # not the file clusters
    assert set(world.scenes) | {"__start__"} == names
    edges = sum(len(scene.choices) for scene in world.scenes.values()) + 1
    assert len(graph["edges"]) == edges
    for scene in world.endings:
        assert f'"{scene.id}" [label=' in text and "doubleoctagon" in text
    assert f'"__start__" -> "{world.start}";' in text


@pytest.mark.parametrize("path", WORLDS, ids=lambda p: p.name)
def test_mermaid_structure(path: Path) -> None:
    world = _load(path)
    lines = mermaid(world).splitlines()
    assert "stateDiagram-v2" in lines
    # Every state is s_<id> labelled with the id, so scene ids such as `end` are never keywords.
    states = {m.groups() for line in lines if (m := re.fullmatch(r'\s*state "([^"]*)" as (\w+)', line))}
    assert states == {(scene_id, f"s_{scene_id}") for scene_id in world.scenes}
    edges = [m.groups() for line in lines if (m := re.fullmatch(r"\s*s_(\w+) --> s_(\w+): (.+)", line))]
    assert {(a, b) for a, b, _ in edges} == {
        (scene.id, choice.target) for scene in world.scenes.values() for choice in scene.choices
    }
    assert f"  [*] --> s_{world.start}" in lines
    for scene in world.endings:
        assert f"  s_{scene.id} --> [*]" in lines
        assert f"  class s_{scene.id} ending" in lines


def test_graph_command_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "g.dot"
    assert main(["graph", str(LIGHTHOUSE), "--format", "dot", "-o", str(out)]) == 0
    assert out.read_text().startswith('digraph "lighthouse"')
    assert main(["graph", str(FIXTURES / "broken" / "unknown_key")]) == 1


NIGHT_FERRY = IO_WORLD.parent / "night_ferry"


def test_scenes_are_grouped_by_the_file_they_are_written_in() -> None:
    world = load_world(NIGHT_FERRY)
    crossing = [s for s in world.scenes if world.scenes[s].loc.file.endswith("1_crossing.yaml")]
    text = dot(world)
    block = text.split("subgraph cluster_0 {", 1)[1].split("}", 1)[0]
    assert 'label="scenes/1_crossing.yaml"' in block
    assert re.findall(r'^\s*"(\w+)" \[label=', block, re.M) == crossing
    lines = mermaid(world).splitlines()
    start = lines.index('  state "scenes/1_crossing.yaml" as f_0 {')
    assert lines[start + 1 : start + 1 + len(crossing)] == [f'    state "{s}" as s_{s}' for s in crossing]
    assert lines[start + 1 + len(crossing)] == "  }"
    assert "subgraph" not in dot(world, cluster=False)


def test_focus_keeps_the_scenes_within_depth_choices_either_way() -> None:
    world = load_world(NIGHT_FERRY)
    text = mermaid(world, focus="hold", depth=1)
    states = re.findall(r'state "(\w+)" as', text)
    assert states == ["deck", "hold", "wheelhouse"]  # hold -> deck, wheelhouse; deck -> hold
    assert "  class s_hold focus" in text
    # deck and wheelhouse have choices to and from scenes left out: drawn dashed.
    assert re.findall(r"class s_(\w+) more", text) == ["deck", "wheelhouse"]
    assert "[*]" not in text  # neither the start nor an ending is shown
    whole = set(re.findall(r'state "(\w+)" as', mermaid(world, focus="hold", depth=50)))
    assert whole == set(world.scenes)  # every scene of this world is connected to the hold
    assert re.findall(r'state "(\w+)" as', mermaid(world, focus="hold", depth=0)) == ["hold"]


def test_the_graph_is_drawn_from_the_worlds_own_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """No second Machine is built to draw a graph: its edges are the world Machine's transitions."""
    from transitions import Machine

    from game.authoring.graph import machine_edges
    from game.engine.rules import rules_for

    world = load_world(NIGHT_FERRY)
    machine = rules_for(world).machine
    built: list[object] = []
    original = Machine.__init__

    def counting(self: Machine, *args: object, **kwargs: object) -> None:
        built.append(self)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Machine, "__init__", counting)
    mermaid(world)
    dot(world, focus="deck")
    assert built == []
    expected = {
        (source, transition.dest, name)
        for name, event in machine.events.items()
        for source, transitions in event.transitions.items()
        for transition in transitions
    }
    assert {(e.source, e.target, e.choice.key) for e in machine_edges(world)} == expected


def test_graph_focus_on_an_unknown_scene_says_which_it_meant(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(NIGHT_FERRY), "--focus", "hol"]) == 2
    assert "no scene 'hol' in this world; did you mean 'hold'?" in capsys.readouterr().err
    assert main(["graph", str(NIGHT_FERRY), "--focus", "hold", "--depth", "-1"]) == 2
