"""Counts that describe a world: scenes, choices, endings, words of narration."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.world.model import World


def count_words(text: str) -> int:
    return len(text.split())


@dataclass
class Stats:
    scenes: int = 0
    choices: int = 0
    endings: int = 0
    words: int = 0
    per_file: dict[str, Stats] = field(default_factory=dict)

    def line(self) -> str:
        return f"{self.scenes} scenes, {self.choices} choices, {self.endings} endings, {self.words:,} words"


def world_stats(world: World) -> Stats:
    total = Stats()
    for scene in world.scenes.values():
        file_stats = total.per_file.setdefault(scene.loc.file, Stats())
        words = count_words(scene.text) + sum(count_words(v.text) for v in scene.variants)
        for stats in (total, file_stats):
            stats.scenes += 1
            stats.choices += len(scene.choices)
            stats.endings += scene.ending is not None
            stats.words += words
    return total
