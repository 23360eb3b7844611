# ruff: noqa: E501  (each expected string is one whole line as the loader prints it)
"""Every fault the loader finds in a world is one line: file:line:column, the code, what is wrong and
how to mend it (docs/world-format.md). Each world here has one fault (a few, two that are both true),
and the test states the whole line: its place, its words and its hint.
"""

from __future__ import annotations

import gc
import hashlib
import os
import tracemalloc
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from game.engine import Story
from game.world import WorldError, cache, load_world, loader
from game.world.errors import Location
from game.world.model import Scene, When, World
from game.world.yamlsafe import YMap, read_yaml

HEAD = "id: w\ntitle: W\nstart: a\n"
VARS = "variables:\n  hope: {initial: 3, min: 0, max: 10}\n  met: {initial: false}\n"
END = "a:\n  title: A\n  text: x\n  ending: {title: End}\n"  # the one scene: an ending
WITH = "a:\n  title: A\n  text: x\n"  # the same scene, its choices or ending still to write


def faults(root: Path, world: str, scenes: Mapping[str, bytes | str]) -> list[str]:
    """The loader's lines for a world, with the folder left out of each file name."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "world.yaml").write_text(world, encoding="utf-8")
    (root / "scenes").mkdir()
    for name, text in scenes.items():
        (root / "scenes" / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return lines_of(root)


def lines_of(root: Path) -> list[str]:
    """The loader's lines for the world folder at `root`, with the folder left out of file names."""
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
        [
            "world.yaml:4:12: error E010: variables must be a mapping of keys, not a list (write each as name: {initial: ...}, without '- ')"
        ],
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
            "world.yaml:5:9: error E010: variable 'hope' must be a mapping of keys, not a number (write hope: {initial: 3})"
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
            "world.yaml:5:29: error E010: 'label' of variable 'hope' must be text, not a list (write it without brackets: label: x)"
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
    "ending_with_next": (
        HEAD,
        {"s.yaml": END + "  next: a\n"},
        [
            "scenes/s.yaml:5:3: error E025: scene 'a' is an ending but has 'next:' (remove 'next:', or remove 'ending:' so the story goes on)"
        ],
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
            "scenes/s.yaml:4:12: error E010: 'choices' must be a list, not a mapping (write each of the choices on a line starting with '- ')",
        ],
    ),
    "ending_not_mapping": (
        HEAD,
        {"s.yaml": WITH + "  ending: yes\n"},
        [
            "scenes/s.yaml:4:11: error E010: the ending of scene 'a' must be a mapping of keys, not true/false (write ending: {title: ...}; kind: is optional, a word such as good, bad or open)"
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
        ["world.yaml:1:5: error E010: 'id' of world.yaml must be text, not a list (write it without brackets: id: w)"],
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
            "scenes/s.yaml:4:28: error E010: 'kind' of the ending must be text, not a list (write it without brackets: kind: x)"
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
            "scenes/s.yaml:5:12: error E010: 'id' of a choice of scene 'a' must be text, not a list (write it without brackets: id: x)"
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


CHOICES = WITH + "  choices:\n"
CASES.update(
    {
        # what each value is named in its message: the choice, the scene, the ending, the world
        "choice_to_list": (
            HEAD,
            {"s.yaml": CHOICES + "    - {id: go, text: Go, to: [a, a]}\n"},
            [
                "scenes/s.yaml:5:30: error E010: 'to' of a choice of scene 'a' must be text, not a list (write it as text; quote it if needed)"
            ],
        ),
        "choice_then_list": (
            HEAD,
            {"s.yaml": CHOICES + "    - {id: go, text: Go, to: a, then: [a]}\n"},
            [
                "scenes/s.yaml:5:39: error E010: 'then' of a choice of scene 'a' must be text, not a list (write it without brackets: then: a)"
            ],
        ),
        "choice_text_list": (
            HEAD,
            {"s.yaml": CHOICES + "    - {id: go, text: [1], to: a}\n"},
            [
                "scenes/s.yaml:5:22: error E010: a text of a choice of scene 'a' must be text, not a list (write it as text; quote it if needed)"
            ],
        ),
        "choice_reply_list": (
            HEAD,
            {"s.yaml": CHOICES + "    - {id: go, text: Go, to: a, reply: [1]}\n"},
            [
                "scenes/s.yaml:5:40: error E010: a text of a choice of scene 'a' must be text, not a list (write it as text; quote it if needed)"
            ],
        ),
        "choice_tag_number": (
            HEAD,
            {"s.yaml": CHOICES + "    - {id: go, text: Go, to: a, tags: [1]}\n"},
            [
                "scenes/s.yaml:5:40: error E010: a tag of a choice of scene 'a' must be text (for example: tags: [calm, micah])"
            ],
        ),
        "scene_title_empty": (
            HEAD,
            {"s.yaml": "a:\n  title: ''\n  text: x\n  ending: {title: End}\n"},
            ["scenes/s.yaml:2:10: error E010: the title of scene 'a' is empty (write a title)"],
        ),
        "ending_title_blank": (
            HEAD,
            {"s.yaml": "a:\n  title: A\n  text: x\n  ending: {title: ' '}\n"},
            ["scenes/s.yaml:4:19: error E010: the title of the ending of scene 'a' is empty (write a title)"],
        ),
        "world_title_empty": (
            "id: w\ntitle: ''\nstart: a\n",
            {"s.yaml": END},
            ["world.yaml:2:8: error E010: the title of the world is empty (write a title)"],
        ),
        # `start:` names one scene: anything else is one error, which says what to write
        "start_list": (
            "id: w\ntitle: W\nstart: [a]\n",
            {"s.yaml": END},
            [
                "world.yaml:3:8: error E023: 'start' must name one scene, not a list (write it without brackets: start: a)"
            ],
        ),
        "start_list_of_two": (
            "id: w\ntitle: W\nstart: [a, b]\n",
            {"s.yaml": END},
            ["world.yaml:3:8: error E023: 'start' must name one scene, not a list (for example: start: a)"],
        ),
        "start_list_of_a_bad_id": (
            "id: w\ntitle: W\nstart: [A b]\n",
            {"s.yaml": END},
            ["world.yaml:3:8: error E023: 'start' must name one scene, not a list (for example: start: a)"],
        ),
        "start_mapping": (
            "id: w\ntitle: W\nstart: {a: 1}\n",
            {"s.yaml": END},
            ["world.yaml:3:8: error E023: 'start' must name one scene, not a mapping (for example: start: a)"],
        ),
        "start_empty": (
            "id: w\ntitle: W\nstart: ''\n",
            {"s.yaml": END},
            [
                "world.yaml:3:8: error E023: 'start' of world.yaml is empty (name the first scene, for example: start: a)"
            ],
        ),
        "start_nothing": (
            "id: w\ntitle: W\nstart:\n",
            {"s.yaml": END},
            [
                "world.yaml:3:7: error E023: 'start' of world.yaml is empty (name the first scene, for example: start: a)"
            ],
        ),
        "start_yes": (
            "id: w\ntitle: W\nstart: yes\n",
            {"s.yaml": END},
            [
                "world.yaml:3:8: error E010: 'start' of world.yaml is yes, which YAML reads as true, not as text (quote it to keep the word: \"yes\")"
            ],
        ),
        "start_number": (
            "id: w\ntitle: W\nstart: 3\n",
            {"s.yaml": END},
            ["world.yaml:3:8: error E023: start scene '3' does not exist (name a scene defined under scenes/)"],
        ),
        "start_list_no_scenes": (
            "id: w\ntitle: W\nstart: [A b]\n",
            {},
            [
                "scenes:1:1: error E023: the world has no scenes (add scenes/<name>.yaml with at least the start scene)",
                "world.yaml:3:8: error E023: 'start' must name one scene, not a list (for example: start: harbour)",
            ],
        ),
        "choice_to_list_of_one": (
            HEAD,
            {"s.yaml": CHOICES + "    - {id: go, text: Go, to: [a]}\n"},
            [
                "scenes/s.yaml:5:30: error E010: 'to' of a choice of scene 'a' must be text, not a list (write it without brackets: to: a)"
            ],
        ),
        "next_list_of_one": (
            HEAD,
            {"s.yaml": WITH + "  next: [a]\n"},
            [
                "scenes/s.yaml:4:9: error E010: 'next:' names the scene that follows (write it without brackets: next: a)"
            ],
        ),
        "variant_text_list": (
            HEAD + VARS,
            {"s.yaml": "a:\n  title: A\n  text: x\n  variants:\n    - {if: met, text: [1]}\n  ending: {title: End}\n"},
            [
                "scenes/s.yaml:5:23: error E010: a text of a variant of scene 'a' must be text, not a list (write it as text; quote it if needed)"
            ],
        ),
        "variant_replace_number": (
            HEAD + VARS,
            {
                "s.yaml": "a:\n  title: A\n  text: x\n  variants:\n    - {if: met, text: y, replace: 5}\n  ending: {title: End}\n"
            },
            [
                "scenes/s.yaml:5:35: error E010: 'replace' of a variant of scene 'a' must be true or false, not a number (write replace: true)"
            ],
        ),
        "text_expression_ends_early": (
            HEAD + VARS,
            {"s.yaml": "a:\n  title: A\n  text: 'x {if hope >: y}'\n  ending: {title: End}\n"},
            ["scenes/s.yaml:3:22: error E030: expression ends too early (finish the expression)"],
        ),
        "yaml_syntax": (
            HEAD,
            {"s.yaml": "a:\n  title: A\n  text: [x\n"},
            [
                "scenes/s.yaml:4:1: error E002: the '[' opened at line 3 is not closed (close it with ']', and quote a text in it that holds ', ')"
            ],
        ),
        "world_yaml_empty": (
            "",
            {"s.yaml": END},
            [
                "world.yaml:1:1: error E010: world.yaml must be a mapping of keys, not nothing (see docs/world-format.md)"
            ],
        ),
        "unknown_key_far": (
            HEAD,
            {"s.yaml": "a:\n  title: A\n  text: x\n  zzzzz: 1\n  ending: {title: End}\n"},
            [
                "scenes/s.yaml:4:3: error E011: unknown key 'zzzzz' in scene 'a' (scene 'a' takes: choices, ending, next, on_enter, tags, text, title, variants)"
            ],
        ),
        # a duplicate choice is skipped, and the choices after it are still read
        "choice_twice_then_more": (
            HEAD,
            {
                "s.yaml": CHOICES
                + "    - {id: go, text: Go, to: a}\n    - {id: go, text: Go, to: a}\n    - {id: more, text: More, to: zz}\n"
            },
            [
                "scenes/s.yaml:6:7: error E021: choice id 'go' appears twice in scene 'a' (first at line 5) (give each choice in a scene its own id)",
                "scenes/s.yaml:7:34: error E022: choice 'more' leads to unknown scene 'zz' (use the id of a scene in this world)",
            ],
        ),
        # a choice with a fault is reported for that fault, not again for where it leads
        "choice_bad_text_unknown_target": (
            HEAD + VARS,
            {"s.yaml": CHOICES + "    - {id: go, text: '{if}', to: zz}\n"},
            [
                "scenes/s.yaml:5:24: error E031: unknown variable 'if' in braces (declare it under variables: in world.yaml; write \\{ for a literal brace)"
            ],
        ),
        "choice_bad_if_unknown_target": (
            HEAD + VARS,
            {"s.yaml": CHOICES + "    - {id: go, text: Go, to: zz, if: nope}\n"},
            [
                "scenes/s.yaml:5:38: error E031: undeclared variable 'nope' in 'nope' (did you mean 'hope'? Otherwise declare it in world.yaml)"
            ],
        ),
        "choice_bad_do_unknown_target": (
            HEAD + VARS,
            {"s.yaml": CHOICES + "    - {id: go, text: Go, to: zz, do: [hope += 1, nope += 1]}\n"},
            [
                "scenes/s.yaml:5:50: error E031: undeclared variable 'nope' in 'nope += 1' (did you mean 'hope'? Otherwise declare it in world.yaml)"
            ],
        ),
        "choice_bad_after_unknown_target": (
            HEAD + VARS,
            {"s.yaml": CHOICES + "    - {id: go, text: Go, to: zz, after: [nope += 1]}\n"},
            [
                "scenes/s.yaml:5:42: error E031: undeclared variable 'nope' in 'nope += 1' (did you mean 'hope'? Otherwise declare it in world.yaml)"
            ],
        ),
        # taken(): the hint lists every choice of the scene; the place is the label's first mention
        "taken_unknown_choice_twice": (
            HEAD + VARS,
            {
                "s.yaml": CHOICES
                + '    - {id: go, text: Go, to: a}\n    - {id: stay, text: S, to: a, if: \'taken("a.zz") or taken("a.zz")\'}\n'
            },
            [
                "scenes/s.yaml:6:46: error E034: taken() names unknown choice 'a.zz' in 'taken(\"a.zz\") or taken(\"a.zz\")' (scene 'a' has choices: go, stay)"
            ],
        ),
        "taken_in_effect": (
            HEAD + VARS,
            {"s.yaml": CHOICES + "    - {id: go, text: Go, to: a, do: ['met = taken(\"a.zz\")']}\n"},
            [
                "scenes/s.yaml:5:52: error E034: taken() names unknown choice 'a.zz' in 'met = taken(\"a.zz\")' (scene 'a' has choices: go)"
            ],
        ),
        "visited_after_and": (
            HEAD + VARS,
            {"s.yaml": CHOICES + "    - {id: go, text: Go, to: a, if: 'hope > 1 and visited(\"zz\")'}\n"},
            [
                "scenes/s.yaml:5:51: error E034: visited() names unknown scene 'zz' in 'hope > 1 and visited(\"zz\")' (use the id of a scene in this world)"
            ],
        ),
        "visits_in_text": (
            HEAD + VARS,
            {"s.yaml": "a:\n  title: A\n  text: 'x {if visits(\"zz\") > 1: y}'\n  ending: {title: End}\n"},
            ["scenes/s.yaml:3:16: error E034: visits() names unknown scene 'zz' (use the id of a scene in this world)"],
        ),
        "visits_in_effect": (
            HEAD + VARS,
            {"s.yaml": CHOICES + "    - {id: go, text: Go, to: a, do: ['hope = visits(\"zz\")']}\n"},
            [
                "scenes/s.yaml:5:46: error E034: visits() names unknown scene 'zz' in 'hope = visits(\"zz\")' (use the id of a scene in this world)"
            ],
        ),
        # an unknown scene is pointed at its own call, however the call is spaced or quoted
        "visits_spaced": (
            HEAD + VARS,
            {"s.yaml": CHOICES + "    - {id: go, text: Go, to: a, if: 'visits  ( \"zz\" ) > 1'}\n"},
            [
                "scenes/s.yaml:5:38: error E034: visits() names unknown scene 'zz' in 'visits  ( \"zz\" ) > 1' (use the id of a scene in this world)"
            ],
        ),
        "visited_spaced_in_text": (
            HEAD + VARS,
            {"s.yaml": "a:\n  title: A\n  text: 'x {if visited (\"zz\"): y}'\n  ending: {title: End}\n"},
            [
                "scenes/s.yaml:3:16: error E034: visited() names unknown scene 'zz' (use the id of a scene in this world)"
            ],
        ),
        "visited_of_a_name_that_starts_another": (
            HEAD + VARS,
            {"s.yaml": CHOICES + '    - {id: go, text: Go, to: a, if: \'visited("zzz") or visits("zz") > 0\'}\n'},
            [
                "scenes/s.yaml:5:38: error E034: visited() names unknown scene 'zzz' in 'visited(\"zzz\") or visits(\"zz\") > 0' (use the id of a scene in this world)",
                "scenes/s.yaml:5:56: error E034: visits() names unknown scene 'zz' in 'visited(\"zzz\") or visits(\"zz\") > 0' (use the id of a scene in this world)",
            ],
        ),
        "visited_escaped": (
            HEAD + VARS,
            {"s.yaml": CHOICES + "    - {id: go, text: Go, to: a, if: 'hope > 1 or visited(\"z\\z\")'}\n"},
            [
                "scenes/s.yaml:5:50: error E034: visited() names unknown scene 'zz' in 'hope > 1 or visited(\"z\\z\")' (use the id of a scene in this world)"
            ],
        ),
        # text blocks: every block is checked, whatever the faults of the blocks before it
        "blocks_both_faulty": (
            HEAD + VARS,
            {
                "s.yaml": "a:\n  title: A\n  text:\n    - {if: nope, text: x}\n    - {text: '{if}'}\n  ending: {title: End}\n"
            },
            [
                "scenes/s.yaml:4:12: error E031: undeclared variable 'nope' in 'nope' (did you mean 'hope'? Otherwise declare it in world.yaml)",
                "scenes/s.yaml:5:16: error E031: unknown variable 'if' in braces (declare it under variables: in world.yaml; write \\{ for a literal brace)",
            ],
        ),
        "block_without_text_then_faulty": (
            HEAD + VARS,
            {"s.yaml": "a:\n  title: A\n  text:\n    - {if: met}\n    - {text: '{if}'}\n  ending: {title: End}\n"},
            [
                "scenes/s.yaml:4:7: error E012: a text block of scene 'a' has no 'text' (add 'text:')",
                "scenes/s.yaml:5:16: error E031: unknown variable 'if' in braces (declare it under variables: in world.yaml; write \\{ for a literal brace)",
            ],
        ),
        # a refused variable is the fault: its uses are not reported as undeclared, and the
        # variables after it are declared
        "variables_refused_not_undeclared": (
            "id: w\ntitle: W\nstart: a\nvariables:\n  "
            + "v" * 65
            + ": {initial: 1}\n  spec: 3\n  fl: {initial: 1.5}\n  hope: {initial: 1}\n",
            {
                "s.yaml": CHOICES  # each on its own: a condition's compiling stops at its first fault
                + "".join(
                    f"    - {{id: c{n}, text: Go, to: a, if: {name} > 1}}\n"
                    for n, name in enumerate(["v" * 65, "spec", "fl", "hope"])
                )
            },
            [
                "world.yaml:5:3: error E013: '"
                + "v" * 65
                + "' cannot name a variable (use lowercase letters, digits and _, starting with a letter, and not a keyword)",
                "world.yaml:6:9: error E010: variable 'spec' must be a mapping of keys, not a number (write spec: {initial: 3})",
                "world.yaml:7:17: error E040: initial value of 'fl' must be a whole number, true/false or text (for example: initial: 5)",
            ],
        ),
        # files: each is read, whatever the faults of the files before it
        "scene_files_each_read": (
            HEAD,
            {"s.yaml": "a: [\n", "t.yaml": "- 1\n", "u.yaml": "b:\n  title: B\n  text: y\n"},
            [
                "scenes/s.yaml:2:1: error E002: not valid YAML: did not find expected node content (check the indentation and quoting on this line)",
                "scenes/t.yaml:1:1: error E010: scene file scenes/t.yaml must be a mapping of keys, not a list (see docs/world-format.md)",
                "scenes/u.yaml:1:1: error E024: scene 'b' has no choices and is not an ending (add choices, 'next: <scene>', or 'ending: {title: ..., kind: ...}')",
            ],
        ),
        "scene_twice_then_more": (
            HEAD,
            {
                "s.yaml": CHOICES + "    - {id: go, text: Go, to: b}\n",
                "t.yaml": END + "b:\n  title: B\n  text: y\n  ending: {title: E}\n",
            },
            [
                "scenes/t.yaml:1:1: error E020: scene 'a' is defined twice (first at scenes/s.yaml:1:1) (rename one of them: scene ids are unique across the world)"
            ],
        ),
        # a byte that is not UTF-8: its line and column (a first line that is empty; lines after it)
        "not_utf8_after_an_empty_line": (
            HEAD,
            {"s.yaml": b"\nab\xff:\n  x\n"},
            ["scenes/s.yaml:2:3: error E001: byte 0xFF is not UTF-8 (save the file as UTF-8)"],
        ),
        "not_utf8_with_lines_after": (
            HEAD,
            {"s.yaml": b"a:\n  title: A\n  text: x\n  t: \xff\n\n\n\n\n"},
            ["scenes/s.yaml:4:6: error E001: byte 0xFF is not UTF-8 (save the file as UTF-8)"],
        ),
    }
)


CASES.update(
    {
        # YAML slips, said in an author's words (game/world/yamlsafe.py)
        "yaml_tab_indents": (
            HEAD,
            {"s.yaml": "a:\n\ttitle: A\n"},
            [
                "scenes/s.yaml:2:1: error E002: a tab indents this line (YAML indents with spaces only: replace the tab with spaces)"
            ],
        ),
        "yaml_tab_after_spaces": (
            HEAD,
            {"s.yaml": "a:\n  title: A\n  \ttext: x\n"},
            [
                "scenes/s.yaml:3:3: error E002: a tab indents this line (YAML indents with spaces only: replace the tab with spaces)"
            ],
        ),
        "yaml_colon_in_text": (
            HEAD,
            {"s.yaml": "a:\n  title: A\n  text: Note: x\n" + "  ending: {title: End}\n"},
            [
                "scenes/s.yaml:3:13: error E002: this text holds ': ', which YAML reads as another key (put the text in quotes: \"...\")"
            ],
        ),
        "yaml_colon_in_flow_text": (
            HEAD,
            {"s.yaml": WITH + "  choices: [{id: go, text: Go: now, to: a}]\n"},
            [
                "scenes/s.yaml:4:30: error E002: a text in this '{' holds ': ', which YAML reads as a key (put the text in quotes: \"...\")"
            ],
        ),
        "yaml_brace_left_open": (
            HEAD,
            {"s.yaml": WITH + "  choices: [{id: go, text: Go, to: a]\n"},
            [
                "scenes/s.yaml:4:37: error E002: the '{' opened at line 4 is not closed (close it with '}', and quote a text in it that holds ', ')"
            ],
        ),
        "yaml_key_too_deep": (
            HEAD,
            {"s.yaml": "a:\n  title: A\n   text: x\n"},
            [
                "scenes/s.yaml:3:4: error E002: this line is indented more than the line above (line it up with the keys of its mapping)"
            ],
        ),
        "yaml_key_too_shallow": (
            HEAD,
            {"s.yaml": "a:\n  title: A\n text: x\n"},
            [
                "scenes/s.yaml:3:2: error E002: this line is indented less than the keys of its mapping (line it up with the keys above it)"
            ],
        ),
        "yaml_no_colon": (
            HEAD,
            {"s.yaml": "a:\n  title A\n  text: x\n"},
            ["scenes/s.yaml:2:3: error E002: this line has no ':' after its key (write it as key: value)"],
        ),
        "yaml_no_colon_last": (
            HEAD,
            {"s.yaml": "a:\n  title: A\n  text x\n"},
            [
                "scenes/s.yaml:3:3: error E002: this line has no ':' after its key (write it as key: value; a text under '|' is indented more than its key)"
            ],
        ),
        "yaml_colon_without_key": (
            HEAD,
            {"s.yaml": "a:\n  : x\n"},
            ["scenes/s.yaml:2:3: error E002: a ':' with no key before it (write the key before the ':')"],
        ),
        "yaml_quote_never_closed": (
            HEAD,
            {"s.yaml": 'a:\n  title: "A\n  text: x\n'},
            ["scenes/s.yaml:2:10: error E002: this quote is never closed (end the text with the same quote)"],
        ),
        "yaml_text_after_double_quote": (
            HEAD,
            {"s.yaml": 'a:\n  title: A\n  text: "Run" now, it\'s late\n'},
            [
                "scenes/s.yaml:3:15: error E002: the text goes on after its closing quote (quote all of it: '\"Run\" now, it''s late')"
            ],
        ),
        "yaml_text_after_single_quote": (
            HEAD,
            {"s.yaml": "a:\n  title: A\n  text: 'Sam' says \"no\"\n"},
            [
                'scenes/s.yaml:3:15: error E002: the text goes on after its closing quote (quote all of it: "\'Sam\' says \\"no\\"")'
            ],
        ),
        "yaml_text_after_bracket": (
            HEAD,
            {"s.yaml": "a:\n  title: A\n  text: [a] b\n"},
            [
                "scenes/s.yaml:3:13: error E002: the value goes on after its closing ']' (put the text in quotes: \"...\")"
            ],
        ),
        "yaml_list_key_out_of_line": (
            HEAD,
            {"s.yaml": WITH + "  choices:\n    - id: go\n      text: Go\n    to: a\n"},
            [
                "scenes/s.yaml:7:5: error E002: this line lines up with the '-' of a list item, but is not an item (indent it like the item's first key, or start it with '- ')"
            ],
        ),
        "yaml_at_sign": (
            HEAD,
            {"s.yaml": "a:\n  title: A\n  text: @home\n"},
            [
                "scenes/s.yaml:3:9: error E002: a value cannot start with '@' unless it is quoted (put the value in quotes: \"@...\")"
            ],
        ),
        "yaml_star": (
            HEAD,
            {"s.yaml": "a:\n  title: A\n  text: *bold*\n"},
            [
                "scenes/s.yaml:3:9: error E002: a value starting with '*' is read as an alias (put the value in quotes: \"*...*\")"
            ],
        ),
        # a misspelt key is one fault: its did-you-mean, and not also the key it stands for missing
        "misspelt_choices": (
            HEAD,
            {"s.yaml": WITH + "  choice:\n    - {id: go, text: Go, to: a}\n"},
            ["scenes/s.yaml:4:3: error E011: unknown key 'choice' in scene 'a' (did you mean 'choices'?)"],
        ),
        "misspelt_next": (
            HEAD,
            {"s.yaml": WITH + "  nxt: a\n"},
            ["scenes/s.yaml:4:3: error E011: unknown key 'nxt' in scene 'a' (did you mean 'next'?)"],
        ),
        "misspelt_ending": (
            HEAD,
            {"s.yaml": WITH + "  endng: {title: End}\n"},
            ["scenes/s.yaml:4:3: error E011: unknown key 'endng' in scene 'a' (did you mean 'ending'?)"],
        ),
        "misspelt_scene_text": (
            HEAD,
            {"s.yaml": "a:\n  title: A\n  txt: x\n" + "  ending: {title: End}\n"},
            ["scenes/s.yaml:3:3: error E011: unknown key 'txt' in scene 'a' (did you mean 'text'?)"],
        ),
        "misspelt_choice_text": (
            HEAD,
            {"s.yaml": WITH + "  choices:\n    - {id: go, txt: Go, to: a}\n"},
            ["scenes/s.yaml:5:16: error E011: unknown key 'txt' in a choice of scene 'a' (did you mean 'text'?)"],
        ),
        "misspelt_world_start": (
            "id: w\ntitle: W\nstrt: a\n",
            {"s.yaml": WITH + "  ending: {title: End}\n"},
            ["world.yaml:3:1: error E011: unknown key 'strt' in world.yaml (did you mean 'start'?)"],
        ),
        # ...the one its did-you-mean names: another key missing is still said
        "misspelt_and_another_missing": (
            HEAD,
            {"s.yaml": "a:\n  ttex: x\n  ending: {title: End}\n"},
            [
                "scenes/s.yaml:2:3: error E011: unknown key 'ttex' in scene 'a' (did you mean 'text'?)",
                "scenes/s.yaml:2:3: error E012: scene 'a' has no 'title' (add 'title:')",
            ],
        ),
        "misspelt_initial": (  # a key typed short is the start of the key it stands for: one fault
            HEAD + "variables:\n  hope: {ini: 3}\n",
            {"s.yaml": WITH + "  ending: {title: End}\n"},
            ["world.yaml:5:10: error E011: unknown key 'ini' in variable 'hope' (did you mean 'initial'?)"],
        ),
        "misspelt_and_missing": (
            HEAD,
            {"s.yaml": "a:\n  titel: A\n  ending: {title: End}\n"},
            [
                "scenes/s.yaml:2:3: error E011: unknown key 'titel' in scene 'a' (did you mean 'title'?)",
                "scenes/s.yaml:2:3: error E012: scene 'a' has no 'text' (add 'text:')",
            ],
        ),
        # a variable written as its value alone: the hint writes the mapping it belongs in
        "variable_flag_alone": (
            HEAD + "variables:\n  met: true\n",
            {"s.yaml": WITH + "  ending: {title: End}\n"},
            [
                "world.yaml:5:8: error E010: variable 'met' must be a mapping of keys, not true/false (write met: {initial: true})"
            ],
        ),
        "variable_text_alone": (
            HEAD + "variables:\n  name: Sam\n",
            {"s.yaml": WITH + "  ending: {title: End}\n"},
            [
                "world.yaml:5:9: error E010: variable 'name' must be a mapping of keys, not text (write name: {initial: Sam})"
            ],
        ),
        "variable_nothing": (
            HEAD + "variables:\n  hope:\n",
            {"s.yaml": WITH + "  ending: {title: End}\n"},
            [
                "world.yaml:5:8: error E010: variable 'hope' must be a mapping of keys, not nothing (write hope: {initial: ...})"
            ],
        ),
        # an ending written as its title: the hint writes the mapping
        "ending_as_text": (
            HEAD,
            {"s.yaml": WITH + "  ending: The end\n"},
            [
                "scenes/s.yaml:4:11: error E010: the ending of scene 'a' must be a mapping of keys, not text (write ending: {title: The end}; kind: is optional, a word such as good, bad or open)"
            ],
        ),
        "ending_as_text_with_a_colon": (
            HEAD,
            {"s.yaml": WITH + '  ending: "Fin: à bientôt"\n'},
            [
                "scenes/s.yaml:4:11: error E010: the ending of scene 'a' must be a mapping of keys, not text (write ending: {title: \"Fin: à bientôt\"}; kind: is optional, a word such as good, bad or open)"
            ],
        ),
        "scene_file_empty": (
            HEAD,
            {"s.yaml": ""},
            ["scenes:1:1: error E023: the world has no scenes (add scenes/<name>.yaml with at least the start scene)"],
        ),
    }
)


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


def loaded(root: Path, world: str, scenes: Mapping[str, bytes | str]) -> World:
    """A world that loads without a fault."""
    assert faults(root, world, scenes) == []
    return load_world(root)


def test_a_condition_written_as_true_or_false_is_always_or_never_met(tmp_path: Path) -> None:
    scenes = CHOICES + "    - {id: always, text: Y, to: a, if: true}\n    - {id: never, text: N, to: a, if: false}\n"
    story = Story(loaded(tmp_path, HEAD, {"s.yaml": scenes}), 1)
    assert [choice.id for choice in story.choices()] == ["always"]


def test_a_sub_scene_returns_where_it_was_called(tmp_path: Path) -> None:
    """`then:` calls a scene; a choice with `return: true` (no `to:`) goes back to the `then:` scene."""
    scenes = CHOICES + "    - {id: go, text: Go, to: b, then: c}\n"
    scenes += "b:\n  title: B\n  text: y\n  choices:\n    - {id: back, text: Back, return: true}\n"
    scenes += "c:\n  title: C\n  text: z\n  ending: {title: End}\n"
    world = loaded(tmp_path, HEAD, {"s.yaml": scenes})
    (back,) = world.scenes["b"].choices
    assert (back.returns, back.target) == (True, "b")  # a return's target is its own scene
    story = Story(world, 1)
    story.choose("go")
    assert story.scene_id == "b"
    story.choose("back")
    assert (story.scene_id, story.is_over) == ("c", True)


def test_tags_may_be_one_word_or_a_list(tmp_path: Path) -> None:
    scenes = (
        "a:\n  title: A\n  text: x\n  tags: calm\n  choices:\n    - {id: go, text: Go, to: a, tags: [quiet, micah]}\n"
    )
    scene = loaded(tmp_path, HEAD, {"s.yaml": scenes}).scenes["a"]
    assert (scene.tags, scene.choices[0].tags) == (("calm",), ("quiet", "micah"))


def test_an_endings_kind_left_empty_is_ending_and_it_may_list_no_choices(tmp_path: Path) -> None:
    scenes = "a:\n  title: A\n  text: x\n  choices: []\n  ending: {title: End, kind: ''}\n"
    ending = loaded(tmp_path, HEAD, {"s.yaml": scenes}).scenes["a"].ending
    assert ending is not None and (ending.title, ending.kind) == ("End", "ending")


def test_bounds_may_meet_and_the_initial_value_may_sit_on_either(tmp_path: Path) -> None:
    world = HEAD + "variables:\n  one: {initial: 5, min: 5, max: 5}\n  low: {initial: 0, min: 0, max: 9}\n"
    world += "  high: {initial: 9, min: 0, max: 9}\n"
    variables = loaded(tmp_path, world, {"s.yaml": END}).variables
    assert [(v.name, v.initial, v.minimum, v.maximum) for v in variables.values()] == [
        ("one", 5, 5, 5),
        ("low", 0, 0, 9),
        ("high", 9, 0, 9),
    ]
    # lint and the editor name where each variable is declared
    assert [(v.loc.line, v.loc.column) for v in variables.values()] == [(5, 3), (6, 3), (7, 3)]
    assert variables["one"].loc.file == str(tmp_path / "world.yaml")


def test_a_text_shows_the_word_of_a_numbers_band(tmp_path: Path) -> None:
    world = HEAD + "variables:\n  hope: {initial: 3, min: 0, max: 10, words: {0-5: low, 6-10: high}}\n"
    scenes = "a:\n  title: A\n  text: 'Hope is {word(hope)}.'\n  choices:\n    - {id: up, text: Up, to: a, do: [hope += 3]}\n"
    story = Story(loaded(tmp_path, world, {"s.yaml": scenes}), 1)
    assert story.narration() == "Hope is low."
    story.choose("up")
    assert story.narration() == "Hope is high."


TEXTS = """\
a:
  title: A
  text: 'Sails 5\\* up, *out* and {if met: back|away}.'
  variants:
    - {if: met, text: 'Home {if hope > 3: at last|again}.'}
  choices:
    - {id: go, text: Go \\*now\\*, to: b, do: [met = true, hope += 1]}
b:
  title: B
  text:
    - {if: met, text: X *x*}
    - Y
  choices:
    - {id: back, text: 'Back \\ home', to: a}
"""


def test_texts_as_written_as_shown_and_where(tmp_path: Path) -> None:
    """Escapes and emphasis in a text without braces too; what tools count and show (`io-game stats`,
    the editor's hover, lint) is each text as written, blocks joined by a blank line; each variant and
    block knows its place."""
    world = loaded(tmp_path, HEAD + VARS, {"s.yaml": TEXTS})
    a, b = world.scenes["a"], world.scenes["b"]
    assert a.text == "Sails 5\\* up, *out* and {if met: back|away}."
    assert [(v.text, v.replace, v.loc.line, v.loc.column) for v in a.variants] == [
        ("Home {if hope > 3: at last|again}.", False, 5, 7)
    ]
    assert a.choices[0].text == "Go *now*"
    assert b.text == "X *x*\n\nY"
    assert [(block.loc.line, block.loc.column) for block in b.blocks] == [(11, 7), (12, 7)]
    story = Story(world, 1)
    assert story.narration() == "Sails 5* up, out and away."
    assert story.choice_text(story.choices()[0]) == "Go *now*"
    story.choose("go")
    assert story.narration() == "X x\n\nY"
    assert b.choices[0].text == story.choice_text(b.choices[0]) == "Back \\ home"  # a lone backslash is kept
    story.choose("back")
    assert story.narration() == "Sails 5* up, out and back.\n\nHome at last."


DRAWS = """\
a:
  title: A
  text: x
  variants:
    - {if: true, text: "{if chance(50):v|w}"}
  choices:
    - id: go
      text: "{if chance(50):G|g}"
      reply: "{if chance(50):R|r}"
      to: b
      do: [f = chance(50), g = f, f = chance(50)]
b:
  title: B
  text:
    - "{if chance(50):B|b}"
  ending: {title: End}
"""


def test_a_chance_in_a_choice_reply_variant_or_block_text_draws_by_its_own_place(tmp_path: Path) -> None:
    """As the test above, for the texts of choices, replies, variants and blocks; and the same
    effect written twice in one `do:` draws twice (each place its own draw)."""
    world = loaded(tmp_path, HEAD + "variables:\n  f: {initial: false}\n  g: {initial: false}\n", {"s.yaml": DRAWS})
    seen = []
    for seed in range(12):
        story = Story(world, seed)
        before = story.narration().replace("\n\n", "/") + "/" + story.choice_text(story.choices()[0])
        story.choose("go")
        drawn = "".join("1" if story.variables[flag] else "0" for flag in ("f", "g"))
        seen.append(f"{before}|{story.reply_text()}|{story.narration()}|{drawn}")
    assert seen == [
        "x/v/g|R|B|11",
        "x/v/G|R|B|00",
        "x/v/G|r|b|10",
        "x/v/g|R|B|10",
        "x/w/G|r|b|11",
        "x/w/G|r|B|11",
        "x/v/G|R|B|10",
        "x/v/G|r|B|01",
        "x/v/G|R|B|00",
        "x/v/G|R|B|11",
        "x/w/g|R|B|10",
        "x/v/G|R|b|00",
    ]


def test_a_worlds_content_hash_is_sha256_over_each_files_name_and_bytes(tmp_path: Path) -> None:
    """Saves record it: a save matches its world only while the hash is made the same way, of the
    same files (world.yaml, then scenes/*.yaml and *.yml by name), each its name, NUL, bytes, NUL."""
    world = loaded(tmp_path, HEAD, {"t.yml": END.replace("a:", "b:"), "s.yaml": END, "notes.txt": "not read"})
    assert world.files == ("world.yaml", "scenes/s.yaml", "scenes/t.yml")
    assert list(world.scenes) == ["a", "b"]
    digest = hashlib.sha256()
    for name in world.files:
        digest.update(name.encode() + b"\0" + (tmp_path / name).read_bytes() + b"\0")
    assert (world.content_hash, world.path) == (digest.hexdigest(), tmp_path)


def test_a_load_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path) -> None:
    """A load pauses Python's cycle collector (it only costs time there), and gives it back."""
    assert gc.isenabled()
    loaded(tmp_path / "good", HEAD, {"s.yaml": END})
    assert gc.isenabled()
    assert faults(tmp_path / "bad", HEAD, {"s.yaml": WITH}) != []
    assert gc.isenabled()
    gc.disable()
    try:
        load_world(tmp_path / "good")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_cached_worlds_scene_is_compiled_once_and_an_entry_must_match_its_files(tmp_path: Path) -> None:
    """The cache (game.world.cache) hands the loader the trees of a clean load: a scene is compiled on
    first use and kept (the game compiles the rest in a worker while the player reads); an entry
    listing other files is no use (None: the world is loaded in full), and one whose scene does not
    compile cleanly is refused when the scene is needed, naming it."""
    scenes = (
        END.replace("  ending: {title: End}\n", "  next: b\n") + "b:\n  title: B\n  text: y\n  ending: {title: E}\n"
    )
    world = loaded(tmp_path, HEAD, {"s.yaml": scenes})
    kept = loader.KeptTrees()
    load_world(tmp_path, kept)
    assert isinstance(kept.header, YMap)
    places = [(scene_id, file, loc) for scene_id, file, loc, _tree in kept.scenes]
    trees = {scene_id: tree for scene_id, _file, _loc, tree in kept.scenes}
    header, files = kept.header, list(world.files)
    assert loader.load_cached(tmp_path, files[:1], header, places, world.labels, trees.__getitem__) is None
    cached = loader.load_cached(tmp_path, files, header, places, world.labels, trees.__getitem__)
    assert cached is not None and isinstance(cached.scenes, loader.LazyScenes)
    assert cached.scenes.compiled == 0
    first = cached.scenes["a"]
    assert cached.scenes["a"] is first and cached.scenes.compiled == 1
    assert (first.title, first.choices[0].target) == ("A", "b")
    with pytest.raises(KeyError, match="zz"):
        cached.scenes["zz"]
    unclean = read_yaml("title: B\ntext: y\nzzzzz: 1\nending: {title: E}\n", "b.yaml")
    assert unclean is not None
    broken = loader.load_cached(tmp_path, files, header, places, world.labels, lambda scene_id: unclean)
    assert broken is not None
    with pytest.raises(RuntimeError, match=f"the cached world {tmp_path} does not compile scene 'b'"):
        broken.scenes["b"]


def test_a_worlds_trees_are_kept_for_the_cache_up_to_a_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Up to 8 MB of YAML (here 71 bytes: world.yaml's 24 and a scene file's 47) a load keeps its
    trees for the cache, with world.yaml's digest (the title screen's first paint reads the entry);
    past it the world loads but is not cached."""
    monkeypatch.setattr(loader, "MAX_KEPT_BYTES", 71)
    world = loaded(tmp_path / "w", HEAD, {"s.yaml": END})
    kept = loader.KeptTrees()
    load_world(tmp_path / "w", kept)
    assert (kept.complete, kept.bytes, [scene[0] for scene in kept.scenes]) == (True, 71, ["a"])
    assert kept.header_digest == hashlib.sha256((tmp_path / "w" / "world.yaml").read_bytes()).hexdigest()
    assert cache.load(tmp_path / "w", tmp_path / "entry")[1] is not None
    monkeypatch.setattr(loader, "MAX_KEPT_BYTES", 70)
    again, store = cache.load(tmp_path / "w", tmp_path / "entry")
    assert store is None and again.content_hash == world.content_hash


def test_a_u_feff_is_a_byte_order_mark_only_at_the_start_of_a_file(tmp_path: Path) -> None:
    scene = "\ufeffa:\n  title: A\n  ending: {title: End}\n  text: x\ufeff"
    assert loaded(tmp_path, HEAD, {"s.yaml": scene}).scenes["a"].text == "x\ufeff"


def test_a_path_that_is_not_a_world_folder_or_has_no_world_yaml_is_refused(tmp_path: Path) -> None:
    assert lines_of(tmp_path / "nowhere") == [
        f"{tmp_path}/nowhere:1:1: error E001: no world folder here (give the path of a folder holding world.yaml)"
    ]
    (tmp_path / "w" / "scenes").mkdir(parents=True)
    (tmp_path / "w" / "scenes" / "s.yaml").write_text(END, encoding="utf-8")
    assert lines_of(tmp_path / "w") == [
        "world.yaml:1:1: error E001: file not found (a world folder needs world.yaml and a scenes/ folder)"
    ]


def test_a_scene_file_that_is_not_a_plain_file_is_refused(tmp_path: Path) -> None:
    """A FIFO would block the read."""
    faults(tmp_path / "w", HEAD, {"s.yaml": END})
    os.mkfifo(tmp_path / "w" / "scenes" / "f.yaml")
    assert lines_of(tmp_path / "w") == [
        "scenes/f.yaml:1:1: error E001: this is not a regular file (a world holds plain .yaml files only)",
    ]


def test_a_link_to_a_file_that_is_not_there_says_where_it_points(tmp_path: Path) -> None:
    """The link is there and what it names is not: the line names the link and its target as written,
    whether it points inside the folder or out of it, for a scene file and for world.yaml alike."""
    faults(tmp_path / "w", HEAD, {"s.yaml": END})
    (tmp_path / "w" / "scenes" / "g.yaml").symlink_to(tmp_path / "gone.yaml")
    (tmp_path / "w" / "scenes" / "h.yaml").symlink_to("../old/h.yaml")
    assert lines_of(tmp_path / "w") == [
        f"scenes/g.yaml:1:1: error E001: this file is a link to {tmp_path}/gone.yaml, which does not exist (replace the link with the file itself, or remove it)",
        "scenes/h.yaml:1:1: error E001: this file is a link to ../old/h.yaml, which does not exist (replace the link with the file itself, or remove it)",
    ]
    (tmp_path / "w" / "world.yaml").rename(tmp_path / "w" / "moved.yaml")
    (tmp_path / "w" / "world.yaml").symlink_to("world-v1.yaml")
    assert lines_of(tmp_path / "w")[-1] == (
        "world.yaml:1:1: error E001: this file is a link to world-v1.yaml, which does not exist (replace the link with the file itself, or remove it)"
    )


def test_a_scene_file_removed_while_the_world_is_read_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Staged: scenes/ is listed with a file that is gone by the time it is read."""
    faults(tmp_path / "w", HEAD, {"s.yaml": END})
    listed = Path.iterdir

    def iterdir(path: Path) -> Iterator[Path]:
        yield from listed(path)
        yield path / "t.yaml"

    monkeypatch.setattr(Path, "iterdir", iterdir)
    assert lines_of(tmp_path / "w") == [
        "scenes/t.yaml:1:1: error E001: the file was removed while the world was read (check the world again once nothing is changing its files)"
    ]


