"""`io-game`: play, check, replay and author worlds. Every failure is one clear line, never a traceback."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from types import ModuleType

from game import __version__
from game.commands import COMMANDS


def _modules() -> dict[str, ModuleType]:
    found: dict[str, ModuleType] = {}
    for name, module_name in COMMANDS.items():
        try:
            found[name] = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
    return found


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    parser = argparse.ArgumentParser(
        prog="io-game",
        description="IO, a text adventure, and the engine that plays YAML story worlds. "
        "With no command, plays worlds/io.",
    )
    parser.add_argument("--version", action="version", version=f"io-game {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = _modules()
    for name, module in modules.items():
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, modules = build_parser()
    if not argv or (argv[0] not in modules and argv[0] not in ("-h", "--help", "--version")):
        argv = ["play", *argv]  # `io-game`, `io-game --plain`, `io-game worlds/other`: play
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(modules[args.command].run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`io-game ... | head`): not an error worth a word.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit flush quiet
        return 0
    except Exception as exc:  # the last guard: no traceback reaches a player
        if os.environ.get("IO_GAME_DEBUG"):
            raise
        from game.support.textsafe import clean

        print(f"io-game: internal error: {type(exc).__name__}: {clean(str(exc))}", file=sys.stderr)
        print("io-game: please report this; set IO_GAME_DEBUG=1 to see the details", file=sys.stderr)
        return 2
