"""Faults a code review found, each reproduced here before it was fixed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import Story
from game.saves import SaveError, SaveStore, checksum, resume
from game.world import World, WorldError, load_world
from tests.conftest import LIGHTHOUSE


def _saved(tmp_path: Path, world: World) -> tuple[SaveStore, Path, dict]:  # type: ignore[type-arg]
    store = SaveStore(tmp_path)
    story = Story(world, 3)
    story.choose("trim")
    info = store.write("one", story, 5.0)
    return store, info.path, json.loads(info.path.read_text())


def _rewrite(path: Path, data: dict) -> None:  # type: ignore[type-arg]
    data["checksum"] = checksum({k: v for k, v in data.items() if k != "checksum"})
    path.write_text(json.dumps(data))


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True)


def test_a_lone_surrogate_in_a_save_is_listed_as_broken_not_a_crash(tmp_path: Path, lighthouse: World) -> None:
    store, path, _data = _saved(tmp_path, lighthouse)
    path.write_text(path.read_text().replace("{", '{"x": "\\ud800", ', 1))
    with pytest.raises(SaveError, match="unpaired surrogate"):
        store.read("one")
    assert [info.broken for info in store.list()] == [True]
    result = run_cli("saves", "--saves-dir", str(tmp_path))
    assert result.returncode == 1 and "unpaired surrogate" in result.stdout  # a broken save is listed
    assert "internal error" not in result.stderr


def test_a_date_out_of_range_is_a_save_error(tmp_path: Path, lighthouse: World) -> None:
    store, path, data = _saved(tmp_path, lighthouse)
    data["updated"] = "0001-01-01T00:00:00+14:00"
    _rewrite(path, data)
    with pytest.raises(SaveError, match="updated"):
        store.read("one")
    result = run_cli("saves", "--saves-dir", str(tmp_path))
    assert result.returncode == 1 and "'updated' must be a date" in result.stdout
    assert "internal error" not in result.stderr


def test_true_is_not_1_when_a_summary_is_checked(tmp_path: Path, lighthouse: World) -> None:
    store, path, data = _saved(tmp_path, lighthouse)
    data["summary"]["status"]["ships"] = True  # the replay says 1
    _rewrite(path, data)
    with pytest.raises(SaveError, match="tampered"):
        resume(lighthouse, store.read("one"))


def test_a_deeply_nested_endings_file_counts_as_no_endings_found(tmp_path: Path, lighthouse: World) -> None:
    store = SaveStore(tmp_path)
    (tmp_path / ".endings.json").write_text("[" * 100_000)
    assert store.endings_found(lighthouse) == set()


def test_plain_play_answers_unicode_digits_with_a_hint() -> None:
    result = run_cli("play", "--plain", str(LIGHTHOUSE), "--seed", "1", stdin="²\n")
    assert result.returncode == 0, result.stderr
    assert "Type a number from 1 to 4" in result.stdout


def test_a_seed_out_of_range_is_refused_before_anything_is_saved(tmp_path: Path) -> None:
    result = run_cli("play", "--plain", str(LIGHTHOUSE), "--seed", "-1", "--saves-dir", str(tmp_path), stdin="1\n")
    assert result.returncode == 2
    assert "seed must be a whole number" in result.stderr
    assert not list(tmp_path.glob("*.json"))


def test_the_bare_yaml_tag_is_refused_too(tmp_path: Path) -> None:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text("id: w\ntitle: ! W\nstart: a\n")
    (tmp_path / "scenes" / "s.yaml").write_text("a:\n  title: A\n  text: x\n  ending: {title: E}\n")
    with pytest.raises(WorldError) as caught:
        load_world(tmp_path)
    assert [d.code for d in caught.value.diagnostics] == ["E003"]


def test_replay_json_writes_ascii_only(tmp_path: Path, lighthouse: World) -> None:
    _saved(tmp_path, lighthouse)
    result = run_cli("replay", "one", "--json", "--world", str(LIGHTHOUSE), "--saves-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii() and result.stdout.count("\n") >= 1
