"""A world written out and read back is the same world (Hypothesis; issue 18).

Worlds are drawn as the data an author writes (every kind of variable with its bounds, label and
words; scenes with plain or block text, variants, endings, tags and `on_enter:`; choices with
conditions, effects, conditional effects, replies, `once`, `fallback` and `after:`), spread over
one to three scene files and written as YAML. Each written file is valid by the JSON Schemas the
schema generator writes (game/authoring/schema.py); the loader reads the world back; `written()`
writes the loaded world out again as YAML data. The rules stated:

- what the loader reads is what was written, with the format's defaults filled in (version "0",
  a variable's label is its name, the status panel shows the first four numbers, an ending's kind
  is "ending", a variant does not replace, a choice is not `once` and not a fallback);
- a world written out and read back is the same world: writing it again gives the same files.
"""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from game.authoring.schema import scenes_schema, world_schema
from game.world import World, load_world
from game.world.expr import Effect
from game.world.model import Action, Scene, When
from tests.fuzzing import PROPERTY

WORLD_SCHEMA = Draft202012Validator(world_schema())
SCENES_SCHEMA = Draft202012Validator(scenes_schema())

Data = dict[str, Any]

# --- the world as an author writes it --------------------------------------------------------------

WORDS = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzé'", min_size=1, max_size=6), min_size=1, max_size=3),
    st.sampled_from(["", ".", "!", "?", ", or -"]),
)
LITERALS = st.text(alphabet="abcdefghij klmé.,!?-", min_size=1, max_size=8)  # text inside quotes
# Variable names never clash with the language's words (and, not, true, visited ...): a prefix.
NAMES = st.from_regex(r"[a-z0-9_]{1,8}", fullmatch=True).map(lambda s: "v" + s)
IDS = st.from_regex(r"[a-z0-9_]{1,10}", fullmatch=True)


@st.composite
def variables(draw: st.DrawFn) -> Data:
    found: Data = {}
    for name in draw(st.lists(NAMES, max_size=5, unique=True)):
        kind = draw(st.sampled_from(["number", "flag", "text"]))
        spec: Data
        if kind == "number":
            low = draw(st.none() | st.integers(-20, 5))
            high = draw(st.none() | st.integers(6, 40))
            spec = {"initial": draw(st.integers(-20 if low is None else low, 40 if high is None else high))}
            if low is not None:
                spec["min"] = low
            if high is not None:
                spec["max"] = high
            if low is not None and high is not None and draw(st.booleans()):
                # Bands that meet without overlapping and cover min..max.
                cuts = sorted(draw(st.sets(st.integers(low + 1, high), max_size=3)))
                edges = [low, *cuts, high + 1]
                spec["words"] = {(f"{a}..{b - 1}" if b - 1 != a else str(a)): draw(WORDS) for a, b in pairwise(edges)}
        elif kind == "flag":
            spec = {"initial": draw(st.booleans())}
        else:
            spec = {"initial": draw(st.just("") | WORDS)}
        if draw(st.booleans()):
            spec["label"] = draw(WORDS)
        found[name] = spec
    return found


def condition(draw: st.DrawFn, names: Data, scenes: list[str]) -> str:
    """A condition over the world's variables and scenes."""
    options = [f"visited('{draw(st.sampled_from(scenes))}')", f'visits("{draw(st.sampled_from(scenes))}") >= 2']
    for name, spec in names.items():
        initial = spec["initial"]
        if isinstance(initial, bool):
            options += [name, f"not {name}"]
        elif isinstance(initial, int):
            options += [f"{name} > {draw(st.integers(-5, 9))}", f"{name} + 1 <= {draw(st.integers(0, 9))}"]
        else:
            options += [f"{name} == '{draw(LITERALS)}'", f'{name} != ""']
    first = draw(st.sampled_from(options))
    if draw(st.booleans()):
        return first
    return f"{first} {draw(st.sampled_from(['and', 'or']))} {draw(st.sampled_from(options))}"


def effect(draw: st.DrawFn, names: Data) -> str | None:
    if not names:
        return None
    name = draw(st.sampled_from(sorted(names)))
    initial = names[name]["initial"]
    if isinstance(initial, bool):
        return draw(st.sampled_from([f"{name} = true", f"{name} = not {name}"]))
    if isinstance(initial, int):
        return f"{name} {draw(st.sampled_from(['=', '+=', '-=']))} {draw(st.integers(0, 9))}"
    return f"{name} = '{draw(LITERALS)}'"


def program(draw: st.DrawFn, names: Data, scenes: list[str], depth: int = 0) -> list[Any]:
    actions: list[Any] = []
    for _ in range(draw(st.integers(1, 3))):
        if depth < 1 and draw(st.integers(0, 3)) == 0:
            when: Data = {"if": condition(draw, names, scenes), "do": program(draw, names, scenes, depth + 1)}
            if draw(st.booleans()):
                when["else"] = program(draw, names, scenes, depth + 1)
            actions.append(when)
        else:
            found = effect(draw, names)
            if found is not None:
                actions.append(found)
    return actions


