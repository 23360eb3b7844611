"""Playtests: the random one finds the trap and shrinks it; the exhaustive one proves and witnesses."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.golden import read_golden
from game.authoring.playtest import ExhaustiveReport, exhaustive_playtest, random_playtest, shrink_stuck
from game.cli import main
from game.engine import Story
from game.engine.replay import replay_exactly
from game.world import World, load_world
from tests.conftest import FIXTURES, LIGHTHOUSE, ROOT

TRAP = FIXTURES / "trap"
TRAP_ROUTE = ["stairs", "attic", "trunk", "shaft", "down", "drop"]


def replay_file(path: Path) -> Story:
    """A run file written by a playtest is a golden run: replay it through the real Story."""
    golden = read_golden(path)
    assert golden.world_hint is not None
    return replay_exactly(load_world(path.parent / golden.world_hint), golden.run)


def test_random_playtest_finds_the_trap_and_shrinks_it_to_six_choices(tmp_path: Path) -> None:
    world = load_world(TRAP)
    report = random_playtest(world, 300, seed=1, out=tmp_path)
    assert report.stuck_runs > 0
    [stuck] = report.stuck
    assert stuck.scene == "vault"
    assert len(stuck.original) > 6  # random walks wander first ...
    assert stuck.shrunk == TRAP_ROUTE  # ... and shrinking cuts every detour
    assert stuck.path is not None
    assert main(["replay", "--check", str(stuck.path)]) == 0
    story = replay_file(stuck.path)
    assert story.state == "vault" and story.is_stuck
    assert [step.choice for step in story.steps] == TRAP_ROUTE


def test_shrinking_removes_loops_but_keeps_the_trap() -> None:
    world = load_world(TRAP)
    wandering = ["look", "stairs", "down", "stairs", "attic", "down", "attic", "trunk", "close", "trunk"]
    wandering += ["shaft", "up", "shaft", "down", "up", "down", "drop"]
    assert shrink_stuck(world, 5, wandering) == TRAP_ROUTE
    with pytest.raises(ValueError):
        shrink_stuck(world, 5, ["stairs", "attic", "rope", "trunk", "shaft", "down", "drop"])  # rope: not stuck


def test_random_report_counts_coverage() -> None:
    report = random_playtest(load_world(LIGHTHOUSE), 100, seed=3).as_dict()
    assert report["runs"] == 100
    assert report["endings"]["runs"] == {"dawn": 100}
    assert report["scenes"] == {"reached": 4, "total": 4}
    assert report["stuck"] == [] and report["choices_never_taken"] == []


def test_random_playtest_is_reproducible() -> None:
    world = load_world(TRAP)
    first = random_playtest(world, 50, seed=9).as_dict()
    assert random_playtest(world, 50, seed=9).as_dict() == first


def test_exhaustive_playtest_witnesses_every_scene(tmp_path: Path) -> None:
    world = load_world(LIGHTHOUSE)
    report = exhaustive_playtest(world, out=tmp_path)
    assert report.exploration.complete
    assert set(report.witnesses) == set(world.scenes)
    assert report.dead_ends == [] and report.unreachable == []
    for witness in report.witnesses.values():
        assert witness.run is not None
        assert (witness.path is not None) == (witness.kind == "ending")  # files for endings: linear, not quadratic
        if witness.path is not None:
            assert replay_file(witness.path).state == witness.target
    assert main(["replay", "--check", *(str(w.path) for w in report.witnesses.values() if w.path)]) == 0
    # Breadth-first: the witness is a shortest run.
    assert report.witnesses["dawn"].steps == 4


def test_exhaustive_playtest_finds_the_trap_with_its_shortest_run(tmp_path: Path) -> None:
    report = exhaustive_playtest(load_world(TRAP), out=tmp_path)
    [dead] = report.dead_ends
    assert dead.target == "vault" and dead.run is not None
    assert [step.choice for step in dead.run.steps] == TRAP_ROUTE
    assert dead.path == tmp_path / "stuck-vault.json"


def test_chance_is_explored_both_ways_and_witnessed_with_a_seed_that_agrees(tmp_path: Path) -> None:
    world_dir = tmp_path / "coin"
    (world_dir / "scenes").mkdir(parents=True)
    (world_dir / "world.yaml").write_text("id: coin\ntitle: Coin\nstart: toss\nvariables:\n  heads: {initial: false}\n")
    (world_dir / "scenes" / "s.yaml").write_text(
        "toss:\n  title: Toss\n  text: A coin spins.\n  choices:\n"
        "    - {id: flip, text: Flip, to: look, do: heads = chance(50)}\n"
        "look:\n  title: Look\n  text: It lands.\n  choices:\n"
        "    - {id: win, text: Heads, to: won, if: heads}\n"
        "    - {id: lose, text: Tails, to: lost, if: not heads}\n"
        "won:\n  title: Won\n  text: Heads.\n  ending: {title: Won}\n"
        "lost:\n  title: Lost\n  text: Tails.\n  ending: {title: Lost}\n"
    )
    world = load_world(world_dir)
    report = exhaustive_playtest(world, out=tmp_path / "out")
    assert {"won", "lost"} <= set(report.witnesses)
    for ending in ("won", "lost"):
        run = report.witnesses[ending].run
        assert run is not None
        story = replay_exactly(world, run)
        assert story.state == ending


def test_playtest_command_exit_codes_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playtest", str(TRAP), "--random", "200", "--seed", "1", "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "STUCK in scene 'vault' after 6 choices" in out
    assert "stairs, attic, trunk, shaft, down, drop" in out
    assert (tmp_path / "stuck-vault.json").is_file()
    assert main(["playtest", str(LIGHTHOUSE), "--exhaustive", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "endings reached: 1/1 (100%)" in out and "no dead ends" in out
    assert main(["playtest", str(LIGHTHOUSE), "--exhaustive", "--max-states", "20", "--out", str(tmp_path)]) == 0
    assert "stopped at the bound of 20" in capsys.readouterr().out


def test_exhaustive_playtest_of_io_finishes_with_replayable_witnesses(
    io_playtest: tuple[World, ExhaustiveReport],
) -> None:
    world, report = io_playtest  # (tests/conftest.py: made once, test_io_world.py reads it too)
    assert world.start in report.witnesses
    assert len(report.witnesses) > len(world.scenes) // 2
    for witness in report.witnesses.values():
        assert witness.run is not None
        story = replay_exactly(world, witness.run)
        assert story.state == witness.target
    files = [str(w.path) for w in report.witnesses.values() if w.kind == "ending"]
    assert files and main(["replay", "--check", *files]) == 0


@pytest.mark.parametrize("path", [LIGHTHOUSE, TRAP, ROOT / "worlds" / "night_ferry"], ids=lambda p: p.name)
def test_the_light_walk_agrees_with_the_real_story(path: Path) -> None:
    """random_playtest walks the light state; the same picks through Story give the same report."""
    import random

    world = load_world(path)
    report = random_playtest(world, 60, seed=4)
    picker = random.Random(4)
    visits: dict[str, int] = {}
    endings: dict[str, int] = {}
    steps = 0
    for _ in range(60):
        run_seed = picker.getrandbits(31)
        rng = random.Random(run_seed)
        story = Story(world, run_seed)
        visits[story.state] = visits.get(story.state, 0) + 1
        for _step in range(500):
            offered = story.choices()
            if not offered:
                break
            choice = offered[rng.randrange(len(offered))] if len(offered) > 1 else offered[0]
            story.choose(choice.id)
            visits[story.state] = visits.get(story.state, 0) + 1
        steps += len(story.steps)
        if story.is_over:
            endings[story.state] = endings.get(story.state, 0) + 1
    assert report.steps == steps
    assert report.scene_visits == visits
    assert report.endings == endings


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """On a terminal, both modes draw a rich progress bar on stderr (and never crash doing it)."""
    import io

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Tty()
    monkeypatch.setattr("sys.stderr", err)
    assert main(["playtest", str(LIGHTHOUSE), "--exhaustive", "--out", str(tmp_path)]) == 0
    assert main(["playtest", str(LIGHTHOUSE), "--random", "50", "--out", str(tmp_path)]) == 0
    shown = err.getvalue()
    assert "exploring states" in shown and "playing" in shown


def test_an_unwritable_out_folder_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["playtest", str(TRAP), "--exhaustive", "--out", str(blocker / "runs")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("io-game: cannot write") and "choose another --out" in err
    assert "Traceback" not in err
