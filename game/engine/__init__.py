"""The engine: a transitions Machine built from a World drives each Story (a run in play)."""

from game.engine.run import Run, RunError, Step
from game.engine.story import ChoiceUnavailable, Story

__all__ = ["ChoiceUnavailable", "Run", "RunError", "Step", "Story"]
