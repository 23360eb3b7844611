"""`io-game check [WORLD]`: load a world, report every error and lint warning with file:line:column.

Errors exit 1. Warnings exit 0, or 1 with --strict; so does a world too large to check on every state
(note W110) under --strict. `--format json` prints one JSON object for
editors and CI; `--stats` adds the counts per file.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from game.commands import add_world_argument, world_path

if TYPE_CHECKING:
    from game.world.errors import Diagnostic

HELP = "check a world: errors (exit 1) and lint warnings (exit 0 unless --strict), with a summary"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_world_argument(parser)
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--stats", action="store_true", help="also count scenes, choices, endings and words per file")
    parser.add_argument(
        "--max-states",
        type=int,
        default=None,
        metavar="N",
        help="how many states the exact exploration may visit before the one with intervals takes over "
        "(default: 50,000; past 2,000 scenes, 100,000,000 divided by the scenes)",
    )
    parser.add_argument("--no-lint", action="store_true", help="report load errors only")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run(args: argparse.Namespace) -> int:
    from game.authoring.lint import lint
    from game.support.textsafe import clean, clean_name
    from game.world import WorldError, load_world
    from game.world.stats import world_stats

    path = world_path(args)
    as_json = args.format == "json"
    try:
        world = load_world(path)
    except WorldError as exc:
        count = len(exc.diagnostics)
        if as_json:
            report = {
                "world": clean_name(str(path)),
                "ok": False,
                "errors": [d.as_dict() for d in exc.diagnostics],
                "warnings": [],
            }
            print(json.dumps(report, indent=1))
        else:
            for diagnostic in exc.diagnostics:
                print(diagnostic)
            print(f"{clean_name(str(path))}: {_plural(count, 'error')}", file=sys.stderr)
        return 1

    warnings: list[Diagnostic] = []
    notes: list[Diagnostic] = []
    complete = True
    abstract_states = 0  # past the exact bound: the states of the abstraction with intervals
    if not args.no_lint:
        max_states = args.max_states if args.max_states and args.max_states > 0 else None  # None: lint's default
        result = lint(world, max_states)
        warnings, notes, complete = result.warnings, result.notes, result.complete
        if result.abstraction is not None and result.abstraction.complete:
            abstract_states = result.abstraction.states
    stats = world_stats(world)
    # --strict: a check that could not run on every state (W110) is not a pass.
    failed = (bool(warnings) or not complete) and args.strict
    if as_json:
        data: dict[str, Any] = {
            "world": clean_name(str(path)),
            "id": world.id,
            "ok": not failed,
            "complete": complete,
            "abstract_states": abstract_states,
            "errors": [],
            "warnings": [d.as_dict() for d in warnings],
            "notes": [d.as_dict() for d in notes],
            "stats": stats.as_dict(per_file=args.stats),
        }
        print(json.dumps(data, indent=1))
        return 1 if failed else 0
    for diagnostic in [*warnings, *notes]:
        print(diagnostic)
    if args.stats:
        for line in stats.table(str(world.path)):
            print(clean(line))
    verdict = "ok" if not warnings else _plural(len(warnings), "warning")
    if not complete:
        verdict += " (not every state checked: see W110)"
    elif abstract_states:
        verdict += f" (every state checked, with intervals: {abstract_states:,} abstract states)"
    print(f"{clean_name(str(path))}: {verdict}: {clean_name(world.title)} {clean_name(world.version)}: {stats.line()}")
    return 1 if failed else 0
