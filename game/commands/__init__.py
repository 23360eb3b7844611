"""The `io-game` subcommands, one module each.

Each module has HELP (one line), add_arguments(parser) and run(args) -> exit code. Modules import
their heavy dependencies (Textual, the loader) inside run(), so `io-game --help` stays quick.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.world import World

COMMANDS: dict[str, str] = {
    "play": "game.commands.play",
    "check": "game.commands.check",
    "saves": "game.commands.saves",
    "replay": "game.commands.replay",
    "playtest": "game.commands.playtest",
    "graph": "game.commands.graph",
    "serve": "game.commands.serve",
    "new": "game.commands.new",
    "lsp": "game.commands.lsp",
}


def add_world_argument(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument(
        "world",
        nargs=None if required else "?",
        type=Path,
        default=None,
        help="the world folder (default: worlds/io)",
    )


def add_saves_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--saves-dir",
        type=Path,
        default=None,
        help="where saves live (default: $IO_GAME_SAVES, else saves/)",
    )


def world_path(args: argparse.Namespace) -> Path:
    from game.support.paths import default_world

    return args.world if getattr(args, "world", None) is not None else default_world()


def saves_dir(args: argparse.Namespace) -> Path:
    from game.support.paths import default_saves_dir

    return args.saves_dir if getattr(args, "saves_dir", None) is not None else default_saves_dir()


def load_or_report(path: Path) -> World | None:
    """The world at path, or None after printing every error and one line on what to do."""
    from game.support.textsafe import clean
    from game.world import WorldError, load_world

    try:
        return load_world(path)
    except WorldError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        print(
            f"io-game: the world at {clean(str(path))} has errors; fix them (io-game check) and try again",
            file=sys.stderr,
        )
        return None
