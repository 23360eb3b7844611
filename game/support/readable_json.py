"""One readable-JSON renderer for saves and golden runs: files people read in diffs."""

from __future__ import annotations

import json
from typing import Any

_ONE_ITEM_A_LINE = ("steps", "transcript")


def render(data: dict[str, Any], *, nested: tuple[str, ...] = (), depth: int = 1) -> str:
    """Readable JSON: one key a line, a run's steps (and a transcript's lines) one a line, and the
    mappings named in `nested` laid out the same way, so a long run stays easy to read and diff."""
    pad = " " * depth
    parts = []
    for key, value in data.items():
        if key in _ONE_ITEM_A_LINE and isinstance(value, list) and value:
            body = f",\n{pad} ".join(json.dumps(item, ensure_ascii=False) for item in value)
            text = f"[\n{pad} {body}\n{pad}]"
        elif key in nested and isinstance(value, dict):
            text = render(value, nested=nested, depth=depth + 1)
        else:
            text = json.dumps(value, ensure_ascii=False)
        parts.append(f"{pad}{json.dumps(key)}: {text}")
    closing = " " * (depth - 1) + "}"
    return "{\n" + ",\n".join(parts) + "\n" + closing + ("\n" if depth == 1 else "")
