"""No control character from a world or a save reaches the terminal.

A world's text can hold ESC sequences (clear the screen, set the title, write the clipboard with
OSC 52), C1 controls (U+009B is a one-byte CSI) and bidi overrides (text that reads differently from
what it is). The loader refuses them in world text, and everything else that is printed (file names,
keys quoted in errors, a save's contents) goes through game.support.textsafe.clean. These tests run the real
CLI in a subprocess on worlds and saves that try every trick, and scan the bytes it writes.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from game.engine import Story
from game.saves import SaveStore, checksum
from game.world import load_world

# What must never reach a terminal: C0 controls but newline and tab, DEL, C1 controls, and the bidi
# embeddings, overrides and isolates. Written out here, apart from game.support.textsafe, on purpose.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

EVIL = "\x1b[2J\x1b]52;c;aGk=\x07\x9b31m\u202e\x85\x00"  # clear screen, clipboard, CSI, bidi, NEL, NUL
YAML_EVIL = "\\e[2J\\e]52;c;aGk=\\a\\x9b31m\\u202e\\N\\0"  # the same, as YAML double-quote escapes

GOOD_WORLD = """\
id: clean
title: Clean
start: dawn
variables:
  hope: {initial: 3, min: 0, max: 5, label: Hope}
  name: {initial: "Sam", label: Name}
status: [hope, name]
"""
GOOD_SCENES = """\
dawn:
  title: Dawn
  text: Light.
  choices:
    - {id: go, text: Go, to: dusk}
dusk:
  title: Dusk
  text: Dark.
  ending: {title: Night, kind: stay}
