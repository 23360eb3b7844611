"""The game without a screen: narration and numbered choices on stdout, numbers on stdin.

Chosen by itself when stdout is not a terminal, so the game works in pipes, scripts and tests.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from typing import TextIO

from game.engine.story import Story
from game.engine.transcript import WIDTH, chosen_line, header, scene_block
from game.play.session import Notice, Session
from game.support.textsafe import clean
from game.world.model import Choice

# A choice number as typed: ASCII digits only ('²'.isdigit() is true but int() refuses it).
_NUMBER = re.compile(r"[0-9]{1,6}")


def _width(out: TextIO) -> int:
    if out.isatty():
        return max(40, min(WIDTH, shutil.get_terminal_size((80, 24)).columns - 2))
    return WIDTH


def notice_printer(err: TextIO | None = None) -> Callable[[Notice], None]:
    """A session's notices as lines on stderr (each said once until it changes: a failing
    autosave would otherwise repeat after every choice)."""
    last: list[str] = []

    def show(notice: Notice) -> None:
        line = f"io-game: {clean(str(notice))}"
        if not last or last[0] != line:
            print(line, file=err if err is not None else sys.stderr)
            last[:] = [line]

    return show


def play_interactive(session: Session, inp: TextIO, out: TextIO) -> int:
    """Play the session's run until an ending, end of input or 'q'. Returns the exit code."""
    story = session.story
    if story is None:
        raise ValueError("start or load a run before playing it")
    width = _width(out)
    out.write(header(story) + "\n\n")
    while True:
        out.write(scene_block(story, width) + "\n")
        if story.is_over:
            out.flush()
            return 0
        choices = story.choices()
        if not choices:
            out.write("\nThe story has no way on from here: this is a dead end in the world.\n")
            return 1
        while True:
            out.write("> ")
            out.flush()
            line = inp.readline()
            if not line:
                out.write("\n(end of input: the run stops here)\n")
                return 0
            answer = line.strip().lower()
            if answer in ("q", "quit", "exit"):
                out.write("Goodbye.\n")
                return 0
            if _NUMBER.fullmatch(answer) and 1 <= int(answer) <= len(choices):
                break
            out.write(f"Type a number from 1 to {len(choices)} and press Enter (q quits).\n")
        number = int(answer)
        choice = choices[number - 1]
        shown = story.choice_text(choice)  # as listed, before taking it changes anything
        session.choose(choice.id)
        if not inp.isatty():
            # The terminal echoes typed input; piped input is not echoed, so show what was read,
            # after the prompt already on the line.
            out.write(chosen_line(number, shown).removeprefix("> ") + "\n")
        out.write("\n")


def resolve_pick(choices: list[Choice], pick: str) -> Choice | None:
    """A scripted pick: a 1-based number among the choices offered, or a choice id."""
    if _NUMBER.fullmatch(pick):
        return choices[int(pick) - 1] if 1 <= int(pick) <= len(choices) else None
    return next((choice for choice in choices if choice.id == pick), None)


def play_scripted(story: Story, picks: list[str], out: TextIO) -> int:
    """Play the given picks (1-based numbers or choice ids) and print the transcript."""
    out.write(header(story) + "\n\n")
    for index, pick in enumerate(picks, 1):
        out.write(scene_block(story) + "\n")
        if story.is_over:
            out.write(f"\nThe run ended before step {index}; the remaining choices were not used.\n")
            return 1
        choices = story.choices()
        chosen = resolve_pick(choices, pick)
        if chosen is None:
            sys.stderr.write(
                f"step {index}: no choice {pick!r} here; scene '{story.state}' offers "
                f"{len(choices)} choice(s): {', '.join(c.id for c in choices)}\n"
            )
            return 1
        story.choose(chosen.id)
        out.write(chosen_line(choices.index(chosen) + 1, story.chosen_text) + "\n\n")
    out.write(scene_block(story) + "\n")
    if story.is_stuck:
        out.write("\nThe story has no way on from here: this is a dead end in the world.\n")
        return 1
    return 0
