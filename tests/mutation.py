"""The mutation score of the core: `python -m tests.mutation [MODULE ...] [--jobs N]`.

mutmut (3.x, the `mutation` extra) mutates one core module at a time and runs, for each mutant, the
tests that exercise it: the test files listed for that module under [tool.io-game.mutation] in
pyproject.toml, narrowed by mutmut to those that call the mutated function. Each module runs in its
own copy of the project under .mutation/<module>/ (results are kept there, so a second run only
retests what changed), at a low priority (nice 10, --nice), on every core unless --jobs says otherwise.

The report, .mutation/report.md, gives the score per module and lists every surviving mutant with
its diff. docs/testing.md records today's figures and why each survivor left is harmless.
Never part of CI (.ci/run): a full run takes tens of minutes.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import fnmatch
import importlib.util
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
COPIED = ("game", "tests", "bench", "worlds", "schema", "docs", "README.md", "pyproject.toml")
# mutmut's exit codes per mutant, grouped: a mutant is detected when a test fails or it times out.
DETECTED = {1: "killed", 3: "killed", 36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout"}
SURVIVED = {0: "survived", 5: "no tests", 33: "no tests"}
TIMED_OUT = {code for code, status in DETECTED.items() if status == "timeout"}


def modules_to_tests() -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(config["tool"]["io-game"]["mutation"]["modules"])


def slug(module: str) -> str:
    return re.sub(r"[^\w]+", "_", module.removesuffix(".py")).strip("_")


def prepare(module: str, tests: list[str]) -> Path:
    """A copy of the project whose [tool.mutmut] mutates `module` only, with `tests` only."""
    where = WORK / slug(module)
    where.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source, target = ROOT / name, where / name
        if source.is_dir():
            shutil.rmtree(target, ignore_errors=True)  # a file deleted here is deleted there too
            shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    text = (where / "pyproject.toml").read_text(encoding="utf-8")
    section = re.search(r"^\[tool\.mutmut\]\n(?:(?!^\[).*\n?)*", text, re.MULTILINE)
    assert section is not None, "pyproject.toml has no [tool.mutmut] section"
    body = section.group()
    body = re.sub(r"^only_mutate = .*$", f"only_mutate = {json.dumps([module])}", body, flags=re.MULTILINE)
    # Each mutant's tests run fastest first (the plugin below): most mutants are killed by a quick test.
    body = re.sub(
        r"^pytest_add_cli_args = \[(.*)\]$",
        r'pytest_add_cli_args = [\1, "-p", "tests.mutation"]',
        body,
        flags=re.MULTILINE,
    )
    body = re.sub(
        r"^pytest_add_cli_args_test_selection = .*$",
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
        body,
        flags=re.MULTILINE,
    )
    (where / "pyproject.toml").write_text(text.replace(section.group(), body), encoding="utf-8")
    freshen(where, module)
    return where


def freshen(where: Path, module: str) -> None:
    """Mark each file of `module` (a file or a glob) in the copy at `where` as just changed.

    mutmut makes a file's mutants again only when its source is newer than them, and the copy keeps
    the worktree's times (copy2): a source older than mutants made from other code (results copied
    from another worktree, or older code checked out) would have its old mutants tested. Made again,
    mutmut keeps the results of every function whose code is the same (by its hash): the cost is
    only the making (about 20 CPU-seconds for the loader, against minutes for any run)."""
    for path in where.glob(module):
        if path.is_file():
            os.utime(path)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A pytest hook (`-p tests.mutation`, mutmut's runs only): run the quickest tests first, by the
    durations mutmut measured, so that a killed mutant stops (-x) at its first failing test soon."""
    stats = Path("mutmut-stats.json")  # mutmut runs the tests in mutants/, beside its stats
    if stats.is_file():
        durations = json.loads(stats.read_text(encoding="utf-8")).get("duration_by_test", {})
        items.sort(key=lambda item: durations.get(item.nodeid, 0.0))


