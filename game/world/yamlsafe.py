"""Read one YAML file into plain values that remember where they came from.

Built from PyYAML's event stream (the C parser where the wheel has it) rather than `safe_load`,
because `safe_load` keeps the last of two duplicate keys, expands aliases (an alias bomb is a few
hundred bytes) and forgets line numbers. Here every tag, anchor, alias and merge key is refused,
duplicate keys are reported, and each value keeps its line and column. Nothing is recursive, so
deep nesting cannot overflow the stack.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from game.support.textsafe import describe_char, find_forbidden
from game.world.errors import (
    E_ALIAS,
    E_CONTROL,
    E_DUPLICATE_KEY,
    E_LIMIT,
    E_SYNTAX,
    E_TAG,
    Diagnostic,
    Location,
)

if TYPE_CHECKING:
    import yaml

MAX_DEPTH = 64
MAX_SCALAR_CHARS = 100_000
MAX_NUMBER_CHARS = 64  # longer plain scalars stay text: `1:1:1:...` would be a base-60 int bomb
MAX_VALUES = 250_000  # scalars, lists and mappings in one file: bounds the memory of its tree
MAX_WORLD_VALUES = 2_000_000  # and in the whole world: bounds load time (about 6 us a value at worst)

Scalar = str | int | float | bool | None


class YScalar(Struct):
    value: Scalar
    loc: Location
    quoted: bool = False  # written in quotes: its text starts one column after loc
    single_line: bool = True  # its text sits on loc's line, so an offset into it is a column
    # For text holding inline constructs ({...}): the scalar as written and its YAML style, so an
    # error inside the text can name its own line and column (game.world.text). For a plain word
    # YAML 1.1 reads as true/false (On, yes, off): the word, so an error can say what was written.
    raw: str | None = None
    style: str = ""


class YSeq(Struct):
    items: list[YNode]
    loc: Location


class YMap(Struct):
    # key text -> (location of the key, value)
    entries: dict[str, tuple[Location, YNode]] = field(default_factory=dict)
    loc: Location = field(default_factory=lambda: Location("", 1, 1))


YNode = YScalar | YSeq | YMap

_STR = "tag:yaml.org,2002:str"


class _Yaml:
    """PyYAML's parts this module uses, made on first use: a world read from the cache
    (game.world.cache) is not parsed, and the game's start then never imports PyYAML."""

    __slots__ = ("constructor_error", "parser", "plain_types", "resolver", "scalar_node")

    def __init__(self, parser: Any, resolver: Any, plain_types: dict[str, Any], node: Any, error: Any) -> None:
        self.parser = parser  # CSafeLoader, the C parser with safe construction (we only take its events)
        self.resolver = resolver
        self.plain_types = plain_types  # tag -> the safe constructor of a plain scalar
        self.scalar_node = node  # yaml.nodes.ScalarNode
        self.constructor_error: type[Exception] = error


@cache
def _yaml() -> _Yaml:
    import yaml
    from yaml.constructor import ConstructorError, SafeConstructor
    from yaml.nodes import ScalarNode
    from yaml.resolver import Resolver

    constructor = SafeConstructor()
    plain_types = {
        "tag:yaml.org,2002:int": constructor.construct_yaml_int,
        "tag:yaml.org,2002:float": constructor.construct_yaml_float,
        "tag:yaml.org,2002:bool": constructor.construct_yaml_bool,
        "tag:yaml.org,2002:null": constructor.construct_yaml_null,
    }
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return _Yaml(loader, Resolver(), plain_types, ScalarNode, ConstructorError)


class Budget(Struct):
    """How many more YAML values may be read, and what runs out when they are spent."""

    values: int = MAX_VALUES
    limit: int = MAX_VALUES
    scope: str = "one file"


