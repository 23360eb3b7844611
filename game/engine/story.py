"""A Story is one run in play: the state the world's transitions Machine drives through a World."""

from __future__ import annotations

from collections.abc import Iterable

from game.engine.rules import ChoiceUnavailable, chance_draw, rules_for, why_unavailable
from game.engine.run import SEED_LIMIT, Run, Step
from game.support.textsafe import find_forbidden
from game.world.expr import Value, type_name
from game.world.model import Choice, Ending, Scene, World
from game.world.text import plain

__all__ = ["ChoiceUnavailable", "Story", "chance_draw"]


class Story:
    """A run in play: the scene, the variables, visits, once-only record and the step log.

    Cheap to make (no Machine model is registered) and needs no closing. The UI and the CLI read it
    and call `choose()`; game.engine.replay rebuilds one from a Run.
    """

    __slots__ = (
        "world",
        "seed",
        "scene_id",
        "variables",
        "visits",
        "taken",
        "steps",
        "stack",
        "seen",
        "reply",
        "chosen_text",
        "start",
        "overrides",
        "_rules",
        "_marked",
        "_marked_at",
        "_before_entry",
        "__weakref__",
    )

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
        if start is not None and start not in world.scenes:
            raise ValueError(f"no scene '{start}' in this world")
        self.world = world
        self.seed = seed
        self.variables: dict[str, Value] = world.initial_variables()
        given = tuple(overrides)
        for name, value in given:
            variable = world.variables.get(name)
            if variable is None:
                raise ValueError(f"no variable '{name}' in this world")
            if type_name(value) != variable.type:
                raise ValueError(f"'{name}' is a {variable.type}, not a {type_name(value)}")
            if isinstance(value, str) and find_forbidden(value) >= 0:  # overrides come from saves too
                raise ValueError(f"'{name}' holds a control character, which no text may hold")
            self.variables[name] = variable.clamp(value)
        # Kept as they apply (clamped to the variable's bounds), so a save never holds more.
        self.overrides = tuple((name, self.variables[name]) for name, _value in given)
        self.start = start
        self.scene_id: str = start or world.start  # kept by the Machine (its model_attribute)
        self.visits: dict[str, int] = {self.scene_id: 1}
        self.taken: set[str] = set()  # keys of once-only choices taken, and of those taken() names
        self.steps: list[Step] = []
        self.stack: list[str] = []  # sub-scene calls: the scenes to come back to, innermost last
        # Text state, derived like the rest from world, seed and choices: how often each
        # alternative was shown, and the reply of the last choice taken (marked text).
        self.seen: dict[str, int] = {}
        self.reply = ""
        self.chosen_text = ""  # the last choice taken, as the player read it when they took it
        self._marked = ""
        self._marked_at = -1  # the step whose narration _marked holds
        # The counts of the scene's alternatives before it was entered, (key, count or None) each:
        # its text as shown on entry is rendered from them, when (and if) it is read.
        self._before_entry: tuple[tuple[str, int | None], ...] = ()
        self._rules = rules_for(world)
        self._rules.start(self)
        self._entered()

    # --- reading ----------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """The current scene id."""
        return self.scene_id

    @property
    def scene(self) -> Scene:
        return self.world.scenes[self.scene_id]

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
        """The scene's text as plain text: see Scene.narrate."""
        return plain(self.narration_marked())

    def narration_marked(self) -> str:
        """The scene's text with its emphasis marks, for game.world.text.spans() (the UI's styles)."""
        if self._marked_at != len(self.steps):
            seen = self.seen
            # Read with the counts as they were when the scene was entered (its entry counted a
            # showing), then put back as they are.
            now = [(key, seen.get(key)) for key, _ in self._before_entry]
            _set_counts(seen, self._before_entry)
            try:
                self._marked = self.scene.narrate(self, seen, advance=False)
            finally:
                _set_counts(seen, now)
            self._marked_at = len(self.steps)
        return self._marked

    def reply_text(self) -> str:
        """The reply of the choice just taken, as plain text ("" if it has none)."""
        return plain(self.reply)

    def choice_text(self, choice: Choice) -> str:
        """What a choice says now, as plain text (inline text rendered; looking changes nothing)."""
        if choice.body is None or choice.body.static is not None:
            return choice.text
        return plain(choice.body.render(self, self.seen, advance=False))

    def show_reply(self, choice: Choice) -> None:
        """Called while a choice is taken, between its `do:` and `after:` effects: its text and reply
        are shown now, so their alternatives count one showing."""
        if choice.body is not None and choice.body.static is None:
            choice.body.render(self, self.seen, advance=True)
        self.reply = choice.reply.render(self, self.seen, advance=True) if choice.reply is not None else ""

    def _entered(self) -> None:
        """A scene's text counts as shown when it is entered, if it holds alternatives, so their
        counts are a function of the choices, whenever (or whether) anyone reads it. Counted without
        making the text (a replay reads none but the last): narration_marked() makes it from the
        counts before entry."""
        keys = self._rules.counted[self.scene_id]
        if not keys:
            self._before_entry = ()
            return
        seen = self.seen
        self._before_entry = tuple((key, seen.get(key)) for key in keys)
        self.scene.count_showing(self, seen)

    def is_available(self, choice: Choice) -> bool:
        return self._rules.available[choice.key](self)

    def choices(self) -> list[Choice]:
        """The choices offered now, in the order the world lists them."""
        return self._rules.offered(self)

    def draw(self, site: int) -> int:
        """0..99 from the run's random stream, fixed by seed, step and the chance() call's place."""
        return chance_draw(self.seed, len(self.steps), site)

    # --- acting -----------------------------------------------------------------------------

    def choose(self, choice_id: str) -> Choice:
        """Take a choice offered now, through the world's Machine. Raises ChoiceUnavailable, changing
        nothing, if it is not offered."""
        move = self._rules.moves[self.scene_id].get(choice_id)
        if move is None:
            raise ChoiceUnavailable(f"scene '{self.scene_id}' has no choice '{choice_id}'")
        choice, trigger = move
        body = choice.body
        shown = choice.text if body is None or body.static is not None else self.choice_text(choice)
        # Event.trigger(model, story): the Machine drives this Story without holding it, and hands
        # it to each callback (see machine.py).
        if not trigger(self, self):
            why = why_unavailable(self, choice)
            raise ChoiceUnavailable(f"choice '{choice_id}' in scene '{self.scene_id}' is not available now: {why}")
        self.chosen_text = shown
        if choice.reply is None:
            self.reply = ""
        self._marked_at = -1  # a new scene, or the same one with new values: render it again
        self._entered()
        return choice


def _set_counts(seen: dict[str, int], counts: Iterable[tuple[str, int | None]]) -> None:
    for key, count in counts:
        if count is None:
            seen.pop(key, None)
        else:
            seen[key] = count
