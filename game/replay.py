"""Walking a recorded run step by step: `io-game replay` and the UI's Replay screen both use this.

A ReplayCursor replays the run once to learn what changed at every step (variables before and
after, visits), then moves a live Story forwards one choice at a time; going back rebuilds the
Story from the run (a run's state is a pure function of world, seed and choices, so that is exact).
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine.run import Run, RunError, Step
from game.engine.story import ChoiceUnavailable, ReplayDivergence, Story
from game.engine.transcript import WIDTH, chosen_line, header, scene_block, status_line, wrap
from game.saves import render
from game.support.atomic import atomic_write
from game.support.textsafe import clean
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
        yield from cursor_transcript(cursor, upto, width)


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


# --- golden runs ------------------------------------------------------------------------------------
#
# tests/runs/*.json: a recorded run and what it must give (ending, final variables, transcript).
# `io-game replay --check RUN...` replays them; `--bless` accepts what they give now. Format in
# docs/saves.md.

GOLDEN_KIND = "io-game golden run"
GOLDEN_FORMAT = 1


class GoldenError(Exception):
    """A golden run file that cannot be used: one line naming the file and what to do."""


@dataclass(frozen=True)
class Golden:
    path: Path
    data: dict[str, Any]
    run: Run
    world_id: str
    world_hint: str | None  # the world folder, relative to the run file (authoring data, not a save)


@dataclass(frozen=True)
class Outcome:
    """What a run gives on a world now."""

    scene: str
    ending: str | None
    variables: dict[str, Value]
    transcript: list[str]
    divergence: ReplayDivergence | None

    def expectation(self) -> dict[str, Any]:
        return {
            "scene": self.scene,
            "ending": self.ending,
            "variables": self.variables,
            "transcript": self.transcript,
        }


def outcome(world: World, run: Run) -> Outcome:
    with ReplayCursor(world, run) as cursor:
        lines = "".join(cursor_transcript(cursor, None, WIDTH)).splitlines()
        story = cursor.story
        return Outcome(
            scene=story.state,
            ending=story.ending.title if story.ending is not None else None,
            variables=dict(story.variables),
            transcript=lines,
            divergence=cursor.divergence,
        )


def golden_data(world: World, run: Run, out: Path, description: str = "") -> dict[str, Any]:
    """A golden run file's content for a run, expecting what it gives now."""
    result = outcome(world, run)
    if result.divergence is not None:
        raise GoldenError(f"the run does not play on this world: {result.divergence}")
    hint = os.path.relpath(world.path.resolve(), out.resolve().parent)
    data: dict[str, Any] = {"kind": GOLDEN_KIND, "format": GOLDEN_FORMAT, "description": description}
    data["world"] = {"id": world.id, "path": Path(hint).as_posix()}
    data.update({key: value for key, value in run.as_dict().items() if key not in ("world_id", "world_hash")})
    data["expect"] = result.expectation()
    return data


def render_golden(data: dict[str, Any]) -> str:
    """JSON with one step and one transcript line per line, so a change reads well in a diff."""
    return render(data, nested=("expect",))


def read_golden(path: Path) -> Golden:
    where = f"golden run {clean(str(path))}"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldenError(f"{where} cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GoldenError(f"{where} is not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits, nesting too deep
        raise GoldenError(f"{where} cannot be read: {clean(str(exc))[:120]}") from None
    if not isinstance(data, dict) or data.get("kind") != GOLDEN_KIND:
        raise GoldenError(f"{where} is not a golden run (record one with `io-game replay --record`)")
    if data.get("format") != GOLDEN_FORMAT:
        raise GoldenError(f"{where} has golden run format {data.get('format')!r}; this io-game reads {GOLDEN_FORMAT}")
    world = data.get("world")
    expect = data.get("expect")
    if not isinstance(world, dict) or not isinstance(world.get("id"), str):
        raise GoldenError(f"{where}: 'world' must be an object with the world's 'id'")
    hint = world.get("path")
    if hint is not None and not isinstance(hint, str):
        raise GoldenError(f"{where}: 'world.path' must be a folder path relative to the run file")
    if not isinstance(expect, dict):
        raise GoldenError(f"{where}: 'expect' must be an object (bless the run to fill it in)")
    try:
        run = Run.from_dict({**data, "world_id": world["id"], "world_hash": ""})
    except RunError as exc:
        raise GoldenError(f"{where}: {exc}") from None
    return Golden(path, data, run, world["id"], hint)


def _diff_lines(expected: list[str], actual: list[str], limit: int = 60) -> list[str]:
    lines = list(difflib.unified_diff(expected, actual, "expected", "now", lineterm="", n=2))
    if len(lines) > limit:
        lines = [*lines[:limit], f"... ({len(lines) - limit} more diff lines)"]
    return lines


def check_golden(golden: Golden, world: World) -> list[str]:
    """What is wrong with a golden run on this world now: empty when it passes."""
    if golden.world_id != world.id:
        return [f"the run is of the world '{clean(golden.world_id)}', not '{clean(world.id)}'"]
    try:
        result = outcome(world, golden.run)
    except ValueError as exc:
        return [f"the run cannot start: {clean(str(exc))}"]
    expect = golden.data["expect"]
    problems: list[str] = []
    if result.divergence is not None:
        problems.append(f"diverges at {clean(str(result.divergence))}")
    if result.scene != expect.get("scene") or result.ending != expect.get("ending"):
        now = f"'{result.scene}'" + (f" (ending: {result.ending})" if result.ending else "")
        was = f"'{expect.get('scene')}'" + (f" (ending: {expect.get('ending')})" if expect.get("ending") else "")
        problems.append(f"ends in scene {clean(now)}, expected {clean(was)}")
    expected_vars = expect.get("variables")
    if expected_vars != result.variables:
        expected_vars = expected_vars if isinstance(expected_vars, dict) else {}
        for name in sorted(set(expected_vars) | set(result.variables)):
            if expected_vars.get(name) != result.variables.get(name):
                problems.append(
                    f"variable {clean(name)} is {show(result.variables.get(name))}, "
                    f"expected {show(expected_vars.get(name))}"
                )
    expected_lines = expect.get("transcript")
    if expected_lines != result.transcript:
        problems.append("the transcript reads differently:")
        old = [line for line in expected_lines if isinstance(line, str)] if isinstance(expected_lines, list) else []
        problems.extend(clean(line) for line in _diff_lines(old, result.transcript))
    return problems


def bless_golden(golden: Golden, world: World) -> bool:
    """Accept what the run gives now. False (nothing written) when the run no longer plays."""
    try:
        result = outcome(world, golden.run)
    except ValueError:  # the run cannot even start (an unknown start scene or variable)
        return False
    if result.divergence is not None:
        return False
    data = dict(golden.data)
    data["expect"] = result.expectation()
    atomic_write(golden.path, render_golden(data).encode("utf-8"))
    return True
