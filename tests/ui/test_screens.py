"""Untrusted text, hot reload, the too-small notice, settings, help and the command palette."""

from __future__ import annotations

import gc
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.widgets import OptionList, RadioButton, Static

from game.ui.screens.ending import EndingScreen
from game.ui.screens.game import GameScreen
from game.ui.screens.help import HelpScreen
from game.ui.screens.journal import JournalScreen
from game.ui.screens.settings import SettingsScreen
from game.ui.screens.small import TooSmallScreen
from game.ui.screens.title import TitleScreen
from tests.conftest import FIXTURES, LIGHTHOUSE
from tests.ui.conftest import make_app, play

MARKUP = FIXTURES / "worlds" / "markup"
TRICKS = ["[bold red]x[/]", "[/", "[link=file:///etc/passwd]y[/]", "[type=x, v={'a[0]'}]"]


def rendered(widget: Any) -> Content:
    visual = widget.render()
    assert isinstance(visual, Content)
    return visual


def assert_literal(content: Content, *expected: str) -> None:
    for text in expected:
        assert text in content.plain, (text, content.plain)
    for span in content.spans:  # nothing from the world turned into a style or a link
        style = str(span.style)
        assert "red" not in style and "link" not in style, span


def test_markup_in_world_text_shows_literally(saves: Path) -> None:
    app = make_app(saves, MARKUP)

    async def script(pilot: Any) -> None:
        heading = rendered(app.screen.query_one("#heading", Static))
        assert_literal(heading, *TRICKS, "A test world: [bold red]x[/] and [/ appear as written.")
        await pilot.press("enter")
        assert isinstance(app.screen, GameScreen)
        assert_literal(rendered(app.screen.query_one("#narration", Static)), "[bold red]x[/] first [/", *TRICKS)
        choices = app.screen.query_one("#choices", OptionList)
        prompts = [choices.get_option_at_index(i).prompt for i in range(choices.option_count)]
        assert isinstance(prompts[0], Content) and isinstance(prompts[1], Content)
        assert_literal(prompts[0], "Choose [bold red]x[/] [/")
        assert_literal(prompts[1], "[type=x, v={'a[0]'}] stay")
        await pilot.press("1")
        status = rendered(app.screen.query_one("#status", Static))
        assert_literal(status, "Air [bold red]x[/] -1", "[/ note", "[/ [link=file:///etc/passwd]y[/]")
        assert_literal(rendered(app.screen.query_one("#narration", Static)), "[link=file:///etc/passwd]y[/] second")
        await pilot.press("j")
        assert isinstance(app.screen, JournalScreen)
        assert_literal(rendered(app.screen.query_one("#journal", Static)), "Choose [bold red]x[/] [/", *TRICKS)
        await pilot.press("escape", "1")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert_literal(rendered(app.screen.query_one("#ending", Static)), "[bold red]x[/] ending [/", *TRICKS)
        await pilot.press("escape")  # to the title, where Continue is now highlighted
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("l")  # Load
        slots = app.screen.query_one("#slots", OptionList)
        prompt = slots.get_option_at_index(0).prompt
        assert isinstance(prompt, Content)
        assert_literal(prompt, "[/ the last")

    play(app, script)


def copy_world(tmp_path: Path) -> Path:
    world = tmp_path / "world"
    shutil.copytree(LIGHTHOUSE, world)
    return world


def test_dev_reload_keeps_the_place_and_shows_errors(saves: Path, tmp_path: Path) -> None:
    world = copy_world(tmp_path)
    scenes = world / "scenes" / "tower.yaml"
    original = scenes.read_text(encoding="utf-8")
    app = make_app(saves, world, dev=True)

    async def script(pilot: Any) -> None:
        await pilot.press("enter", "1", "2")  # trim the wick, go down to the store room
        steps = app.story.run.steps
        old_story = app.story
        scenes.write_text(original.replace("Barrels, rope", "Crates, nets"), encoding="utf-8")
        await pilot.press("f5")
        assert app.story is not old_story and app.story.run.steps == steps
        assert app.story.state == "store" and app.story.variables["ships"] == 1
        assert "Crates, nets" in rendered(app.screen.query_one("#narration", Static)).plain

        scenes.write_text(original.replace("  title: The store room\n", "  title: [unclosed\n"), encoding="utf-8")
        os.utime(scenes, (1, 1))  # an mtime surely different from the last one seen
        app._poll_world()  # what the --dev timer does every half second
        await pilot.pause()
        errors = app.screen.query_one("#errors", Static)
        assert errors.display
        assert "tower.yaml:" in rendered(errors).plain  # file:line:column of the error
        assert app.story.run.steps == steps and app.story.state == "store"  # the run is not lost
        await pilot.press("1")  # still playing the last good version
        assert app.story.state == "lamp_room"

        scenes.write_text(original, encoding="utf-8")
        await pilot.press("f5")
        assert not app.screen.query_one("#errors", Static).display
        assert app.story.run.steps == (*steps, app.story.run.steps[-1])

    play(app, script)


def test_dev_reload_when_the_run_no_longer_fits(saves: Path, tmp_path: Path) -> None:
    world = copy_world(tmp_path)
    scenes = world / "scenes" / "tower.yaml"
    app = make_app(saves, world, dev=True)

    async def script(pilot: Any) -> None:
        await pilot.press("enter", "2", "1")  # store room, carry up oil
        text = scenes.read_text(encoding="utf-8").replace("id: fetch_oil", "id: fetch_lamp_oil")
        scenes.write_text(text, encoding="utf-8")
        await pilot.press("f5")
        assert [step.choice for step in app.story.run.steps] == ["descend"]  # replayed up to the change
        assert app.story.state == "store"

    play(app, script)


