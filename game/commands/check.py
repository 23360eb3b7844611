"""`io-game check [WORLD]`: load a world and report every fault with file:line:column."""

from __future__ import annotations

import argparse
import sys

from game.commands import add_world_argument, world_path

HELP = "check a world: exit 0 with a summary, or exit 1 listing every error"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_world_argument(parser)


def run(args: argparse.Namespace) -> int:
    from game.textsafe import clean
    from game.world import WorldError, load_world
    from game.world.stats import world_stats

    path = world_path(args)
    try:
        world = load_world(path)
    except WorldError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic)
        count = len(exc.diagnostics)
        print(f"{clean(str(path))}: {count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    stats = world_stats(world)
    print(f"{clean(str(path))}: ok: {clean(world.title)} {clean(world.version)}: {stats.line()}")
    return 0
