"""The compiled world's classes (game/world/model.py, text.py, expr.py): what each must still do.

A world is compiled once and shared by every run played on it. Its parts are immutable, small (no
per-object __dict__), and known by identity: nothing compares two scenes or two choices by value
(a compiled text or condition holds closures, equal only to themselves), so no value equality,
hash or repr is generated for them (each such method was compiled as every start imported them).
The small values a world from the cache must equal a full load's by (its variables, with their
word bands, and its endings) compare by value, as do expression trees.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from game.world import load_world
from game.world.expr import Compiled, Effect, parse
from game.world.model import Block, Choice, Ending, Scene, Variable, Variant, When, World
from game.world.text import Band, Fragment, InlineCondition, Text
from tests.conftest import IO_WORLD

PARTS = (When, Variant, Block, Choice, Scene, InlineCondition, Fragment, Text, Compiled, Effect)  # by identity
VALUES = (Variable, Ending, Band)


def parts(world: World) -> Iterator[object]:
    """Every variable, scene, choice, text, condition and effect of the world."""
    yield from world.variables.values()
    for scene in world.scenes.values():
        yield scene
        if scene.ending is not None:
            yield scene.ending
        yield from (*scene.variants, *scene.blocks, *scene.choices, *scene.texts())
        for program in scene.programs():
            yield from program
        for choice in scene.choices:
            if choice.condition is not None:
                yield choice.condition


def test_a_worlds_parts_cannot_be_changed_and_have_no_dict() -> None:
    world = load_world(IO_WORLD)
    seen = {type(part) for part in parts(world)}
    assert {Variable, Scene, Choice, Text, Compiled, Effect, Ending} <= seen
    for part in parts(world):
        field = dataclasses.fields(part)[0].name  # type: ignore[arg-type]
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(part, field, None)
        assert not hasattr(part, "__dict__"), type(part)
    with pytest.raises(dataclasses.FrozenInstanceError):
        world.title = "changed"  # type: ignore[misc]


def test_a_worlds_parts_are_known_by_identity() -> None:
    """Two loads of the same files give alike but distinct parts: each equals itself only, and each
    can be a key (the tools key their tables by a part's identity)."""
    first, second = load_world(IO_WORLD), load_world(IO_WORLD)
    for one, other in zip(parts(first), parts(second), strict=True):
        assert type(one) is type(other)
        if isinstance(one, VALUES):
            assert one == other and hash(one) == hash(other)
        else:
            assert one == one and one != other
            assert {one: 1}[one] == 1 and other not in {one: 1}
    assert first != second and first == first
    assert dict(first.variables) == dict(second.variables)
    assert any(variable.words for variable in first.variables.values())  # their bands compared too
    assert parse("hope + 1 > 2") == parse("hope + 1 > 2") != parse("hope + 1 > 3")


def test_a_worlds_parts_are_shown_briefly() -> None:
    """A part in a message or a traceback is its class and address, never its whole tree."""
    world = load_world(IO_WORLD)
    for part in [world, *parts(world)]:
        if not isinstance(part, VALUES):
            assert len(repr(part)) < 100, type(part)


def test_no_value_methods_are_made_for_them() -> None:
    """Every start imports these classes: each method generated for them is compiled then."""
    for cls in (*PARTS, World):
        params = getattr(cls, "__dataclass_params__")  # noqa: B009  # not in the classes' types
        assert params.frozen and not params.eq and not params.repr, cls
        assert cls is World or "__slots__" in cls.__dict__, cls
