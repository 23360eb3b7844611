"""The playtest report: what players read, measured over many seeded random runs.

Each run is played through the real Story (the engine's one definition of taking a choice). At every
scene where two or more choices are offered (a decision point), each offered choice is also taken
and undone, to read the text it leads to. docs/authoring.md ("The playtest report") defines every
figure; the JSON keeps its keys from one version to the next (`report` says which version it is).
"""

from __future__ import annotations

import copy
import html
import json
import random
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from types import MappingProxyType
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace

from game.authoring.explore import Exploration, Explorer, Key
from game.authoring.graph import CALL_COLOUR, KIND_LEGEND, Edge, machine_edges
from game.engine import Story
from game.engine.rules import rules_for
from game.world.expr import Value
from game.world.model import Choice, Scene, World
from game.world.text import Text, Trace, compile_text, plain

REPORT_VERSION = 1
DEFAULT_RUNS = 200
DEFAULT_MAX_STEPS = 500
DEFAULT_MAX_STATES = 50_000
PHRASE_WORDS = 5  # a phrase is a run of at least this many words...
PHRASE_MIN_PASSAGES = 3  # ...and it is repeated when this many different passages hold it
PHRASES_SHOWN = 30
_WORD = re.compile(r"[\w'’]+")  # a typographic apostrophe stays inside its word


def next_text(story: Story) -> str:
    """What the player reads after taking a choice (the story is just past it): the choice's reply,
    if it has one, then the next scene's narration, both as the engine shows them."""
    return _joined_next(story.reply_text(), story.narration())


def _joined_next(reply: str, narration: str) -> str:
    return "\n\n".join(part for part in (reply, narration) if part)


def shown_variants(scene: Scene, story: Story) -> list[int]:
    """Indices of the scene's variants in the text now: every added one that holds, and the first
    replacing one that holds (the rule of Story.narration; a test keeps the two in step)."""
    shown: list[int] = []
    replaced = False
    for index, variant in enumerate(scene.variants):
        if variant.condition.evaluate(story):
            if variant.replace:
                if replaced:
                    continue
                replaced = True
            shown.append(index)
    return shown


def passages_shown(scene: Scene, story: Story) -> set[str]:
    """The passages of the scene the player reads now, named as passages() names them: the scene's
    id for its main text (or its blocks without `if:`), `scene#N` for a variant, `scene#textN` for a
    block whose `if:` holds. A main text a replacing variant hides is not read (Scene.shown's rule)."""
    if scene.blocks:
        shown = {
            f"{scene.id}#text{n}"
            for n, block in enumerate(scene.blocks, 1)
            if block.condition is not None and block.condition.evaluate(story)
        }
        if any(block.condition is None for block in scene.blocks):
            shown.add(scene.id)
        return shown
    variants = shown_variants(scene, story)
    shown = {f"{scene.id}#{index + 1}" for index in variants}
    if not any(scene.variants[index].replace for index in variants):
        shown.add(scene.id)
    return shown


