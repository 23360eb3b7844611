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
    try:
        return _run(argv)
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
        if isinstance(exc, ModuleNotFoundError) and exc.name and exc.name.partition(".")[0] != "game":
            return _missing_package(exc.name)
        return _internal_error(exc, argv)


def _run(argv: list[str]) -> int:
    parser, modules = build_parser()
    if not argv or (argv[0] not in modules and argv[0] not in ("-h", "--help", "--version")):
        argv = ["play", *argv]  # `io-game`, `io-game --plain`, `io-game worlds/other`: play
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return int(modules[args.command].run(args))


# sysexits.h's EX_SOFTWARE: an internal error, told apart from 1 (a problem found) and 2 (usage).
EXIT_INTERNAL_ERROR = 70
# sysexits.h's EX_UNAVAILABLE: a package io-game needs is not installed where it runs.
EXIT_MISSING_PACKAGE = 69


def _missing_package(name: str) -> int:
    """A package io-game needs is not installed in this Python: not a bug, an installation to bring
    up to date (most often a checkout pulled to a version with a new dependency, its environment
    made before). Say which package and the command that installs what the game needs."""
    from pathlib import Path

    from game.support.textsafe import clean_name

    python = sys.executable or "python3"
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file():  # a checkout, installed as the README says
        again = f"{python} -m pip install -e {root}"
    else:
        again = f"reinstall io-game with {python} -m pip"
    print(
        f"io-game: the Python package {clean_name(name)!r}, which io-game needs, is not installed in this "
        f"environment ({clean_name(sys.prefix)})",
        file=sys.stderr,
    )
    print(f"io-game: install io-game's dependencies again: {clean_name(again)}", file=sys.stderr)
    return EXIT_MISSING_PACKAGE


def _internal_error(exc: Exception, argv: list[str]) -> int:
    """One clear line on stderr and the traceback in a log file whose (escaped) path it names."""
    from game.support.textsafe import clean_name

    summary = clean_name(f"{type(exc).__name__}: {exc}")
    if len(summary) > 200:
        summary = summary[:199] + "…"
    print(f"io-game: internal error (a bug in io-game, not in your world or saves): {summary}", file=sys.stderr)
    try:
        log = _write_log(exc, argv)
    except OSError as error:
        print(f"io-game: could not write the details to a log ({clean_name(str(error))})", file=sys.stderr)
        print("io-game: please report this; IO_GAME_DEBUG=1 shows the details", file=sys.stderr)
    else:
        print(f"io-game: the details are in {clean_name(log)}; please report this with that file", file=sys.stderr)
    return EXIT_INTERNAL_ERROR


def _write_log(exc: Exception, argv: list[str]) -> str:
    """The traceback in a new file of the temporary folder (mkstemp: unique, private to this user).
    Not in the saves folder: that may be what failed, and it holds the player's runs, not our bugs."""
    import datetime
    import tempfile
    import traceback

    handle, path = tempfile.mkstemp(prefix="io-game-error-", suffix=".log")
    with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace") as log:
        log.write(f"io-game {__version__}, Python {sys.version.split()[0]}, {datetime.datetime.now().isoformat()}\n")
        log.write(f"arguments: {argv!r}\n\n")
        log.write("".join(traceback.format_exception(exc)))
    return path
