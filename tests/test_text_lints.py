"""Lint on the texts themselves, in the states a run can be in: a condition in a text that is constant
wherever the text is shown (W106), a reply on a choice no run can take (W112), a text that comes out
empty (W113). Each found at its file, line and column, by the exact exploration and by the abstraction
with intervals alike; the same world fixed is clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.lint import LintResult, lint
from game.world import load_world

WORLD = """id: textlint
title: Text lint
start: gate
variables:
  x: {initial: 0, min: 0, max: 5}
  met: {initial: false}
"""

CONSTANT = """gate:
  title: The gate
  text: "The gate stands open.{if visited(\\"yard\\"): You have been here before.|}"
  choices:
    - id: in
      text: Go in
      to: yard
      do: x += 1
      reply: "{if x > 0: The hinges creak.|The gate is silent.}"
    - id: greet
      text: Greet the keeper
      to: yard
      do: met = true
yard:
  title: The yard
  text:
    - text: The yard is empty.
    - if: visited("gate")
      text: The gate is behind you.
  choices:
    - id: out
      text: "Leave{if met: with the keeper|}"
      to: end
end:
  title: The end
  text: It is over now.
  ending: {title: Over}
"""

# The same story with each condition doing some work: the yard can be come back to, the reply's
# condition reads what differs between the ways in, and the block is shown on the second visit only.
CONSTANT_FIXED = """gate:
  title: The gate
  text: "The gate stands open.{if visited(\\"yard\\"): You have been here before.|}"
  choices:
    - id: in
      text: Go in
      to: yard
      do: x += 1
      reply: "{if met: The keeper nods.|The gate is silent.}"
    - id: greet
      text: Greet the keeper
      to: yard
      do: met = true
yard:
  title: The yard
  text:
    - text: The yard is empty.
    - if: visits("yard") > 1
      text: You have stood here before.
  choices:
    - id: back
      text: Go back to the gate
      to: gate
      once: true
    - id: out
      text: "Leave{if met: with the keeper|}"
      to: end
end:
  title: The end
  text: It is over now.
  ending: {title: Over}
"""

UNREAD_AND_BLANK = """a:
  title: A
  text: You wait by the road.
  choices:
    - id: wait
      text: Wait a while
      to: a
      do: x += 1
    - id: call
      text: Call the keeper
      to: a
      once: true
      do: met = true
    - id: leave
      text: "{if x > 0: Leave at last}"
      to: b
    - id: give_up
      text: Give up
      to: end
      fallback: true
      reply: You sit down in the dust.
    - id: fly
      text: Fly
      to: end
      if: x > 5
      reply: You rise over the roofs.
b:
  title: B
  text:
    - if: met
      text: The keeper walks with you.
  choices:
    - id: go
      text: Walk on
      to: end
      reply: "{if x > 1: Your legs ache.}"
end:
  title: The end
  text: It is over now.
  ending: {title: Over}
"""

UNREAD_AND_BLANK_FIXED = """a:
  title: A
  text: You wait by the road.
  choices:
    - id: wait
      text: Wait a while
      to: a
      if: x < 5
      do: x += 1
    - id: call
      text: Call the keeper
      to: a
      once: true
      do: met = true
    - id: leave
      text: "{if x > 0: Leave at last|Leave at once}"
      to: b
    - id: fly
      text: Fly
      to: end
      if: x >= 5
      reply: You rise over the roofs.
b:
  title: B
  text:
    - text: The road goes on.
    - if: met
      text: The keeper walks with you.
  choices:
    - id: go
      text: Walk on
      to: end
      reply: "{if x > 1: Your legs ache.|You walk lightly.}"
end:
  title: The end
  text: It is over now.
  ending: {title: Over}
