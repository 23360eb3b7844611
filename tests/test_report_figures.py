"""The playtest report's figures added for issues 14, 15 and 19, each on a small world built so the
answer is known whatever the random runs pick: in how many runs a variable falls or rises."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from game.authoring.report import playtest_report, render_html, render_text
from game.world import load_world
from game.world.model import World

RUNS = 40


def write_world(folder: Path, world: str, scenes: str) -> World:
    (folder / "scenes").mkdir(parents=True)
    (folder / "world.yaml").write_text(world, encoding="utf-8")
    (folder / "scenes" / "s.yaml").write_text(scenes, encoding="utf-8")
    return load_world(folder)


TIDE_WORLD = "id: tide\ntitle: Tide\nstart: a\nvariables:\n  hope: {initial: 1, min: 0}\n  lit: {initial: true}\n"
TIDE = """\
a:
  title: A
  text: The shore.
  choices:
    # Every run: hope 1 -> 0 and lit true -> false, both fall.
    - {id: down, text: Down, to: b, do: [hope -= 1, lit = false]}
b:
  title: B
  text: The rocks.
  choices:
    # Clamped at its min of 0: hope stays, no fall.
    - {id: again, text: Again, to: c, do: hope -= 1}
    - {id: up, text: Up, to: c, do: hope += 2}
c:
  title: C
  text: The cliff.
  choices:
    # Falls again (2 -> 1) only on runs that went up; from 0 it stays.
    - {id: down, text: Down, to: end, do: hope -= 1}
end:
  title: End
  text: The end.
  ending: {title: End}
"""


def _tide(tmp_path: Path) -> tuple[World, dict[str, Any]]:
    world = write_world(tmp_path, TIDE_WORLD, TIDE)
    return world, playtest_report(world, RUNS, seed=7, max_states=0)


def test_the_share_of_runs_in_which_a_variable_falls_or_rises(tmp_path: Path) -> None:
    _world, data = _tide(tmp_path)
    went_up = data["choices_taken"]["b.up"]
    assert 0 < went_up < RUNS
    hope = data["variables"]["hope"]
    # Times count every fall; runs count a run once however often it fell in it.
    assert (hope["falls"], hope["falls_in_runs"], hope["falls_share"]) == (RUNS + went_up, RUNS, 1.0)
    assert (hope["rises"], hope["rises_in_runs"], hope["rises_share"]) == (went_up, went_up, round(went_up / RUNS, 4))
    lit = data["variables"]["lit"]  # a flag falls when it goes from true to false
    assert (lit["falls"], lit["falls_in_runs"], lit["falls_share"]) == (RUNS, RUNS, 1.0)
    assert (lit["rises"], lit["rises_in_runs"], lit["rises_share"]) == (0, 0, 0.0)


def test_the_shares_are_in_the_summary_and_the_page(tmp_path: Path) -> None:
    world, data = _tide(tmp_path)
    went_up = data["choices_taken"]["b.up"]
    text = render_text(data)
    rises = f"{100 * went_up / RUNS:.1f}%"
    assert f"hope (number, starts 1; falls in 100.0% of runs ({RUNS + went_up} times), rises in {rises})" in text
    assert "lit (flag, starts true; falls in 100.0% of runs (40 times), rises in 0.0%)" in text
    page = render_html(data, world)
    assert "<th>runs it falls in</th>" in page and "<th>runs it rises in</th>" in page
    assert f'<td class="n">{went_up}</td><td>{rises}</td>' in page


# --- silent and answered over every state of a finished exploration ------------------------------

FORK = """\
a:
  title: A
  text: A.
  choices:
    - {id: left, text: Left, to: l}
    - {id: right, text: Right, to: r}
l:
  title: L
  text: L.
  choices:
    # Both read "The end.": a silent decision point, reached only by going left.
    - {id: p, text: P, to: end}
    - {id: q, text: Q, to: end}
r:
  title: R
  text: R.
  choices:
    - {id: onward, text: Onward, to: end}
end:
  title: End
  text: The end.
  ending: {title: End}
