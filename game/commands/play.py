"""`io-game play [WORLD]`: play in the terminal UI, or as plain text when there is no terminal."""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path

from game.commands import add_saves_dir, add_world_argument, load_or_report, saves_dir, world_path
from game.support.textsafe import clean

HELP = "play a world (the Textual UI in a terminal, plain text otherwise)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_world_argument(parser)
    parser.add_argument("--plain", action="store_true", help="plain text on stdin/stdout (automatic in a pipe)")
    parser.add_argument(
        "--choices", help="play these choices (numbers or ids, comma-separated) and print the transcript"
    )
    parser.add_argument("--seed", type=int, default=None, help="the run's random seed (default: a new one)")
    parser.add_argument("--from", dest="start", metavar="SCENE", help="start at this scene (for testing it)")
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="VAR=VALUE",
        help="start with this variable set (repeatable)",
    )
    parser.add_argument(
        "--continue",
        dest="resume",
        action="store_true",
        help="plain play: continue this world's newest saved run instead of starting a new one",
    )
    parser.add_argument("--dev", action="store_true", help="reload the world when its files change (F5 too)")
    add_saves_dir(parser)


def parse_override(text: str) -> tuple[str, int | bool | str]:
    """`hope=3`, `met=true`, `name=Sam`: numbers and true/false are typed, anything else is text."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"--set {text!r}: write VAR=VALUE, for example --set hope=3")
    raw = raw.strip()
    value: int | bool | str
    if raw in ("true", "false"):
        value = raw == "true"
    elif raw.lstrip("-").isdigit():
        value = int(raw)
    else:
        value = raw
    return name.strip(), value


def run(args: argparse.Namespace) -> int:

    path: Path = world_path(args)
    try:
        overrides = [parse_override(item) for item in args.overrides]
    except ValueError as exc:
        print(f"io-game: {exc}", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    if not args.plain and args.choices is None and sys.stdout.isatty() and sys.stdin.isatty():
        from game.ui.run import run_app  # Textual only when there is a terminal to draw on

        return run_app(path, seed=seed, saves_dir=saves_dir(args), dev=args.dev, start=args.start, overrides=overrides)
    world = load_or_report(path)
    if world is None:
        return 1
    from game.engine import Story
    from game.play.plain import notice_printer, play_interactive, play_scripted

    if args.choices is not None:
        try:
            story = Story(world, seed, start=args.start, overrides=overrides)
        except ValueError as exc:
            print(f"io-game: {clean(str(exc))}", file=sys.stderr)
            return 2
        picks = [p.strip() for p in args.choices.split(",") if p.strip()]
        return play_scripted(story, picks, sys.stdout)
    from game.play.session import Session
    from game.saves import SaveStore

    session = Session(
        world, SaveStore(saves_dir(args)), seed=seed, start=args.start, overrides=overrides, notify=notice_printer()
    )
    started = session.continue_game() if args.resume else session.new_game()
    if not started:
        return 2
    return play_interactive(session, sys.stdin, sys.stdout)