"""


def _world(root: Path, scenes: str, start: str = "gate") -> Path:
    (root / "scenes").mkdir(parents=True)
    (root / "world.yaml").write_text(WORLD.replace("start: gate", f"start: {start}"))
    (root / "scenes" / "main.yaml").write_text(scenes)
    return root


def _found(result: LintResult, codes: tuple[str, ...] = ("W106", "W112", "W113")) -> list[tuple[str, int, int, str]]:
    return [
        (d.code, d.location.line, d.location.column, d.message)
        for d in result.warnings
        if d.code in codes and Path(d.location.file).name == "main.yaml"
    ]


# max_states: the exact exploration finishes (big), or stops at once and the abstraction proves it (1).
TIERS = pytest.mark.parametrize("max_states", [50_000, 1], ids=["exact", "abstract"])


@TIERS
def test_a_condition_in_a_text_that_never_or_always_holds_where_it_is_shown(tmp_path: Path, max_states: int) -> None:
    result = lint(load_world(_world(tmp_path, CONSTANT)), max_states=max_states)
    assert result.complete and not result.notes
    found = _found(result)
    assert [(code, line, column) for code, line, column, _ in found] == [
        ("W106", 3, 35),  # {if visited("yard"): ...}: the gate is never come back to
        ("W106", 9, 19),  # {if x > 0: ...} in the reply: x was just raised
        ("W106", 18, 7),  # the block's if: visited("gate"): the run started there
    ]
    assert "{if visited(\"yard\"):} in the text of scene 'gate' is false in every reachable state" in found[0][3]
    assert "the text it guards is never shown" in found[0][3]
    assert "{if x > 0:} in the reply of choice 'gate.in' is true" in found[1][3]
    assert "the text after its '|' is never shown" in found[1][3]
    assert "the if: of block 2 of scene 'yard' is true" in found[2][3] and "always shown" in found[2][3]


@TIERS
def test_the_same_texts_fixed_are_clean(tmp_path: Path, max_states: int) -> None:
    result = lint(load_world(_world(tmp_path, CONSTANT_FIXED)), max_states=max_states)
    assert _found(result) == [] and result.complete


@TIERS
def test_a_reply_on_a_choice_no_run_takes_and_texts_that_come_out_empty(tmp_path: Path, max_states: int) -> None:
    result = lint(load_world(_world(tmp_path, UNREAD_AND_BLANK, start="a")), max_states=max_states)
    found = _found(result)
    assert [(code, line, column) for code, line, column, _ in found] == [
        ("W113", 15, 13),  # the label of 'leave' at x = 0
        ("W112", 21, 14),  # the fallback 'give_up': 'wait' is always offered
        ("W112", 26, 14),  # 'fly': x > 5 with x at most 5
        ("W113", 30, 5),  # scene b's one block, when the keeper was not called
        ("W113", 36, 14),  # the reply of 'go' when x <= 1
    ]
    messages = [message for *_, message in found]
    assert "choice 'leave' of scene 'a' is offered with an empty label (from the start)" in messages[0]
    assert "reply of choice 'give_up' is never shown" in messages[1] and "it is a fallback" in messages[1]
    assert "reply of choice 'fly' is never shown" in messages[2] and "'x > 5' is false" in messages[2]
    assert "scene 'b' shows no text at all" in messages[3]
    assert "the reply of choice 'go' comes out empty when it is taken" in messages[4]
    assert "then 'go'" in messages[4]


@TIERS
def test_the_replies_and_texts_fixed_are_clean(tmp_path: Path, max_states: int) -> None:
    result = lint(load_world(_world(tmp_path, UNREAD_AND_BLANK_FIXED, start="a")), max_states=max_states)
    assert _found(result) == [] and result.complete


def test_a_text_that_runs_out_by_design_is_not_empty(tmp_path: Path) -> None:
    # A once-only alternative that has shown everything shows nothing, as its author wrote it; and a
    # text whose every branch says something is never empty, whatever the state.
    scenes = UNREAD_AND_BLANK_FIXED.replace(
        '"{if x > 0: Leave at last|Leave at once}"', '"{!Leave, for the first time.|}{if x > 0: At last.|At once.}"'
    )
    result = lint(load_world(_world(tmp_path, scenes, start="a")))
    assert _found(result) == []


def test_without_the_whole_state_space_the_text_checks_are_named_in_w110(tmp_path: Path) -> None:
    # Neither tier finishes: an empty text the states explored show is still reported (it is real),
    # and W110 says which text checks did not run everywhere.
    result = lint(load_world(_world(tmp_path, UNREAD_AND_BLANK, start="a")), max_states=1, abstract=False)
    assert [(code, line) for code, line, *_ in _found(result)] == [("W113", 15)]
    assert not result.complete
    (note,) = result.notes
    assert "W112 (replies never read)" in note.message and "W113 (empty texts)" in note.message
    assert "W106 (constant conditions, in texts too)" in note.message
