"""One readable-JSON renderer for saves and golden runs: files people read in diffs."""

from __future__ import annotations

import json
import re
from typing import Any

from game.support.ids import ID_PATTERN

_ONE_ITEM_A_LINE = ("steps", "transcript")
# A run's steps as json.dumps writes them: [scene id, choice id] pairs. Ids need no escaping and
# hold no bracket, so the pairs can be split one a line in the text: a save is written after every
# choice, and a long run's thousands of steps then cost one json.dumps, not one each.
_ID_PAIR = rf'\["{ID_PATTERN}", "{ID_PATTERN}"\]'
_STEPS_TEXT = re.compile(rf"\[{_ID_PAIR}(?:, {_ID_PAIR})*\]\Z")


def _one_a_line(items: list[Any], pad: str) -> str:
    text = json.dumps(items, ensure_ascii=False)
    if _STEPS_TEXT.match(text):
        body = text[1:-1].replace("], [", f"],\n{pad} [")
    else:
        body = f",\n{pad} ".join(json.dumps(item, ensure_ascii=False) for item in items)
    return f"[\n{pad} {body}\n{pad}]"


def render(data: dict[str, Any], *, nested: tuple[str, ...] = (), depth: int = 1) -> str:
    """Readable JSON: one key a line, a run's steps (and a transcript's lines) one a line, and the
    mappings named in `nested` laid out the same way, so a long run stays easy to read and diff."""
    pad = " " * depth
    parts = []
    for key, value in data.items():
        if key in _ONE_ITEM_A_LINE and isinstance(value, list) and value:
            text = _one_a_line(value, pad)
        elif key in nested and isinstance(value, dict):
            text = render(value, nested=nested, depth=depth + 1)
        else:
            text = json.dumps(value, ensure_ascii=False)
        parts.append(f"{pad}{json.dumps(key)}: {text}")
    closing = " " * (depth - 1) + "}"
    return "{\n" + ",\n".join(parts) + "\n" + closing + ("\n" if depth == 1 else "")