def text(draw: st.DrawFn, names: Data) -> str:
    """Words, sometimes showing a variable's value ({name}) or an inline condition ({if ...:a|b})."""
    words = draw(WORDS)
    shown = [name for name, spec in names.items() if not isinstance(spec["initial"], bool)]
    flags = [name for name, spec in names.items() if isinstance(spec["initial"], bool)]
    if shown and draw(st.booleans()):
        words += f" {{{draw(st.sampled_from(shown))}}}"
    if flags and draw(st.booleans()):
        words += f" {{if {draw(st.sampled_from(flags))}:{draw(WORDS)}|{draw(WORDS)}}}"
    return words


@st.composite
def worlds(draw: st.DrawFn) -> tuple[Data, list[Data]]:
    """world.yaml's data and each scene file's data."""
    names = draw(variables())
    scene_ids = draw(st.lists(IDS, min_size=1, max_size=5, unique=True))
    endings = set(draw(st.sets(st.sampled_from(scene_ids), min_size=1, max_size=2)))
    options = lambda: draw(st.booleans())  # noqa: E731
    scenes: Data = {}
    for scene_id in scene_ids:
        scene: Data = {"title": draw(WORDS)}
        if options():
            blocks: list[Any] = []
            for _ in range(draw(st.integers(1, 3))):
                body = text(draw, names)
                blocks.append({"if": condition(draw, names, scene_ids), "text": body} if options() else body)
            scene["text"] = blocks
        else:
            scene["text"] = text(draw, names)
            if options():
                scene["variants"] = [
                    {"if": condition(draw, names, scene_ids), "text": text(draw, names)}
                    | ({"replace": draw(st.booleans())} if options() else {})
                    for _ in range(draw(st.integers(1, 2)))
                ]
        if options():
            scene["tags"] = draw(st.lists(IDS, min_size=1, max_size=2))
        if names and options():
            scene["on_enter"] = program(draw, names, scene_ids)
        if scene_id in endings:
            scene["ending"] = {"title": draw(WORDS)} | ({"kind": draw(IDS)} if options() else {})
        else:
            scene["choices"] = [
                choice(draw, choice_id, names, scene_ids)
                for choice_id in draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
            ]
        scenes[scene_id] = scene
    world: Data = {"id": draw(IDS), "title": draw(WORDS), "start": draw(st.sampled_from(scene_ids))}
    for key in ("version", "author", "description"):
        if options():
            world[key] = draw(WORDS)
    if names:
        world["variables"] = names
        if options():
            world["status"] = draw(st.lists(st.sampled_from(sorted(names)), max_size=3))
    # Scene files: the scenes in order, cut in one to three parts.
    cut = sorted(draw(st.sets(st.integers(1, max(1, len(scene_ids) - 1)), max_size=2)))
    bounds = [0, *cut, len(scene_ids)]
    files = [{key: scenes[key] for key in scene_ids[a:b]} for a, b in pairwise(bounds) if a < b]
    return world, files


def choice(draw: st.DrawFn, choice_id: str, names: Data, scenes: list[str]) -> Data:
    found: Data = {"id": choice_id, "text": text(draw, names), "to": draw(st.sampled_from(scenes))}
    if draw(st.booleans()):
        found["if"] = condition(draw, names, scenes)
    if names and draw(st.booleans()):
        found["do"] = program(draw, names, scenes)
    if names and draw(st.integers(0, 3)) == 0:
        found["after"] = program(draw, names, scenes)
    if draw(st.booleans()):
        found["reply"] = text(draw, names)
    for flag in ("once", "fallback"):
        if draw(st.integers(0, 3)) == 0:
            found[flag] = draw(st.booleans())
    if draw(st.integers(0, 3)) == 0:
        found["tags"] = draw(st.lists(IDS, min_size=1, max_size=2))
    return found


# --- writing, reading, and the loaded world written out again --------------------------------------


def write(folder: Path, world: Data, files: list[Data]) -> None:
    (folder / "scenes").mkdir(parents=True)
    (folder / "world.yaml").write_text(yaml.safe_dump(world, allow_unicode=True, sort_keys=False), "utf-8")
    for index, scenes in enumerate(files):
        text = yaml.safe_dump(scenes, allow_unicode=True, sort_keys=False)
        (folder / "scenes" / f"part{index}.yaml").write_text(text, "utf-8")


def actions(program: tuple[Action, ...]) -> list[Any]:
    found: list[Any] = []
    for action in program:
        if isinstance(action, When):
            found.append({"if": action.condition.source, "do": actions(action.then), "else": actions(action.otherwise)})
        else:
            assert isinstance(action, Effect)
            found.append(action.source)
    return found


