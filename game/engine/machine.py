"""The world's transitions Machine: one state per scene, one transition per choice.

One Machine serves every run played on a world, without registering any of them as a model: a
Story calls `machine.events[choice_key].trigger(story)`, transitions' public `Event.trigger(model)`,
which reads and sets the model's `scene_id` and runs the transition's callbacks on it. That is
public API but not the documented "machine.add_model" pattern; we use it because add_model binds
a trigger per choice onto every model (about 1 ms a Story on IO, and the Machine then holds every
Story until it is removed). tests/test_engine.py pins the behaviour we rely on.

Each transition carries the step of game.engine.rules: the guard is the choice's availability,
`before` applies its `do:` effects, shows its reply (Story.show_reply) and applies its `after:`
effects (guards have passed by then, and an effect cannot raise: types were checked at load, so a
choice applies whole or not at all), `after` does the bookkeeping and the next scene's on_enter.
A return (`return: true`) leads wherever the run's call stack says: it gets one transition per scene
a call can come back to, each guarded by "that scene is on top of the stack".

The Machine is flat, with auto_transitions off (left on, every state gets a transition to every
other: a world of 1,000 scenes then takes seconds and hundreds of MB to build). Not
HierarchicalMachine: its `_` separator would split scene ids like `launch_site`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from transitions import EventData, Machine

from game.world.model import Choice, World

# The parts of a step (game.engine.rules), as this module sees them: functions of the run's state.
Available = Callable[[Any], bool]
Apply = Callable[[Any], None]


# event.model is the Story that called Event.trigger.
def _guard(available: Available) -> Callable[[EventData], bool]:
    return lambda event: available(event.model)


def _before(apply: Apply) -> Callable[[EventData], None]:
    return lambda event: apply(event.model)


def _after(arrive: Apply) -> Callable[[EventData], None]:
    return lambda event: arrive(event.model)


def _reply(choice: Choice) -> Callable[[EventData], None]:
    # Only a Story drives the Machine; it renders the choice's text and reply between the effects.
    return lambda event: event.model.show_reply(choice)  # type: ignore[attr-defined]


def _on_top(scene: str) -> Callable[[EventData], bool]:
    return lambda event: bool(event.model.stack) and event.model.stack[-1] == scene  # type: ignore[attr-defined]


def build_machine(
    world: World,
    available: dict[str, Available],
    apply: dict[str, Apply],
    after: dict[str, Apply],
    arrive: dict[str, Apply],
) -> Machine:
    machine = Machine(
        model=[],
        states=list(world.scenes),
        initial=world.start,
        auto_transitions=False,
        # The run's scene lives in `scene_id`, a name no scene can make clash with Story's own.
        model_attribute="scene_id",
        send_event=True,
        ignore_invalid_triggers=False,
    )
    comebacks = sorted({choice.then for scene in world.scenes.values() for choice in scene.choices if choice.then})
    for scene in world.scenes.values():
        for choice in scene.choices:
            kwargs: dict[str, Any] = {
                "conditions": [_guard(available[choice.key])],
                "after": [_after(arrive[choice.key])],
            }
            before = [_before(apply[choice.key])] if choice.actions else []
            if choice.reply is not None or (choice.body is not None and not choice.body.is_static):
                before.append(_reply(choice))
            if choice.after:
                before.append(_before(after[choice.key]))
            if before:
                kwargs["before"] = before
            if not choice.returns:
                machine.add_transition(choice.key, scene.id, choice.target, **kwargs)
                continue
            for comeback in comebacks or [scene.id]:  # without calls in the world a return is never offered
                guarded = {**kwargs, "conditions": [*kwargs["conditions"], _on_top(comeback)]}
                machine.add_transition(choice.key, scene.id, comeback, **guarded)
    return machine
