"""Sub-scene calls (`then:`) and returns (`return: true`) in every drawing of a world: a style of
their own, a legend that explains it, and a return drawn only back to where a call can come back.

tests/fixtures/worlds/inline: gate --ask--> tale (a call coming back to gate), tale --deeper-->
porter (a call coming back to tale), tale --back--> and porter --back--> (returns).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from game.authoring.graph import comebacks, dot, machine_edges, mermaid
from game.authoring.report import graph_svg, playtest_report, render_html
from game.world import load_world
from game.world.model import World
from tests.conftest import FIXTURES

INLINE = FIXTURES / "worlds" / "inline"


@pytest.fixture(scope="module")
def inline() -> World:
    return load_world(INLINE)


def test_a_return_goes_back_only_where_a_call_into_its_sub_scene_comes_back(inline: World) -> None:
    # The Machine guards a return with the call stack and holds one per scene any call comes back
    # to; only these two can happen: the beggar's tale returns to the gate, the porter to the tale.
    assert comebacks(inline) == {"tale": {"gate"}, "porter": {"tale"}}
    kinds = {(e.source, e.target, e.choice.id, e.kind) for e in machine_edges(inline) if e.kind != "choice"}
    assert kinds == {
        ("gate", "tale", "ask", "call"),
        ("tale", "porter", "deeper", "call"),
        ("tale", "gate", "back", "return"),
        ("porter", "tale", "back", "return"),
    }


def test_dot_draws_calls_and_returns_in_their_own_style_with_a_legend(inline: World) -> None:
    text = dot(inline)
    call = re.search(r'^\s*"gate" -> "tale" \[(.*)\];$', text, re.M)
    back = re.search(r'^\s*"tale" -> "gate" \[(.*)\];$', text, re.M)
    plain = re.search(r'^\s*"hall" -> "yard" \[label="wait"\];$', text, re.M)
    assert call and back and plain
    assert 'color="#1f5fbf"' in call[1] and "penwidth=2" in call[1] and "arrowtail=diamond" in call[1]
    assert "comes back to gate" in call[1]
    assert 'color="#1f5fbf"' in back[1] and "style=dotted" in back[1] and "arrowhead=empty" in back[1]
    legend = text.split("subgraph cluster_legend {", 1)[1]
    assert 'label="call: goes to a sub-scene, and comes back to the scene its then names"' in legend
    assert 'label="return: back from a sub-scene, to the scene the call named"' in legend
    assert "style=dotted" in legend and "penwidth=2" in legend  # the legend shows each style
    if shutil.which("dot") is not None:  # and Graphviz reads it (CI installs it)
        result = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr


def test_mermaid_marks_calls_and_returns_and_explains_the_marks(inline: World) -> None:
    lines = mermaid(inline).splitlines()
    assert "  s_gate --> s_tale: ⤷ ask (call, back to gate)" in lines
    assert "  s_tale --> s_gate: ⤶ back (return)" in lines
    assert "  s_porter --> s_tale: ⤶ back (return)" in lines
    assert "  s_hall --> s_yard: open (if) | wait" in lines
    assert {"  class s_tale subscene", "  class s_porter subscene"} <= set(lines)
    assert "  legend_box : ⤷ call, goes to a sub-scene, and comes back to the scene its then names" in lines
    assert "  legend_box : ⤶ return, back from a sub-scene, to the scene the call named" in lines
    assert not any(":" in line.split(" : ", 1)[1] for line in lines if line.startswith("  legend_box : "))


def test_a_world_without_sub_scenes_has_no_legend(lighthouse: World) -> None:
    assert "legend" not in dot(lighthouse) and "legend" not in mermaid(lighthouse)
    data = playtest_report(lighthouse, 2, max_states=0)
    assert "a call, which" not in render_html(data, lighthouse)


def test_the_report_page_draws_calls_blue_and_returns_dotted_and_says_so(inline: World) -> None:
    data = playtest_report(inline, 20, seed=1, max_states=0)
    svg = graph_svg(inline, data["scene_visits"], data["choices_taken"])
    paths = re.findall(r'<path d="[^"]*" fill="none" stroke="([^"]*)"[^>]*class="(\w+)"><title>([^<]*)</title>', svg)
    by_tip = {tip.split(" -&gt;")[0]: (colour, kind) for colour, kind, tip in paths}
    assert by_tip["gate.ask (call)"][1] == "call" and by_tip["tale.back (return)"][1] == "return"
    assert by_tip["hall.wait"][1] == "choice"
    assert len([p for p in paths if p[1] == "return"]) == 2  # tale -> gate, porter -> tale: no more
    assert 'stroke-dasharray="2 3"' in svg
    page = render_html(data, inline)
    assert "blue: a call, which goes to a sub-scene, and comes back to the scene its then names." in page
    assert "blue dotted: a return, back from a sub-scene, to the scene the call named." in page
