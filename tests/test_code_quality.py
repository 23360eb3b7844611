"""The code stays safe and clean: no eval/exec/unsafe YAML in game/, ruff and mypy pass."""

from __future__ import annotations

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
