"""Fuzzing the world loader: any bytes as world.yaml or as a scene file give a World, or our WorldError
whose every diagnostic names a file of the world, a line in it and a column, and prints clean.

Each example loads two worlds: the fuzzed text as world.yaml (beside a valid scene file), and the
fuzzed text as a scene file (beside a valid world.yaml). A World that loads is also played a step,
so nothing the loader accepts can crash the engine. 1,000 examples by default, 25,000 with --slow.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.engine import Story
from game.support.textsafe import find_forbidden
from game.world import World, WorldError, load_world
from tests.fuzzing import FUZZ

VALID_WORLD = """\
id: fuzz
title: Fuzz
start: dawn
variables:
  hope: {initial: 3, min: 0, max: 5, label: Hope}
  met: {initial: false}
  name: {initial: ""}
status: [hope]
"""
VALID_SCENES = """\
dawn:
  title: Dawn
  text: Light.
  choices:
    - {id: go, text: Go, to: dusk, if: hope > 1 and not met, do: [hope -= 1, met = true]}
dusk:
  title: Dusk
  text: Dark.
  ending: {title: Night, kind: stay}
"""

# --- a generator of world-shaped YAML, driven by one drawn seed (cheap: one draw an example) -----

IDS = ["dawn", "dusk", "go", "Dawn", "a b", "x" * 70, "_x", "9", "", "ünï", "a\x1bb"]
TEXTS = ["Light.", "", "a\tb", "a\x1b[31mred", "\u202eevil", "line\nline", "\x85", "é" * 3, "{{x}}", "[/b]"]
EXPRESSIONS = [
    "hope > 1",
    "met",
    "not met",
    "visited('dusk')",
    'visits("dawn") >= 2',
    "chance(30)",
    "hope += 1",
    "hope = 3",
    "met = true",
    "name = 'Sam'",
    "__import__('os')",
    "hope.__class__",
    "hope / 0",
    "hope * 2",
    "x > 1",
    "hope > 'a'",
    "met += 1",
    "(" * 40 + "1" + ")" * 40,
    "9" * 20,
    "hope" + " + 1" * 200,
    "f(1)",
    "visited('nowhere')",
    "chance(200)",
    "hope ==",
    "",
    "lambda: 1",
]
FRAGMENTS = [
    "&a ",
    "*a",
    "<<: ",
    "<<: *a",
    "!!python/object/apply:os.system ['true']",
    "!foo ",
    "!!binary ",
    "!!set ",
    "---\n",
    "...\n",
    "%YAML 1.1\n---\n",
    "%TAG ! tag:x,2000:\n",
    "\t",
    "\x00",
    "\x1b[2J",
    "? ",
    "[",
    "{",
    "}",
    "]",
    '"',
    "'",
    "|",
    ">",
    "\ufeff",
    "\u202e",
    "\r",
    "\r\n",
    "1:1:1:1",
    ":",
    "- ",
    "# ",
    "\\",
    "\n  ",
    "@",
    "`",
    "\ufffd",
    "\U0001f600",
    "\u2028",
    "~",
    "null",
    "yes",
    "0x1F",
    "1e400",
    ".inf",
]


def _value(rng: random.Random, depth: int) -> object:
    pick = rng.randrange(10)
    if depth <= 0 or pick < 5:
        return rng.choice([*IDS, *TEXTS, *EXPRESSIONS, 0, 1, -5, 10**30, 1.5, True, False, None])
    if pick < 7:
        return [_value(rng, depth - 1) for _ in range(rng.randrange(4))]
    return {rng.choice([*IDS, "title", "text", "if", "do"]): _value(rng, depth - 1) for _ in range(rng.randrange(4))}


def _maybe(rng: random.Random, good: object) -> object:
    return good if rng.random() < 0.94 else _value(rng, 2)


def world_document(rng: random.Random) -> object:
    doc: dict[str, object] = {}
    for key, good in [("id", "fuzz"), ("title", "Fuzz"), ("start", "dawn"), ("version", "1.0"), ("status", ["hope"])]:
        if rng.random() < 0.9:
            doc[key] = _maybe(rng, good)
    variables: dict[str, object] = {}
    names = ["hope", "met", "name"] + rng.sample(["Bad", "and", "_x", "x" * 70, "extra"], rng.choice([0, 0, 1]))
    for name in names:
        initial = {"hope": 3, "met": False, "name": ""}.get(name, rng.choice([3, False, ""]))
        spec = {"initial": _maybe(rng, initial), "label": _maybe(rng, "Label")}
        if rng.random() < 0.4:
            spec["min"] = _maybe(rng, 0)
            spec["max"] = _maybe(rng, rng.choice([5, -1]))
        variables[name] = _maybe(rng, spec)
    doc["variables"] = _maybe(rng, variables)
    if rng.random() < 0.1:
        doc[rng.choice(["titel", "scenes", "Start"])] = _value(rng, 1)
    return doc


def scenes_document(rng: random.Random) -> object:
    doc: dict[str, object] = {}
    for scene_id in ["dawn", "dusk", *rng.sample(["noon", "Bad", "x" * 70], rng.choice([0, 0, 1]))]:
        scene: dict[str, object] = {"title": _maybe(rng, "T"), "text": _maybe(rng, rng.choice(TEXTS[:2]))}
        if scene_id == "dusk" or rng.random() < 0.2:
            scene["ending"] = _maybe(rng, {"title": "End", "kind": "stay"})
        else:
            scene["choices"] = _maybe(
                rng,
                [
                    {
                        key: _maybe(rng, good)
                        for key, good in [
                            ("id", rng.choice(IDS[:3]) if rng.random() < 0.9 else rng.choice(IDS)),
                            ("text", rng.choice(TEXTS)),
                            ("to", rng.choice(["dawn", "dusk", "dusk", "nowhere"])),
                            ("if", rng.choice(EXPRESSIONS[:6]) if rng.random() < 0.7 else rng.choice(EXPRESSIONS)),
                            ("do", rng.choice([EXPRESSIONS[6:10], rng.choice(EXPRESSIONS)])),
                            ("once", True),
                        ]
                        if rng.random() < 0.9 or key in ("id", "to")
                    }
                    for _ in range(rng.randrange(1, 3))
                ],
            )
        if rng.random() < 0.3:
            scene["variants"] = [{"if": rng.choice(EXPRESSIONS), "text": "more", "replace": _maybe(rng, True)}]
        if rng.random() < 0.1:
            scene[rng.choice(["choice", "txt", "on"])] = _value(rng, 1)
        doc[scene_id] = _maybe(rng, scene)
    return doc


def render(rng: random.Random, document: object) -> str:
    text = yaml.safe_dump(
        document, default_flow_style=rng.choice([None, True, False]), allow_unicode=rng.random() < 0.5, sort_keys=False
    )
    for _ in range(rng.choice([0, 0, 1, 2, 3])):  # then break it a little
        at = rng.randrange(len(text) + 1)
        move = rng.randrange(4)
        if move == 0:
            text = text[:at] + rng.choice(FRAGMENTS) + text[at:]
        elif move == 1:
            text = text[:at] + text[at + rng.randrange(1, 20) :]
        elif move == 2:
            text = text[:at]
        else:
            lines = text.splitlines(keepends=True)
            if lines:
                line = rng.randrange(len(lines))
                lines.insert(line, lines[line])
                text = "".join(lines)
    return text


def seeded(kind: str) -> st.SearchStrategy[str]:
    make = world_document if kind == "world" else scenes_document
    return st.integers(0, 2**32 - 1).map(lambda seed: render(random.Random(seed), make(random.Random(seed))))


def inputs(kind: str) -> st.SearchStrategy[str | bytes]:
    return st.one_of(
        seeded(kind),
        seeded(kind),  # twice as often as the others: it gets furthest into the loader
        st.text(max_size=120),
        st.binary(max_size=120),
        st.lists(st.sampled_from(FRAGMENTS + ["a", "b: c", "\n", " "]), max_size=30).map("".join),
    )


# --- the property --------------------------------------------------------------------------------

CODE = re.compile(r"[EW]\d{3}\Z")


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")


def _lines(content: str | bytes) -> int:
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    return max(len(text.splitlines()), content.count(b"\n" if isinstance(content, bytes) else "\n")) + 1


def check_load(root: Path, contents: dict[str, str | bytes]) -> World | WorldError:
    for relative, content in contents.items():
        _write(root / relative, content)
    try:
        world = load_world(root)
    except WorldError as error:
        assert error.diagnostics, "a WorldError with nothing in it"
        files = {str(root), str(root / "scenes"), *(str(root / relative) for relative in contents)}
        for diagnostic in error.diagnostics:
            location = diagnostic.location
            assert location.file in files, location
            assert location.line >= 1 and location.column >= 1, location
            relative = next((r for r in contents if str(root / r) == location.file), None)
            if relative is not None:
                assert location.line <= _lines(contents[relative]) + 1, (location, contents[relative])
            assert CODE.match(diagnostic.code), diagnostic.code
            assert diagnostic.message
            assert find_forbidden(str(diagnostic)) == -1, str(diagnostic)  # prints clean
        return error
    # Whatever loads also plays: narration, choices and one step never raise.
    assert world.start in world.scenes
    story = Story(world, seed=1)
    story.narration()
    choices = story.choices()
    if choices:
        story.choose(choices[0].id)
        story.narration()
    return world


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzzworld")
    (root / "scenes").mkdir()
    return root


def test_the_valid_base_world_loads(folder: Path) -> None:
    """The two halves the fuzzer keeps fixed are valid on their own, so each fault is the fuzzed file's."""
    assert isinstance(check_load(folder, {"world.yaml": VALID_WORLD, "scenes/main.yaml": VALID_SCENES}), World)


