"""Generated worlds for benchmarks: any number of scenes, written as ordinary world folders.

Each scene has a few choices with the kinds of conditions and effects real worlds use (number
comparisons, flags, visits(), chance(), once-only choices), and every scene can always be left, so
a random walk can go on for as long as a benchmark needs.
"""

from __future__ import annotations

import random
from pathlib import Path

from game.engine import Run, Story
from game.world.model import World


def write_world(folder: Path, scenes: int = 200, seed: int = 1) -> Path:
    """Write a world of `scenes` scenes (plus one ending) into folder; returns folder."""
    rng = random.Random(seed)
    (folder / "scenes").mkdir(parents=True, exist_ok=True)
    (folder / "world.yaml").write_text(
        "id: generated\n"
        "title: A generated world\n"
        "version: 1.0.0\n"
        "start: s0\n"
        "variables:\n"
        "  air:   {initial: 50, min: 0, max: 100, label: Air}\n"
        "  hope:  {initial: 5, min: 0, max: 10, label: Hope}\n"
        "  hours: {initial: 1000, min: 0, label: Hours}\n"
        "  met:   {initial: false}\n"
        '  note:  {initial: ""}\n'
        "status: [air, hope, hours]\n"
    )
    lines: list[str] = []
    for index in range(scenes):
        nxt, skip, back = (index + 1) % scenes, (index + 7) % scenes, rng.randrange(scenes)
        lines += [
            f"s{index}:",
            f"  title: Scene {index}",
            "  text: |",
            f"    The corridor number {index} hums; the air smells of metal.",
            "  variants:",
            f'    - if: visits("s{index}") > 1',
            "      text: You have been here before.",
            "    - if: hope < 3",
            "      text: It is hard to go on.",
            "  choices:",
            "    - id: onward",
            "      text: Go on",
            f"      to: s{nxt}",
            "      do: [hours -= 1, air -= 1]",
            "    - id: rest",
            "      text: Rest a while",
            f"      to: s{skip}",
            "      if: air < 90 and hours > 0",
            "      do: [air += 3, hope += 1]",
            "    - id: look",
            "      text: Look around",
            f"      to: s{back}",
            f'      if: not met or visits("s{back}") < 40',
            '      do: [met = true, note = "seen", hope -= 1]',
            "    - id: gamble",
            "      text: Try the old hatch",
            f"      to: s{nxt}",
            "      if: chance(50)",
            "      do: hope += 2",
            "    - id: once",
            "      text: Read the plaque",
            f"      to: s{index}",
            "      once: true",
            '      do: note = "read"',
            "    - id: leave",
            "      text: Leave for good",
            "      to: the_end",
            "      if: hours == 0 and air == 0",
        ]
    lines += [
        "the_end:",
        "  title: The end",
        "  text: It is over.",
        "  ending: {title: Gone, kind: leave}",
    ]
    (folder / "scenes" / "all.yaml").write_text("\n".join(lines) + "\n")
    return folder


def random_run(world: World, steps: int, seed: int = 7) -> Run:
    """A run of `steps` choices, each picked at random among those offered (never the ending)."""
    rng = random.Random(seed)
    story = Story(world, seed)
    for _ in range(steps):
        offered = [c for c in story.choices() if c.target != "the_end"]
        story.choose(rng.choice(offered).id)
    return story.run
