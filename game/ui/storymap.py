"""The story map of a run: the scenes passed as a path, the turning points where the player chose,
the choices not taken as closed branches, and what the run changed.

Built by replaying the run (game.engine.replay's watcher), so it is a picture of the saved run, not
of what the UI happened to see. The drawing is one Content for one Static: cheap at any length.
"""

from __future__ import annotations

from collections.abc import Callable

from msgspec import Struct
from textual.content import Content

from game.engine import Story
from game.engine.replay import replay
from game.engine.run import Run, Step
from game.ui.text import plain
from game.world import World
from game.world.expr import Value
from game.world.model import Choice


class Passage(Struct, frozen=True):
    """One step of the run: the scene, what was offered there, what was taken, what it changed."""

    scene: str
    chosen: str
    not_taken: tuple[str, ...]
    changes: tuple[str, ...]  # "Hope +1", "Met Micah: now yes"

    @property
    def turning_point(self) -> bool:
        """A real choice: something else was on offer."""
        return bool(self.not_taken)


class StoryMap(Struct, frozen=True):
    passages: tuple[Passage, ...]
    last_scene: str
    ending: str | None
    changed: tuple[str, ...]  # over the whole run, from the first scene to the last


def show_value(world: World, name: str, value: Value) -> str:
    """A status value as the player reads it: the variable's word when it has bands, else the value."""
    variable = world.variables.get(name)
    if variable is not None and variable.words:
        return variable.word(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def describe_change(world: World, name: str, before: Value, after: Value) -> str:
    variable = world.variables.get(name)
    label = variable.label if variable is not None else name
    if variable is not None and variable.words and variable.word(before) != variable.word(after):
        return f"{label}: {variable.word(before)} → {variable.word(after)}"
    if isinstance(before, int) and isinstance(after, int) and not isinstance(before, bool):
        return f"{label} {after - before:+d}"
    if isinstance(after, bool):
        return f"{label}: now {'yes' if after else 'no'}"
    return f"{label}: {show_value(world, name, after)}"


def _diff(world: World, before: dict[str, Value], after: dict[str, Value]) -> tuple[str, ...]:
    return tuple(
        describe_change(world, name, before[name], after[name])
        for name in after
        if name in before and before[name] != after[name]
    )


def build(world: World, run: Run) -> StoryMap:
    """Replay the run and record each passage (a run that no longer fits the world stops where it breaks)."""
    passages: list[Passage] = []
    first = Story(world, run.seed, start=run.start, overrides=run.overrides).variables

    def watch(story: Story, _index: int, _step: Step) -> Callable[[Choice], None]:
        scene, offered, before = story.scene.title, story.choices(), dict(story.variables)

        def after(choice: Choice) -> None:
            others = tuple(c.text for c in offered if c.id != choice.id)
            passages.append(Passage(scene, choice.text, others, _diff(world, before, story.variables)))

        return after

    story, _ = replay(world, run, watch=watch)
    ending = story.ending.title if story.ending is not None else None
    changed = tuple(
        f"{world.variables[name].label}: {show_value(world, name, first[name])} → {show_value(world, name, value)}"
        for name, value in story.variables.items()
        if name in first and name in world.variables and first[name] != value
    )
    return StoryMap(tuple(passages), story.scene.title, ending, changed)


def draw(story_map: StoryMap) -> Content:
    """The map as lines: ◆ a turning point, ● a scene passed through, ✕ a branch not taken."""
    lines: list[Content] = []
    for passage in story_map.passages:
        mark = Content.styled("◆ " if passage.turning_point else "● ", "bold $accent")
        lines.append(Content.assemble(mark, plain(passage.scene, "bold")))
        for other in passage.not_taken:
            lines.append(Content.assemble(Content.styled("│  ├─✕ ", "$text-muted"), plain(other, "$text-muted strike")))
        lines.append(Content.assemble(Content.styled("│  ╰─► ", "$accent"), plain(passage.chosen, "italic")))
        for change in passage.changes:
            lines.append(Content.assemble(Content.styled("│       ", "$text-muted"), plain(change, "$text-success")))
        lines.append(Content.styled("│", "$text-muted"))
    if story_map.ending is not None:
        end = Content.assemble(Content.styled("■ ", "bold $primary"), plain(story_map.last_scene, "bold"))
        lines += [end, Content.assemble("  The end: ", plain(story_map.ending, "bold $primary"))]
    else:
        lines.append(
            Content.assemble(Content.styled("○ ", "bold $primary"), plain(story_map.last_scene, "bold"), " (now)")
        )
    turning = sum(passage.turning_point for passage in story_map.passages)
    lines += [
        Content(""),
        Content.styled("What this run changed", "bold $accent"),
        Content(f"{len(story_map.passages)} choices, {turning} of them turning points"),
    ]
    lines += [plain(change) for change in story_map.changed] or [Content.styled("nothing yet", "$text-muted")]
    return Content("\n").join(lines)
