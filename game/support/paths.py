"""Where the default world and the saves live."""

from __future__ import annotations

import os
from pathlib import Path

# The checkout (or the folder an editable install points at): game/ sits beside worlds/ and saves/.
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


def default_world() -> Path:
    """IO_GAME_WORLD, else the IO world beside the package, else ./worlds/io."""
    env = os.environ.get("IO_GAME_WORLD")
    if env:
        return Path(env)
    beside = PROJECT_ROOT / "worlds" / "io"
    return beside if beside.is_dir() else Path("worlds") / "io"


def default_saves_dir() -> Path:
    """IO_GAME_SAVES, else saves/ beside the package (a checkout), else ./saves."""
    env = os.environ.get("IO_GAME_SAVES")
    if env:
        return Path(env)
    if (PROJECT_ROOT / "pyproject.toml").is_file():
        return PROJECT_ROOT / "saves"
    return Path("saves")
