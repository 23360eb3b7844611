"""Defects a new player met on the first click and the first keypress (issue 16), one test each."""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import Any

from textual.color import Color
from textual.containers import VerticalScroll
from textual.widgets import Input, OptionList, Static

from game.engine import Story
from game.saves import SaveStore, autosave_slot
from game.support.played import played
from game.ui.palette import take_screenshot
from game.ui.screens.endings import EndingsScreen
from game.ui.screens.game import GameScreen
from game.ui.screens.help import HelpScreen, keys
from game.ui.screens.saves import LoadScreen, SaveScreen
from game.ui.screens.settings import SettingsScreen
from game.ui.screens.title import TitleScreen, read_title_art
from game.ui.widgets.menu import Menu
from game.ui.widgets.notice import Notice
from game.world import load_world
from tests.conftest import FIXTURES, IO_WORLD, LIGHTHOUSE
from tests.ui.conftest import make_app, play

MARKUP = FIXTURES / "worlds" / "markup"


def autosave_lighthouse(saves: Path, choices: list[str]) -> None:
    world = load_world(LIGHTHOUSE)
    story = Story(world, 7)
    for choice in choices:
        story.choose(choice)
    SaveStore(saves).write(autosave_slot(world.id), story, 60.0)


async def click_item(pilot: Any, row: int) -> None:
    """Click the title menu's row (0 = New game) at its place on screen: the border is row -1."""
    await pilot.click(Menu, offset=(4, 1 + row))
    await pilot.pause()


def test_title_clicks_open_the_item_under_the_pointer(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await click_item(pilot, 4)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        await click_item(pilot, 3)
        assert isinstance(app.screen, EndingsScreen)
        await pilot.press("escape")
        await click_item(pilot, 2)
        assert isinstance(app.screen, LoadScreen)
        await pilot.press("escape")
        await click_item(pilot, 0)
        assert isinstance(app.screen, GameScreen) and app.story is not None and not app.story.steps
        await pilot.press("1", "escape")  # one choice, autosaved: Continue lights up
        await pilot.pause()
        await click_item(pilot, 1)
        assert isinstance(app.screen, GameScreen) and app.story is not None and len(app.story.steps) == 1
        await pilot.press("escape")
        await pilot.pause()
        await click_item(pilot, -1)  # the border: nothing
        assert isinstance(app.screen, TitleScreen)
        await click_item(pilot, 5)
        assert app.return_code == 0 and not app.is_running

    play(app, script)


def test_enter_as_the_title_appears_continues_rather_than_starting_over(saves: Path, monkeypatch: Any) -> None:
    autosave_lighthouse(saves, ["trim", "watch"])
    gate = threading.Event()
    latest = SaveStore.latest

    def slow_latest(self: SaveStore, world: Any = None) -> Any:
        gate.wait(10)  # the saves are still being read when Enter comes
        return latest(self, world)

    monkeypatch.setattr(SaveStore, "latest", slow_latest)
    app = make_app(saves)

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")  # within the first frame
            assert isinstance(app.screen, TitleScreen)  # held, not a new game
            gate.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, GameScreen)
            assert app.story is not None and [step.choice for step in app.story.steps] == ["trim", "watch"]

    asyncio.run(main())


def test_a_run_found_while_the_game_covers_the_title_is_offered_when_the_title_is_back(
    saves: Path, monkeypatch: Any
) -> None:
    autosave_lighthouse(saves, ["trim"])
    gate = threading.Event()
    latest = SaveStore.latest

    def slow_latest(self: SaveStore, world: Any = None) -> Any:
        gate.wait(10)  # the saves are read after New game has been taken
        return latest(self, world)

    monkeypatch.setattr(SaveStore, "latest", slow_latest)
    app = make_app(saves)

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n")
            assert isinstance(app.screen, GameScreen)
            title = app.screen_stack[0]
            assert isinstance(title, TitleScreen)
            gate.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            menu = title.query_one(Menu)
            assert not menu.items[1].enabled  # covered: the title is not redrawn under the game
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is title
            assert menu.items[1].enabled and menu.highlighted_id == "continue"

    asyncio.run(main())


def test_each_world_continues_its_own_run_and_labels_the_others(saves: Path) -> None:
    autosave_lighthouse(saves, ["trim"])
    app = make_app(saves, MARKUP)

    async def script(pilot: Any) -> None:
        menu = app.screen.query_one(Menu)
        assert not menu.items[1].enabled  # nothing of this world to continue
        assert menu.highlighted_id == "new"
        await pilot.press("l")
        assert isinstance(app.screen, LoadScreen)
        slots = app.screen.query_one("#slots", OptionList)
        prompt = str(slots.get_option_at_index(0).prompt)
        assert "another world: The Lighthouse Keeper" in prompt and "io-game play" in prompt
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)  # not loaded, and no developer's message
        said = app.screen.query_one(Notice).message.plain
        assert "save of The Lighthouse Keeper" in said and "io-game play" in said
        await pilot.press("escape", "enter", "1")  # a run of this world moves the other one aside
        await pilot.pause()

    play(app, script)
    back = make_app(saves)

    async def continue_(pilot: Any) -> None:
        assert back.screen.query_one(Menu).highlighted_id == "continue"
        await pilot.press("enter")
        assert back.story is not None and [step.choice for step in back.story.steps] == ["trim"]

    play(back, continue_)


