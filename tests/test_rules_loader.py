# ruff: noqa: E501  (each expected string is one whole line as the loader prints it)
"""Every fault the loader finds in a world is one line: file:line:column, the code, what is wrong and
how to mend it (docs/world-format.md). Each world here has one fault (a few, two that are both true),
and the test states the whole line: its place, its words and its hint.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.engine import Story
from game.world import WorldError, cache, load_world, loader
from game.world.errors import Location
from game.world.model import Scene, When

HEAD = "id: w\ntitle: W\nstart: a\n"
VARS = "variables:\n  hope: {initial: 3, min: 0, max: 10}\n  met: {initial: false}\n"
END = "a:\n  title: A\n  text: x\n  ending: {title: End}\n"  # the one scene: an ending
WITH = "a:\n  title: A\n  text: x\n"  # the same scene, its choices or ending still to write


def faults(root: Path, world: str, scenes: dict[str, bytes | str]) -> list[str]:
    """The loader's lines for a world, with the folder left out of each file name."""
    (root / "world.yaml").write_text(world, encoding="utf-8")
    (root / "scenes").mkdir()
    for name, text in scenes.items():
        (root / "scenes" / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    try:
        load_world(root)
    except WorldError as error:
        return [str(d).replace(f"{root}/", "") for d in error.diagnostics]
    return []


# name -> (world.yaml, scene files, the lines the loader gives)
CASES: dict[str, tuple[str, dict[str, bytes | str], list[str]]] = {
    "bad_world_id": (
        "id: W x\ntitle: W\nstart: a\n",
        {"s.yaml": END},
        ["world.yaml:1:5: error E013: world id 'W x' is not valid (use lowercase letters, digits and _)"],
    ),
    "empty_world_id": (
        "id: ''\ntitle: W\nstart: a\n",
        {"s.yaml": END},
        ["world.yaml:1:5: error E013: world id '' is not valid (use lowercase letters, digits and _)"],
    ),
    "blank_title": (
        "id: w\ntitle: '  '\nstart: a\n",
        {"s.yaml": END},
        ["world.yaml:2:8: error E010: the title of the world is empty (write a title)"],
    ),
    "title_list": (
        "id: w\ntitle: [1]\nstart: a\n",
        {"s.yaml": END},
        [
            "world.yaml:2:8: error E010: 'title' of the world must be text, not a list (write it as text; quote it if needed)"
        ],
    ),
    "unknown_world_key": (
        HEAD + "titel: x\n",
        {"s.yaml": END},
        ["world.yaml:4:1: error E011: unknown key 'titel' in world.yaml (did you mean 'title'?)"],
    ),
    "no_id": (
        "title: W\nstart: a\n",
        {"s.yaml": END},
        ["world.yaml:1:1: error E012: world.yaml has no 'id' (add 'id:')"],
    ),
    "start_close": (
        "id: w\ntitle: W\nstart: aa\n",
        {"s.yaml": END},
        ["world.yaml:3:8: error E023: start scene 'aa' does not exist (did you mean 'a'?)"],
    ),
    "start_far": (
        "id: w\ntitle: W\nstart: zzz\n",
        {"s.yaml": END},
        ["world.yaml:3:8: error E023: start scene 'zzz' does not exist (name a scene defined under scenes/)"],
    ),
    "status_not_list": (
        HEAD + VARS + "status: hope\n",
        {"s.yaml": END},
        ["world.yaml:7:9: error E010: status must be a list of variable names (for example: [air, hope])"],
    ),
    "status_close": (
        HEAD + VARS + "status: [hop]\n",
        {"s.yaml": END},
        ["world.yaml:7:10: error E031: status names undeclared variable 'hop' (did you mean 'hope'?)"],
    ),
    "status_far": (
        HEAD + VARS + "status: [zzz]\n",
        {"s.yaml": END},
        ["world.yaml:7:10: error E031: status names undeclared variable 'zzz' (declare it under variables:)"],
    ),
    "world_list": (
        "- 1\n",
        {"s.yaml": END},
        ["world.yaml:1:1: error E010: world.yaml must be a mapping of keys, not a list (see docs/world-format.md)"],
    ),
    "variables_list": (
        HEAD + "variables: [1]\n",
        {"s.yaml": END},
        ["world.yaml:4:12: error E010: variables must be a mapping of keys, not a list (see docs/world-format.md)"],
    ),
    "variable_name": (
        HEAD + "variables:\n  Hope: {initial: 1}\n",
        {"s.yaml": END},
        [
            "world.yaml:5:3: error E013: 'Hope' cannot name a variable (use lowercase letters, digits and _, starting with a letter, and not a keyword)"
        ],
    ),
    "variable_keyword": (
        HEAD + "variables:\n  and: {initial: 1}\n",
        {"s.yaml": END},
        [
            "world.yaml:5:3: error E013: 'and' cannot name a variable (use lowercase letters, digits and _, starting with a letter, and not a keyword)"
        ],
    ),
    "variable_not_mapping": (
        HEAD + "variables:\n  hope: 3\n",
        {"s.yaml": END},
        [
            "world.yaml:5:9: error E010: variable 'hope' must be a mapping of keys, not a number (see docs/world-format.md)"
        ],
    ),
    "no_initial": (
        HEAD + "variables:\n  hope: {min: 0}\n",
        {"s.yaml": END},
        ["world.yaml:5:9: error E012: variable 'hope' has no 'initial' (add 'initial:')"],
    ),
    "float_initial": (
        HEAD + "variables:\n  hope: {initial: 1.5}\n",
        {"s.yaml": END},
        [
            "world.yaml:5:19: error E040: initial value of 'hope' must be a whole number, true/false or text (for example: initial: 5)"
        ],
    ),
    "null_initial": (
        HEAD + "variables:\n  hope: {initial: null}\n",
        {"s.yaml": END},
        [
            "world.yaml:5:19: error E040: initial value of 'hope' must be a whole number, true/false or text (for example: initial: 5)"
        ],
    ),
    "min_on_flag": (
        HEAD + "variables:\n  met: {initial: false, min: 0}\n",
        {"s.yaml": END},
        ["world.yaml:5:25: error E040: 'min' is only for numbers, and 'met' is flag (remove 'min')"],
    ),
    "max_not_number": (
        HEAD + "variables:\n  hope: {initial: 1, max: x}\n",
        {"s.yaml": END},
        ["world.yaml:5:27: error E040: 'max' of 'hope' must be a whole number (for example: max: 10)"],
    ),
    "min_above_max": (
        HEAD + "variables:\n  hope: {initial: 1, min: 5, max: 2}\n",
        {"s.yaml": END},
        ["world.yaml:5:3: error E040: 'hope' has min 5 above max 2 (swap them)"],
    ),
    "initial_outside": (
        HEAD + "variables:\n  hope: {initial: 11, min: 0, max: 10}\n",
        {"s.yaml": END},
        [
            "world.yaml:5:19: error E040: initial value 11 of 'hope' is above its max 10 (change the initial value or the bounds)"
        ],
    ),
    "initial_below": (
        HEAD + "variables:\n  hope: {initial: -1, min: 0}\n",
        {"s.yaml": END},
        [
            "world.yaml:5:19: error E040: initial value -1 of 'hope' is below its min 0 (change the initial value or the bounds)"
        ],
    ),
    "label_list": (
        HEAD + "variables:\n  hope: {initial: 1, label: [x]}\n",
        {"s.yaml": END},
        [
            "world.yaml:5:29: error E010: 'label' of variable 'hope' must be text, not a list (write it as text; quote it if needed)"
        ],
    ),
    "words_on_flag": (
        HEAD + "variables:\n  met: {initial: false, words: {0: a}}\n",
        {"s.yaml": END},
        ["world.yaml:5:25: error E040: 'words' is only for numbers, and 'met' is flag (remove it)"],
    ),
    "words_list": (
        HEAD + "variables:\n  hope: {initial: 1, words: [a]}\n",
        {"s.yaml": END},
        [
            "world.yaml:5:29: error E010: the words of 'hope' must be a mapping of keys, not a list (see docs/world-format.md)"
        ],
    ),
    "words_bad_band": (
        HEAD + "variables:\n  hope: {initial: 1, words: {a-b: x}}\n",
        {"s.yaml": END},
        [
            "world.yaml:5:30: error E040: 'a-b: ...' is not a band of words (write LOW-HIGH: word (or N: word), e.g. 0-2: fraying)"
        ],
    ),
    "words_empty_word": (
        HEAD + "variables:\n  hope: {initial: 1, words: {0-1: ''}}\n",
        {"s.yaml": END},
        [
            "world.yaml:5:30: error E040: '0-1: ...' is not a band of words (write LOW-HIGH: word (or N: word), e.g. 0-2: fraying)"
        ],
    ),
    "words_backwards": (
        HEAD + "variables:\n  hope: {initial: 1, words: {5-2: x}}\n",
        {"s.yaml": END},
        ["world.yaml:5:30: error E040: band 5-2 runs backwards (write 2-5)"],
    ),
    "words_overlap": (
        HEAD + "variables:\n  hope: {initial: 1, min: 0, max: 9, words: {0-5: x, 5-9: y}}\n",
        {"s.yaml": END},
        ["world.yaml:5:54: error E040: band 5-9 overlaps 0-5 (make the bands meet without overlapping)"],
    ),
    "words_gap": (
        HEAD + "variables:\n  hope: {initial: 1, min: 0, max: 9, words: {0-2: x, 4-9: y}}\n",
        {"s.yaml": END},
        ["world.yaml:5:38: error E040: no word for hope = 3 (add a band covering 3)"],
    ),
    "words_short": (
        HEAD + "variables:\n  hope: {initial: 1, min: 0, max: 9, words: {0-2: x, 3-8: y}}\n",
        {"s.yaml": END},
        ["world.yaml:5:38: error E040: no word for hope = 9 (add a band covering 9)"],
    ),
    "words_start_late": (
        HEAD + "variables:\n  hope: {initial: 1, min: 0, max: 9, words: {1-9: x}}\n",
        {"s.yaml": END},
        ["world.yaml:5:38: error E040: no word for hope = 0 (add a band covering 0)"],
    ),
    "variable_key": (
        HEAD + "variables:\n  hope: {initial: 1, lable: x}\n",
        {"s.yaml": END},
        ["world.yaml:5:22: error E011: unknown key 'lable' in variable 'hope' (did you mean 'label'?)"],
    ),
    "scene_id": (
        HEAD,
        {"s.yaml": END + "Bad:\n  title: B\n  text: x\n  ending: {title: E}\n"},
        [
            "scenes/s.yaml:5:1: error E013: scene id 'Bad' is not a valid id (use lowercase letters, digits and _ (at most 64))"
        ],
    ),
    "scene_not_mapping": (
        HEAD,
        {"s.yaml": END + "b: 3\n"},
        ["scenes/s.yaml:5:4: error E010: scene 'b' must be a mapping of keys, not a number (see docs/world-format.md)"],
    ),
    "scene_no_title": (
        HEAD,
        {"s.yaml": END + "b:\n  text: x\n  ending: {title: E}\n"},
        ["scenes/s.yaml:6:3: error E012: scene 'b' has no 'title' (add 'title:')"],
    ),
    "variants_and_blocks": (
        HEAD + VARS,
        {"s.yaml": END + "b:\n  title: B\n  text: [x]\n  variants: [{if: met, text: y}]\n  ending: {title: E}\n"},
        [
            "scenes/s.yaml:8:3: error E010: scene 'b' writes its text as a list of blocks and also has variants (give the blocks their own 'if:' instead of variants)"
        ],
    ),
    "variants_not_list": (
        HEAD + VARS,
        {"s.yaml": END + "b:\n  title: B\n  text: x\n  variants: {if: met}\n  ending: {title: E}\n"},
        [
            "scenes/s.yaml:8:13: error E010: 'variants' must be a list, not a mapping (write each of the variants on a line starting with '- ')"
        ],
    ),
    "variant_no_if": (
        HEAD + VARS,
        {"s.yaml": END + "b:\n  title: B\n  text: x\n  variants: [{text: y}]\n  ending: {title: E}\n"},
        ["scenes/s.yaml:8:14: error E012: a variant of scene 'b' has no 'if' (add 'if:')"],
    ),
    "choice_id": (
        HEAD,
        {"s.yaml": WITH + "  choices: [{id: Go, text: Go, to: a}]\n"},
        [
            "scenes/s.yaml:4:18: error E013: choice id 'Go' is not a valid id (use lowercase letters, digits and _ (at most 64))"
        ],
    ),
    "choice_no_to": (
        HEAD,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go}]\n"},
        ["scenes/s.yaml:4:13: error E012: a choice of scene 'a' has no 'to' (add 'to:')"],
    ),
    "return_with_to": (
        HEAD,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a, return: true}]\n"},
        [
            "scenes/s.yaml:4:32: error E010: a choice with 'return: true' goes back where its sub-scene was called: it takes no 'to:' (remove 'to:')"
        ],
    ),
    "return_with_then": (
        HEAD,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, then: a, return: true}]\n"},
        [
            "scenes/s.yaml:4:32: error E010: a choice with 'return: true' goes back where its sub-scene was called: it takes no 'then:' (remove 'then:')"
        ],
    ),
    "next_and_choices": (
        HEAD,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a}]\n  next: a\n"},
        [
            "scenes/s.yaml:5:9: error E010: scene 'a' has both choices and 'next:' (a beat ('next:') offers only Continue: remove one of them)"
        ],
    ),
    "next_number": (
        HEAD,
        {"s.yaml": WITH + "  next: 3\n"},
        ["scenes/s.yaml:4:9: error E010: 'next:' names the scene that follows (for example: next: harbour)"],
    ),
    "ending_with_choices": (
        HEAD,
        {"s.yaml": END + "  choices: [{id: go, text: Go, to: a}]\n"},
        [
            "scenes/s.yaml:5:3: error E025: scene 'a' is an ending but has choices (remove the choices, or remove 'ending:' so the story goes on)"
        ],
    ),
    "empty_choices": (
        HEAD,
        {"s.yaml": WITH + "  choices: []\n"},
        [
            "scenes/s.yaml:1:1: error E024: scene 'a' has no choices and is not an ending (add choices, 'next: <scene>', or 'ending: {title: ..., kind: ...}')"
        ],
    ),
    "choices_not_list": (
        HEAD,
        {"s.yaml": WITH + "  choices: {id: go}\n"},
        [
            "scenes/s.yaml:1:1: error E024: scene 'a' has no choices and is not an ending (add choices, 'next: <scene>', or 'ending: {title: ..., kind: ...}')",
            "scenes/s.yaml:4:12: error E010: 'choices' must be a list, not a mapping (write each of the choices on a line starting with '- ')",
        ],
    ),
    "ending_not_mapping": (
        HEAD,
        {"s.yaml": WITH + "  ending: yes\n"},
        [
            "scenes/s.yaml:4:11: error E010: the ending of scene 'a' must be a mapping of keys, not true/false (see docs/world-format.md)"
        ],
    ),
    "ending_no_title": (
        HEAD,
        {"s.yaml": WITH + "  ending: {kind: x}\n"},
        ["scenes/s.yaml:4:11: error E012: the ending of scene 'a' has no 'title' (add 'title:')"],
    ),
    "ending_key": (
        HEAD,
        {"s.yaml": WITH + "  ending: {title: End, kinds: x}\n"},
        ["scenes/s.yaml:4:24: error E011: unknown key 'kinds' in the ending of scene 'a' (did you mean 'kind'?)"],
    ),
    "once_text": (
        HEAD,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a, once: 'yes'}]\n"},
        [
            "scenes/s.yaml:4:45: error E010: 'once' of a choice of scene 'a' must be true or false, not text (write once: true)"
        ],
    ),
    "tag_number": (
        HEAD,
        {"s.yaml": END + "  tags: [1]\n"},
        ["scenes/s.yaml:5:10: error E010: a tag of scene 'a' must be text (for example: tags: [calm, micah])"],
    ),
    "condition_list": (
        HEAD,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a, if: [1]}]\n"},
        [
            "scenes/s.yaml:4:43: error E030: a condition must be an expression in text, not a list (for example: hope > 3)"
        ],
    ),
    "effect_number": (
        HEAD + VARS,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a, do: [3]}]\n"},
        [
            "scenes/s.yaml:4:44: error E030: an effect must be text like 'hope += 1' or a mapping with 'if:', not a number (write do: [hope += 1, met = true] or do: [{if: hope > 3, do: [met = true]}])"
        ],
    ),
    "when_no_do": (
        HEAD + VARS,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a, do: [{if: met}]}]\n"},
        ["scenes/s.yaml:4:44: error E012: a conditional effect has no 'do' (add 'do:')"],
    ),
    "then_unknown": (
        HEAD,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a, then: zz}]\n"},
        [
            "scenes/s.yaml:4:45: error E022: choice 'go' comes back to unknown scene 'zz' (use the id of a scene in this world)"
        ],
    ),
    "then_close": (
        HEAD,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a, then: aa}]\n"},
        ["scenes/s.yaml:4:45: error E022: choice 'go' comes back to unknown scene 'aa' (did you mean 'a'?)"],
    ),
    "visited_unknown": (
        HEAD,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a, if: \"visits('zz') > 1\"}]\n"},
        [
            "scenes/s.yaml:4:44: error E034: visits() names unknown scene 'zz' in 'visits('zz') > 1' (use the id of a scene in this world)"
        ],
    ),
    "taken_unknown_choice": (
        HEAD,
        {"s.yaml": WITH + '  choices: [{id: go, text: Go, to: a, if: taken("a.nope")}]\n'},
        [
            "scenes/s.yaml:4:50: error E034: taken() names unknown choice 'a.nope' in 'taken(\"a.nope\")' (scene 'a' has choices: go)"
        ],
    ),
    "taken_unknown_scene": (
        HEAD,
        {"s.yaml": WITH + '  choices: [{id: go, text: Go, to: a, if: taken("zz.x")}]\n'},
        [
            "scenes/s.yaml:4:50: error E034: taken() names unknown choice 'zz.x' in 'taken(\"zz.x\")' (write taken(\"scene_id.choice_id\"))"
        ],
    ),
    "taken_in_text": (
        HEAD,
        {"s.yaml": "a:\n  title: A\n  text: \"{if taken('a.nope'):y}\"\n  ending: {title: End}\n"},
        ["scenes/s.yaml:3:21: error E034: taken() names unknown choice 'a.nope' (scene 'a' has no choices)"],
    ),
    "visited_in_text": (
        HEAD,
        {"s.yaml": "a:\n  title: A\n  text: \"{if visited('zz'):y}\"\n  ending: {title: End}\n"},
        ["scenes/s.yaml:3:14: error E034: visited() names unknown scene 'zz' (use the id of a scene in this world)"],
    ),
    "block_key": (
        HEAD + VARS,
        {"s.yaml": "a:\n  title: A\n  text: [{if: met, txt: y}]\n  ending: {title: End}\n"},
        [
            "scenes/s.yaml:3:10: error E012: a text block of scene 'a' has no 'text' (add 'text:')",
            "scenes/s.yaml:3:20: error E011: unknown key 'txt' in a text block of scene 'a' (did you mean 'text'?)",
        ],
    ),
    "block_text_list": (
        HEAD,
        {"s.yaml": "a:\n  title: A\n  text: [[1]]\n  ending: {title: End}\n"},
        [
            "scenes/s.yaml:3:10: error E010: a text of a text block of scene 'a' must be text, not a list (write it as text; quote it if needed)"
        ],
    ),
    "text_mapping": (
        HEAD,
        {"s.yaml": "a:\n  title: A\n  text: {a: 1}\n  ending: {title: End}\n"},
        [
            "scenes/s.yaml:3:9: error E010: a text of scene 'a' must be text, not a mapping (write it as text; quote it if needed)"
        ],
    ),
    "choice_not_mapping": (
        HEAD,
        {"s.yaml": WITH + "  choices: [go]\n"},
        [
            "scenes/s.yaml:4:13: error E010: a choice of scene 'a' must be a mapping of keys, not text (see docs/world-format.md)"
        ],
    ),
    "scene_file_list": (
        HEAD,
        {"s.yaml": END, "t.yaml": "- 1\n"},
        [
            "scenes/t.yaml:1:1: error E010: scene file scenes/t.yaml must be a mapping of keys, not a list (see docs/world-format.md)"
        ],
    ),
    "not_utf8": (
        HEAD,
        {"s.yaml": END, "t.yaml": b"b:\n  title: \xff\n"},
        ["scenes/t.yaml:2:10: error E001: byte 0xFF is not UTF-8 (save the file as UTF-8)"],
    ),
    "no_scenes": (
        HEAD,
        {},
        [
            "scenes:1:1: error E023: the world has no scenes (add scenes/<name>.yaml with at least the start scene)",
            "world.yaml:3:8: error E023: start scene 'a' does not exist (name a scene defined under scenes/)",
        ],
    ),
    "undeclared_status_broken_var": (
        HEAD + "variables:\n  Hope: {initial: 1}\nstatus: [Hope]\n",
        {"s.yaml": END},
        [
            "world.yaml:5:3: error E013: 'Hope' cannot name a variable (use lowercase letters, digits and _, starting with a letter, and not a keyword)",
            "world.yaml:6:10: error E031: status names undeclared variable 'Hope' (declare it under variables:)",
        ],
    ),
    "expression_column_quoted": (
        HEAD + VARS,
        {"s.yaml": WITH + '  choices: [{id: go, text: Go, to: a, if: "hope >"}]\n'},
        ["scenes/s.yaml:4:50: error E030: expression ends too early in 'hope >' (finish the expression)"],
    ),
    "expression_column_plain": (
        HEAD + VARS,
        {"s.yaml": WITH + "  choices:\n    - id: go\n      text: Go\n      to: a\n      if: hope > > 1\n"},
        ["scenes/s.yaml:8:18: error E030: unexpected '>' in 'hope > > 1' (check the operators)"],
    ),
    "expression_block": (
        HEAD + VARS,
        {
            "s.yaml": WITH
            + "  choices:\n    - id: go\n      text: Go\n      to: a\n      if: >\n        hope >\n        > 1\n"
        },
        ["scenes/s.yaml:8:11: error E030: unexpected '>' in 'hope > > 1<U+000A>' (check the operators)"],
    ),
    "title_null": (
        "id: w\ntitle:\nstart: a\n",
        {"s.yaml": END},
        [
            "world.yaml:2:7: error E010: 'title' of the world must be text, not nothing (write it as text; quote it if needed)"
        ],
    ),
    "title_yes": (
        "id: w\ntitle: yes\nstart: a\n",
        {"s.yaml": END},
        [
            "world.yaml:2:8: error E010: 'title' of the world is yes, which YAML reads as true, not as text (quote it to keep the word: \"yes\")"
        ],
    ),
    "text_off": (
        HEAD,
        {"s.yaml": "a:\n  title: A\n  text: Off\n  ending: {title: End}\n"},
        [
            "scenes/s.yaml:3:9: error E010: a text of scene 'a' is Off, which YAML reads as false, not as text (quote it to keep the word: \"Off\")"
        ],
    ),
    "title_quoted_true": ("id: w\ntitle: 'true'\nstart: a\n", {"s.yaml": END}, []),
    "broken_variable_used": (
        HEAD + "variables:\n  hope: {initial: 1.5}\n",
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a, if: hope > 1}]\n"},
        [
            "world.yaml:5:19: error E040: initial value of 'hope' must be a whole number, true/false or text (for example: initial: 5)"
        ],
    ),
    "variant_number": (
        HEAD + VARS,
        {"s.yaml": END + "b:\n  title: B\n  text: x\n  variants: [3]\n  ending: {title: E}\n"},
        [
            "scenes/s.yaml:8:14: error E010: a variant of scene 'b' must be a mapping of keys, not a number (see docs/world-format.md)"
        ],
    ),
    "when_bad_if": (
        HEAD + VARS,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a, do: [{if: nope, do: [met = true]}]}]\n"},
        [
            "scenes/s.yaml:4:49: error E031: undeclared variable 'nope' in 'nope' (did you mean 'hope'? Otherwise declare it in world.yaml)"
        ],
    ),
    "when_bad_do": (
        HEAD + VARS,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a, do: [{if: met, do: [nope = 1]}]}]\n"},
        [
            "scenes/s.yaml:4:59: error E031: undeclared variable 'nope' in 'nope = 1' (did you mean 'hope'? Otherwise declare it in world.yaml)"
        ],
    ),
    "when_bad_else": (
        HEAD + VARS,
        {
            "s.yaml": WITH
            + "  choices: [{id: go, text: Go, to: a, do: [{if: met, do: [met = true], else: [nope = 1]}]}]\n"
        },
        [
            "scenes/s.yaml:4:79: error E031: undeclared variable 'nope' in 'nope = 1' (did you mean 'hope'? Otherwise declare it in world.yaml)"
        ],
    ),
    "when_key": (
        HEAD + VARS,
        {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a, do: [{if: met, do: [met = true], els: []}]}]\n"},
        ["scenes/s.yaml:4:72: error E011: unknown key 'els' in a conditional effect (did you mean 'else'?)"],
    ),
    "fallback_not_flag": (
        HEAD,
        {"s.yaml": WITH + "  choices:\n    - {id: go, text: Go, to: a, fallback: 5}\n"},
        [
            "scenes/s.yaml:5:43: error E010: 'fallback' of a choice of scene 'a' must be true or false, not a number (write fallback: true)"
        ],
    ),
    "world_id_list": (
        "id: [w]\ntitle: W\nstart: a\n",
        {"s.yaml": END},
        [
            "world.yaml:1:5: error E010: 'id' of world.yaml must be text, not a list (write it as text; quote it if needed)"
        ],
    ),
    "version_list": (
        HEAD + "version: [1]\n",
        {"s.yaml": END},
        [
            "world.yaml:4:10: error E010: 'version' of world.yaml must be text, not a list (write it as text; quote it if needed)"
        ],
    ),
    "ending_kind_list": (
        HEAD,
        {"s.yaml": "a:\n  title: A\n  text: x\n  ending: {title: E, kind: [x]}\n"},
        [
            "scenes/s.yaml:4:28: error E010: 'kind' of the ending must be text, not a list (write it as text; quote it if needed)"
        ],
    ),
    "words_past_max": (
        "id: w\ntitle: W\nstart: a\nvariables:\n  hope: {initial: 3, min: 0, max: 10, words: {0-9: a, 12-13: b}}\n",
        {"s.yaml": END},
        ["world.yaml:5:39: error E040: no word for hope = 10 (add a band covering 10)"],
    ),
    "words_backwards_then_bad": (
        "id: w\ntitle: W\nstart: a\nvariables:\n  hope: {initial: 3, min: 0, max: 10, words: {5-3: a, x: b}}\n",
        {"s.yaml": END},
        [
            "world.yaml:5:47: error E040: band 5-3 runs backwards (write 3-5)",
            "world.yaml:5:55: error E040: 'x: ...' is not a band of words (write LOW-HIGH: word (or N: word), e.g. 0-2: fraying)",
        ],
    ),
    "status_two_unknown": (
        HEAD + VARS + "status: [nope, hoep]\n",
        {"s.yaml": END},
        [
            "world.yaml:7:10: error E031: status names undeclared variable 'nope' (did you mean 'hope'?)",
            "world.yaml:7:16: error E031: status names undeclared variable 'hoep' (did you mean 'hope'?)",
        ],
    ),
    "return_not_flag": (
        HEAD,
        {"s.yaml": WITH + "  choices:\n    - {id: go, text: Go, to: a, return: 5}\n"},
        [
            "scenes/s.yaml:5:41: error E010: 'return' of a choice of scene 'a' must be true or false, not a number (write return: true)"
        ],
    ),
    "once_not_flag": (
        HEAD,
        {"s.yaml": WITH + "  choices:\n    - {id: go, text: Go, to: a, once: 5}\n"},
        [
            "scenes/s.yaml:5:39: error E010: 'once' of a choice of scene 'a' must be true or false, not a number (write once: true)"
        ],
    ),
    "choice_id_list": (
        HEAD,
        {"s.yaml": WITH + "  choices:\n    - {id: [x], text: Go, to: a}\n"},
        [
            "scenes/s.yaml:5:12: error E010: 'id' of a choice of scene 'a' must be text, not a list (write it as text; quote it if needed)"
        ],
    ),
    "words_three_bad": (
        "id: w\ntitle: W\nstart: a\nvariables:\n  hope: {initial: 3, min: 0, max: 10, words: {x: a, 0-10: [b], y: c}}\n",
        {"s.yaml": END},
        [
            "world.yaml:5:47: error E040: 'x: ...' is not a band of words (write LOW-HIGH: word (or N: word), e.g. 0-2: fraying)",
            "world.yaml:5:53: error E040: '0-10: ...' is not a band of words (write LOW-HIGH: word (or N: word), e.g. 0-2: fraying)",
            "world.yaml:5:64: error E040: 'y: ...' is not a band of words (write LOW-HIGH: word (or N: word), e.g. 0-2: fraying)",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_fault_is_one_line_at_its_place_with_what_to_do(tmp_path: Path, name: str) -> None:
    world, scenes, lines = CASES[name]
    assert faults(tmp_path, world, scenes) == lines


def test_a_world_with_a_thousand_faults_says_so_and_stops(tmp_path: Path) -> None:
    choices = "".join(f"    - {{id: c{n}, text: C, to: nowhere{n}}}\n" for n in range(1_100))
    lines = faults(tmp_path, HEAD, {"s.yaml": WITH + "  choices:\n" + choices})
    assert len(lines) == 1_001
    assert f"{tmp_path}:1:1: error E007: stopped after 1,000 errors (fix these first, then check again)" in lines
    assert sum(": error E022: choice 'c" in line for line in lines) == 1_000


def test_did_you_mean_is_worked_out_for_the_first_50_faults_only(tmp_path: Path) -> None:
    choices = "".join(f"    - {{id: c{n}, text: C, to: aa}}\n" for n in range(60))
    lines = faults(tmp_path, HEAD, {"s.yaml": WITH + "  choices:\n" + choices})
    assert len(lines) == 60
    assert all(line.endswith("(did you mean 'a'?)") for line in lines[:50])
    assert all(line.endswith("(use the id of a scene in this world)") for line in lines[50:])


def test_a_beat_offers_one_choice_continue_as_often_as_it_is_reached(tmp_path: Path) -> None:
    faults(tmp_path, HEAD, {"s.yaml": "a:\n  title: A\n  text: x\n  next: a\n"})
    world = load_world(tmp_path)
    (beat,) = world.scenes["a"].choices
    assert (beat.id, beat.text, beat.target, beat.condition, beat.effects, beat.once) == (
        "continue",
        "Continue",
        "a",
        None,
        (),
        False,
    )
    assert (beat.scene, beat.key, beat.loc.line, beat.loc.column) == ("a", "a.continue", 4, 9)
    assert beat.loc.file.endswith("scenes/s.yaml")


CHANCES = """\
a:
  title: A
  text: "{if chance(50):heads|tails}"
  on_enter: [e = chance(50)]
  variants:
    - {if: chance(50), text: V}
  choices:
    - id: go
      text: Go
      to: b
      if: chance(90)
      do: [d = chance(50), {if: chance(50), do: [t = chance(50)], else: [o = chance(50)]}, i = chance(50)]
      after: [f = chance(50)]
    - {id: stay, text: Stay, to: a, fallback: true}
b:
  title: B
  text:
    - {if: chance(50), text: X}
    - {if: chance(50), text: Y}
    - Z
  ending: {title: End}
"""


def test_each_chance_draws_by_where_it_is_written_so_saved_runs_replay_alike(tmp_path: Path) -> None:
    """A chance() draw depends on the seed, the step and its place in the world (scene, choice, which
    effect, branch, variant or block): every saved run with a chance() in it replays the same only
    while these stay the same."""
    flags = ("e", "d", "i", "t", "o", "f")
    world = HEAD + "variables:\n" + "".join(f"  {flag}: {{initial: false}}\n" for flag in flags)
    assert faults(tmp_path, world, {"s.yaml": CHANCES}) == []
    loaded = load_world(tmp_path)
    seen = []
    for seed in range(12):
        story = Story(loaded, seed)
        before = story.narration().replace("\n\n", "/")
        story.choose(story.choices()[0].id)
        drawn = "".join("1" if story.variables[flag] else "0" for flag in flags)
        seen.append(f"{before}|{story.narration().replace(chr(10) * 2, '/')}|{drawn}")
    assert seen == [
        "heads/V|Z|011100",
        "tails/V|Y/Z|100010",
        "heads|Y/Z|101011",
        "tails/V|Y/Z|101001",
        "heads|Y/Z|011010",
        "tails|X/Y/Z|111000",
        "heads/V|X/Z|001101",
        "tails/V|X/Z|110001",
        "heads/V|X/Y/Z|000101",
        "heads|Y/Z|011000",
        "tails|X/Y/Z|101010",
        "tails/V|Y/Z|100101",
    ]


PLACES = """a:
  title: A
  text: |
    The sea.
    Far out, {if hope > 2: a light|nothing}. {&Tick.|Tock.}
  choices:
    - id: go
      text: "Go {if met: again|now}, \\"{&on|off}\\""
      to: a
      do:
        - hope += 1
        - {if: hope > 1, do: [hope -= 1], else: [met = true]}
"""


def test_every_if_alternative_and_conditional_effect_knows_where_it_is_written(tmp_path: Path) -> None:
    """Lint and the playtest report name file:line:column of an {if} (its condition), an alternative
    or a conditional effect (their `{`), in the file as written, whatever the text's style."""
    (tmp_path / "world.yaml").write_text(HEAD + VARS, encoding="utf-8")
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "s.yaml").write_text(PLACES, encoding="utf-8")
    scene = load_world(tmp_path).scenes["a"]
    lines = PLACES.splitlines()

    def written(loc: object) -> str:
        assert isinstance(loc, Location) and loc.file == str(tmp_path / "scenes" / "s.yaml")
        return lines[loc.line - 1][loc.column - 1 :]

    body, choice = scene.compiled, scene.choices[0].compiled
    assert [(c.loc.line, c.loc.column) for c in body.conditions if c.loc] == [(5, 18)]  # its condition
    assert written(body.conditions[0].loc).startswith("hope > 2: a light")
    assert [written(f.loc)[:6] for f in body.fragments] == ["{if ho", "{&Tick"]
    assert [(f.loc.line, f.loc.column) for f in body.fragments if f.loc] == [(5, 14), (5, 46)]
    assert written(choice.conditions[0].loc).startswith("met: again|now}")
    assert [written(f.loc)[:5] for f in choice.fragments] == ["{if m", "{&on|"]  # after an escaped quote
    (when,) = [action for action in scene.choices[0].program if isinstance(action, When)]
    assert (when.loc.line, when.loc.column) == (12, 11) and written(when.loc).startswith("{if: hope > 1")


def test_a_band_of_words_may_be_one_number(tmp_path: Path) -> None:
    """`words: {0: empty, 1-9: some, 10: full}`: N: word is the band N-N."""
    world = "id: w\ntitle: W\nstart: a\nvariables:\n  hope: {initial: 3, min: 0, max: 10, words: {0: empty, 1-9: some, 10: full}}\n"
    assert faults(tmp_path, world, {"s.yaml": END}) == []
    hope = load_world(tmp_path).variables["hope"]
    assert [hope.word(value) for value in (0, 1, 9, 10)] == ["empty", "some", "some", "full"]


def test_when_the_worlds_expressions_pass_their_budget_it_is_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The world's distinct conditions and effects share one budget of characters (1,500,000; here
    30, so that the rule is cheap to show): the first one past it is refused, once, and a condition
    written again costs nothing more."""
    monkeypatch.setattr(loader, "MAX_EXPRESSION_CHARS", 30)
    choices = "".join(f"    - {{id: c{i}, text: C, to: a, if: hope > {i}0000}}\n" for i in range(1, 5))
    again = "    - {id: d, text: D, to: a, if: hope > 10000}\n"  # written before: free
    assert faults(tmp_path, HEAD + VARS, {"s.yaml": WITH + "  choices:\n" + again + choices}) == [
        "scenes/s.yaml:8:36: error E007: the world's different conditions and effects hold more than 30 characters (a story world needs far fewer: split it into smaller worlds)"
    ]


def test_a_world_from_the_cache_is_the_world_a_full_load_gives(tmp_path: Path) -> None:
    """The game's second start reads the world from its cache (game.world.cache, the loader's
    load_cached): every field of the world and every scene is what loading it in full gives."""
    (tmp_path / "w").mkdir()
    world = HEAD + "version: '2'\nauthor: Ann\ndescription: A test of the cache.\n" + VARS + "status: [hope]\n"
    scenes = WITH + '  choices:\n    - {id: go, text: "Go {if met: again|on}", to: a, do: [hope += 1]}\n'
    scenes += '    - {id: end, text: End, to: b, if: taken("a.go")}\n'  # taken() needs go recorded
    scenes += "b:\n  title: B\n  text: y\n  ending: {title: End, kind: good}\n"
    assert faults(tmp_path / "w", world, {"s.yaml": scenes}) == []
    full = load_world(tmp_path / "w")
    store = cache.load(tmp_path / "w", tmp_path / "cache")[1]
    assert store is not None
    store()
    cached, again = cache.load(tmp_path / "w", tmp_path / "cache")
    assert again is None  # read from the cache
    fields = ("id", "title", "version", "author", "description", "start", "status", "content_hash", "files", "labels")
    assert [getattr(cached, name) for name in fields] == [getattr(full, name) for name in fields]
    assert dict(cached.variables) == dict(full.variables)

    def written(scene: Scene) -> tuple[object, ...]:  # (compiled texts are closures: equal only to themselves)
        choices = [(c.id, c.text, c.target, c.loc, c.once, [e.source for e in c.effects]) for c in scene.choices]
        return (scene.id, scene.title, scene.text, scene.loc, scene.ending, choices)

    assert [written(scene) for scene in cached.scenes.values()] == [written(scene) for scene in full.scenes.values()]
    story = Story(cached, 1)
    story.choose("go")
    assert [choice.id for choice in story.choices()] == ["go", "end"]
    story.choose("end")
    assert (story.scene_id, story.variables["hope"], story.ending) == ("b", 4, full.scenes["b"].ending)


def test_the_expression_budget_may_be_spent_exactly_and_nothing_past_it_is_compiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_EXPRESSION_CHARS", 24)  # the first two conditions, 12 characters each
    choices = "".join(f"    - {{id: c{i}, text: C, to: a, if: hope > {i}0000}}\n" for i in range(1, 4))
    choices += "    - {id: c4, text: C, to: a, if: nope > 1}\n"  # past the budget: not even read
    assert faults(tmp_path, HEAD + VARS, {"s.yaml": WITH + "  choices:\n" + choices}) == [
        "scenes/s.yaml:7:36: error E007: the world's different conditions and effects hold more than 24 characters (a story world needs far fewer: split it into smaller worlds)"
    ]


def test_a_choices_text_as_tools_show_it_has_no_marks(tmp_path: Path) -> None:
    assert faults(tmp_path, HEAD, {"s.yaml": WITH + "  choices:\n    - {id: go, text: Go *now*, to: a}\n"}) == []
    assert load_world(tmp_path).scenes["a"].choices[0].text == "Go now"


def folder_faults(root: Path, setup: str) -> list[str]:
    """A world folder with one fault in its files (not in what they say): the loader's lines."""
    world = root / "w"
    world.mkdir(parents=True)
    (world / "world.yaml").write_text(HEAD, encoding="utf-8")
    if setup == "scenes_link_outside":
        (root / "elsewhere").mkdir()
        (root / "elsewhere" / "s.yaml").write_text(END, encoding="utf-8")
        (world / "scenes").symlink_to(root / "elsewhere")
    elif setup != "no_scenes_folder":
        (world / "scenes").mkdir()
        (world / "scenes" / "s.yaml").write_text(END, encoding="utf-8")
    extra = world / "scenes" / "t.yaml"
    if setup == "link_outside":
        (root / "out.yaml").write_text(END.replace("a:", "b:"), encoding="utf-8")
        extra.symlink_to(root / "out.yaml")
    elif setup == "link_loop":
        extra.symlink_to(extra)
    elif setup == "name_not_utf8":  # saves record the world's file names in its hash: a name must be text
        (world / "scenes" / os.fsdecode(b"b\xff.yaml")).write_text(END.replace("a:", "b:"), encoding="utf-8")
    elif setup == "scene_twice":
        extra.write_text(END.replace("text: x", "text: y"), encoding="utf-8")
    try:
        load_world(world)
    except WorldError as error:
        return [str(d).replace(f"{world}/", "") for d in error.diagnostics]
    return []


