"""`io-game playtest WORLD --random N [--seed S]` or `--exhaustive`: find what players can and cannot reach.

Exit 0 when no run gets stuck, 1 when one does (so CI can run it), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.commands import add_world_argument, load_or_report, world_path

if TYPE_CHECKING:
    from game.world import World

HELP = "play a world many times at random (--random N) or explore every state (--exhaustive)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_world_argument(parser)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--random", type=int, metavar="N", help="N random playthroughs")
    mode.add_argument("--exhaustive", action="store_true", help="every reachable state, up to --max-states")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random playthroughs (default 0)")
    parser.add_argument("--max-steps", type=int, default=500, help="choices per random playthrough at most")
    parser.add_argument(
        "--max-states",
        type=int,
        default=None,
        metavar="N",
        help="states the exhaustive playtest explores exactly (default 50,000); past it, a coverage search",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="where run files go (stuck runs, witnesses; default: playtest-<world id>/)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument(
        "--report",
        nargs="?",
        const="",
        default=None,
        type=str,
        metavar="FILE.html",
        help="the playtest report over --random N runs (default 200): text or JSON here, a page in FILE.html"
        " and its JSON beside it (default: <--out>/report.html)",
    )


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


@contextmanager
def _progress(enabled: bool, label: str, total: int) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    columns = [TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,}/{task.total:,}")]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)

        def update(done: int, known: int) -> None:
            bar.update(task, completed=min(known, total))

        yield update


def run(args: argparse.Namespace) -> int:
    from game.support.textsafe import clean

    try:
        return _run(args)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): the CLI ends quietly, nothing failed to be written
    except OSError as exc:  # the run files could not be written
        where = clean(str(exc.filename)) if exc.filename else "the --out folder"
        print(f"io-game: cannot write {where}: {exc.strerror or exc}; choose another --out", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from game.authoring.playtest import EXHAUSTIVE_MAX_STATES, exhaustive_playtest, random_playtest
    from game.support.textsafe import clean

    world = load_or_report(world_path(args))
    if world is None:
        return 1
    out: Path = args.out if args.out is not None else Path(f"playtest-{world.id}")
    as_json = args.format == "json"

    if args.report is not None:
        return _report(world, args, out, as_json)
    if args.random is None and not args.exhaustive:
        print("io-game: choose --random N, --exhaustive or --report", file=sys.stderr)
        return 2

    if args.random is not None:
        if args.random < 1 or args.max_steps < 1:
            print("io-game: --random and --max-steps take a number above 0", file=sys.stderr)
            return 2
        with _progress(not as_json, "playing", args.random) as bar:
            report = random_playtest(
                world,
                args.random,
                args.seed,
                args.max_steps,
                out,
                (lambda done: bar(done, args.random)) if bar else None,
            )
        data = report.as_dict()
        if as_json:
            print(json.dumps(data, indent=1))
        else:
            _print_random(data, clean)
        return 1 if report.stuck else 0

    max_states = args.max_states if args.max_states and args.max_states > 0 else EXHAUSTIVE_MAX_STATES
    with _progress(not as_json, "exploring states", max_states) as bar:
        exhaustive = exhaustive_playtest(world, max_states, out, bar)
    data = exhaustive.as_dict()
    if as_json:
        print(json.dumps(data, indent=1))
    else:
        _print_exhaustive(data, exhaustive.exploration.complete, clean)
    return 1 if exhaustive.dead_ends or exhaustive.traps else 0


def _report(world: World, args: argparse.Namespace, out: Path, as_json: bool) -> int:
    from game.authoring.report import DEFAULT_MAX_STATES, DEFAULT_RUNS, playtest_report, render_html, render_text
    from game.support.textsafe import clean

    runs = DEFAULT_RUNS if args.random is None else args.random
    if runs < 1 or args.max_steps < 1:
        print("io-game: --random and --max-steps take a number above 0", file=sys.stderr)
        return 2
    max_states = args.max_states if args.max_states is not None and args.max_states >= 0 else DEFAULT_MAX_STATES
    page = Path(args.report) if args.report else out / "report.html"
    with _progress(not as_json, "playing", runs) as bar:
        data = playtest_report(
            world, runs, args.seed, args.max_steps, max_states, (lambda done: bar(done, runs)) if bar else None
        )
    from game.support.atomic import atomic_write

    page.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(page, render_html(data, world).encode("utf-8"))
    atomic_write(page.with_suffix(".json"), (json.dumps(data, indent=1) + "\n").encode("utf-8"))
    if as_json:
        print(json.dumps(data, indent=1))
    else:
        print(render_text(data, clean))
        print(f"  report: {clean(str(page))} (and {clean(str(page.with_suffix('.json')))})")
    return 1 if data["runs"]["stuck"] else 0


def _print_random(data: dict[str, Any], clean: Callable[[str], str]) -> None:
    print(f"{clean(data['world'])}: {data['runs']:,} random playthroughs, {data['steps']:,} choices")
    print(f"  scenes reached:  {_pct(data['scenes']['reached'], data['scenes']['total'])}")
    print(f"  choices taken:   {_pct(data['choices']['taken'], data['choices']['total'])}")
    print(f"  endings reached: {_pct(data['endings']['reached'], data['endings']['total'])}")
    for scene, count in sorted(data["endings"]["runs"].items(), key=lambda item: -item[1]):
        print(f"    {clean(scene)}: {count:,} runs ({100 * count / data['runs']:.1f}%)")
    if data["scenes_never_reached"]:
        print("  scenes never reached: " + ", ".join(clean(s) for s in data["scenes_never_reached"]))
    if data["choices_never_taken"]:
        print("  choices never taken: " + ", ".join(clean(c) for c in data["choices_never_taken"]))
    if data["too_long"]:
        print(f"  {data['too_long']:,} playthroughs still going after --max-steps (loops?)")
    for stuck in data["stuck"]:
        print(
            f"  STUCK in scene '{clean(stuck['scene'])}' after {len(stuck['shrunk'])} choices "
            f"(shrunk from {stuck['steps']}): {', '.join(clean(c) for c in stuck['shrunk'])}"
        )
        if stuck["file"]:
            # A golden run file: `replay` shows its transcript, `replay --check` confirms it still gets stuck.
            print(f"    replay: io-game replay {clean(stuck['file'])}")
            print(f"    check:  io-game replay --check {clean(stuck['file'])}")
        picks = ",".join(clean(c) for c in stuck["shrunk"])
        print(f"    watch:  io-game play --plain --seed {stuck['seed']} --choices {picks} {clean(data['world_path'])}")
    if not data["stuck"]:
        print("  no playthrough got stuck")


def _print_exhaustive(data: dict[str, Any], complete: bool, clean: Callable[[str], str]) -> None:
    print(
        f"{clean(data['world'])}: {data['states']:,} states, {data['transitions']:,} transitions"
        + ("" if complete else f" (stopped at the bound of {data['max_states']:,})")
    )
    if not complete:
        print(
            "  the world has more states than the bound: scenes not reached below may still be reachable;"
            f" a coarse search ({data['coarse_states']:,} states) looked for them. Raise --max-states to see more."
        )
    print(f"  scenes reached:  {_pct(data['scenes']['reached'], data['scenes']['total'])}")
    endings = data["endings"]
    print(f"  endings reached: {_pct(len(endings['reached']), len(endings['reached']) + len(endings['never']))}")
    for witness in data["witnesses"]:
        if witness["kind"] == "scene" and witness["file"] is None:
            continue  # every scene's run would be as long as the world: endings and problems only
        if witness["choices"] is None:
            print(f"    {witness['kind']} '{clean(witness['scene'])}': reached, but no seed replays it")
        else:
            steps = witness["steps"]
            print(
                f"    {witness['kind']} '{clean(witness['scene'])}': {steps} choice{'' if steps == 1 else 's'}"
                + (" (random search: short, not proved shortest)" if witness["searched"] else "")
                + (f" -> {clean(witness['file'])}" if witness["file"] else "")
            )
    never = "never reached" if complete else "not reached within the bound"
    for scene in data["unreachable"]:
        print(f"  {never}: {clean(scene)}" + (" (no run can reach it)" if complete else ""))
    if complete:
        for key in data["choices_never_available"]:
            print(f"  choice never available: {clean(key)}")
    for key, why in data["why_never_available"].items() if complete else ():
        print(f"    {clean(key)}: {clean(why)}")
    for dead in data["dead_ends"]:
        print(f"  DEAD END in scene '{clean(dead['scene'])}' after {dead['steps']} choices -> {dead['file']}")
    for trap in data["traps"]:
        loop = ", ".join(clean(s) for s in trap["loop"])
        print(
            f"  TRAP from scene '{clean(trap['scene'])}' after {trap['steps']} choices: the run can go round "
            f"{loop} forever but never reach an ending -> {trap['file']}"
        )
    proof = data["dead_end_proof"]
    if not proof["unproved"] and not data["dead_ends"]:
        print(
            f"  no dead ends: proved for all {proof['proved']} scenes that are not endings, whatever the variables hold"
        )
    else:
        print(f"  dead ends impossible in {proof['proved']} scenes (proved whatever the variables hold); the others:")
        for scene, why in proof["unproved"].items():
            print(f"    {clean(scene)}: {clean(why)}")
        if not data["dead_ends"]:
            print("  no dead ends" + ("" if complete else " within the states explored"))
