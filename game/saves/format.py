"""The save file format: what a save holds, how it is written and read, and checked against the world.

A save holds what cannot be derived (the world it was played on, the seed, the choice log, times)
and a summary for listings (scene title, status, ending) that can be derived and is checked against
the replay when the save is resumed on the same world. The format is described in docs/saves.md.
A save never names a file: the world is the one the player chose, and a slot name is cleaned
before it becomes a file name, so nothing in a save can point the game outside its folder.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from msgspec import Struct

from game.engine.replay import ReplayDivergence, replay
from game.engine.run import Run, RunError, Step
from game.engine.story import Story
from game.support.digest import sha256
from game.support.files import NotRegularFile, read_regular
from game.support.textsafe import clean
from game.world.model import NUMBER_LIMIT, World

# The save format this version writes and the newest it reads. Format 1 (still read) hashed the
# canonical JSON of every field at once; format 2 hashes the steps first, so a session can keep that
# hash running and a save of a long run costs what one of a short run does (StepLog).
FORMAT = 2
KIND = "io-game save"
SUFFIX = ".json"
MAX_BYTES = 16 * 1024 * 1024  # a save of 100,000 steps is about 3 MB
MAX_SLOT = 64

StatusValue = int | bool | str


class SaveError(Exception):
    """A save that cannot be read or written. str() is one line for a player: the file and what to do."""


class SaveInfo(Struct, frozen=True):
    slot: str
    path: Path
    world_id: str
    world_title: str
    scene_title: str
    status: dict[str, StatusValue]  # status-panel label -> value, in the world's order
    ending: str | None  # the ending's title, when the run has ended
    created: datetime
    updated: datetime
    played_seconds: float
    steps: int
    error: str | None = None  # set (and the rest mostly empty) for a file that cannot be read

    @property
    def broken(self) -> bool:
        return self.error is not None


class SaveFile(Struct, frozen=True):
    info: SaveInfo
    run: Run
    world_version: str


# --- names -----------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^a-z0-9_-]+")


def is_slot(name: str) -> bool:
    try:
        return clean_slot(name) == name
    except SaveError:
        return False


def clean_slot(name: str) -> str:
    """A slot name made safe as a file name: lowercase letters, digits, '-' and '_' only.

    Anything else (separators, dots, spaces, control characters) becomes '-', so `../x` is `x`
    and `My save` is `my-save`. Raises SaveError when nothing is left.
    """
    slot = _UNSAFE.sub("-", name.strip().lower()).strip("-_")[:MAX_SLOT].strip("-_")
    if not slot:
        raise SaveError(f"the save name {clean(name)!r} has no letters or digits; use a name like 'before-the-launch'")
    return slot


# --- the file format -------------------------------------------------------------------------------


def now_utc() -> datetime:
    return datetime.now(UTC)


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def checksum(data: dict[str, Any]) -> str:
    """The checksum a save of data's format must hold.

    Format 2: sha256 over the canonical JSON of the steps, then the canonical JSON of every other
    field but the checksum. Format 1: sha256 over the canonical JSON of every field but the checksum.
    """
    if data.get("format") == 1:
        body = {key: value for key, value in data.items() if key != "checksum"}
        return "sha256:" + sha256(_canonical(body)).hexdigest()
    digest = sha256(json.dumps(data.get("steps"), separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    digest.update(_canonical({key: value for key, value in data.items() if key not in ("steps", "checksum")}))
    return "sha256:" + digest.hexdigest()


class StepLog:
    """A story's steps, each encoded once: as the file shows them and into the running checksum.

    A Story's steps only grow, so a session that autosaves after every choice encodes the new step
    and nothing else; a save then writes the header, these bytes and a copy of the running hash,
    and costs the same at step 2,000 as at step 10.
    """

    __slots__ = ("story", "count", "text", "_digest")

    def __init__(self, story: Story) -> None:
        self.story = story
        self.count = 0
        self.text = bytearray()  # the steps as the file lays them out: one a line
        self._digest = sha256(b"[")  # the canonical JSON of the steps, but its closing bracket

    def update(self) -> None:
        """Encode the steps taken since the last update."""
        self._extend(self.story.steps[self.count :])

    def _extend(self, steps: Iterable[Step]) -> None:
        for step in steps:
            pair = [step.scene, step.choice]
            if self.count:
                self.text += b",\n"
                self._digest.update(b",")
            self.text += b"  " + json.dumps(pair, ensure_ascii=False).encode("utf-8")
            self._digest.update(json.dumps(pair, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
            self.count += 1

    def checksum(self, header: dict[str, Any]) -> str:
        """checksum() of a format-2 save holding these steps and the other fields in header."""
        digest = self._digest.copy()
        digest.update(b"]")
        digest.update(_canonical(header))
        return "sha256:" + digest.hexdigest()


def summarize(story: Story) -> dict[str, Any]:
    """What a listing shows, derived from the story (and re-derived to check a save on resume)."""
    world = story.world
    status: dict[str, StatusValue] = {}
    for name in world.status:
        status[world.variables[name].label] = story.variables[name]
    ending = story.ending
    return {
        "scene": story.state,
        "scene_title": story.scene.title,
        "status": status,
        "ending": ending.title if ending is not None else None,
        "steps": len(story.steps),
    }


def _line(key: str, value: Any) -> bytes:
    return f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}".encode()


def encode(
    story: Story, played_seconds: float, created: datetime, updated: datetime, log: StepLog | None = None
) -> tuple[bytes, dict[str, Any]]:
    """A format-2 save of the story: the file's bytes, and every field but the steps.

    The steps come from `log`, the story's StepLog kept from one save to the next (a new one when
    None): only the steps taken since it was last used are encoded.
    """
    if log is None or log.story is not story:
        log = StepLog(story)
    log.update()
    world = story.world
    header: dict[str, Any] = {
        "kind": KIND,
        "format": FORMAT,
        "world": {"id": world.id, "title": world.title, "version": world.version, "hash": world.content_hash},
        "seed": story.seed,
        "start": story.start,
        "overrides": dict(story.overrides),
        "created": created.isoformat(),
        "updated": updated.isoformat(),
        "played_seconds": round(max(0.0, played_seconds), 3),
        "summary": summarize(story),
    }
    header["checksum"] = log.checksum(header)
    # Laid out as render() lays out a golden run: one field a line, the steps one a line.
    fields = list(header.items())
    head = b",\n".join(_line(key, value) for key, value in fields[:6])
    tail = b",\n".join(_line(key, value) for key, value in fields[6:])
    steps = b' "steps": [\n' + log.text + b"\n ]" if log.count else b' "steps": []'
    return b"".join((b"{\n", head, b",\n", steps, b",\n", tail, b"\n}\n")), header


def _field(data: dict[str, Any], key: str, kind: type | tuple[type, ...], what: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float, (int, float))):
        raise ValueError(f"'{key}' must be {what}")
    return value


def _time(data: dict[str, Any], key: str) -> datetime:
    text = _field(data, key, str, "a date and time")
    try:
        moment = datetime.fromisoformat(text)
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise ValueError(f"'{key}' must be a date and time") from None
    if not 1970 <= moment.year <= 9000:  # local time must still be computable when it is shown
        raise ValueError(f"'{key}' must be a date between 1970 and 9000")
    return moment


def _typed(values: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    """Values with their types, so true and 1 (equal in Python) compare different."""
    return {name: (type(value), value) for name, value in values.items()}


def _in_range(value: object) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -NUMBER_LIMIT <= value <= NUMBER_LIMIT


def decode(raw: bytes, path: Path, slot: str) -> SaveFile:
    """Parse and check a save file's bytes. Raises SaveError with one line naming the file."""
    where = f"save {clean(str(path))}"
    if not raw.strip():
        raise SaveError(f"{where} is empty (cut off while it was written?); delete it or load another save")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError(f"{where} is not a save (not UTF-8 text); delete it or load another save") from None
    try:
        data = json.loads(text)
        # A "\ud800" escape parses to a lone surrogate, which nothing can encode again (the
        # checksum, the terminal): such a file is not a save.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise SaveError(
            f"{where} is not a save (it holds an unpaired surrogate); delete it or load another save"
        ) from None
    except RecursionError:
        raise SaveError(f"{where} is not a save (nested too deeply); delete it or load another save") from None
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):  # it ends mid-way
            raise SaveError(f"{where} is truncated (it ends mid-way); delete it or load another save") from None
        raise SaveError(
            f"{where} is not valid JSON (line {exc.lineno}, column {exc.colno}); delete it or load another save"
        ) from None
    except ValueError:  # not a JSONDecodeError: a number of over 4,300 digits
        raise SaveError(f"{where} is not a save (a number far too long); delete it or load another save") from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise SaveError(f"{where} is not an io-game save; delete it or load another save")
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError(f"{where} has a wrong type: 'format' must be a whole number; delete it or load another save")
    if version > FORMAT:
        raise SaveError(
            f"{where} was written by a newer io-game (save format {version}; this one reads up to "
            f"{FORMAT}); update io-game to load it"
        )
    try:
        world = _field(data, "world", dict, "an object")
        world_id = _field(world, "id", str, "text")
        world_title = _field(world, "title", str, "text")
        world_version = _field(world, "version", str, "text")
        world_hash = _field(world, "hash", str, "text")
        start = data.get("start")
        if start is not None and not isinstance(start, str):
            raise ValueError("'start' must be a scene id or null")
        run = Run.from_dict(
            {
                "world_id": world_id,
                "world_hash": world_hash,
                "seed": data.get("seed"),
                "steps": data.get("steps"),
                "start": start,
                "overrides": data.get("overrides", {}),
            }
        )
        created = _time(data, "created")
        updated = _time(data, "updated")
        played = _field(data, "played_seconds", (int, float), "a number of seconds")
        # abs() first: isfinite() overflows on a 400-digit int (found by the save fuzzer's --slow run).
        if abs(played) > 10**12 or not math.isfinite(played) or played < 0:
            raise ValueError("'played_seconds' must be a number of seconds")
        summary = _field(data, "summary", dict, "an object")
        _field(summary, "scene", str, "a scene id")
        scene_title = _field(summary, "scene_title", str, "text")
        status = _field(summary, "status", dict, "an object")
        if not all(isinstance(k, str) and isinstance(v, (int, bool, str)) for k, v in status.items()):
            raise ValueError("'status' must map labels to values")
        if not all(_in_range(v) for v in (*status.values(), *run.overrides_values())):
            raise ValueError(f"numbers must lie within ±{NUMBER_LIMIT:.0e}, as every variable does")
        ending = summary.get("ending")
        if ending is not None and not isinstance(ending, str):
            raise ValueError("'ending' must be text or null")
        steps = _field(summary, "steps", int, "a whole number")
        stored_sum = _field(data, "checksum", str, "text")
    except (ValueError, RunError) as exc:
        raise SaveError(f"{where} has a wrong type: {exc}; delete it or load another save") from None
    if stored_sum != checksum(data) or steps != len(run.steps):
        raise SaveError(
            f"{where} was changed after it was saved (its checksum does not match); delete it or load another save"
        )
    info = SaveInfo(
        slot=slot,
        path=path,
        world_id=world_id,
        world_title=world_title,
        scene_title=scene_title,
        status=dict(status),
        ending=ending,
        created=created,
        updated=updated,
        played_seconds=float(played),
        steps=steps,
    )
    return SaveFile(info=info, run=run, world_version=world_version)


