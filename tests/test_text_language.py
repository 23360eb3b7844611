"""The inline text language: what each construct shows, and each error at its exact line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.world import WorldError, load_world
from game.world.text import Band, compile_text, plain, spans

TYPES = {"hope": "number", "met": "flag", "name": "text", "bond": "number"}
WORDS = {"hope": (Band(0, 2, "fraying"), Band(3, 6, "steady"), Band(7, 10, "bright"))}


class FakeRun:
    """The three things a text reads of a run; draws are fixed per site, like a run's at one step."""

    def __init__(self, **variables: object) -> None:
        self.variables = {"hope": 5, "met": False, "name": "Sam", "bond": 0, **variables}
        self.visits: dict[str, int] = {"a": 1}
        self.taken: set[str] = set()

    def draw(self, site: int) -> int:
        return (site * 7919) % 100


def show(source: str, runs: int = 1, **variables: object) -> list[str]:
    text = compile_text(source, TYPES, WORDS, lambda scene: True, "s.text")
    run = FakeRun(**variables)
    seen: dict[str, int] = {}
    return [plain(text.render(run, seen)) for _ in range(runs)]  # type: ignore[arg-type]


def test_interpolation_and_words() -> None:
    assert show("{name} feels {word(hope)} ({hope}).") == ["Sam feels steady (5)."]
    assert show("{word(hope)}", hope=0) == ["fraying"]
    assert show("{word(hope)}", hope=10) == ["bright"]
    assert show("{met}") == ["false"]


def test_condition_with_and_without_else_and_nesting() -> None:
    source = "He {if bond >= 4: would wait.|would not.}"
    assert show(source, bond=4) == ["He would wait."]
    assert show(source, bond=3) == ["He would not."]
    assert show("A{if met: , and Micah}.") == ["A."]
    assert show("A{if met: , and Micah}.", met=True) == ["A, and Micah."]
    nested = "{if met: {if bond > 2: Micah grins.|Micah nods.}|A stranger waits.}"
    assert show(nested) == ["A stranger waits."]
    assert show(nested, met=True, bond=3) == ["Micah grins."]
    assert show(nested, met=True) == ["Micah nods."]


def test_alternatives_sequence_cycle_once() -> None:
    assert show("{One.|Two.|Three.}", runs=4) == ["One.", "Two.", "Three.", "Three."]
    assert show("{&Tick|Tock}", runs=3) == ["Tick", "Tock", "Tick"]
    assert show("{!First time.|Second time.}", runs=3) == ["First time.", "Second time.", ""]
    # alternatives nest in conditions and conditions in alternatives
    assert show("{if met: {&a|b}|{&c|d}}", runs=2) == ["c", "d"]


def test_shuffle_is_drawn_from_the_run_stream() -> None:
    first = show("{~a|b|c|d|e}", runs=6)
    assert first == show("{~a|b|c|d|e}", runs=6)  # the same run draws the same
    assert len(set(first)) > 1


def test_literal_braces_bars_stars_and_backslashes() -> None:
    assert show(r"a \{ b \} c \| d") == ["a { b } c | d"]
    assert show(r"five \* three, a \\ b") == [r"five * three, a \ b"]
    assert show("no braces | at all") == ["no braces | at all"]
    assert show(r"{if met: x|a \| b}") == ["a | b"]


def test_emphasis_spans_and_plain() -> None:
    text = compile_text("A *small* and **bold** word, 5 * 3.", TYPES).render(FakeRun(), {})  # type: ignore[arg-type]
    assert spans(text) == [
        ("A ", ""),
        ("small", "italic"),
        (" and ", ""),
        ("bold", "bold"),
        (" word, 5 * 3.", ""),
    ]
    assert plain(text) == "A small and bold word, 5 * 3."
    assert spans(r"\*not\* emphasis") == [("*not* emphasis", "")]


