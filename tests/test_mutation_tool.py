"""tests/mutation.py, the mutation score's runner (docs/testing.md): what it keeps between runs."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

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


FOUND: dict[str, dict[str, int | None]] = {
    "game/x.py": {
        "game.x.x_f__mutmut_1": 1,  # killed
        "game.x.x_f__mutmut_2": 0,  # survived
        "game.x.x_f__mutmut_3": None,  # not checked yet
        "game.x.x_f__mutmut_4": 36,  # timed out
        "game.x.xǁCǁg__mutmut_1": 1,
        "game.x.xǁCǁg__mutmut_2": 0,
    }
}


def test_recheck_takes_the_mutants_not_detected_and_recheck_all_every_one_named() -> None:
    """--recheck checks again what a new test may kill; --recheck-all also what an old test killed, so
    that a restated or quicker test is shown to kill it still (a plain run keeps those results)."""
    assert mutation.to_recheck(FOUND, None, everything=False) == {
        "game.x.x_f__mutmut_2",
        "game.x.x_f__mutmut_3",
        "game.x.xǁCǁg__mutmut_2",
    }
    # Named: a timeout too (on a loaded machine it may be a slow survivor).
    assert mutation.to_recheck(FOUND, ["game.x.x_f__*"], everything=False) == {
        "game.x.x_f__mutmut_2",
        "game.x.x_f__mutmut_3",
        "game.x.x_f__mutmut_4",
    }
    assert mutation.to_recheck(FOUND, ["game.x.x_f__*"], everything=True) == {
        f"game.x.x_f__mutmut_{n}" for n in (1, 2, 3, 4)
    }
    assert mutation.to_recheck(FOUND, None, everything=True) == set(FOUND["game/x.py"])


def test_a_killed_mutant_named_to_be_checked_again_is_unchecked_until_it_runs(tmp_path: Path) -> None:
    meta = tmp_path / "mutants" / "game" / "x.py.meta"
    meta.parent.mkdir(parents=True)
    meta.write_text(mutation.json.dumps({"exit_code_by_key": FOUND["game/x.py"]}), encoding="utf-8")
    mutation.forget_survivors(tmp_path, "game/x.py", {"game.x.x_f__mutmut_1"})
    codes = mutation.results(tmp_path, "game/x.py")["game/x.py"]
    assert codes["game.x.x_f__mutmut_1"] is None
    assert codes["game.x.xǁCǁg__mutmut_1"] == 1 and codes["game.x.x_f__mutmut_2"] == 0


def test_the_docs_list_of_survivors_is_checked_both_ways() -> None:
    """Every mutant not detected is named (its function's name, then its number), and every number
    listed right after a function's name is one of that function's mutants not detected."""
    assert mutation.check_doc("game/x.py", FOUND, "- **Why**: `f` (2) is the same; `C.g` 2: likewise.") == []
    assert mutation.check_doc("game/x.py", FOUND, "- `f` 2, `g` 2 (both the same)") == []
    assert mutation.check_doc("game/x.py", FOUND, "- `f` (2).\n- `h` (2): h is not a function here.") == [
        "not named in the list: game.x.xǁCǁg__mutmut_2 (survived)"
    ]
    # A killed or timed-out mutant listed (1-2 is 1 and 2), one not checked, one that is not there.
    assert mutation.check_doc("game/x.py", FOUND, "- `f` (2, 3 and 4); `g` (1-2), `f` 9.") == [
        "listed, but not checked: f 3 (game.x.x_f__mutmut_3)",
        "listed, but detected: f 4 (game.x.x_f__mutmut_4)",
        "listed, but detected: g 1 (game.x.xǁCǁg__mutmut_1)",
        "listed, but game/x.py has no such mutant: f 9",
    ]


def test_a_number_in_the_prose_after_a_functions_name_names_none_of_its_mutants() -> None:
    """Only the listed form names a mutant (the review's F9): "(6 timeouts, read)", "32 deep" or "20
    right turns" after `f` once counted as naming `f` 6, 32 or 20, so a survivor nobody listed could
    pass unseen behind any number in the prose, before the name or after it."""
    survivors: dict[str, dict[str, int | None]] = {
        "game/x.py": {"game.x.x_f__mutmut_2": 0, "game.x.x_f__mutmut_6": 0, "game.x.x_f__mutmut_20": 0}
    }
    prose = "- `f` (2): the same text (6 timeouts, read); a walk 20 right turns deep."
    assert mutation.check_doc("game/x.py", survivors, prose) == [
        "not named in the list: game.x.x_f__mutmut_6 (survived)",
        "not named in the list: game.x.x_f__mutmut_20 (survived)",
    ]
    assert mutation.check_doc("game/x.py", survivors, "- left out (6, 20): `f` (2)") == [
        "not named in the list: game.x.x_f__mutmut_6 (survived)",
        "not named in the list: game.x.x_f__mutmut_20 (survived)",
    ]
    assert mutation.check_doc("game/x.py", survivors, "- `f` (2, 6 and 20): the same text.") == []
    assert mutation.check_doc("game/x.py", survivors, "- `f` 2 (the same), `f` 6, 20 (read).") == []


def test_a_list_names_its_own_class_only_and_ends_at_the_end_of_a_line() -> None:
    """`A.f` 3 is A's mutant, never B's too (the review's F2: two classes' `f` 3, one listed); a
    bullet that ends in its numbers is a list whatever follows it (F3: it was only at the end of
    the whole text)."""
    two: dict[str, dict[str, int | None]] = {"game/x.py": {"game.x.xǁAǁf__mutmut_3": 0, "game.x.xǁBǁf__mutmut_3": 0}}
    assert mutation.check_doc("game/x.py", two, "- `A.f` 3.") == [
        "not named in the list: game.x.xǁBǁf__mutmut_3 (survived)"
    ]
    assert mutation.check_doc("game/x.py", two, "- `A.f` 3, `B.f` 3.") == []
    assert mutation.check_doc("game/x.py", two, "- `f` 3: both, the same way.") == []
    assert mutation.check_doc("game/x.py", two, "- `x.f` 3: a file's name names every class's.") == []
    assert mutation.check_doc("game/x.py", two, "- `A.f` 3\n- `B.f` 3\n\nThe end.") == []
    assert mutation.check_doc("game/x.py", FOUND, "- `f` 2\n- `g` 2") == []


def test_each_modules_list_is_found_in_docs_testing_md() -> None:
    text = mutation.DOC.read_text(encoding="utf-8")
    for module in mutation.modules_to_tests():
        assert mutation.doc_list(text, module).strip(), module


def test_without_mutmut_a_run_says_how_to_install_it_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    real = mutation.importlib.util.find_spec
    monkeypatch.setattr(
        mutation.importlib.util, "find_spec", lambda name, *rest: None if name == "mutmut" else real(name, *rest)
    )
    with pytest.raises(SystemExit) as stopped:
        mutation.main(["game/saves/*", "--jobs", "1"])
    assert (
        stopped.value.code
        == "mutation: mutmut is not installed: install it with .venv/bin/pip install -e '.[mutation]'"
    )


def test_a_mutation_run_is_niced_as_a_session_of_its_own() -> None:
    """Linux schedules sessions as groups: the run's session gets the niceness, not only its process."""
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os; print(open(PATH).read() if os.path.exists(PATH) else '')".replace(
                "PATH", "'/proc/self/autogroup'"
            ),
        ],
        capture_output=True,
        text=True,
        check=True,
        start_new_session=True,
        preexec_fn=lambda: mutation.lowered(19),
    )
    if Path("/proc/self/autogroup").exists():  # Linux with autogroup: this machine, and CI's
        assert child.stdout.split()[-1:] == ["19"], child.stdout


def test_a_runs_temporary_files_are_removed_when_it_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """mutmut's forks leave every tmp_path behind: a run gets a folder of its own, removed at its end,
    even when the run fails."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    tempfile.tempdir = None  # read TMPDIR again
    try:
        with pytest.raises(RuntimeError), mutation.scratch() as folder:
            assert folder.parent == tmp_path and folder.is_dir()
            (folder / "pytest-of-root" / "pytest-1").mkdir(parents=True)
            raise RuntimeError("the run failed")
        assert list(tmp_path.iterdir()) == []
    finally:
        tempfile.tempdir = None
