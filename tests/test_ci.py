"""CI cannot be green while tests did not run: a missing tool fails `.ci/run`, a skip fails under CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _bin_without(tmp_path: Path, *fakes: str) -> Path:
    """A PATH folder with the few tools `.ci/run` needs before its checks, no apt-get, and `fakes`."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ("bash", "dirname", "id", "sed"):
        found = shutil.which(tool)
        assert found is not None, tool
        (folder / tool).symlink_to(found)
    for fake in fakes:
        (folder / fake).write_text("#!/bin/sh\nexit 0\n")
        (folder / fake).chmod(0o755)
    return folder


@pytest.mark.parametrize(
    ("present", "named"),
    [(("chromium",), "Graphviz's dot"), (("dot",), "Chromium"), ((), "Graphviz's dot")],
    ids=["no-dot", "no-chromium", "neither"],
)
def test_ci_fails_naming_a_tool_it_cannot_install(tmp_path: Path, present: tuple[str, ...], named: str) -> None:
    folder = _bin_without(tmp_path, *present)
    env = {"PATH": str(folder), "HOME": str(tmp_path)}
    done = subprocess.run(
        [str(folder / "bash"), str(ROOT / ".ci" / "run")], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode != 0
    assert f"{named}" in done.stderr and "could not be installed" in done.stderr, done.stderr
    assert "pytest" not in done.stdout  # it stopped before running the suite


SKIPPING = """
import pytest

def test_needs_a_tool():
    pytest.skip("needs frobnicate: apt-get install frobnicate")

def test_runs():
    assert True
"""


def _pytest(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_skipping.py").write_text(SKIPPING)
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(ROOT)
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # only our plugin: a fast pytest
    command = [sys.executable, "-m", "pytest", "-p", "tests.noskip", "-p", "no:cacheprovider", "-q", "-rs"]
    return subprocess.run(
        [*command, str(tmp_path / "test_skipping.py")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_a_skip_fails_in_ci_and_names_its_reason(tmp_path: Path) -> None:
    done = _pytest(tmp_path, "true")
    assert done.returncode == 1, done.stdout
    assert "skipped in CI" in done.stdout and "apt-get install frobnicate" in done.stdout
    assert "1 failed, 1 passed" in done.stdout and "skipped" not in done.stdout.splitlines()[-1]


def test_outside_ci_a_skip_is_allowed_and_says_what_to_install(tmp_path: Path) -> None:
    done = _pytest(tmp_path, None)
    assert done.returncode == 0, done.stdout
    assert "1 passed, 1 skipped" in done.stdout and "apt-get install frobnicate" in done.stdout
