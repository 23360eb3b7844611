"""`io-game replay`: replay a save (transcript, step by step, JSON, Markdown), and golden runs.

io-game replay [SAVE] [--world W] [--step] [--to N] [--json] [--export md FILE]
io-game replay --check RUN... [--bless] [--world W]
io-game replay --record OUT.json --world W --seed S --choices 1,2,descend [--from SCENE] [--set V=X]
io-game replay SAVE --record OUT.json [--world W]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from game.commands import add_saves_dir, saves_dir

if TYPE_CHECKING:
    from game.engine.replay import ReplayCursor
    from game.engine.run import Run
    from game.engine.story import Story
    from game.saves import SaveFile
    from game.world.model import World

HELP = "replay a save's transcript (--step, --to, --json, --export md); check, bless and record golden runs"


class Failure(Exception):
    """A one-line failure for the player; exit code 1."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "save", nargs="?", help="a save slot (see `io-game saves`) or a save file; default: the newest save"
    )
    parser.add_argument("--world", type=Path, help="the world folder (default: worlds/io, or a golden run's own)")
    parser.add_argument("--step", action="store_true", help="wait for Enter between steps")
    parser.add_argument("--to", type=int, metavar="N", help="stop after step N")
    parser.add_argument("--json", action="store_true", help="one JSON object a step, on stdout")
    parser.add_argument("--export", nargs=2, metavar=("FORMAT", "FILE"), help="write the transcript: md FILE")
    parser.add_argument("--check", nargs="+", type=Path, metavar="RUN", help="replay golden runs; fail with a diff")
    parser.add_argument("--bless", action="store_true", help="with --check: accept what the runs give now")
    parser.add_argument("--record", type=Path, metavar="OUT", help="write a golden run (from SAVE or --choices)")
    parser.add_argument("--seed", type=int, default=0, help="with --record --choices: the run's seed (default 0)")
    parser.add_argument("--choices", help="with --record: the choices (numbers or ids, comma-separated)")
    parser.add_argument("--from", dest="start", metavar="SCENE", help="with --record --choices: start here")
    parser.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="VAR=VALUE", help="with --record --choices"
    )
    parser.add_argument("--description", default="", help="with --record: what the golden run is for")
    add_saves_dir(parser)


def run(args: argparse.Namespace) -> int:
    from game.authoring.golden import GoldenError
    from game.saves import SaveError

    try:
        if args.bless and not args.check:
            raise Failure("--bless goes with --check RUN...: io-game replay --check tests/runs/*.json --bless")
        if args.check:
            return _check(args.check, args.world, args.bless)
        if args.record is not None:
            return _record(args)
        return _replay(args)
    except (Failure, SaveError, GoldenError) as exc:
        print(f"io-game: {exc}", file=sys.stderr)
        return 1


# --- helpers ----------------------------------------------------------------------------------------


def _load(path: Path) -> World:
    from game.support.textsafe import clean
    from game.world import WorldError, load_world

    try:
        return load_world(path)
    except WorldError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        raise Failure(f"the world at {clean(str(path))} has errors; fix them and try again") from None


def _find_save(args: argparse.Namespace) -> SaveFile:
    from game.saves import SaveError, SaveStore, read_save
    from game.support.textsafe import clean

    name: str | None = args.save
    if name is not None and (name.endswith(".json") or "/" in name or "\\" in name):
        return read_save(Path(name))  # a file the player named on the command line
    store = SaveStore(saves_dir(args))
    if name is None:
        latest = store.latest()
        if latest is None:
            raise SaveError(f"there are no saves in {clean(str(store.folder))}; play first, or name a save file")
        name = latest.slot
    if not store.exists(name):
        raise SaveError(f"there is no save '{clean(name)}' in {clean(str(store.folder))}; `io-game saves` lists them")
    return store.read(name)


def _world_for_save(args: argparse.Namespace, save: SaveFile) -> World:
    from game.saves import SaveError, check_world
    from game.support.paths import default_world

    world = _load(args.world if args.world is not None else default_world())
    try:
        check_world(save, world)
    except SaveError as exc:
        raise SaveError(f"{exc} (pass its folder with --world)") from None
    return world


# --- replaying a save -------------------------------------------------------------------------------


