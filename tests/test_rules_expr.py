"""Rules of the expression language (docs/world-format.md) that a full mutation run of
game/world/expr.py found unstated: the limits (length, nesting, numbers, chance()'s percentage) at
their edges, every construct outside the language with its message and hint, what each function and
operator gives, how text is quoted, and how a value is spelled back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from game.world.expr import (
    MAX_DEPTH,
    MAX_INT,
    MAX_LENGTH,
    ExprError,
    compile_condition,
    compile_effect,
    nodes,
    parse,
    spell,
)

TYPES = {"hope": "number", "met": "flag", "name": "text"}
FUNCTIONS = 'the functions are visited("scene"), visits("scene"), taken("scene.choice") and chance(percent)'
WORDS = "conditions use and, or, not, comparisons, + and -"
ONLY = "conditions use names, numbers, text and operators only"


def scenes(scene: str) -> bool:
    return scene == "dawn"


@dataclass
class Run:
    """A run's state as an expression reads it."""

    variables: dict[str, int | bool | str] = field(default_factory=lambda: {"hope": 3, "met": False, "name": "Sam"})
    visits: dict[str, int] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    drawn: int = 50
    sites: list[int] = field(default_factory=list)

    def draw(self, site: int) -> int:
        self.sites.append(site)
        return self.drawn


def holds(source: str, run: Run | None = None) -> object:
    return compile_condition(source, TYPES, scenes, "site").evaluate(run or Run())


# --- what is outside the language ------------------------------------------------------------------

