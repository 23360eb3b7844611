"""The saves in one folder: list, read, write atomically, delete, and the endings found.

Every write goes to a temp file in the same folder, is flushed and fsynced, then os.replace()d over
the old file (and the folder is fsynced), so a crash at any instant leaves the old save or the new
one (game.support.atomic).
"""

from __future__ import annotations

import contextlib
import errno
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from game.engine.story import Story
from game.saves.format import (
    FORMAT,
    MAX_BYTES,
    MAX_SLOT,
    SUFFIX,
    SaveError,
    SaveFile,
    SaveInfo,
    StepLog,
    check_world,
    clean_slot,
    encode,
    is_slot,
    now_utc,
    read_save,
)
from game.support.atomic import atomic_write
from game.support.digest import sha256
from game.support.files import read_regular
from game.support.textsafe import clean
from game.world.model import World

AUTOSAVE = "autosave"  # the one autosave slot of versions before 1.1; still listed and loaded
KEEP_UNFINISHED = 5  # unfinished runs kept per world when another run takes the autosave slot
ENDINGS_FILE = ".endings.json"  # a dot: no slot name can clash with it (slots never hold dots)
_STALE_TEMP_SECONDS = 600.0  # a temp file this old was left by a writer that died
_Names = list[str]  # (the store's list() method would shadow `list` in its annotations)
_Infos = list[SaveInfo]

# --- writing ---------------------------------------------------------------------------------------


def _write_error(path: Path, exc: OSError) -> SaveError:
    where = f"could not save {clean(str(path))}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return SaveError(f"{where}: the disk is full; the previous save is kept. Free some space and save again")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return SaveError(
            f"{where}: not allowed to write there; the previous save is kept. Check the folder's permissions"
        )
    return SaveError(f"{where}: {exc.strerror or exc}; the previous save is kept")


_STAMP = "%Y%m%d-%H%M%S"
_STAMP_ROOM = len("-20261206-131500-99")


def _world_slot(prefix: str, world_id: str, reserve: int = 0) -> str:
    """A slot name for a world's own saves. A world id too long for it is shortened and given a
    digest of itself, so two worlds never share a slot (world ids hold no '-', so no slot of one
    world starts like another's)."""
    room = MAX_SLOT - len(prefix) - reserve
    if len(world_id) > room:
        world_id = world_id[: room - 9] + "-" + sha256(world_id.encode("utf-8")).hexdigest()[:8]
    return prefix + world_id


def autosave_slot(world_id: str) -> str:
    return _world_slot("autosave-", world_id)


def is_game_slot(slot: str) -> bool:
    """A slot the game writes by itself (autosaves, kept unfinished runs): a player cannot save there."""
    return slot == AUTOSAVE or slot.startswith(("autosave-", "unfinished-"))


def unfinished_slot(world_id: str, stamp: str) -> str:
    """`unfinished-<world>-<yyyymmdd-hhmmss>`; with an empty stamp, the prefix all of them share."""
    return _world_slot("unfinished-", world_id, _STAMP_ROOM) + "-" + stamp


# --- the store -------------------------------------------------------------------------------------


