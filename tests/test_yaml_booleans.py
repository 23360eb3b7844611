"""A plain On, yes or off where text belongs: YAML 1.1 reads it as true/false. The error says which
word was read that way and how to keep it (quote it), once, at its line and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.world import WorldError, load_world
from tests.conftest import LIGHTHOUSE


def broken(tmp_path: Path, old: str, new: str) -> list[str]:
    shutil.copytree(LIGHTHOUSE, tmp_path / "w")
    scenes = tmp_path / "w" / "scenes" / "tower.yaml"
    text = scenes.read_text()
    assert old in text
    scenes.write_text(text.replace(old, new, 1))
    with pytest.raises(WorldError) as caught:
        load_world(tmp_path / "w")
    return [str(d) for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    ("old", "new", "word", "read", "line"),
    [
        ("text: Trim the wick", "text: On", "On", "true", 15),
        ("title: The lamp room", "title: yes", "yes", "true", 2),
        ("text: Trim the wick", "text: OFF", "OFF", "false", 15),
    ],
)
def test_a_yaml_boolean_where_text_belongs_says_what_was_read_and_to_quote_it(
    tmp_path: Path, old: str, new: str, word: str, read: str, line: int
) -> None:
    [error] = broken(tmp_path, old, new)  # one error: no "the title is empty" after it
    assert f"tower.yaml:{line}:" in error and "E010" in error
    assert f"is {word}, which YAML reads as {read}, not as text" in error
    assert f'quote it to keep the word: "{word}"' in error


def test_the_quoted_word_loads_as_text(tmp_path: Path) -> None:
    shutil.copytree(LIGHTHOUSE, tmp_path / "w")
    scenes = tmp_path / "w" / "scenes" / "tower.yaml"
    scenes.write_text(scenes.read_text().replace("text: Trim the wick", 'text: "On"', 1))
    world = load_world(tmp_path / "w")
    assert world.scenes["lamp_room"].choice("trim").text == "On"  # type: ignore[union-attr]


def test_a_number_where_text_belongs_is_still_text(tmp_path: Path) -> None:
    shutil.copytree(LIGHTHOUSE, tmp_path / "w")
    scenes = tmp_path / "w" / "scenes" / "tower.yaml"
    scenes.write_text(scenes.read_text().replace("text: Trim the wick", "text: 42", 1))
    assert load_world(tmp_path / "w").scenes["lamp_room"].choice("trim").text == "42"  # type: ignore[union-attr]