def read_save(path: Path, slot: str | None = None) -> SaveFile:
    """Read one save file by path (the CLI's `replay FILE`). Raises SaveError."""
    where = f"save {clean(str(path))}"
    try:
        raw = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        raise SaveError(f"{where} does not exist; `io-game saves` lists the saves there are") from None
    except (IsADirectoryError, NotRegularFile):
        raise SaveError(f"{where} is not a regular file (a folder, a pipe or a device); name a .json save") from None
    except OSError as exc:
        raise SaveError(f"{where} cannot be read ({exc.strerror or exc}); check its permissions") from None
    if len(raw) > MAX_BYTES:
        raise SaveError(f"{where} is too large to be a save (over {MAX_BYTES // 2**20} MB); load another save")
    return decode(raw, path, slot if slot is not None else path.stem)


def check_world(save: SaveFile, world: World) -> None:
    """A save of another world says so in one line."""
    if save.info.world_id != world.id:
        raise SaveError(
            f"save {clean(str(save.info.path))} is from the world '{clean(save.info.world_id)}', not "
            f"'{clean(world.id)}'; load it with that world"
        )


# --- resuming --------------------------------------------------------------------------------------


def resume(world: World, save: SaveFile) -> tuple[Story, ReplayDivergence | None]:
    """Replay a save's run on the world the player chose.

    On a changed world, returns the story at the last step that still plays and the divergence
    (which step, scene and choice, and why), so the player can go on from there. Raises SaveError
    for a save of another world, or one whose summary does not match its replay on the very world
    it was saved on (edited by hand, with the checksum recomputed).
    """
    check_world(save, world)
    where = f"save {clean(str(save.info.path))}"
    run = save.run
    if run.start is not None and run.start in world.scenes and world.scenes[run.start].ending is not None:
        raise SaveError(f"{where} starts at an ending, where no run can begin; delete it or load another save")
    try:
        story, divergence = replay(world, run)
    except ValueError as exc:
        raise SaveError(f"{where} no longer fits this world ({clean(str(exc))}); start a new run") from None
    if divergence is not None and run.world_hash == world.content_hash:
        raise SaveError(
            f"{where} was tampered with: its run does not replay on the world it was saved on "
            f"({clean(str(divergence))}); delete it or load another save"
        )
    if divergence is None and run.world_hash == world.content_hash:
        replayed = summarize(story)
        info = save.info
        if (replayed["scene_title"], _typed(replayed["status"]), replayed["ending"]) != (
            info.scene_title,
            _typed(info.status),
            info.ending,
        ):
            raise SaveError(
                f"{where} was tampered with: its summary does not match its replay; delete it or load another save"
            )
    return story, divergence
