"""`io-game saves`: list the saves, delete one, or check which would break on a world as it is now."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from game.commands import add_saves_dir, load_or_report, saves_dir

if TYPE_CHECKING:
    from game.saves import SaveStore

HELP = "list saves; --check WORLD says which saves would break on the world as it is now"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check",
        metavar="WORLD",
        type=Path,
        help="replay every save of this world against it and list those that would break",
    )
    parser.add_argument("--delete", metavar="SLOT", help="delete a save")
    add_saves_dir(parser)


def run(args: argparse.Namespace) -> int:
    from game.saves import SaveError, SaveStore

    folder = saves_dir(args)
    try:
        store = SaveStore(folder)
        if args.delete is not None:
            store.delete(args.delete)
            from game.support.textsafe import clean

            print(f"Deleted the save '{clean(args.delete)}'.")
            return 0
    except SaveError as exc:
        print(f"io-game: {exc}", file=sys.stderr)
        return 1
    if args.check is not None:
        return _check(store, args.check)
    return _list(store)


def _list(store: SaveStore) -> int:
    from game.support.played import played
    from game.support.textsafe import clean
    from game.support.values import status_value

    infos = store.list()
    where = clean(str(store.folder))
    if not infos:
        print(f"No saves in {where}.")
        return 0
    print(f"Saves in {where} (newest first):")
    broken = 0
    width = max(len(info.slot) for info in infos)  # slots are [a-z0-9_-]: one character a column
    for info in infos:
        if info.broken:
            broken += 1
            print(f"  {clean(info.slot):<{width}} BROKEN: {clean(info.error or '')}")
            continue
        status = ", ".join(f"{clean(label)} {clean(status_value(value))}" for label, value in info.status.items())
        where_now = f"The end: {info.ending}" if info.ending else info.scene_title
        print(
            f"  {clean(info.slot):<{width}} {clean(info.world_title)} | {clean(where_now)} | {status} | "
            f"{info.steps} step{'' if info.steps == 1 else 's'}, played {played(info.played_seconds)} | "
            f"{info.updated.astimezone().strftime('%Y-%m-%d %H:%M')}"
        )
    return 1 if broken else 0


def _check(store: SaveStore, world_path: Path) -> int:
    from game.saves import SaveError, read_save, resume
    from game.support.textsafe import clean

    world = load_or_report(world_path)
    if world is None:
        return 1
    infos = store.list()
    print(
        f"Checking the saves in {clean(str(store.folder))} against {clean(world.id)} {clean(world.version)} "
        f"({clean(str(world_path))}):"
    )
    checked = breaking = others = 0
    for info in infos:
        name = clean(info.slot)
        if info.broken:
            checked += 1
            breaking += 1
            print(f"  BROKEN  {name}: {clean(info.error or '')}")
            continue
        if info.world_id != world.id:
            others += 1
            continue
        checked += 1
        try:
            story, divergence = resume(world, read_save(info.path, info.slot))
        except SaveError as exc:
            breaking += 1
            print(f"  BREAKS  {name}: {clean(str(exc))}")
            continue
        if divergence is not None:
            breaking += 1
            good = divergence.index - 1
            print(f"  BREAKS  {name}: {clean(str(divergence))}; the first {good} of {info.steps} steps still play")
        else:
            # What the replay gives, not what the file claims.
            where = f"'{clean(story.scene.title)}'" + (
                f", the end: {clean(story.ending.title)}" if story.ending else ""
            )
            print(f"  ok      {name}: all {info.steps} steps play, to {where}")
    if others:
        print(f"  ({others} save(s) of other worlds not checked)")
    if not checked:
        print(f"No saves of the world '{clean(world.id)}' here.")
        return 0
    print(f"{breaking} of {checked} save(s) would break." if breaking else f"All {checked} save(s) play.")
    return 1 if breaking else 0
