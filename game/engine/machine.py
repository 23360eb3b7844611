"""The world's transitions Machine: one state per scene, one transition per choice.

One Machine serves every run played on a world, without registering any of them as a model: a
Story calls `machine.events[choice_key].trigger(story, story)`, transitions' public
`Event.trigger(model, *args)`, which reads and sets the model's `scene_id` and runs the
transition's callbacks with the arguments (send_event off: the Story itself). That is
public API but not the documented "machine.add_model" pattern; we use it because add_model binds
a trigger per choice onto every model (about 1 ms a Story on IO, and the Machine then holds every
Story until it is removed). tests/test_engine.py pins the behaviour we rely on.

Each transition carries the step of game.engine.rules: the guard is the choice's availability (no
guard for a choice with nothing to check), `before` is one callback that applies its `do:`
effects, shows its reply (Story.show_reply) and applies its `after:` effects (guards have passed by
then, and an effect cannot raise: types were checked at load, so a choice applies whole or not at
all), `after` does the bookkeeping and the next scene's on_enter.
A return (`return: true`) leads wherever the run's call stack says: it gets one transition per scene
a call can come back to, each guarded by "that scene is on top of the stack".

The Machine is flat, with auto_transitions off (left on, every state gets a transition to every
other: a world of 1,000 scenes then takes seconds and hundreds of MB to build). Not
HierarchicalMachine: its `_` separator would split scene ids like `launch_site`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from transitions import Machine

from game.world.model import Choice, World

# The parts of a step (game.engine.rules), as this module sees them: functions of the run's state.
Available = Callable[[Any], bool]
Apply = Callable[[Any], None]


def _reply(choice: Choice) -> Apply:
    # Only a Story drives the Machine; it renders the choice's text and reply between the effects.
    return lambda story: story.show_reply(choice)


def _on_top(scene: str) -> Available:
    return lambda story: bool(story.stack) and story.stack[-1] == scene


def _in_turn(parts: list[Apply]) -> Apply:
    """One callback for the parts of a step that run in turn: transitions dispatches each callback
    through three calls of its own, so one callback a step is cheaper than three."""
    if len(parts) == 1:
        return parts[0]
    first, *rest = parts

    def in_turn(story: Any) -> None:
        first(story)
        for part in rest:
            part(story)

    return in_turn


def build_machine(
    world: World,
    available: dict[str, Available],
    apply: dict[str, Apply],
    after: dict[str, Apply],
    arrive: dict[str, Apply],
    always: Available | None = None,
) -> Machine:
    """The world's Machine. `always` is the availability of a choice with nothing to check: such a
    transition gets no guard (one fewer callback to dispatch on every step that takes it)."""
    machine = Machine(
        model=[],
        states=list(world.scenes),
        initial=world.start,
        auto_transitions=False,
        # The run's scene lives in `scene_id`, a name no scene can make clash with Story's own.
        model_attribute="scene_id",
        # Callbacks get the trigger's arguments, not an EventData: a Story triggers with itself as
        # the one argument, so each callback is one of the rules' own functions of the run's state.
        send_event=False,
        ignore_invalid_triggers=False,
    )
    comebacks = sorted({choice.then for scene in world.scenes.values() for choice in scene.choices if choice.then})
    for scene in world.scenes.values():
        for choice in scene.choices:
            guard = available[choice.key]
            kwargs: dict[str, Any] = {"after": [arrive[choice.key]]}
            if guard is not always:
                kwargs["conditions"] = [guard]
            before = [apply[choice.key]] if choice.actions else []
            if choice.reply is not None or (choice.body is not None and not choice.body.is_static):
                before.append(_reply(choice))
            if choice.after:
                before.append(after[choice.key])
            if before:
                kwargs["before"] = [_in_turn(before)]
            if not choice.returns:
                machine.add_transition(choice.key, scene.id, choice.target, **kwargs)
                continue
            for comeback in comebacks or [scene.id]:  # without calls in the world a return is never offered
                guarded = {**kwargs, "conditions": [*kwargs.get("conditions", []), _on_top(comeback)]}
                machine.add_transition(choice.key, scene.id, comeback, **guarded)
    return machine