def test_world_text_cannot_become_markup() -> None:
    # spans() hands out plain strings and style names only: markup stays characters to show.
    marked = compile_text("[bold red]x[/] *[link=http://e]y*", TYPES).render(FakeRun(), {})  # type: ignore[arg-type]
    assert spans(marked) == [("[bold red]x[/] ", ""), ("[link=http://e]y", "italic")]
    # a value from the run (a text variable, perhaps from a save) cannot add emphasis either
    assert show("{name}", name="*a*") == ["*a*"]


def test_peeking_does_not_advance_alternatives() -> None:
    text = compile_text("{a|b}", TYPES, site="s")
    run = FakeRun()
    seen: dict[str, int] = {}
    assert text.render(run, seen, advance=False) == "a"  # type: ignore[arg-type]
    assert text.render(run, seen, advance=False) == "a"  # type: ignore[arg-type]
    assert seen == {}


# --- errors at their line and column, in every way YAML writes a text -------------------------------


def world(tmp_path: Path, scenes: str) -> Path:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "world.yaml").write_text(
        "id: w\ntitle: W\nstart: a\nvariables:\n"
        "  hope: {initial: 5, min: 0, max: 10, words: {0-2: fraying, 3-6: steady, 7-10: bright}}\n"
        "  met: {initial: false}\n"
    )
    (tmp_path / "scenes" / "a.yaml").write_text(scenes)
    return tmp_path


def errors(folder: Path) -> list[tuple[str, int, int, str]]:
    with pytest.raises(WorldError) as caught:
        load_world(folder)
    return [
        (d.code, d.location.line, d.location.column, d.message)
        for d in caught.value.diagnostics
        if d.location.file.endswith("a.yaml")
    ]


SCENE = "a:\n  title: A\n  choices:\n    - {id: go, text: Go, to: a}\n"


@pytest.mark.parametrize(
    ("text", "line", "column", "code", "words"),
    [
        # literal block: the second line of the block
        ("  text: |\n    All is well {hope}.\n    Then {hopw} here.\n", 7, 11, "E031", "unknown variable 'hopw'"),
        # folded block
        ("  text: >\n    Folded\n    and {~only one} here.\n", 7, 9, "E035", "one"),
        # plain text over two lines
        ("  text: plain text\n    over {oops\n", 6, 10, "E035", "never closed"),
        # double quotes with escapes before the fault
        ('  text: "Say \\"hi\\" {if hope > 3: a|b|c}"\n', 5, 38, "E035", "at most two branches"),
        # single quotes with a doubled quote
        ("  text: 'It''s } here'\n", 5, 16, "E035", "closes no"),
        # an expression error inside a condition: the column of the faulty token
        ("  text: |\n    x\n      {if hope >> 3: a}\n", 7, 17, "E030", "unexpected"),
        ("  text: '{if hope == true: a}'\n", 5, 19, "E032", "cannot compare"),
        ("  text: '{if visited(\"nowhere\"): a}'\n", 5, 14, "E034", "unknown scene 'nowhere'"),
        ("  text: '{word(met)}'\n", 5, 16, "E032", "no words"),
        ("  text: 'just {some words} in braces'\n", 5, 15, "E035", "braces hold"),
        ("  text: '{&a}'\n", 5, 10, "E035", "cycle alternative needs two"),
    ],
)
def test_text_errors_name_their_line_and_column(
    tmp_path: Path, text: str, line: int, column: int, code: str, words: str
) -> None:
    found = errors(world(tmp_path, SCENE + text))
    assert len(found) == 1, found
    assert found[0][:3] == (code, line, column), found
    assert words in found[0][3]


def test_errors_in_replies_choice_text_and_blocks(tmp_path: Path) -> None:
    found = errors(
        world(
            tmp_path,
            "a:\n  title: A\n  text:\n    - Shared.\n    - if: met\n      text: 'Met {nobody}.'\n"
            "  choices:\n    - id: go\n      text: 'Go {if met: now}'\n      to: a\n"
            "      reply: |\n        Fine.\n        {a|b\n",
        )
    )
    assert [(code, line, column) for code, line, column, _ in found] == [
        ("E031", 6, 19),
        ("E035", 13, 9),
    ]


