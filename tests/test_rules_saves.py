"""Rules of the saves folder (docs/saves.md) that a full mutation run of game/saves/ found unstated:
the names of the game's own slots, which runs are kept and how, how a broken file is listed, the
endings found, and the one-line messages a failing write or delete gives."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from game.engine import Story
from game.saves import (
    AUTOSAVE,
    FORMAT,
    SaveError,
    SaveStore,
    autosave_slot,
    checksum,
    clean_slot,
    is_game_slot,
    resume,
    unfinished_slot,
)
from game.saves.format import MAX_BYTES, MAX_SLOT, StepLog, read_save
from game.saves.store import KEEP_UNFINISHED, _write_error
from game.world import World, load_world
from tests.conftest import LIGHTHOUSE

LONG = "w" * 70  # a world id longer than a slot can hold


def played(world: World, steps: int = 1, seed: int = 3) -> Story:
    story = Story(world, seed)
    for _ in range(steps):
        story.choose(story.choices()[0].id)
    return story


# --- the game's own slots --------------------------------------------------------------------------


def test_a_worlds_autosave_slot_is_autosave_dash_its_id() -> None:
    assert autosave_slot("lighthouse") == "autosave-lighthouse"
    assert unfinished_slot("lighthouse", "20261206-131500") == "unfinished-lighthouse-20261206-131500"
    assert unfinished_slot("lighthouse", "") == "unfinished-lighthouse-"


def test_a_long_world_id_gives_slots_that_fit_and_stay_apart() -> None:
    one, other = autosave_slot(LONG), autosave_slot(LONG + "x")
    assert len(one) == MAX_SLOT and one != other
    assert one.startswith("autosave-" + "w" * 46 + "-") and clean_slot(one) == one
    kept = unfinished_slot(LONG, "20261206-131500-99")  # the longest stamp still fits
    assert len(kept) == MAX_SLOT and clean_slot(kept) == kept
    assert kept != unfinished_slot(LONG + "x", "20261206-131500-99")
    assert autosave_slot("w" * (MAX_SLOT - len("autosave-"))) == "autosave-" + "w" * 55  # just fits: kept


@pytest.mark.parametrize(
    ("slot", "game"),
    [(AUTOSAVE, True), ("autosave-x", True), ("unfinished-x-1", True), ("autosaves", False), ("my-save", False)],
)
def test_a_player_cannot_save_in_the_games_own_slots(slot: str, game: bool) -> None:
    assert is_game_slot(slot) is game


@pytest.mark.parametrize(
    ("name", "slot"),
    [("  My Save  ", "my-save"), ("_-x-_", "x"), ("a" * 70, "a" * 64), ("a" * 63 + "-b", "a" * 63), ("É", None)],
)
def test_a_slot_name_is_lowercase_letters_digits_dashes_at_most_64(name: str, slot: str | None) -> None:
    if slot is None:
        with pytest.raises(SaveError, match="has no letters or digits; use a name like 'before-the-launch'"):
            clean_slot(name)
    else:
        assert clean_slot(name) == slot


def test_a_namespace_is_a_cleaned_folder_under_the_root(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path, namespace="../Session 1")
    assert store.folder == tmp_path / "session-1"
    assert store.path_for("../My Run") == tmp_path / "session-1" / "my-run.json"
    store.write("run", played(lighthouse), 1.0)
    assert (tmp_path / "session-1" / "run.json").is_file() and SaveStore(tmp_path).list() == []


# --- keeping unfinished runs -----------------------------------------------------------------------


def test_a_kept_run_is_a_byte_copy_named_by_the_time_it_was_saved(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    store.write("autosave-lighthouse", played(lighthouse), 1.0, created=datetime(2026, 12, 6, tzinfo=UTC))
    save = store.read("autosave-lighthouse")
    stamp = save.info.updated.strftime("%Y%m%d-%H%M%S")
    first, second = store.keep(save), store.keep(save)
    assert first == f"unfinished-lighthouse-{stamp}"
    assert second == f"unfinished-lighthouse-{stamp}-2"  # kept in the same second: numbered
    assert store.keep(save) == f"unfinished-lighthouse-{stamp}-3"
    original = store.path_for("autosave-lighthouse").read_bytes()
    assert store.path_for(first).read_bytes() == original == store.path_for(second).read_bytes()
    assert [info.slot for info in store.unfinished("lighthouse")] == sorted([first, second, f"{first}-3"], reverse=True)


def test_only_the_newest_five_unfinished_runs_of_a_world_are_kept(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    slots = []
    for minute in range(KEEP_UNFINISHED + 2):
        moment = datetime(2026, 12, 6, 12, minute, tzinfo=UTC)
        store.write("run", played(lighthouse), 1.0, created=moment)
        slots.append(store.keep(store.read("run")))
    kept = [info.slot for info in store.unfinished("lighthouse")]
    assert KEEP_UNFINISHED == 5 and len(kept) == 5
    assert set(kept) <= set(slots) and store.exists("run")


def test_an_unreadable_save_is_kept_byte_for_byte_under_an_unfinished_name(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.path_for("autosave-x").write_bytes(b'{"kind": "io-game save", "format": 99}')
    slot = store.keep_unreadable("autosave-x", "x")
    assert (
        slot.startswith("unfinished-x-")
        and store.path_for(slot).read_bytes() == store.path_for("autosave-x").read_bytes()
    )
    assert store.unfinished("x") == []  # broken copies are not offered as runs to continue


def test_a_kept_copy_that_cannot_be_written_says_the_old_save_is_kept(tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "missing")
    with pytest.raises(SaveError, match=r"could not save .*unfinished-x-.*; the previous save is kept"):
        store.keep_unreadable("autosave-x", "x")


# --- listing ---------------------------------------------------------------------------------------


def test_a_broken_file_is_listed_with_its_error_and_the_files_date(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    path = store.path_for("broken")
    path.write_text("{", encoding="utf-8")
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    os.utime(path, (moment.timestamp(), moment.timestamp()))
    (info,) = store.list()
    assert (info.slot, info.path, info.broken, info.created, info.updated) == ("broken", path, True, moment, moment)
    assert (info.world_id, info.status, info.ending, info.steps, info.played_seconds) == ("", {}, None, 0, 0.0)
    assert info.error is not None and "is truncated" in info.error
    assert (info.world_title, info.scene_title) == ("", "")


def test_the_list_is_newest_first_and_holds_only_save_files(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    for slot, day in (("b", 2), ("a", 3), ("c", 1)):
        store.write(slot, played(lighthouse), 1.0)
        path = store.path_for(slot)
        moment = datetime(2026, 1, day, tzinfo=UTC).timestamp()
        os.utime(path, (moment, moment))
    (tmp_path / "Not A Slot.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.json").write_text("{}", encoding="utf-8")
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    listed = [info.slot for info in store.list()]
    assert sorted(listed) == ["a", "b", "c"]
    times = [info.updated for info in store.list()]
    assert times == sorted(times, reverse=True)
    assert SaveStore(tmp_path / "none").list() == [] and SaveStore(tmp_path / "none").latest() is None


def test_latest_skips_broken_files_and_other_worlds(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    store.write("good", played(lighthouse), 1.0)
    store.path_for("zzz").write_text("{", encoding="utf-8")
    future = datetime(2100, 1, 1, tzinfo=UTC).timestamp()
    os.utime(store.path_for("zzz"), (future, future))
    latest = store.latest()
    assert latest is not None and latest.slot == "good"
    assert store.latest(lighthouse) is not None and store.latest(lighthouse).slot == "good"  # type: ignore[union-attr]


# --- deleting and writing --------------------------------------------------------------------------


def test_deleting_a_save_that_is_not_there_names_it_and_the_folder(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    with pytest.raises(SaveError, match=f"^there is no save 'my-run' in {tmp_path}$"):
        store.delete("My Run")


def test_deleting_a_folder_named_like_a_save_says_it_could_not(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.path_for("x").mkdir()
    with pytest.raises(SaveError) as caught:
        store.delete("x")
    assert str(caught.value) == f"could not delete {store.path_for('x')}: Is a directory"


@pytest.mark.parametrize(
    ("number", "says"),
    [
        (errno.ENOSPC, "the disk is full; the previous save is kept. Free some space and save again"),
        (errno.EDQUOT, "the disk is full; the previous save is kept. Free some space and save again"),
        (errno.EACCES, "not allowed to write there; the previous save is kept. Check the folder's permissions"),
        (errno.EPERM, "not allowed to write there; the previous save is kept. Check the folder's permissions"),
        (errno.EROFS, "not allowed to write there; the previous save is kept. Check the folder's permissions"),
        (errno.EIO, "Input/output error; the previous save is kept"),
    ],
)
def test_a_failed_write_says_why_and_that_the_old_save_is_kept(number: int, says: str) -> None:
    error = _write_error(Path("/saves/x.json"), OSError(number, os.strerror(number)))
    assert str(error) == f"could not save /saves/x.json: {says}"


def test_a_saves_folder_that_cannot_be_made_says_to_choose_another(tmp_path: Path, lighthouse: World) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(SaveError) as caught:
        SaveStore(tmp_path / "file" / "sub").write("run", played(lighthouse), 1.0)
    assert str(caught.value) == (
        f"could not create the saves folder {tmp_path / 'file' / 'sub'} (Not a directory); choose another with "
        "--saves-dir"
    )


def test_a_saves_folder_is_made_with_the_folders_above_it(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path / "new" / "deeper" / "saves")
    store.write("run", played(lighthouse), 1.0)
    assert [info.slot for info in store.list()] == ["run"]


def test_a_save_that_cannot_be_written_names_it_and_keeps_the_old_one(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    store.path_for("run").mkdir()  # a folder in the way: os.replace cannot put a file there
    with pytest.raises(SaveError) as caught:
        store.write("run", played(lighthouse), 1.0)
    assert str(caught.value) == f"could not save {store.path_for('run')}: Is a directory; the previous save is kept"


def test_temp_files_left_by_a_writer_that_died_are_swept_once_stale(tmp_path: Path, lighthouse: World) -> None:
    """A writer that died mid-write leaves `.<slot>.json.XXXX.tmp`; one ten minutes old is not in use."""
    stale, fresh = tmp_path / ".run.json.dead.tmp", tmp_path / ".run.json.live.tmp"
    stale.write_bytes(b"{")
    fresh.write_bytes(b"{")
    long_ago = time.time() - 3600
    os.utime(stale, (long_ago, long_ago))
    (tmp_path / ".odd.json.x.tmp").mkdir()  # not a file: left alone, and it does not stop a save
    os.utime(tmp_path / ".odd.json.x.tmp", (long_ago, long_ago))
    SaveStore(tmp_path).write("run", played(lighthouse), 1.0)
    assert sorted(path.name for path in tmp_path.iterdir()) == [".odd.json.x.tmp", ".run.json.live.tmp", "run.json"]


def test_saving_a_longer_run_in_the_same_slot_keeps_when_it_began(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    began = datetime(2026, 1, 1, tzinfo=UTC)
    store.write("run", played(lighthouse, 1), 1.0, created=began)
    assert store.write("run", played(lighthouse, 2), 2.0).created == began
    assert read_save(store.path_for("run")).info.created == began
    other = store.write("run", played(lighthouse, 1, seed=4), 2.0)  # another run: a new beginning
    assert other.created > began


# --- endings found ---------------------------------------------------------------------------------


def test_endings_found_are_recorded_once_per_world_in_a_hidden_file(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    endings = sorted(scene.id for scene in lighthouse.endings)
    store.record_ending(lighthouse, endings[0])
    store.record_ending(lighthouse, endings[0])
    data = json.loads((tmp_path / ".endings.json").read_text(encoding="utf-8"))
    assert data == {"format": FORMAT, "worlds": {lighthouse.id: [endings[0]]}}
    assert store.endings_found(lighthouse) == {endings[0]}
    assert store.list() == []  # not a save


def test_only_an_ending_of_the_world_can_be_recorded(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    with pytest.raises(ValueError, match=f"'{lighthouse.start}' is not an ending of the world '{lighthouse.id}'"):
        store.record_ending(lighthouse, lighthouse.start)
    with pytest.raises(ValueError, match="'nowhere' is not an ending"):
        store.record_ending(lighthouse, "nowhere")
    assert not (tmp_path / ".endings.json").exists()


@pytest.mark.parametrize(
    "content",
    [
        "{",
        "[]",
        '{"worlds": []}',
        '{"worlds": {"lighthouse": "x"}}',
        '{"worlds": {"lighthouse": {"dawn": true}}}',  # a world's endings are a list, nothing else
        "\xff",
        '{"worlds": {"lighthouse": [1, null]}}',
    ],
)
def test_an_unreadable_endings_file_means_none_found_yet(tmp_path: Path, lighthouse: World, content: str) -> None:
    (tmp_path / ".endings.json").write_bytes(content.encode("latin-1"))
    store = SaveStore(tmp_path)
    assert store.endings_found(lighthouse) == set()
    ending = sorted(scene.id for scene in lighthouse.endings)[0]
    store.record_ending(lighthouse, ending)  # and it is written over
    assert store.endings_found(lighthouse) == {ending}


def test_endings_the_world_no_longer_has_are_not_counted(tmp_path: Path, lighthouse: World) -> None:
    ending = sorted(scene.id for scene in lighthouse.endings)[0]
    found = {"lighthouse": [ending, "gone", lighthouse.start], "other": [ending]}
    (tmp_path / ".endings.json").write_text(json.dumps({"format": 1, "worlds": found}), encoding="utf-8")
    assert SaveStore(tmp_path).endings_found(lighthouse) == {ending}


# --- reading a save: its fields, times, numbers and summary -----------------------------------------


def edited(tmp_path: Path, on: World, slot: str = "run", **changes: object) -> Path:
    """A real save of two steps, then edited as a person would (the checksum recomputed)."""
    store = SaveStore(tmp_path)
    store.write(slot, played(on, 2), 12.5)
    path = store.path_for(slot)
    data = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key.startswith(("summary_", "world_")):
            part, name = key.split("_", 1)
            data[part][name] = value
        elif key != "checksum":
            data[key] = value
    data["checksum"] = changes.get("checksum", checksum(data))
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_file_whose_name_no_slot_can_have_is_not_listed(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    store.write("run", played(lighthouse), 1.0)
    (tmp_path / "---.json").write_bytes(store.path_for("run").read_bytes())
    (tmp_path / "Run.json").write_bytes(store.path_for("run").read_bytes())
    assert [info.slot for info in store.list()] == ["run"]


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("summary_steps", True, "'steps' must be a whole number"),
        ("played_seconds", True, "'played_seconds' must be a number of seconds"),
        ("summary_scene_title", False, "'scene_title' must be text"),
        ("created", 5, "'created' must be a date and time"),
        ("created", "yesterday", "'created' must be a date and time"),
        ("updated", "1969-12-31T23:59:59+00:00", "'updated' must be a date between 1970 and 9000"),
        ("created", "9001-01-01T00:00:00+00:00", "'created' must be a date between 1970 and 9000"),
        ("world_title", 5, "'title' must be text"),
        ("world_version", None, "'version' must be text"),
        ("world_hash", ["ab"], "'hash' must be text"),
        ("start", 5, "'start' must be a scene id or null"),
        ("played_seconds", -1, "'played_seconds' must be a number of seconds"),
        ("played_seconds", 10**13, "'played_seconds' must be a number of seconds"),
        ("summary_scene", 5, "'scene' must be a scene id"),
        ("summary_status", [], "'status' must be an object"),
        ("summary_status", {"Lamp oil": None}, "'status' must map labels to values"),
        ("summary_status", {"Lamp oil": [2]}, "'status' must map labels to values"),
        ("summary_ending", 5, "'ending' must be text or null"),
        ("checksum", 5, "'checksum' must be text"),
    ],
)
def test_each_field_of_a_save_has_its_kind(
    tmp_path: Path, lighthouse: World, field: str, value: object, says: str
) -> None:
    with pytest.raises(SaveError, match=f"has a wrong type: {says}; delete it or load another save$"):
        read_save(edited(tmp_path, lighthouse, **{field: value}))


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("1970-01-01T00:00:00+00:00", datetime(1970, 1, 1, tzinfo=UTC)),
        ("9000-12-31T23:59:59+00:00", datetime(9000, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("2026-06-01T12:00:00", datetime(2026, 6, 1, 12, tzinfo=UTC)),  # no zone: UTC
        ("2026-06-01T14:00:00+02:00", datetime(2026, 6, 1, 12, tzinfo=UTC)),  # a zone: moved to UTC
    ],
)
def test_save_times_are_read_in_utc_from_1970_to_9000(
    tmp_path: Path, lighthouse: World, written: str, read: datetime
) -> None:
    info = read_save(edited(tmp_path, lighthouse, created=written)).info
    assert info.created == read and info.created.utcoffset() == UTC.utcoffset(None)


@pytest.mark.parametrize(
    ("value", "fine"), [(10**18, True), (-(10**18), True), (10**18 + 1, False), (-(10**18) - 1, False)]
)
def test_numbers_in_a_save_lie_within_ten_to_the_18(tmp_path: Path, lighthouse: World, value: int, fine: bool) -> None:
    path = edited(tmp_path, lighthouse, summary_status={"Light": value})
    if fine:
        assert read_save(path).info.status == {"Light": value}
    else:
        with pytest.raises(SaveError, match="numbers must lie within ±1e\\+18, as every variable does"):
            read_save(path)


def test_a_save_of_another_world_names_both(tmp_path: Path, lighthouse: World) -> None:
    path = edited(tmp_path, lighthouse, world={"id": "other", "title": "O", "version": "1", "hash": "ab"})
    with pytest.raises(
        SaveError, match=f"^save {path} is from the world 'other', not 'lighthouse'; load it with that world$"
    ):
        resume(lighthouse, read_save(path))


def test_a_save_started_elsewhere_than_an_ending_resumes(tmp_path: Path, lighthouse: World) -> None:
    start = next(s.id for s in lighthouse.scenes.values() if s.ending is None and s.id != lighthouse.start)
    store = SaveStore(tmp_path)
    store.write("from", Story(lighthouse, 3, start=start), 1.0)
    story, divergence = resume(lighthouse, store.read("from"))
    assert (story.scene_id, divergence) == (start, None)


def test_a_run_edited_to_break_on_its_own_world_is_tampered_with(tmp_path: Path, lighthouse: World) -> None:
    path = edited(tmp_path, lighthouse, steps=[[lighthouse.start, "nope"]], summary_steps=1)
    with pytest.raises(SaveError) as caught:
        resume(lighthouse, read_save(path))
    assert str(caught.value) == (
        f"save {path} was tampered with: its run does not replay on the world it was saved on (step 1 (scene "
        f"'{lighthouse.start}', choice 'nope'): scene '{lighthouse.start}' has no choice 'nope'); delete it or load "
        "another save"
    )


def test_a_summary_edited_on_its_own_world_is_tampered_with(tmp_path: Path, lighthouse: World) -> None:
    path = edited(tmp_path, lighthouse, summary_scene_title="Elsewhere")
    with pytest.raises(SaveError, match=f"^save {path} was tampered with: its summary does not match its replay; "):
        resume(lighthouse, read_save(path))
    status = read_save(edited(tmp_path, lighthouse, slot="flag")).info.status
    number = next(label for label, value in status.items() if type(value) is int and value in (0, 1))
    flagged = edited(tmp_path, lighthouse, slot="flag2", summary_status={**status, number: bool(status[number])})
    with pytest.raises(SaveError, match="its summary does not match its replay"):  # 1 is not true
        resume(lighthouse, read_save(flagged))


def test_on_a_changed_world_a_save_replays_as_far_as_it_goes(tmp_path: Path, lighthouse: World) -> None:
    path = edited(tmp_path, lighthouse, summary_scene_title="Elsewhere")  # the summary is not checked there
    data = json.loads(path.read_text(encoding="utf-8"))
    data["world"]["hash"] = "ab" * 32  # saved on another version of the world
    data["steps"].append([data["steps"][-1][0], "nope"])
    data["summary"]["steps"] += 1
    data["checksum"] = checksum({k: v for k, v in data.items() if k != "checksum"})
    path.write_text(json.dumps(data), encoding="utf-8")
    story, divergence = resume(lighthouse, read_save(path))
    assert divergence is not None and divergence.index == 3 and len(story.steps) == 2


def test_an_endings_file_that_cannot_be_written_says_so_in_one_line(tmp_path: Path, lighthouse: World) -> None:
    (tmp_path / ".endings.json").mkdir()  # in the way: nothing can be written there
    ending = sorted(scene.id for scene in lighthouse.endings)[0]
    with pytest.raises(SaveError) as caught:
        SaveStore(tmp_path).record_ending(lighthouse, ending)
    assert str(caught.value).startswith(f"could not save {tmp_path / '.endings.json'}: ")
    assert str(caught.value).endswith("; the previous save is kept")


TO_DO = "; delete it or load another save"


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"", "is empty (cut off while it was written?)" + TO_DO),
        (b" \n", "is empty (cut off while it was written?)" + TO_DO),
        (b"\xff", "is not a save (not UTF-8 text)" + TO_DO),
        (b'{"a": "\\ud800"}', "is not a save (it holds an unpaired surrogate)" + TO_DO),
        (b"[" * 100_000, "is not a save (nested too deeply)" + TO_DO),
        (b'{"a": 1', "is truncated (it ends mid-way)" + TO_DO),
        (b'{"a": "abc', "is truncated (it ends mid-way)" + TO_DO),
        (b'{"a": 1,,}', "is not valid JSON (line 1, column 9)" + TO_DO),
        (b"1" * 5_000, "is not a save (a number far too long)" + TO_DO),
        (b'{"kind": "x"}', "is not an io-game save" + TO_DO),
        (b"[]", "is not an io-game save" + TO_DO),
    ],
)
def test_a_file_that_is_not_a_save_says_what_it_is(tmp_path: Path, raw: bytes, says: str) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(raw)
    with pytest.raises(SaveError) as caught:
        read_save(path)
    assert str(caught.value) == f"save {path} {says}"


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("format", 0, "has a wrong type: 'format' must be a whole number" + TO_DO),
        ("format", True, "has a wrong type: 'format' must be a whole number" + TO_DO),
        ("format", "1", "has a wrong type: 'format' must be a whole number" + TO_DO),
        (
            "format",
            FORMAT + 1,
            f"was written by a newer io-game (save format {FORMAT + 1}; this one reads up to {FORMAT})",
        ),
        ("world", [], "has a wrong type: 'world' must be an object" + TO_DO),
        ("world", {"id": 5}, "has a wrong type: 'id' must be text" + TO_DO),
    ],
)
def test_a_saves_format_and_world_are_checked_first(
    tmp_path: Path, lighthouse: World, field: str, value: object, says: str
) -> None:
    path = edited(tmp_path, lighthouse, **{field: value})
    with pytest.raises(SaveError) as caught:
        read_save(path)
    assert str(caught.value).startswith(f"save {path} {says}")


def test_every_format_from_1_is_read(tmp_path: Path, lighthouse: World) -> None:
    assert read_save(edited(tmp_path, lighthouse, format=1)).info.steps == 2


def test_a_time_without_a_zone_is_utc_wherever_the_game_runs(
    tmp_path: Path, lighthouse: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = edited(tmp_path, lighthouse, created="2026-06-01T12:00:00", updated="2026-06-01T14:00:00+02:00")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        info = read_save(path).info
    finally:
        monkeypatch.undo()
        time.tzset()
    assert info.created == info.updated == datetime(2026, 6, 1, 12, tzinfo=UTC)
    assert info.created.utcoffset() == info.updated.utcoffset() == timedelta(0)


# --- the file as docs/saves.md lays it out ----------------------------------------------------------


def canonical(value: object) -> bytes:
    """docs/saves.md's canonical JSON: sorted keys, no spaces, UTF-8 (written here, not imported)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def with_set_text(world: World, steps: int) -> Story:
    story = Story(world, 3, overrides=[("log", "phare ☼ à l'aube")])  # `play --set log=...`
    for _ in range(steps):
        story.choose(story.choices()[0].id)
    return story