REFUSED: dict[str, tuple[int, str, str, str]] = {
    "hope[1]": (4, "indexing ('[') is not allowed", "use a declared variable name", "not_allowed"),
    "hope]": (4, "indexing (']') is not allowed", "use a declared variable name", "not_allowed"),
    "hope * 2": (5, "only + and - are supported", "rewrite without * or /", "not_allowed"),
    "hope / 2": (5, "only + and - are supported", "rewrite without * or /", "not_allowed"),
    "hope % 2": (5, "only + and - are supported", "rewrite without %", "not_allowed"),
    "met & met": (4, "'&' is not an operator here", "use 'and'", "not_allowed"),
    "met | met": (4, "'|' is not an operator here", "use 'or'", "not_allowed"),
    "!met": (0, "'!' is not an operator here", "use 'not', or != for 'not equal'", "not_allowed"),
    "{met}": (0, "braces are not allowed", ONLY, "not_allowed"),
    "met: 1": (3, "':' is not allowed", ONLY, "not_allowed"),
    "and met": (0, "'and' needs a value before it", "check the expression", "syntax"),
    "lambda": (0, "'lambda' is not part of the language", WORDS, "not_allowed"),
    "import os": (0, "'import' is not part of the language", WORDS, "not_allowed"),
    "None": (0, "'None' is not part of the language", WORDS, "not_allowed"),
    "foo(1)": (0, "unknown function 'foo'", FUNCTIONS, "not_allowed"),
    "met (1)": (0, "unknown function 'met'", FUNCTIONS, "not_allowed"),
    "hope > 1 (": (9, "calls are not allowed here", FUNCTIONS, "not_allowed"),
    "_x > 1": (0, "names starting with '_' are not allowed (_x)", "use a declared variable name", "not_allowed"),
    "__import__('os')": (
        0,
        "names starting with '_' are not allowed (__import__)",
        "use a declared variable name",
        "not_allowed",
    ),
    "taken(1)": (6, "taken() takes a scene id and a choice id in quotes", 'write taken("greenhouse.hives")', "syntax"),
    "taken('a')": (
        6,
        "taken() takes a scene id and a choice id in quotes",
        'write taken("greenhouse.hives")',
        "syntax",
    ),
    "taken('A.b')": (
        6,
        "taken() takes a scene id and a choice id in quotes",
        'write taken("greenhouse.hives")',
        "syntax",
    ),
    "visited(1)": (
        8,
        "visited() takes a scene id in quotes",
        'put the id of one of your scenes in quotes, as in visited("scene_id")',
        "syntax",
    ),
    "visits(dawn) > 1": (
        7,
        "visits() takes a scene id in quotes",
        'put the id of one of your scenes in quotes, as in visits("scene_id")',
        "syntax",
    ),
    "chance(50": (9, "expected ')' but found 'the end'", "chance() takes one argument", "syntax"),
    "visited('dawn' 'x')": (15, "expected ')' but found \"'x'\"", "visited() takes one argument", "syntax"),
    "(met": (4, "expected ')' but found 'the end'", "close the parenthesis", "syntax"),
    "hope > 01234567890": (7, "number too large", "numbers go up to 1,000,000,000", "not_allowed"),
    "hope > 1000000001": (7, "number too large", "numbers go up to 1,000,000,000", "not_allowed"),
    "hope > 0000000001000000001": (7, "number too large", "numbers go up to 1,000,000,000", "not_allowed"),
    "chance(000101)": (7, "chance() takes a percentage from 0 to 100", "write chance(30)", "syntax"),
    "-met": (1, "'-' works on numbers, but this is a flag", "use a number here", "type"),
    "'a' + 'b' == 'ab'": (0, "'+' works on numbers, but this is a text", "use a number here", "type"),
    "hope - met > 1": (7, "'-' works on numbers, but this is a flag", "use a number here", "type"),
    # A `true` or `false` written where a number belongs is pointed at, as a variable would be.
    "hope + true > 1": (7, "'+' works on numbers, but this is a flag", "use a number here", "type"),
    "met or hope": (7, "'or' joins true/false conditions, but this is a number", "use a flag here", "type"),
    "hope and met": (0, "'and' joins true/false conditions, but this is a number", "use a flag here", "type"),
    "name < 'b'": (0, "'<' compares numbers, but this is a text", "use a number here", "type"),
    "met >= met": (0, "'>=' compares numbers, but this is a flag", "use a number here", "type"),
    "name <= 'b'": (0, "'<=' compares numbers, but this is a text", "use a number here", "type"),
    "met > met": (0, "'>' compares numbers, but this is a flag", "use a number here", "type"),
    "met == 1": (4, "cannot compare flag with number", "compare values of the same kind", "type"),
    "hope -= met": (5, "'-=' changes a variable", "conditions only compare", "syntax"),
    "chance(-1)": (7, "chance() takes a whole number percentage", "write chance(30)", "syntax"),
    "chance(101)": (7, "chance() takes a percentage from 0 to 100", "write chance(30)", "syntax"),
    "hope ==": (7, "expression ends too early", "finish the expression", "syntax"),
    "met or": (6, "expression ends too early", "finish the expression", "syntax"),
    "not": (3, "expression ends too early", "finish the expression", "syntax"),
    "hope >= 1 >= 0": (10, "comparisons cannot be chained", "join them with 'and'", "syntax"),
    "hope\t>\n1 ==": (9, "comparisons cannot be chained", "join them with 'and'", "syntax"),
    "hope != 1 != 2": (10, "comparisons cannot be chained", "join them with 'and'", "syntax"),
    "hope <= 1 <= 2": (10, "comparisons cannot be chained", "join them with 'and'", "syntax"),
    "hope < 1 < 2": (9, "comparisons cannot be chained", "join them with 'and'", "syntax"),
    "hope > 1 > 0": (9, "comparisons cannot be chained", "join them with 'and'", "syntax"),
    "met )": (4, "unexpected ')'", "check for a missing 'and' or 'or'", "syntax"),
    # An operator's result used where it does not belong is pointed at by the operator.
    "-hope and met": (0, "'and' joins true/false conditions, but this is a number", "use a flag here", "type"),
    "hope + (met or met) > 1": (12, "'+' works on numbers, but this is a flag", "use a number here", "type"),
    "x" * (MAX_LENGTH + 1): (500, "expression of 501 characters is too long", "keep it under 500", "not_allowed"),
    "(" * MAX_DEPTH + "met" + ")" * MAX_DEPTH: (32, "expression nested too deeply", "simplify it", "not_allowed"),
    "not " * MAX_DEPTH + "met": (128, "expression nested too deeply", "simplify it", "not_allowed"),
    "-" * MAX_DEPTH + "hope > 0": (32, "expression nested too deeply", "simplify it", "not_allowed"),
}


