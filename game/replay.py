"""Walking a recorded run step by step: `io-game replay` and the UI's Replay screen both use this.

A ReplayCursor replays the run once to learn what changed at every step (variables before and
after, visits), then moves a live Story forwards one choice at a time; going back rebuilds the
Story from the run (a run's state is a pure function of world, seed and choices, so that is exact).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from game.engine.run import Run, Step
from game.engine.story import ChoiceUnavailable, ReplayDivergence, Story
from game.engine.transcript import WIDTH, chosen_line, header, scene_block, status_line, wrap
from game.textsafe import clean
from game.world.expr import Value
from game.world.model import World


@dataclass(frozen=True)
class Change:
    """What one step did: the choice taken and what it changed."""

    index: int  # 1-based step number
    step: Step
    number: int  # the choice's position among those offered then (1-based), as the player saw it
    choice_text: str
    scene_before: str
    scene_after: str
    variables: dict[str, tuple[Value, Value]]  # only those that changed: name -> (before, after)
    visits: dict[str, tuple[int, int]]  # only those that changed: scene -> (before, after)

    def describe(self) -> list[str]:
        """Short lines for a person: `hope 5 -> 6`, `visits to bees 0 -> 1`."""
        lines = [f"{clean(name)}: {show(before)} -> {show(after)}" for name, (before, after) in self.variables.items()]
        lines += [f"visits to {clean(scene)}: {before} -> {after}" for scene, (before, after) in self.visits.items()]
        return lines


def show(value: Value | None) -> str:
    """A value as the world's files write it: true/false, numbers, "text"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _diff(before: dict[str, Any], after: dict[str, Any], default: Any) -> dict[str, tuple[Any, Any]]:
    return {key: (before.get(key, default), value) for key, value in after.items() if before.get(key, default) != value}


def _play(story: Story, index: int, step: Step) -> Change:
    """Take one recorded step on a story and say what it changed. Raises ReplayDivergence."""
    if step.scene != story.state:
        raise ReplayDivergence(index, step, f"the story is in scene '{story.state}', not '{step.scene}'")
    offered = story.choices()
    variables = dict(story.variables)
    visits = dict(story.visits)
    try:
        choice = story.choose(step.choice)
    except ChoiceUnavailable as exc:
        raise ReplayDivergence(index, step, str(exc)) from None
    number = next((n for n, c in enumerate(offered, 1) if c.id == choice.id), 0)
    return Change(
        index=index,
        step=step,
        number=number,
        choice_text=choice.text,
        scene_before=step.scene,
        scene_after=story.state,
        variables=_diff(variables, story.variables, None),
        visits=_diff(visits, story.visits, 0),
    )


class ReplayCursor:
    """A position in a run, from 0 (before the first choice) to len(cursor) (after the last that plays).

    On a world that changed since the run was recorded, the run stops at the last step that still
    plays and `divergence` says which step broke and why.
    """

    def __init__(self, world: World, run: Run) -> None:
        self.world = world
        self.run = run
        self.changes: list[Change] = []
        self.divergence: ReplayDivergence | None = None
        scout = Story(world, run.seed, start=run.start, overrides=run.overrides)  # ValueError if it cannot start
        with scout:
            for index, step in enumerate(run.steps, 1):
                try:
                    self.changes.append(_play(scout, index, step))
                except ReplayDivergence as exc:
                    self.divergence = exc
                    break
        self._story = self._fresh()
        self._position = 0

    def _fresh(self) -> Story:
        return Story(self.world, self.run.seed, start=self.run.start, overrides=self.run.overrides)

    # --- where we are -----------------------------------------------------------------------

    def __len__(self) -> int:
        """How many steps play (all of them unless the run diverged)."""
        return len(self.changes)

    @property
    def position(self) -> int:
        return self._position

    @property
    def story(self) -> Story:
        """The story at this position. The cursor owns it: read it, do not choose on it (fork instead)."""
        return self._story

    @property
    def at_start(self) -> bool:
        return self._position == 0

    @property
    def at_end(self) -> bool:
        return self._position == len(self.changes)

    @property
    def change(self) -> Change | None:
        """What the step that led here changed (None at the start)."""
        return self.changes[self._position - 1] if self._position else None

    @property
    def next_change(self) -> Change | None:
        """The step that will be taken from here (None at the end)."""
        return self.changes[self._position] if self._position < len(self.changes) else None

    # --- moving -----------------------------------------------------------------------------

    def go(self, position: int) -> Story:
        """Move to a step (clamped to 0..len) and return the story there."""
        position = max(0, min(position, len(self.changes)))
        if position < self._position:
            self._story.close()
            self._story = self._fresh()
            self._position = 0
        while self._position < position:
            step = self.run.steps[self._position]
            self._story.replay_step(self._position + 1, step)
            self._position += 1
        return self._story

    def next(self) -> Change | None:
        """Take the next step; returns what it changed, or None at the end."""
        if self.at_end:
            return None
        self.go(self._position + 1)
        return self.change

    def previous(self) -> Change | None:
        """Go back one step; returns the change now shown, or None at the start."""
        if not self.at_start:
            self.go(self._position - 1)
        return self.change

    def fork(self, position: int | None = None) -> Story:
        """A new Story from this position (or another), to play on from there. The caller closes it."""
        upto = self._position if position is None else max(0, min(position, len(self.changes)))
        return Story.from_run(self.world, self.run, upto=upto)

    def close(self) -> None:
        self._story.close()

    def __enter__(self) -> ReplayCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- renderings -------------------------------------------------------------------------------------


