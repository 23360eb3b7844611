"""`python -m game` does what the `io-game` command does."""

import sys

from game.cli import main

sys.exit(main())
