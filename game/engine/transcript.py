"""Plain-text rendering of a story: the --plain game, transcripts and replays all use it."""

from __future__ import annotations

import textwrap

from game.engine.story import Story
from game.support.textsafe import clean
from game.support.values import status_value

WIDTH = 78


def wrap(text: str, width: int = WIDTH) -> str:
    """Wrap each paragraph; blank lines between paragraphs are kept."""
    paragraphs = [" ".join(p.split()) for p in clean(text).split("\n\n")]
    return "\n\n".join(textwrap.fill(p, width) for p in paragraphs if p)


def header(story: Story) -> str:
    world = story.world
    title = clean(world.title)
    return f"{title}\n{'=' * len(title)}\n(world {clean(world.id)} {clean(world.version)}, seed {story.seed})"


def status_line(story: Story) -> str:
    """The status as the player reads it: a variable with words shows its word alone ("Hope:
    fraying", as the UI's panel does); the figures stay in the journal and `replay --json`."""
    parts = []
    for name in story.world.status:
        variable = story.world.variables[name]
        # A text variable's value can come from a save (`overrides`): untrusted like the world.
        value = story.variables[name]
        shown = variable.word(value) if variable.words else status_value(value)
        parts.append(f"{clean(variable.label)}: {clean(shown)}")
    return " | ".join(parts)


def scene_block(story: Story, width: int = WIDTH) -> str:
    """The reply to the choice just taken, if any; then the current scene: title, narration,
    status, then the numbered choices or the ending."""
    scene = story.scene
    lines = []
    if story.reply:
        lines += [wrap(story.reply_text(), width), ""]
    lines += [f"== {clean(scene.title)} ==", "", wrap(story.narration(), width), ""]
    if story.world.status and scene.ending is None:  # an ending closes on its own words, not on figures
        lines += [f"[{status_line(story)}]", ""]
    if scene.ending is not None:
        lines.append(f"*** The end: {clean(scene.ending.title)} ***")
    else:
        for number, choice in enumerate(story.choices(), 1):
            lines.append(f"  {number}. {clean(story.choice_text(choice))}")
    return "\n".join(lines)


def chosen_line(number: int, text: str) -> str:
    return f"> {number}. {clean(text)}"
