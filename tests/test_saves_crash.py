"""A writer killed with SIGKILL at random moments never leaves a broken save behind.

A small server process imports the game once, then forks a fresh writer for each round (so 200
rounds do not pay 200 interpreter start-ups). Each writer resumes the save it finds and keeps
saving one more step as fast as it can until the test kills it, at a random moment, with SIGKILL.
After every kill the save must load, replay exactly, and hold the state of the last write that
finished or of the one that was under way: never less than what the previous round found.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.saves import SaveStore, resume
from tests.conftest import LIGHTHOUSE

ROUNDS = 1_000 if os.environ.get("IO_GAME_SLOW") else 100  # kills: 200 in CI until 2026-12-06 (CI time)
# On a loaded machine fewer kills land inside a write: past ROUNDS the test goes on killing until it
# has its evidence (a kill inside a write, ten rounds of progress), up to this many kills in all.
MAX_ROUNDS = 10 * ROUNDS

# The choices loop forever: down to the store, carry up oil, and again.
SERVER = r"""
import os, sys
from pathlib import Path
from game.engine import Story
from game.saves import SaveStore, resume
from game.world import load_world

world = load_world(Path(sys.argv[1]))
store = SaveStore(Path(sys.argv[2]))
LOOP = ("descend", "fetch_oil")

def writer(ready: int) -> None:
    if store.exists("run"):
        story, _ = resume(world, store.read("run", world))
    else:
        story = Story(world, 9)
    os.write(ready, b"r")  # the kill is timed from here, so a busy machine's slow start is not counted
    while True:
        story.choose(LOOP[len(story.steps) % 2])
        store.write("run", story, float(len(story.steps)))

for line in sys.stdin:
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            writer(ready_w)
        finally:
            os._exit(1)
    os.read(ready_r, 1)
    os.close(ready_r)
    os.close(ready_w)
    print(pid, flush=True)
    os.waitpid(pid, 0)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL: run on Linux or macOS")
def test_sigkill_at_random_moments_never_leaves_a_broken_save(tmp_path: Path, lighthouse: object) -> None:
    from game.world.model import World

    assert isinstance(lighthouse, World)
    saves = tmp_path / "saves"
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(LIGHTHOUSE), str(saves)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert server.stdin is not None and server.stdout is not None
    chooser = random.Random(20261123)
    store = SaveStore(saves)
    previous = 0
    progressed = 0
    kills = 0
    try:
        while kills < MAX_ROUNDS and not (kills >= ROUNDS and progressed >= 10 and any(saves.glob(".*.tmp"))):
            kills += 1
            server.stdin.write("go\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            time.sleep(chooser.uniform(0.0, 0.03))
            os.kill(pid, signal.SIGKILL)
            # SIGKILL waits for a system call under way (an fsync) to finish: check once it is dead.
            deadline = time.monotonic() + 10
            while not _is_dead(pid) and time.monotonic() < deadline:
                time.sleep(0.0005)
            if not store.exists("run"):
                continue  # killed before its first write finished: nothing to check yet
            save = store.read("run", lighthouse)  # raises SaveError if the file is broken
            story, divergence = resume(lighthouse, save)  # raises if the summary does not match
            assert divergence is None
            steps = len(story.steps)
            assert story.state == ("store" if steps % 2 else "lamp_room")
            assert save.info.played_seconds == float(steps)
            assert steps >= previous, f"the save went back from {previous} to {steps} steps"
            progressed += steps > previous
            previous = steps
    finally:
        server.stdin.close()
        server.wait(timeout=10)
    leftovers = list(saves.glob(".*.tmp"))
    print(f"{kills} kills: {progressed} rounds saved progress, {previous} steps in all, {len(leftovers)} temp files")
    assert progressed >= 10, "the writers hardly wrote anything: the test proved nothing"
    # Temp files left by writers killed mid-write: proof that kills landed inside writes.
    assert leftovers, "no kill landed inside a write; the test did not exercise the crash window"
    assert [info.slot for info in store.list()] == ["run"]  # temp files are never listed as saves


def _is_dead(pid: int) -> bool:
    """Reaped by the server, or a zombie waiting to be."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[-1].split()[0] == "Z"
    except OSError:
        return True