def test_a_file_and_a_world_may_be_exactly_as_large_as_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 47)  # scenes/s.yaml is 47 bytes, world.yaml 24
    monkeypatch.setattr(loader, "MAX_WORLD_BYTES", 71)
    assert faults(tmp_path, HEAD, {"s.yaml": END}) == []


def test_the_size_limits_are_said_in_whole_mb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """8 MB a file (a file one byte past it: sparse, refused unread), and the world's limit (here 3 MB)."""
    faults(tmp_path / "w", HEAD, {"s.yaml": END})
    with open(tmp_path / "w" / "scenes" / "t.yaml", "wb") as big:
        big.truncate(8 * 1024 * 1024 + 1)
    assert lines_of(tmp_path / "w") == [
        "scenes/t.yaml:1:1: error E007: file of 8,388,609 bytes is too large (split it: a world file may be at most 8 MB)"
    ]
    monkeypatch.setattr(loader, "MAX_WORLD_BYTES", 3 * 1024 * 1024)
    with open(tmp_path / "w" / "scenes" / "t.yaml", "wb") as big:
        big.truncate(3 * 1024 * 1024)
    assert lines_of(tmp_path / "w") == [
        "scenes/t.yaml:1:1: error E007: the world's files hold more than 3 MB (a story world needs far less: split it into smaller worlds)"
    ]


