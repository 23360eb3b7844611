"""Playing with the keyboard alone: a whole run, save and Continue, undo, the journal, replay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, OptionList, Static

from game.ui.screens.ending import EndingScreen
from game.ui.screens.game import GameScreen
from game.ui.screens.journal import JournalScreen
from game.ui.screens.replay import ReplayScreen
from game.ui.screens.saves import LoadScreen, SaveScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.menu import Menu
from game.ui.widgets.narration import Narration
from game.ui.widgets.notice import Notice
from game.ui.widgets.status import StatusPanel
from tests.ui.conftest import make_app, play

# The lighthouse: trim the wick twice (two ships guided), go down, sleep: the ending "A quiet night".
TO_THE_END = ["1", "1", "2", "2"]


def visible_text(app: Any, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render())


def test_a_whole_run_to_an_ending_with_the_keyboard(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("enter")  # "New game" is highlighted when there is no save
        assert isinstance(app.screen, GameScreen)
        assert "The lamp room" in visible_text(app, "#narration")
        await pilot.press("1")
        assert app.story.variables["ships"] == 1
        assert "Trim the wick" in visible_text(app, "#narration")  # the choice just made is shown
        await pilot.press("1", "down", "enter")  # arrows and Enter work as well as numbers
        assert app.story.state == "store"
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        ending = visible_text(app, "#ending")
        assert "A quiet night" in ending
        assert "Endings found: 1 of 1" in ending
        assert "4 choices" in ending

    play(app, script)
    assert app.store.endings_found(app.world) == {"dawn"}


def test_save_quit_and_continue_finds_the_same_place(saves: Path) -> None:
    first = make_app(saves)
    seen: dict[str, Any] = {}

    async def save_and_quit(pilot: Any) -> None:
        await pilot.press("enter", "1", "3")  # trim the wick, watch the horizon
        await pilot.press("s")
        assert isinstance(first.screen, SaveScreen)
        field = first.screen.query_one(Input)
        field.value = "My slot"  # cleaned to a file name: my-slot
        await pilot.press("enter")
        assert isinstance(first.screen, GameScreen)
        seen["scene"] = first.story.state
        seen["variables"] = dict(first.story.variables)
        seen["steps"] = first.story.run.steps
        await pilot.press("escape")  # back to the title
        assert isinstance(first.screen, TitleScreen)
        first.exit(0)

    play(first, save_and_quit)
    assert first.store.exists("my-slot")

    again = make_app(saves, seed=99)  # a new process would get another seed: the save's seed wins

    async def continue_(pilot: Any) -> None:
        menu = again.screen.query_one(Menu)
        assert menu.items[1].id == "continue" and menu.items[1].enabled
        assert menu.highlighted_id == "continue"  # found a save: Continue is the first offer
        await pilot.press("c")
        assert isinstance(again.screen, GameScreen)
        assert again.story.state == seen["scene"]
        assert again.story.variables == seen["variables"]
        assert again.story.run.steps == seen["steps"]

    play(again, continue_)


def test_load_a_named_slot(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("enter", "2")  # down to the store room
        app.store.write("below", app.story, 10)
        await pilot.press("1")  # carry up oil: back in the lamp room
        assert app.story.state == "lamp_room"
        await pilot.press("l")
        assert isinstance(app.screen, LoadScreen)
        slots = app.screen.query_one("#slots", OptionList)
        ids = [slots.get_option_at_index(i).id for i in range(slots.option_count)]
        assert ids[0] == "autosave-lighthouse" and "below" in ids
        slots.highlighted = ids.index("below")
        await pilot.press("enter")
        assert isinstance(app.screen, GameScreen)
        assert app.story.state == "store"
        assert app.story.variables["oil"] == 3

    play(app, script)


def test_undo_restores_the_step_before(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("enter", "1")
        before = dict(app.story.variables), app.story.state, app.story.run.steps
        await pilot.press("1")
        assert app.story.variables["oil"] == 1
        await pilot.press("z")
        assert (dict(app.story.variables), app.story.state, app.story.run.steps) == before
        await pilot.press("z", "z")  # back to the start, then nothing more to undo
        assert app.story.run.steps == ()
        assert app.story.variables == app.world.initial_variables()

    play(app, script)


def test_status_panel_shows_what_just_changed(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("enter", "1")
        panel = app.screen.query_one(StatusPanel)
        assert panel.changes == {"oil": "-1", "ships": "+1"}
        text = str(panel.render())
        assert "Lamp oil -1" in text and "Ships guided +1" in text
        assert "2/5" in text

    play(app, script)


def test_journal_shows_the_run_so_far(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("enter", "2", "1", "j")
        assert isinstance(app.screen, JournalScreen)
        text = visible_text(app, "#journal")
        assert text.index("The lamp room") < text.index("Go down to the store room") < text.index("The store room")
        assert "Carry up a can of oil" in text
        await pilot.press("escape")
        assert isinstance(app.screen, GameScreen)

    play(app, script)


def test_replay_steps_through_the_run_and_forks(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("enter", *TO_THE_END)
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("r")
        assert isinstance(app.screen, ReplayScreen)
        assert "step 0 of 4" in visible_text(app, "#replay-head")
        await pilot.press("right", "right")
        assert "step 2 of 4" in visible_text(app, "#replay-head")
        assert "Lamp oil: 2 → 1" in visible_text(app, "#replay")
        await pilot.press("left")
        assert "step 1 of 4" in visible_text(app, "#replay-head")
        await pilot.press("f")  # play on from step 1
        assert isinstance(app.screen, GameScreen)
        assert len(app.story.run.steps) == 1
        assert app.story.variables["ships"] == 1

    play(app, script)


def test_ending_new_game_starts_again(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("enter", *TO_THE_END)
        await pilot.pause()
        await pilot.press("n")
        assert isinstance(app.screen, GameScreen)
        assert app.story.state == "lamp_room" and app.story.run.steps == ()
        # Narration read in an earlier run is marked.
        assert "read before" in visible_text(app, "#narration")

    play(app, script)


def test_gentle_reveal_any_key_shows_everything(saves: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr("game.ui.widgets.narration.TICK", 3600.0)  # frozen mid-reveal: no timing in the test
    app = make_app(saves, reveal=True)

    async def script(pilot: Any) -> None:
        await pilot.press("enter")
        narration = app.screen.query_one(Narration)
        choices = app.screen.query_one("#choices", OptionList)
        assert narration.revealing and not choices.display
        await pilot.press("1")  # the first key only shows the text; it does not choose
        assert not narration.revealing and choices.display
        assert app.story.run.steps == ()
        assert "the sea is a dark field" in str(narration.render())
        await pilot.press("1")
        assert app.story.run.steps[-1].choice == "trim"

    play(app, script)


def test_a_command_key_during_the_reveal_does_what_it_says(saves: Path, monkeypatch: Any) -> None:
    # A playtester had to press z and q twice while the text was still appearing.
    monkeypatch.setattr("game.ui.widgets.narration.TICK", 3600.0)  # frozen mid-reveal: no timing in the test
    app = make_app(saves, reveal=True)

    async def script(pilot: Any) -> None:
        await pilot.press("enter")
        await pilot.press("space", "1")  # skip the first scene's reveal, then take trim
        narration = app.screen.query_one(Narration)
        assert narration.revealing and len(app.story.run.steps) == 1
        await pilot.press("z")  # once, mid-reveal: undone
        await pilot.pause()
        assert app.story.run.steps == ()

    play(app, script)


def test_corrupt_save_shows_a_notice_not_a_traceback(saves: Path) -> None:
    app = make_app(saves)
    saves.mkdir(parents=True)
    (saves / "broken.json").write_text('{"kind": "io-game save", "format": 1, "run": [', encoding="utf-8")

    async def script(pilot: Any) -> None:
        assert not app.screen.query_one(Menu).items[1].enabled  # nothing readable to continue
        await pilot.press("down", "enter")  # Load (the cursor skips the disabled Continue)
        assert isinstance(app.screen, LoadScreen)
        assert "cannot be read" in str(app.screen.query_one("#slots", OptionList).get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)  # still here, with a notice in the dialog
        assert "cannot be read" in app.screen.query_one(Notice).message.plain

    play(app, script)


def test_page_keys_scroll_long_narration_while_the_choices_keep_the_focus(saves: Path) -> None:
    from textual.containers import VerticalScroll

    from tests.conftest import IO_WORLD

    app = make_app(saves, IO_WORLD)

    async def script(pilot: Any) -> None:
        await pilot.press("n")
        await pilot.pause()
        pane = app.screen.query_one("#narration-scroll", VerticalScroll)
        assert pane.max_scroll_y > 0  # IO's first scene is longer than an 80x24 pane
        assert isinstance(app.focused, OptionList)
        highlighted = app.screen.query_one("#choices", OptionList).highlighted
        await pilot.press("pagedown")
        await pilot.pause()
        assert pane.scroll_y > 0
        assert app.screen.query_one("#choices", OptionList).highlighted == highlighted
        await pilot.press("pageup")
        await pilot.pause()
        assert pane.scroll_y == 0
        assert app.screen.active_bindings["pagedown"].binding.description == "More"  # shown in the key line

    play(app, script)


def test_continue_on_a_finished_run_opens_its_ending(saves: Path) -> None:
    first = make_app(saves)

    async def finish(pilot: Any) -> None:
        await pilot.press("enter", *TO_THE_END)
        await pilot.pause()
        assert isinstance(first.screen, EndingScreen)

    play(first, finish)
    again = make_app(saves)

    async def continue_(pilot: Any) -> None:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(again.screen, EndingScreen)
        assert "A quiet night" in visible_text(again, "#ending")
        await pilot.press("enter")  # New game is the first offer
        await pilot.pause()
        assert isinstance(again.screen, GameScreen)
        assert again.story is not None and again.story.step_count == 0

    play(again, continue_)


def test_new_game_keeps_an_unfinished_run_instead_of_overwriting_it(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("enter", "1", "3")  # two choices into a run
        await pilot.press("escape")  # back to the title (autosaved)
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.story is not None and app.story.step_count == 0
        await pilot.press("1")  # the new run's first autosave
        await pilot.pause()

    play(app, script)
    [kept] = app.store.unfinished("lighthouse")
    assert [step.choice for step in app.store.read(kept.slot, app.world).run.steps] == ["trim", "watch"]
    assert app.store.read("autosave-lighthouse", app.world).info.steps == 1


def test_deleting_a_save_takes_two_presses(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("enter", "1", "l")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        await pilot.press("d")
        await pilot.pause()
        assert app.store.exists("autosave-lighthouse")  # the first press only asks
        await pilot.press("d")
        await pilot.pause()
        assert not app.store.exists("autosave-lighthouse")

    play(app, script)


def test_notifications_show_markup_in_file_names_literally(tmp_path: Path) -> None:
    saves = tmp_path / "[@click=app.quit]y[type=x, v={'a[0]'}]"
    saves.mkdir()
    (saves / "broken.json").write_text("{not json")
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        assert app.load_slot("broken") is False  # a notice, not a MarkupError
        await pilot.pause()
        notices = list(app._notifications)
        assert notices and "[@click=app.quit]y[type=x, v={'a[0]'}]" in notices[-1].message
        assert not notices[-1].markup
        assert app.is_running

    play(app, script)


def test_the_game_screens_key_line_says_how_to_leave_at_80_columns_and_a_click_presses_its_key(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("n", "1")
        await pilot.pause()
        assert app.story is not None and len(app.story.steps) == 1
        line = app.screen.query_one(KeyBar).render().plain
        assert "? Help" in line and "q Quit" in line and "z Undo" in line
        assert len(line.rstrip()) <= 80
        await pilot.click(KeyBar, offset=(line.index("z Undo") + 2, 0))  # on "Undo"
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.story is not None and len(app.story.steps) == 0

    play(app, script)