def spelled(value: Value) -> str:
    """A value as the world's language writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def fork(story: Story) -> Story:
    """A copy of the story that can go its own way: the world and its rules are shared, every
    container of run state (variables, visits, once-taken, steps, alternatives seen...) is copied,
    whatever the Story keeps, so taking a choice on the copy leaves the story as it was."""
    copied = copy.copy(story)
    names = [name for cls in type(story).__mro__ for name in getattr(cls, "__slots__", ())]
    names += list(getattr(story, "__dict__", {}))
    for name in names:
        value = getattr(story, name, None)
        if isinstance(value, (dict, list, set)):
            setattr(copied, name, copy.deepcopy(value))
    return copied


# --- which branches of inline text were shown ----------------------------------------------------


class _Shown:
    """The branches of `{if}`s and alternatives rendered while `on`: (fragment key, branch index)."""

    def __init__(self) -> None:
        self.on = True
        self.hits: set[tuple[str, int]] = set()

    def note(self, key: str, index: int) -> None:
        if self.on:
            self.hits.add((key, index))


def texts_of(world: World) -> Iterator[tuple[str, str, Text]]:
    """Every text of the world that can hold inline fragments, as (scene id, which text, text)."""
    for scene in world.scenes.values():
        if not scene.blocks:
            yield scene.id, "text", scene.compiled
        for number, block in enumerate(scene.blocks, 1):
            yield scene.id, f"text block {number}", block.body
        for number, variant in enumerate(scene.variants, 1):
            yield scene.id, f"variant {number}", variant.compiled
        for choice in scene.choices:
            yield scene.id, f"choice '{choice.id}'", choice.compiled
            if choice.reply is not None:
                yield scene.id, f"reply of '{choice.id}'", choice.reply


def traced_world(world: World, trace: Trace) -> World:
    """The same world with every text holding an `{if}` or an alternative compiled again with
    `trace` (told each branch as it renders): same sites, so the same draws and counts; everything
    else is shared. Runs on it read exactly what runs on `world` read."""
    types = {name: variable.type for name, variable in world.variables.items()}
    words = {name: variable.words for name, variable in world.variables.items() if variable.words}

    def again(text: Text | None) -> Text | None:
        if text is None or not text.fragments:
            return text
        site = text.fragments[0].key.rpartition("@")[0]
        return replace(
            compile_text(text.source, types, words, lambda _scene: True, site, trace), fragments=text.fragments
        )

    scenes = {}
    for scene in world.scenes.values():
        scenes[scene.id] = replace(
            scene,
            body=again(scene.body),
            variants=tuple(replace(v, body=again(v.body)) for v in scene.variants),
            blocks=tuple(replace(b, body=again(b.body) or b.body) for b in scene.blocks),
            choices=tuple(replace(c, body=again(c.body), reply=again(c.reply)) for c in scene.choices),
        )
    return replace(world, scenes=MappingProxyType(scenes))


def _branch_name(kind: str, index: int, count: int) -> str:
    if kind == "if":
        return "then" if index == 0 else "else"
    return f"{index + 1} of {count}"


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def fragment_coverage(world: World, hits: set[tuple[str, int]]) -> dict[str, Any]:
    """Each branch of every `{if}` and alternative, and those no run showed, where they are written."""
    total = shown = 0
    never: list[dict[str, str]] = []
    for scene_id, which, text in texts_of(world):
        for fragment in text.fragments:
            for index, (begin, end) in enumerate(fragment.branches):
                total += 1
                if (fragment.key, index) in hits:
                    shown += 1
                    continue
                never.append(
                    {
                        "where": str(fragment.loc) if fragment.loc is not None else "",  # as the loader's errors
                        "scene": scene_id,
                        "text": which,
                        "fragment": fragment.kind,
                        "branch": _branch_name(fragment.kind, index, len(fragment.branches)),
                        "reads": _excerpt(text.source[begin:end]),
                    }
                )
    return {"total": total, "shown": shown, "never": never}


def _peek(story: Story, choice: Choice) -> str:
    """The text `choice` leads to, read on a fork of the story."""
    ahead = fork(story)
    ahead.choose(choice.id)
    return next_text(ahead)


class _Tally(Struct):
    runs: int = 0
    steps: int = 0
    ended: int = 0
    stuck: int = 0
    unfinished: int = 0
    decision_points: int = 0
    silent: int = 0
    offers: int = 0
    answered: int = 0
    silent_scenes: Counter[str] = field(default_factory=Counter)
    decision_scenes: Counter[str] = field(default_factory=Counter)
    endings: Counter[str] = field(default_factory=Counter)
    scene_visits: Counter[str] = field(default_factory=Counter)
    choice_taken: Counter[str] = field(default_factory=Counter)
    choice_offered: Counter[str] = field(default_factory=Counter)
    passages_shown: Counter[str] = field(default_factory=Counter)  # passages_shown() names -> visits
    at_endings: dict[str, Counter[str]] = field(default_factory=dict)
    numbers_at_endings: dict[str, list[int]] = field(default_factory=dict)
    falls: Counter[str] = field(default_factory=Counter)
    rises: Counter[str] = field(default_factory=Counter)
    runs_falling: Counter[str] = field(default_factory=Counter)  # runs in which it fell at least once
    runs_rising: Counter[str] = field(default_factory=Counter)
    words: list[int] = field(default_factory=list)


def _went_down(before: Value, after: Value) -> bool:
    if isinstance(before, bool) or isinstance(after, bool):
        return before is True and after is False
    if isinstance(before, int) and isinstance(after, int):
        return after < before
    return False


def _went_up(before: Value, after: Value) -> bool:
    if isinstance(before, bool) or isinstance(after, bool):
        return before is False and after is True
    if isinstance(before, int) and isinstance(after, int):
        return after > before
    return False


def _arrive(story: Story, tally: _Tally) -> int:
    """Count a scene as shown; the number of words the player reads there."""
    scene = story.scene
    tally.scene_visits[scene.id] += 1
    tally.passages_shown.update(passages_shown(scene, story))
    return len(story.narration().split())


def _play(world: World, seed: int, max_steps: int, tally: _Tally, shown: _Shown) -> None:
    rng = random.Random(seed)
    story = Story(world, seed)
    words = _arrive(story, tally)
    fell: set[str] = set()
    rose: set[str] = set()
    for _ in range(max_steps):
        if story.is_over:
            break
        offered = story.choices()
        if not offered:
            break
        for choice in offered:
            tally.choice_offered[choice.key] += 1
            story.choice_text(choice)  # offered is shown: its inline text counts
        if len(offered) > 1:
            shown.on = False  # looking ahead shows the player nothing
            texts = [_peek(story, choice) for choice in offered]
            shown.on = True
            counts = Counter(texts)
            tally.decision_points += 1
            tally.decision_scenes[story.scene_id] += 1
            tally.offers += len(offered)
            tally.answered += sum(1 for text in texts if counts[text] == 1)
            if len(counts) == 1:
                tally.silent += 1
                tally.silent_scenes[story.scene_id] += 1
        choice = rng.choice(offered)
        before = dict(story.variables)
        story.choose(choice.id)
        tally.steps += 1
        tally.choice_taken[choice.key] += 1
        for name, value in story.variables.items():
            if _went_down(before[name], value):
                tally.falls[name] += 1
                fell.add(name)
            elif _went_up(before[name], value):
                tally.rises[name] += 1
                rose.add(name)
        words += len(story.reply_text().split())
        words += _arrive(story, tally)
    tally.runs += 1
    tally.runs_falling.update(fell)
    tally.runs_rising.update(rose)
    tally.words.append(words)
    if story.is_over:
        tally.ended += 1
        tally.endings[story.scene_id] += 1
        for name, value in story.variables.items():
            tally.at_endings.setdefault(name, Counter())[spelled(value)] += 1
            if isinstance(value, int) and not isinstance(value, bool):
                tally.numbers_at_endings.setdefault(name, []).append(value)
    elif story.is_stuck:
        tally.stuck += 1
    else:
        tally.unfinished += 1


def _value_order(item: tuple[str, int]) -> tuple[int, str]:
    """Numbers in numeric order, other values after them in text order."""
    try:
        return int(item[0]), ""
    except ValueError:
        return 0, item[0]


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


_PIECE = "\x1f"  # between pieces of prose that a phrase may not run across (no text holds it)
_INTERPOLATION = re.compile(r"\{\s*(?:word\(\s*)?[A-Za-z_][A-Za-z0-9_]*\s*\)?\s*\}")


def prose(text: Text) -> str:
    """A text's words as a reader may meet them, for phrases: the inline syntax (`{if cond:`, bars,
    braces, a variable's `{value}`) left out, and each branch a piece of its own, so that a phrase
    never runs across two branches (which are never read together) nor takes in a condition."""
    source = text.source
    cuts: list[tuple[int, int]] = []
    for fragment in text.fragments:
        branches = fragment.branches
        cuts.append((fragment.offset, branches[0][0]))  # `{if cond: ` or `{&`
        cuts += [(end, start) for (_b, end), (start, _e) in zip(branches, branches[1:], strict=False)]  # `|`
        cuts.append((branches[-1][1], branches[-1][1] + 1))  # `}`
    pieces: list[str] = []
    at = 0
    for begin, end in sorted(cuts):  # nested fragments lie inside branches: cuts never overlap
        pieces += [source[at:begin], _PIECE]
        at = end
    pieces.append(source[at:])
    return _INTERPOLATION.sub(_PIECE, "".join(pieces))


def conditional_texts(world: World) -> list[tuple[str, str]]:
    """Every text shown only when a condition holds, as (name, prose): the variants (`scene#N`) and
    the blocks of a `text:` list that have an `if:` (`scene#textN`), N counting from 1."""
    found: list[tuple[str, str]] = []
    for scene in world.scenes.values():
        found += [(f"{scene.id}#{n}", prose(variant.compiled)) for n, variant in enumerate(scene.variants, 1)]
        found += [(f"{scene.id}#text{n}", prose(b.body)) for n, b in enumerate(scene.blocks, 1) if b.condition]
    return found


def passages(world: World) -> list[tuple[str, str]]:
    """Every passage of the world as (where, prose): scene texts (or their blocks without `if:`),
    then conditional_texts; choice texts and replies aside. What repeated phrases are sought in."""
    found: list[tuple[str, str]] = []
    for scene in world.scenes.values():
        if scene.blocks:
            found += [(scene.id, prose(b.body)) for b in scene.blocks if b.condition is None]
        else:
            found.append((scene.id, prose(scene.compiled)))
    return found + conditional_texts(world)


def _shown_passages(world: World, tally: _Tally) -> list[tuple[str, str]]:
    """The passages the runs showed, as (where, prose): scene texts, variants and blocks; not choice texts."""
    return [(where, text) for where, text in passages(world) if tally.passages_shown[where]]


def _tokens(text: str) -> list[str]:
    """Words in lower case, with a _PIECE token where the text is cut into pieces."""
    found: list[str] = []
    for number, piece in enumerate(text.split(_PIECE)):
        if number:
            found.append(_PIECE)
        found += [w.lower() for w in _WORD.findall(piece)]
    return found


def repeated_phrases(
    passages: list[tuple[str, str]], words: int = PHRASE_WORDS, least: int = PHRASE_MIN_PASSAGES
) -> list[dict[str, Any]]:
    """Runs of `words` or more words (case and punctuation aside) found in `least` or more passages.

    Where repeated runs overlap in a passage they are joined into one longer phrase, reported with
    the passages that hold all of it; a phrase inside a longer one held by the same passages is
    left out.
    """
    tokens = [_tokens(text) for _where, text in passages]
    joined = [f" {' '.join(seq)} " for seq in tokens]
    holders: dict[tuple[str, ...], set[int]] = {}
    for number, seq in enumerate(tokens):
        for start in range(len(seq) - words + 1):
            window = tuple(seq[start : start + words])
            if _PIECE not in window:  # a phrase never runs across two pieces (see prose)
                holders.setdefault(window, set()).add(number)

    def repeated(seq: list[str], start: int) -> bool:
        return start <= len(seq) - words and len(holders.get(tuple(seq[start : start + words]), ())) >= least

    phrases: dict[str, frozenset[int]] = {}
    for seq in tokens:
        start = 0
        while start <= len(seq) - words:
            if not repeated(seq, start):
                start += 1
                continue
            last = start
            while repeated(seq, last + 1):
                last += 1
            phrase = " ".join(seq[start : last + words])
            if phrase not in phrases:
                # Only passages holding every run of the phrase can hold the phrase.
                maybe = set.intersection(*(holders[tuple(seq[i : i + words])] for i in range(start, last + 1)))
                owners = frozenset(n for n in maybe if f" {phrase} " in joined[n])
                if len(owners) >= least:
                    phrases[phrase] = owners
                    # Its first run alone may be held by more passages: that is a phrase too.
                    first = " ".join(seq[start : start + words])
                    phrases.setdefault(first, frozenset(holders[tuple(seq[start : start + words])]))
            start = last + 1
    by_owners: dict[frozenset[int], list[str]] = {}
    for phrase, owners in phrases.items():
        by_owners.setdefault(owners, []).append(phrase)
    kept = sorted(
        (
            (-len(owners), -len(phrase), phrase, owners)
            for owners, group in by_owners.items()
            for phrase in group
            # A phrase inside a longer one held by the same passages says nothing more.
            if not any(other != phrase and f" {phrase} " in f" {other} " for other in group)
        ),
        key=lambda item: item[:3],
    )
    return [
        {"phrase": phrase, "passages": len(owners), "where": sorted(passages[n][0] for n in owners)}
        for _count, _length, phrase, owners in kept
    ]


def state_graph_decisions(world: World, explorer: Explorer, explored: Exploration) -> tuple[dict[str, Any], ...]:
    """Silent decision points and answered choices over every state of a finished exploration,
    each state counted once (random runs count a state each time they meet it).

    A state is the explorer's: what can still be read from there (docs/authoring.md). A choice's
    next text is read as in a run: its reply rendered after its `do:` effects, then the narration of
    the state it leads to. A choice whose step draws chance() may lead to several states: its next
    text is then the set of their texts. The state graph does not count showings of alternatives,
    so a text's alternatives read as at their first showing, on every sibling alike.
    """
    rules = rules_for(world)
    light = explorer.light
    narrations: dict[Key, str] = {}

    def narration(key: Key) -> str:
        text = narrations.get(key)
        if text is None:
            explorer.load(key)
            light.forced, light.fresh = {}, []
            text = narrations[key] = plain(world.scenes[key[0]].narrate(light, {}, advance=False))
        return text

    def reply(key: Key, choice: Choice) -> str:
        if choice.reply is None:
            return ""
        explorer.load(key)
        light.forced, light.fresh = {}, []
        rules.apply[choice.key](light)  # type: ignore[arg-type]  # the light state is a RunState
        return plain(choice.reply.render(light, {}, advance=False))

    points = silent = offers = answered = 0
    silent_scenes: Counter[str] = Counter()
    for key in explored.keys:
        if world.scenes[key[0]].ending is not None:
            continue
        leads: dict[str, tuple[Choice, list[Key]]] = {}
        for choice, _chances, child in list(explorer.successors(key)):  # listed first: it moves the light state
            if child is not None:
                leads.setdefault(choice.key, (choice, []))[1].append(child)
        if len(leads) < 2:
            continue
        texts = [
            frozenset(_joined_next(reply(key, choice), narration(child)) for child in children)
            for choice, children in leads.values()
        ]
        counts = Counter(texts)
        points += 1
        offers += len(texts)
        answered += sum(1 for text in texts if counts[text] == 1)
        if len(counts) == 1:
            silent += 1
            silent_scenes[key[0]] += 1
    light.forced, light.fresh = {}, []
    decisions = {
        "points": points,
        "silent": silent,
        "silent_share": _share(silent, points),
        "silent_scenes": dict(silent_scenes.most_common()),
    }
    return decisions, {"offered": offers, "answered": answered, "answered_share": _share(answered, offers)}


def _exhaustive(world: World, max_states: int) -> tuple[dict[str, Any], tuple[dict[str, Any], ...] | None]:
    """The exploration's part of the report, and where it finished, the state graph's silent and
    answered figures."""
    explorer = Explorer(world, max_states)
    explored = explorer.explore(lint=True)
    complete = explored.complete
    all_choices = [choice.key for scene in world.scenes.values() for choice in scene.choices]
    never_shown = [
        f"{scene_id}#{index + 1}"
        for (scene_id, index), values in sorted(explored.variant_values.items())
        if True not in values
    ]
    graph = state_graph_decisions(world, explorer, explored) if complete else None
    return {
        "complete": complete,
        "states": explored.states,
        "max_states": max_states,
        "scenes_reached": len(explored.reached_scenes),
        # Only a finished exploration proves that something can never happen.
        "scenes_unreachable": [s for s in world.scenes if s not in explored.reached_scenes] if complete else None,
        "choices_never_available": [k for k in all_choices if k not in explored.available] if complete else None,
        "variants_never_shown": never_shown if complete else None,
    }, graph


def playtest_report(
    world: World,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    max_steps: int = DEFAULT_MAX_STEPS,
    max_states: int = DEFAULT_MAX_STATES,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """The report as JSON-ready data (see docs/authoring.md for each figure)."""
    tally = _Tally()
    picker = random.Random(seed)
    shown = _Shown()
    played = traced_world(world, shown.note)
    for number in range(runs):
        _play(played, picker.getrandbits(31), max_steps, tally, shown)
        if progress is not None:
            progress(number + 1)

    choices = [choice for scene in world.scenes.values() for choice in scene.choices]
    variants = [name for name, _text in conditional_texts(world)]
    variables: dict[str, Any] = {}
    for name, variable in world.variables.items():
        numbers = tally.numbers_at_endings.get(name, [])
        entry: dict[str, Any] = {
            "type": variable.type,
            "initial": spelled(variable.initial),
            "at_endings": dict(sorted(tally.at_endings.get(name, Counter()).items(), key=_value_order)),
            "falls": tally.falls[name],
            "rises": tally.rises[name],
            "falls_in_runs": tally.runs_falling[name],
            "falls_share": _share(tally.runs_falling[name], tally.runs),
            "rises_in_runs": tally.runs_rising[name],
            "rises_share": _share(tally.runs_rising[name], tally.runs),
        }
        if variable.type == "number":
            entry["min"] = min(numbers) if numbers else None
            entry["max"] = max(numbers) if numbers else None
            entry["mean"] = round(statistics.fmean(numbers), 2) if numbers else None
        variables[name] = entry
    words = tally.words
    exhaustive, graph = _exhaustive(world, max_states) if max_states > 0 else (None, None)
    return {
        "report": REPORT_VERSION,
        "world": world.id,
        "title": world.title,
        "definitions": {
            "phrase_words": PHRASE_WORDS,
            "phrase_min_passages": PHRASE_MIN_PASSAGES,
            "max_steps": max_steps,
        },
        "runs": {
            "count": tally.runs,
            "seed": seed,
            "steps": tally.steps,
            "ended": tally.ended,
            "stuck": tally.stuck,
            "unfinished": tally.unfinished,
        },
        "decisions": {
            "points": tally.decision_points,
            "silent": tally.silent,
            "silent_share": _share(tally.silent, tally.decision_points),
            "silent_scenes": dict(tally.silent_scenes.most_common()),
            # Over every state of the finished exploration (None when it did not finish or was skipped).
            "graph": graph[0] if graph else None,
        },
        "answers": {
            "offered": tally.offers,
            "answered": tally.answered,
            "answered_share": _share(tally.answered, tally.offers),
            "graph": graph[1] if graph else None,
        },
        "endings": {
            "total": len(world.endings),
            "runs": dict(tally.endings.most_common()),
            "never": [scene.id for scene in world.endings if not tally.endings[scene.id]],
        },
        "variables": variables,
        "coverage": {
            "scenes": {
                "total": len(world.scenes),
                "shown": sum(1 for s in world.scenes if tally.scene_visits[s]),
                "never": [s for s in world.scenes if not tally.scene_visits[s]],
            },
            "choices": {
                "total": len(choices),
                "taken": sum(1 for c in choices if tally.choice_taken[c.key]),
                "never_taken": [c.key for c in choices if not tally.choice_taken[c.key]],
                "never_offered": [c.key for c in choices if not tally.choice_offered[c.key]],
            },
            "variants": {
                "total": len(variants),
                "shown": sum(1 for name in variants if tally.passages_shown[name]),
                "never": [name for name in variants if not tally.passages_shown[name]],
            },
            "fragments": fragment_coverage(world, shown.hits),
        },
        "phrases": repeated_phrases(_shown_passages(world, tally)),
        "words_per_run": {
            "mean": round(statistics.fmean(words), 1) if words else 0,
            "median": statistics.median(words) if words else 0,
            "min": min(words) if words else 0,
            "max": max(words) if words else 0,
        },
        "exhaustive": exhaustive,
        "scene_visits": {s: tally.scene_visits[s] for s in world.scenes},
        "choices_taken": {c.key: tally.choice_taken[c.key] for c in choices},
    }


# --- text -----------------------------------------------------------------------------------------


def _pct(share: float) -> str:
    return f"{100 * share:.1f}%"


def _list(items: list[str], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


FRAGMENTS_LISTED = 12


def _fragment_line(entry: dict[str, str]) -> str:
    """`file:line:column: scene 'id', text: the else branch of an {if}: "It is dark."`"""
    kind, branch = entry["fragment"], entry["branch"]
    what = f"the {branch} branch of an {{if}}" if kind == "if" else f"entry {branch} of a {{{kind}}}"
    where = f"{entry['where']}: " if entry["where"] else ""
    return f"{where}scene '{entry['scene']}', {entry['text']}: {what}: \"{entry['reads']}\""


def render_text(data: dict[str, Any], clean: Callable[[str], str] = lambda s: s) -> str:
    """The report for a terminal (pass a cleaner so no world text can send control bytes)."""
    lines: list[str] = []
    add = lines.append
    runs = data["runs"]
    add(f"{clean(data['world'])}: playtest report over {runs['count']:,} random runs (seed {runs['seed']})")
    add(
        f"  runs: {runs['ended']:,} ended, {runs['stuck']:,} stuck, {runs['unfinished']:,} still going after"
        f" {data['definitions']['max_steps']} choices; {runs['steps']:,} choices in all"
    )
    decisions, answers = data["decisions"], data["answers"]
    add(
        f"  silent decision points: {decisions['silent']:,} of {decisions['points']:,}"
        f" ({_pct(decisions['silent_share'])}): every choice led to the same text"
    )
    for scene, count in list(decisions["silent_scenes"].items())[:10]:
        add(f"    {clean(scene)}: {count:,} times")
    silent_graph, answered_graph = decisions.get("graph"), answers.get("graph")
    if silent_graph is not None:
        add(
            f"    over every reachable state: {silent_graph['silent']:,} of {silent_graph['points']:,}"
            f" ({_pct(silent_graph['silent_share'])})"
            + (f"; most in {clean(_list(list(silent_graph['silent_scenes']), 5))}" if silent_graph["silent"] else "")
        )
    add(
        f"  answered choices: {answers['answered']:,} of {answers['offered']:,} offered"
        f" ({_pct(answers['answered_share'])}): led to a text no other choice there gave"
    )
    if answered_graph is not None:
        add(
            f"    over every reachable state: {answered_graph['answered']:,} of {answered_graph['offered']:,}"
            f" ({_pct(answered_graph['answered_share'])})"
        )
    endings = data["endings"]
    add(f"  endings reached: {len(endings['runs'])} of {endings['total']}")
    for scene, count in endings["runs"].items():
        add(
            f"    {clean(scene)}: {count:,} run{'' if count == 1 else 's'} ({100 * count / max(1, runs['count']):.1f}%)"
        )
    if endings["never"]:
        add(f"    never: {clean(_list(endings['never']))}")
    if data["variables"]:
        add("  variables at the endings:")
    for name, entry in data["variables"].items():
        spread = ", ".join(f"{clean(v)}: {n}" for v, n in entry["at_endings"].items())
        falls = (
            f"falls in {_pct(entry['falls_share'])} of runs ({entry['falls']:,} times), rises in"
            f" {_pct(entry['rises_share'])}"
            if entry["falls"]
            else f"never falls, rises in {_pct(entry['rises_share'])} of runs"
        )
        spread = spread or "no ending reached"
        initial = entry["initial"] if entry["type"] != "text" else json.dumps(entry["initial"], ensure_ascii=False)
        add(f"    {clean(name)} ({entry['type']}, starts {clean(initial)}; {falls}): {spread}")
    coverage = data["coverage"]
    scenes, choices, variants = coverage["scenes"], coverage["choices"], coverage["variants"]
    add(f"  scenes shown: {scenes['shown']} of {scenes['total']}")
    if scenes["never"]:
        add(f"    never: {clean(_list(scenes['never']))}")
    add(f"  choices taken: {choices['taken']} of {choices['total']}")
    if choices["never_offered"]:
        add(f"    never offered: {clean(_list(choices['never_offered']))}")
    offered_only = [c for c in choices["never_taken"] if c not in choices["never_offered"]]
    if offered_only:
        add(f"    offered, never taken: {clean(_list(offered_only))}")
    add(f"  variants shown: {variants['shown']} of {variants['total']}")
    if variants["never"]:
        add(f"    never: {clean(_list(variants['never']))}")
    fragments = coverage.get("fragments")
    if fragments is not None and fragments["total"]:
        add(
            f"  inline branches shown ({{if}} branches and alternatives' entries):"
            f" {fragments['shown']} of {fragments['total']}"
        )
        for entry in fragments["never"][:FRAGMENTS_LISTED]:
            add(f"    never: {clean(_fragment_line(entry))}")
        if len(fragments["never"]) > FRAGMENTS_LISTED:
            add(f"    and {len(fragments['never']) - FRAGMENTS_LISTED} more (all of them in the JSON and the page)")
    words = data["words_per_run"]
    add(f"  words per run: {words['median']:,} median, {words['min']:,} to {words['max']:,} (mean {words['mean']:,})")
    phrases = data["phrases"]
    defs = data["definitions"]
    add(
        f"  repeated phrases ({defs['phrase_words']}+ words in {defs['phrase_min_passages']}+ passages): {len(phrases)}"
    )
    for entry in phrases[:10]:
        add(f'    "{clean(entry["phrase"])}" in {entry["passages"]}: {clean(_list(entry["where"], 6))}')
    exhaustive = data["exhaustive"]
    if exhaustive is not None:
        if exhaustive["complete"]:
            add(f"  every state explored ({exhaustive['states']:,}):")
            for label, key in (
                ("scenes no run can reach", "scenes_unreachable"),
                ("choices never available", "choices_never_available"),
                ("variants that can never show", "variants_never_shown"),
            ):
                items = exhaustive[key]
                add(f"    {label}: {clean(_list(items)) if items else 'none'}")
        else:
            add(
                f"  exploration stopped at {exhaustive['max_states']:,} states ({exhaustive['scenes_reached']} scenes"
                " reached): the figures above come from the random runs alone, none from the state graph"
            )
    return "\n".join(lines)


# --- HTML -----------------------------------------------------------------------------------------


def _layers(world: World, edges: list[Edge]) -> list[list[str]]:
    """Scenes in columns by their distance from the start (breadth-first); unreachable ones last."""
    leaving: dict[str, list[str]] = {}
    for edge in edges:
        leaving.setdefault(edge.source, []).append(edge.target)
    depth = {world.start: 0}
    queue = [world.start]
    for scene_id in queue:  # the list grows as it is read: a breadth-first walk
        for target in leaving.get(scene_id, ()):
            if target not in depth:
                depth[target] = depth[scene_id] + 1
                queue.append(target)
    last = max(depth.values(), default=0) + 1
    columns: list[list[str]] = [[] for _ in range(last + 1)]
    for scene_id in world.scenes:
        columns[depth.get(scene_id, last)].append(scene_id)
    # Order each column by where its scenes' parents sit, to cross fewer edges.
    row: dict[str, float] = {}
    parents: dict[str, list[str]] = {}
    for edge in edges:
        parents.setdefault(edge.target, []).append(edge.source)
    for column in columns:

        def weight(scene_id: str) -> float:
            rows = [row[p] for p in parents.get(scene_id, []) if p in row]
            return sum(rows) / len(rows) if rows else 0.0

        column.sort(key=weight)
        for index, scene_id in enumerate(column):
            row[scene_id] = index
    return [column for column in columns if column]


def _heat(visits: int, most: int) -> str:
    """Light yellow for rarely shown, deep orange for most shown; grey for never."""
    if visits == 0:
        return "#d9d9d9"
    share = (visits / most) ** 0.5 if most else 0.0
    red, green, blue = 255, int(245 - 150 * share), int(200 - 190 * share)
    return f"#{red:02x}{green:02x}{blue:02x}"


def graph_svg(world: World, visits: dict[str, int], taken: dict[str, int]) -> str:
    """The world's scenes and choices, each scene coloured by how often the runs showed it; calls
    into sub-scenes blue, returns from them blue and dotted (the edges of `io-game graph`)."""
    width, height, gap_x, gap_y = 150, 34, 70, 16
    edges = machine_edges(world)
    columns = _layers(world, edges)
    at: dict[str, tuple[int, int]] = {}
    for x, column in enumerate(columns):
        for y, scene_id in enumerate(column):
            at[scene_id] = (20 + x * (width + gap_x), 20 + y * (height + gap_y))
    total_w = 40 + len(columns) * (width + gap_x)
    total_h = 40 + max((len(c) for c in columns), default=1) * (height + gap_y)
    most = max(visits.values(), default=0)
    most_taken = max(taken.values(), default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{total_h}" '
        f'viewBox="0 0 {total_w} {total_h}" font-family="sans-serif" font-size="11">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#888"/></marker>'
        '<marker id="call" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{CALL_COLOUR}"/></marker></defs>',
    ]
    for edge in edges:
        choice = edge.choice
        x1, y1 = at[edge.source]
        x2, y2 = at[edge.target]
        count = taken.get(choice.key, 0)
        stroke = 0.6 + 3.4 * (count / most_taken) ** 0.5 if most_taken and count else 0.6
        colour = "#8a5a00" if count else "#bbbbbb"
        marker, dashes = "arrow", ""
        if edge.kind != "choice":  # a call or a return: blue, a return dotted (the legend says so)
            colour, marker = CALL_COLOUR if count else "#9db5dc", "call"
            dashes = ' stroke-dasharray="2 3"' if edge.kind == "return" else ""
        sx, sy, ex, ey = float(x1 + width), y1 + height / 2, float(x2), y2 + height / 2
        if x2 <= x1:  # back or sideways: leave from the bottom, come in at the bottom
            sx, sy, ex, ey = x1 + width / 2, y1 + height, x2 + width / 2, y2 + height
            path = f"M {sx} {sy} C {sx} {sy + 40}, {ex} {ey + 40}, {ex} {ey}"
        else:
            mid = (sx + ex) / 2
            path = f"M {sx} {sy} C {mid} {sy}, {mid} {ey}, {ex} {ey}"
        what = "" if edge.kind == "choice" else f" ({edge.kind})"
        tip = html.escape(f"{choice.key}{what} -> {edge.target}: taken {count} times")
        parts.append(
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{stroke:.2f}"{dashes} '
            f'marker-end="url(#{marker})" class="{edge.kind}"><title>{tip}</title></path>'
        )
    for scene in world.scenes.values():
        x, y = at[scene.id]
        count = visits.get(scene.id, 0)
        border = "#333" if scene.id == world.start else "#7a2" if scene.ending else "#999"
        label = scene.id if len(scene.id) <= 22 else scene.id[:21] + "…"
        tip = html.escape(f"{scene.id}: {scene.title}; shown {count} times")
        parts.append(
            f'<g><title>{tip}</title><rect x="{x}" y="{y}" width="{width}" height="{height}" rx="6" '
            f'fill="{_heat(count, most)}" stroke="{border}" stroke-width="{2 if border != "#999" else 1}"/>'
            f'<text x="{x + 6}" y="{y + 14}">{html.escape(label)}</text>'
            f'<text x="{x + 6}" y="{y + 27}" fill="#555">{count:,}</text></g>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


FRAGMENT_ROWS = 500

_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; max-width: 80em; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
table { border-collapse: collapse; } td, th { padding: 2px 10px; text-align: left; border-bottom: 1px solid #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.graph { overflow: auto; border: 1px solid #ddd; max-height: 80vh; }
.note { color: #666; }
"""


