"""Saves: small, atomic, versioned files that hold a run (world, seed, choices) and a summary."""

from game.saves.format import (
    FORMAT,
    SaveError,
    SaveFile,
    SaveInfo,
    StepLog,
    check_world,
    checksum,
    clean_slot,
    read_save,
    resume,
)
from game.saves.store import AUTOSAVE, SaveStore, autosave_slot, is_game_slot, unfinished_slot

__all__ = [
    "AUTOSAVE",
    "FORMAT",
    "SaveError",
    "SaveFile",
    "SaveInfo",
    "SaveStore",
    "StepLog",
    "autosave_slot",
    "is_game_slot",
    "unfinished_slot",
    "check_world",
    "checksum",
    "clean_slot",
    "read_save",
    "resume",
]