"""

CONDITION = 'to: dusk, if: "hope > \\e[0m"}'

# Each trick: (what it tries, world.yaml, {scene file name: content}).
TRICKS: list[tuple[str, str, dict[str, str]]] = [
    ("escapes in the title", GOOD_WORLD.replace("title: Clean", f'title: "Evil{YAML_EVIL}"'), {}),
    ("escapes in a key", GOOD_WORLD + f'"k{YAML_EVIL}": 1\n', {}),
    ("escapes in the id", GOOD_WORLD.replace("id: clean", f'id: "x{YAML_EVIL}"'), {}),
    ("bidi override in an unknown key", GOOD_WORLD + '"ti\\u202etle": x\n', {}),
    ("raw C1 and bidi characters", GOOD_WORLD.replace("title: Clean", "title: A\u009b31m\u202eB"), {}),
    ("NEL in a scene title", GOOD_WORLD, {"main.yaml": GOOD_SCENES.replace("title: Dawn", 'title: "Da\\Nwn"')}),
    ("escape in a condition", GOOD_WORLD, {"main.yaml": GOOD_SCENES.replace("to: dusk}", CONDITION)}),
    ("escape in a target", GOOD_WORLD, {"main.yaml": GOOD_SCENES.replace("to: dusk", f'to: "d{YAML_EVIL}"')}),
    ("bidi in a target", GOOD_WORLD, {"main.yaml": GOOD_SCENES.replace("to: dusk", 'to: "\\u202edusk"')}),
    ("raw ESC byte in a file", GOOD_WORLD + "author: a\x1b[2Jb\n", {}),
    ("a file name with escapes", GOOD_WORLD, {"main.yaml": GOOD_SCENES, f"x{EVIL.replace(chr(0), '')}.yaml": "a: [\n"}),
    ("a syntax error on an evil line", GOOD_WORLD + 'author: "\\e[2J\n', {}),
    ("an unknown key, typo'd", GOOD_WORLD + "titel\u202e: x\n", {}),
]


def run_cli(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=stdin.encode(),
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, **(env or {}), "NO_COLOR": "1"},
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
    return done.stdout + done.stderr


def assert_clean(output: bytes, what: str) -> None:
    text = output.decode("utf-8")  # also proves it is valid UTF-8
    bad = CONTROL.search(text)
    assert bad is None, f"{what}: U+{ord(bad.group()):04X} reached the terminal in {text!r}"


def make(root: Path, world: str, scenes: dict[str, str]) -> Path:
    (root / "scenes").mkdir(parents=True)
    (root / "world.yaml").write_text(world, encoding="utf-8")
    for name, content in (scenes or {"main.yaml": GOOD_SCENES}).items():
        (root / "scenes" / name).write_text(content, encoding="utf-8")
    return root


@pytest.mark.parametrize("trick", TRICKS, ids=[t[0] for t in TRICKS])
def test_a_world_that_tries_a_trick_prints_nothing_but_text(
    tmp_path: Path, trick: tuple[str, str, dict[str, str]]
) -> None:
    name, world, scenes = trick
    # The world folder's own name carries escapes too: errors quote it.
    root = make(tmp_path / f"w{EVIL.replace(chr(0), '')}", world, scenes)
    check = run_cli("check", str(root))
    assert b"error E0" in check, check  # refused, and said so
    assert_clean(check, f"check: {name}")
    assert_clean(run_cli("play", "--plain", "--choices", "1", "--seed", "1", str(root)), f"play: {name}")


def test_a_good_world_in_an_evil_folder_plays_clean(tmp_path: Path) -> None:
    root = make(tmp_path / f"w{EVIL.replace(chr(0), '')}", GOOD_WORLD, {})
    output = run_cli("check", str(root))
    assert b"2 scenes" in output and b"error" not in output
    assert_clean(output, "check")
    output = run_cli("play", "--plain", "--choices", "1", "--seed", "1", str(root))
    assert b"The end: Night" in output
    assert_clean(output, "play")
    output = run_cli("play", "--plain", str(root), stdin="1\n")
    assert b"The end: Night" in output
    assert_clean(output, "interactive play")


def evil_save(tmp_path: Path) -> tuple[Path, Path]:
    """A save anyone could write: escapes everywhere a string goes, the checksum recomputed."""
    world_root = make(tmp_path / "world", GOOD_WORLD, {})
    saves = tmp_path / "saves"
    store = SaveStore(saves)
    story = Story(load_world(world_root), seed=3)
    store.write("evil", story, 1.0)
    path = store.path_for("evil")
    data = json.loads(path.read_text())
    data["overrides"] = {"name": f"Sam{EVIL}"}  # a text variable shown in the status panel
    data["summary"]["status"] = {"Hope": 3, "Name": f"Sam{EVIL}"}  # what the replay will find: it resumes
    data["world"]["title"] = f"Clean{EVIL}"
    data["world"]["version"] = f"1{EVIL}"
    data["checksum"] = checksum(data)
    path.write_text(json.dumps(data))
    # And a save whose file name and scene title are tricks too.
    data["summary"]["scene_title"] = f"Dawn{EVIL}"
    data["checksum"] = checksum(data)
    (saves / f"x{EVIL.replace(chr(0), '')}.json").write_text(json.dumps(data))
    return world_root, saves


def test_a_save_full_of_escapes_prints_nothing_but_text(tmp_path: Path) -> None:
    world_root, saves = evil_save(tmp_path)
    listing = run_cli("saves", "--saves-dir", str(saves))
    assert b"evil" in listing
    assert_clean(listing, "saves")
    replay = run_cli("replay", str(saves / "evil.json"), "--world", str(world_root))
    assert b"holds a control character" in replay, replay  # the evil text never gets into play
    assert_clean(replay, "replay")
    as_json = run_cli("replay", str(saves / "evil.json"), "--world", str(world_root), "--json")
    assert_clean(as_json, "replay --json")


# --- the Textual UI --------------------------------------------------------------------------------


def screen_text(app: Any) -> str:
    """Every character the app would put on the terminal now: the text of each rendered segment."""
    return "\n".join("".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips())


def test_the_ui_shows_a_save_full_of_escapes_as_plain_text(tmp_path: Path) -> None:
    """The title, the load screen listing the evil saves, the refusal, a game and its ending."""
    from textual.widgets import OptionList

    from game.ui.app import IOApp

    world_root, saves = evil_save(tmp_path)
    seen: list[tuple[str, str]] = []

    async def main() -> None:
        app = IOApp(load_world(world_root), seed=1, saves_dir=saves, reveal=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            seen.append(("title", screen_text(app)))
            await pilot.press("l")
            await pilot.pause()
            seen.append(("load", screen_text(app)))
            slots = app.screen.query_one("#slots", OptionList)
            ids = [slots.get_option_at_index(i).id for i in range(slots.option_count)]
            assert ids.count("evil") == 1 and len(ids) == 1  # the file named with escapes is not a slot
            slots.highlighted = ids.index("evil")
            await pilot.press("enter")  # refused: the notice says why
            await pilot.pause()
            notices = "\n".join(str(notice.message) for notice in app._notifications)
            seen.append(("refusal", screen_text(app) + "\n" + notices))
            await pilot.press("escape", "escape")
            await pilot.pause()
            app.new_game()
            await pilot.pause()
            seen.append(("game", screen_text(app)))
            await pilot.press("1")  # to the ending
            await pilot.pause()
            seen.append(("ending", screen_text(app)))

    asyncio.run(main())
    assert [name for name, _ in seen] == ["title", "load", "refusal", "game", "ending"]
    assert "holds a control character" in seen[2][1], seen[2][1]
    for name, text in seen:
        bad = CONTROL.search(text)
        assert bad is None, f"UI {name} screen: U+{ord(bad.group()):04X} would reach the terminal in {text!r}"


def test_every_character_is_cleaned_as_the_rules_say() -> None:
    """clean() and clean_name() return printable text as it is without their expressions (compiling
    them was ~2 ms of every start): every character of the Basic Multilingual Plane and a few beyond,
    alone and among text, line breaks and tabs, is shown exactly as the expressions would show it."""
    from game.support import textsafe

    def shown(match: re.Match[str]) -> str:
        return f"<U+{ord(match.group()):04X}>"

    rules = re.compile(textsafe.FORBIDDEN)
    name_rules = re.compile(textsafe.FORBIDDEN_IN_NAME)
    for code in [*range(0x10000), 0x1F600, 0xE0001, 0xF0000, 0x10FFFF]:
        char = chr(code)  # and any character Python calls unprintable among text, line breaks and tabs
        for text in (char,) if char.isprintable() else (char, f"a\n{char}\tb"):
            assert textsafe.clean(text) == rules.sub(shown, text), hex(code)
            assert textsafe.clean_name(text) == name_rules.sub(shown, text), hex(code)
            match = rules.search(text)
            assert textsafe.find_forbidden(text) == (match.start() if match else -1), hex(code)
    assert CONTROL.search(textsafe.clean(EVIL)) is None and textsafe.clean("A line\n\tand more") == "A line\n\tand more"
