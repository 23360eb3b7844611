"""`io-game new DIR` writes a world that loads, lints clean, validates against the schema and plays."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.lint import lint
from game.authoring.playtest import exhaustive_playtest
from game.authoring.schema import files
from game.cli import main
from game.world import load_world


def test_new_world_is_valid_and_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my-garden"
    assert main(["new", str(target)]) == 0
    assert "io-game check" in capsys.readouterr().out
    world = load_world(target)
    assert world.id == "my_garden" and world.title == "My Garden"
    assert lint(world).warnings == []
    report = exhaustive_playtest(world)
    assert report.exploration.complete and not report.dead_ends
    assert {scene.id for scene in world.endings} <= set(report.witnesses)
    assert main(["check", str(target), "--strict"]) == 0


def test_new_world_points_editors_at_the_schema_even_after_the_folder_moves(tmp_path: Path) -> None:
    target = tmp_path / "w"
    assert main(["new", str(target), "--id", "w", "--title", 'A "quoted" title']) == 0
    assert load_world(target).title == 'A "quoted" title'
    moved = tmp_path / "elsewhere" / "deeper" / "w"
    moved.parent.mkdir(parents=True)
    target.rename(moved)
    generated = files()
    for file, schema in ((moved / "world.yaml", "world"), (moved / "scenes" / "start.yaml", "scenes")):
        first = file.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        where = file.parent / first.split("=", 1)[1]
        assert where.read_text(encoding="utf-8") == generated[f"{schema}.schema.json"]
    assert load_world(moved).id == "w"  # the copied schemas are not part of the world


def test_new_without_schema_writes_no_schema_lines(tmp_path: Path) -> None:
    assert main(["new", str(tmp_path / "w"), "--no-schema"]) == 0
    assert not (tmp_path / "w" / ".schema").exists()
    assert "yaml-language-server" not in (tmp_path / "w" / "world.yaml").read_text()


def test_new_refuses_a_folder_with_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("keep me")
    assert main(["new", str(tmp_path / "full")]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "full" / "x").read_text() == "keep me"
    assert main(["new", str(tmp_path / "ok"), "--id", "Bad Id"]) == 2


def test_the_schema_generator_answers_help_and_refuses_unknown_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--help` says how to use it and writes nothing (it once wrote the schemas into ./--help/)."""
    from game.authoring.schema import main as write_schemas

    with pytest.raises(SystemExit) as help_exit:
        write_schemas(["--help"])
    assert help_exit.value.code == 0
    assert "where to write them" in capsys.readouterr().out
    with pytest.raises(SystemExit) as bad_exit:
        write_schemas(["--bogus"])
    assert bad_exit.value.code == 2
    assert write_schemas([str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["scenes.schema.json", "world.schema.json"]