def scene_data(scene: Scene) -> Data:
    data: Data = {"title": scene.title}
    if scene.blocks:
        data["text"] = [
            b.body.source if b.condition is None else {"if": b.condition.source, "text": b.body.source}
            for b in scene.blocks
        ]
    else:
        data["text"] = scene.compiled.source
    if scene.variants:
        data["variants"] = [
            {"if": v.condition.source, "text": v.compiled.source, "replace": v.replace} for v in scene.variants
        ]
    data["tags"] = list(scene.tags)
    data["on_enter"] = actions(scene.on_enter)
    if scene.ending is not None:
        data["ending"] = {"title": scene.ending.title, "kind": scene.ending.kind}
    else:
        data["choices"] = []
        for c in scene.choices:
            written: Data = {"id": c.id, "text": c.compiled.source, "to": c.target}
            if c.condition is not None:
                written["if"] = c.condition.source
            written["do"] = actions(c.actions)
            written["after"] = actions(c.after)
            if c.reply is not None:
                written["reply"] = c.reply.source
            written |= {"once": c.once, "fallback": c.fallback, "tags": list(c.tags)}
            data["choices"].append(written)
    return data


def written(world: World, files: list[list[str]]) -> tuple[Data, list[Data]]:
    """The loaded world as world.yaml's data and the scene files' data (every key written out)."""
    variables: Data = {}
    for name, var in world.variables.items():
        spec: Data = {"initial": var.initial}
        if var.minimum is not None:
            spec["min"] = var.minimum
        if var.maximum is not None:
            spec["max"] = var.maximum
        if var.words:
            spec["words"] = {(f"{b.low}..{b.high}" if b.high != b.low else str(b.low)): b.word for b in var.words}
        spec["label"] = var.label
        variables[name] = spec
    data: Data = {
        "id": world.id,
        "title": world.title,
        "start": world.start,
        "version": world.version,
        "author": world.author,
        "description": world.description,
        "variables": variables,
        "status": list(world.status),
    }
    return data, [{scene_id: scene_data(world.scenes[scene_id]) for scene_id in part} for part in files]


def with_defaults(world: Data, files: list[Data]) -> tuple[Data, list[Data]]:
    """What the author wrote, with the format's defaults filled in (docs/world-format.md)."""
    names = world.get("variables", {})
    numbers = [name for name, spec in names.items() if type(spec["initial"]) is int]
    full: Data = {
        "id": world["id"],
        "title": world["title"],
        "start": world["start"],
        "version": world.get("version", "0"),
        "author": world.get("author", ""),
        "description": world.get("description", ""),
        "variables": {name: {**spec, "label": spec.get("label", name)} for name, spec in names.items()},
        "status": world.get("status", numbers[:4]),
    }

    def program(items: list[Any]) -> list[Any]:
        return [
            {"if": item["if"], "do": program(item["do"]), "else": program(item.get("else", []))}
            if isinstance(item, dict)
            else item
            for item in items
        ]

    parts: list[Data] = []
    for scenes in files:
        part: Data = {}
        for scene_id, scene in scenes.items():
            data: Data = {"title": scene["title"], "text": scene["text"]}
            if "variants" in scene:
                data["variants"] = [{"replace": False} | v for v in scene["variants"]]
            data["tags"] = scene.get("tags", [])
            data["on_enter"] = program(scene.get("on_enter", []))
            if "ending" in scene:
                data["ending"] = {"title": scene["ending"]["title"], "kind": scene["ending"].get("kind", "ending")}
            else:
                data["choices"] = []
                for c in scene["choices"]:
                    full_choice: Data = {"id": c["id"], "text": c["text"], "to": c["to"]}
                    if "if" in c:
                        full_choice["if"] = c["if"]
                    full_choice["do"] = program(c.get("do", []))
                    full_choice["after"] = program(c.get("after", []))
                    if "reply" in c:
                        full_choice["reply"] = c["reply"]
                    full_choice |= {"once": c.get("once", False), "fallback": c.get("fallback", False)}
                    full_choice["tags"] = c.get("tags", [])
                    data["choices"].append(full_choice)
            part[scene_id] = data
        parts.append(part)
    return full, parts


def valid_by_the_schemas(world: Data, files: list[Data]) -> None:
    errors = [e.message for e in WORLD_SCHEMA.iter_errors(world)]
    errors += [e.message for scenes in files for e in SCENES_SCHEMA.iter_errors(scenes)]
    assert errors == []


@PROPERTY
@given(worlds())
def test_a_world_written_out_and_read_back_is_the_same_world(drawn: tuple[Data, list[Data]]) -> None:
    world, files = drawn
    valid_by_the_schemas(world, files)
    order = [list(scenes) for scenes in files]
    with TemporaryDirectory() as tmp:
        write(Path(tmp) / "first", world, files)
        loaded = load_world(Path(tmp) / "first")
        again = written(loaded, order)
        # JSON text: a dict compares equal whatever its order, and the order of `words:` is not kept.
        assert json.dumps(again, sort_keys=True) == json.dumps(with_defaults(world, files), sort_keys=True)
        valid_by_the_schemas(*again)
        write(Path(tmp) / "second", *again)
        reread = load_world(Path(tmp) / "second")
        assert written(reread, order) == again
        assert reread.files == loaded.files
