"""The static half of text lint: a condition in text that the declared ranges alone decide (W120)."""

from __future__ import annotations

from pathlib import Path

from game.authoring.ranges import fixed_text_conditions
from game.world import load_world


def test_conditions_fixed_by_declared_ranges_are_reported_at_their_place(tmp_path: Path) -> None:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text(
        "id: w\ntitle: W\nstart: a\nvariables:\n"
        "  hope: {initial: 5, min: 0, max: 10}\n  met: {initial: false}\n  n: {initial: 0}\n"
    )
    (tmp_path / "scenes" / "a.yaml").write_text(
        "a:\n  title: A\n  text: |\n"
        "    Fine {if hope > 3: up|down}. Never {if hope > 12: x}.\n"  # line 4
        "    Always {if hope >= 0 or met: y}. Sum {if hope + 1 < 1: z}. Free {if n > 99: w}.\n"
        "  choices:\n    - id: go\n      text: Go\n      to: a\n"
        "      reply: '{if not (hope <= 10): never}'\n"  # line 10
    )
    found = sorted((d.location.line, d.location.column, d.message) for d in fixed_text_conditions(load_world(tmp_path)))
    # the condition's first character; `hope > 3` and `n > 99` (n has no max) can go either way
    assert [(line, column) for line, column, _ in found] == [(4, 44), (5, 16), (5, 46), (10, 19)]
    assert ["always" in message for _, _, message in found] == [False, True, False, False]