def test_a_save_is_one_field_a_line_and_one_step_a_line_in_utf_8(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    store.write("run", with_set_text(lighthouse, 2), 1.0)
    lines = store.path_for("run").read_text(encoding="utf-8").splitlines()
    keys = [line.split('"')[1] for line in lines if line.startswith(' "')]
    order = ["kind", "format", "world", "seed", "start", "overrides", "steps", "created", "updated"]
    assert keys == [*order, "played_seconds", "summary", "checksum"]  # each field once, in this order
    assert lines[0] == "{" and lines[-1] == "}"
    assert ' "overrides": {"log": "phare ☼ à l\'aube"},' in lines  # text as written, not \\u escapes
    at = lines.index(' "steps": [')
    assert lines[at + 1 : at + 4] == ['  ["lamp_room", "trim"],', '  ["lamp_room", "trim"]', " ],"]
    store.write("none", Story(lighthouse, 3), 1.0)
    assert ' "steps": [],' in store.path_for("none").read_text(encoding="utf-8").splitlines()


def test_the_checksum_is_sha256_of_the_steps_then_the_other_fields(tmp_path: Path, lighthouse: World) -> None:
    """As docs/saves.md defines it, so another tool can check a save (format 2 and format 1)."""
    store = SaveStore(tmp_path)
    store.write("run", with_set_text(lighthouse, 2), 1.0)
    data = json.loads(store.path_for("run").read_text(encoding="utf-8"))
    rest = {key: value for key, value in data.items() if key not in ("steps", "checksum")}
    assert data["checksum"] == "sha256:" + hashlib.sha256(canonical(data["steps"]) + canonical(rest)).hexdigest()
    data["format"] = 1
    old = {key: value for key, value in data.items() if key != "checksum"}
    for sealed, reads in ((data["checksum"], False), ("sha256:" + hashlib.sha256(canonical(old)).hexdigest(), True)):
        path = tmp_path / f"format1-{reads}.json"
        path.write_text(json.dumps({**old, "checksum": sealed}), encoding="utf-8")
        if reads:
            assert read_save(path).run.overrides == (("log", "phare ☼ à l'aube"),)
        else:  # a format 1 save sealed as format 2 seals
            with pytest.raises(SaveError, match="was changed after it was saved"):
                read_save(path)


def test_a_save_keeps_the_set_values_of_its_run(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    store.write("run", with_set_text(lighthouse, 1), 1.0)
    story, divergence = resume(lighthouse, store.read("run"))
    assert divergence is None and story.variables["log"] == "phare ☼ à l'aube"
    assert story.overrides == (("log", "phare ☼ à l'aube"),)


def test_a_save_without_set_values_reads_as_none_set(tmp_path: Path, lighthouse: World) -> None:
    path = edited(tmp_path, lighthouse)
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["overrides"]
    data["checksum"] = checksum(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_save(path).run.overrides == ()


def test_a_save_names_its_worlds_title_and_version(tmp_path: Path, lighthouse: World) -> None:
    save = read_save(edited(tmp_path, lighthouse))
    assert (save.info.world_id, save.info.world_title, save.world_version) == (
        "lighthouse",
        "The Lighthouse Keeper",
        "0.1.0",
    )


def test_a_save_of_an_ended_run_names_the_ending(tmp_path: Path, lighthouse: World) -> None:
    scene = next(scene for scene in lighthouse.scenes.values() if scene.ending is not None)
    assert scene.ending is not None
    store = SaveStore(tmp_path)
    assert store.write("end", Story(lighthouse, 3, start=scene.id), 1.0).ending == scene.ending.title
    assert store.read("end").info.ending == scene.ending.title


def test_a_step_count_that_does_not_match_the_steps_is_an_edit(tmp_path: Path, lighthouse: World) -> None:
    for path in (edited(tmp_path, lighthouse, summary_steps=5), edited(tmp_path, lighthouse, "raw")):
        if path.stem == "raw":  # edited and not sealed again
            path.write_text(path.read_text(encoding="utf-8").replace('"seed": 3', '"seed": 4'), encoding="utf-8")
        with pytest.raises(SaveError) as caught:
            read_save(path)
        assert str(caught.value) == (
            f"save {path} was changed after it was saved (its checksum does not match); delete it or load another save"
        )


def test_a_save_written_after_another_story_holds_its_own_steps(tmp_path: Path, lighthouse: World) -> None:
    """A session keeps one StepLog from save to save; after a load, the old story's log is not used."""
    first, second = played(lighthouse, 2), played(lighthouse, 1, seed=4)
    log = StepLog(first)
    log.update()
    store = SaveStore(tmp_path)
    store.write("run", second, 1.0, log=log)
    assert list(store.read("run").run.steps) == second.steps


def test_on_a_changed_world_the_summary_is_not_checked(tmp_path: Path, lighthouse: World) -> None:
    """A new version of a world may retitle a scene: its saves still load (and show the new title)."""
    copy = tmp_path / "world"
    shutil.copytree(LIGHTHOUSE, copy)
    tower = copy / "scenes" / "tower.yaml"
    tower.write_text(tower.read_text(encoding="utf-8").replace("The store room", "The old store"), encoding="utf-8")
    changed = load_world(copy)
    store = SaveStore(tmp_path / "saves")
    story = Story(lighthouse, 3)
    story.choose("descend")
    store.write("run", story, 1.0)
    resumed, divergence = resume(changed, store.read("run"))
    assert divergence is None and resumed.scene.title == "The old store"


# --- reading a file: what can go wrong ---------------------------------------------------------------


def test_a_save_that_is_not_there_or_cannot_be_read_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "gone.json"
    with pytest.raises(SaveError) as caught:
        read_save(missing)
    assert str(caught.value) == f"save {missing} does not exist; `io-game saves` lists the saves there are"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    under = tmp_path / "file" / "x.json"  # a file where a folder should be
    with pytest.raises(SaveError) as caught:
        read_save(under)
    assert str(caught.value) == f"save {under} cannot be read (Not a directory); check its permissions"


def test_a_save_may_be_16_mib_and_not_a_byte_more(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * MAX_BYTES)  # at the limit: read, and found empty
    with pytest.raises(SaveError, match="is empty"):
        read_save(path)
    path.write_bytes(b" " * (MAX_BYTES + 1))
    with pytest.raises(SaveError, match="is too large to be a save \\(over 16 MB\\); load another save$"):
        read_save(path)


def test_a_save_is_listed_under_the_slot_it_is_read_as(tmp_path: Path, lighthouse: World) -> None:
    path = edited(tmp_path, lighthouse, slot="mine")
    assert (read_save(path).info.slot, read_save(path, "other").info.slot) == ("mine", "other")


def test_a_save_that_is_a_loop_of_links_is_refused_as_one_that_links_out(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.path_for("loop").symlink_to(store.path_for("loop"))
    with pytest.raises(SaveError) as caught:
        store.read("loop")
    assert str(caught.value) == (
        f"save {store.path_for('loop')} links to a place outside the saves folder; delete the link"
    )


def test_a_slot_name_is_cut_to_64_after_its_leading_dashes_go(tmp_path: Path) -> None:
    assert clean_slot("__--" + "a" * 70) == "a" * 64


def test_what_a_write_reports_is_what_reading_the_save_back_gives(tmp_path: Path, lighthouse: World) -> None:
    """The UI lists a save it has just written from what write() says, without reading the file."""
    ending = next(scene.id for scene in lighthouse.scenes.values() if scene.ending is not None)
    store = SaveStore(tmp_path)
    for slot, story in (("run", with_set_text(lighthouse, 2)), ("end", Story(lighthouse, 3, start=ending))):
        assert store.write(slot, story, 12.3456) == store.read(slot).info


def test_an_endings_file_may_be_16_mib_and_not_a_byte_more(tmp_path: Path, lighthouse: World) -> None:
    found = b'{"format": 1, "worlds": {"lighthouse": ["dawn"]}}'
    (tmp_path / ".endings.json").write_bytes(found + b" " * (MAX_BYTES - len(found)))
    assert SaveStore(tmp_path).endings_found(lighthouse) == {"dawn"}
    (tmp_path / ".endings.json").write_bytes(found + b" " * (MAX_BYTES + 1 - len(found)))
    assert SaveStore(tmp_path).endings_found(lighthouse) == set()  # too large: none found yet
