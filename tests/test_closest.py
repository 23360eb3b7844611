"""The did-you-mean's rules (game/support/closest.py), as an author meets them in every message that
suggests a name: a key, a scene, a variable, `--focus`."""

from __future__ import annotations

from game.support.closest import closest


def test_a_name_typed_short_is_taken_for_the_one_name_it_starts() -> None:
    assert closest("ini", ["initial", "min", "max", "label"]) == "initial"
    assert closest("in", ["initial", "max"]) == "initial"  # two letters are a start already


def test_a_start_shared_by_several_names_suggests_the_most_similar_of_those() -> None:
    assert closest("rea", ["reading_room", "reactor", "area"]) == "reactor"  # not 'area', more similar
    assert closest("hop", ["hope_lost", "hopes", "hop_x_y_z", "shop"]) == "hopes"


def test_one_letter_is_never_taken_as_a_start() -> None:
    assert closest("m", ["min", "hope"]) is None


def test_a_name_nothing_resembles_gets_no_suggestion() -> None:
    assert closest("zzz", ["hope", "air"]) is None
    assert closest("hop", []) is None


def test_otherwise_the_most_similar_name_is_suggested() -> None:
    assert closest("hpoe", ["hope", "air", "micah"]) == "hope"
    assert closest("titel", iter(["title", "text"])) == "title"
