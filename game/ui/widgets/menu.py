"""A small menu in ONE widget: arrows and Enter, a click, or the item's key.

The title screen is what start-up time is measured to; OptionList and Footer bring their own
modules and CSS, so the title uses this instead (every other screen uses OptionList).
"""

from __future__ import annotations

from typing import ClassVar

from msgspec import Struct
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

CURSOR = "bold $block-cursor-foreground on $block-cursor-background"


class Item(Struct, frozen=True):
    id: str
    label: str
    enabled: bool = True


class Menu(Static, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    class Selected(Message):
        def __init__(self, item_id: str, *, default: bool = False) -> None:
            super().__init__()
            self.item_id = item_id
            # Enter on the first highlight, untouched: the screen may still be choosing its default.
            self.default = default

    def __init__(self, items: list[Item], *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.items = items
        self.index = self._first_enabled(0, 1)
        self.moved = False  # whether the player has moved the highlight (arrows or a click)
        self._draw()  # drawn before the first layout: sized once, not again when mounted

    @property
    def highlighted_id(self) -> str | None:
        return self.items[self.index].id if self.items else None

    def set_items(self, items: list[Item], highlight: str | None = None) -> None:
        ids = [item.id for item in items]
        start = ids.index(highlight) if highlight in ids else 0
        before = (self.items, self.index)
        self.items = items
        self.index = self._first_enabled(start, 1)
        if (self.items, self.index) != before:  # unchanged: no redraw (the world's load tells it often)
            self._draw()

    def _first_enabled(self, start: int, step: int) -> int:
        for offset in range(len(self.items)):
            index = (start + offset * step) % len(self.items)
            if self.items[index].enabled:
                return index
        return 0

    def _draw(self) -> None:
        lines = []
        for index, item in enumerate(self.items):
            if not item.enabled:
                lines.append(Content.styled(f"  {item.label}  ", "dim $text-muted"))
            elif index == self.index:
                lines.append(Content.styled(f"› {item.label}  ", CURSOR))
            else:
                lines.append(Content(f"  {item.label}  "))
        self.update(Content("\n").join(lines))

    def action_move(self, step: int) -> None:
        if self.items:
            self.moved = True
            self.index = self._first_enabled((self.index + step) % len(self.items), step)
            self._draw()

    def action_select(self) -> None:
        if self.items and self.items[self.index].enabled:
            self.post_message(self.Selected(self.items[self.index].id, default=not self.moved))

    def on_click(self, event: events.Click) -> None:
        # The row under the pointer counted from the content's top: the border and padding are not items.
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y
        if 0 <= row < len(self.items) and self.items[row].enabled:
            self.moved = True
            self.index = row
            self._draw()
            self.post_message(self.Selected(self.items[row].id))