def test_leading_zeros_change_nothing_in_a_number() -> None:
    """007 is 7, however many zeros lead: the limits are on the number's value, not its writing."""
    assert holds("hope == 003") is True and holds("hope > 000") is True
    assert holds("hope == 0000000000003") is True  # 13 characters, the value 3
    assert holds("hope < 0000000001000000000") is True  # the largest number, zeros before it
    for drawn in (49, 50):
        assert holds("chance(0050)", Run(drawn=drawn)) == holds("chance(50)", Run(drawn=drawn))
    assert holds("chance(000100)", Run(drawn=99)) is True


# How deep an expression goes is counted inside each group and given back when the group closes:
# MAX_DEPTH bounds parentheses, `not`s and minus signs inside one another, never how many stand side
# by side, and after one group the next may go exactly as deep as the first (refused: the offset).
NESTING: dict[str, int | None] = {
    " and ".join(["(met)"] * 40): None,
    " and ".join(["not met"] * 40): None,
    " and ".join(["-hope < 0"] * 34): None,
    "(met) and " + "(" * (MAX_DEPTH - 1) + "met" + ")" * (MAX_DEPTH - 1): None,
    "(met) and " + "(" * MAX_DEPTH + "met" + ")" * MAX_DEPTH: 42,
    "not met and " + "not " * (MAX_DEPTH - 1) + "met": None,
    "not met and " + "not " * MAX_DEPTH + "met": 140,
    "-hope < 0 and " + "-" * (MAX_DEPTH - 1) + "hope < 0": None,
    "-hope < 0 and " + "-" * MAX_DEPTH + "hope < 0": 46,
    # Inside a group, after a group: the outer one's depth comes back, not the top's.
    "((met) and " + "(" * (MAX_DEPTH - 2) + "met" + ")" * (MAX_DEPTH - 2) + ")": None,
    "((met) and " + "(" * (MAX_DEPTH - 1) + "met" + ")" * (MAX_DEPTH - 1) + ")": 42,
    "(not met and " + "not " * (MAX_DEPTH - 2) + "met)": None,
    "(not met and " + "not " * (MAX_DEPTH - 1) + "met)": 137,
    "(-hope < 0 and " + "-" * (MAX_DEPTH - 2) + "hope < 0)": None,
    "(-hope < 0 and " + "-" * (MAX_DEPTH - 1) + "hope < 0)": 46,
}


@pytest.mark.parametrize("source", list(NESTING), ids=[f"{s[:12]}...{len(s)}" for s in NESTING])
def test_nesting_is_counted_inside_each_group_and_given_back_after_it(source: str) -> None:
    assert len(source) <= MAX_LENGTH
    if NESTING[source] is None:
        compile_condition(source, TYPES, scenes, "site")
        return
    with pytest.raises(ExprError) as caught:
        compile_condition(source, TYPES, scenes, "site")
    assert (caught.value.offset, caught.value.message) == (NESTING[source], "expression nested too deeply")


@pytest.mark.parametrize("source", list(REFUSED), ids=[re.sub(r"\W+", "_", s)[:24] for s in REFUSED])
def test_what_the_language_refuses_is_told_at_its_place(source: str) -> None:
    with pytest.raises(ExprError) as caught:
        compile_condition(source, TYPES, scenes, "site")
    error = caught.value
    assert (error.offset, error.message, error.hint, error.kind) == REFUSED[source]