def test_once_the_worlds_size_is_spent_no_more_files_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_WORLD_BYTES", 24 + 40)  # world.yaml's 24 bytes, then 40 more
    lines = faults(tmp_path, HEAD, {"s.yaml": END, "t.yaml": "b: 1\n"})  # 47 bytes; t.yaml's 5 would fit
    assert lines == [
        "scenes/s.yaml:1:1: error E007: the world's files hold more than 0 MB (a story world needs far less: split it into smaller worlds)"
    ]


def _seen_smaller(monkeypatch: pytest.MonkeyPatch, growing: Path, size: int) -> None:
    """Stages another program writing to `growing`: its size, when the loader looks, is `size`."""
    real_stat = Path.stat

    def stat(path: Path, *, follow_symlinks: bool = True) -> os.stat_result:
        found = real_stat(path, follow_symlinks=follow_symlinks)
        if path == growing:
            fields = list(found)
            fields[6] = size  # st_size
            return os.stat_result(fields)
        return found

    monkeypatch.setattr(Path, "stat", stat)


def test_a_file_that_grows_while_it_is_read_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    faults(tmp_path / "w", HEAD, {"s.yaml": END})
    _seen_smaller(monkeypatch, tmp_path / "w" / "scenes" / "s.yaml", len(END) - 1)  # one byte written since
    assert lines_of(tmp_path / "w") == [
        "scenes/s.yaml:1:1: error E001: the file changed while it was read (try again once nothing is writing to it)"
    ]