def test_too_small_terminal_gets_a_notice(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        assert isinstance(app.screen, TooSmallScreen)
        assert "at least 80x24" in rendered(app.screen.query_one("#too-small", Static)).plain
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.resize_terminal(79, 30)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "It is 79x30" in rendered(app.screen.query_one("#too-small", Static)).plain

    play(app, script, size=(60, 20))


def test_settings_persist_in_the_saves_folder(saves: Path) -> None:
    app = make_app(saves, reveal=None)  # type: ignore[arg-type]

    async def script(pilot: Any) -> None:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        assert app.screen.query_one("#typewriter", RadioButton).value is True
        await pilot.click("#instant")  # text speed: instant
        await pilot.click("#reduced-motion")
        themes = app.screen.query_one("#themes", OptionList)
        themes.focus()
        themes.highlighted = [themes.get_option_at_index(i).id for i in range(themes.option_count)].index(
            "io-high-contrast"
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "io-high-contrast" and app.animation_level == "none"

    play(app, script)
    stored = json.loads((saves / ".ui" / "default" / "settings.json").read_text(encoding="utf-8"))
    assert stored == {"reveal": False, "theme": "io-high-contrast", "reduced_motion": True}
    again = make_app(saves, reveal=None)  # type: ignore[arg-type]
    assert again.settings.reveal is False and again.theme == "io-high-contrast"
    assert again.settings.reduced_motion and not again.settings.typewriter


@pytest.mark.parametrize(
    ("theme", "background", "mode"),
    [("io-high-contrast", "#000000", "-dark-mode"), ("textual-light", "#E0E0E0", "-light-mode")],
)
def test_a_kept_theme_colours_the_first_frame(saves: Path, theme: str, background: str, mode: str) -> None:
    """The theme a player chose is the one the game starts in (set before the first frame, not
    switched to after it), light themes as well as dark."""
    folder = saves / ".ui" / "default"
    folder.mkdir(parents=True)
    (folder / "settings.json").write_text(json.dumps({"theme": theme}), encoding="utf-8")
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        assert app.theme == theme and mode in app.classes
        assert app.screen.styles.background.hex == background
        await pilot.press("n")
        assert isinstance(app.screen, GameScreen) and app.screen.styles.background.hex == background

    play(app, script)


def test_help_and_command_palette(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*"journal")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)

    play(app, script)


def test_world_loads_after_the_title_is_shown(saves: Path) -> None:
    from game.ui.app import IOApp

    app = IOApp(MARKUP, seed=1, saves_dir=saves, reveal=False)  # a folder, as `io-game play` passes it
    assert not app.world_ready and "[bold red]x[/]" in app.header[0]  # the title, read from world.yaml

    async def script(pilot: Any) -> None:
        assert app.world_ready
        await pilot.press("n")
        assert isinstance(app.screen, GameScreen) and app.story.state == "first"
        await pilot.pause()
        assert gc.isenabled()  # start-up's pause of the cycle collector ends with the first scene

    play(app, script)
    assert gc.isenabled()


def test_a_broken_world_is_listed_on_the_title_and_dev_mode_waits_for_a_fix(saves: Path, tmp_path: Path) -> None:
    from game.ui.app import IOApp

    world = copy_world(tmp_path)
    scenes = world / "scenes" / "tower.yaml"
    original = scenes.read_text(encoding="utf-8")
    scenes.write_text(original.replace("to: store\n", "to: cellar\n"), encoding="utf-8")
    app = IOApp(world, seed=1, saves_dir=saves, reveal=False, dev=True)

    async def script(pilot: Any) -> None:
        heading = rendered(app.screen.query_one("#heading", Static)).plain
        assert "The world did not load" in heading and "tower.yaml:" in heading and "cellar" in heading
        await pilot.press("n")
        assert isinstance(app.screen, TitleScreen) and app.story is None  # refused, with a notice
        scenes.write_text(original, encoding="utf-8")
        await pilot.press("f5")
        assert app.world_ready
        assert "did not load" not in rendered(app.screen.query_one("#heading", Static)).plain
        await pilot.press("n")
        assert isinstance(app.screen, GameScreen)

    play(app, script)


def test_many_load_errors_show_the_first_few_and_a_count(saves: Path) -> None:
    app = make_app(saves)

    async def script(pilot: Any) -> None:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, GameScreen)
        screen.show_errors([f"scenes/s.yaml:{n}:1: error E022: unknown scene" for n in range(1, 11)])
        await pilot.pause()
        text = str(screen.query_one("#errors", Static).render())
        assert "10 errors" in text and "and 6 more" in text and "press F5" in text
        assert "s.yaml:4:1" in text and "s.yaml:5:1" not in text

    play(app, script)


def test_an_unexpected_exception_in_the_ui_prints_no_traceback(
    saves: Path, monkeypatch: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # Textual would print a traceback with the locals of every frame; the app closes quietly and
    # run_app hands the exception on to the CLI's last guard (one line and a log: test_internal_error).
    from game.ui.app import IOApp
    from game.ui.run import finished

    def boom(self: IOApp) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(IOApp, "on_mount", boom)
    app = make_app(saves)
    result = app.run(headless=True, size=(80, 24))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err and "boom" not in captured.out + captured.err
    with pytest.raises(RuntimeError, match="boom"):
        finished(app, result)
