"""The compiled world: immutable, shared by every run played on it (ink's "story" to our run's "state").

Its parts are known by identity and shown briefly (game.world.part.Part); the small values a cached
world must equal a loaded one by (a Variable, an Ending) compare by value. tests/test_world_model.py
says which. Every record of the game is a msgspec Struct, not a dataclass: a Struct class is made in
C, where a dataclass compiles each generated method as its module is imported, and every start
imports some forty of them (about 10 ms, 5% of the start to the first scene).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Union

from msgspec import Struct

from game.world.errors import Location
from game.world.expr import Compiled, Effect, State, Type, Value
from game.world.part import Part
from game.world.text import Band, Seen, Text, static_text, word_for

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")

NUMBER_LIMIT = 10**18


class Variable(Struct, frozen=True):
    name: str
    type: Type  # "number", "flag" or "text"
    initial: Value
    minimum: int | None
    maximum: int | None
    label: str
    loc: Location
    words: tuple[Band, ...] = ()  # `words: {0-2: fraying, 3-6: steady}`: what {word(x)} shows

    def word(self, value: Value) -> str:
        """The word for `value` (the status panel and {word(x)}); the value itself without bands."""
        return word_for(self.words, value)

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


class When(Part, frozen=True):
    """A conditional effect inside `do:`/`on_enter:`: `{if: cond, do: [...], else: [...]}`."""

    condition: Compiled
    then: tuple[Action, ...]
    otherwise: tuple[Action, ...]
    loc: Location


Action = Union[Effect, When]  # noqa: UP007  # a forward reference: `|` cannot take a string


def flat_effects(actions: tuple[Action, ...]) -> tuple[Effect, ...]:
    """Every effect of a program, conditional or not, in the order written (for static tools)."""
    found: list[Effect] = []
    for action in actions:
        if isinstance(action, When):
            found += flat_effects(action.then) + flat_effects(action.otherwise)
        else:
            found.append(action)
    return tuple(found)


def conditions_of(actions: tuple[Action, ...]) -> list[Compiled]:
    """The conditions of a program's `{if: ...}` effects, nested ones included."""
    found: list[Compiled] = []
    for action in actions:
        if isinstance(action, When):
            found += [action.condition, *conditions_of(action.then), *conditions_of(action.otherwise)]
    return found


class Variant(Part, frozen=True):
    condition: Compiled
    text: str
    replace: bool
    loc: Location
    body: Text | None = None  # the compiled text (None: plain `text`)

    @property
    def compiled(self) -> Text:
        return self.body if self.body is not None else static_text(self.text)


class Block(Part, frozen=True):
    """One block of a scene whose `text:` is a list: shown, in order, when its condition holds."""

    condition: Compiled | None
    body: Text
    loc: Location


class Choice(Part, frozen=True):
    id: str
    text: str
    target: str
    condition: Compiled | None
    effects: tuple[Effect, ...]
    once: bool
    loc: Location
    scene: str  # the scene that offers it
    body: Text | None = None  # the compiled text (None: plain `text`)
    reply: Text | None = None  # shown right after the choice is taken, before the next scene
    tags: tuple[str, ...] = ()  # free-form: the engine ignores them, tools show them
    fallback: bool = False  # offered only when no other choice is
    # `do:` as written when it holds conditional effects (`effects` is then every effect in it,
    # for static tools); () when `do:` is a plain list and `effects` is the whole program.
    program: tuple[Action, ...] = ()
    after: tuple[Action, ...] = ()  # effects applied once the reply has been shown
    then: str = ""  # a call: go to `target` (a sub-scene) and come back to this scene on return
    returns: bool = False  # `return: true`: go back to the scene the last call named (`target` is its own scene)

    @property
    def compiled(self) -> Text:
        return self.body if self.body is not None else static_text(self.text)

    @property
    def actions(self) -> tuple[Action, ...]:
        """What taking the choice does before its reply, in order."""
        return self.program if self.program else self.effects

    @property
    def key(self) -> str:
        """World-wide unique name: the transitions trigger and the once-taken record."""
        return f"{self.scene}.{self.id}"


class Ending(Struct, frozen=True):
    title: str
    kind: str


class Scene(Part, frozen=True):
    id: str
    title: str
    text: str
    variants: tuple[Variant, ...]
    choices: tuple[Choice, ...]
    ending: Ending | None
    loc: Location
    body: Text | None = None  # the compiled main text (None: plain `text`)
    blocks: tuple[Block, ...] = ()  # `text:` written as a list of blocks (then `text` joins them)
    tags: tuple[str, ...] = ()
    on_enter: tuple[Action, ...] = ()  # applied each time the scene is entered, before its text

    @property
    def compiled(self) -> Text:
        return self.body if self.body is not None else static_text(self.text)

    @property
    def counts_showings(self) -> bool:
        """Its text holds alternatives, whose counts advance each time the text is shown."""
        return bool(self.alternatives)

    @property
    def alternatives(self) -> tuple[str, ...]:
        """The keys (in `seen`) of the alternatives in its text, its variants and its blocks."""
        texts = [self.compiled, *(v.compiled for v in self.variants), *(b.body for b in self.blocks)]
        return tuple(key for text in texts for key in text.alternatives)

    def texts(self) -> list[Text]:
        """Every text of the scene: its text or blocks, variants, choice texts and replies."""
        found = [self.compiled, *(v.compiled for v in self.variants), *(b.body for b in self.blocks)]
        for choice in self.choices:
            found.append(choice.compiled)
            if choice.reply is not None:
                found.append(choice.reply)
        return found

    def programs(self) -> list[tuple[Action, ...]]:
        """Every list of effects of the scene: on_enter, and each choice's do: and after:."""
        return [self.on_enter, *(p for c in self.choices for p in (c.actions, c.after))]

    def shown(self, state: State) -> list[Text]:
        """The texts that make the scene's text now: the blocks whose condition holds, or the main
        text (or the first replacing variant that holds) and the other variants that hold."""
        if self.blocks:
            return [block.body for block in self.blocks if block.condition is None or block.condition.evaluate(state)]
        main: Text = self.compiled
        extra: list[Text] = []
        replaced = False
        for variant in self.variants:
            if variant.condition.evaluate(state):
                if variant.replace:
                    if not replaced:  # the first replacing variant that holds wins
                        main = variant.compiled
                        replaced = True
                else:
                    extra.append(variant.compiled)
        return [main, *extra]

    def narrate(self, state: State, seen: Seen, advance: bool = True) -> str:
        """The scene's text now, marked (see game.world.text): its shown() texts. Paragraphs are
        separated by one blank line and each sits on one line (an author's line breaks inside a
        paragraph are soft, as in Markdown)."""
        parts = [text.render(state, seen, advance) for text in self.shown(state)]
        text = "\n\n".join(part.strip() for part in parts if part.strip())
        return "\n\n".join(" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text) if p.strip())

    def count_showing(self, state: State, seen: Seen) -> None:
        """Count one showing of the scene's text, as narrate(advance=True) does, without making it."""
        for text in self.shown(state):
            text.count(state, seen)

    def choice(self, choice_id: str) -> Choice | None:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        return None


class World(Part, frozen=True, dict=True, weakref=True):
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
    files: tuple[str, ...] = ()  # files read, relative to the world folder
    labels: frozenset[str] = frozenset()  # choice keys some taken() names: runs record their taking

    @property
    def endings(self) -> list[Scene]:
        return [scene for scene in self.scenes.values() if scene.ending is not None]

    def initial_variables(self) -> dict[str, Value]:
        return {name: var.initial for name, var in self.variables.items()}
