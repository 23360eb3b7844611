"""`io-game lsp`: the language server for world files, on stdin and stdout (docs/editors.md)."""

from __future__ import annotations

import argparse

HELP = "the language server for world files (stdio): errors as you type, completion, hover, rename"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stdio", action="store_true", help="talk over stdin and stdout (the default, and the only way)"
    )


def run(args: argparse.Namespace) -> int:
    from game.lsp.server import serve

    serve()
    return 0
