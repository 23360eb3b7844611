"""Narration with inline text: a scene whose text holds 20 inline fragments, against the same scene
written as plain text of the same length, rendered the way Story.narration() renders it.

    .venv/bin/python bench/bench_text.py [--renders 20000] [--repeat 5]

- inline:  a scene of four paragraphs with 21 fragments: 7 conditions (2 nested), 6 variables (2 of
           them words of a band), 2 sequences, 2 cycles, 2 once-only, 2 shuffles; plus emphasis.
- plain:   Scene.narrate + plain() on what the inline scene renders to, written out as plain text:
           the same words, no braces.

Figures are renders per second (best of --repeat, in process CPU time) and the ratio of the two
measured in this run; the target is inline costing <= 2x plain.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.world.errors import Location  # noqa: E402
from game.world.model import Scene  # noqa: E402
from game.world.text import Band, compile_text, plain  # noqa: E402

TYPES = {"hope": "number", "hours": "number", "met": "flag", "name": "text", "bond": "number"}
WORDS = {"hope": (Band(0, 2, "fraying"), Band(3, 6, "steady"), Band(7, 10, "bright"))}

INLINE = """\
{name} wakes before dawn with {hours} hours of air and feels {word(hope)}. {if met: Micah is already up,
checking the valves.|The dome is quiet.} {The pumps cough.|The pumps cough again.|The pumps run.}
Outside, {&the wind scours the ridge|the dust settles on the ridge} and the light comes slowly.

{if bond >= 4: He would wait for you. {if hope > 5: You believe it.|You almost believe it.}|He would
not wait, and you both know it.} {!The radio hisses.|The radio is silent.|} You count the tanks:
{hours}, then {hours} again, as if the number could change. {~A pebble ticks on the glass.|The heater
clicks.|Somewhere a strap snaps.}

*Breathe*, you tell yourself. {if hope > 2: The garden still grows.|The garden is brown.} {&Micah hums.
|Micah whistles.} {if met: He looks up|Nobody looks up} when you pass, and the greenhouse smells of
wet soil and **tomatoes**. {Your hands shake.|Your hands are steadier.} You feel {word(hope)}.

{!Today you will decide.|} {~The ridge is red.|The ridge is grey.} {if hours < 3: Time is short.|There
is time, still.} {name} opens the hatch and steps into the cold.
"""


class Run:
    def __init__(self) -> None:
        self.variables: dict[str, object] = {"hope": 6, "hours": 6, "met": True, "name": "Sam", "bond": 5}
        self.visits: dict[str, int] = {}
        self.taken: set[str] = set()
        self.steps = 0

    def draw(self, site: int) -> int:
        return (site + self.steps) % 100


def scene(text: str) -> Scene:
    body = compile_text(text, TYPES, WORDS, site="bench.text")
    return Scene("bench", "Bench", text, (), (), None, Location("bench", 1, 1), body=body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renders", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    run = Run()
    inline = scene(INLINE)
    flat = scene(inline.narrate(run, {}, advance=False))  # type: ignore[arg-type]
    fragments = INLINE.count("{")
    a, b = plain(inline.narrate(run, {}, advance=False)), plain(flat.narrate(run, {}, advance=False))  # type: ignore[arg-type]
    print(f"inline: {fragments} fragments (nested counted), {len(a.split())} words; plain: {len(b.split())} words")

    def work(target: Scene) -> float:
        seen: dict[str, int] = {}
        start = time.process_time()
        for _ in range(args.renders):
            plain(target.narrate(run, seen))  # type: ignore[arg-type]
        return time.process_time() - start

    best = {"plain": float("inf"), "inline": float("inf")}
    for _ in range(args.repeat):
        best["plain"] = min(best["plain"], work(flat))
        best["inline"] = min(best["inline"], work(inline))
    for name, seconds in best.items():
        print(f"{name:>7}: {args.renders / seconds:12,.0f} renders/s")
    ratio = best["inline"] / best["plain"]
    verdict = "holds" if ratio <= 2 else "MISSED"
    print(f"goal: a scene with 21 inline fragments = {ratio:.2f}x plain text (goal <= 2x): {verdict}")
    return 0 if ratio <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
