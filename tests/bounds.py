"""Bounds for blow-up tests that hold on a loaded CI machine and bite on a fast one.

No test compares an elapsed time with a fixed limit (tests/test_code_quality.py guards that): a busy
machine fails it at random and a fast one makes it prove nothing. A blow-up is guarded instead by
  - memory: tracemalloc's peak here, or a fresh subprocess's peak resident size (tests that use it);
  - operations: `count_calls` counts every Python and C function call a piece of code makes, the
    same number on every machine;
  - a CPU-time ratio against a baseline measured in the same test (both sides times, never a time
    against a constant).
"""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable
from types import FrameType
from typing import Any

from game.world import WorldError


def count_calls(work: Callable[[], Any]) -> tuple[Any, int]:
    """Run `work`: (its result, or the WorldError it raised; the function calls it made)."""
    calls = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(profile)
    try:
        result = work()
    except WorldError as error:
        result = error
    finally:
        sys.setprofile(None)
    return result, calls


def peak_mb(work: Callable[[], Any]) -> tuple[Any, float]:
    """Run `work`: (its result, or the WorldError it raised; the peak MB tracemalloc saw)."""
    tracemalloc.start()
    try:
        result = work()
    except WorldError as error:
        result = error
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, peak / 2**20
