"""A passage with inline text shrinks: the same ~10-scene Ink-style story in today's form and inline."""

from __future__ import annotations

from pathlib import Path

from game.world import load_world
from tests.conftest import FIXTURES

SAMPLE = FIXTURES / "ink_sample"


def lines(folder: Path) -> int:
    """Lines that hold something: what an author writes and reads."""
    return sum(1 for path in sorted(folder.rglob("*.yaml")) for line in path.read_text().splitlines() if line.strip())


def test_the_inline_port_is_at_most_60_percent_of_todays() -> None:
    today, inline = load_world(SAMPLE / "today"), load_world(SAMPLE / "inline")
    assert len(inline.scenes) >= 10
    assert sorted(e.ending.title for e in today.endings if e.ending) == sorted(
        e.ending.title for e in inline.endings if e.ending
    )
    ratio = lines(SAMPLE / "inline") / lines(SAMPLE / "today")
    assert ratio <= 0.6, f"inline is {ratio:.0%} of today's lines"
