"""Every mistake in an expression is told at its place, with what is wrong and what to do.

A rule of the format (docs/authoring.md, the expression language): an error names the offset in
the expression, says what is wrong, and gives a hint; its kind decides the error code the loader
reports (syntax, undeclared, type, not_allowed, unknown_scene).
"""

from __future__ import annotations

import pytest

from game.world.expr import ExprError, compile_condition, compile_effect

TYPES = {"hope": "number", "met": "flag", "name": "text"}
DID_YOU_MEAN = "did you mean 'hope'? Otherwise declare it in world.yaml"
SCENE_HINT = "use the id of a scene in this world"


def scenes(scene: str) -> bool:
    return scene == "dawn"


CONDITIONS: dict[str, tuple[int, str, str, str]] = {
    "hope.x > 1": (4, "attribute access ('.') is not allowed", "use a declared variable name", "not_allowed"),
    "hope @ 1": (5, "unexpected character '@'", "remove it", "syntax"),
    "hope >": (6, "expression ends too early", "finish the expression", "syntax"),
    "hope > 1 +": (10, "expression ends too early", "finish the expression", "syntax"),
    "hope > )": (7, "unexpected ')'", "check the operators", "syntax"),
    "hope = 1": (5, "'=' sets a variable", "use == to compare", "syntax"),
    "hope += 1": (5, "'+=' changes a variable", "conditions only compare", "syntax"),
    "1 < hope < 3": (9, "comparisons cannot be chained", "join them with 'and'", "syntax"),
    "hope > 99999999999": (7, "number too large", "numbers go up to 1,000,000,000", "not_allowed"),
    "(" * 40 + "met" + ")" * 40: (32, "expression nested too deeply", "simplify it", "not_allowed"),
    "hope2 > 1": (
        0,
        "undeclared variable 'hope2'",
        "did you mean 'hope'? Otherwise declare it in world.yaml",
        "undeclared",
    ),
    "zzz > 1": (0, "undeclared variable 'zzz'", "declare it under variables: in world.yaml", "undeclared"),
    "visited('nowhere')": (
        0,
        "visited() names unknown scene 'nowhere'",
        "use the id of a scene in this world",
        "unknown_scene",
    ),
    "chance(1000)": (7, "chance() takes a percentage from 0 to 100", "write chance(30)", "syntax"),
    "chance(hope)": (7, "chance() takes a whole number percentage", "write chance(30)", "syntax"),
    "hope > met": (5, "cannot compare number with flag", "compare values of the same kind", "type"),
    "name > 1": (5, "cannot compare text with number", "compare values of the same kind", "type"),
    "met met": (4, "unexpected 'met'", "check for a missing 'and' or 'or'", "syntax"),
    "hope": (0, "a condition must be true or false, but this is a number", "compare it, for example: hope > 3", "type"),
    "not hope": (4, "'not' works on true/false, but this is a number", "use a flag here", "type"),
    "hope + met > 1": (7, "'+' works on numbers, but this is a flag", "use a number here", "type"),
}

EFFECTS: dict[str, tuple[int, str, str, str]] = {
    "hope = met": (6, "hope is a number, but this value is a flag", "give it a number", "type"),
    "hope += true": (7, "hope is a number, but this value is a flag", "give it a number", "type"),
    "hope -= 'x'": (7, "hope is a number, but this value is a text", "give it a number", "type"),
    "nope = 1": (
        0,
        "undeclared variable 'nope'",
        "did you mean 'hope'? Otherwise declare it in world.yaml",
        "undeclared",
    ),
    "hope": (0, "an effect must look like 'var = value', 'var += n' or 'var -= n'", "for example: hope += 1", "syntax"),
    "met += 1": (4, "'+=' needs a number, but met is a flag", "use 'met = ...' to set it", "type"),
}


@pytest.mark.parametrize("source", list(CONDITIONS), ids=[s[:30] for s in CONDITIONS])
def test_a_bad_condition_says_where_what_and_what_to_do(source: str) -> None:
    with pytest.raises(ExprError) as caught:
        compile_condition(source, TYPES, scenes, "site")
    error = caught.value
    assert (error.offset, error.message, error.hint, error.kind) == CONDITIONS[source]
    assert str(error) == error.message


@pytest.mark.parametrize("source", list(EFFECTS))
def test_a_bad_effect_says_where_what_and_what_to_do(source: str) -> None:
    with pytest.raises(ExprError) as caught:
        compile_effect(source, TYPES, scenes, "site")
    error = caught.value
    assert (error.offset, error.message, error.hint, error.kind) == EFFECTS[source]


def test_a_condition_knows_the_variables_and_scenes_it_reads_and_whether_it_draws() -> None:
    """Lint's "never read" and "never true" warnings and the explorer rest on these."""
    compiled = compile_condition("hope > 1 and (met or visited('dawn'))", TYPES, scenes, "site")
    assert compiled.reads == {"hope", "met"}
    assert compiled.scenes == {"dawn"}
    assert compiled.uses_chance is False
    drawing = compile_condition("chance(50) or name == 'x'", TYPES, scenes, "site")
    assert drawing.reads == {"name"} and drawing.uses_chance is True
    effect = compile_effect("hope += hope + 1", TYPES, scenes, "site")
    assert (effect.target, effect.op, effect.value.reads) == ("hope", "+=", {"hope"})