class SaveStore:
    """The saves in one folder (and, for `io-game serve`, one sub-folder per browser session)."""

    def __init__(self, folder: Path, namespace: str | None = None) -> None:
        self.root = Path(folder)
        self.folder = self.root / clean_slot(namespace) if namespace is not None else self.root

    def path_for(self, slot: str) -> Path:
        return self.folder / (clean_slot(slot) + SUFFIX)

    def _ensure_folder(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SaveError(
                f"could not create the saves folder {clean(str(self.folder))} ({exc.strerror or exc}); "
                "choose another with --saves-dir"
            ) from None

    # reading

    def list(self) -> list[SaveInfo]:
        """Every save, newest first. A file that cannot be read is listed with its error set."""
        if not self.folder.is_dir():
            return []
        infos: list[SaveInfo] = []
        for path in self.folder.glob("*" + SUFFIX):
            if path.name.startswith(".") or not path.is_file() or not is_slot(path.stem):
                continue  # a name no slot can have was not written by io-game, and may be a trick
            try:
                self._inside(path)
                infos.append(read_save(path, path.stem).info)
            except SaveError as exc:
                infos.append(self._broken(path, str(exc)))
        infos.sort(key=lambda info: (info.updated, info.slot), reverse=True)
        return infos

    def _inside(self, path: Path) -> None:
        """A save in the folder that links elsewhere (another player's folder, a system file) is refused."""
        try:
            outside = path.is_symlink() and not path.resolve().is_relative_to(self.folder.resolve())
        except (OSError, RuntimeError):  # a loop of links
            outside = True
        if outside:
            raise SaveError(f"save {clean(str(path))} links to a place outside the saves folder; delete the link")

    @staticmethod
    def _broken(path: Path, error: str) -> SaveInfo:
        try:
            moment = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        except OSError:
            moment = datetime.fromtimestamp(0, UTC)
        return SaveInfo(path.stem, path, "", "", "", {}, None, moment, moment, 0.0, 0, error=error)

    def latest(self, world: World | None = None) -> SaveInfo | None:
        """The newest save that can be read (for Continue), or None; with a world, the newest of that world."""
        return next(
            (info for info in self.list() if not info.broken and (world is None or info.world_id == world.id)), None
        )

    def read(self, slot: str, world: World | None = None) -> SaveFile:
        """Read a save; with a world, a save of another world is refused. Raises SaveError."""
        path = self.path_for(slot)
        self._inside(path)
        save = read_save(path, clean_slot(slot))
        if world is not None:
            check_world(save, world)
        return save

    def exists(self, slot: str) -> bool:
        return self.path_for(slot).is_file()

    # writing

    def write(
        self,
        slot: str,
        story: Story,
        played_seconds: float,
        created: datetime | None = None,
        log: StepLog | None = None,
    ) -> SaveInfo:
        """Save the story in a slot, atomically. Raises SaveError (the old save is then kept).

        `created` is when the run was first saved; without it, saving the same run again keeps
        the time in the file it replaces (which costs reading that file). `log` is the story's
        StepLog from the last save (an autosave keeps it), so its steps are not encoded again."""
        path = self.path_for(slot)
        self._ensure_folder()
        now = now_utc()
        if created is None:
            created = now
            with contextlib.suppress(SaveError):
                if path.is_file():  # (an autosave passes `created`: it never reads here)
                    old = read_save(path)
                    if story.run.continues(old.run):
                        created = old.info.created
        raw, header = encode(story, played_seconds, created, now, log)
        try:
            atomic_write(path, raw)
        except OSError as exc:
            raise _write_error(path, exc) from None
        self._sweep_temp_files()
        summary = header["summary"]
        return SaveInfo(  # what decode() would read back, without parsing the file again
            slot=path.stem,
            path=path,
            world_id=story.world.id,
            world_title=story.world.title,
            scene_title=summary["scene_title"],
            status=dict(summary["status"]),
            ending=summary["ending"],
            created=created,
            updated=now,
            played_seconds=header["played_seconds"],
            steps=summary["steps"],
        )

    def keep(self, save: SaveFile) -> str:
        """Keep an unfinished run in a slot of its own (`unfinished-<world>-<time>`), and let only the
        newest KEEP_UNFINISHED of a world stay. Returns the slot. Raises SaveError."""
        slot = self._copy_to_unfinished(save.info.path, save.run.world_id, save.info.updated)
        for info in self.unfinished(save.run.world_id)[KEEP_UNFINISHED:]:
            with contextlib.suppress(OSError):
                info.path.unlink()
        return slot

    def keep_unreadable(self, slot: str, world_id: str) -> str:
        """Keep a save this version cannot read (a newer format, a broken file) under another name,
        byte for byte, so an autosave never writes over it. Returns the new slot. Raises SaveError."""
        return self._copy_to_unfinished(self.path_for(slot), world_id, now_utc())

    def _copy_to_unfinished(self, source: Path, world_id: str, moment: datetime) -> str:
        """Copy a save file, byte for byte, to a free `unfinished-<world>-<time>` slot; its name."""
        stamp = moment.strftime(_STAMP)
        slot = unfinished_slot(world_id, stamp)
        number = 1
        while self.exists(slot):  # another run kept in the same second
            number += 1
            slot = unfinished_slot(world_id, f"{stamp}-{number}")
        path = self.path_for(slot)
        try:
            self._ensure_folder()
            atomic_write(path, read_regular(source, MAX_BYTES)[:MAX_BYTES])
        except OSError as exc:
            raise _write_error(path, exc) from None
        return slot

    def unfinished(self, world_id: str) -> _Infos:
        """The unfinished runs of a world the game kept for the player, newest first."""
        prefix = unfinished_slot(world_id, "")
        return [
            info
            for info in self.list()
            if info.slot.startswith(prefix) and not info.broken and info.world_id == world_id
        ]

    def delete(self, slot: str) -> None:
        path = self.path_for(slot)
        try:
            path.unlink()
        except FileNotFoundError:
            raise SaveError(f"there is no save '{clean_slot(slot)}' in {clean(str(self.folder))}") from None
        except OSError as exc:
            raise SaveError(f"could not delete {clean(str(path))}: {exc.strerror or exc}") from None

    def _sweep_temp_files(self) -> None:
        """Remove temp files left by writers that died mid-write (old enough not to be in use)."""
        cutoff = time.time() - _STALE_TEMP_SECONDS
        for temp in self.folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()

    # endings found over all runs

    def _read_endings(self) -> dict[str, _Names]:
        path = self.folder / ENDINGS_FILE
        try:
            # A regular file only (never wait on a FIFO), never more than MAX_BYTES (a link to /dev/zero).
            raw = read_regular(path, MAX_BYTES)
            if len(raw) > MAX_BYTES:
                return {}
            data = json.loads(raw.decode("utf-8"))
        except (OSError, ValueError, RecursionError):  # missing or unreadable: nothing found yet
            return {}
        worlds = data.get("worlds") if isinstance(data, dict) else None
        if not isinstance(worlds, dict):
            return {}
        return {
            key: [scene for scene in value if isinstance(scene, str)]
            for key, value in worlds.items()
            if isinstance(key, str) and isinstance(value, list)
        }

    def record_ending(self, world: World, scene_id: str) -> None:
        """Remember that this world's ending was reached. Raises SaveError when it cannot be written."""
        if scene_id not in world.scenes or world.scenes[scene_id].ending is None:
            raise ValueError(f"'{scene_id}' is not an ending of the world '{world.id}'")
        worlds = self._read_endings()
        found = worlds.setdefault(world.id, [])
        if scene_id in found:
            return
        found.append(scene_id)
        self._ensure_folder()
        path = self.folder / ENDINGS_FILE
        raw = (json.dumps({"format": FORMAT, "worlds": worlds}, indent=1, sort_keys=True) + "\n").encode("utf-8")
        try:
            atomic_write(path, raw)
        except OSError as exc:
            raise _write_error(path, exc) from None

    def endings_found(self, world: World) -> set[str]:
        """The ids of this world's endings reached in any run (ones the world still has)."""
        found = self._read_endings().get(world.id, [])
        return {scene for scene in found if scene in world.scenes and world.scenes[scene].ending is not None}
