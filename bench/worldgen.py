"""Generated worlds for benchmarks: any number of scenes, written as ordinary world folders.

Each scene has a few choices with the kinds of conditions and effects real worlds use (number
comparisons, flags, visits(), chance(), once-only choices), and every scene can always be left, so
a random walk can go on for as long as a benchmark needs.
"""

from __future__ import annotations

import random
from collections.abc import Container
from pathlib import Path

from game.engine import Run, Story
from game.engine.rules import rules_for
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


def describe(world: World, folder: Path) -> str:
    """What a benchmark's world holds, printed beside its figures so a reader sees what was measured."""
    scenes = world.scenes.values()
    files = len(list((folder / "scenes").glob("*.yaml")))
    variants = sum(1 for scene in scenes if scene.variants or scene.blocks)
    conditions = sum((choice.condition is not None) for scene in scenes for choice in scene.choices) + sum(
        len(scene.variants) for scene in scenes
    )
    inline = sum(1 for scene in scenes if scene.body is not None and scene.body.static is None)
    counted = sum(bool(rules_for(world).counted[scene.id]) for scene in scenes)
    return (
        f"{len(world.scenes):,} scenes in {files} files: {variants:,} with variants, {conditions:,} conditions "
        f"(choices and variants), {inline:,} with inline text, {counted:,} with alternatives"
    )


def random_run(world: World, steps: int, seed: int = 7, within: Container[str] | None = None) -> Run:
    """A run of `steps` choices, each picked at random among those offered (never an ending); with
    `within`, among those that lead to one of those scenes when any does."""
    rng = random.Random(seed)
    story = Story(world, seed)
    for _ in range(steps):
        offered = [c for c in story.choices() if world.scenes[c.target].ending is None]
        if within is not None:
            offered = [c for c in offered if c.target in within] or offered
        story.choose(rng.choice(offered).id)
    return story.run


def write_realistic(
    folder: Path, scenes: int = 1_000, seed: int = 1, per_file: int = 100, inline: int = 5, alternatives: int = 10
) -> Path:
    """A world shaped like a written one, for the `check` and replay benchmarks: chapters of
    `per_file` scenes in files of their own, each scene with narration, one in `inline` with inline
    text too (a condition and a variable; IO has it in 14 scenes of 91) and one in `alternatives`
    with a sequence, a cycle and a shuffle besides (whose counts a replay keeps by rendering the
    scene as it is entered; IO has none, a world written like Ink's samples has them often),
    variants under conditions, and three to
    five choices with conditions (numbers, flags, text, visits(), chance()), effects and once-only
    picks. Rooms lead on to the next one (the last is the ending); the last room of each chapter
    also leads back to the chapter's first, and every thousandth room has a door to an ending of its
    own.

    Every scene can be left by a choice without a condition, and every room but the endings can be
    left for another room, so the world has no dead end and a random walk (random_run) goes on for
    as long as a benchmark needs.
    """
    rng = random.Random(seed)
    (folder / "scenes").mkdir(parents=True, exist_ok=True)
    (folder / "world.yaml").write_text(
        "id: realistic\n"
        "title: A realistic generated world\n"
        "version: 1.0.0\n"
        "start: s0\n"
        "variables:\n"
        "  air:   {initial: 50, min: 0, max: 100, label: Air}\n"
        "  hope:  {initial: 5, min: 0, max: 10, label: Hope}\n"
        "  trust: {initial: 2, min: 0, max: 6, label: Trust}\n"
        "  lamp:  {initial: false, label: Lamp}\n"
        '  mood:  {initial: "calm"}\n'
        "status: [air, hope, trust]\n"
    )
    words = [
        "dust",
        "wind",
        "lamp",
        "water",
        "metal",
        "glass",
        "frost",
        "signal",
        "hatch",
        "corridor",
        "antenna",
        "sulphur",
        "ridge",
    ]
    for first in range(0, scenes, per_file):
        last = min(first + per_file, scenes)
        lines: list[str] = []
        for index in range(first, last):
            nxt = index + 1 if index + 1 < scenes else None
            side = min(last - 1, index + rng.randrange(2, 6))
            back = rng.randrange(first, index + 1)
            text = " ".join(rng.choice(words) for _ in range(24))
            lines += [
                f"s{index}:",
                f"  title: Room {index}",
                "  text: |",
                f"    The room numbered {index} smells of {rng.choice(words)}. {text.capitalize()}.",
                f"    Somewhere beyond it, {rng.choice(words)} and {rng.choice(words)}.",
            ]
            if index % inline == 0:
                lines += [
                    f"    {{if lamp: The lamp shows {rng.choice(words)} on the walls.|It is too dark to see much.}}"
                    " Air: {air}.",
                ]
            if index % alternatives == 0:
                lines += [
                    "    {The pumps cough.|The pumps cough again.|The pumps run.} {&Tick.|Tock.}"
                    f" {{~The {rng.choice(words)} rattles.|A draught.|Nothing stirs.}}",
                ]
            lines += [
                "  variants:",
                f'    - if: visits("s{index}") > 1',
                f"      text: You have been in room {index} before; the marks you left are still there.",
                f"    - if: hope < {rng.randrange(2, 5)} and not lamp",
                f"      text: It is dark in room {index}, and hard to go on.",
                "      replace: true",
            ]
            if nxt is None:
                lines += ["  ending: {title: The last room, kind: good}"]
                continue
            lines += [
                "  choices:",
                "    - id: onward",
                f"      text: Go on to room {nxt}",
                f"      to: s{nxt}",
                "      do: air -= 1",
                "    - id: search",
                "      text: Search the shelves",
                f"      to: s{side}",
                f"      if: air > {rng.randrange(10, 40)} and trust >= {rng.randrange(0, 3)}",
                f'      do: [hope += 1, trust += 1, mood = "{rng.choice(["calm", "afraid", "angry"])}"]',
                "    - id: light",
                "      text: Light the lamp",
                f"      to: s{index}",
                "      if: not lamp",
                "      once: true",
                "      do: [lamp = true, air -= 2]",
                "    - id: listen",
                "      text: Listen at the wall",
                f"      to: s{back}",
                f'      if: mood == "calm" and (visited("s{back}") or chance(30))',
                "      do: hope -= 1",
            ]
            if index in (last - 1, scenes - 2) and index > first:
                lines += [
                    "    - id: back",
                    f"      text: Go back to room {first}",
                    f"      to: s{first}",
                ]
            if index % 1000 == 500:
                lines += [
                    "    - id: door",
                    "      text: Open the door marked EXIT",
                    f"      to: exit{index}",
                    "      if: hope > 7",
                    f"exit{index}:",
                    f"  title: Exit {index}",
                    f"  text: Daylight at last, after room {index}.",
                    "  ending: {title: " + f"Out at {index}" + ", kind: leave}",
                ]
        (folder / "scenes" / f"chapter{first // per_file:04d}.yaml").write_text("\n".join(lines) + "\n")
    return folder


