"""The game screen: narration, the choices of the moment, the status panel.

It knows nothing of the app: the scene comes in as a SceneView (through the constructor, then
show()), the player's choice goes out as a Chose message, and Escape leaves through dismiss().
"""

from __future__ import annotations

from typing import ClassVar

from msgspec import Struct, field
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine import Story
from game.ui.screens.steady import SteadyScreen
from game.ui.text import plain
from game.ui.widgets.keybar import Key, KeyBar
from game.ui.widgets.narration import Narration
from game.ui.widgets.notice import Notice
from game.ui.widgets.status import StatusPanel
from game.world.expr import Value

MAX_ERRORS_SHOWN = 4  # each may wrap to two lines in the 12-line panel

# The key line under the story (the screen's and the app's shown bindings): at 80 columns the
# least needed go first; Help and Quit always stay.
KEYS = [
    Key("pagedown", "pgdn", "More", keep=3),
    Key("space", "space", "Skip", keep=2),
    Key("z", "z", "Undo", keep=7),
    Key("j", "j", "Journal", keep=4),
    Key("s", "s", "Save", keep=6),
    Key("l", "l", "Load", keep=5),
    Key("escape", "esc", "Menu", keep=8),
    Key("question_mark", "?", "Help", keep=9),
    Key("q", "q", "Quit", keep=10),
    Key("ctrl+p", "^p", "palette", keep=1),
]


class SceneView(Struct, frozen=True):
    """Everything the game screen shows of a moment in the run."""

    story: Story
    read_before: bool = False  # this narration was read in an earlier run
    taken_before: frozenset[str] = frozenset()  # ids of choices here taken in an earlier run
    typewriter: bool = False  # reveal the narration gently
    before: dict[str, Value] | None = None  # the status before the choice just made
    chosen: str | None = None  # the text of the choice just made
    errors: list[str] = field(default_factory=list)  # --dev: the last reload's errors


_READING_KEYS = frozenset({"enter", "up", "down", "pageup", "pagedown", "home", "end", "tab", "shift+tab"})