def _table(rows: list[tuple[Any, ...]], head: tuple[str, ...]) -> str:
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = []
    for row in rows:
        tds = "".join(
            f'<td class="n">{value:,}</td>' if isinstance(value, int) else f"<td>{html.escape(str(value))}</td>"
            for value in row
        )
        body.append(f"<tr>{tds}</tr>")
    return f"<table><tr>{cells}</tr>{''.join(body)}</table>"


def _sub_scene_legend(world: World) -> str:
    """The legend of the page's graph for calls and returns, when the world has any."""
    kinds = {edge.kind for edge in machine_edges(world)} - {"choice"}
    swatch = {
        "call": f'<span style="color:{CALL_COLOUR}">&#9472;&#9472;&#9654;</span> blue: a call, which ',
        "return": f'<span style="color:{CALL_COLOUR}">&#8943;&#9655;</span> blue dotted: a return, ',
    }
    return "".join(f" {swatch[kind]}{html.escape(KIND_LEGEND[kind])}." for kind in ("call", "return") if kind in kinds)


def render_html(data: dict[str, Any], world: World) -> str:
    """One self-contained page: no scripts, styles or images from anywhere else."""
    summary = html.escape(render_text(data))
    svg = graph_svg(world, data["scene_visits"], data["choices_taken"])
    endings = _table(list(data["endings"]["runs"].items()), ("ending", "runs"))
    measured = [("the random runs", data["decisions"], data["answers"])]
    if data["decisions"].get("graph") is not None:
        measured.append(("every reachable state", data["decisions"]["graph"], data["answers"]["graph"]))
    decisions = _table(
        [
            (
                over,
                d["points"],
                d["silent"],
                _pct(d["silent_share"]),
                a["offered"],
                a["answered"],
                _pct(a["answered_share"]),
            )
            for over, d, a in measured
        ],
        ("over", "decision points", "silent", "silent share", "choices offered", "answered", "answered share"),
    )
    variables = _table(
        [
            (
                name,
                e["type"],
                e["initial"],
                ", ".join(f"{v}: {n}" for v, n in e["at_endings"].items()),
                e["falls"],
                _pct(e["falls_share"]),
                e["rises"],
                _pct(e["rises_share"]),
            )
            for name, e in data["variables"].items()
        ],
        ("variable", "type", "starts", "at the endings", "falls", "runs it falls in", "rises", "runs it rises in"),
    )
    phrases = _table(
        [(p["phrase"], p["passages"], ", ".join(p["where"])) for p in data["phrases"][:PHRASES_SHOWN]],
        ("phrase", "passages", "where"),
    )
    inline = data["coverage"]["fragments"]
    never = inline["never"]
    fragments = _table(
        [(e["where"], e["scene"], e["text"], e["fragment"], e["branch"], e["reads"]) for e in never[:FRAGMENT_ROWS]],
        ("where", "scene", "text", "fragment", "branch", "reads"),
    )
    if len(never) > FRAGMENT_ROWS:
        fragments += f'<p class="note">and {len(never) - FRAGMENT_ROWS:,} more: all of them are in the JSON.</p>'
    if not never:
        fragments = (
            f"<p>Every one of the {inline['total']:,} was shown.</p>"
            if inline["total"]
            else "<p>The world has no <code>{if}</code> or alternatives in its texts.</p>"
        )

    title = html.escape(f"Playtest report: {data['title'] or data['world']}")
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_STYLE}</style></head><body>\n<h1>{title}</h1>\n<pre>{summary}</pre>\n"
        "<h2>Scenes, coloured by how often the runs showed them</h2>\n"
        '<p class="note">Columns: distance from the start. Grey: never shown. Dark border: the start; green: endings.'
        f" Edge width: how often the choice was taken.{_sub_scene_legend(world)} Hover for names and counts.</p>\n"
        f'<div class="graph">{svg}</div>\n<h2>Decision points</h2>\n{decisions}\n'
        f"<h2>Endings</h2>\n{endings}\n<h2>Variables</h2>\n{variables}\n"
        f"<h2>Repeated phrases</h2>\n{phrases}\n"
        "<h2>Inline text never shown</h2>\n"
        '<p class="note">Branches of <code>{if}</code>s and entries of alternatives no run showed; where is the'
        " fragment's opening brace.</p>\n"
        f"{fragments}\n</body></html>\n"
    )
