"""Worlds: the YAML format, its loader and the expression language."""

from game.world.errors import Diagnostic, WorldError
from game.world.loader import load_world
from game.world.model import Choice, Ending, Scene, Variable, Variant, World

__all__ = [
    "Choice",
    "Diagnostic",
    "Ending",
    "Scene",
    "Variable",
    "Variant",
    "World",
    "WorldError",
    "load_world",
]
