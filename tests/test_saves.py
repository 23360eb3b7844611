"""Saves: the format, the store, broken and hostile files, a full disk, a changed world, the CLI."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Story
from game.saves import FORMAT, SaveError, SaveStore, checksum, clean_slot, read_save, resume
from game.support.readable_json import render
from game.world import World, load_world
from tests.conftest import LIGHTHOUSE


def play(world: World, choices: list[str], seed: int = 4) -> Story:
    story = Story(world, seed)
    for choice in choices:
        story.choose(choice)
    return story


def saved(store: SaveStore, world: World, slot: str, choices: list[str], seed: int = 4) -> Path:
    store.write(slot, play(world, choices, seed), 61.5)
    return store.path_for(slot)


def edit(path: Path, change: object) -> None:
    """Change a save's JSON and keep its checksum right (a careful tamperer)."""
    data = json.loads(path.read_text())
    change(data)  # type: ignore[operator]
    data["checksum"] = checksum(data)
    path.write_text(render(data))


def copy_world(tmp_path: Path, name: str = "world") -> Path:
    target = tmp_path / name
    shutil.copytree(LIGHTHOUSE, target)
    return target


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True, timeout=60
    )


# --- names and round trips -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slot"),
    [
        ("My Save", "my-save"),
        ("../../etc/passwd", "etc-passwd"),
        ("a/b\\c", "a-b-c"),
        ("x\x1b[2Jy", "x-2jy"),
        ("..", None),
        ("   ", None),
        ("/", None),
        ("snow\u202eman", "snow-man"),
    ],
)
def test_slot_names_are_cleaned_into_plain_file_names(name: str, slot: str | None) -> None:
    if slot is None:
        with pytest.raises(SaveError, match="has no letters or digits"):
            clean_slot(name)
    else:
        assert clean_slot(name) == slot


def test_a_save_cannot_be_written_outside_its_folder(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path / "saves", namespace="../../session 1")
    path = saved(store, lighthouse, "../../../escape", ["trim"])
    assert path == tmp_path / "saves" / "session-1" / "escape.json"
    assert sorted(p.name for p in tmp_path.rglob("*.json")) == ["escape.json"]