def write_planted(folder: Path, rooms: int = 24, bugs: bool = True) -> Path:
    """The acceptance world of issue 15's exploration: a corridor of `rooms` rooms, each with a
    once-only search (coins += 1), a way to look around a few times (visits read in the room) and a way
    on. Naive exploration keeps every once-only record and visit count: 2**rooms combinations and more
    (over 200,000 states past 18 rooms); what a later condition reads is only the coins.

    bugs=True plants one of each: a dead end (the cellar, reached with no coins), a condition that can
    never hold (fly: coins > 50, with at most `rooms` coins), a variable never set (rope), an orphan
    scene (the attic) and a trap loop (the maze). bugs=False writes the same world without them.
    """
    (folder / "scenes").mkdir(parents=True, exist_ok=True)
    variables = "  coins: {initial: 0, min: 0, max: 100, label: Coins}\n"
    if bugs:
        variables += "  rope: {initial: false, label: Rope}\n"
    (folder / "world.yaml").write_text(
        f"id: planted\ntitle: Planted bugs\nversion: 1.0.0\nstart: r0\nvariables:\n{variables}status: [coins]\n"
    )
    lines: list[str] = []
    for index in range(rooms):
        nxt = f"r{index + 1}" if index + 1 < rooms else "gate"
        lines += [
            f"r{index}:",
            f"  title: Room {index}",
            f"  text: Room number {index} of the corridor, dusty and quiet.",
            "  variants:",
            f'    - if: visits("r{index}") > 2',
            f"      text: You know room {index} by heart now.",
            "  choices:",
            "    - id: search",
            f"      text: Search room {index}",
            f"      to: r{index}",
            "      once: true",
            "      do: coins += 1",
            "    - id: look",
            "      text: Look around",
            f"      to: r{index}",
            f'      if: visits("r{index}") < 3',
            "    - id: walk",
            "      text: Walk on",
            f"      to: {nxt}",
        ]
        if bugs and index == 3:
            lines += ["    - id: down", "      text: Climb down to the cellar", "      to: cellar"]
        if bugs and index == 7:
            lines += ["    - id: fly", "      text: Fly over", f"      to: {nxt}", "      if: coins > 50"]
        if bugs and index == 9:
            lines += ["    - id: tie", "      text: Tie the rope", f"      to: {nxt}", "      if: not rope"]
        if bugs and index == 11:
            lines += ["    - id: maze", "      text: Enter the maze", "      to: maze"]
    lines += [
        "gate:",
        "  title: The gate",
        "  text: A gate, and a coin slot beside it.",
        "  choices:",
        "    - id: pay",
        "      text: Pay two coins",
        "      to: garden",
        "      if: coins >= 2",
        "    - id: leave",
        "      text: Turn away",
        "      to: road",
        "garden:",
        "  title: The garden",
        "  text: Beyond the gate, a garden in the sun.",
        "  ending: {title: The garden, kind: good}",
        "road:",
        "  title: The road",
        "  text: You walk back the way you came, poorer.",
        "  ending: {title: The road, kind: leave}",
    ]
    if bugs:
        lines += [
            "cellar:",
            "  title: The cellar",
            "  text: A cellar whose ladder takes a coin to lower.",
            "  choices:",
            "    - id: up",
            "      text: Pay a coin for the ladder",
            "      to: r4",
            "      if: coins > 0",
            "attic:",
            "  title: The attic",
            "  text: An attic no stair leads to.",
            "  choices:",
            "    - id: down",
            "      text: Go down",
            "      to: r0",
            "maze:",
            "  title: The maze",
            "  text: Hedges, left and right.",
            "  choices:",
            "    - id: left",
            "      text: Left",
            "      to: maze2",
            "maze2:",
            "  title: The maze, again",
            "  text: More hedges, and a path back.",
            "  choices:",
            "    - id: back",
            "      text: Back",
            "      to: maze",
        ]
    (folder / "scenes" / "corridor.yaml").write_text("\n".join(lines) + "\n")
    return folder