def test_word_bands_must_cover_the_range_without_overlap(tmp_path: Path) -> None:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "a.yaml").write_text("a:\n  title: A\n  text: x\n  next: a\n")
    for words, message in [
        ("{0-2: low, 2-10: high}", "overlaps"),
        ("{0-2: low, 4-10: high}", "no word for hope = 3"),
        ("{0-2: low, 3-9: high}", "no word for hope = 10"),
        ("{low: 1}", "not a band"),
    ]:
        (tmp_path / "world.yaml").write_text(
            f"id: w\ntitle: W\nstart: a\nvariables:\n  hope: {{initial: 0, min: 0, max: 10, words: {words}}}\n"
        )
        with pytest.raises(WorldError) as caught:
            load_world(tmp_path)
        assert message in str(caught.value)


def test_taken_names_a_choice_and_unknown_ones_are_refused(tmp_path: Path) -> None:
    found = errors(
        world(
            tmp_path,
            "a:\n  title: A\n  text: '{if taken(\"a.nope\"): x}'\n  choices:\n"
            '    - {id: go, text: Go, to: a, if: \'taken("a.go") or taken("b.go")\'}\n',
        )
    )
    assert [(code, line, column) for code, line, column, _ in found] == [("E034", 3, 21), ("E034", 5, 62)]
    assert "unknown choice 'a.nope'" in found[0][3] and "unknown choice 'b.go'" in found[1][3]


@pytest.mark.parametrize(
    ("scenes", "line", "column", "code", "words"),
    [
        # a sub-scene call that comes back to a scene that does not exist
        ("    - {id: ask, text: Ask, to: a, then: nowhere}\n", 5, 41, "E022", "comes back to unknown scene 'nowhere'"),
        # a return says where it goes by itself
        ("    - {id: back, text: Back, return: true, to: a}\n", 5, 44, "E010", "takes no 'to:'"),
        # a conditional effect with an undeclared variable, and with a key it does not take
        ("    - {id: go, text: Go, to: a, do: [{if: hop > 1, do: [met = true]}]}\n", 5, 43, "E031", "'hop'"),
        ("    - {id: go, text: Go, to: a, do: [{if: met, do: [met = true], them: x}]}\n", 5, 66, "E011", "'them'"),
        # effects after the reply
        ("    - {id: go, text: Go, to: a, after: [hope += true]}\n", 5, 48, "E032", "hope is a number"),
        # tags are text
        ("    - {id: go, text: Go, to: a, tags: [[x]]}\n", 5, 40, "E010", "tag"),
    ],
)
def test_choice_construct_errors_name_their_line_and_column(
    tmp_path: Path, scenes: str, line: int, column: int, code: str, words: str
) -> None:
    found = errors(world(tmp_path, "a:\n  title: A\n  text: t\n  choices:\n" + scenes))
    assert len(found) == 1, found
    assert found[0][:3] == (code, line, column), found
    assert words in found[0][3]


def test_scene_construct_errors_name_their_line_and_column(tmp_path: Path) -> None:
    found = errors(
        world(
            tmp_path,
            "a:\n  title: A\n  text: t\n  on_enter: [hope += met]\n  next: b\n"  # line 4: on_enter
            "b:\n  title: B\n  text: t\n  next: a\n  choices:\n    - {id: go, text: Go, to: a}\n"  # line 9: next
            "c:\n  title: C\n  text:\n    - if: hope >\n      text: x\n  next: nowhere\n",  # 15, 17
        )
    )
    assert [(code, line, column) for code, line, column, _ in found] == [
        ("E032", 4, 21),  # the value given (as every effect error says)
        ("E010", 9, 9),
        ("E030", 15, 17),
        ("E022", 17, 9),
    ]
