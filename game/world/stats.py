"""Counts that describe a world: scenes, choices, endings, words of narration, per file too."""

from __future__ import annotations

import os
from typing import Any

from msgspec import Struct, field

from game.support.textsafe import clean_name
from game.world.model import World


def count_words(text: str) -> int:
    return len(text.split())


class Stats(Struct):
    scenes: int = 0
    choices: int = 0
    endings: int = 0
    words: int = 0
    per_file: dict[str, Stats] = field(default_factory=dict)

    def line(self) -> str:
        return f"{self.scenes} scenes, {self.choices} choices, {self.endings} endings, {self.words:,} words"

    def counts(self) -> dict[str, int]:
        return {"scenes": self.scenes, "choices": self.choices, "endings": self.endings, "words": self.words}

    def as_dict(self, per_file: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = self.counts()
        if per_file:
            data["files"] = {clean_name(name): stats.counts() for name, stats in self.per_file.items()}
        return data

    def table(self, root: str = "") -> list[str]:
        """One line per file and a total, aligned: file, scenes, choices, endings, words."""
        rows = [(clean_name(_relative(name, root)), stats) for name, stats in sorted(self.per_file.items())]
        width = max([len("file"), len("total"), *(len(name) for name, _ in rows)])
        lines = [f"{'file':<{width}}  {'scenes':>6}  {'choices':>7}  {'endings':>7}  {'words':>8}"]
        for name, stats in [*rows, ("total", self)]:
            lines.append(
                f"{name:<{width}}  {stats.scenes:>6}  {stats.choices:>7}  {stats.endings:>7}  {stats.words:>8,}"
            )
        return lines


def _relative(name: str, root: str) -> str:
    if root:
        try:
            return os.path.relpath(name, root)
        except ValueError:
            return name
    return name


def world_stats(world: World) -> Stats:
    total = Stats()
    for scene in world.scenes.values():
        file_stats = total.per_file.setdefault(scene.loc.file, Stats())
        words = count_words(scene.text) + sum(count_words(v.text) for v in scene.variants)
        # A choice's reply is narration the player reads, so it counts too.
        words += sum(count_words(c.reply.source) for c in scene.choices if c.reply is not None)
        for stats in (total, file_stats):
            stats.scenes += 1
            stats.choices += len(scene.choices)
            stats.endings += scene.ending is not None
            stats.words += words
    return total
