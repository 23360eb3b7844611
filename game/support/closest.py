"""The did-you-mean: which known name an unknown one was most likely meant to be.

One definition for every message that suggests a name (keys, scenes, variables, `--focus`). A name
typed short is taken as the start of a longer one (`ini` for `initial`, not `min`, which difflib's
similarity alone prefers); a start several names share suggests the most similar of those; otherwise
the most similar name, if any is similar enough.
"""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, names: Iterable[str]) -> str | None:
    """The name `word` most likely stands for, or None when none is close."""
    from difflib import get_close_matches  # not at import: the game's start never suggests

    known = sorted(set(names))
    started = [name for name in known if name.startswith(word)] if len(word) >= 2 else []
    found = get_close_matches(word, started, n=1, cutoff=0) or get_close_matches(word, known, n=1)
    return found[0] if found else None
