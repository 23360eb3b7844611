"""The Hypothesis settings every fuzz test shares: reproducible, and longer with `pytest --slow`."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

# tests/conftest.py sets IO_GAME_SLOW for --slow before the test modules are imported; the mutation
# run (tests/mutation.py) sets IO_GAME_MUTATION: every mutant reruns the fuzz tests that reach it.
# CI runs 1,000 a target (2,000 until 2026-12-06; halved to keep CI within its time on 2 cores): being
# derandomized, CI's examples are a fixed corpus that guards against regressions, and new inputs are
# only ever tried by --slow.
EXAMPLES = 25_000 if os.environ.get("IO_GAME_SLOW") else 200 if os.environ.get("IO_GAME_MUTATION") else 1_000
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # CI machines stall now and then (file writes above all); bounds are asserted elsewhere
    derandomize=True,  # every run tries the same inputs, so a failure reproduces
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    # A mutant only needs a failure, not the smallest one: shrinking it would burn its time limit.
    phases=[Phase.explicit, Phase.generate] if os.environ.get("IO_GAME_MUTATION") else list(Phase),
)

# Property tests (tests/test_properties.py) play whole runs and write files: fewer examples.
PROPERTY = settings(
    FUZZ, max_examples=1_000 if os.environ.get("IO_GAME_SLOW") else 10 if os.environ.get("IO_GAME_MUTATION") else 40
)
