"""A world as a graph: scenes are nodes, choices are edges, the start and the endings marked.

Mermaid comes from transitions' own diagram support (GraphMachine with the pure-Python mermaid
engine), to which the endings are added. DOT is written here: transitions' DOT engines need the
graphviz or pygraphviz Python packages, and the text format is simple.
"""

from __future__ import annotations

import logging

from game.world.model import World

_SAFE_ID = str.maketrans({c: "_" for c in "-. "})


def _label(choice_id: str, conditional: bool) -> str:
    return f"{choice_id} (if)" if conditional else choice_id


def _node(scene_id: str) -> str:
    """Mermaid's id for a scene: prefixed, so that ids like `end`, `note` or `state` are not keywords."""
    return f"s_{scene_id}"


def mermaid(world: World) -> str:
    """A mermaid stateDiagram-v2: `[*] --> start`, and `ending --> [*]` for every ending.

    States are named s_<scene id> and labelled with the scene id.
    """
    from transitions.extensions import GraphMachine

    logging.getLogger("transitions").setLevel(logging.ERROR)
    machine = GraphMachine(
        states=[_node(scene_id) for scene_id in world.scenes],
        initial=_node(world.start),
        graph_engine="mermaid",
        auto_transitions=False,
        title=world.id,
        show_conditions=False,
    )
    for scene in world.scenes.values():
        for choice in scene.choices:
            # One trigger per edge, named after the choice (a trigger name must be unique per source).
            machine.add_transition(
                _label(choice.id, choice.condition is not None), _node(scene.id), _node(choice.target)
            )
    text: str = machine.get_graph().draw(None)
    for scene_id in world.scenes:  # label each state with the scene id itself
        text = text.replace(f'state "{_node(scene_id)}" as', f'state "{scene_id}" as', 1)
    lines = [text.rstrip("\n"), "  classDef ending fill:#eee,stroke:#333,stroke-width:3px"]
    for scene in world.endings:
        lines.append(f"  {_node(scene.id)} --> [*]")
        lines.append(f"  class {_node(scene.id)} ending")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot(world: World) -> str:
    """A Graphviz digraph: boxes for scenes, double octagons for endings, a dot pointing at the start."""
    lines = [
        f"digraph {_quote(world.id)} {{",
        "  rankdir=LR;",
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        '  "__start__" [shape=point, width=0.2, label=""];',
    ]
    for scene in world.scenes.values():
        attributes = [f"label={_quote(scene.id + chr(10) + scene.title)}"]
        if scene.ending is not None:
            attributes += ["shape=doubleoctagon", "style=bold"]
        if scene.id == world.start:
            attributes.append("penwidth=2")
        lines.append(f"  {_quote(scene.id)} [{', '.join(attributes)}];")
    lines.append(f'  "__start__" -> {_quote(world.start)};')
    for scene in world.scenes.values():
        for choice in scene.choices:
            attributes = [f"label={_quote(choice.id)}"]
            if choice.condition is not None:
                attributes += ["style=dashed", f"tooltip={_quote('if: ' + choice.condition.source)}"]
            lines.append(f"  {_quote(scene.id)} -> {_quote(choice.target)} [{', '.join(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