NOT_INSTALLED = "mutation: mutmut is not installed: install it with .venv/bin/pip install -e '.[mutation]'"


def lowered(nice: int) -> None:
    """In the child (start_new_session: a session of its own), before mutmut starts: its whole
    session niced. Linux schedules sessions as groups (autogroup): a niced process competes with
    other sessions as if it were not niced, so `nice` alone left benchmarks and test runs beside a
    mutation run slowed as by a nice-0 one. Without autogroup (the file is absent) `nice` does it."""
    try:
        with open("/proc/self/autogroup", "w", encoding="ascii") as group:
            group.write(str(nice))
    except OSError:
        pass


def mutmut() -> str:
    """mutmut's command, beside this Python; it must also be importable here (GENERATE imports it)."""
    found = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or shutil.which("mutmut")
    if found is None or importlib.util.find_spec("mutmut") is None:
        sys.exit(NOT_INSTALLED)
    return found


# mutmut 3.8.1 (pinned) has no command that only generates the mutants; a sample needs their names.
GENERATE = (
    "import os; from mutmut.__main__ import copy_src_dir, copy_also_copy_files, setup_source_paths, create_mutants; "
    "os.makedirs('mutants', exist_ok=True); copy_src_dir(); copy_also_copy_files(); setup_source_paths(); "
    "create_mutants(1)"
)


def read_json(path: Path) -> dict[str, Any]:
    """A JSON file mutmut may be writing at this moment: read again until it is whole."""
    for _ in range(50):
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return data
        except json.JSONDecodeError:
            time.sleep(0.1)
    raise SystemExit(f"mutation: {path} is not JSON")


def results(where: Path, module: str) -> dict[str, dict[str, int | None]]:
    """Each mutated file of `module` (a file or a glob): its mutants and their exit codes so far."""
    found = {}
    for meta in sorted((where / "mutants").rglob("*.py.meta")):
        name = meta.relative_to(where / "mutants").as_posix().removesuffix(".meta")
        if fnmatch.fnmatch(name, module):
            found[name] = dict(read_json(meta)["exit_code_by_key"])
    return found


