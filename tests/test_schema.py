"""The editor schema accepts every valid world and rejects the faults a schema can see."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from game.authoring.schema import PARTS, _object, files, scenes_schema, world_schema
from game.world import WorldError, load_world
from tests.conftest import FIXTURES, ROOT

SCHEMAS = ROOT / "schema"
WORLD_SCHEMA = Draft202012Validator(json.loads((SCHEMAS / "world.schema.json").read_text()))
SCENES_SCHEMA = Draft202012Validator(json.loads((SCHEMAS / "scenes.schema.json").read_text()))

VALID = [
    FIXTURES / "worlds" / "lighthouse",
    FIXTURES / "worlds" / "inline",  # every construct of the format
    FIXTURES / "trap",
    *sorted((FIXTURES / "lint").iterdir()),
    *sorted(p for p in (ROOT / "worlds").iterdir() if p.is_dir()),
]

# Broken fixtures whose fault is in the structure a schema describes: it must reject them too.
SCHEMA_REJECTS = {"unknown_key", "no_choices"}
# Faults a JSON schema cannot see: YAML-level faults (the file does not parse into JSON data the
# same way), cross-references, expression types and duplicates. The loader alone catches these.
LOADER_ONLY = {
    "add_to_flag",
    "alias",
    "bad_expression",
    "control_character",
    "dunder_import",
    "duplicate_choice",
    "duplicate_key",
    "duplicate_scene",
    "missing_start",
    "missing_world_file",
    "not_yaml",
    "python_tag",
    "text_vs_number",
    "undeclared_variable",
    "unknown_target",
}


def _errors(world: Path) -> list[str]:
    found: list[str] = []
    for file in [world / "world.yaml", *sorted((world / "scenes").glob("*.yaml"))]:
        if not file.is_file():
            continue
        try:
            data: Any = yaml.safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        validator = WORLD_SCHEMA if file.name == "world.yaml" else SCENES_SCHEMA
        found += [f"{file.name}: {error.message}" for error in validator.iter_errors(data)]
    return found


@pytest.mark.parametrize("world", VALID, ids=lambda p: p.name)
def test_schema_accepts_valid_worlds(world: Path) -> None:
    load_world(world)  # a valid world that stops loading is a failure, not a skip
    assert _errors(world) == []


def test_broken_fixtures_are_all_classified() -> None:
    assert {p.name for p in (FIXTURES / "broken").iterdir()} == SCHEMA_REJECTS | LOADER_ONLY


@pytest.mark.parametrize("name", sorted(SCHEMA_REJECTS))
def test_schema_rejects_what_the_loader_rejects(name: str) -> None:
    with pytest.raises(WorldError):
        load_world(FIXTURES / "broken" / name)
    assert _errors(FIXTURES / "broken" / name)


@pytest.mark.parametrize(
    "scene",
    [
        {"title": "T", "text": "x", "choices": [{"id": "Bad Id", "text": "t", "to": "a"}]},
        {"title": "T", "text": "x", "choices": [{"id": "go", "text": "t"}]},
        {"title": "T", "text": "x", "ending": {"title": "E"}, "choices": [{"id": "go", "text": "t", "to": "a"}]},
        {"title": "T", "text": "x", "ending": {"title": "E"}, "next": "a"},
        {"title": "T", "text": "x", "choices": [{"id": "go", "text": "t", "to": "a", "once": "yes"}]},
        {"title": "T", "text": "x", "variants": [{"text": "no if"}], "choices": [{"id": "g", "text": "t", "to": "a"}]},
    ],
)
def test_schema_rejects_bad_scenes(scene: dict[str, Any]) -> None:
    assert list(SCENES_SCHEMA.iter_errors({"a": scene}))


def test_schema_rejects_min_on_a_flag() -> None:
    data = {"id": "w", "title": "W", "start": "a", "variables": {"f": {"initial": True, "min": 0}}}
    assert list(WORLD_SCHEMA.iter_errors(data))


def test_committed_schemas_are_the_generator_output() -> None:
    """schema/*.json come from the loader's tables: regenerate with python -m game.authoring.schema."""
    for name, text in files().items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, f"run: python -m game.authoring.schema ({name})"


def test_every_key_the_loader_takes_has_a_hover_description() -> None:
    def walk(node: Any, path: str) -> list[str]:
        missing = []
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if not str(value.get("description", "")).strip():
                    missing.append(f"{path}.{key}")
            for key, value in node.items():
                if key not in ("if", "then", "else"):  # rules about keys, not keys
                    missing += walk(value, f"{path}.{key}")
        return missing

    assert walk(world_schema(), "world") + walk(scenes_schema(), "scenes") == []
    for part, (allowed, required) in PARTS.items():
        described = set(_object(part)["properties"])
        assert described == set(allowed) and set(required) <= described, part


def test_a_key_the_loader_takes_without_a_description_stops_the_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(PARTS, "ending", ({"title", "kind", "mood"}, ("title",)))
    with pytest.raises(SystemExit, match="mood"):
        scenes_schema()


def test_yes_no_on_off_read_as_the_loader_reads_them_under_yaml_1_1() -> None:
    """With yaml.yamlVersion 1.1 (docs/editors.md) the editor parses as the loader: `title: yes` is
    refused by both (not text) and `once: yes` is accepted by both (true)."""
    scene = yaml.safe_load("a:\n  title: yes\n  text: x\n  ending: {title: E}\n")
    assert list(SCENES_SCHEMA.iter_errors(scene))
    loose = yaml.safe_load("a:\n  title: T\n  text: x\n  choices: [{id: go, text: Go, to: a, once: yes}]\n")
    assert loose["a"]["choices"][0]["once"] is True
    assert list(SCENES_SCHEMA.iter_errors(loose)) == []
    assert "yamlVersion" in (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")


def test_a_choice_that_returns_from_a_sub_scene_needs_no_to() -> None:
    returning = {"title": "T", "text": "x", "choices": [{"id": "back", "text": "Back", "return": True}]}
    assert list(SCENES_SCHEMA.iter_errors({"a": returning})) == []
    going = {"title": "T", "text": "x", "choices": [{"id": "back", "text": "Back", "return": False}]}
    assert [error.message for error in SCENES_SCHEMA.iter_errors({"a": going})] == ["'to' is a required property"]