def test_save_dialog_typing_replaces_the_suggestion_and_overwriting_asks(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("enter", "1", "s")
        assert isinstance(app.screen, SaveScreen)
        assert not app.screen.query_one("#slots", OptionList).display  # no empty box
        assert app.screen.query_one(Input).value == "the-lamp-room"  # suggested
        await pilot.press("s", "h", "e", "d", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.store.exists("shed")
        await pilot.press("3", "s", "s", "h", "e", "d", "enter")  # the same name, one choice later
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen)  # asked, not overwritten
        assert "already holds a save" in app.screen.query_one(Notice).message.plain
        assert app.store.read("shed").info.steps == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.store.read("shed").info.steps == 2

    play(app, script)


def test_confirmations_are_shown_beside_the_choices_not_over_them(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("enter", "1", "z")
        await pilot.pause()
        notice = app.screen.query_one(Notice)
        assert notice.message.plain == "Took back the last choice."
        assert not app._notifications  # no toast
        choices = app.screen.query_one("#choices", OptionList)
        assert notice.display and not notice.region.overlaps(choices.region)

    play(app, script)


def test_the_apps_own_notices_are_styled_not_shown_as_markup(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("ctrl+c")  # by reflex
        await pilot.pause()
        await pilot.pause()
        (note,) = list(app._notifications)
        assert note.markup and "[b]q[/b]" in note.message  # parsed as markup: shows "Press q ..." in bold

    play(app, script)


def test_palette_offers_what_the_screen_can_do(saves: Path, tmp_path: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        on_title = [command.title for command in app.get_system_commands(app.screen)]
        assert {"New game", "Load", "Settings", "Help", "Screenshot", "Quit"} <= set(on_title)
        assert not {"Undo", "Journal", "Save", "Maximize", "Keys", "Continue"} & set(on_title)
        assert on_title.count("Theme") == 1
        await pilot.press("enter", "1")
        in_game = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Save", "Load", "Journal", "Undo", "Replay"} <= set(in_game) and "Maximize" not in in_game
        take_screenshot(app)
        await pilot.pause()
        (shot,) = (saves / "screenshots").glob("*.svg")
        assert str(shot) in app.screen.query_one(Notice).message.plain  # where to find it
        app.saves_dir = tmp_path / "a-file"
        app.saves_dir.write_text("")
        take_screenshot(app)
        await pilot.pause()
        assert app.screen.query_one(Notice).message.plain.startswith("No screenshot: could not write in")

    play(app, script)


def test_q_quits_in_the_game_too_and_keeps_the_run(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        assert "q quit" in str(app.screen.query_one("#title-keys", Static).render())  # key hints on the title
        await pilot.press("enter", "1", "q")
        await pilot.pause()

    play(app, script)
    assert app.return_code == 0 and SaveStore(saves).read("autosave-lighthouse").info.steps == 1


def test_help_lists_no_key_the_browser_takes() -> None:
    in_browser = {key for key, _ in keys(dev=True, web=True)}
    assert "F5" not in in_browser and "ctrl+q" not in in_browser and "q" in in_browser
    assert "F5" in {key for key, _ in keys(dev=True, web=False)}
    assert HelpScreen(web=True).keys == keys(dev=False, web=True)


def test_one_format_for_time_played() -> None:
    assert [played(s) for s in (0, 45, 112, 3600 + 4 * 60 + 9)] == ["0s", "45s", "1m 52s", "1h 04m"]


def test_narration_scrollbar_keeps_a_gap_from_the_text_at_80_columns(saves: Path) -> None:
    app = make_app(saves, IO_WORLD)

    async def script(pilot: Any) -> None:
        await pilot.press("enter")
        pane = app.screen.query_one("#narration-scroll", VerticalScroll)
        assert pane.show_vertical_scrollbar  # the first scene is longer than the pane
        text_right = app.screen.query_one("#narration").content_region.right
        assert pane.vertical_scrollbar.region.x - text_right >= 1

    play(app, script)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((a.brightness, b.brightness), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_highlighted_choice_number_is_readable_in_every_theme(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("enter")
        for theme in ("io-dust", "textual-light", "textual-dark"):
            app.theme = theme
            await pilot.pause()
            choices = app.screen.query_one("#choices", OptionList)
            strip = choices.render_line(0)  # the first option, highlighted
            number = next(seg for seg in strip if seg.text.strip().startswith("1"))
            words = next(seg for seg in strip if "Trim" in seg.text)

            def ratio(seg: Any) -> float:
                assert seg.style is not None and seg.style.color and seg.style.bgcolor
                return contrast(Color.from_rich_color(seg.style.color), Color.from_rich_color(seg.style.bgcolor))

            assert ratio(number) >= 0.95 * ratio(words), theme  # as readable as the choice's own words

    play(app, script)


def test_a_world_brings_its_own_title_art_or_none(tmp_path: Path) -> None:
    assert len(read_title_art(IO_WORLD)) >= 3
    assert read_title_art(LIGHTHOUSE) == []
    folder = tmp_path / "w"
    folder.mkdir()
    os.mkfifo(folder / "title-art.txt")  # never waited on
    assert read_title_art(folder) == []
    (folder / "title-art.txt").unlink()
    (folder / "title-art.txt").write_text("x\x1b]52;c;AAAA\x07y\n" * 40)
    art = read_title_art(folder)
    assert len(art) == 12 and all("\x1b" not in line and "\x07" not in line for line in art)


def test_load_lists_this_worlds_saves_first_and_unreadable_ones_last(saves: Path) -> None:
    autosave_lighthouse(saves, ["trim"])
    (saves / "aaa-broken.json").write_text("{")
    os.utime(saves / "aaa-broken.json", (4e9, 4e9))  # the newest file of all
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("l")
        slots = app.screen.query_one("#slots", OptionList)
        assert [slots.get_option_at_index(i).id for i in range(slots.option_count)] == [
            "autosave-lighthouse",
            "aaa-broken",
        ]

    play(app, script)
