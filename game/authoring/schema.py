"""The JSON Schemas of world files, generated from the loader's own tables of keys.

`python -m game.authoring.schema [DIR]` writes schema/world.schema.json and
schema/scenes.schema.json (or into DIR); a test checks that the committed files equal this output.
The loader says which keys each part of a file takes and which it needs; this module says what each
key holds (its kind: how the loader reads it) and what it is for (the text editors show on hover).
A key the loader takes that is not described here stops the generator, so the two cannot drift.
The language server (io-game lsp) shows the same descriptions.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from game.support.ids import ID, VARIABLE_NAME
from game.world import loader as L

# (the loader's keys, the loader's required keys) for each part of a file.
PARTS: dict[str, tuple[Collection[str], tuple[str, ...]]] = {
    "world": (L.WORLD_KEYS, L.WORLD_REQUIRED),
    "variable": (L.VARIABLE_KEYS, L.VARIABLE_REQUIRED),
    "scene": (L.SCENE_KEYS, L.SCENE_REQUIRED),
    "choice": (L.CHOICE_KEYS, L.CHOICE_REQUIRED),
    "variant": (L.VARIANT_KEYS, L.VARIANT_REQUIRED),
    "ending": (L.ENDING_KEYS, L.ENDING_REQUIRED),
    "block": (L.BLOCK_KEYS, L.BLOCK_REQUIRED),
    "when": (L.WHEN_KEYS, L.WHEN_REQUIRED),
}

# part -> key -> (kind, description). Kinds are defined in _kind() below.
KEYS: dict[str, dict[str, tuple[str, str]]] = {
    "world": {
        "id": ("id", "The world's id: lowercase letters, digits and _. Saves record it, so changing it orphans them."),
        "title": ("title", "The world's title, shown on the title screen and in saves."),
        "version": ("text", "Your world's version (for example 1.0.0), shown in saves."),
        "start": ("scene", "The id of the scene a new run starts in."),
        "author": ("text", "Who wrote the world (optional)."),
        "description": ("text", "A sentence or two about the world, shown on the title screen (optional)."),
        "variables": (
            "variables",
            "Every variable a condition, effect or text uses, by name: {initial: ..., min, max, label}.",
        ),
        "status": ("status", "The variables shown in the status panel, in order (default: the first four numbers)."),
    },
    "variable": {
        "initial": (
            "initial",
            "The value a run starts with; its type is the variable's type: a whole number, true/false or text.",
        ),
        "min": ("integer", "Numbers only: the lowest value. Every effect is clamped to it."),
        "max": ("integer", "Numbers only: the highest value. Every effect is clamped to it."),
        "label": ("text", "What the player sees for this variable (default: its name)."),
        "words": (
            "words",
            "Numbers only: a word for each range of values, for {word(name)} in texts. For example: "
            "{0-2: fraying, 3-6: steady, 7-10: bright}",
        ),
    },
    "scene": {
        "title": ("title", "The scene's title, shown above its text and in the journal."),
        "text": (
            "scene_text",
            "The narration. Blank lines separate paragraphs; a single line break inside a paragraph is a space. "
            "Inline text such as {hope} or {if met: ...|...} works here. Or a list of blocks, each shown "
            "when its if: holds.",
        ),
        "variants": (
            "variants",
            "Text shown only when a condition holds: each adds a paragraph, or with replace: true replaces the text.",
        ),
        "choices": ("choices", "What the player can do here: each choice has an id, a text and the scene it leads to."),
        "ending": ("ending", "Makes this scene an ending: {title: ..., kind: ...}. An ending has no choices, no next."),
        "tags": ("tags", "Words that tools and the interface may use to group or style scenes (one, or a list)."),
        "on_enter": ("effects", "Effects applied every time a run enters this scene, in order."),
        "next": ("scene", "A beat: instead of choices, the one choice Continue leads to this scene."),
    },
    "choice": {
        "id": ("id", "The choice's id, unique within its scene. Saves record it, so renaming it breaks them."),
        "text": ("text", "What the player picks, in a few words."),
        "to": ("scene", "The id of the scene this choice leads to."),
        "if": (
            "condition",
            'A condition: the choice is offered only when it holds. For example: hope > 3 and not visited("bees")',
        ),
        "do": (
            "effects",
            "Effects applied in order when the choice is taken: var = expr, var += n, var -= n (one, or a list).",
        ),
        "once": ("flag", "true: the choice can be taken only once per run."),
        "reply": ("text", "Text shown right after the choice is taken, before the next scene."),
        "tags": ("tags", "Words that tools and the interface may use to group or style choices (one, or a list)."),
        "fallback": ("flag", "true: offered only when no other choice of the scene is."),
        "after": ("effects", "Effects applied once the reply has been shown, in order."),
        "then": ("scene", "Makes the choice a call: go to `to` (a sub-scene) and come back to this scene on return."),
        "return": ("flag", "true: go back to the scene the last call named (no `to`); offered only inside a call."),
    },
    "variant": {
        "if": ("condition", "The condition under which this text is shown."),
        "text": ("text", "The text shown when the condition holds."),
        "replace": (
            "flag",
            "true: this text replaces the scene's text instead of adding a paragraph (the first that holds wins).",
        ),
    },
    "ending": {
        "title": ("title", "The ending's title, shown when the run ends and in saves."),
        "kind": ("text", "A word for the kind of ending (for example good, bad, open); default: ending."),
    },
    "block": {
        "if": ("condition", "The condition under which this block is shown (none: always)."),
        "text": ("text", "The block's text."),
    },
    "when": {
        "if": ("condition", "The condition that chooses between do and else."),
        "do": ("effects", "Effects applied when the condition holds."),
        "else": ("effects", "Effects applied when it does not."),
    },
}


def _pattern(regex: str) -> str:
    """A Python full-match pattern (ending in \\Z) as a JSON Schema pattern."""
    return "^" + regex.removesuffix(r"\Z") + "$"


def _kind(kind: str) -> dict[str, Any]:
    """What each kind of key holds, as the loader reads it."""
    if kind == "text":  # Loader.text: text, or a number written bare (read as its text)
        return {"type": ["string", "number"]}
    if kind == "title":  # Loader.title: text that is not blank
        return {"type": ["string", "number"], "pattern": "\\S"}
    if kind == "scene_text":  # Loader.scene_text: one text, or a list of texts and blocks
        text = _kind("text")
        return {"anyOf": [text, {"type": "array", "items": {"anyOf": [text, {"$ref": "#/$defs/block"}]}}]}
    if kind == "tags":
        return {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    if kind == "words":  # Loader.bands
        return {
            "type": "object",
            "propertyNames": {"pattern": _pattern(L.BAND.pattern)},
            "additionalProperties": {"type": "string"},
        }
    if kind in ("id", "scene"):
        return {"type": "string", "pattern": _pattern(ID.pattern)}
    if kind == "flag":  # Loader.flag
        return {"type": "boolean"}
    if kind == "integer":
        return {"type": "integer"}
    if kind == "condition":  # Loader.expression_source: text, or a bare true/false
        return {"type": ["string", "boolean"]}
    if kind == "effects":  # Loader.program: effects, any of them conditional ({if, do, else})
        one = {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/when"}]}
        return {"anyOf": [one, {"type": "array", "items": one}]}
    if kind == "initial":
        return {"type": ["integer", "boolean", "string"]}
    if kind == "variables":
        return {
            "type": "object",
            "propertyNames": {"pattern": _pattern(VARIABLE_NAME.pattern), "not": {"enum": sorted(L.RESERVED)}},
            "additionalProperties": {"$ref": "#/$defs/variable"},
        }
    if kind == "status":
        return {"type": "array", "items": {"type": "string", "pattern": _pattern(VARIABLE_NAME.pattern)}}
    if kind in ("variants", "choices"):
        return {"type": "array", "items": {"$ref": f"#/$defs/{kind[:-1]}"}}
    if kind == "ending":
        return {"$ref": "#/$defs/ending"}
    raise ValueError(f"unknown kind of key: {kind}")


def description(part: str, key: str) -> str:
    """The hover text of `key` in `part` (world, variable, scene, choice, variant, ending)."""
    return KEYS[part][key][1]


def _object(part: str) -> dict[str, Any]:
    allowed, required = PARTS[part]
    described = KEYS.get(part, {})
    missing = sorted(set(allowed) - set(described))
    if missing:
        raise SystemExit(
            f"game/authoring/schema.py: the loader takes {', '.join(missing)} in a {part}, which KEYS does not "
            "describe: add a kind and a description for each"
        )
    stale = sorted(set(described) - set(allowed))
    if stale:
        raise SystemExit(
            f"game/authoring/schema.py: KEYS describes {', '.join(stale)} in a {part}: the loader has none"
        )
    properties = {}
    for key in sorted(allowed, key=list(described).index):
        kind, text = described[key]
        properties[key] = {**_kind(kind), "description": text}
    return {"type": "object", "additionalProperties": False, "required": list(required), "properties": properties}


def _variable() -> dict[str, Any]:
    variable = _object("variable")
    # min and max are for numbers only (the loader's E040).
    variable["if"] = {"properties": {"initial": {"type": ["boolean", "string"]}}}
    variable["then"] = {"not": {"anyOf": [{"required": ["min"]}, {"required": ["max"]}]}}
    return variable


def _scene() -> dict[str, Any]:
    scene = _object("scene")
    # An ending has no choices and no next: (E025); any other scene has at least one choice (E024).
    scene["if"] = {"required": ["ending"]}
    scene["then"] = {"properties": {"choices": {"maxItems": 0}}, "not": {"required": ["next"]}}
    # ...or is a beat (next:).
    scene["else"] = {
        "anyOf": [{"required": ["choices"], "properties": {"choices": {"minItems": 1}}}, {"required": ["next"]}]
    }
    return scene


def _choice() -> dict[str, Any]:
    choice = _object("choice")
    # `to` is required of every choice but one that returns from a sub-scene (`return: true`).
    choice["required"] = [key for key in choice["required"] if key != "to"]
    choice["if"] = {"required": ["return"], "properties": {"return": {"const": True}}}
    choice["else"] = {"required": ["to"]}
    return choice


HEADER = "$schema"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def world_schema() -> dict[str, Any]:
    return {
        HEADER: DRAFT,
        "$id": "https://io-game.invalid/schema/world.schema.json",
        "title": "io-game world.yaml",
        "description": "What a world is: id, title, start scene, variables, status panel. Generated by "
        "python -m game.authoring.schema from the loader's tables; see docs/world-format.md.",
        **_object("world"),
        "$defs": {"variable": _variable()},
    }


def scenes_schema() -> dict[str, Any]:
    return {
        HEADER: DRAFT,
        "$id": "https://io-game.invalid/schema/scenes.schema.json",
        "title": "io-game scenes/*.yaml",
        "description": "A mapping from scene id to scene. Generated by python -m game.authoring.schema from the "
        "loader's tables; see docs/world-format.md.",
        "type": "object",
        "propertyNames": {"pattern": _pattern(ID.pattern)},
        "minProperties": 1,
        "additionalProperties": {"$ref": "#/$defs/scene"},
        "$defs": {
            "scene": _scene(),
            "choice": _choice(),
            "variant": _object("variant"),
            "ending": _object("ending"),
            "block": _object("block"),
            "when": _object("when"),
        },
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=1, ensure_ascii=False) + "\n"


def files() -> dict[str, str]:
    """File name -> content, as committed in schema/."""
    return {"world.schema.json": render(world_schema()), "scenes.schema.json": render(scenes_schema())}


def write(folder: Path) -> list[Path]:
    from game.support.atomic import atomic_write

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files().items():
        atomic_write(folder / name, text.encode("utf-8"))
        written.append(folder / name)
    return written


def main(argv: list[str] | None = None) -> int:
    from game.support.paths import PROJECT_ROOT

    # argparse, so that `--help` prints how to use it (it was taken for a folder and written into).
    parser = argparse.ArgumentParser(
        prog="python -m game.authoring.schema",
        description="Write the JSON Schemas of world files (world.schema.json, scenes.schema.json).",
    )
    parser.add_argument("folder", nargs="?", type=Path, help="where to write them (default: the project's schema/)")
    folder = parser.parse_args(argv).folder or PROJECT_ROOT / "schema"
    for path in write(folder):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
