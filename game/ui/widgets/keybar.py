"""The game screen's keys in one line: what Textual's Footer shows, drawn as one widget.

A Footer is a widget per key, restyled and recomposed as focus moves: on the game screen it cost
about a third of the first scene's draw (start-up is measured to that scene). This is one line of
Content, laid out for the width it has: when the keys do not all fit, the least needed go first,
and Help and Quit always stay, so every width says how to leave. A click on a key presses it.
"""

from __future__ import annotations

from msgspec import Struct
from textual import events
from textual.content import Content
from textual.widget import Widget


class Key(Struct, frozen=True):
    key: str  # what pressing it sends (Textual's key name)
    label: str  # how the key is written
    description: str
    keep: int = 0  # higher stays longer when the line is too narrow


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    def __init__(self, keys: list[Key], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys = keys
        self._spans: list[tuple[int, int, str]] = []  # (first column, end column, key) as drawn

    def shown(self, width: int) -> list[Key]:
        """The keys that fit in width columns, in their order; the least kept are dropped first."""
        shown = list(self.keys)
        for dropped in sorted(self.keys, key=lambda k: k.keep):
            if sum(len(k.label) + len(k.description) + 3 for k in shown) - 1 <= width:  # " a b  c d"
                break
            shown.remove(dropped)
        return shown

    def render(self) -> Content:
        parts: list[Content] = [Content(" ")]
        self._spans = []
        column = 1
        for key in self.shown(self.size.width):
            text = f"{key.label} {key.description}"
            self._spans.append((column, column + len(text), key.key))
            parts.append(Content.styled(key.label, "bold $footer-key-foreground"))
            parts.append(Content(f" {key.description}  "))
            column += len(text) + 2
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