def _replay(args: argparse.Namespace) -> int:
    from game.authoring.golden import is_golden_file
    from game.engine.replay import ReplayCursor, markdown
    from game.saves import resume
    from game.support.atomic import atomic_write
    from game.support.textsafe import clean

    if args.to is not None and args.to < 0:
        raise Failure("--to takes a step number from 0 up")
    named = Path(args.save) if args.save is not None and args.save.endswith(".json") else None
    if named is not None and is_golden_file(named):
        return _replay_run_file(args, named)
    save = _find_save(args)
    world = _world_for_save(args, save)
    resume(world, save)  # refuses a tampered save before anything is shown
    if save.run.world_hash != world.content_hash:
        print(
            f"io-game: note: the world changed since this save (saved on {clean(save.world_version)}, now "
            f"{clean(world.version)}); replaying on the world as it is now",
            file=sys.stderr,
        )
    if args.export is not None:
        kind, target = args.export
        if kind != "md":
            raise Failure(f"--export {clean(kind)}: the only export format is md (Markdown)")
        try:
            atomic_write(Path(target), markdown(world, save.run, args.to).encode("utf-8"))
        except OSError as exc:
            raise Failure(f"could not write {clean(target)}: {exc.strerror or exc}") from None
        print(f"Wrote the transcript of '{clean(save.info.slot)}' to {clean(target)}.")
        return _diverged(ReplayCursor(world, save.run), args.to)
    return _show(ReplayCursor(world, save.run), args)


def _show(cursor: ReplayCursor, args: argparse.Namespace) -> int:
    """The run as asked: JSON lines, step by step, or the transcript; then where it stopped playing."""
    from game.engine.replay import cursor_transcript
    from game.engine.transcript import WIDTH

    if args.json:
        _emit_json(cursor, args.to, sys.stdout)
    elif args.step:
        return _step_through(cursor, args.to, sys.stdin, sys.stdout, args)
    else:
        for chunk in cursor_transcript(cursor, args.to, WIDTH):
            sys.stdout.write(chunk)
    return _diverged(cursor, args.to)


def _replay_run_file(args: argparse.Namespace, path: Path) -> int:
    """A golden run, or a witness or stuck run that playtest wrote: its transcript (or --json,
    --step) on the world it names (the folder recorded beside it, or --world)."""
    from game.authoring.golden import read_golden
    from game.engine.replay import ReplayCursor
    from game.support.textsafe import clean

    golden = read_golden(path)
    if args.world is not None:
        folder = args.world
    elif golden.world_hint is not None:
        folder = path.parent / golden.world_hint
    else:
        raise Failure(f"{clean(str(path))} does not say where its world is; pass its folder with --world")
    world = _load(folder)
    if world.id != golden.world_id:
        raise Failure(f"{clean(str(path))} is a run of '{clean(golden.world_id)}', not '{clean(world.id)}'")
    return _show(ReplayCursor(world, golden.run), args)


def _diverged(cursor: ReplayCursor, upto: int | None) -> int:
    """Say where a run stopped playing on a changed world (exit 1), unless --to stopped before it."""
    from game.support.textsafe import clean

    divergence = cursor.divergence
    if divergence is None or (upto is not None and upto < divergence.index):
        return 0
    good = divergence.index - 1
    print(
        f"io-game: the world changed since this save: {clean(str(divergence))}; the first {good} step(s) "
        f"still play (the game can go on from step {good})",
        file=sys.stderr,
    )
    return 1


def _emit_json(cursor: ReplayCursor, upto: int | None, out: TextIO) -> None:
    from game.engine.replay import step_record

    last = len(cursor) if upto is None else min(upto, len(cursor))
    cursor.go(0)
    while cursor.position < last:
        cursor.next()
        out.write(json.dumps(step_record(cursor)) + "\n")
    divergence = cursor.divergence
    if divergence is not None and last == len(cursor):
        record = {
            "diverged": {
                "step": divergence.index,
                "scene": divergence.step.scene,
                "choice": divergence.step.choice,
                "reason": divergence.reason,
            }
        }
        out.write(json.dumps(record) + "\n")