def test_write_list_read_resume_round_trip(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    saved(store, lighthouse, "first", ["trim"])
    saved(store, lighthouse, "Second Try", ["trim", "trim", "descend"])
    infos = store.list()
    assert [info.slot for info in infos] == ["second-try", "first"]  # newest first
    info = infos[0]
    assert (info.world_id, info.world_title, info.scene_title) == (
        "lighthouse",
        "The Lighthouse Keeper",
        "The store room",
    )
    assert info.status == {"Lamp oil": 1, "Ships guided": 2}
    assert (info.steps, info.played_seconds, info.ending) == (3, 61.5, None)
    assert store.latest() == info
    save = store.read("second-try", lighthouse)
    assert save.world_version == "0.1.0"
    story, divergence = resume(lighthouse, save)
    assert divergence is None
    assert story.state == "store" and story.variables["ships"] == 2
    assert [c.id for c in story.choices()] == ["fetch_oil", "sleep"]
    store.delete("first")
    assert [info.slot for info in store.list()] == ["second-try"]
    with pytest.raises(SaveError, match="no save 'first'"):
        store.delete("first")


def test_saving_the_same_run_again_keeps_its_created_time(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    story = Story(lighthouse, 2)
    first = store.write("slot", story, 1.0)
    story.choose("trim")
    second = store.write("slot", story, 2.0)
    assert second.created == first.created and second.updated > first.updated
    other = Story(lighthouse, 3)  # a new run in the same slot is a new save
    third = store.write("slot", other, 0.5)
    assert third.created > first.created


def test_a_save_records_the_ending_and_endings_are_kept_across_runs(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    saved(store, lighthouse, "done", ["trim", "trim", "descend", "sleep"])
    assert store.read("done").info.ending == "A quiet night"
    assert store.endings_found(lighthouse) == set()
    store.record_ending(lighthouse, "dawn")
    store.record_ending(lighthouse, "dawn")
    assert SaveStore(tmp_path).endings_found(lighthouse) == {"dawn"}
    assert [info.slot for info in store.list()] == ["done"]  # the endings file is not a save
    with pytest.raises(ValueError):
        store.record_ending(lighthouse, "store")


# --- broken, hostile and foreign saves ---------------------------------------------------------------


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:200])


def _not_json(path: Path) -> None:
    path.write_text("this is my save, honest\n")


def _wrong_type(path: Path) -> None:
    edit(path, lambda d: d.__setitem__("seed", "four"))


def _future(path: Path) -> None:
    edit(path, lambda d: d.__setitem__("format", FORMAT + 1))


def _checksum(path: Path) -> None:
    path.write_text(path.read_text().replace('"Ships guided": 2', '"Ships guided": 99'))


def _summary(path: Path) -> None:
    edit(path, lambda d: d["summary"]["status"].__setitem__("Ships guided", 99))


def _run(path: Path) -> None:
    edit(path, lambda d: d["steps"].__setitem__(0, ["lamp_room", "sleep"]))


BROKEN = {
    "truncated": (_truncate, "is truncated"),
    "not JSON": (_not_json, "is not valid JSON"),
    "wrong type": (_wrong_type, "has a wrong type"),
    "future format": (_future, f"newer io-game (save format {FORMAT + 1}"),
    "edited (checksum)": (_checksum, "checksum does not match"),
    "tampered summary": (_summary, "summary does not match its replay"),
    "tampered run": (_run, "run does not replay"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_each_broken_save_is_one_clear_line_in_the_api_and_the_cli(
    case: str, tmp_path: Path, lighthouse: World
) -> None:
    spoil, message = BROKEN[case]
    store = SaveStore(tmp_path)
    path = saved(store, lighthouse, "broken", ["trim", "trim", "descend"])
    spoil(path)
    with pytest.raises(SaveError) as caught:
        resume(lighthouse, store.read("broken", lighthouse))
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert str(path) in str(caught.value)
    result = cli("replay", "broken", "--saves-dir", str(tmp_path), "--world", str(LIGHTHOUSE))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_save_of_another_world_says_so(tmp_path: Path, lighthouse: World) -> None:
    folder = copy_world(tmp_path)
    (folder / "world.yaml").write_text((folder / "world.yaml").read_text().replace("id: lighthouse", "id: harbour"))
    harbour = load_world(folder)
    store = SaveStore(tmp_path / "saves")
    saved(store, lighthouse, "keeper", ["trim"])
    with pytest.raises(SaveError, match="from the world 'lighthouse', not 'harbour'"):
        store.read("keeper", harbour)
    result = cli("replay", "keeper", "--saves-dir", str(tmp_path / "saves"), "--world", str(folder))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "from the world 'lighthouse', not 'harbour'" in result.stderr


def test_broken_files_are_listed_as_broken_and_skipped_by_latest(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    saved(store, lighthouse, "good", ["trim"])
    (tmp_path / "junk.json").write_bytes(b"\x00\xff garbage")
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "deep.json").write_text("[" * 100_000)
    os.utime(tmp_path / "good.json", (1, 1))
    infos = {info.slot: info for info in store.list()}
    assert set(infos) == {"good", "junk", "empty", "list", "deep"}
    assert not infos["good"].broken
    assert "not a save (not UTF-8" in (infos["junk"].error or "")
    assert "is empty" in (infos["empty"].error or "")
    assert "not an io-game save" in (infos["list"].error or "")
    assert infos["deep"].broken
    latest = store.latest()
    assert latest is not None and latest.slot == "good"
    result = cli("saves", "--saves-dir", str(tmp_path))
    assert result.returncode == 1  # something is broken: say so to scripts too
    assert "BROKEN: save" in result.stdout and "good" in result.stdout and "Traceback" not in result.stderr


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    with pytest.raises(SaveError, match="too large"):
        read_save(path)


# --- a full disk ------------------------------------------------------------------------------------


def test_a_full_disk_keeps_the_old_save_and_says_so(
    tmp_path: Path, lighthouse: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SaveStore(tmp_path)
    path = saved(store, lighthouse, "slot", ["trim"])
    before = path.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    story = play(lighthouse, ["trim", "trim", "descend"])
    with pytest.raises(SaveError) as caught:
        store.write("slot", story, 5.0)
    assert "the disk is full; the previous save is kept" in str(caught.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["slot.json"]  # no temp file left behind
    monkeypatch.undo()
    assert store.read("slot").info.steps == 1


def test_a_failing_autosave_prints_one_line_and_the_game_goes_on(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the saves folder should be")
    result = cli("play", "--plain", str(LIGHTHOUSE), "--seed", "1", "--saves-dir", str(blocked), stdin="1\n1\n2\n2\n")
    assert result.returncode == 0
    assert "*** The end: A quiet night ***" in result.stdout
    assert result.stderr.count("\n") == 1  # said once, not after every choice
    assert result.stderr.startswith("io-game: Autosave failed: could not create the saves folder")


def test_plain_play_autosaves_after_every_choice_and_records_the_ending(tmp_path: Path, lighthouse: World) -> None:
    result = cli("play", "--plain", str(LIGHTHOUSE), "--seed", "1", "--saves-dir", str(tmp_path), stdin="1\n1\n2\n")
    assert result.returncode == 0 and result.stderr == ""
    store = SaveStore(tmp_path)
    save = store.read("autosave-lighthouse", lighthouse)
    assert save.info.steps == 3 and save.info.scene_title == "The store room"
    cli("play", "--plain", str(LIGHTHOUSE), "--seed", "1", "--saves-dir", str(tmp_path), stdin="1\n1\n2\n2\n")
    assert store.endings_found(lighthouse) == {"dawn"}
    assert store.read("autosave-lighthouse").info.ending == "A quiet night"


# --- a changed world --------------------------------------------------------------------------------


def test_a_changed_world_resumes_at_the_last_good_step(tmp_path: Path) -> None:
    folder = copy_world(tmp_path)
    world = load_world(folder)
    store = SaveStore(tmp_path / "saves")
    saved(store, world, "run", ["trim", "descend", "fetch_oil", "write", "descend"])
    # The author makes writing in the log need a storm.
    scenes = folder / "scenes" / "tower.yaml"
    scenes.write_text(
        scenes.read_text().replace(
            "      once: true\n      do: log", "      if: storm\n      once: true\n      do: log"
        )
    )
    changed = load_world(folder)
    assert changed.content_hash != world.content_hash
    story, divergence = resume(changed, store.read("run", changed))
    assert divergence is not None
    assert (divergence.index, divergence.step.scene, divergence.step.choice) == (4, "lamp_room", "write")
    assert "condition does not hold" in divergence.reason
    assert len(story.steps) == 3 and story.state == "lamp_room" and story.variables["oil"] == 4
    result = cli("saves", "--check", str(folder), "--saves-dir", str(tmp_path / "saves"))
    assert result.returncode == 1
    assert "BREAKS  run: step 4 (scene 'lamp_room', choice 'write')" in result.stdout
    assert "the first 3 of 5 steps still play" in result.stdout
    replay = cli("replay", "run", "--world", str(folder), "--saves-dir", str(tmp_path / "saves"))
    assert replay.returncode == 1
    assert "> 1. Carry up a can of oil" in replay.stdout and "Write in the log" not in replay.stdout.split("> ")[-1]
    assert "the world changed since this save: step 4" in replay.stderr


def test_reordering_choices_breaks_no_save(tmp_path: Path) -> None:
    folder = copy_world(tmp_path)
    world = load_world(folder)
    store = SaveStore(tmp_path / "saves")
    saved(store, world, "run", ["write", "trim", "descend", "fetch_oil"])
    scenes = folder / "scenes" / "tower.yaml"
    text = scenes.read_text()
    trim_start = text.index("    - id: trim")
    descend_start = text.index("    - id: descend")
    scenes.write_text(
        text[:trim_start]
        + text[descend_start : text.index("    - id: watch")]
        + text[trim_start:descend_start]
        + text[text.index("    - id: watch") :]
    )
    reordered = load_world(folder)
    assert [c.id for c in reordered.scenes["lamp_room"].choices][:2] == ["descend", "trim"]
    result = cli("saves", "--check", str(folder), "--saves-dir", str(tmp_path / "saves"))
    assert result.returncode == 0, result.stdout
    assert "ok      run: all 4 steps play" in result.stdout


def test_saves_check_skips_other_worlds_and_reports_broken_files(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    saved(store, lighthouse, "mine", ["trim"])
    edit(saved(store, lighthouse, "other", ["trim"]), lambda d: d["world"].__setitem__("id", "io"))
    (tmp_path / "cut.json").write_text('{"kind": "io-game save", "format": 1, "wor')
    result = cli("saves", "--check", str(LIGHTHOUSE), "--saves-dir", str(tmp_path))
    assert result.returncode == 1
    assert "ok      mine" in result.stdout
    assert "BROKEN  cut: save" in result.stdout and "is truncated" in result.stdout
    assert "(1 save(s) of other worlds not checked)" in result.stdout
    assert "1 of 2 save(s) would break." in result.stdout


def test_the_cli_lists_saves_and_deletes_one(
    tmp_path: Path, lighthouse: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["saves", "--saves-dir", str(tmp_path)]) == 0
    assert "No saves in" in capsys.readouterr().out
    saved(SaveStore(tmp_path), lighthouse, "evening", ["trim", "trim"])
    assert main(["saves", "--saves-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "evening" in out and "Lamp oil 1, Ships guided 2" in out and "2 steps, played 1m 01s" in out
    assert main(["saves", "--delete", "evening", "--saves-dir", str(tmp_path)]) == 0
    assert main(["saves", "--delete", "evening", "--saves-dir", str(tmp_path)]) == 1
    assert "there is no save 'evening'" in capsys.readouterr().err


def test_temp_files_of_dead_writers_are_swept_once_old(tmp_path: Path, lighthouse: World) -> None:
    old = tmp_path / ".slot.json.abc123.tmp"
    fresh = tmp_path / ".slot.json.def456.tmp"
    old.write_text('{"kind": "io-game sa')
    fresh.write_text('{"kind": "io-game sa')
    os.utime(old, (1, 1))
    saved(SaveStore(tmp_path), lighthouse, "slot", ["trim"])
    assert not old.exists()
    assert fresh.exists()  # it may belong to a writer at work right now


def test_replay_json_ends_with_the_divergence(tmp_path: Path) -> None:
    folder = copy_world(tmp_path)
    store = SaveStore(tmp_path / "saves")
    saved(store, load_world(folder), "run", ["trim", "trim", "descend", "sleep"], seed=1)
    scenes = folder / "scenes" / "tower.yaml"
    scenes.write_text(scenes.read_text().replace("if: ships >= 2 or storm", "if: ships >= 3"))
    result = cli("replay", "run", "--json", "--world", str(folder), "--saves-dir", str(tmp_path / "saves"))
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("step") for r in records[:3]] == [1, 2, 3]
    assert records[3]["diverged"]["step"] == 4 and records[3]["diverged"]["choice"] == "sleep"


def test_latest_can_ask_for_the_newest_save_of_one_world(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    saved(store, lighthouse, "keeper", ["trim"])
    edit(saved(store, lighthouse, "other", ["trim"]), lambda d: d["world"].__setitem__("id", "io"))
    os.utime(tmp_path / "keeper.json", (1, 1))
    newest = store.latest()
    assert newest is not None and newest.slot in ("keeper", "other")
    mine = store.latest(lighthouse)
    assert mine is not None and mine.slot == "keeper"
