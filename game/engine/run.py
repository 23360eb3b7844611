"""A run: the world it was played on, a seed and the choices made. Everything else is derived."""

from __future__ import annotations

import re
from typing import Any

from msgspec import Struct

from game.support.ids import ID as _ID
from game.support.ids import VARIABLE_NAME as _VARIABLE
from game.world.expr import Value

SEED_LIMIT = 2**63
# The longest run a file may hold or play may reach: far beyond any story (IO ends within a few
# hundred choices), small enough that replaying one stays within about a second and 100 MB.
MAX_STEPS = 100_000


class RunError(ValueError):
    """A run that does not fit the data it should hold (bad types, missing fields)."""


class Step(Struct, frozen=True):
    scene: str
    choice: str


class Run(Struct, frozen=True):
    world_id: str
    world_hash: str
    seed: int
    steps: tuple[Step, ...] = ()
    start: str | None = None  # None: the world's start scene (set by `play --from`)
    overrides: tuple[tuple[str, Value], ...] = ()  # `play --set var=value`

    def continues(self, earlier: Run) -> bool:
        """The one rule for "this run carries on that one": same world, seed, start and `--set`
        overrides, and the earlier run's steps are where this one begins (it may have more)."""
        return (
            self.world_id == earlier.world_id
            and self.seed == earlier.seed
            and self.start == earlier.start
            and self.overrides == earlier.overrides
            and self.steps[: len(earlier.steps)] == earlier.steps
        )

    def overrides_values(self) -> tuple[Value, ...]:
        return tuple(value for _name, value in self.overrides)

    def truncated(self, count: int) -> Run:
        return Run(self.world_id, self.world_hash, self.seed, self.steps[:count], self.start, self.overrides)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "world_id": self.world_id,
            "world_hash": self.world_hash,
            "seed": self.seed,
            "steps": [[step.scene, step.choice] for step in self.steps],
        }
        if self.start is not None:
            data["start"] = self.start
        if self.overrides:
            data["overrides"] = dict(self.overrides)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Run:
        """Build a run from parsed JSON, checking every type; raises RunError."""
        if not isinstance(data, dict):
            raise RunError("a run must be a JSON object")
        world_id = data.get("world_id")
        world_hash = data.get("world_hash")
        seed = data.get("seed")
        steps = data.get("steps")
        if not isinstance(world_id, str) or not _ID.match(world_id):
            raise RunError("world_id must be a world id (lowercase letters, digits and _)")
        if not isinstance(world_hash, str) or not re.fullmatch(r"[0-9a-f]{0,128}", world_hash):
            raise RunError("world_hash must be a hexadecimal digest")
        if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < SEED_LIMIT:
            raise RunError("seed must be a whole number from 0 to 2**63-1")
        if not isinstance(steps, list):
            raise RunError("steps must be a list")
        if len(steps) > MAX_STEPS:
            raise RunError(f"the run has {len(steps):,} steps, more than the {MAX_STEPS:,} a run may have")
        parsed: list[Step] = []
        # A run repeats its steps and its names: each step is made once, each name checked once.
        made: dict[tuple[str, str], Step] = {}
        names: set[str] = set()
        for index, item in enumerate(steps, 1):
            step = None
            if isinstance(item, list) and len(item) == 2:
                scene, choice = item
                if isinstance(scene, str) and isinstance(choice, str):
                    step = made.get((scene, choice))
                    if step is None and (scene in names or _ID.match(scene)) and (choice in names or _ID.match(choice)):
                        names.add(scene)
                        names.add(choice)
                        step = made[(scene, choice)] = Step(scene, choice)
            if step is None:
                raise RunError(f"step {index} must be [scene id, choice id]")
            parsed.append(step)
        start = data.get("start")
        if start is not None and not (isinstance(start, str) and _ID.match(start)):
            raise RunError("start must be a scene id")
        overrides_data = data.get("overrides", {})
        if not isinstance(overrides_data, dict) or not all(
            isinstance(k, str) and _VARIABLE.match(k) and isinstance(v, (int, bool, str))
            for k, v in overrides_data.items()
        ):
            raise RunError("overrides must map variable names to values")
        return cls(world_id, world_hash, seed, tuple(parsed), start, tuple(overrides_data.items()))