@pytest.mark.parametrize(
    ("setup", "lines"),
    [
        (
            "no_scenes_folder",
            [
                "scenes:1:1: error E001: no scenes/ folder (create scenes/ and put .yaml files in it)",
                "scenes:1:1: error E023: the world has no scenes (add scenes/<name>.yaml with at least the start scene)",
                "world.yaml:3:8: error E023: start scene 'a' does not exist (name a scene defined under scenes/)",
            ],
        ),
        (
            "link_outside",
            [
                "scenes/t.yaml:1:1: error E001: this file links to a place outside the world folder (replace the link with the file itself)"
            ],
        ),
        (
            "link_loop",
            [
                "scenes/t.yaml:1:1: error E001: cannot read the file: the links go round in a loop (check that it exists and is readable)"
            ],
        ),
        (
            "scenes_link_outside",
            [
                "scenes:1:1: error E001: the scenes folder links to a place outside the world folder (replace the link with the folder itself)"
            ],
        ),
        (
            "name_not_utf8",
            [
                "scenes/b<U+DCFF>.yaml:1:1: error E001: the file name is not valid UTF-8 (rename the file using letters, digits, - and _)"
            ],
        ),
        (
            "scene_twice",
            [
                "scenes/t.yaml:1:1: error E020: scene 'a' is defined twice (first at scenes/s.yaml:1:1) (rename one of them: scene ids are unique across the world)"
            ],
        ),
    ],
)
def test_a_world_folder_whose_files_cannot_be_read_says_which_and_why(
    tmp_path: Path, setup: str, lines: list[str]
) -> None:
    assert folder_faults(tmp_path, setup) == lines


def test_a_world_file_or_a_world_too_large_is_refused_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At most 8 MB a file and 32 MB a world (here a few bytes, so that the rule is cheap to show)."""
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 40)  # scenes/s.yaml is 47 bytes; world.yaml 24
    assert folder_faults(tmp_path / "file", "") == [
        "scenes/s.yaml:1:1: error E007: file of 47 bytes is too large (split it: a world file may be at most 0 MB)"
    ]
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 10**6)
    monkeypatch.setattr(loader, "MAX_WORLD_BYTES", 60)
    assert folder_faults(tmp_path / "world", "") == [
        "scenes/s.yaml:1:1: error E007: the world's files hold more than 0 MB (a story world needs far less: split it into smaller worlds)"
    ]


def test_without_status_the_panel_shows_the_first_four_numbers(tmp_path: Path) -> None:
    numbers = "".join(f"  n{i}: {{initial: {i}}}\n" for i in range(1, 6))
    world = HEAD + "variables:\n  flag: {initial: false}\n" + numbers
    assert faults(tmp_path, world, {"s.yaml": END}) == []
    assert load_world(tmp_path).status == ("n1", "n2", "n3", "n4")
