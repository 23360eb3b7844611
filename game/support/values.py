"""How a variable's value is written for people: one rendering for players, one for authors."""

from __future__ import annotations

import json


def status_value(value: object) -> str:
    """For players (status panel, save listings, transcripts): yes/no, numbers, the text, '–' if empty."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value == "":
        return "–"
    return str(value)


def source_value(value: object) -> str:
    """For authors (replay, golden runs, lint): as a world's files write it: true/false, 3, "text"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
