"""Names from outside, fuzzed: a scene file's name, a save's slot name, a saves folder. Whatever
the bytes, every command answers in printable text: no traceback, no control character, no lone
surrogate (which a terminal would be sent as raw bytes)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from game.cli import main
from game.support.textsafe import find_forbidden
from tests.conftest import LIGHTHOUSE
from tests.fuzzing import FUZZ

NAMES = settings(FUZZ, max_examples=min(FUZZ.max_examples, 150))

# Any bytes a Linux file name may hold: everything but '/' and NUL, with the bytes that make
# trouble (escapes, C1 controls, broken UTF-8, newlines, bidi overrides) drawn often.
_TRICKY = [b"\x1b]52;c;", b"\x9b", b"\xff", b"\n", b"\r", b"\t", "\u202e".encode(), b"\xed\xa0\x80", b"[b]", b"%s"]
name_bytes = st.lists(
    st.one_of(st.sampled_from(_TRICKY), st.binary(min_size=1, max_size=4)), min_size=1, max_size=6
).map(lambda parts: b"".join(parts).replace(b"/", b"_").replace(b"\x00", b"_")[:200])


def run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's own refusals
            code = int(exc.code or 0)
    return code, out.getvalue() + err.getvalue()


def assert_printable(text: str) -> None:
    assert "Traceback" not in text, text
    assert find_forbidden(text) < 0, repr(text)
    text.encode("utf-8")  # no lone surrogate: it would reach the terminal as raw bytes


@NAMES
@given(name=name_bytes)
def test_any_scene_file_name_is_shown_printable(name: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        world = Path(tmp) / "w"
        shutil.copytree(LIGHTHOUSE, world)
        scene = os.path.join(os.fsencode(world / "scenes"), name + b".yaml")
        with contextlib.suppress(OSError), open(scene, "wb") as handle:  # OSError: a name too long to test
            handle.write(b"extra:\n  title: X\n  text: y\n  ending: {title: Z}\n")
        for command in (["check", str(world)], ["check", str(world), "--format", "json"], ["graph", str(world)]):
            _code, text = run(*command)
            assert_printable(text)


@NAMES
@given(name=name_bytes)
def test_any_save_name_or_saves_folder_is_shown_printable(name: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        slot = os.fsdecode(name)
        folder = os.fsdecode(os.path.join(os.fsencode(tmp), name))
        for command in (
            ["replay", slot, "--saves-dir", tmp],
            ["saves", "--delete", slot, "--saves-dir", tmp],
            ["saves", "--saves-dir", folder],
            ["replay", "--saves-dir", folder],
        ):
            code, text = run(*command)
            assert code != 0 or command[0] == "saves"
            assert_printable(text)