def forget_survivors(where: Path, module: str, names: set[str] | None = None) -> None:
    """Mark the mutants not detected so far (or those in `names`, whatever their result) as unchecked:
    a test added since may kill them now.

    mutmut keeps every recorded result and reruns only unchecked mutants (or those named); detected
    mutants keep theirs, as a new test cannot bring a killed mutant back.
    """
    # mutmut maps each function to the tests that call it once, and then only for tests it has not
    # seen: a function added to the code since would have "no tests". Without its stats file it maps
    # them all again, running the test files (results stay: a changed function's are reset by the
    # hashes kept beside them, in the .meta files).
    (where / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    for meta in sorted((where / "mutants").rglob("*.py.meta")):
        name = meta.relative_to(where / "mutants").as_posix().removesuffix(".meta")
        if not fnmatch.fnmatch(name, module):
            continue
        data = json.loads(meta.read_text(encoding="utf-8"))
        codes = data["exit_code_by_key"]
        data["exit_code_by_key"] = {
            key: (code if (names is None and code in DETECTED) or (names is not None and key not in names) else None)
            for key, code in codes.items()
        }
        meta.write_text(json.dumps(data, indent=4), encoding="utf-8")


def sample(where: Path, module: str, size: int) -> set[str]:
    """`size` mutants of `module` drawn with a fixed seed: the same ones every time."""
    subprocess.run([sys.executable, "-c", GENERATE], cwd=where, capture_output=True, check=True)
    names = sorted(name for codes in results(where, module).values() for name in codes)
    return set(random.Random(18).sample(names, min(size, len(names))))


def run(
    module: str,
    tests: list[str],
    jobs: int,
    size: int | None,
    nice: int,
    recheck: bool = False,
    patterns: list[str] | None = None,
    everything: bool = False,
) -> dict[str, dict[str, int | None]]:
    """Mutate `module` (a file, or a glob such as game/engine/*) at a low priority (`nice`).
    With `recheck`, only the mutants checked and not detected are checked again; with `patterns`
    (`--only`), only those of them whose names match (a survivor costs every test mapped to it).
    With `everything` (`--recheck-all`), every mutant whose name matches, detected ones too."""
    mutmut()  # before anything is copied or made: said in one line when it is missing
    where = prepare(module, tests)
    chosen = sample(where, module, size) if size else set()
    if recheck or everything:
        # The mutants as the code is now, first: a function added or changed since the last run has
        # new mutants (not checked), and mutmut resets a changed function's results; without this
        # the results read below would be the old code's, and no pattern would match the new ones.
        subprocess.run([sys.executable, "-c", GENERATE], cwd=where, capture_output=True, check=True)
        chosen = to_recheck(results(where, module), patterns, everything)
        if not chosen:
            return results(where, module)
        forget_survivors(where, module, chosen)  # (to map the tests again: the names are run whatever their result)
    # Survivors are checked again (a new test may kill them); detected mutants keep their result.
    detected = {name for codes in results(where, module).values() for name, code in codes.items() if code in DETECTED}
    if size:
        # Map the tests again (a function changed or added since the last map would otherwise run
        # against the tests added since only); results stay.
        forget_survivors(where, module, set())
        # A sampled timeout is checked again: on a loaded machine it may be a slow survivor.
        detected -= {
            name for codes in results(where, module).values() for name, code in codes.items() if code in TIMED_OUT
        }
    names = sorted(chosen - detected)
    if (size or recheck or everything) and not names:
        return only(results(where, module), chosen)
    if not size and not recheck and not everything:
        forget_survivors(where, module)
    env = {**os.environ, "IO_GAME_MUTATION": "1"}  # fewer fuzz examples a mutant (tests/fuzzing.py)
    env.pop("CI", None)
    print(f"mutation: {module} with {len(tests)} test files, {jobs} jobs (log: {where / 'mutmut.log'})", flush=True)
    with open(where / "mutmut.log", "w", encoding="utf-8") as log, scratch() as temporary:
        done = subprocess.run(
            ["nice", "-n", str(nice), mutmut(), "run", "--max-children", str(jobs), *names],
            cwd=where,
            env={**env, "TMPDIR": str(temporary)},
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
            start_new_session=True,
            preexec_fn=lambda: lowered(nice),
        )
    if done.returncode != 0:
        print(f"mutation: mutmut failed on {module} (exit {done.returncode}); see {where / 'mutmut.log'}")
    return only(results(where, module), chosen) if size else results(where, module)


@contextmanager
def scratch() -> Iterator[Path]:
    """A folder of its own for one run's temporary files (in TMPDIR, /dev/shm as docs/testing.md
    suggests), removed when the run ends. Each mutant's tests run in a fork that exits without
    pytest's cleanup, so each left its tmp_path folders behind: 4,817 of them (1.4 GB of RAM in
    /dev/shm) after one day's runs."""
    folder = Path(tempfile.mkdtemp(prefix="io-mutation-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def to_recheck(found: dict[str, dict[str, int | None]], patterns: list[str] | None, everything: bool) -> set[str]:
    """The mutants `--recheck` checks again: those not detected or not checked yet; with `--only`,
    those of them whose names match, and the matching timeouts (a slow survivor on a loaded machine?).
    With `everything` (`--recheck-all`), every mutant whose name matches, killed ones too: a restated
    or quicker test is then shown to kill what the old one killed (a plain run keeps those results)."""
    names = {name: code for codes in found.values() for name, code in codes.items()}
    if everything:
        chosen = set(names)
    else:
        chosen = {name for name, code in names.items() if code in SURVIVED or code is None}
        if patterns:
            chosen |= {name for name, code in names.items() if code in TIMED_OUT}
    if patterns:
        chosen = {name for name in chosen if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)}
    return chosen


def only(found: dict[str, dict[str, int | None]], names: set[str]) -> dict[str, dict[str, int | None]]:
    """The sampled mutants' results: a score over the sample, whatever else was checked before."""
    return {path: {name: code for name, code in codes.items() if name in names} for path, codes in found.items()}


def functions(path: Path) -> dict[str, list[str]]:
    """The functions of a file mutmut wrote (the original of each and every mutant), by name."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found: dict[str, list[str]] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
            found[node.name] = lines[node.lineno - 1 : node.end_lineno]
    return found


def diff(found: dict[str, list[str]], name: str) -> str:
    """A mutant's change against the original function, as a diff without its header."""
    mutant = name.rsplit(".", 1)[-1]
    original = found.get(mutant.rsplit("__mutmut_", 1)[0] + "__mutmut_orig")
    changed = found.get(mutant)
    if original is None or changed is None:
        return "(not found)"
    lines = difflib.unified_diff(original[1:], changed[1:], lineterm="", n=0)
    return "\n".join(line for line in lines if not line.startswith(("---", "+++", "@@")))


def summary(codes: dict[str, int | None]) -> tuple[int, int, Counter[str]]:
    """(detected, checked, statuses) over the mutants that were checked."""
    checked = [code for code in codes.values() if code is not None]
    statuses = Counter(DETECTED.get(code, SURVIVED.get(code, "other")) for code in checked)
    return statuses["killed"] + statuses["timeout"], len(checked), statuses


def row(name: str, codes: dict[str, int | None]) -> str:
    detected, checked, statuses = summary(codes)
    score = 100.0 * detected / checked if checked else 0.0
    # A timeout is a mutant that ran past its limit: a loop, or on a loaded machine a slow survivor
    # (mutmut's wall-clock limit is 3 x (tests' time + 1 s)). Killed alone is the lower bound.
    killed = 100.0 * statuses["killed"] / checked if checked else 0.0
    return (
        f"| {name} | {detected} | {checked} | {len(codes)} | {score:.1f}% | {statuses['timeout']} | {killed:.1f}% "
        f"| {statuses['survived']} | {statuses['no tests']} |"
    )


# Where docs/testing.md lists each module's mutants not detected: from the first line matching the
# first pattern to the next line matching the second (`--check-doc`). A list that moves or is renamed
# must be named here again: the check fails when a pattern finds nothing.
DOC = ROOT / "docs" / "testing.md"
DOC_LISTS = {
    "game/world/expr.py": (r"^Equivalent \(each was read", r"^Bugs found: "),
    "game/world/loader.py": (r"^\*\*The loader: the [\d,]+ not detected", r"^### "),
    "game/engine/*": (r"^Equivalent \(each was read", r"^Bugs found: "),
    "game/saves/*": (r"^\*\*Saves: the [\d,]+ not detected", r"^\*\*How the loader was measured"),
    "game/authoring/lint.py": (r"^Not detected \([\d,]+\), by reason", r"^### "),
    "game/authoring/explore.py": (r"^explore\.py, the [\d,]+ not detected", r"^(### |Bugs found and fixed)"),
    "game/authoring/intervals.py": (r"^intervals\.py, the [\d,]+ not detected", r"^explore\.py, the "),
}
NUMBER = re.compile(r"(?<![\w.^,-])(\d+)(?:-(\d+))?(?![\w.^]|,\d)")
# A strict list: a function's name followed at once by its mutants' numbers, `name` (3, 5 and 7).
# The numbers end at punctuation, an opening parenthesis or the end of a line (MULTILINE: a bullet
# that ends in a number is a list whatever comes after it).
LISTED = re.compile(
    r"`([\w.]+?)(?:\(\))?`\s*\(?((?:\d+(?:-\d+)?)(?:(?:,\s*|\s+and\s+)\d+(?:-\d+)?)*)(?=[);:.,]|\s*\(|\s*$)",
    re.MULTILINE,
)


def split_name(name: str) -> tuple[str | None, str, int]:
    """A mutant's (class, function, number): game.x.y.x_f__mutmut_3 or game.x.y.xǁClassǁf__mutmut_3."""
    last = name.rsplit(".", 1)[-1]
    function, _, number = last.rpartition("__mutmut_")
    if function.startswith("xǁ"):
        _, owner, function = function.split("ǁ", 2)
        return owner, function, int(number)
    return None, function.removeprefix("x_"), int(number)


def doc_list(text: str, module: str) -> str:
    start, end = DOC_LISTS[module]
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if re.match(start, line)), None)
    if first is None:
        raise SystemExit(f"mutation: docs/testing.md has no line matching {start!r} ({module}'s list)")
    last = next((i for i in range(first + 1, len(lines)) if re.match(end, lines[i])), len(lines))
    return "\n".join(lines[first:last])


