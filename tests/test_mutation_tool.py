"""tests/mutation.py, the mutation score's runner (docs/testing.md): what it keeps between runs."""

from __future__ import annotations

import os
from pathlib import Path

from tests import mutation


def test_the_mutated_modules_sources_are_newer_than_any_mutants_in_the_copy(tmp_path: Path) -> None:
    """mutmut makes a file's mutants again only when its source is newer than them: a copy whose
    mutants were made from other code (copied from another worktree, older code checked out) must
    not have those tested. Only the module's files are marked."""
    source = tmp_path / "game" / "saves" / "store.py"
    source.parent.mkdir(parents=True)
    other = tmp_path / "game" / "world" / "loader.py"
    other.parent.mkdir(parents=True)
    mutants = tmp_path / "mutants" / "game" / "saves" / "store.py"
    mutants.parent.mkdir(parents=True)
    for path in (source, other):
        path.write_text("a = 2\n", encoding="utf-8")
        os.utime(path, (1_000_000, 1_000_000))  # as copy2 may leave it: older than the mutants
    mutants.write_text("made from a = 1\n", encoding="utf-8")
    os.utime(mutants, (2_000_000, 2_000_000))
    mutation.freshen(tmp_path, "game/saves/*")
    assert source.stat().st_mtime > mutants.stat().st_mtime
    assert other.stat().st_mtime == 1_000_000
