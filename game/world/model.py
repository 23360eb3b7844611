"""The compiled world: immutable, shared by every run played on it (ink's "story" to our run's "state")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from game.world.errors import Location
from game.world.expr import Compiled, Effect, Type, Value

NUMBER_LIMIT = 10**18


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    type: Type  # "number", "flag" or "text"
    initial: Value
    minimum: int | None
    maximum: int | None
    label: str
    loc: Location

    def clamp(self, value: Value) -> Value:
        if self.type != "number":
            return value
        assert isinstance(value, int)
        if self.minimum is not None and value < self.minimum:
            return self.minimum
        if self.maximum is not None and value > self.maximum:
            return self.maximum
        # Even unbounded numbers stay within ±10**18, so `x += x` cannot grow without end.
        return max(-NUMBER_LIMIT, min(NUMBER_LIMIT, value))


@dataclass(frozen=True, slots=True)
class Variant:
    condition: Compiled
    text: str
    replace: bool
    loc: Location


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    text: str
    target: str
    condition: Compiled | None
    effects: tuple[Effect, ...]
    once: bool
    loc: Location
    scene: str  # the scene that offers it

    @property
    def key(self) -> str:
        """World-wide unique name: the transitions trigger and the once-taken record."""
        return f"{self.scene}.{self.id}"


@dataclass(frozen=True, slots=True)
class Ending:
    title: str
    kind: str


@dataclass(frozen=True, slots=True)
class Scene:
    id: str
    title: str
    text: str
    variants: tuple[Variant, ...]
    choices: tuple[Choice, ...]
    ending: Ending | None
    loc: Location

    def choice(self, choice_id: str) -> Choice | None:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        return None


@dataclass(frozen=True, eq=False)
class World:
    id: str
    title: str
    version: str
    start: str
    variables: Mapping[str, Variable]
    status: tuple[str, ...]
    scenes: Mapping[str, Scene]
    content_hash: str  # sha256 over every file's name and bytes: saves record it
    path: Path
    author: str = ""
    description: str = ""
    files: tuple[str, ...] = field(default=())  # files read, relative to the world folder

    @property
    def endings(self) -> list[Scene]:
        return [scene for scene in self.scenes.values() if scene.ending is not None]

    def initial_variables(self) -> dict[str, Value]:
        return {name: var.initial for name, var in self.variables.items()}