def numbers(text: str) -> set[int]:
    """The numbers in a text, a range such as 48-52 as each of its numbers."""
    found: set[int] = set()
    for match in NUMBER.finditer(text):
        low, high = int(match[1]), int(match[2] or match[1])
        found.update(range(low, high + 1) if high - low <= 50 else (low, high))
    return found


def listed(qualifier: str, names: list[str]) -> list[str]:
    """The mutants a list names among `names` (one function's mutants of one number): a list
    written `Class.f` names that class's only; `f` or `file.f` (no class of that name) names them all."""
    own = [name for name in names if split_name(name)[0] == qualifier]
    return own if own else names


def check_doc(
    module: str, found: dict[str, dict[str, int | None]], text: str, beside: dict[str, int | None] | None = None
) -> list[str]:
    """Where docs/testing.md's list of `module`'s mutants not detected and the kept results differ.

    Both ways read one form only, a function's name (`f`, `Class.f` or `file.f`) followed at once by
    its mutants' numbers: `f` (3, 5 and 7), `f` 3, 5, `f` 19-23. Every mutant not detected must be
    listed so; every number listed so must be a mutant of that function not detected (of `module`, or
    of a module whose list is the same text: `beside`, its results). A number elsewhere in the prose
    ("(6 timeouts, read)", "32 deep") names nothing: it could hide a mutant nobody listed. Both ways
    read a list's names by one rule (`listed`): `A.f` 3 never stands for `B.f` 3."""
    own = {name: code for group in found.values() for name, code in group.items()}
    codes = {**(beside or {}), **own}
    functions = {split_name(name)[1] for name in codes}
    left = {name for name, code in codes.items() if code is not None and code not in DETECTED}
    by_function: dict[tuple[str, int], list[str]] = {}
    for name in codes:
        _owner, function, number = split_name(name)
        by_function.setdefault((function, number), []).append(name)
    faults = []
    named: set[str] = set()
    for match in LISTED.finditer(text):
        qualifier, _, function = match[1].rpartition(".")
        if function not in functions:
            continue
        for number in sorted(numbers(match[2])):
            names = listed(qualifier, by_function.get((function, number), []))
            named.update(names)
            if not names:
                faults.append(f"listed, but {module} has no such mutant: {match[1]} {number}")
            elif not any(name in left for name in names):
                status = "not checked" if all(codes[name] is None for name in names) else "detected"
                faults.append(f"listed, but {status}: {match[1]} {number} ({', '.join(names)})")
    unnamed = [name for name in left - named if name in own]
    return [
        f"not named in the list: {name} ({SURVIVED.get(own[name] or 0, own[name])})"
        for name in sorted(unnamed, key=lambda name: (split_name(name)[1], split_name(name)[2]))
    ] + faults


