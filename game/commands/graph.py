"""`io-game graph [WORLD] --format mermaid|dot [--focus SCENE --depth N] [--no-clusters] [-o FILE]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.commands import add_world_argument, load_or_report, world_path
from game.support.closest import closest

HELP = "draw a world's scenes and choices as a mermaid or Graphviz (dot) graph"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_world_argument(parser)
    parser.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help="graph format")
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="FILE", help="write here, not stdout")
    parser.add_argument(
        "--focus", default=None, metavar="SCENE", help="only the scenes within --depth choices of SCENE, either way"
    )
    parser.add_argument("--depth", type=int, default=2, metavar="N", help="with --focus: how far (default 2)")
    parser.add_argument(
        "--no-clusters", action="store_true", help="do not group the scenes by the file they are written in"
    )


def run(args: argparse.Namespace) -> int:
    from game.authoring.graph import dot, mermaid
    from game.support.textsafe import clean

    if args.depth < 0:
        print("io-game: --depth takes a number from 0 up", file=sys.stderr)
        return 2
    world = load_or_report(world_path(args))
    if world is None:
        return 1
    if args.focus is not None and args.focus not in world.scenes:
        close = closest(args.focus, world.scenes)
        hint = f"did you mean '{close}'?" if close else "give the id of a scene of this world"
        print(f"io-game: --focus: no scene '{clean(args.focus)}' in this world; {hint}", file=sys.stderr)
        return 2
    draw = mermaid if args.format == "mermaid" else dot
    text = draw(world, args.focus, args.depth, cluster=not args.no_clusters)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"io-game: cannot write {clean(str(args.output))}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {clean(str(args.output))}", file=sys.stderr)
    return 0
