"""`io-game new DIR [--id ID] [--title TITLE]`: write a small valid world to start from."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HELP = "write a small, valid world to start from"

# The schemas are copied into the world (generated from the loader's tables, as schema/ is), and the
# first lines point at them relative to each file: moving or copying the folder keeps them working.
SCHEMA_FOLDER = ".schema"
WORLD_SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_FOLDER}/world.schema.json\n"
SCENES_SCHEMA_LINE = f"# yaml-language-server: $schema=../{SCHEMA_FOLDER}/scenes.schema.json\n"

WORLD_YAML = """\
# The world: its id (saves record it), title, start scene and variables. See docs/authoring.md.
id: {id}
title: {title}
version: 0.1.0
start: gate
variables:
  courage: {{initial: 3, min: 0, max: 5, label: Courage}}
  has_key: {{initial: false, label: Found the key}}
status: [courage]
"""

SCENES_YAML = """\
# Scenes: each key is a scene id. Run `io-game check {dir}` after every change.
gate:
  title: The gate
  text: |
    A garden gate, locked. Ivy has grown over the lock.
  variants:
    - if: visits("gate") > 1
      text: |
        The gate again. It has not moved.
  choices:
    - id: search
      text: Search the ivy
      to: ivy
      if: not has_key
    - id: open
      text: Unlock the gate
      to: garden
      if: has_key
    - id: leave
      text: Walk away
      to: road
      do: courage -= 1

ivy:
  title: In the ivy
  text: |
    Your fingers find something cold and toothed among the leaves: a key.
  choices:
    - id: take
      text: Take the key
      to: gate
      do: [has_key = true, courage += 1]

garden:
  title: The garden
  text: |
    Inside, the garden is older than the house it belonged to, and still in flower.
  ending: {{title: Inside, kind: good}}

road:
  title: The road
  text: |
    You walk back down the road. The gate stays a question.
  ending: {{title: Another day, kind: open}}
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", type=Path, help="the folder to create (must not exist or be empty)")
    parser.add_argument("--id", default=None, help="the world id (default: from the folder name)")
    parser.add_argument("--title", default=None, help="the world's title (default: from the folder name)")
    parser.add_argument(
        "--no-schema", action="store_true", help="leave out the editor schema (.schema/) and the lines naming it"
    )


def _world_id(name: str) -> str:
    text = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")[:64]
    return text or "my_world"


def run(args: argparse.Namespace) -> int:
    from game.support.ids import is_id
    from game.support.textsafe import clean

    directory: Path = args.directory
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        print(f"io-game: {clean(str(directory))} already exists and is not empty; name a new folder", file=sys.stderr)
        return 2
    world_id = args.id or _world_id(directory.resolve().name)
    if not is_id(world_id):
        print(f"io-game: --id {world_id!r}: use lowercase letters, digits and _", file=sys.stderr)
        return 2
    title = args.title or directory.resolve().name.replace("_", " ").replace("-", " ").strip().title() or "My world"
    if any(ch in title for ch in "\n\r\t") or len(title) > 200:
        print("io-game: --title must be one short line", file=sys.stderr)
        return 2
    try:
        (directory / "scenes").mkdir(parents=True, exist_ok=True)
        world_header = scenes_header = ""
        if not args.no_schema:
            from game.authoring.schema import write

            write(directory / SCHEMA_FOLDER)
            world_header, scenes_header = WORLD_SCHEMA_LINE, SCENES_SCHEMA_LINE
        title_yaml = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
        (directory / "world.yaml").write_text(
            world_header + WORLD_YAML.format(id=world_id, title=title_yaml), encoding="utf-8"
        )
        (directory / "scenes" / "start.yaml").write_text(
            scenes_header + SCENES_YAML.format(dir=directory.as_posix()), encoding="utf-8"
        )
    except OSError as exc:
        print(f"io-game: cannot write the world: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"wrote a new world in {clean(str(directory))}: world.yaml and scenes/start.yaml")
    print(f"  check it:    io-game check {clean(str(directory))}")
    print(f"  play it:     io-game play {clean(str(directory))}")
    print(f"  playtest it: io-game playtest {clean(str(directory))} --exhaustive")
    return 0