def main(argv: list[str] | None = None) -> int:
    table = modules_to_tests()
    parser = argparse.ArgumentParser(prog="python -m tests.mutation", description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=f"default: all of {', '.join(table)}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants at once (default: all cores)")
    parser.add_argument("--nice", type=int, default=10, help="the runs' niceness (default 10: others go first)")
    parser.add_argument("--sample", type=int, metavar="N", help="N mutants a module, drawn with a fixed seed")
    parser.add_argument("--report", type=Path, default=WORK / "report.md")
    parser.add_argument("--recheck", action="store_true", help="check again only the mutants not detected")
    parser.add_argument(
        "--recheck-all",
        action="store_true",
        help="check again every mutant (with --only: every one whose name matches), the detected ones too",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="PATTERN",
        help="with --recheck or --recheck-all: only the mutants whose names match (shell patterns)",
    )
    parser.add_argument("--report-only", action="store_true", help="report the results kept, run nothing")
    parser.add_argument(
        "--check-doc",
        action="store_true",
        help="run nothing: check docs/testing.md's list of each module's mutants not detected against the results kept",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=WORK,
        metavar="DIR",
        help="with --report-only or --check-doc: read the results kept in DIR (another checkout's .mutation)",
    )
    args = parser.parse_args(argv)
    if args.only and not (args.recheck or args.recheck_all):
        parser.error("--only needs --recheck or --recheck-all")
    if args.recheck_all and args.sample:
        parser.error("--recheck-all checks named mutants, --sample a fixed draw of them: one or the other")
    unknown = [module for module in args.modules if module not in table]
    if unknown:
        parser.error(f"not a core module: {', '.join(unknown)} (see [tool.io-game.mutation] in pyproject.toml)")
    lines = [
        "# Mutation report",
        "",
        "| module | detected | checked | mutants | score | of them timed out | killed only | survived | no tests |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    details: list[str] = []
    worst = 100.0
    if args.check_doc:
        text = DOC.read_text(encoding="utf-8")
        defects = 0
        for group in args.modules or list(table):
            kept = results(args.results / slug(group), group)
            remaining = sum(
                1 for codes in kept.values() for code in codes.values() if code is not None and code not in DETECTED
            )
            beside = {  # the results of the modules listed in the same place (the engine's and expr's)
                name: code
                for other in table
                if other != group and DOC_LISTS[other] == DOC_LISTS[group]
                for codes in results(args.results / slug(other), other).values()
                for name, code in codes.items()
            }
            faults = check_doc(group, kept, doc_list(text, group), beside)
            defects += len(faults)
            print(
                f"mutation: {group}: {remaining} not detected; docs/testing.md's list: "
                + (f"{len(faults)} faults" if faults else "each named, nothing else")
            )
            for fault in faults:
                print(f"  {fault}")
        return 1 if defects else 0
    for group in args.modules or list(table):
        if args.report_only:
            found_codes = results(args.results / slug(group), group)
        else:
            found_codes = run(
                group, table[group], args.jobs, args.sample, args.nice, args.recheck, args.only, args.recheck_all
            )
        together: dict[str, int | None] = {}
        for module, codes in found_codes.items():
            if not codes:
                continue  # nothing to mutate (an __init__.py)
            together.update(codes)
            lines.append(row(module, codes))
            left = sorted((name, code) for name, code in codes.items() if code is not None and code not in DETECTED)
            if left:
                found = functions(args.results / slug(group) / "mutants" / module)
                details += ["", f"## {module}: {len(left)} not detected", ""]
                for name, code in left:
                    status = SURVIVED.get(code) or str(code)
                    details += [f"### {name} ({status})", "", "```diff", diff(found, name), "```", ""]
        if len(found_codes) > 1:
            lines.append(row(f"**{group}**", together))
        detected, checked, _statuses = summary(together)
        score = 100.0 * detected / checked if checked else 0.0
        worst = min(worst, score)
        unchecked = len(together) - checked
        print(
            f"mutation: {group}: {detected} of {checked} checked mutants detected, {score:.1f}%"
            + (f" ({unchecked} of {len(together)} not checked yet)" if unchecked else ""),
            flush=True,
        )
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text("\n".join(lines + details) + "\n", encoding="utf-8")
    print(f"mutation: report in {args.report}")
    return 0 if worst >= 80 else 1


if __name__ == "__main__":
    sys.exit(main())
