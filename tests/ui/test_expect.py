"""What players of choice-driven games expect (issue 16): endings found, a story map, choices taken
before marked, status in words, and coming back to the same place after a reload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import OptionList, Static

from game.saves import SaveStore
from game.ui.screens.ending import EndingScreen
from game.ui.screens.endings import EndingsScreen
from game.ui.screens.game import GameScreen
from game.ui.screens.journal import JournalScreen
from game.ui.screens.storymap import StoryMapScreen
from game.ui.screens.title import TitleScreen
from tests.conftest import FIXTURES
from tests.ui.conftest import make_app, play

CROSSROADS = FIXTURES / "worlds" / "crossroads"


def text(app: Any, selector: str) -> str:
    return app.screen.query_one(selector, Static).render().plain  # type: ignore[no-any-return]


def test_endings_found_are_titled_and_the_rest_locked_across_runs(saves: Path) -> None:
    app = make_app(saves, CROSSROADS)

    async def script(pilot: Any) -> None:
        await pilot.press("e")  # from the title, before any run
        assert isinstance(app.screen, EndingsScreen)
        assert "Endings found: 0 of 3" in text(app, "#endings") and text(app, "#endings").count("▪ locked") == 3
        await pilot.press("escape", "n", "2")  # the river: an ending
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        shown = text(app, "#ending")
        assert "Endings found: 1 of 3" in shown and "The far bank" in shown and shown.count("▪ locked") == 2
        await pilot.press("escape")  # to the title

    play(app, script)
    again = make_app(saves, CROSSROADS)

    async def later(pilot: Any) -> None:
        await pilot.press("e")
        shown = text(again, "#endings")
        assert "Endings found: 1 of 3" in shown and "✓ The far bank" in shown
        assert "Supper by the fire" not in shown  # not found yet: no spoiler

    play(again, later)


def test_story_map_after_an_ending_and_from_the_journal(saves: Path) -> None:
    app = make_app(saves, CROSSROADS)

    async def script(pilot: Any) -> None:
        await pilot.press("n", "1", "j", "m")  # from the journal, mid-run
        assert isinstance(app.screen, StoryMapScreen)
        assert "○ The woods (now)" in text(app, "#map")
        await pilot.press("escape", "escape", "1", "1")  # light the lantern, walk on: an ending
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("m")
        assert isinstance(app.screen, StoryMapScreen)
        drawn = text(app, "#map")
        # The path, its turning points, the branches not taken, and what the run changed.
        assert drawn.index("◆ The crossroads") < drawn.index("◆ The woods") < drawn.index("● The clearing")
        assert "├─✕ Follow the river" in drawn and "├─✕ Run" in drawn and "╰─► Light the lantern" in drawn
        assert "Lantern: now yes" in drawn and "The end: Supper by the fire" in drawn
        assert "Courage: steady → bold" in drawn and "3 choices, 2 of them turning points" in drawn

    play(app, script)


def test_choices_taken_before_are_marked(saves: Path) -> None:
    app = make_app(saves, CROSSROADS)

    async def script(pilot: Any) -> None:
        await pilot.press("n", "2")  # the river, an ending
        await pilot.pause()
        await pilot.press("n")  # a new run from the ending screen
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        choices = app.screen.query_one("#choices", OptionList)
        prompts = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert "taken before" in prompts[1] and "taken before" not in prompts[0] + prompts[2]

    play(app, script)
    again = make_app(saves, CROSSROADS)  # written when the app stopped (and every few seconds)
    assert again.taken_memory is not None and again.taken_memory.taken("road", "river")


def test_status_in_words_with_the_numbers_in_the_journal(saves: Path) -> None:
    app = make_app(saves, CROSSROADS)

    async def script(pilot: Any) -> None:
        await pilot.press("n")
        assert "steady" in text(app, "#status") and "2/5" not in text(app, "#status")
        await pilot.press("1")
        status = text(app, "#status")
        assert "Courage ↑" in status and "steady" in status
        await pilot.press("j")
        assert isinstance(app.screen, JournalScreen)
        assert "Courage 3/5 (steady)" in text(app, "#journal")

    play(app, script)


def test_a_closed_terminal_or_reloaded_tab_comes_back_to_the_same_place(saves: Path) -> None:
    first = make_app(saves, CROSSROADS)

    async def close_mid_scene(pilot: Any) -> None:
        await pilot.press("n", "1")  # in the woods; then the terminal closes (the app just stops)

    play(first, close_mid_scene)
    second = make_app(saves, CROSSROADS, seed=99)

    async def reopen(pilot: Any) -> None:
        await pilot.pause()
        assert isinstance(second.screen, GameScreen)  # straight back into the run
        assert second.story is not None and second.story.scene_id == "woods"
        await pilot.press("escape")  # back to the title by choice
        await pilot.pause()

    play(second, reopen)
    third = make_app(saves, CROSSROADS)

    async def title_next_time(pilot: Any) -> None:
        assert isinstance(third.screen, TitleScreen)  # the player left the game: the title it is
        assert SaveStore(saves).latest(third.world) is not None

    play(third, title_next_time)