def transcript_lines(world: World, run: Run, upto: int | None = None, width: int = WIDTH) -> Iterator[str]:
    """The run as `io-game play --choices` prints it: header, each scene and the choice taken.

    Stops at `upto` steps, or where the run diverges (the caller asks the cursor for the reason).
    """
    with ReplayCursor(world, run) as cursor:
        yield from _transcript(cursor, upto, width)


def _transcript(cursor: ReplayCursor, upto: int | None, width: int) -> Iterator[str]:
    last = len(cursor) if upto is None else max(0, min(upto, len(cursor)))
    story = cursor.go(0)
    yield header(story) + "\n\n"
    while cursor.position < last:
        yield scene_block(story, width) + "\n"
        change = cursor.next()
        assert change is not None
        yield chosen_line(change.number, change.choice_text) + "\n\n"
    yield scene_block(story, width) + "\n"


def transcript(world: World, run: Run, upto: int | None = None) -> str:
    return "".join(transcript_lines(world, run, upto))


def step_record(cursor: ReplayCursor) -> dict[str, Any]:
    """One JSON object for the step that led to the cursor's position (`replay --json`)."""
    change = cursor.change
    story = cursor.story
    assert change is not None
    return {
        "step": change.index,
        "scene": change.scene_before,
        "choice": change.step.choice,
        "choice_text": change.choice_text,
        "to": change.scene_after,
        "changed": {name: [before, after] for name, (before, after) in change.variables.items()},
        "visits": {scene: [before, after] for scene, (before, after) in change.visits.items()},
        "variables": dict(story.variables),
        "ending": story.ending.title if story.ending is not None else None,
    }


def _md(text: str) -> str:
    """World text as Markdown text: characters Markdown would read as markup are escaped."""
    out = clean(text)
    for char in "\\`*_[]<#|":
        out = out.replace(char, "\\" + char)
    return out


def markdown(world: World, run: Run, upto: int | None = None) -> str:
    """The run as a Markdown document (`replay --export md FILE`)."""
    with ReplayCursor(world, run) as cursor:
        last = len(cursor) if upto is None else max(0, min(upto, len(cursor)))
        story = cursor.go(0)
        lines = [
            f"# {_md(world.title)}",
            "",
            f"World `{clean(world.id)}` {_md(world.version)}, seed {run.seed}, {last} step(s).",
            "",
        ]

        def scene() -> None:
            lines.extend([f"## {_md(story.scene.title)}", ""])
            for paragraph in wrap(story.narration(), 10_000).split("\n\n"):
                lines.extend([_md(paragraph), ""])
            if world.status:
                lines.extend([f"*{_md(status_line(story))}*", ""])

        while cursor.position < last:
            scene()
            change = cursor.next()
            assert change is not None
            lines.append(f"> **{change.number}. {_md(change.choice_text)}**")
            for item in change.describe():
                lines.append(f"> - {_md(item)}")
            lines.append("")
        scene()
        if story.ending is not None:
            lines.extend([f"**The end: {_md(story.ending.title)}**", ""])
        if cursor.divergence is not None and last == len(cursor):
            lines.extend([f"*The run stops here: {_md(str(cursor.divergence))}*", ""])
        return "\n".join(lines)