class GameScreen(SteadyScreen[None]):
    AUTO_FOCUS = "#choices"  # not the narration first (Textual's default): each move of focus restyles
    # Its own CSS, not screens.tcss: a screen's CSS_PATH makes Textual parse every stylesheet of the
    # app again when it is first shown, and this is the screen start-up is measured to. A widget's
    # DEFAULT_CSS is parsed alone, once.
    DEFAULT_CSS = """
    GameScreen {
        layout: horizontal;  /* the story beside the side panel, above the docked key line */
    }
    #story {
        width: 1fr;
    }
    #narration-scroll {
        height: 1fr;
        /* Textual draws the scrollbar inside the padding: the gap after the text is the narration's
           own, so the thumb never touches a line of text. */
        padding: 0 0 0 2;
        scrollbar-size-vertical: 1;
        /* Always there (its column is kept anyway), so a scene's first frame has it: with "auto" it
           is placed only by a second layout, a frame later. Its track is the pane's own colour, so
           a scene that fits shows an empty column and one that does not shows the thumb. */
        overflow-y: scroll;
        scrollbar-background: $background;
    }
    #narration {
        padding: 0 2 0 0;
    }
    #choices {
        height: auto;
        max-height: 45%;
        border: round $primary 60%;
        background: $background;
        margin: 0 1;
    }
    #choices:focus {
        border: round $primary;
    }
    #side {
        width: 24;
        height: 100%;
        border-left: tall $panel;
        padding: 0 1;
        background: $surface;
    }
    #status {
        height: auto;
    }
    #notice {
        dock: bottom;
        margin: 0 0 1 0;
    }
    #errors {
        dock: bottom;
        height: auto;
        max-height: 12;
        border: heavy $error;
        background: $surface;
        padding: 0 1;
        display: none;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(n), f"pick({n})", f"Choice {n}", show=False, priority=True) for n in range(1, 10)],
        Binding("space", "skip", "Skip", id="skip", priority=True),
        # The choice list has the focus, so paging keys would move its highlight: they scroll the
        # narration instead (a scene's text can be longer than the pane).
        Binding("pagedown", "scroll_narration(1)", "More", id="more", priority=True),
        Binding("pageup", "scroll_narration(-1)", "Back", id="back", show=False, priority=True),
        Binding("z", "app.undo", "Undo", id="undo"),
        Binding("j", "app.journal", "Journal", id="journal"),
        Binding("s", "app.save", "Save", id="save"),
        Binding("l", "app.load", "Load", id="load"),
        Binding("r", "app.replay", "Replay", id="replay", show=False),
        Binding("escape", "menu", "Menu", id="menu"),
    ]

    class Chose(Message):
        def __init__(self, choice_id: str) -> None:
            super().__init__()
            self.choice_id = choice_id

    def __init__(self, view: SceneView) -> None:
        super().__init__()
        self.view = view
        # Made here so the first scene is in them before the first layout (see compose).
        self._narration = Narration(id="narration")
        self._scroll = VerticalScroll(self._narration, id="narration-scroll")
        self._choices = OptionList(id="choices")
        self._status = StatusPanel(id="status")
        self._errors = Static("", id="errors", markup=False)
        self._filled: SceneView | None = None  # the moment the widgets hold

    def compose(self) -> ComposeResult:
        # The scene is put in the widgets before they are mounted: the screen's first layout is of
        # the scene itself, not of empty widgets filled in (and laid out again) on mount.
        self._fill(self.view)
        # The screen lays out the two columns itself (no container around them: each widget is
        # styled, laid out and drawn on the way to the first scene).
        with Vertical(id="story"):
            yield self._scroll
            yield self._choices
        with Vertical(id="side"):
            yield self._status
            yield Notice(id="notice")  # the app's confirmations: beside the story, over nothing
        yield self._errors
        yield KeyBar(KEYS, id="keys")

    def on_mount(self) -> None:
        if self._filled is not self.view:  # show() called between compose and mount: draw its moment
            self._fill(self.view)
        if self._narration.revealing:  # the choices wait (hidden) until the text is all shown
            self._scroll.focus()

    # --- drawing --------------------------------------------------------------------------------

    def show(self, view: SceneView) -> None:
        """Draw another moment of the run (before the screen is mounted, compose puts it in place)."""
        self.view = view
        if not self.is_mounted:
            return
        self._fill(view)
        self._scroll.scroll_home(animate=False)
        self._focus()

    def _fill(self, view: SceneView) -> None:
        """Put a moment of the run in the screen's widgets (mounted or not yet)."""
        self._filled = view
        story = view.story
        parts: list[Content] = []
        if view.chosen is not None:
            parts.append(Content.assemble(Content.styled("› ", "$accent"), plain(view.chosen, "italic $text-muted")))
            parts.append(Content(""))
        title = plain(story.scene.title, "bold $primary")
        if view.read_before:
            title = Content.assemble(title, Content.styled("  · read before", "$text-muted"))
        parts.append(title)
        parts.append(Content(""))
        parts.append(plain(story.narration()))
        if story.ending is not None:
            parts.append(Content(""))
            parts.append(Content.assemble(Content.styled("The end: ", "bold"), plain(story.ending.title, "bold")))
        elif story.is_stuck:
            parts.append(Content(""))
            parts.append(Content.styled("Nothing can be done here: the story is stuck. Press z to undo.", "$error"))
        choices = self._choices
        choices.clear_options()
        taken_mark = Content.styled("  ✓ taken before", "$text-muted")
        choices.add_options(
            [
                Option(
                    Content.assemble(
                        Content.styled(f"{n}. ", "bold"),
                        plain(choice.text),
                        taken_mark if choice.id in view.taken_before else "",
                    ),
                    id=choice.id,
                )
                for n, choice in enumerate(story.choices(), 1)
            ]
        )
        if choices.option_count:
            choices.highlighted = 0
        self._status.show(story, view.before)
        self._narration.show(Content("\n").join(parts), reveal=view.typewriter)
        # While narration is revealed the choices wait; they appear when it is all shown.
        choices.display = not self._narration.revealing and choices.option_count > 0
        self.show_errors(view.errors)

    def _focus(self) -> None:
        """The choices take the keys; the narration, while it is being revealed (they are hidden)."""
        if self._narration.revealing:
            self._scroll.focus()
        elif self._choices.display:
            self._choices.focus()

    def _revealed(self) -> None:
        """All the narration is shown: the choices appear and take the keys."""
        self._choices.display = self._choices.option_count > 0
        self._focus()

    def on_narration_revealed(self, _message: Narration.Revealed) -> None:
        self._revealed()

    def show_errors(self, errors: list[str]) -> None:
        panel = self._errors
        if errors:
            # The panel has room for a few errors: the first ones, a count of the rest, the way out.
            shown = errors[:MAX_ERRORS_SHOWN]
            count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
            lines = [Content.styled(f"The world did not load ({count}; still playing the last good version):", "bold")]
            lines += [plain(line) for line in shown]
            if len(errors) > len(shown):
                more = len(errors) - len(shown)
                lines.append(Content.styled(f"... and {more} more: run io-game check", "$text-muted"))
            lines.append(Content.styled("Fix the file and save it, or press F5.", "$text-muted"))
            panel.update(Content("\n").join(lines))
        panel.display = bool(errors)

    # --- playing --------------------------------------------------------------------------------

    def _finish_reveal(self) -> bool:
        """Show all narration at once if it is still being revealed; True when that used the key."""
        if self._narration.revealing:
            self._narration.reveal_all()
            self._revealed()
            return True
        return False

    def on_key(self, event: events.Key) -> None:
        # Any key shows the whole narration at once. A reading key (a number, Enter, the arrows, the
        # page keys) stops there, so no choice is taken unseen; a command (undo, quit, journal,
        # save...) then does what it says too, so the player never has to press it twice.
        if self._finish_reveal() and (event.key in _READING_KEYS or (event.character or "").isdigit()):
            event.stop()
            event.prevent_default()

    def action_pick(self, number: int) -> None:
        if self._finish_reveal():
            return
        available = self.view.story.choices()
        if 1 <= number <= len(available):
            self._take(available[number - 1].id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self._take(event.option_id)

    def _take(self, choice_id: str) -> None:
        self.post_message(self.Chose(choice_id))

    def action_skip(self) -> None:
        """Skip ahead to the choices: all narration shown, the choice list focused."""
        self._finish_reveal()
        self._scroll.scroll_end(animate=False)
        if self._choices.display:
            self._choices.focus()

    def action_scroll_narration(self, pages: int) -> None:
        if self._finish_reveal():
            return
        pane = self._scroll
        if pages > 0:
            pane.scroll_page_down(animate=False)
        else:
            pane.scroll_page_up(animate=False)

    def action_menu(self) -> None:
        self.dismiss()