class YamlFault(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


class _Mark(Struct, frozen=True):  # a place as yaml.Mark gives it: 0-based
    line: int
    column: int


def _syntax_fault(exc: Any, text: str) -> tuple[Any, str, str]:
    """Where a YAML syntax fault is, what it is and what to do: the slips authors make most (a tab,
    a ':' or a quote in a text, a key out of line, a bracket left open) in their words, anything
    else in PyYAML's. `exc` is a yaml.MarkedYAMLError."""
    problem: str = exc.problem or exc.context or "not valid YAML"
    mark, opened = exc.problem_mark or exc.context_mark, exc.context_mark
    if mark is None:
        return None, f"not valid YAML: {problem}", "check the file is YAML"
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    column = mark.column
    at = line[column : column + 1]
    indent = _indent(line)
    if at == "\t" or "tab character" in problem:
        return mark, "a tab indents this line", "YAML indents with spaces only: replace the tab with spaces"
    if problem == "found character that cannot start any token" and at in ("@", "`", "%"):
        return mark, f"a value cannot start with '{at}' unless it is quoted", f'put the value in quotes: "{at}..."'
    if exc.context == "while scanning an alias":  # `text: *bold*`
        return opened, "a value starting with '*' is read as an alias", 'put the value in quotes: "*...*"'
    if problem.startswith("mapping values are not allowed"):
        if ": " in line[indent:column]:  # a key and its value on this line already: the ':' is in the text
            return mark, "this text holds ': ', which YAML reads as another key", 'put the text in quotes: "..."'
        above = next((n for n in range(mark.line - 1, -1, -1) if lines[n].strip()), None)
        if above is not None and ":" not in lines[above]:  # `title A` above: a plain text went on to here
            return _Mark(above, _indent(lines[above])), "this line has no ':' after its key", "write it as key: value"
        if above is not None and indent > _indent(lines[above]):
            return (
                _Mark(mark.line, indent),
                "this line is indented more than the line above",
                "line it up with the keys of its mapping",
            )
        return mark, "a key cannot start here", "check the indentation of this line and the line above"
    if problem == "could not find expected ':'" and opened is not None:
        return (
            opened,
            "this line has no ':' after its key",
            "write it as key: value; a text under '|' is indented more than its key",
        )
    if exc.context == "while scanning a quoted scalar" and opened is not None:
        return opened, "this quote is never closed", "end the text with the same quote"
    if problem in ("did not find expected ',' or ']'", "did not find expected ',' or '}'") and opened is not None:
        close = problem[-2]
        opener = "[" if close == "]" else "{"
        if at == ":" and opened.line == mark.line:  # a ":" on a later line: the bracket was left open
            return (
                mark,
                f"a text in this '{opener}' holds ': ', which YAML reads as a key",
                'put the text in quotes: "..."',
            )
        return (
            mark,
            f"the '{opener}' opened at line {opened.line + 1} is not closed",
            f"close it with '{close}', and quote a text in it that holds ', '",
        )
    if problem == "did not find expected key":
        before = line[:column].rstrip()[-1:]
        if column > indent and before in ('"', "'"):  # `text: "Hi" she said`
            closing = line.rindex(before, 0, column)
            value = line[line.rfind(before, 0, closing) : len(line.rstrip())]
            if before == '"':  # the author's own text in the other quotes, escaped as YAML needs
                whole = "'" + value.replace("'", "''") + "'"
            else:
                whole = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
            return mark, "the text goes on after its closing quote", f"quote all of it: {whole}"
        if at == ":":
            return mark, "a ':' with no key before it", "write the key before the ':'"
        if column > indent and before in ("]", "}"):  # `text: [a] b`
            return mark, f"the value goes on after its closing '{before}'", 'put the text in quotes: "..."'
        if column == indent:
            return mark, "this line is indented less than the keys of its mapping", "line it up with the keys above it"
    if problem == "did not find expected '-' indicator":
        return (
            mark,
            "this line lines up with the '-' of a list item, but is not an item",
            "indent it like the item's first key, or start it with '- '",
        )
    return mark, f"not valid YAML: {problem}", "check the indentation and quoting on this line"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _loc(file: str, mark: Any) -> Location:  # a yaml.Mark from the C or Python parser
    if mark is None:
        return Location(file, 1, 1)
    return Location(file, mark.line + 1, mark.column + 1)


def _check_text(text: str, file: str, mark: Any, block: bool = False) -> None:
    bad = find_forbidden(text)
    if bad >= 0:
        loc = _loc(file, mark)
        # Point at the character itself when it sits on a later line of a block of text.
        before = text[:bad]
        if block:  # a | or > block starts on the line after its indicator
            loc = Location(file, loc.line + before.count("\n") + 1, loc.column)
        raise YamlFault(
            Diagnostic(
                loc,
                E_CONTROL,
                f"control character {describe_char(text[bad])} in text",
                "remove it: only newlines and tabs are allowed, and escape sequences never are",
            )
        )


def _on_one_line(event: Any) -> bool:
    return event.start_mark is not None and event.end_mark is not None and event.start_mark.line == event.end_mark.line


def _scalar(event: yaml.ScalarEvent, file: str, source: str, parts: _Yaml) -> YScalar:
    loc = _loc(file, event.start_mark)
    value = event.value
    raw = None
    if ("{" in value or "}" in value) and event.start_mark is not None and event.end_mark is not None:
        raw = source[event.start_mark.index : event.end_mark.index]
    if len(value) > MAX_SCALAR_CHARS:
        raise YamlFault(
            Diagnostic(
                loc,
                E_LIMIT,
                f"a text of {len(value):,} characters is too long",
                f"split it: one text may hold at most {MAX_SCALAR_CHARS:,} characters",
            )
        )
    _check_text(value, file, event.start_mark, block=event.style in ("|", ">"))
    plain, _quoted = event.implicit
    if not plain:
        quoted = event.style in ("'", '"')
        # One line, and no escape (\" or '') making the text shorter than the source: an offset
        # into the text is then a column on loc's line.
        single = quoted and _on_one_line(event)
        single = single and len(value) + 2 == event.end_mark.column - event.start_mark.column  # type: ignore[union-attr]
        return YScalar(value, loc, quoted=quoted, single_line=single, raw=raw, style=event.style or "")
    tag = parts.resolver.resolve(parts.scalar_node, value, (True, False))
    if tag == "tag:yaml.org,2002:merge":
        raise YamlFault(Diagnostic(loc, E_ALIAS, "merge keys (<<) are not allowed", "write the keys out in full"))
    construct = parts.plain_types.get(tag)
    if construct is None or len(value) > MAX_NUMBER_CHARS:  # str, and dates/timestamps, which stay as the text written
        return YScalar(value, loc, single_line=_on_one_line(event), raw=raw)
    try:
        constructed = construct(parts.scalar_node(tag, value))
        return YScalar(constructed, loc, raw=value if isinstance(constructed, bool) else None)
    except (parts.constructor_error, ValueError, OverflowError):
        return YScalar(value, loc)


def read_yaml(text: str, file: str, budget: Budget | None = None) -> YNode | None:
    """Parse one YAML document. Raises YamlFault with a located diagnostic on the first fault.

    Each scalar, list and mapping spends one unit of `budget` (a fresh one per call by default).
    """
    import yaml

    if budget is None:
        budget = Budget()
    parts = _yaml()
    parser = None
    stack: list[YSeq | YMap] = []
    pending_key: list[tuple[str, Location] | None] = []
    root: YNode | None = None
    documents = 0
    try:
        parser = parts.parser(text)
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlFault(
                        Diagnostic(
                            _loc(file, event.start_mark),
                            E_SYNTAX,
                            "more than one YAML document in a file",
                            "remove the '---' line: a world file holds one document",
                        )
                    )
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.AliasEvent):
                raise YamlFault(
                    Diagnostic(
                        _loc(file, event.start_mark),
                        E_ALIAS,
                        f"alias *{event.anchor} is not allowed",
                        "write the value out in full: anchors and aliases are refused",
                    )
                )
            if isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if event.anchor is not None:
                    raise YamlFault(
                        Diagnostic(
                            _loc(file, event.start_mark),
                            E_ALIAS,
                            f"anchor &{event.anchor} is not allowed",
                            "remove it: anchors and aliases are refused",
                        )
                    )
                if event.tag is not None:
                    raise YamlFault(
                        Diagnostic(
                            _loc(file, event.start_mark),
                            E_TAG,
                            f"YAML tag {event.tag} is not allowed",
                            "remove the tag: world files hold plain text, numbers, lists and mappings",
                        )
                    )
                budget.values -= 1
                if budget.values < 0:
                    raise YamlFault(
                        Diagnostic(
                            _loc(file, event.start_mark),
                            E_LIMIT,
                            f"more than {budget.limit:,} values (texts, numbers, lists, mappings) in {budget.scope}",
                            "split the file" if budget.scope == "one file" else "split it into smaller worlds",
                        )
                    )
            node: YNode
            if isinstance(event, yaml.ScalarEvent):
                node = _scalar(event, file, text, parts)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise YamlFault(
                        Diagnostic(
                            _loc(file, event.start_mark),
                            E_LIMIT,
                            f"nesting deeper than {MAX_DEPTH} levels",
                            "flatten the structure: world files need only a few levels",
                        )
                    )
                loc = _loc(file, event.start_mark)
                stack.append(YSeq([], loc) if isinstance(event, yaml.SequenceStartEvent) else YMap({}, loc))
                pending_key.append(None)
                continue
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                node = stack.pop()
                pending_key.pop()
            else:  # pragma: no cover - PyYAML emits no other events
                continue
            if not stack:
                root = node
                continue
            parent = stack[-1]
            if isinstance(parent, YSeq):
                parent.items.append(node)
                continue
            key = pending_key[-1]
            if key is None:
                if not isinstance(node, YScalar):
                    raise YamlFault(
                        Diagnostic(node.loc, E_SYNTAX, "a key must be plain text", "use a simple name as the key")
                    )
                pending_key[-1] = (str(node.value) if node.value is not None else "", node.loc)
                if isinstance(node.value, bool) or node.value is None:
                    # `on:`, `no:` or `null:` as keys: keep the words the author wrote.
                    raw = event.value if isinstance(event, yaml.ScalarEvent) else ""
                    pending_key[-1] = (raw, node.loc)
                continue
            name, key_loc = key
            if name in parent.entries:
                first = parent.entries[name][0]
                raise YamlFault(
                    Diagnostic(
                        key_loc,
                        E_DUPLICATE_KEY,
                        f"duplicate key '{name}' (first at line {first.line})",
                        "remove or rename one of them: YAML would silently keep only the last",
                    )
                )
            parent.entries[name] = (key_loc, node)
            pending_key[-1] = None
    except yaml.MarkedYAMLError as exc:
        mark, message, hint = _syntax_fault(exc, text)
        raise YamlFault(Diagnostic(_loc(file, mark), E_SYNTAX, message, hint)) from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in bytes, not characters: find the character itself.
        at = text.find(chr(exc.character))
        at = at if at >= 0 else min(exc.position, len(text))
        before = text[:at]
        line = before.count("\n") + 1
        column = at - (before.rfind("\n") + 1) + 1
        raise YamlFault(
            Diagnostic(
                Location(file, line, column),
                E_CONTROL,
                f"control character U+{exc.character:04X} in the file",
                "remove it: only newlines and tabs are allowed, and escape sequences never are",
            )
        ) from None
    except yaml.YAMLError as exc:
        raise YamlFault(
            Diagnostic(Location(file, 1, 1), E_SYNTAX, f"not valid YAML: {exc}", "check the file is YAML")
        ) from None
    finally:
        dispose = getattr(parser, "dispose", None) if parser is not None else None
        if dispose is not None:
            dispose()
    return root