def _step_through(cursor: ReplayCursor, upto: int | None, inp: TextIO, out: TextIO, args: argparse.Namespace) -> int:
    """Show one step at a time; Enter goes on, q stops. On a changed world, offer to play on."""
    from game.engine.transcript import chosen_line, header, scene_block
    from game.support.textsafe import clean

    last = len(cursor) if upto is None else min(upto, len(cursor))
    story = cursor.go(0)
    out.write(header(story) + "\n\n")
    waiting = True
    while cursor.position < last:
        out.write(scene_block(story) + "\n")
        if waiting:
            out.write(f"[step {cursor.position + 1} of {last}: Enter for the next step, q to stop] ")
            out.flush()
            line = inp.readline()
            if not line:
                waiting = False  # end of input: show the rest without waiting
            elif line.strip().lower() in ("q", "quit"):
                out.write("\n")
                return 0
        change = cursor.next()
        assert change is not None
        out.write("\n" + chosen_line(change.number, change.choice_text) + "\n")
        for item in change.describe():
            out.write(f"    {item}\n")
        out.write("\n")
    out.write(scene_block(story) + "\n")
    divergence = cursor.divergence
    if divergence is None or last < len(cursor) or (upto is not None and upto < divergence.index):
        return 0
    good = divergence.index - 1
    out.write(f"\nThe world changed since this save: {clean(str(divergence))}.\n")
    if not waiting:
        return 1
    out.write(f"Play on from step {good}? [y/N] ")
    out.flush()
    if inp.readline().strip().lower() not in ("y", "yes"):
        return 1
    from game.play.plain import notice_printer, play_interactive
    from game.play.session import Session
    from game.saves import SaveStore

    session = Session(cursor.world, SaveStore(saves_dir(args)), seed=cursor.run.seed, notify=notice_printer())
    session.fork(cursor.fork(good))
    return play_interactive(session, inp, out)


# --- golden runs ------------------------------------------------------------------------------------


def _check(paths: list[Path], world_path: Path | None, bless: bool) -> int:
    from game.authoring.golden import GoldenError, bless_golden, check_golden, read_golden
    from game.support.textsafe import clean

    worlds: dict[Path, World] = {}
    failed = 0
    for path in paths:
        name = clean(str(path))
        try:
            golden = read_golden(path)
            if world_path is not None:
                folder = world_path
            elif golden.world_hint is not None:
                folder = path.parent / golden.world_hint
            else:
                raise GoldenError(f"golden run {name} does not say where its world is; pass --world")
            key = folder.resolve()
            if key not in worlds:
                worlds[key] = _load(folder)
            world = worlds[key]
            problems = check_golden(golden, world)
        except (GoldenError, Failure) as exc:
            failed += 1
            print(f"FAIL {name}: {exc}")
            continue
        if not problems:
            print(f"ok   {name}")
            continue
        if bless and bless_golden(golden, world):
            print(f"BLESSED {name}: {problems[0]}" + (" (and more)" if len(problems) > 1 else ""))
            continue
        failed += 1
        print(f"FAIL {name}: {problems[0]}")
        for line in problems[1:]:
            print(f"    {line}")
        if bless:
            print("    (a run that no longer plays cannot be blessed: record it again with --record)")
    total = len(paths)
    print(f"{total - failed} of {total} golden run(s) pass." if failed else f"All {total} golden run(s) pass.")
    return 1 if failed else 0


def _record(args: argparse.Namespace) -> int:
    from game.authoring.golden import golden_data, render_golden
    from game.commands.play import parse_override
    from game.engine import Story
    from game.support.atomic import atomic_write
    from game.support.textsafe import clean

    out: Path = args.record
    if args.choices is None:  # from a save: the one named, else the newest
        save = _find_save(args)
        world = _world_for_save(args, save)
        run = save.run
    else:
        if args.save is not None:
            raise Failure("--record takes a SAVE or --choices, not both")
        if args.world is None:
            raise Failure("--record --choices needs the world: --world FOLDER")
        world = _load(args.world)
        try:
            overrides = [parse_override(item) for item in args.overrides]
            story = Story(world, args.seed, start=args.start, overrides=overrides)
        except ValueError as exc:
            raise Failure(str(exc)) from None
        run = _play_picks(story, [p.strip() for p in args.choices.split(",") if p.strip()])
    data = golden_data(world, run, out, args.description)
    try:
        atomic_write(out, render_golden(data).encode("utf-8"))
    except OSError as exc:
        raise Failure(f"could not write {clean(str(out))}: {exc.strerror or exc}") from None
    ending = data["expect"]["ending"]
    print(
        f"Recorded {len(run.steps)} step(s) to {clean(str(out))}: ends in '{data['expect']['scene']}'"
        + (f" ({clean(ending)})" if ending else "")
    )
    return 0


def _play_picks(story: Story, picks: list[str]) -> Run:
    from game.play.plain import resolve_pick

    for index, pick in enumerate(picks, 1):
        if story.is_over:
            raise Failure(f"the run ended before step {index}; drop the choices after it")
        choices = story.choices()
        chosen = resolve_pick(choices, pick)
        if chosen is None:
            offered = ", ".join(c.id for c in choices) or "nothing"
            raise Failure(f"step {index}: no choice {pick!r} in scene '{story.state}'; it offers: {offered}")
        story.choose(chosen.id)
    return story.run
