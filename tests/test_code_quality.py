"""The code stays safe and clean: no eval/exec/unsafe YAML in game/, ruff and mypy pass."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

FORBIDDEN = {
    "eval(": re.compile(r"(?<![\w.])eval\s*\("),
    "exec(": re.compile(r"(?<![\w.])exec\s*\("),
    "unsafe YAML loader": re.compile(
        r"yaml\.(load|load_all|unsafe_load|full_load)\s*\(|\bUnsafeLoader\b|\bFullLoader\b"
    ),
    "pickle": re.compile(r"\bimport pickle\b|\bpickle\.loads?\("),
    "compile(": re.compile(r"(?<![\w.])compile\s*\("),
}


def test_game_never_calls_eval_exec_or_an_unsafe_yaml_loader() -> None:
    offenders = []
    for path in sorted((ROOT / "game").rglob("*.py")):
        text = path.read_text()
        for name, pattern in FORBIDDEN.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert offenders == []


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(ROOT / ".venv" / "bin")) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the test extras (pip install -e '.[test]')")
    return found


def test_ruff_is_clean() -> None:
    result = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted() -> None:
    result = subprocess.run([_tool("ruff"), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# --- no wall-clock limits in tests -------------------------------------------------------------------

CLOCKS = {"time", "perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "process_time", "thread_time"}
TIME_WORDS = re.compile(r"seconds|elapsed|duration|\bcpu\b|per_run", re.IGNORECASE)


def _mentions_time(node: ast.AST, timed: set[str]) -> bool:
    """Does this expression read a clock, a variable set from one, or a value named like a time?"""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in CLOCKS:
                return True
        if isinstance(sub, ast.Name) and (sub.id in timed or TIME_WORDS.search(sub.id)):
            return True
        if isinstance(sub, ast.Attribute) and TIME_WORDS.search(sub.attr) and not sub.attr.startswith("played"):
            return True
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and TIME_WORDS.fullmatch(sub.value):
            return True
    return False


def wall_clock_limits(source: str) -> list[int]:
    """Lines whose assert orders a measured time against a constant (a time against a time is a ratio
    measured in the same test, allowed: tests/bounds.py)."""
    tree = ast.parse(source)
    timed: set[str] = set()
    for node in ast.walk(tree):  # variables set from a clock: start, deadline, per_run ...
        if isinstance(node, ast.Assign) and _mentions_time(node.value, set()):
            timed |= {target.id for target in node.targets if isinstance(target, ast.Name)}
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assert):
            continue
        for compare in (sub for sub in ast.walk(node.test) if isinstance(sub, ast.Compare)):
            if not all(isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) for op in compare.ops):
                continue
            sides = [compare.left, *compare.comparators]
            timed_sides = [_mentions_time(side, timed) for side in sides]
            if any(timed_sides) and not all(timed_sides):
                lines.append(compare.lineno)
    return lines


def test_no_test_compares_an_elapsed_time_with_a_limit() -> None:
    """On a loaded CI machine such asserts fail at random; on a fast one they prove nothing. Guard a
    blow-up with memory or an operation count, or a ratio against a baseline (tests/bounds.py)."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if "fixtures" not in path.parts
        for line in wall_clock_limits(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_wall_clock_guard_catches_the_usual_forms() -> None:
    caught = """
start = time.perf_counter()
load()
assert time.perf_counter() - start < 1
assert result["seconds"] < 1 and result["peak_mb"] < 200
per_run = (time.perf_counter() - start) / runs
assert per_run < 0.001
assert elapsed <= 2.5
"""
    allowed = """
assert result["cpu"] < 20 * baseline["cpu"] + 0.05
assert result["peak_mb"] < 200
assert calls <= len(source)
assert info.played_seconds == 61.5
"""
    assert wall_clock_limits(caught) == [4, 5, 7, 8]
    assert wall_clock_limits(allowed) == []
