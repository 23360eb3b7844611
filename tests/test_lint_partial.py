"""Lint on a world too big to explore exactly still warns about traps the scene graph proves: a scene
from which no way at all leads to an ending (docs/authoring.md, W111)."""

from __future__ import annotations

from pathlib import Path

from game.authoring.lint import lint
from game.world import load_world

WORLD = "id: partial\ntitle: Partial\nstart: hall\nvariables:\n  steps: {initial: 0, max: 1000}\n"
SCENES = """\
hall:
  title: Hall
  text: Two doors.
  choices:
    - {id: out, text: Go out, to: yard}
    - {id: down, text: Go down, to: well, do: [steps += 1]}
well:
  title: Well
  text: Round and round.
  choices:
    - {id: round, text: Round again, to: stairs, do: [steps += 1]}
stairs:
  title: Stairs
  text: Still round.
  choices:
    - {id: back, text: Back down, to: well, do: [steps += 1]}
yard:
  title: Yard
  text: Air.
  ending: {title: Out}
"""


def test_a_partly_explored_world_still_reports_the_traps_its_graph_proves(tmp_path: Path) -> None:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text(WORLD)
    (tmp_path / "scenes" / "main.yaml").write_text(SCENES)
    world = load_world(tmp_path)
    result = lint(world, max_states=3)
    # The exact exploration stops at 3 states; the abstraction with intervals (steps: 0..1000) then
    # proves the rest, and the traps are those the scene graph proves.
    assert result.complete and result.abstraction is not None and not result.notes
    traps = sorted(w.message for w in result.warnings if w.code == "W111")
    assert traps == [
        f"a run that reaches scene '{scene}' can never reach an ending: no way from it leads to one"
        for scene in ("stairs", "well")
    ], [str(w) for w in result.warnings]
    # Explored fully, the same traps are found from the states themselves.
    assert lint(world).complete
    assert any(w.code == "W111" for w in lint(world).warnings)