EFFECTS: dict[str, tuple[int, str, str, str]] = {
    "_x = 1": (0, "names starting with '_' are not allowed (_x)", "use a declared variable name", "not_allowed"),
    "hope = ": (7, "expression ends too early", "finish the expression", "syntax"),
    "hope += 1 +": (11, "expression ends too early", "finish the expression", "syntax"),
    "name = 'a' + 1": (7, "'+' works on numbers, but this is a text", "use a number here", "type"),
    "met = 'x'": (5, "met is a flag, but this value is a text", "give it a flag", "type"),
    "name -= 1": (5, "'-=' needs a number, but name is a text", "use 'name = ...' to set it", "type"),
    "  hope   +=   visits('x')": (
        14,
        "visits() names unknown scene 'x'",
        "use the id of a scene in this world",
        "unknown_scene",
    ),
    "hope == 1": (
        0,
        "an effect must look like 'var = value', 'var += n' or 'var -= n'",
        "for example: hope += 1",
        "syntax",
    ),
    "hope = " + "1" * MAX_LENGTH: (500, "expression of 507 characters is too long", "keep it under 500", "not_allowed"),
}


@pytest.mark.parametrize("source", list(EFFECTS), ids=[re.sub(r"\W+", "_", s)[:24] for s in EFFECTS])
def test_what_an_effect_may_not_do_is_told_at_its_place(source: str) -> None:
    with pytest.raises(ExprError) as caught:
        compile_effect(source, TYPES, scenes, "site")
    error = caught.value
    assert (error.offset, error.message, error.hint, error.kind) == EFFECTS[source]


def test_the_limits_themselves_are_allowed() -> None:
    assert (MAX_LENGTH, MAX_DEPTH, MAX_INT) == (500, 32, 10**9)
    assert holds("hope < 1000000000") is True
    assert holds("hope > 1" + " " * (MAX_LENGTH - 8)) is True  # exactly 500 characters
    assert holds("(" * (MAX_DEPTH - 1) + "met" + ")" * (MAX_DEPTH - 1)) is False
    assert holds("not " * (MAX_DEPTH - 1) + "met") is True
    assert holds("-" * (MAX_DEPTH - 1) + "hope < 0") is True
    assert holds("chance(0) or chance(100)") is True


# --- what an expression gives --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("hope == 3 and met == false and name == 'Sam'", True),
        ("hope != 3 or met != false or name != 'Sam'", False),
        ("hope < 3 or hope > 3", False),
        ("hope <= 3 and hope >= 3", True),
        ("hope + 2 - 1 == 4", True),
        ("hope - - 1 == 4", True),
        ("-hope == 0 - 3", True),
        ("not met and not not true", True),
        ("met or hope > 2 and false", False),  # `and` binds tighter than `or`
        ("(met or hope > 2) and true", True),
        ("name == 'it\\'s'", False),
        ("'it\\'s' == \"it's\"", True),
        ("'a\\\\b' != 'a\\b'", True),
    ],
)
def test_operators_give_what_they_say(source: str, value: bool) -> None:
    assert holds(source) is value


def test_visited_visits_and_taken_read_the_run() -> None:
    run = Run(visits={"dawn": 2}, taken={"dawn.go"})
    assert holds("visited('dawn') and visits('dawn') == 2 and taken('dawn.go')", run) is True
    assert holds("visited('dawn') or visits('dawn') > 0 or taken('dawn.stay')", Run()) is False


def test_chance_is_true_when_the_draw_is_under_its_percentage() -> None:
    run = Run(drawn=29)
    assert (holds("chance(30)", run), holds("chance(29)", run), holds("chance(0)", Run(drawn=0))) == (
        True,
        False,
        False,
    )
    assert holds("chance(100)", Run(drawn=99)) is True


def test_each_chance_draws_at_its_own_site() -> None:
    run = Run()
    compile_condition("chance(50)", TYPES, scenes, "a.go").evaluate(run)
    compile_condition("chance(50)", TYPES, scenes, "a.go").evaluate(run)
    compile_condition("chance(50)", TYPES, scenes, "a.stay").evaluate(run)
    compile_condition("met or chance(50)", TYPES, scenes, "a.go").evaluate(run)
    first, again, other, moved = run.sites
    assert first == again and len({first, other, moved}) == 3  # the site and the place in the text


