"""A Story is one run in play: the state a transitions Machine drives through a World."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from game.engine.machine import rules_for
from game.engine.run import SEED_LIMIT, Run, Step
from game.support.textsafe import find_forbidden
from game.world.expr import Value, type_name
from game.world.model import Choice, Ending, Scene, World
from game.world.text import plain

_MASK = (1 << 64) - 1


def _mix(value: int) -> int:
    """splitmix64: a counter-based random number, so a draw depends only on its inputs."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def chance_draw(seed: int, step: int, site: int) -> int:
    """0..99 for chance() at `site` on `step` of the run with `seed`: a function of those alone."""
    return _mix(seed ^ _mix(step ^ _mix(site))) % 100


class ChoiceUnavailable(Exception):
    """A choice that is not offered now; the story is unchanged."""


class ReplayDivergence(Exception):
    """A run that no longer plays on this world: which step, and why."""

    def __init__(self, index: int, step: Step, reason: str) -> None:
        self.index = index  # 1-based step number
        self.step = step
        self.reason = reason
        super().__init__(f"step {index} (scene '{step.scene}', choice '{step.choice}'): {reason}")


class Story:
    """A run in play. The UI and the CLI only read it and call `choose()`."""

    scene_id: str  # the current scene id, kept by the Machine (its model_attribute)

    # Stubs the Machine replaces (model_override binds only what the class declares).
    def trigger(self, name: str, *args: Any, **kwargs: Any) -> bool:
        raise NotImplementedError("bound by the Machine")

    def may_trigger(self, name: str, *args: Any, **kwargs: Any) -> bool:
        raise NotImplementedError("bound by the Machine")

    def __init__(
        self,
        world: World,
        seed: int = 0,
        *,
        start: str | None = None,
        overrides: Iterable[tuple[str, Value]] = (),
    ) -> None:
        if not 0 <= seed < SEED_LIMIT:
            raise ValueError(f"the seed must be a whole number from 0 to {SEED_LIMIT - 1}")
        self.world = world
        self.seed = seed
        self.variables: dict[str, Value] = world.initial_variables()
        self.overrides = tuple(overrides)
        for name, value in self.overrides:
            variable = world.variables.get(name)
            if variable is None:
                raise ValueError(f"no variable '{name}' in this world")
            if type_name(value) != variable.type:
                raise ValueError(f"'{name}' is a {variable.type}, not a {type_name(value)}")
            if isinstance(value, str) and find_forbidden(value) >= 0:  # overrides come from saves too
                raise ValueError(f"'{name}' holds a control character, which no text may hold")
            self.variables[name] = variable.clamp(value)
        if start is not None and start not in world.scenes:
            raise ValueError(f"no scene '{start}' in this world")
        self.start = start
        self.visits: dict[str, int] = {}
        self.taken: set[str] = set()  # keys of once-only choices already taken
        self.steps: list[Step] = []
        rules = rules_for(world)
        self._available = rules.available
        self._apply = rules.apply
        self._machine = rules.machine
        self._machine.add_model(self, initial=start or world.start)
        self.visits[self.state] = 1  # on_enter does not fire for the initial state

    # --- reading ----------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """The current scene id."""
        return self.scene_id

    @property
    def scene(self) -> Scene:
        return self.world.scenes[self.state]

    @property
    def ending(self) -> Ending | None:
        return self.scene.ending

    @property
    def is_over(self) -> bool:
        return self.scene.ending is not None

    @property
    def is_stuck(self) -> bool:
        """A dead end: not an ending, and nothing can be chosen."""
        return not self.is_over and not self.choices()

    @property
    def step_count(self) -> int:
        return len(self.steps)

    @property
    def run(self) -> Run:
        return Run(self.world.id, self.world.content_hash, self.seed, tuple(self.steps), self.start, self.overrides)

    def narration(self) -> str:
        """The scene's text now, as plain text: see Scene.narrate."""
        return plain(self.scene.narrate(self, {}, advance=False))

    def is_available(self, choice: Choice) -> bool:
        return self._available[choice.key](self)

    def choices(self) -> list[Choice]:
        """The choices offered now, in the order the world lists them."""
        return [choice for choice in self.scene.choices if self.is_available(choice)]

    def draw(self, site: int) -> int:
        """0..99 from the run's random stream, fixed by seed, step and the chance() call's place."""
        return chance_draw(self.seed, len(self.steps), site)

    # --- acting -----------------------------------------------------------------------------

    def choose(self, choice_id: str) -> Choice:
        """Take a choice offered now. Raises ChoiceUnavailable, changing nothing, if it is not."""
        scene = self.scene
        choice = scene.choice(choice_id)
        if choice is None:
            raise ChoiceUnavailable(f"scene '{scene.id}' has no choice '{choice_id}'")
        if not self.trigger(choice.key):
            why = "it was already taken" if choice.once and choice.key in self.taken else "its condition does not hold"
            raise ChoiceUnavailable(f"choice '{choice_id}' in scene '{scene.id}' is not available now: {why}")
        self.visits[self.state] = self.visits.get(self.state, 0) + 1
        if choice.once:
            self.taken.add(choice.key)
        self.steps.append(Step(scene.id, choice.id))
        return choice

    def close(self) -> None:
        """Let go of the shared Machine; call when the story is no longer needed."""
        if self in self._machine.models:
            self._machine.remove_model(self)

    def __enter__(self) -> Story:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- runs -------------------------------------------------------------------------------

    @classmethod
    def from_run(cls, world: World, run: Run, *, upto: int | None = None) -> Story:
        """Replay a run on a world. Raises ReplayDivergence at the first step that cannot be played."""
        story = cls(world, run.seed, start=run.start, overrides=run.overrides)
        try:
            for index, step in enumerate(run.steps[:upto] if upto is not None else run.steps, 1):
                story.replay_step(index, step)
        except BaseException:
            story.close()
            raise
        return story

    def replay_step(self, index: int, step: Step) -> None:
        if step.scene != self.state:
            raise ReplayDivergence(index, step, f"the story is in scene '{self.state}', not '{step.scene}'")
        try:
            self.choose(step.choice)
        except ChoiceUnavailable as exc:
            raise ReplayDivergence(index, step, str(exc)) from None
