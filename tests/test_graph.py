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
    names = {node["name"] for node in graph["objects"]}
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
