"""A world as a graph: scenes are nodes, choices are edges, the start and the endings marked.

The edges are read from the world's own transitions Machine (game.engine.rules.rules_for: the one
every run is played through), so the graph shows exactly the transitions the engine takes; the
world adds what the Machine does not hold (titles, files, conditions). Mermaid and DOT are written
here, in one pass over the scenes and the Machine's events: linear in the world's size (the
diagram extension of transitions builds a second machine and takes 16 s on 2,000 scenes).

Readable at 100+ scenes: scenes are grouped by the file they are written in (clusters), and
`focus` keeps only the scenes within `depth` choices of one scene, either way.

Sub-scenes: a call (`then:`) and a return (`return: true`) are edges of their own kind, drawn in a
style of their own and explained by a legend in every format. The Machine holds a transition from a
return to every scene any call comes back to (guarded by the call stack); the graph draws only
those a call into the return's sub-scene can come back to (`comebacks`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from pathlib import Path

from msgspec import Struct

from game.support.textsafe import clean
from game.world.model import Choice, World


class Edge(Struct, frozen=True):
    source: str
    target: str
    choice: Choice

    @property
    def kind(self) -> str:
        """ "call" (goes to a sub-scene, `then:`), "return" (back from one) or "choice"."""
        return "call" if self.choice.then else "return" if self.choice.returns else "choice"


# How each kind of edge is told apart, in words: the legends of every format say the same.
KIND_LEGEND = {
    "call": "goes to a sub-scene, and comes back to the scene its then names",
    "return": "back from a sub-scene, to the scene the call named",
}
CALL_COLOUR = "#1f5fbf"


def comebacks(world: World) -> dict[str, set[str]]:
    """The scenes a return in each scene can go back to: for every call (`then: Y`), the scenes a run
    can be in while Y is the innermost call (the call's target and what follows from it, a nested
    call followed to the scene it comes back to, a return not followed). A run can return only from
    those, and only to Y."""
    found: dict[str, set[str]] = {}
    regions: dict[tuple[str, str], set[str]] = {}
    for scene in world.scenes.values():
        for call in scene.choices:
            if not call.then or call.target not in world.scenes:
                continue
            region = regions.get((call.target, call.then))
            if region is None:
                region = {call.target}
                queue = deque([call.target])
                while queue:
                    for choice in world.scenes[queue.popleft()].choices:
                        following = choice.then if choice.then else None if choice.returns else choice.target
                        if following is not None and following in world.scenes and following not in region:
                            region.add(following)
                            queue.append(following)
                regions[(call.target, call.then)] = region
            for member in region:
                found.setdefault(member, set()).add(call.then)
    return found


class View(Struct, frozen=True):
    """The part of the world a graph shows."""

    scenes: list[str]  # in world order
    edges: list[Edge]
    clipped: set[str]  # shown scenes with choices to or from scenes not shown


def machine_edges(world: World) -> list[Edge]:
    """Every transition of the world's Machine, as (source scene, target scene, choice), in world order."""
    from game.engine.rules import rules_for

    machine = rules_for(world).machine
    back = comebacks(world)
    found: list[Edge] = []
    for scene in world.scenes.values():
        for choice in scene.choices:
            event = machine.events[choice.key]  # one trigger per choice, named by its key
            for transition in event.transitions.get(scene.id, []):
                if transition.dest is None:  # the Machine has no internal transitions
                    continue
                if choice.returns and transition.dest not in back.get(scene.id, ()):
                    continue  # no call into this sub-scene comes back there
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
    names: dict[str, str] = {}  # file -> its name as shown: worked out once a file, not once a scene
    for scene_id in scenes:
        file = world.scenes[scene_id].loc.file
        name = names.get(file)
        if name is None:
            try:
                relative = Path(file).relative_to(world.path).as_posix()
            except ValueError:
                relative = Path(file).name
            # A file name is from outside: shown escaped (an escape sequence in it must not reach a terminal).
            name = names[file] = clean(relative)
        groups.setdefault(name, []).append(scene_id)
    return groups


_MARKS = {"call": "⤷", "return": "⤶"}  # mermaid's marks in labels and legend


def _label(choice: Choice) -> str:
    """A choice's label in mermaid, which cannot style a transition: calls and returns are marked."""
    label = f"{choice.id} (if)" if choice.condition is not None else choice.id
    if choice.then:
        return f"{_MARKS['call']} {label} (call, back to {choice.then})"
    if choice.returns:
        return f"{_MARKS['return']} {label} (return)"
    return label


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
    kinds = {edge.kind for edge in shown.edges} - {"choice"}
    called = [s for s in dict.fromkeys(e.target for e in shown.edges if e.kind == "call") if s != focus]
    if kinds:
        lines.append(f"  classDef subscene stroke:{CALL_COLOUR},stroke-width:2px")
        lines.append("  classDef legend fill:#fff,stroke:#999,stroke-dasharray:2 2")
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
    if kinds:
        # A state diagram cannot style a transition: calls and returns are marked in their labels,
        # sub-scenes (what calls go to) are outlined, and a legend box says so.
        lines.extend(f"  class {_node(scene_id)} subscene" for scene_id in called)
        lines.append('  state "legend" as legend_box')
        lines.extend(
            f"  legend_box : {mark} {kind}, {KIND_LEGEND[kind]}" for kind, mark in _MARKS.items() if kind in kinds
        )
        lines.append("  legend_box : a sub-scene (what a call goes to) is outlined in blue")
        lines.append("  class legend_box legend")
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
        lines.append(f"  {_quote(edge.source)} -> {_quote(edge.target)} [{', '.join(_dot_edge(edge))}];")
    kinds = [kind for kind in ("call", "return") if any(edge.kind == kind for edge in shown.edges)]
    if kinds:  # a legend: one sample edge per style the graph uses
        lines.append("  subgraph cluster_legend {")
        lines.append('    label="legend"; style="rounded,dashed"; color="#999999"; fontname="Helvetica";')
        lines.append('    node [shape=plaintext, label="", width=0.1, height=0.1];')
        for kind in kinds:
            lines.append(
                f'    "__legend_{kind}_a" -> "__legend_{kind}_b" [{", ".join(_DOT_STYLE[kind])}, '
                f"label={_quote(kind + ': ' + KIND_LEGEND[kind])}];"
            )
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


# Calls bold and blue with a diamond-tailed arrow; returns dotted blue with a hollow head.
_DOT_STYLE = {
    "call": [f'color="{CALL_COLOUR}"', f'fontcolor="{CALL_COLOUR}"', "penwidth=2", "arrowtail=diamond", "dir=both"],
    "return": [f'color="{CALL_COLOUR}"', f'fontcolor="{CALL_COLOUR}"', "style=dotted", "arrowhead=empty"],
}


def _dot_edge(edge: Edge) -> list[str]:
    choice = edge.choice
    attributes = [f"label={_quote(choice.id)}"]
    tips = [f"if: {choice.condition.source}"] if choice.condition is not None else []
    if edge.kind == "choice":
        if choice.condition is not None:
            attributes.append("style=dashed")
    else:
        attributes += _DOT_STYLE[edge.kind]
        if edge.kind == "call":
            tips.append(f"call: comes back to {choice.then}")
            if choice.condition is not None:
                attributes.append('style="dashed,bold"')
        else:
            tips.append("return: back to the scene the call named")
    if tips:
        attributes.append(f"tooltip={_quote('; '.join(tips))}")
    return attributes
