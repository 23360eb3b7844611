"""Replaying a run: the one loop that plays recorded steps, and a cursor to walk them one by one.

A run's state is a pure function of world, seed and choices, so every place that needs a story
from a run (loading a save, undo, hot reload, golden runs, `io-game replay`, the UI's replay
screen, witness runs) calls replay() here. On a world that changed since the run was recorded,
replay stops at the last step that still plays and says which step broke and why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from msgspec import Struct

from game.engine.rules import ChoiceUnavailable
from game.engine.run import Run, Step
from game.engine.story import Story
from game.engine.transcript import WIDTH, chosen_line, header, scene_block, status_line, wrap
from game.support.textsafe import clean
from game.support.values import source_value
from game.world.expr import Value
from game.world.model import Choice, World


class ReplayDivergence(Exception):
    """A run that no longer plays on this world: which step, and why."""

    def __init__(self, index: int, step: Step, reason: str) -> None:
        self.index = index  # 1-based step number
        self.step = step
        self.reason = reason
        super().__init__(f"step {index} (scene '{step.scene}', choice '{step.choice}'): {reason}")


def advance(story: Story, index: int, step: Step) -> Choice:
    """Take recorded step `index` (1-based) on a story. Raises ReplayDivergence, changing nothing."""
    if step.scene != story.scene_id:
        raise ReplayDivergence(index, step, f"the story is in scene '{story.scene_id}', not '{step.scene}'")
    try:
        return story.choose(step.choice)
    except ChoiceUnavailable as exc:
        raise ReplayDivergence(index, step, str(exc)) from None


StepWatcher = Callable[[Story, int, Step], Callable[[Choice], None]]


def replay(
    world: World, run: Run, *, upto: int | None = None, watch: StepWatcher | None = None
) -> tuple[Story, ReplayDivergence | None]:
    """Play a run's steps (the first `upto` of them) on a world, as far as they go.

    Returns the story and None, or the story before the step that broke and why. `watch`, if given,
    is called before each step and returns what to call with the choice once it is taken (the
    cursor records what each step changed this way). Raises ValueError when the run cannot even
    start (an unknown start scene or variable).
    """
    story = Story(world, run.seed, start=run.start, overrides=run.overrides)
    steps = run.steps if upto is None else run.steps[: max(0, upto)]
    for index, step in enumerate(steps, 1):
        done = watch(story, index, step) if watch is not None else None
        try:
            choice = advance(story, index, step)
        except ReplayDivergence as exc:
            return story, exc
        if done is not None:
            done(choice)
    return story, None


def journal(world: World, run: Run) -> list[tuple[str, str, str | None]]:
    """The run as the player read it: (scene title, narration, choice taken or None) per scene. A
    choice's reply opens the next scene's narration, where the player read it."""
    entries: list[tuple[str, str, str | None]] = []
    reply = [""]  # the reply of the choice just taken, until the next scene's text is read

    def read(story: Story) -> str:
        return "\n\n".join(part for part in (reply[0], story.narration()) if part)

    def watch(story: Story, index: int, step: Step) -> Callable[[Choice], None]:
        title, narration = story.scene.title, read(story)

        def taken(choice: Choice) -> None:
            entries.append((title, narration, story.chosen_text))
            reply[0] = story.reply_text()

        return taken

    story, _ = replay(world, run, watch=watch)
    entries.append((story.scene.title, read(story), None))
    return entries


def replay_exactly(world: World, run: Run) -> Story:
    """replay() for a run that must play whole. Raises ReplayDivergence (or ValueError)."""
    story, divergence = replay(world, run)
    if divergence is not None:
        raise divergence
    return story


class Change(Struct, frozen=True):
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
        lines = [
            f"{clean(name)}: {source_value(before)} -> {source_value(after)}"
            for name, (before, after) in self.variables.items()
        ]
        lines += [f"visits to {clean(scene)}: {before} -> {after}" for scene, (before, after) in self.visits.items()]
        return lines


def _diff(before: dict[str, Any], after: dict[str, Any], default: Any) -> dict[str, tuple[Any, Any]]:
    return {key: (before.get(key, default), value) for key, value in after.items() if before.get(key, default) != value}


def _watcher(changes: list[Change]) -> StepWatcher:
    """Record what each replayed step changed into `changes`."""

    def before(story: Story, index: int, step: Step) -> Callable[[Choice], None]:
        offered = story.choices()
        variables = dict(story.variables)
        visits = dict(story.visits)

        def after(choice: Choice) -> None:
            number = next((n for n, c in enumerate(offered, 1) if c.id == choice.id), 0)
            changes.append(
                Change(
                    index=index,
                    step=step,
                    number=number,
                    choice_text=story.chosen_text,
                    scene_before=step.scene,
                    scene_after=story.scene_id,
                    variables=_diff(variables, story.variables, None),
                    visits=_diff(visits, story.visits, 0),
                )
            )

        return after

    return before


class ReplayCursor:
    """A position in a run, from 0 (before the first choice) to len(cursor) (after the last that plays).

    On a world that changed since the run was recorded, the run stops at the last step that still
    plays and `divergence` says which step broke and why.
    """

    def __init__(self, world: World, run: Run) -> None:
        self.world = world
        self.run = run
        self.changes: list[Change] = []
        # One replay learns what every step changes (ValueError if the run cannot start).
        _, self.divergence = replay(world, run, watch=_watcher(self.changes))
        self._story, _ = replay(world, run, upto=0)
        self._position = 0

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
            self._story, _ = replay(self.world, self.run, upto=0)
            self._position = 0
        while self._position < position:
            advance(self._story, self._position + 1, self.run.steps[self._position])
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
        """A new Story from this position (or another), to play on from there."""
        upto = self._position if position is None else max(0, min(position, len(self.changes)))
        return replay(self.world, self.run, upto=upto)[0]


# --- renderings -------------------------------------------------------------------------------------


def transcript_lines(world: World, run: Run, upto: int | None = None, width: int = WIDTH) -> Iterator[str]:
    """The run as `io-game play --choices` prints it: header, each scene and the choice taken.

    Stops at `upto` steps, or where the run diverges (the caller asks the cursor for the reason).
    """
    yield from cursor_transcript(ReplayCursor(world, run), upto, width)


def cursor_transcript(cursor: ReplayCursor, upto: int | None, width: int) -> Iterator[str]:
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
    cursor = ReplayCursor(world, run)
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
        if world.status and story.ending is None:
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
