"""Golden runs: a recorded run and what it must give (ending, final variables, transcript).

tests/runs/*.json hold them; the same format serves the witness and stuck runs playtest writes.
`io-game replay --check RUN...` replays them; `--bless` accepts what they give now. Format in
docs/saves.md.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

from msgspec import Struct

from game.engine.replay import ReplayCursor, ReplayDivergence, cursor_transcript
from game.engine.run import Run, RunError
from game.engine.transcript import WIDTH
from game.saves.format import MAX_BYTES
from game.support.atomic import atomic_write
from game.support.files import read_regular
from game.support.readable_json import render
from game.support.textsafe import clean
from game.support.values import source_value
from game.world.expr import Value
from game.world.model import World

GOLDEN_KIND = "io-game golden run"
GOLDEN_FORMAT = 1


class GoldenError(Exception):
    """A golden run file that cannot be used: one line naming the file and what to do."""


class Golden(Struct, frozen=True):
    path: Path
    data: dict[str, Any]
    run: Run
    world_id: str
    world_hint: str | None  # the world folder, relative to the run file (authoring data, not a save)


class Outcome(Struct, frozen=True):
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
    cursor = ReplayCursor(world, run)
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


def is_golden_file(path: Path) -> bool:
    """Whether a file is a golden run (or a witness or stuck run playtest wrote), not a save."""
    try:
        data = json.loads(read_regular(path, MAX_BYTES)[: MAX_BYTES + 1])
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and data.get("kind") == GOLDEN_KIND


def read_golden(path: Path) -> Golden:
    where = f"golden run {clean(str(path))}"
    try:
        raw = read_regular(path, MAX_BYTES)
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldenError(f"{where} cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    if len(raw) > MAX_BYTES:
        raise GoldenError(f"{where} is over {MAX_BYTES // 2**20} MB: too large to be a run file")
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
                    f"variable {clean(name)} is {source_value(result.variables.get(name))}, "
                    f"expected {source_value(expected_vars.get(name))}"
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