def test_a_file_that_grows_while_it_is_read_is_read_no_further_than_one_byte_past_the_size_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that never stops cannot make the read unbounded: seen at 10 bytes, a file holding 8 MB
    by the time it is read costs the loader no more than those bytes (measured: the peak of Python's
    allocations while loading)."""
    faults(tmp_path / "w", HEAD, {"s.yaml": END + "#" * (8 * 1024 * 1024) + "\n"})
    _seen_smaller(monkeypatch, tmp_path / "w" / "scenes" / "s.yaml", 10)
    tracemalloc.start()
    try:
        lines = lines_of(tmp_path / "w")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert lines == [
        "scenes/s.yaml:1:1: error E001: the file changed while it was read (try again once nothing is writing to it)"
    ]
    assert peak < 1024 * 1024


def test_a_scenes_folder_that_cannot_be_listed_says_why_and_nothing_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staged (the tests run as root, whom permissions do not stop): listing scenes/ fails. Its scenes
    are unknown, not missing: the start scene is not reported as missing."""
    faults(tmp_path / "w", HEAD, {"s.yaml": END})

    def iterdir(path: Path) -> Iterator[Path]:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "iterdir", iterdir)
    assert lines_of(tmp_path / "w") == [
        "scenes:1:1: error E001: cannot read the scenes folder: Permission denied (check that it exists and is readable)"
    ]