def test_what_a_compiled_expression_knows_of_itself() -> None:
    compiled = compile_condition("taken('dawn.go') and visits('dawn') > hope", TYPES, scenes, "site")
    assert (compiled.source, compiled.type, compiled.uses_chance) == (
        "taken('dawn.go') and visits('dawn') > hope",
        "flag",
        False,
    )
    assert (compiled.reads, compiled.scenes, compiled.labels) == ({"hope"}, {"dawn"}, {"dawn.go"})
    effect = compile_effect("hope += 2", TYPES, scenes, "site")
    assert (effect.source, effect.target, effect.op, effect.value.source, effect.value.type) == (
        "hope += 2",
        "hope",
        "+=",
        " 2",
        "number",
    )
    assert compile_effect("hope=1", TYPES).op == "=" and compile_effect("hope -= 1", TYPES).op == "-="
    assert compile_effect("name = 'x'", TYPES).value.evaluate(Run()) == "x"


def test_without_a_scene_check_any_scene_may_be_named() -> None:
    assert compile_condition("visited('anywhere')", TYPES).scenes == {"anywhere"}


@pytest.mark.parametrize(
    ("value", "spelled"), [(True, "true"), (False, "false"), (42, "42"), ('a"b\\c', '"a\\"b\\\\c"')]
)
def test_a_value_is_spelled_as_the_language_writes_it(value: int | bool | str, spelled: str) -> None:
    assert spell(value) == spelled


def test_a_call_takes_exactly_one_argument() -> None:
    with pytest.raises(ExprError) as caught:
        compile_condition("chance(50 + 1)", TYPES, scenes, "site")
    assert (caught.value.offset, caught.value.message, caught.value.hint) == (
        10,
        "expected ')' but found '+'",
        "chance() takes one argument",
    )


def test_an_effect_on_an_undeclared_variable_says_to_declare_it() -> None:
    with pytest.raises(ExprError) as caught:
        compile_effect("zzz = 1", TYPES, scenes, "site")
    assert (caught.value.message, caught.value.hint) == (
        "undeclared variable 'zzz'",
        "declare it under variables: in world.yaml",
    )


def test_an_effects_chance_draws_at_its_own_site_like_a_conditions() -> None:
    run = Run()
    compile_effect("met = chance(50)", TYPES, scenes, "a.go").value.evaluate(run)
    compile_condition(" chance(50)", TYPES, scenes, "a.go").evaluate(run)  # the same place in the text
    compile_effect("met = chance(50)", TYPES, scenes, "a.stay").value.evaluate(run)
    effect_site, condition_site, other = run.sites
    assert effect_site == condition_site != other


def test_an_effects_value_keeps_its_tree_for_tools() -> None:
    effect = compile_effect("hope += hope + 1", TYPES, scenes, "site")
    assert effect.value.tree == parse(" hope + 1")


def test_a_conditions_nodes_are_every_operator_and_operand_it_writes_once_each() -> None:
    """What the authoring tools read of a condition (the variables and scenes it tests: lint, dead
    ends, exploration) comes from walking its tree: every operator and operand written, under `not`,
    on either side of an operator, however deep, is reached, and each once (in whatever order)."""
    tree = parse("not met and -hope + 1 > visits('dawn')")
    written = sorted(
        (node.offset, getattr(node, "op", None) or getattr(node, "name", None) or getattr(node, "function", None))
        for node in nodes(tree)
    )
    assert written == [
        (0, "not"),
        (4, "met"),
        (8, "and"),
        (12, "-"),  # a minus sign is an operator the tools read (the abstraction negates the interval)
        (13, "hope"),
        (18, "+"),
        (20, None),
        (22, ">"),
        (24, "visits"),
    ]
