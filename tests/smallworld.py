"""Small worlds written in a test, as an author writes them: one world.yaml and one scene file."""

from pathlib import Path

from game.world import load_world
from game.world.model import World

# An ending scene `end`, for worlds whose choices need somewhere to finish.
END = "end:\n  title: End\n  text: Over.\n  ending: {title: Over}\n"


def one_file_world(root: Path, scenes: str, variables: str, *, start: str = "a", more: str = "") -> World:
    """Write a world of one scene file under `root` (its `variables:` block as given, then `more`
    of world.yaml) and load it."""
    (root / "scenes").mkdir(parents=True)
    head = f"id: w\ntitle: W\nstart: {start}\nvariables:\n{variables}{more}"
    (root / "world.yaml").write_text(head, encoding="utf-8")
    (root / "scenes" / "s.yaml").write_text(scenes, encoding="utf-8")
    return load_world(root)
