"""The id rules: what a scene, choice, world or variable may be called.

One definition, used by the loader (world files) and by everything that reads ids back from a file
(saves, golden runs), so a save can only name what a world could hold: no markup, escape sequences
or path pieces ever travel in an id.
"""

from __future__ import annotations

import re

ID_PATTERN = r"[a-z0-9_]{1,64}"  # scenes, choices, worlds: for patterns built around an id
ID = re.compile(ID_PATTERN + r"\Z")
VARIABLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}\Z")


def is_id(text: object) -> bool:
    return isinstance(text, str) and ID.match(text) is not None


def is_variable_name(text: object) -> bool:
    return isinstance(text, str) and VARIABLE_NAME.match(text) is not None