def test_a_world_may_hold_so_many_files_scenes_and_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At most 10,000 scene files, 20,000 scenes and 1,000 variables (here 2 each): exactly as many
    load; one more is refused, by the number, and what is past the limit is not read."""
    monkeypatch.setattr(loader, "MAX_FILES", 2)
    monkeypatch.setattr(loader, "MAX_SCENES", 2)
    monkeypatch.setattr(loader, "MAX_VARIABLES", 2)
    b = END.replace("a:", "b:")
    two = "variables:\n  hope: {initial: 1}\n  met: {initial: false}\n"
    assert faults(tmp_path / "ok", HEAD + two, {"s.yaml": END, "t.yaml": b}) == []
    assert faults(tmp_path / "files", HEAD, {"s.yaml": END, "t.yaml": b, "u.yaml": "c: 1\n"}) == [
        "scenes:1:1: error E007: 3 scene files is too many (a world may have at most 2 files)"
    ]
    assert faults(tmp_path / "scenes", HEAD, {"s.yaml": END + b + "c: 1\n"}) == [
        "world.yaml:1:1: error E007: 3 scenes is too many (a world may hold at most 2 scenes)"
    ]
    three = two + "  air: {initial: 2}\n"
    scenes = {"s.yaml": CHOICES + "    - {id: go, text: Go, to: a, if: hope > 1 and air > 1, do: [met = true]}\n"}
    assert faults(tmp_path / "variables", HEAD + three, scenes) == [
        "world.yaml:5:3: error E007: 3 variables is too many (a world may declare at most 2)"
    ]


def test_a_files_yaml_values_are_bounded_and_so_are_the_worlds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At most 250,000 YAML values a file and 2,000,000 a world (here 8 and 15): the one nearer is
    the one named; once the world's are spent, no more files are read; a file with a fault spends
    only what it read."""
    monkeypatch.setattr(loader, "MAX_VALUES", 8)
    monkeypatch.setattr(loader, "MAX_WORLD_VALUES", 1_000)
    assert faults(tmp_path / "file", HEAD, {"s.yaml": END}) == [  # 11 values
        "scenes/s.yaml:4:11: error E007: more than 8 values (texts, numbers, lists, mappings) in one file (split the file)"
    ]
    monkeypatch.setattr(loader, "MAX_WORLD_VALUES", 15)  # world.yaml spends 7 (a mapping, 3 keys, 3 values)
    assert faults(tmp_path / "world", HEAD, {"s.yaml": END, "t.yaml": "b: 1\n"}) == [
        "scenes/s.yaml:4:11: error E007: more than 15 values (texts, numbers, lists, mappings) in the world (split it into smaller worlds)"
    ]
    monkeypatch.setattr(loader, "MAX_WORLD_VALUES", 8)  # one left after world.yaml: s.yaml spends none
    assert faults(tmp_path / "fault", HEAD, {"s.yaml": "]\n", "t.yaml": "b: 1\n"}) == [
        "scenes/s.yaml:1:1: error E002: not valid YAML: did not find expected node content (check the indentation and quoting on this line)",
        "scenes/t.yaml:1:1: error E007: more than 8 values (texts, numbers, lists, mappings) in the world (split it into smaller worlds)",
    ]


