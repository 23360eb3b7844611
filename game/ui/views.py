"""What the screens show, made from the run and the saves: plain data for the screens' constructors.

The screens know nothing of the app, the session or the store; the app calls these and passes the
results in.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from textual.content import Content

from game.engine.story import Story
from game.saves import SaveError, SaveStore, clean_slot
from game.ui.storymap import show_value
from game.ui.text import duration, plain
from game.world import World


def endings(world: World, store: SaveStore) -> list[tuple[str, bool]]:
    """This world's endings in its order: (title, found in any run)."""
    found = store.endings_found(world)
    return [(scene.ending.title, scene.id in found) for scene in world.endings if scene.ending is not None]


def run_summary(story: Story, played_seconds: float) -> list[Content]:
    """The ending screen's "This run": choices, places, time played, then the status in words."""
    world, count = story.world, story.step_count
    lines = [
        Content(
            f"{count} choice{'' if count == 1 else 's'}, {len(story.visits)} places, played {duration(played_seconds)}"
        )
    ]
    for name in world.status:
        value = show_value(world, name, story.variables[name])
        lines.append(Content.assemble(plain(world.variables[name].label), ": ", plain(value)))
    return lines


def status_numbers(story: Story) -> list[str]:
    """Every status value as a figure, for the journal (the panel shows words where the world gives them)."""
    world, lines = story.world, []
    for name in world.status:
        variable, value = world.variables[name], story.variables[name]
        figure = f"{value}/{variable.maximum}" if variable.maximum is not None else show_value(world, name, value)
        word = f" ({variable.word(value)})" if variable.words else ""
        lines.append(f"{variable.label} {figure}{word}")
    return lines


def suggested_slot(story: Story) -> str:
    """The save dialog's suggestion: the scene's title as a slot name (none for a title without letters)."""
    with contextlib.suppress(SaveError):
        return clean_slot(story.scene.title)
    return ""


def open_hint(world_path: Path, world_id: str, *, web: bool) -> str:
    """How to open another world's saves: the command, with its folder when it sits beside this world."""
    sibling = world_path.parent / world_id
    folder = str(sibling) if (sibling / "world.yaml").is_file() else f"<the folder of {world_id}>"
    return f"open it with: io-game {'serve' if web else 'play'} {folder}"
