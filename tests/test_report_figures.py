"""The playtest report's figures added for issues 14, 15 and 19, each on a small world built so the
answer is known whatever the random runs pick: in how many runs a variable falls or rises."""

from __future__ import annotations

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
