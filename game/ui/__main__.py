"""`python -m game.ui`: the app for one browser session of `io-game serve` (stdout is a pipe there,
so `io-game play` would fall back to plain text; this always runs the Textual app)."""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.ui")
    parser.add_argument("--world", type=Path, required=True)
    parser.add_argument("--saves-dir", type=Path, required=True)
    parser.add_argument("--namespace", default=None, help="this session's own saves sub-folder")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    from game.ui.run import run_app

    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    return run_app(
        args.world, seed=seed, saves_dir=args.saves_dir, dev=False, start=None, overrides=[], namespace=args.namespace
    )


if __name__ == "__main__":
    sys.exit(main())
