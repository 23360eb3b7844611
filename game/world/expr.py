"""The expression language of conditions and effects.

Parsed once at load by a small hand-written parser (no `eval`, no `exec`, no `ast`), type-checked
against the declared variables, and compiled into nested closures that read the run's state.
Anything outside the language is a load error with its column: attribute access, indexing, calls
other than visited/visits/chance, names starting with an underscore, numbers too large to mean
anything in a story, and expressions too long or too deeply nested to be a condition.

Grammar:
    effect     := NAME ('=' | '+=' | '-=') expr
    expr       := and_expr ('or' and_expr)*
    and_expr   := not_expr ('and' not_expr)*
    not_expr   := 'not' not_expr | comparison
    comparison := sum (('==' | '!=' | '<' | '<=' | '>' | '>=') sum)?
    sum        := unary (('+' | '-') unary)*
    unary      := '-' unary | atom
    atom       := INT | STRING | 'true' | 'false' | NAME | NAME '(' args ')' | '(' expr ')'
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import Protocol

from msgspec import Struct

from game.support.ids import ID_PATTERN
from game.world.part import Part

Value = int | bool | str
Type = str  # "number", "flag" or "text"

MAX_LENGTH = 500
MAX_DEPTH = 32
MAX_INT = 10**9


class ExprError(Exception):
    """A fault in an expression, at a 0-based offset into its source."""

    def __init__(self, offset: int, message: str, hint: str = "", kind: str = "syntax") -> None:
        self.offset = offset
        self.message = message
        self.hint = hint
        self.kind = kind  # "syntax", "undeclared", "type", "not_allowed", "unknown_scene"
        super().__init__(message)


class State(Protocol):
    """What an expression may read of a run."""

    variables: dict[str, Value]
    visits: dict[str, int]

    @property
    def taken(self) -> AbstractSet[str]:
        """Keys of the once-only choices taken, and of the choices taken() names that were taken."""
        ...

    def draw(self, site: int) -> int:
        """A number in 0..99 from the run's random stream, fixed for this step and site."""
        ...