@FUZZ
@given(world_text=inputs("world"), scene_text=inputs("scenes"))
def test_any_world_yaml_or_scene_file_loads_or_gives_located_errors(
    folder: Path, world_text: str | bytes, scene_text: str | bytes
) -> None:
    check_load(folder, {"world.yaml": world_text, "scenes/main.yaml": VALID_SCENES})
    check_load(folder, {"world.yaml": VALID_WORLD, "scenes/main.yaml": scene_text})


def test_the_generator_reaches_valid_worlds_and_every_kind_of_error(folder: Path) -> None:
    """The structured generator is worth its examples: some worlds load, and errors of many kinds appear."""
    codes: set[str] = set()
    loaded = 0
    for seed in range(200):
        for contents in (
            {
                "world.yaml": render(random.Random(seed), world_document(random.Random(seed))),
                "scenes/main.yaml": VALID_SCENES,
            },
            {
                "world.yaml": VALID_WORLD,
                "scenes/main.yaml": render(random.Random(seed), scenes_document(random.Random(seed))),
            },
        ):
            result = check_load(folder, contents)
            if isinstance(result, World):
                loaded += 1
            else:
                codes |= {d.code for d in result.diagnostics}
    assert loaded >= 5
    assert len(codes) >= 15, sorted(codes)
