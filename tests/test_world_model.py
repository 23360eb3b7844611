"""The compiled world's classes (game/world/model.py, text.py, expr.py): what each must still do.

A world is compiled once and shared by every run played on it. Its parts are immutable, small (no
per-object __dict__), known by identity (nothing compares two scenes or two choices by value: a
compiled text or condition holds closures, equal only to themselves) and shown briefly. The small
values a world from the cache must equal a full load's by (its variables, with their word bands,
and its endings) compare by value, as do expression trees.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from msgspec import Struct
from msgspec.structs import fields

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
        field = fields(part)[0].name  # type: ignore[arg-type]
        with pytest.raises(AttributeError, match="immutable"):
            setattr(part, field, None)
        assert not hasattr(part, "__dict__"), type(part)
    with pytest.raises(AttributeError, match="immutable"):
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
    """A part in a message or a traceback is its class and address, never its whole tree: as repr()
    shows it, and as Rich does (Textual's tracebacks show their frames' locals with it)."""
    from rich.pretty import pretty_repr

    world = load_world(IO_WORLD)
    for part in [world, *parts(world)]:
        if not isinstance(part, VALUES):
            assert len(repr(part)) < 100, type(part)
            assert pretty_repr(part) == repr(part), type(part)
    assert len(pretty_repr({"world": world, "scenes": list(world.scenes.values())[:3]})) < 400


def test_every_record_of_the_game_is_made_without_compiling_code() -> None:
    """Every start imports these classes. A dataclass compiles each method it generates as its
    module is imported (some forty classes: about 5% of the start to the first scene); a Struct is
    made in C. Any dataclass left in the game is a cost of some start or tool."""
    import importlib
    import pkgutil

    import game

    for module in pkgutil.walk_packages(game.__path__, "game."):
        if module.name.endswith("__main__"):
            continue  # runs the command line
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if isinstance(value, type) and value.__module__ == module.name:
                assert not hasattr(value, "__dataclass_fields__"), f"{module.name}.{value.__name__}"
    for cls in (*PARTS, World):
        assert issubclass(cls, Struct), cls
        config = cls.__struct_config__
        assert config.frozen and not config.eq, cls
