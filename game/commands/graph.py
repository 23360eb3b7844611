"""`io-game graph [WORLD] --format mermaid|dot [-o FILE]`: the world's scenes and choices as a graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.commands import add_world_argument, load_or_report, world_path

HELP = "draw a world's scenes and choices as a mermaid or Graphviz (dot) graph"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_world_argument(parser)
    parser.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help="graph format")
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="FILE", help="write here, not stdout")


def run(args: argparse.Namespace) -> int:
    from game.authoring.graph import dot, mermaid
    from game.support.textsafe import clean

    world = load_or_report(world_path(args))
    if world is None:
        return 1
    text = mermaid(world) if args.format == "mermaid" else dot(world)
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
