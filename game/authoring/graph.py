"""A world as a graph: scenes are nodes, choices are edges, the start and the endings marked.

The edges are read from the world's own transitions Machine (game.engine.rules.rules_for: the one
every run is played through), so the graph shows exactly the transitions the engine takes; the
world adds what the Machine does not hold (titles, files, conditions). Mermaid and DOT are written
here, in one pass over the scenes and the Machine's events: linear in the world's size (the
diagram extension of transitions builds a second machine and takes 16 s on 2,000 scenes).

Readable at 100+ scenes: scenes are grouped by the file they are written in (clusters), and
`focus` keeps only the scenes within `depth` choices of one scene, either way.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from game.support.textsafe import clean
from game.world.model import Choice, World


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    choice: Choice


@dataclass(frozen=True, slots=True)
class View:
    """The part of the world a graph shows."""

    scenes: list[str]  # in world order
    edges: list[Edge]
    clipped: set[str]  # shown scenes with choices to or from scenes not shown


def machine_edges(world: World) -> list[Edge]:
    """Every transition of the world's Machine, as (source scene, target scene, choice), in world order."""
    from game.engine.rules import rules_for

    machine = rules_for(world).machine
    found: list[Edge] = []
    for scene in world.scenes.values():
        for choice in scene.choices:
            event = machine.events[choice.key]  # one trigger per choice, named by its key
            for transition in event.transitions.get(scene.id, []):
                if transition.dest is not None:  # the Machine has no internal transitions
                    found.append(Edge(scene.id, transition.dest, choice))
    return found


def view(world: World, focus: str | None = None, depth: int = 2) -> View:
    """The whole world, or the scenes within `depth` choices of `focus` (following choices either way)."""
    edges = machine_edges(world)
    if focus is None:
        return View(list(world.scenes), edges, set())
    if focus not in world.scenes:
        raise ValueError(focus)
    neighbours: dict[str, set[str]] = {}
    for edge in edges:
        neighbours.setdefault(edge.source, set()).add(edge.target)
        neighbours.setdefault(edge.target, set()).add(edge.source)
    distance = {focus: 0}
    queue = deque([focus])
    while queue:
        scene = queue.popleft()
        if distance[scene] == depth:
            continue
        for other in sorted(neighbours.get(scene, ())):
            if other not in distance:
                distance[other] = distance[scene] + 1
                queue.append(other)
    kept = [edge for edge in edges if edge.source in distance and edge.target in distance]
    clipped = {s for s in distance if any(n not in distance for n in neighbours.get(s, ()))}
    return View([s for s in world.scenes if s in distance], kept, clipped)


def clusters(world: World, scenes: Iterable[str]) -> dict[str, list[str]]:
    """Scenes grouped by the file they are written in (relative to the world), in file order."""
    groups: dict[str, list[str]] = {}
    for scene_id in scenes:
        file = Path(world.scenes[scene_id].loc.file)
        try:
            name = file.relative_to(world.path).as_posix()
        except ValueError:
            name = file.name
        # A file name is from outside: shown escaped (an escape sequence in it must not reach a terminal).
        groups.setdefault(clean(name), []).append(scene_id)
    return groups


def _label(choice: Choice) -> str:
    return f"{choice.id} (if)" if choice.condition is not None else choice.id


def _node(scene_id: str) -> str:
    """Mermaid's id for a scene: prefixed, so that ids like `end`, `note` or `state` are not keywords."""
    return f"s_{scene_id}"


def mermaid(world: World, focus: str | None = None, depth: int = 2, cluster: bool = True) -> str:
    """A mermaid stateDiagram-v2: `[*] --> start`, `ending --> [*]`, one composite state per file.

    States are named s_<scene id> and labelled with the scene id; the choices between two scenes
    share one edge, labelled with their ids (`id (if)` when conditional).
    """
    shown = view(world, focus, depth)
    lines = ["---", f"title: {world.id}", "---", "stateDiagram-v2"]
    lines.append("  classDef ending fill:#eee,stroke:#333,stroke-width:3px")
    if shown.clipped:
        lines.append("  classDef more stroke-dasharray:4 3")
    if focus is not None:
        lines.append("  classDef focus fill:#fff3c4,stroke:#333,stroke-width:2px")
    groups = clusters(world, shown.scenes) if cluster else {"": shown.scenes}
    for number, (name, members) in enumerate(groups.items()):
        indent = "  "
        if name and len(groups) > 1:
            label = name.replace('"', "'")  # mermaid has no escape for a quote inside a state name
            lines.append(f'  state "{label}" as f_{number} {{')
            indent = "    "
        lines.extend(f'{indent}state "{scene_id}" as {_node(scene_id)}' for scene_id in members)
        if indent != "  ":
            lines.append("  }")
    labels: dict[tuple[str, str], list[str]] = {}
    for edge in shown.edges:
        labels.setdefault((edge.source, edge.target), []).append(_label(edge.choice))
    lines.extend(f"  {_node(a)} --> {_node(b)}: {' | '.join(names)}" for (a, b), names in labels.items())
    if world.start in shown.scenes:
        lines.append(f"  [*] --> {_node(world.start)}")
    for scene_id in shown.scenes:
        if world.scenes[scene_id].ending is not None:
            lines.append(f"  {_node(scene_id)} --> [*]")
            lines.append(f"  class {_node(scene_id)} ending")
    lines.extend(f"  class {_node(scene_id)} more" for scene_id in shown.scenes if scene_id in shown.clipped)
    if focus is not None:
        lines.append(f"  class {_node(focus)} focus")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot(world: World, focus: str | None = None, depth: int = 2, cluster: bool = True) -> str:
    """A Graphviz digraph: boxes for scenes (in a box per file), double octagons for endings, a dot
    pointing at the start, conditional choices dashed; scenes with choices cut off by --focus dashed."""
    shown = view(world, focus, depth)
    lines = [
        f"digraph {_quote(world.id)} {{",
        "  rankdir=LR;",
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    if world.start in shown.scenes:
        lines.append('  "__start__" [shape=point, width=0.2, label=""];')

    def node(scene_id: str) -> str:
        scene = world.scenes[scene_id]
        attributes = [f"label={_quote(scene.id + chr(10) + scene.title)}"]
        if scene.ending is not None:
            attributes += ["shape=doubleoctagon", "style=bold"]
        elif scene_id == focus:
            attributes.append('style="rounded,filled,bold", fillcolor="#fff3c4"')
        elif scene_id in shown.clipped:
            attributes.append('style="rounded,dashed"')
        if scene.id == world.start:
            attributes.append("penwidth=2")
        return f"{_quote(scene.id)} [{', '.join(attributes)}];"

    groups = clusters(world, shown.scenes) if cluster else {"": shown.scenes}
    for number, (name, members) in enumerate(groups.items()):
        if name and len(groups) > 1:
            lines.append(f"  subgraph cluster_{number} {{")
            lines.append(f'    label={_quote(name)}; style=rounded; color="#999999"; fontname="Helvetica";')
            lines.extend(f"    {node(scene_id)}" for scene_id in members)
            lines.append("  }")
        else:
            lines.extend(f"  {node(scene_id)}" for scene_id in members)
    if world.start in shown.scenes:
        lines.append(f'  "__start__" -> {_quote(world.start)};')
    for edge in shown.edges:
        attributes = [f"label={_quote(edge.choice.id)}"]
        if edge.choice.condition is not None:
            attributes += ["style=dashed", f"tooltip={_quote('if: ' + edge.choice.condition.source)}"]
        lines.append(f"  {_quote(edge.source)} -> {_quote(edge.target)} [{', '.join(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