def test_true_and_false_as_conditions_spend_the_expression_budget_at_their_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_EXPRESSION_CHARS", 4)  # `true` spends it all
    choices = "  choices:\n    - {id: c1, text: C, to: a, if: true}\n    - {id: c2, text: C, to: a, if: false}\n"
    assert faults(tmp_path, HEAD + VARS, {"s.yaml": WITH + choices}) == [
        "scenes/s.yaml:6:36: error E007: the world's different conditions and effects hold more than 4 characters (a story world needs far fewer: split it into smaller worlds)"
    ]


def test_only_a_do_with_an_if_is_a_program_a_plain_list_is_the_choices_effects(tmp_path: Path) -> None:
    """Exploration and lint read `program` as the choice's branching effects: a plain `do:` list has
    none (its effects are the whole of it), so a counter nobody reads does not split states."""
    scenes = CHOICES + "    - {id: go, text: Go, to: a, do: [hope += 1]}\n"
    scenes += "    - {id: if, text: If, to: a, do: [{if: met, do: [hope += 1]}]}\n"
    go, branch = loaded(tmp_path, HEAD + VARS, {"s.yaml": scenes}).scenes["a"].choices
    assert (go.program, [effect.source for effect in go.effects]) == ((), ["hope += 1"])
    assert [type(action).__name__ for action in branch.program] == ["When"]