"""


def test_the_state_graph_counts_decision_points_no_random_run_reached(tmp_path: Path) -> None:
    world = write_world(tmp_path, "id: fork\ntitle: Fork\nstart: a\n", FORK)
    # One choice per run: the runs meet only `a`; the state graph has `a` and `l`.
    data = playtest_report(world, RUNS, seed=2, max_steps=1)
    assert (data["decisions"]["points"], data["decisions"]["silent"]) == (RUNS, 0)
    assert data["decisions"]["graph"] == {"points": 2, "silent": 1, "silent_share": 0.5, "silent_scenes": {"l": 1}}
    assert data["answers"]["graph"] == {"offered": 4, "answered": 2, "answered_share": 0.5}
    text = render_text(data)
    assert "silent decision points: 0 of 40 (0.0%)" in text
    assert "    over every reachable state: 1 of 2 (50.0%); most in l" in text
    assert "    over every reachable state: 2 of 4 (50.0%)" in text


HUB = """\
hub:
  title: Hub
  text: Hub {n}.
  choices:
    # wait and sit both lead to the hub with n one higher: silent while n < 2 (at its max of 2,
    # both read "Hub 2." and leave reads "Out.": not silent, leave alone answered).
    - {id: wait, text: Wait, to: hub, do: n += 1}
    - {id: sit, text: Sit, to: hub, do: n += 1}
    - {id: leave, text: Leave, to: out, if: n == 2}
out:
  title: Out
  text: Out.
  ending: {title: Out}
"""


def test_the_state_graph_counts_each_state_once_where_runs_count_each_visit(tmp_path: Path) -> None:
    world = write_world(tmp_path, "id: hub\ntitle: Hub\nstart: hub\nvariables:\n  n: {initial: 0, max: 2}\n", HUB)
    data = playtest_report(world, RUNS, seed=4)
    # Three states of the hub (n = 0, 1, 2), two of them silent; seven choices offered, one answered.
    assert data["decisions"]["graph"] == {
        "points": 3,
        "silent": 2,
        "silent_share": round(2 / 3, 4),
        "silent_scenes": {"hub": 2},
    }
    assert data["answers"]["graph"] == {"offered": 7, "answered": 1, "answered_share": round(1 / 7, 4)}
    # A run meets n = 0 and n = 1 once each, and n = 2 until it leaves: each time a decision point.
    at_max = data["choices_taken"]["hub.wait"] + data["choices_taken"]["hub.sit"] + RUNS - 2 * RUNS
    assert data["decisions"]["points"] == 2 * RUNS + at_max
    assert data["decisions"]["silent"] == 2 * RUNS
    assert data["answers"]["answered"] == at_max


REPLY = """\
a:
  title: A
  text: A.
  choices:
    # The reply is read after do: (n is 1) and before after: (n becomes 6): "One.", as plain's.
    - {id: count, text: Count, to: b, do: n += 1, reply: "{if n == 1: One.|Other.}", after: n += 5}
    - {id: plain, text: Plain, to: b, reply: One.}
b:
  title: B
  text: B.
  ending: {title: B}
"""


def test_the_state_graph_reads_a_reply_between_do_and_after_as_a_run_does(tmp_path: Path) -> None:
    world = write_world(tmp_path, "id: re\ntitle: Re\nstart: a\nvariables:\n  n: {initial: 0, max: 9}\n", REPLY)
    data = playtest_report(world, 10, seed=1)
    assert data["decisions"]["silent"] == data["decisions"]["points"] == 10
    assert data["decisions"]["graph"] == {"points": 1, "silent": 1, "silent_share": 1.0, "silent_scenes": {"a": 1}}


def test_no_state_graph_figures_where_the_exploration_stops(tmp_path: Path) -> None:
    world = write_world(tmp_path, "id: hub\ntitle: Hub\nstart: hub\nvariables:\n  n: {initial: 0, max: 2}\n", HUB)
    data = playtest_report(world, 5, seed=4, max_states=2)
    assert data["exhaustive"]["complete"] is False
    assert data["decisions"]["graph"] is None and data["answers"]["graph"] is None
    text = render_text(data)
    assert "over every reachable state" not in text
    assert "the figures above come from the random runs alone, none from the state graph" in text
    skipped = playtest_report(world, 5, seed=4, max_states=0)
    assert skipped["decisions"]["graph"] is None and skipped["exhaustive"] is None


def test_the_page_shows_the_state_graph_figures_beside_the_random_ones(tmp_path: Path) -> None:
    world = write_world(tmp_path, "id: fork\ntitle: Fork\nstart: a\n", FORK)
    data = playtest_report(world, RUNS, seed=2, max_steps=1)
    table = render_html(data, world).split("<h2>Decision points</h2>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>([^<]*)</td>(.*?)</tr>", table)
    cells = {over: re.findall(r">([^<]*)</td>", rest) for over, rest in rows}
    assert cells == {
        "the random runs": ["40", "0", "0.0%", "80", "80", "100.0%"],
        "every reachable state": ["2", "1", "50.0%", "4", "2", "50.0%"],
    }
    alone = render_html(playtest_report(world, 3, max_states=0), world)
    assert "every reachable state" not in alone and "<td>the random runs</td>" in alone
