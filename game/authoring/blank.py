"""Whether a text can come out as nothing: lint's W113 (a scene, a choice's label or a reply empty).

A text is *blank* in a state when it renders to whitespace at most whatever its alternatives show
(every branch of `{a|b}`, `{&a|b}`, `{!a|b}` and `{~a|b}` blank): a once-only `{!First time.|}`
that runs out is what its author wrote, not a fault. `can_be_blank` answers for a state given as
what is known of it: a condition's value (True, False, or None: either) and a variable's possible
values (None: any). With everything unknown it says whether a text can be blank at all, which
rules out nearly every text before any exploration; with a concrete state it decides; with an
abstract state (intervals.py) a False is a proof for every concrete state it stands for.

The text's structure is read from what the loader compiled (`Text.fragments`: each `{if}` and
alternative with its branches' offsets), so the text language keeps one parser (game.world.text).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from msgspec import Struct

from game.world.expr import Compiled, Value
from game.world.model import Choice, Scene, World
from game.world.text import Fragment, Text, word_for

Truth = Callable[[Compiled], "bool | None"]  # a condition's value in the state; None: either
Values = Callable[[str], "Collection[Value] | None"]  # a variable's possible values; None: any


def _unknown(_condition: Compiled) -> bool | None:
    return None


def _any(_name: str) -> Collection[Value] | None:
    return None


class Known(Struct, frozen=True):
    """What is known of a state: its conditions' values and its variables' values."""

    truth: Truth = _unknown
    values: Values = _any


ANYWHERE = Known()


class BlankCheck:
    """can_be_blank for the texts of one world (each text's structure worked out once)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.parsed: dict[int, tuple[dict[int, Fragment], dict[int, Compiled]]] = {}
        self.checked: dict[tuple[str, str], bool] = {}  # ("scene", id) / ("label" | "reply", choice key)

    def _parts(self, text: Text) -> tuple[dict[int, Fragment], dict[int, Compiled]]:
        found = self.parsed.get(id(text))
        if found is None:
            at = {fragment.offset: fragment for fragment in text.fragments}
            ifs = [fragment for fragment in text.fragments if fragment.kind == "if"]
            # The loader lists a text's conditions and its {if}s both in the order written.
            conditions = {f.offset: c.condition for f, c in zip(ifs, text.conditions, strict=True)}
            found = self.parsed[id(text)] = (at, conditions)
        return found

    def text(self, text: Text, known: Known = ANYWHERE) -> bool:
        """The text can render as nothing in a state so known."""
        if text.static is not None:
            return not text.static.strip()
        return self._span(text, 0, len(text.source), known)

    def _span(self, text: Text, start: int, end: int, known: Known) -> bool:
        source = text.source
        fragments, conditions = self._parts(text)
        pos = start
        while pos < end:
            char = source[pos]
            if char == "\\":
                if pos + 1 < end and not source[pos + 1].isspace():
                    return False  # an escaped character is shown
                pos += 2
            elif char == "{":
                fragment = fragments.get(pos)
                if fragment is None:  # {x} or {word(x)}: no nesting inside
                    close = source.index("}", pos)
                    if not self._value_blank(source[pos + 1 : close].strip(), known):
                        return False
                    pos = close + 1
                    continue
                if not self._fragment(text, fragment, conditions, known):
                    return False
                pos = fragment.branches[-1][1] + 1
            elif char.isspace():
                pos += 1
            else:
                return False
        return True

    def _fragment(self, text: Text, fragment: Fragment, conditions: dict[int, Compiled], known: Known) -> bool:
        branches = fragment.branches
        if fragment.kind != "if":  # blank whatever it shows: every branch blank
            return all(self._span(text, a, b, known) for a, b in branches)
        holds = known.truth(conditions[fragment.offset])
        then = holds is not False and self._span(text, *branches[0], known)
        otherwise = holds is not True and (len(branches) < 2 or self._span(text, *branches[1], known))
        return then or otherwise

    def _value_blank(self, inner: str, known: Known) -> bool:
        name = inner[5:-1].strip() if inner.startswith("word(") else inner
        variable = self.world.variables[name]
        values = known.values(name)
        if inner.startswith("word("):
            if values is None:
                return any(not band.word.strip() for band in variable.words)
            return any(not word_for(variable.words, value).strip() for value in values)
        if variable.type != "text":
            return False  # a number or true/false: never nothing
        return values is None or any(isinstance(value, str) and not value.strip() for value in values)

    def narration(self, scene: Scene, known: Known = ANYWHERE) -> bool:
        """The scene's narration can come out as nothing (game.world.model.Scene.narrate's rules)."""
        truth = known.truth
        if scene.blocks:
            # Blank when each block may be left out or may be blank.
            return all(
                (block.condition is not None and truth(block.condition) is not True) or self.text(block.body, known)
                for block in scene.blocks
            )
        mains: list[Text] = []
        for variant in scene.variants:  # the first replacing variant that holds replaces the text
            if variant.replace:
                holds = truth(variant.condition)
                if holds is not False:
                    mains.append(variant.compiled)
                if holds is True:
                    break
        else:
            mains.append(scene.compiled)
        extras_blank = all(
            self.text(v.compiled, known) for v in scene.variants if not v.replace and truth(v.condition) is True
        )
        return extras_blank and any(self.text(main, known) for main in mains)

    def label(self, choice: Choice, known: Known = ANYWHERE) -> bool:
        return self.text(choice.compiled, known)

    def reply(self, choice: Choice, known: Known = ANYWHERE) -> bool:
        return choice.reply is not None and self.text(choice.reply, known)

    # What lint checks: a text that can be blank at all, and whose conditions the state alone decides
    # (with chance() in them, a state does not say which branch is shown: not checked, as W106 does not).

    def checks_narration(self, scene: Scene) -> bool:
        found = self.checked.get(("scene", scene.id))
        if found is None:
            texts = (scene.compiled, *(v.compiled for v in scene.variants), *(b.body for b in scene.blocks))
            conditions = [c.condition for text in texts for c in text.conditions]
            conditions += [b.condition for b in scene.blocks if b.condition is not None]
            conditions += [v.condition for v in scene.variants]
            found = self.narration(scene) and not any(c.uses_chance for c in conditions)
            self.checked[("scene", scene.id)] = found
        return found

    def checks_label(self, choice: Choice) -> bool:
        found = self.checked.get(("label", choice.key))
        if found is None:
            found = self.label(choice) and not any(c.condition.uses_chance for c in choice.compiled.conditions)
            self.checked[("label", choice.key)] = found
        return found

    def checks_reply(self, choice: Choice) -> bool:
        found = self.checked.get(("reply", choice.key))
        if found is None:
            reply = choice.reply
            chancy = reply is not None and any(c.condition.uses_chance for c in reply.conditions)
            found = reply is not None and self.text(reply) and not chancy
            self.checked[("reply", choice.key)] = found
        return found
