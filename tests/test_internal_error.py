"""The last guard: an unexpected exception in any command is one clear line and a pointer to a log
with the details, never a traceback, and a non-zero exit (70, EX_SOFTWARE)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from game.commands import COMMANDS
from tests.conftest import LIGHTHOUSE, ROOT

# A bug provoked for real in a fresh process: the command's run() raises, with a message that
# carries an escape sequence and a line break (exception text is not trusted either).
PROVOKE = r"""
import contextlib, importlib, io, json, sys
from game.cli import main
from game.commands import COMMANDS

def boom(args):
    raise RuntimeError("the \x1b[2J bug\nsecond line")

if len(sys.argv) > 2:
    import tempfile
    tempfile.tempdir = sys.argv[2]  # a temporary folder that is gone
argv = json.loads(sys.argv[1])
for name in argv:
    importlib.import_module(COMMANDS[name]).run = boom
if len(argv) == 1:
    sys.exit(main(next(iter(argv.values()))))
results = {}
for name, args in argv.items():
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(args)
    results[name] = [code, err.getvalue()]
print(json.dumps(results))
"""

LOG_LINE = re.compile(r"^io-game: the details are in (.+); please report this with that file$")


def _provoke(args: dict[str, list[str]], tmp: Path, gone: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "IO_GAME_DEBUG"}
    env["TMPDIR"] = str(tmp)
    return subprocess.run(
        [sys.executable, "-c", PROVOKE, json.dumps(args), *([str(gone)] if gone else [])],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_an_internal_error_is_one_line_and_a_log_never_a_traceback(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp\x1b[31mdir"  # the log's path is printed escaped
    tmp.mkdir()
    done = _provoke({"check": ["check", str(LIGHTHOUSE)]}, tmp)
    assert done.returncode == 70
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 2, done.stderr
    assert "Traceback" not in done.stderr and "\x1b" not in done.stderr
    assert lines[0] == (
        "io-game: internal error (a bug in io-game, not in your world or saves): "
        "RuntimeError: the <U+001B>[2J bug<U+000A>second line"
    )
    shown = LOG_LINE.match(lines[1])
    assert shown is not None, lines[1]
    assert shown.group(1).startswith(str(tmp_path / "tmp<U+001B>[31mdir"))
    [log] = tmp.iterdir()
    assert shown.group(1).endswith(log.name)
    details = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in details and "RuntimeError: the \x1b[2J bug" in details
    assert f"arguments: ['check', '{LIGHTHOUSE}']" in details
    assert oct(log.stat().st_mode & 0o777) == oct(0o600)  # a private file in a shared temp folder


def test_every_command_goes_through_the_last_guard(tmp_path: Path) -> None:
    args = {
        "play": ["play", str(LIGHTHOUSE), "--plain"],
        "check": ["check", str(LIGHTHOUSE)],
        "saves": ["saves"],
        "replay": ["replay", str(tmp_path / "save.json")],
        "playtest": ["playtest", str(LIGHTHOUSE)],
        "graph": ["graph", str(LIGHTHOUSE)],
        "serve": ["serve"],
        "new": ["new", str(tmp_path / "new")],
        "lsp": ["lsp"],
    }
    assert set(args) == set(COMMANDS)  # a new command needs a line here
    done = _provoke(args, tmp_path)
    assert done.returncode == 0, done.stderr
    for name, (code, stderr) in json.loads(done.stdout).items():
        assert code == 70, (name, stderr)
        assert "Traceback" not in stderr and len(stderr.splitlines()) == 2, (name, stderr)
        assert "internal error" in stderr and "the details are in" in stderr, (name, stderr)
    assert len(list(tmp_path.glob("io-game-error-*.log"))) == len(COMMANDS)


def test_a_log_that_cannot_be_written_still_gives_one_clear_line(tmp_path: Path) -> None:
    done = _provoke({"check": ["check", str(LIGHTHOUSE)]}, tmp_path, gone=tmp_path / "gone")
    assert done.returncode == 70
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0].startswith("io-game: internal error")
    assert "could not write the details to a log" in done.stderr


def test_a_package_missing_from_the_environment_says_which_and_how_to_install_it(tmp_path: Path) -> None:
    """A checkout pulled to a version with a new dependency, its environment made before: not a bug
    of io-game. One line names the package, one gives the command; exit 69, no log, no traceback."""
    hide = "import sys; sys.modules['msgspec'] = None; from game.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {key: value for key, value in os.environ.items() if key != "IO_GAME_DEBUG"}
    env["TMPDIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", hide, "check", str(LIGHTHOUSE)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 69, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "'msgspec'" in lines[0] and sys.prefix in lines[0]
    assert lines[1].endswith(f"{sys.executable} -m pip install -e {ROOT}")
    assert list(tmp_path.iterdir()) == []  # no error log: there is no bug to report
