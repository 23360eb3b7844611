"""A scene's alternatives count a showing when it is entered, without the text being made: what the
player reads (whenever they read it) is what a render on entry would have shown, and the counts
are the same as rendering would leave them."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import Story
from game.engine.replay import replay_exactly
from game.world import World, load_world
from game.world.text import compile_text
from tests.conftest import FIXTURES
from tests.fuzzing import FUZZ

SCENES = """\
a:
  title: A
  text: "{Dawn.|Noon.|{&Dusk.|Night.}} {if x > 2: {!First.|Second.}|{~Red.|Blue.|Green.}} x={x}"
  variants:
    - if: x > 4
      text: "{&Wind.|Rain.}"
    - if: x > 6
      text: "{Only this.|{!Or this.|}}"
      replace: true
  choices:
    - {id: up, text: "Up {&once|again}", to: b, do: [x += 1], reply: "{!Fine.|Again?|}"}
    - {id: stay, text: Stay, to: a, do: [x += 2]}
    - {id: down, text: Down, to: a, if: x > 0, do: [x -= 1]}
b:
  title: B
  text:
    - "{Blocks.|More blocks.}"
    - if: x > 3
      text: "{if x > 5: {&Tall.|Short.}|{~Left.|Right.}}"
    - text: Plain.
  choices:
    - {id: back, text: Back, to: a}
    - {id: again, text: Again, to: b, do: [x += 1]}
"""


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("counting")
    (folder / "scenes").mkdir()
    (folder / "world.yaml").write_text("id: w\ntitle: W\nstart: a\nvariables:\n  x: {initial: 0, min: 0, max: 9}\n")
    (folder / "scenes" / "a.yaml").write_text(SCENES)
    return load_world(folder)


def walk(world: World, seed: int, steps: int) -> list[tuple[str, dict[str, int], str]]:
    """Play a random walk; at each scene: the text the player reads, the counts, and the text a
    render on entry would have shown (from the counts before the step, which a reply never shares)."""
    rng = random.Random(seed)
    story = Story(world, seed)
    seen: list[tuple[str, dict[str, int], str]] = []
    before: dict[str, int] = {}
    for _ in range(steps):
        expected = dict(before)
        shown = story.scene.narrate(story, expected, advance=True)
        keys = set(story.scene.alternatives)
        assert {k: v for k, v in story.seen.items() if k in keys} == {k: v for k, v in expected.items() if k in keys}
        read = story.narration_marked()
        assert story.narration_marked() == read  # reading again changes nothing
        seen.append((read, dict(story.seen), shown))
        offered = story.choices()
        if not offered:
            break
        before = dict(story.seen)
        story.choose(rng.choice(offered).id)
    return seen


@pytest.mark.parametrize("seed", range(12))
def test_the_text_read_is_the_text_shown_on_entry(world: World, seed: int) -> None:
    for read, _counts, shown in walk(world, seed, 60):
        assert read == shown


def test_reading_or_not_leaves_the_same_counts(world: World) -> None:
    """A replay reads no text but the last: its counts, and the text it ends on, are the player's."""
    story = Story(world, 3)
    rng = random.Random(3)
    for _ in range(80):
        story.narration()  # the player reads every scene
        story.choose(rng.choice(story.choices()).id)
    replayed = replay_exactly(world, story.run)  # reads none
    assert replayed.seen == story.seen
    assert replayed.narration() == story.narration()


def test_a_world_of_every_construct_plays_the_same_read_or_not() -> None:
    inline = load_world(FIXTURES / "worlds" / "inline")
    for seed in range(8):
        rng = random.Random(seed)
        story = Story(inline, seed)
        for _ in range(40):
            story.narration()
            offered = story.choices()
            if not offered:
                break
            story.choose(rng.choice(offered).id)
        replayed = replay_exactly(inline, story.run)
        assert (replayed.seen, replayed.narration()) == (story.seen, story.narration())


# Texts made of alternatives of every kind, {if}s and variables, nested.
_leaf = st.sampled_from(["a", "b ", "{x}", ""])
_texts = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["", "&", "!", "~"]), st.lists(inner, min_size=2, max_size=4)).map(
            lambda kind_branches: "{" + kind_branches[0] + "|".join(kind_branches[1]) + "}"
        ),
        st.tuples(st.integers(0, 5), inner, inner).map(lambda t: f"{{if x > {t[0]}: {t[1]}|{t[2]}}}"),
        st.lists(inner, min_size=1, max_size=3).map("".join),
    ),
    max_leaves=12,
)


class _State:
    def __init__(self, x: int, step: int) -> None:
        self.variables = {"x": x}
        self.visits: dict[str, int] = {}
        self.taken: set[str] = set()
        self.step = step

    def draw(self, site: int) -> int:
        return (site * 7 + self.step * 13) % 100


@settings(FUZZ, max_examples=max(10, FUZZ.max_examples // 20))  # each example compiles a text
@given(_texts, st.lists(st.integers(0, 6), min_size=1, max_size=6))
def test_counting_a_showing_advances_what_rendering_it_does(source: str, xs: list[int]) -> None:
    text = compile_text(source, {"x": "number"}, site="t")
    rendered: dict[str, int] = {}
    counted: dict[str, int] = {}
    for step, x in enumerate(xs):
        state = _State(x, step)
        text.render(state, rendered, True)  # type: ignore[arg-type]
        text.count(state, counted)  # type: ignore[arg-type]
        assert counted == rendered
    assert (text.count_fn is None) == (not text.alternatives)


def test_a_text_without_alternatives_counts_nothing() -> None:
    text = compile_text("{if x > 1: big|small} {x}", {"x": "number"}, site="t")
    seen: dict[str, int] = {}
    text.count(_State(3, 0), seen)  # type: ignore[arg-type]
    assert seen == {} and text.count_fn is None
