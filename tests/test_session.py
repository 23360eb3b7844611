"""The play session, without any front end: new, continue, load, choose, undo, fork, reload, and
the autosave policy that never loses a run (each of the five ways a newcomer once lost one)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import game.saves.format
from game.engine import Story
from game.play.session import Notice, Session
from game.saves import FORMAT, SaveStore, autosave_slot, unfinished_slot
from game.saves.store import KEEP_UNFINISHED
from game.world import World, load_world
from tests.conftest import LIGHTHOUSE

# In the lighthouse world from the start: trim, watch (once), write (once), descend ... ; a run
# of these stays unfinished for a while.
EIGHT = ["trim", "write", "trim", "descend", "fetch_oil", "trim", "descend", "fetch_oil"]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def session(world: World, folder: Path, seed: int = 4, notices: list[Notice] | None = None) -> Session:
    said = notices if notices is not None else []
    return Session(world, SaveStore(folder), seed=seed, notify=said.append, clock=Clock())


def played(s: Session, choices: list[str]) -> Session:
    for choice in choices:
        s.choose(choice)
    return s


def steps(store: SaveStore, slot: str, world: World) -> list[str]:
    return [step.choice for step in store.read(slot, world).run.steps]


def kept_runs(store: SaveStore, world: World) -> list[list[str]]:
    return [steps(store, info.slot, world) for info in store.unfinished(world.id)]


def test_a_new_game_starts_at_the_start_and_saves_nothing_until_a_choice(tmp_path: Path, lighthouse: World) -> None:
    s = session(lighthouse, tmp_path)
    assert s.story is None and s.continue_info() is None
    assert s.new_game()
    assert s.story is not None and s.story.state == lighthouse.start and s.story.seed == 4
    assert s.store.list() == []
    s.choose("trim")
    assert steps(s.store, autosave_slot("lighthouse"), lighthouse) == ["trim"]


def test_each_new_game_of_a_session_gets_the_next_seed(tmp_path: Path, lighthouse: World) -> None:
    s = session(lighthouse, tmp_path, seed=10)
    s.new_game()
    s.new_game()
    assert s.story is not None and s.story.seed == 11


def test_continue_finds_the_same_scene_variables_and_steps(tmp_path: Path, lighthouse: World) -> None:
    first = played(session(lighthouse, tmp_path), [])
    first.new_game()
    played(first, EIGHT[:5])
    assert first.story is not None
    before = (first.story.state, dict(first.story.variables), first.story.run.steps)
    again = session(lighthouse, tmp_path)
    assert again.continue_game()
    assert again.story is not None
    assert (again.story.state, again.story.variables, again.story.run.steps) == before


def test_continue_with_nothing_saved_says_so(tmp_path: Path, lighthouse: World) -> None:
    notices: list[Notice] = []
    assert not session(lighthouse, tmp_path, notices=notices).continue_game()
    assert [n.level for n in notices] == ["warning"] and "No saved run" in notices[0].text


def test_the_played_clock_carries_over_a_save_and_load(tmp_path: Path, lighthouse: World) -> None:
    s = session(lighthouse, tmp_path)
    s.new_game()
    clock = s._clock
    assert isinstance(clock, Clock)
    clock.now += 90
    s.choose("trim")
    assert s.save("named").played_seconds == 90
    again = session(lighthouse, tmp_path)
    again.load("named")
    assert isinstance(again._clock, Clock)
    again._clock.now += 30
    assert again.played_seconds() == 120


def test_undo_restores_the_step_before_and_only_what_was_saved_is_kept(tmp_path: Path, lighthouse: World) -> None:
    s = session(lighthouse, tmp_path)
    s.new_game()
    played(s, ["trim", "write"])
    assert s.story is not None
    before = (dict(s.story.variables), s.story.state, s.story.run.steps)
    s.choose("trim")
    assert s.undo()
    assert (s.story.variables, s.story.state, s.story.run.steps) == before
    # Not saved by itself: the autosave is written when the player leaves or chooses.
    assert steps(s.store, autosave_slot("lighthouse"), lighthouse) == ["trim", "write", "trim"]
    assert s.undo() and s.undo() and not s.undo()  # back at the start: nothing more to undo
    assert s.story.run.steps == ()


def test_fork_plays_on_from_a_story_made_elsewhere(tmp_path: Path, lighthouse: World) -> None:
    s = session(lighthouse, tmp_path)
    story = Story(lighthouse, 9)
    story.choose("descend")
    s.fork(story)
    s.autosave()  # as leaving the game does: nothing new yet, so nothing written
    assert not s.store.exists(autosave_slot("lighthouse"))
    s.choose("fetch_oil")
    assert steps(s.store, autosave_slot("lighthouse"), lighthouse) == ["descend", "fetch_oil"]


def test_an_ending_is_recorded_and_continue_opens_it(tmp_path: Path, lighthouse: World) -> None:
    s = session(lighthouse, tmp_path, seed=1)
    s.new_game()
    played(s, ["trim", "trim", "descend", "sleep"])
    assert s.story is not None and s.story.is_over
    assert s.store.endings_found(lighthouse) == {"dawn"}
    again = session(lighthouse, tmp_path)
    assert again.continue_game() and again.story is not None and again.story.is_over


def test_a_save_of_another_world_is_refused_with_a_notice(tmp_path: Path, lighthouse: World) -> None:
    other = copy_world(tmp_path, "harbour")
    theirs = session(other, tmp_path / "saves")
    theirs.new_game()
    theirs.choose("trim")
    theirs.save("theirs")
    notices: list[Notice] = []
    ours = session(lighthouse, tmp_path / "saves", notices=notices)
    assert not ours.load("theirs")
    assert ours.story is None and notices[0].level == "error"


def test_reload_replays_the_run_on_the_new_world(tmp_path: Path, lighthouse: World) -> None:
    s = session(lighthouse, tmp_path)
    s.new_game()
    played(s, ["trim", "write"])
    assert s.reload(load_world(LIGHTHOUSE)) is None
    assert s.story is not None and [step.choice for step in s.story.steps] == ["trim", "write"]


# --- the autosave policy: a run in progress is never lost -------------------------------------------


def eight_step_run(tmp_path: Path, world: World) -> Session:
    s = session(world, tmp_path)
    s.new_game()
    return played(s, EIGHT)


def test_a_new_game_keeps_the_unfinished_run(tmp_path: Path, lighthouse: World) -> None:
    notices: list[Notice] = []
    s = eight_step_run(tmp_path, lighthouse)
    s._notify = notices.append
    s.new_game()
    s.choose("descend")
    assert kept_runs(s.store, lighthouse) == [EIGHT]
    assert steps(s.store, autosave_slot("lighthouse"), lighthouse) == ["descend"]
    assert any("unfinished run is kept" in n.text and n.detail.startswith("unfinished-lighthouse-") for n in notices)


def test_an_undo_then_another_choice_keeps_the_longer_run(tmp_path: Path, lighthouse: World) -> None:
    s = eight_step_run(tmp_path, lighthouse)
    s.undo()
    s.undo()
    s.choose("watch")
    assert kept_runs(s.store, lighthouse) == [EIGHT]
    assert steps(s.store, autosave_slot("lighthouse"), lighthouse) == [*EIGHT[:6], "watch"]


def test_an_undo_then_the_same_choice_keeps_nothing_extra(tmp_path: Path, lighthouse: World) -> None:
    s = eight_step_run(tmp_path, lighthouse)
    s.undo()
    s.choose(EIGHT[-1])
    assert kept_runs(s.store, lighthouse) == []


def test_loading_a_save_and_choosing_keeps_the_autosaved_run(tmp_path: Path, lighthouse: World) -> None:
    other = session(lighthouse, tmp_path, seed=30)
    other.new_game()
    other.choose("descend")
    other.save("named")  # a one-step run in a named slot
    s = eight_step_run(tmp_path, lighthouse)  # the eight-step run now holds the autosave
    assert kept_runs(s.store, lighthouse) == [["descend"]]  # the other session's autosave, kept
    s.load("named")
    s.choose("fetch_oil")
    assert kept_runs(s.store, lighthouse) == [EIGHT, ["descend"]]
    assert steps(s.store, "named", lighthouse) == ["descend"]  # a named save is never autosaved over
    assert steps(s.store, autosave_slot("lighthouse"), lighthouse) == ["descend", "fetch_oil"]


def test_plain_play_beside_an_unfinished_run_keeps_it(tmp_path: Path, lighthouse: World) -> None:
    from tests.test_saves import cli

    eight_step_run(tmp_path, lighthouse)
    result = cli("play", "--plain", str(LIGHTHOUSE), "--seed", "1", "--saves-dir", str(tmp_path), stdin="2\n")
    assert result.returncode == 0
    store = SaveStore(tmp_path)
    assert kept_runs(store, lighthouse) == [EIGHT]
    assert "is kept" in result.stderr


def test_another_world_in_the_same_folder_has_its_own_autosave_and_continue(tmp_path: Path, lighthouse: World) -> None:
    harbour = copy_world(tmp_path, "harbour")
    saves = tmp_path / "saves"
    ours = session(lighthouse, saves)
    ours.new_game()
    played(ours, EIGHT)
    theirs = session(harbour, saves)
    theirs.new_game()
    theirs.choose("descend")
    store = SaveStore(saves)
    assert kept_runs(store, lighthouse) == [] and kept_runs(store, harbour) == []
    again = session(lighthouse, saves)
    assert again.continue_game() and again.story is not None
    assert [step.choice for step in again.story.steps] == EIGHT
    info = session(harbour, saves).continue_info()
    assert info is not None and info.slot == autosave_slot("harbour")


def test_only_the_newest_unfinished_runs_are_kept(tmp_path: Path, lighthouse: World) -> None:
    s = session(lighthouse, tmp_path)
    runs = [["trim"], ["write"], ["descend"], ["trim", "trim"], ["write", "trim"], ["descend", "fetch_oil"], ["watch"]]
    for choices in runs:
        s.new_game()
        played(s, choices)
    kept = kept_runs(s.store, lighthouse)
    assert len(kept) == KEEP_UNFINISHED < len(runs) - 1
    assert sorted(map(tuple, kept)) == sorted(map(tuple, runs[-1 - KEEP_UNFINISHED : -1]))


def test_a_growing_run_is_autosaved_without_reading_the_save_again(
    tmp_path: Path, lighthouse: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = session(lighthouse, tmp_path)
    s.new_game()
    s.choose("trim")
    reads: list[Path] = []
    real = game.saves.format.read_save

    def counting(path: Path, slot: str | None = None) -> game.saves.format.SaveFile:
        reads.append(path)
        return real(path, slot)

    monkeypatch.setattr(game.saves.store, "read_save", counting)
    played(s, EIGHT[1:])
    assert reads == []  # the cost of an autosave does not grow with the run


def copy_world(tmp_path: Path, world_id: str) -> World:
    folder = tmp_path / world_id
    shutil.copytree(LIGHTHOUSE, folder)
    text = (folder / "world.yaml").read_text()
    (folder / "world.yaml").write_text(text.replace("id: lighthouse", f"id: {world_id}", 1))
    return load_world(folder)


# --- leaving the game (an autosave with nothing new) changes nothing on disk ---------------------


def slots(store: SaveStore) -> dict[str, int]:
    return {info.slot: info.steps for info in store.list()}


def test_leaving_after_an_undo_continues_there_and_keeps_the_longer_run_once(tmp_path: Path, lighthouse: World) -> None:
    s = eight_step_run(tmp_path, lighthouse)
    for _ in range(5):  # undo and leave, again and again
        s.undo()
        s.autosave()
    assert steps(s.store, autosave_slot("lighthouse"), lighthouse) == EIGHT[:3]
    assert kept_runs(s.store, lighthouse) == [EIGHT]  # once, not every length of it
    again = session(lighthouse, tmp_path)
    assert again.continue_game() and again.story is not None and len(again.story.steps) == 3


def test_loading_and_leaving_changes_nothing(tmp_path: Path, lighthouse: World) -> None:
    s = eight_step_run(tmp_path, lighthouse)
    s.new_game()
    played(s, ["descend"])  # the eight-step run is kept
    before = slots(s.store)
    [kept] = s.store.unfinished("lighthouse")
    for _ in range(3):
        s.load(kept.slot)
        s.autosave()
        s.load(autosave_slot("lighthouse"))
        s.autosave()
    assert slots(s.store) == before


def test_a_new_game_left_before_its_first_choice_leaves_continue_alone(tmp_path: Path, lighthouse: World) -> None:
    s = eight_step_run(tmp_path, lighthouse)
    s.new_game()
    s.autosave()  # back to the title
    assert slots(s.store) == {autosave_slot("lighthouse"): 8}
    info = session(lighthouse, tmp_path).continue_info()
    assert info is not None and info.steps == 8


def test_a_run_kept_once_is_not_kept_again(tmp_path: Path, lighthouse: World) -> None:
    s = eight_step_run(tmp_path, lighthouse)
    s.undo()
    s.undo()
    s.choose("watch")  # the eight-step run is kept
    s.load(s.store.unfinished("lighthouse")[0].slot)
    s.undo()
    s.undo()
    s.choose("watch")  # the same seven steps again: the autosave holds them, nothing new to keep
    assert kept_runs(s.store, lighthouse) == [EIGHT]
    s.load(s.store.unfinished("lighthouse")[0].slot)
    s.choose("trim")  # the eight and trim: the autosave's run (six and watch) is kept now
    assert sorted(map(len, kept_runs(s.store, lighthouse))) == [7, 8]


def test_an_autosave_this_version_cannot_read_is_kept_byte_for_byte(tmp_path: Path, lighthouse: World) -> None:
    s = eight_step_run(tmp_path, lighthouse)
    path = s.store.path_for(autosave_slot("lighthouse"))
    newer = path.read_text().replace(f'"format": {FORMAT}', f'"format": {FORMAT + 1}', 1)
    path.write_text(newer)
    notices: list[Notice] = []
    other = session(lighthouse, tmp_path, seed=40, notices=notices)
    other.new_game()
    other.choose("descend")
    kept = [p for p in tmp_path.glob("unfinished-lighthouse-*.json")]
    assert [p.read_text() for p in kept] == [newer]
    assert any("cannot read" in n.text for n in notices)


def test_kept_runs_of_a_world_whose_id_is_a_prefix_of_another_stay_apart(tmp_path: Path, lighthouse: World) -> None:
    long_id, short_id = "a" * 40, "a" * 25
    store = SaveStore(tmp_path)
    story = Story(lighthouse, 1)
    story.choose("trim")
    store.write(unfinished_slot(long_id, "20260101-000000"), story, 1.0)
    assert store.unfinished(short_id) == []
