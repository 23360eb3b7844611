"""tests/mutation.py, the mutation score's runner (docs/testing.md): what it keeps between runs."""

from __future__ import annotations

import os
from pathlib import Path

from tests import mutation


def test_a_changed_source_is_mutated_again_even_when_it_is_older_than_its_mutants(tmp_path: Path) -> None:
    """mutmut makes a file's mutants again only when the source is newer than them: a copy whose
    source changed (results copied from another worktree, older code checked out) must look newer."""
    source = tmp_path / "game" / "saves" / "store.py"
    source.parent.mkdir(parents=True)
    other = tmp_path / "game" / "saves" / "format.py"
    mutants = tmp_path / "mutants" / "game" / "saves" / "store.py"
    mutants.parent.mkdir(parents=True)
    source.write_text("a = 1\n", encoding="utf-8")
    other.write_text("b = 1\n", encoding="utf-8")
    mutants.write_text("made from a = 1\n", encoding="utf-8")
    before = mutation.sources(tmp_path, "game/saves/*")
    assert before == {"game/saves/format.py": b"b = 1\n", "game/saves/store.py": b"a = 1\n"}
    source.write_text("a = 2\n", encoding="utf-8")
    for path in (source, other):
        os.utime(path, (1_000_000, 1_000_000))  # older than the mutants, as copy2 may leave it
    mutation.freshen(tmp_path, "game/saves/*", before)
    assert source.stat().st_mtime > mutants.stat().st_mtime  # changed: mutmut makes its mutants again
    assert other.stat().st_mtime == 1_000_000  # unchanged: left alone
