"""Build the transitions Machine for a World: one state per scene, one transition per choice.

One Machine serves every Story played on a world (transitions' "one machine, many models"). It is
flat, with auto_transitions off (left on, every state gets a transition to every other: a world of
1,000 scenes then takes seconds and hundreds of MB to build), and model_override on, so the Machine
binds only what the Story class declares (`trigger`, `may_trigger`) instead of one generated method
per choice. Not HierarchicalMachine: its `_` separator would split scene ids like `launch_site`.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from transitions import EventData, Machine

from game.world.model import Choice, World

if TYPE_CHECKING:
    from game.engine.story import Story

# With model_override, transitions logs a warning for every trigger it does not bind to a model.
# Not binding them is the point, so those warnings are noise.
logging.getLogger("transitions").setLevel(logging.ERROR)

_machines: weakref.WeakKeyDictionary[World, Machine] = weakref.WeakKeyDictionary()


def machine_for(world: World) -> Machine:
    """The world's Machine, built on first use and then shared."""
    machine = _machines.get(world)
    if machine is None:
        machine = build_machine(world)
        _machines[world] = machine
    return machine


def _guard(choice: Choice) -> Callable[[EventData], bool]:
    def guard(event: EventData) -> bool:
        story: Story = event.model  # type: ignore[assignment]
        return story.is_available(choice)

    return guard


def _effects(choice: Choice) -> Callable[[EventData], None]:
    def apply(event: EventData) -> None:
        story: Story = event.model  # type: ignore[assignment]
        story.apply_effects(choice)

    return apply


def build_machine(world: World) -> Machine:
    machine = Machine(
        model=[],
        states=list(world.scenes),
        initial=world.start,
        auto_transitions=False,
        model_override=True,
        send_event=True,
        ignore_invalid_triggers=False,
    )
    for scene in world.scenes.values():
        for choice in scene.choices:
            # Effects run `before` the state changes: guards have passed by then, and an effect
            # cannot raise (types were checked at load), so a choice applies whole or not at all.
            kwargs: dict[str, Any] = {"conditions": [_guard(choice)]}
            if choice.effects:
                kwargs["before"] = [_effects(choice)]
            machine.add_transition(choice.key, scene.id, choice.target, **kwargs)
    return machine