Evaluator = Callable[[State], Value]

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<int>\d+)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|\+=|-=|[<>=+\-(),])
    """,
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "true", "false"}
_PYTHON_WORDS = {"lambda", "import", "if", "else", "for", "in", "is", "None", "True", "False", "yield"}
_FUNCTIONS = {"visited": "flag", "visits": "number", "chance": "flag", "taken": "flag"}

_EXPLAIN = {
    ".": ("attribute access ('.') is not allowed", "use a declared variable name"),
    "[": ("indexing ('[') is not allowed", "use a declared variable name"),
    "]": ("indexing (']') is not allowed", "use a declared variable name"),
    "*": ("only + and - are supported", "rewrite without * or /"),
    "/": ("only + and - are supported", "rewrite without * or /"),
    "%": ("only + and - are supported", "rewrite without %"),
    "&": ("'&' is not an operator here", "use 'and'"),
    "|": ("'|' is not an operator here", "use 'or'"),
    "!": ("'!' is not an operator here", "use 'not', or != for 'not equal'"),
    "{": ("braces are not allowed", "conditions use names, numbers, text and operators only"),
    ":": ("':' is not allowed", "conditions use names, numbers, text and operators only"),
}


class Token(Struct, frozen=True):
    kind: str  # int, string, name, op, end
    text: str
    offset: int


def tokenize(source: str) -> list[Token]:
    if len(source) > MAX_LENGTH:
        raise ExprError(
            MAX_LENGTH,
            f"expression of {len(source)} characters is too long",
            f"keep it under {MAX_LENGTH}",
            "not_allowed",
        )
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            char = source[pos]
            message, hint = _EXPLAIN.get(char, (f"unexpected character {char!r}", "remove it"))
            raise ExprError(pos, message, hint, "not_allowed" if char in _EXPLAIN else "syntax")
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


# --- the tree ---------------------------------------------------------------------------------


class Node(Struct, frozen=True):
    offset: int


class Literal(Node, frozen=True):
    value: Value


class Var(Node, frozen=True):
    name: str


class Call(Node, frozen=True):
    function: str
    argument: Value


class Unary(Node, frozen=True):
    op: str  # "not" or "-"
    operand: Node


class Binary(Node, frozen=True):
    op: str
    left: Node
    right: Node


def nodes(node: Node) -> Iterator[Node]:
    """A tree's nodes, the root first (a Call's argument is a value, not a node)."""
    yield node
    if isinstance(node, Unary):
        yield from nodes(node.operand)
    elif isinstance(node, Binary):
        yield from nodes(node.left)
        yield from nodes(node.right)


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.pos = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, text: str, hint: str) -> Token:
        if self.tok.text != text or self.tok.kind not in ("op", "name"):
            found = self.tok.text or "the end"
            raise ExprError(self.tok.offset, f"expected '{text}' but found {found!r}", hint)
        return self.take()

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(self.tok.offset, "expression nested too deeply", "simplify it", "not_allowed")

    def expr(self) -> Node:
        self.nested()
        node = self.and_expr()
        while self.tok.kind == "name" and self.tok.text == "or":
            op = self.take()
            node = Binary(op.offset, "or", node, self.and_expr())
        self.depth -= 1
        return node

    def and_expr(self) -> Node:
        node = self.not_expr()
        while self.tok.kind == "name" and self.tok.text == "and":
            op = self.take()
            node = Binary(op.offset, "and", node, self.not_expr())
        return node

    def not_expr(self) -> Node:
        if self.tok.kind == "name" and self.tok.text == "not":
            op = self.take()
            self.nested()
            node = Unary(op.offset, "not", self.not_expr())
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        node = self.sum()
        if self.tok.kind == "op" and self.tok.text in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take()
            node = Binary(op.offset, op.text, node, self.sum())
            if self.tok.kind == "op" and self.tok.text in ("==", "!=", "<", "<=", ">", ">="):
                raise ExprError(self.tok.offset, "comparisons cannot be chained", "join them with 'and'")
        if self.tok.kind == "op" and self.tok.text == "=":
            raise ExprError(self.tok.offset, "'=' sets a variable", "use == to compare")
        return node

    def sum(self) -> Node:
        node = self.unary()
        while self.tok.kind == "op" and self.tok.text in ("+", "-"):
            op = self.take()
            node = Binary(op.offset, op.text, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.tok.kind == "op" and self.tok.text == "-":
            op = self.take()
            self.nested()
            node = Unary(op.offset, "-", self.unary())
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        token = self.take()
        if token.kind == "int":
            digits = token.text.lstrip("0") or "0"  # leading zeros change nothing: 007 is 7
            value = int(digits) if len(digits) <= 10 else MAX_INT + 1  # past 10 digits: too large, not read
            if value > MAX_INT:
                raise ExprError(token.offset, "number too large", f"numbers go up to {MAX_INT:,}", "not_allowed")
            return Literal(token.offset, value)
        if token.kind == "string":
            return Literal(token.offset, _unquote(token.text))
        if token.kind == "op" and token.text == "(":
            node = self.expr()
            self.expect(")", "close the parenthesis")
            return node
        if token.kind == "name":
            return self.name(token)
        if token.kind == "end":
            raise ExprError(token.offset, "expression ends too early", "finish the expression")
        raise ExprError(token.offset, f"unexpected {token.text!r}", "check the operators")

    def name(self, token: Token) -> Node:
        name = token.text
        if name.startswith("_"):
            raise ExprError(
                token.offset,
                f"names starting with '_' are not allowed ({name})",
                "use a declared variable name",
                "not_allowed",
            )
        if name in ("true", "false"):
            return Literal(token.offset, name == "true")
        if name in _KEYWORDS:
            raise ExprError(token.offset, f"'{name}' needs a value before it", "check the expression")
        if name in _PYTHON_WORDS:
            raise ExprError(
                token.offset,
                f"'{name}' is not part of the language",
                "conditions use and, or, not, comparisons, + and -",
                "not_allowed",
            )
        if self.tok.kind == "op" and self.tok.text == "(":
            if name not in _FUNCTIONS:
                raise ExprError(
                    token.offset,
                    f"unknown function '{name}'",
                    'the functions are visited("scene"), visits("scene"), taken("scene.choice") and chance(percent)',
                    "not_allowed",
                )
            self.take()
            argument = self.take()
            if name == "chance":
                if argument.kind != "int":
                    raise ExprError(argument.offset, "chance() takes a whole number percentage", "write chance(30)")
                digits = argument.text.lstrip("0") or "0"  # as in atom(): chance(050) is chance(50)
                value: Value = int(digits) if len(digits) <= 3 else 1000
                if not 0 <= int(value) <= 100:
                    raise ExprError(argument.offset, "chance() takes a percentage from 0 to 100", "write chance(30)")
            elif name == "taken":
                if argument.kind != "string" or not _LABEL.match(_unquote(argument.text)):
                    raise ExprError(
                        argument.offset,
                        "taken() takes a scene id and a choice id in quotes",
                        'write taken("greenhouse.hives")',
                    )
                value = _unquote(argument.text)
            else:
                if argument.kind != "string":
                    raise ExprError(
                        argument.offset,
                        f"{name}() takes a scene id in quotes",
                        f'put the id of one of your scenes in quotes, as in {name}("scene_id")',
                    )
                value = _unquote(argument.text)
            self.expect(")", f"{name}() takes one argument")
            return Call(token.offset, name, value)
        return Var(token.offset, name)


_LABEL = re.compile(rf"{ID_PATTERN}\.{ID_PATTERN}\Z")


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


unquote = _unquote  # what a quoted string in an expression says: the loader finds calls by it


def parse(source: str) -> Node:
    parser = _Parser(source)
    node = parser.expr()
    if parser.tok.kind != "end":
        token = parser.tok
        if token.kind == "op" and token.text in ("+=", "-="):
            raise ExprError(token.offset, f"'{token.text}' changes a variable", "conditions only compare")
        if token.kind == "op" and token.text == "(":
            raise ExprError(
                token.offset,
                "calls are not allowed here",
                'the functions are visited("scene"), visits("scene"), taken("scene.choice") and chance(percent)',
                "not_allowed",
            )
        raise ExprError(token.offset, f"unexpected {token.text!r}", "check for a missing 'and' or 'or'")
    return node


# --- types and compilation ----------------------------------------------------------------------


def type_name(value: Value) -> Type:
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, int):
        return "number"
    return "text"


# Known by identity (its test is a closure): see game/world/part.py. A tree (Node) compares by value.
class Compiled(Part, frozen=True):
    """An expression checked and ready to run."""

    source: str
    type: Type
    evaluate: Evaluator
    reads: frozenset[str]  # variables it reads
    scenes: frozenset[str]  # scenes it asks visited()/visits() about
    uses_chance: bool
    tree: Node
    labels: frozenset[str] = frozenset()  # choices it asks taken() about ("scene.choice")


class _Compiler:
    def __init__(self, variables: Mapping[str, Type], scenes: Callable[[str], bool] | None, site: str) -> None:
        self.variables = variables
        self.scene_exists = scenes
        self.site = site
        self.reads: set[str] = set()
        self.scenes: set[str] = set()
        self.labels: set[str] = set()
        self.uses_chance = False

    def compile_node(self, node: Node) -> tuple[Type, Evaluator]:
        if isinstance(node, Literal):
            value = node.value
            return type_name(value), lambda state: value
        if isinstance(node, Var):
            name = node.name
            if name not in self.variables:
                raise ExprError(
                    node.offset,
                    f"undeclared variable '{name}'",
                    _suggest(name, self.variables) or "declare it under variables: in world.yaml",
                    "undeclared",
                )
            self.reads.add(name)
            return self.variables[name], lambda state: state.variables[name]
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Unary):
            kind, operand = self.compile_node(node.operand)
            if node.op == "not":
                self.need(node.operand, kind, "flag", "'not' works on true/false")
                return "flag", lambda state: not operand(state)
            self.need(node.operand, kind, "number", "'-' works on numbers")
            return "number", lambda state: -operand(state)  # type: ignore[operator]
        assert isinstance(node, Binary)
        left_type, left = self.compile_node(node.left)
        right_type, right = self.compile_node(node.right)
        op = node.op
        if op in ("and", "or"):
            self.need(node.left, left_type, "flag", f"'{op}' joins true/false conditions")
            self.need(node.right, right_type, "flag", f"'{op}' joins true/false conditions")
            if op == "and":
                return "flag", lambda state: bool(left(state)) and bool(right(state))
            return "flag", lambda state: bool(left(state)) or bool(right(state))
        if op in ("+", "-"):
            self.need(node.left, left_type, "number", f"'{op}' works on numbers")
            self.need(node.right, right_type, "number", f"'{op}' works on numbers")
            if op == "+":
                return "number", lambda state: left(state) + right(state)  # type: ignore[operator]
            return "number", lambda state: left(state) - right(state)  # type: ignore[operator]
        if left_type != right_type:
            raise ExprError(
                node.offset, f"cannot compare {left_type} with {right_type}", "compare values of the same kind", "type"
            )
        if op in ("<", "<=", ">", ">="):
            self.need(node.left, left_type, "number", f"'{op}' compares numbers")
        return "flag", _COMPARE[op](left, right)

    def call(self, node: Call) -> tuple[Type, Evaluator]:
        if node.function == "chance":
            self.uses_chance = True
            percent = int(node.argument)
            site = zlib.crc32(f"{self.site}@{node.offset}".encode())
            return "flag", lambda state: state.draw(site) < percent
        if node.function == "taken":
            label = str(node.argument)
            self.labels.add(label)  # checked against the world's choices once every file is read
            return "flag", lambda state: label in state.taken
        scene = str(node.argument)
        if self.scene_exists is not None and not self.scene_exists(scene):
            raise ExprError(
                node.offset,
                f"{node.function}() names unknown scene '{scene}'",
                "use the id of a scene in this world",
                "unknown_scene",
            )
        self.scenes.add(scene)
        if node.function == "visited":
            return "flag", lambda state: state.visits.get(scene, 0) > 0
        return "number", lambda state: state.visits.get(scene, 0)

    def need(self, node: Node, actual: Type, wanted: Type, why: str) -> None:
        if actual != wanted:
            raise ExprError(node.offset, f"{why}, but this is a {actual}", f"use a {wanted} here", "type")


def _compare_factory() -> dict[str, Callable[[Evaluator, Evaluator], Evaluator]]:
    return {
        "==": lambda a, b: lambda s: a(s) == b(s),
        "!=": lambda a, b: lambda s: a(s) != b(s),
        "<": lambda a, b: lambda s: a(s) < b(s),
        "<=": lambda a, b: lambda s: a(s) <= b(s),
        ">": lambda a, b: lambda s: a(s) > b(s),
        ">=": lambda a, b: lambda s: a(s) >= b(s),
    }


_COMPARE = _compare_factory()


def _suggest(name: str, choices: Mapping[str, object] | list[str]) -> str:
    from game.support.closest import closest  # not at import: the game's start never suggests

    close = closest(name, choices)
    return f"did you mean '{close}'? Otherwise declare it in world.yaml" if close else ""


def _compiled(compiler: _Compiler, source: str, kind: Type, evaluate: Evaluator, tree: Node) -> Compiled:
    """What a compiled expression carries: its value and what the compiler saw it read and use."""
    return Compiled(
        source,
        kind,
        evaluate,
        frozenset(compiler.reads),
        frozenset(compiler.scenes),
        compiler.uses_chance,
        tree,
        frozenset(compiler.labels),
    )


def compile_condition(
    source: str, variables: Mapping[str, Type], scenes: Callable[[str], bool] | None = None, site: str = ""
) -> Compiled:
    """Parse and check a condition; it must give true or false."""
    tree = parse(source)
    compiler = _Compiler(variables, scenes, site)
    kind, evaluate = compiler.compile_node(tree)
    if kind != "flag":
        raise ExprError(
            0, f"a condition must be true or false, but this is a {kind}", "compare it, for example: hope > 3", "type"
        )
    return _compiled(compiler, source, kind, evaluate, tree)


class Effect(Part, frozen=True):
    source: str
    target: str
    op: str  # "=", "+=", "-="
    value: Compiled


_EFFECT = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\+=|-=|=(?!=))")


def compile_effect(
    source: str, variables: Mapping[str, Type], scenes: Callable[[str], bool] | None = None, site: str = ""
) -> Effect:
    """Parse and check an effect: `var = expr`, `var += expr` or `var -= expr`."""
    if len(source) > MAX_LENGTH:
        tokenize(source)  # raises the length error
    match = _EFFECT.match(source)
    if match is None:
        raise ExprError(0, "an effect must look like 'var = value', 'var += n' or 'var -= n'", "for example: hope += 1")
    target, op = match.group(1), match.group(2)
    if target.startswith("_"):
        raise ExprError(
            match.start(1),
            f"names starting with '_' are not allowed ({target})",
            "use a declared variable name",
            "not_allowed",
        )
    if target not in variables:
        raise ExprError(
            match.start(1),
            f"undeclared variable '{target}'",
            _suggest(target, variables) or "declare it under variables: in world.yaml",
            "undeclared",
        )
    offset = match.end()
    rest = source[offset:]
    try:
        tree = parse(rest)
        compiler = _Compiler(variables, scenes, site)
        kind, evaluate = compiler.compile_node(tree)
    except ExprError as exc:
        raise ExprError(exc.offset + offset, exc.message, exc.hint, exc.kind) from None
    wanted = variables[target]
    if op in ("+=", "-=") and wanted != "number":
        raise ExprError(
            match.start(2),
            f"'{op}' needs a number, but {target} is a {wanted}",
            f"use '{target} = ...' to set it",
            "type",
        )
    if kind != wanted:
        raise ExprError(offset, f"{target} is a {wanted}, but this value is a {kind}", f"give it a {wanted}", "type")
    return Effect(source, target, op, _compiled(compiler, rest, kind, evaluate, tree))


def spell(value: Value) -> str:
    """A value as the language writes it: true, false, 42, "text" (never Python's True or 'text')."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
