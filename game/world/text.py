"""The inline text language: what may stand inside any text of a world, compiled once at load.

    {hope}                          a variable's value
    {word(hope)}                    the word its declared band gives (hope 0-2 "fraying" ...)
    {if bond >= 4: He waits.|He goes.}   a condition, with an optional else after '|'
    {a|b|c}                         sequence: one more each time, then stays on the last
    {&a|b|c}                        cycle: round and round
    {!a|b|c}                        once-only: each once, then nothing
    {~a|b|c}                        shuffle: drawn from the run's seeded stream
    *italic*  **bold**              emphasis
    \\{ \\} \\| \\* \\\\                a literal brace, bar, star or backslash

Branches nest: `{if met: {&Micah nods.|Micah waves.}|A stranger waits.}`. Conditions are the
expression language of game.world.expr, checked and compiled at load like any `if:`.

Rendering gives *marked* text: the words with emphasis still written as `*`/`**` and a literal star
or backslash escaped, so `plain()` and `spans()` can tell them apart. Nothing in a world can put
Textual markup or a terminal escape into that text: `spans()` yields plain strings and style names,
never markup, and control characters never load.

Alternatives count how often they were shown in `seen` (fragment key -> count), which the engine
keeps per run and advances only when a text is shown as an event (a scene entered, a choice taken),
so the count is a function of world, seed and choices and a replay shows the same text.

Every `{if}` and alternative is listed in `Text.fragments` with where each branch is written. The
playtest report's coverage compiles a text again with `trace`, told each branch as it renders;
without it the render functions are exactly the plain ones (rendering is on the replay hot path).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Mapping

from msgspec import Struct

from game.world.errors import Location
from game.world.expr import Compiled, ExprError, State, Type, compile_condition
from game.world.part import Part

MAX_DEPTH = 16  # braces inside braces
MAX_BRANCHES = 100  # shuffle draws 0..99

Seen = dict[str, int]
Render = Callable[[State, Seen, bool], str]
Count = Callable[[State, Seen], None]  # advance the counts a render would, building no text
Trace = Callable[[str, int], None]  # told (fragment key, branch index) as a branch renders


class TextError(Exception):
    """A fault in a text, at a 0-based offset into its value; kind as in ExprError, or "text"."""

    def __init__(self, offset: int, message: str, hint: str = "", kind: str = "text") -> None:
        self.offset = offset
        self.message = message
        self.hint = hint
        self.kind = kind
        super().__init__(message)


class Band(Struct, frozen=True):
    low: int
    high: int
    word: str


def word_for(bands: tuple[Band, ...], value: object) -> str:
    """The word of the band holding `value`; the value itself when no band holds it."""
    for band in bands:
        if isinstance(value, int) and band.low <= value <= band.high:
            return band.word
    return str(value)


# Parts of a compiled text, known by identity: see game/world/part.py.
class InlineCondition(Part, frozen=True):
    """An `{if ...:}` inside a text, with its offset in the text (for lint and tools)."""

    condition: Compiled
    offset: int
    loc: Location | None = None  # where it is in its file, set by the loader


class Fragment(Part, frozen=True):
    """An `{if}` or an alternative inside a text, for tools: its kind ("if", "sequence", "cycle",
    "once", "shuffle"), its key (`site@offset`, as `seen` and `trace` name it), the offset of its
    `{` and the (start, end) offsets of each branch as written (an `{if}`: then, and else if written)."""

    key: str
    kind: str
    offset: int
    branches: tuple[tuple[int, int], ...]
    loc: Location | None = None  # where its `{` is in its file, set by the loader


class Text(Part, frozen=True):
    """A text compiled once: render() gives the marked text for a run's state."""

    source: str
    static: str | None  # the marked text when nothing in it depends on the run
    render_fn: Render | None
    conditions: tuple[InlineCondition, ...] = ()
    reads: frozenset[str] = frozenset()  # variables it shows or tests
    scenes: frozenset[str] = frozenset()  # scenes its conditions ask visited()/visits() about
    alternatives: tuple[str, ...] = ()  # keys of its alternatives, for tools
    fragments: tuple[Fragment, ...] = ()  # its {if}s and alternatives, in the order written
    count_fn: Count | None = None  # None: it holds no alternative

    def render(self, state: State, seen: Seen, advance: bool = True) -> str:
        if self.static is not None:
            return self.static
        assert self.render_fn is not None
        return self.render_fn(state, seen, advance)

    def count(self, state: State, seen: Seen) -> None:
        """Count one showing, as render(state, seen, advance=True) does, without making the text:
        a replay keeps the counts of texts no one reads."""
        if self.count_fn is not None:
            self.count_fn(state, seen)

    @property
    def is_static(self) -> bool:
        return self.static is not None


def static_text(source: str) -> Text:
    """A text with no inline constructs: its escapes undone, its emphasis kept as marks."""
    return Text(source, _literal(source), None)


_ESCAPE = re.compile(r"\\([{}|*\\])|\\")


def _literal(source: str) -> str:
    r"""Source text outside braces in marked form: `\{` `\}` `\|` undone, `\*` `\\` kept, a lone
    backslash escaped."""
    if "\\" not in source:
        return source
    return _ESCAPE.sub(lambda m: m.group(1) if m.group(1) in ("{", "}", "|") else "\\" + (m.group(1) or "\\"), source)


# --- parsing ------------------------------------------------------------------------------------

_NAME = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")
_WORD = re.compile(r"\s*word\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*\}")
_IF = re.compile(r"\s*if\s")
_ESCAPABLE = "{}|*\\"
_KINDS = {"&": "cycle", "!": "once", "~": "shuffle"}


def _escape_marks(text: str) -> str:
    """Literal text in marked form: a star or backslash that is not emphasis is escaped."""
    if "\\" not in text and "*" not in text:
        return text
    return text.replace("\\", "\\\\").replace("*", "\\*")


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _escape_marks(str(value))


class _Parser:
    def __init__(
        self,
        source: str,
        types: Mapping[str, Type],
        words: Mapping[str, tuple[Band, ...]],
        scenes: Callable[[str], bool] | None,
        site: str,
        trace: Trace | None = None,
    ) -> None:
        self.src = source
        self.pos = 0
        self.depth = 0
        self.types = types
        self.words = words
        self.scene_exists = scenes
        self.site = site
        self.conditions: list[InlineCondition] = []
        self.reads: set[str] = set()
        self.scenes: set[str] = set()
        self.alternatives: list[str] = []
        self.fragments: list[Fragment] = []
        self.trace = trace
        self.counts: dict[Render, Count] = {}  # the renders that hold alternatives, and their Count

    def count_of(self, parts: tuple[str | Render, ...]) -> Count | None:
        """What counts the showings of a sequence of parts (None: it holds no alternative)."""
        found = [self.counts[part] for part in parts if not isinstance(part, str) and part in self.counts]
        if not found:
            return None
        if len(found) == 1:
            return found[0]

        def in_turn(state: State, seen: Seen) -> None:
            for each in found:
                each(state, seen)

        return in_turn

    # Each sequence compiles to a tuple of parts: str (marked text) or a Render.
    def sequence(self, nested: bool) -> tuple[str | Render, ...]:
        src = self.src
        parts: list[str | Render] = []
        buffer: list[str] = []
        while self.pos < len(src):
            char = src[self.pos]
            if char == "\\":
                following = src[self.pos + 1] if self.pos + 1 < len(src) else ""
                if following and following in _ESCAPABLE:
                    buffer.append("\\" + following if following in "*\\" else following)
                    self.pos += 2
                else:
                    buffer.append("\\\\")
                    self.pos += 1
                continue
            if nested and char in "|}":
                break
            if char == "{":
                if buffer:
                    parts.append("".join(buffer))
                    buffer = []
                parts.append(self.brace())
                continue
            if char == "}":
                raise TextError(
                    self.pos,
                    "'}' closes no '{'",
                    "remove it, or write \\} for a literal brace",
                )
            buffer.append(char)
            self.pos += 1
        if buffer:
            parts.append("".join(buffer))
        return _merge(parts)

    def close(self, start: int) -> None:
        if self.pos >= len(self.src) or self.src[self.pos] != "}":
            raise TextError(start, "'{' is never closed", "close it with '}', or write \\{ for a literal brace")
        self.pos += 1

    def brace(self) -> Render | str:
        start = self.pos
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TextError(start, f"braces nested more than {MAX_DEPTH} deep", "simplify the text", "not_allowed")
        self.pos += 1
        src = self.src
        if _IF.match(src, self.pos):
            result = self.condition(start)
        elif (found := _NAME.match(src, self.pos)) is not None:
            result = self.interpolation(found.group(1), found.start(1))
            self.pos = found.end()
        elif (found := _WORD.match(src, self.pos)) is not None:
            result = self.word(found.group(1), found.start(1))
            self.pos = found.end()
        else:
            result = self.alternatives_at(start)
        self.depth -= 1
        return result

    def variable(self, name: str, offset: int) -> Type:
        kind = self.types.get(name)
        if kind is None:
            from game.support.closest import closest  # not at import: the game's start never suggests

            close = closest(name, self.types)
            hint = f"did you mean '{close}'?" if close else "declare it under variables: in world.yaml"
            raise TextError(
                offset,
                f"unknown variable '{name}' in braces",
                hint + "; write \\{ for a literal brace",
                "undeclared",
            )
        self.reads.add(name)
        return kind

    def interpolation(self, name: str, offset: int) -> Render:
        self.variable(name, offset)
        return lambda state, seen, advance: _value_text(state.variables[name])

    def word(self, name: str, offset: int) -> Render:
        kind = self.variable(name, offset)
        bands = self.words.get(name, ())
        if kind != "number" or not bands:
            raise TextError(
                offset,
                f"'{name}' has no words declared",
                f"add words: to '{name}' in world.yaml, e.g. words: {{0-2: fraying, 3-6: steady}}",
                "type",
            )
        return lambda state, seen, advance: _escape_marks(word_for(bands, state.variables[name]))

    def condition(self, start: int) -> Render:
        src = self.src
        begin = _IF.match(src, self.pos)
        assert begin is not None
        expr_start = begin.end()
        colon = _find_colon(src, expr_start)
        if colon < 0:
            raise TextError(start, "a condition in braces needs ':' after it", "write {if hope > 3: text|other text}")
        try:
            compiled = compile_condition(
                src[expr_start:colon], self.types, self.scene_exists, f"{self.site}@{expr_start}"
            )
        except ExprError as exc:
            raise TextError(expr_start + exc.offset, exc.message, exc.hint, exc.kind) from None
        self.conditions.append(InlineCondition(compiled, expr_start))
        self.reads.update(compiled.reads)
        self.scenes.update(compiled.scenes)
        self.pos = colon + 1
        if self.pos < len(src) and src[self.pos] == " ":  # `{if x: text}`: the one space is syntax
            self.pos += 1
        fragment = len(self.fragments)
        self.fragments.append(Fragment("", "if", start, ()))  # in the order written: filled in below
        spans = [self.pos]
        then = self.sequence(True)
        spans.append(self.pos)
        otherwise: tuple[str | Render, ...] = ()
        if self.pos < len(src) and src[self.pos] == "|":
            self.pos += 1
            spans.append(self.pos)
            otherwise = self.sequence(True)
            spans.append(self.pos)
            if self.pos < len(src) and src[self.pos] == "|":
                raise TextError(
                    self.pos,
                    "a condition has at most two branches (then|else)",
                    "nest another {if ...} in the else branch, or write \\| for a literal bar",
                )
        self.close(start)
        key = f"{self.site}@{start}"
        self.fragments[fragment] = Fragment(key, "if", start, tuple(zip(spans[::2], spans[1::2], strict=True)))
        test = compiled.evaluate
        yes, no = _joined(then), _joined(otherwise)
        if self.trace is not None:
            yes, no = _traced(self.trace, key, 0, yes), _traced(self.trace, key, 1, no)
        render: Render = lambda state, seen, advance: (  # noqa: E731
            yes(state, seen, advance) if test(state) else no(state, seen, advance)
        )
        count_yes, count_no = self.count_of(then) or _no_count, self.count_of(otherwise) or _no_count
        if count_yes is not _no_count or count_no is not _no_count:
            self.counts[render] = lambda state, seen: (count_yes if test(state) else count_no)(state, seen)
        return render

    def alternatives_at(self, start: int) -> Render:
        src = self.src
        kind = _KINDS.get(src[self.pos], "sequence") if self.pos < len(src) else "sequence"
        if kind != "sequence":
            self.pos += 1
        fragment = len(self.fragments)
        self.fragments.append(Fragment("", kind, start, ()))  # in the order written: filled in below
        spans = [(self.pos, self.pos)]
        branches = [self.sequence(True)]
        spans[-1] = (spans[-1][0], self.pos)
        while self.pos < len(src) and src[self.pos] == "|":
            self.pos += 1
            begin = self.pos
            branches.append(self.sequence(True))
            spans.append((begin, self.pos))
        self.close(start)
        if len(branches) < 2:
            if kind == "sequence":
                raise TextError(
                    start,
                    "braces hold a variable, {if ...: ...}, or alternatives split by '|'",
                    "write \\{ for a literal brace",
                )
            raise TextError(
                start,
                f"a {kind} alternative needs two branches or more, and this has one",
                "add another after '|' (it may be empty, as in {!Only the first time.|})",
            )
        if len(branches) > MAX_BRANCHES:
            raise TextError(start, f"more than {MAX_BRANCHES} branches", "split the alternative", "not_allowed")
        key = f"{self.site}@{start}"
        self.alternatives.append(key)
        self.fragments[fragment] = Fragment(key, kind, start, tuple(spans))
        renders = tuple(_joined(b) for b in branches)
        if self.trace is not None:
            renders = tuple(_traced(self.trace, key, index, render) for index, render in enumerate(renders))
        render, count = _alternative(kind, key, renders, tuple(self.count_of(b) for b in branches))
        self.counts[render] = count
        return render


def _find_colon(src: str, pos: int) -> int:
    """The ':' ending an inline condition, skipping quoted text; -1 if a brace or the end comes first."""
    quote = ""
    while pos < len(src):
        char = src[pos]
        if quote:
            if char == "\\":
                pos += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == ":":
            return pos
        elif char in "{}|\n":
            return -1
        pos += 1
    return -1


def _merge(parts: list[str | Render]) -> tuple[str | Render, ...]:
    merged: list[str | Render] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + part
        else:
            merged.append(part)
    return tuple(merged)


def _no_count(state: State, seen: Seen) -> None:
    return None


def _joined(parts: tuple[str | Render, ...]) -> Render:
    if not parts:
        return lambda state, seen, advance: ""
    if len(parts) == 1:
        only = parts[0]
        if isinstance(only, str):
            return lambda state, seen, advance: only
        return only

    def render(state: State, seen: Seen, advance: bool) -> str:
        return "".join([part if isinstance(part, str) else part(state, seen, advance) for part in parts])

    return render


def _traced(trace: Trace, key: str, index: int, render: Render) -> Render:
    """A branch that tells `trace` it rendered (only in texts compiled with a trace, for tools)."""

    def traced(state: State, seen: Seen, advance: bool) -> str:
        trace(key, index)
        return render(state, seen, advance)

    return traced


def _alternative(
    kind: str, key: str, branches: tuple[Render, ...], counts: tuple[Count | None, ...]
) -> tuple[Render, Count]:
    """An alternative's render, and its Count: both take the branch this showing shows."""
    count_of = len(branches)
    last = count_of - 1
    site = zlib.crc32(key.encode())

    def branch(state: State, seen: Seen, advance: bool) -> int:
        """The branch shown now (-1: a once-only alternative shown out), counting the showing."""
        count = seen.get(key, 0)
        if advance:
            seen[key] = count + 1
        if kind == "sequence":
            return count if count < last else last
        if kind == "cycle":
            return count % count_of
        if kind == "once":
            return count if count <= last else -1
        # shuffle: the run's counter-based stream, so a replay draws the same
        return state.draw((site + count) & 0xFFFFFFFF) * count_of // 100

    def render(state: State, seen: Seen, advance: bool) -> str:
        index = branch(state, seen, advance)
        return branches[index](state, seen, advance) if index >= 0 else ""

    def count(state: State, seen: Seen) -> None:
        index = branch(state, seen, True)
        if index >= 0 and (inner := counts[index]) is not None:
            inner(state, seen)

    return render, count


def compile_text(
    source: str,
    types: Mapping[str, Type],
    words: Mapping[str, tuple[Band, ...]] | None = None,
    scenes: Callable[[str], bool] | None = None,
    site: str = "",
    trace: Trace | None = None,
) -> Text:
    """Parse and check a text. Raises TextError at the first fault, with its offset in `source`.

    trace: told (fragment key, branch index) each time a branch of an {if} or an alternative
    renders (the playtest report's coverage); None, as the engine compiles, costs nothing."""
    bare = _ESCAPE.sub("", source) if "\\" in source else source
    if "{" not in bare and "}" not in bare:
        return static_text(source)
    parser = _Parser(source, types, words or {}, scenes, site, trace)
    parts = parser.sequence(False)
    extra = dict(
        count_fn=parser.count_of(parts),
        conditions=tuple(parser.conditions),
        reads=frozenset(parser.reads),
        scenes=frozenset(parser.scenes),
        alternatives=tuple(parser.alternatives),
        fragments=tuple(parser.fragments),
    )
    if all(isinstance(part, str) for part in parts):
        return Text(source, "".join(parts), None, **extra)  # type: ignore[arg-type]
    return Text(source, None, _joined(parts), **extra)  # type: ignore[arg-type]


# --- marked text: emphasis ------------------------------------------------------------------------

_MARK = re.compile(r"\\(.)|(\*\*|\*)|([^\\*]+)", re.DOTALL)
STYLES = ("", "italic", "bold", "bold italic")


def spans(marked: str) -> list[tuple[str, str]]:
    """Marked text as (text, style) pieces, style one of STYLES. Stars that pair up as emphasis
    become styles; a star that pairs with nothing stays a star (`5 * 3`). Never markup."""
    if "*" not in marked and "\\" not in marked:
        return [(marked, "")] if marked else []
    # Tokens: ("t", text) or ("d", "*"|"**"); then delimiters pair up like Markdown's, simplified:
    # an opener is followed by a non-space, a closer preceded by one, within the same paragraph.
    tokens: list[list[str]] = []
    for match in _MARK.finditer(marked):
        escaped, delim, text = match.groups()
        if delim:
            tokens.append(["d", delim])
        else:
            piece = escaped if escaped is not None else text
            if tokens and tokens[-1][0] == "t":
                tokens[-1][1] += piece
            else:
                tokens.append(["t", piece])
    open_at: dict[str, int] = {}
    pairs: dict[int, int] = {}  # opener index -> closer index
    for index, (kind, value) in enumerate(tokens):
        if kind != "d":
            if "\n\n" in value:  # emphasis never spans paragraphs
                open_at.clear()
            continue
        before = tokens[index - 1][1][-1:] if index and tokens[index - 1][0] == "t" else ""
        after = tokens[index + 1][1][:1] if index + 1 < len(tokens) and tokens[index + 1][0] == "t" else ""
        if value in open_at and before.strip():
            opener = open_at.pop(value)
            pairs[opener] = index
            for other, at in list(open_at.items()):  # `*a **b* c**`: pairs must not cross
                if at > opener:
                    del open_at[other]
        elif after.strip():
            open_at[value] = index
    closers = set(pairs.values())
    result: list[tuple[str, str]] = []
    italic = bold = 0
    for index, (kind, value) in enumerate(tokens):
        if kind == "d" and (index in pairs or index in closers):
            step = 1 if index in pairs else -1
            if value == "*":
                italic += step
            else:
                bold += step
            continue
        style = STYLES[(1 if italic > 0 else 0) + (2 if bold > 0 else 0)]
        if result and result[-1][1] == style:
            result[-1] = (result[-1][0] + value, style)
        else:
            result.append((value, style))
    return [piece for piece in result if piece[0]]


def plain(marked: str) -> str:
    """Marked text with emphasis dropped and escapes undone: what plain mode prints."""
    if "*" not in marked and "\\" not in marked:
        return marked
    return "".join(text for text, _style in spans(marked))


# --- where an offset in a text is in its file -------------------------------------------------------

_SIMPLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
    "P": "\u2029",
}  # fmt: skip
_HEX = {"x": 2, "u": 4, "U": 8}


def source_position(value: str, raw: str, style: str, line: int, column: int, offset: int) -> tuple[int, int] | None:
    """Line and column (1-based) in the file of character `offset` of a YAML scalar's value.

    `raw` is the scalar as written in the file, starting at (line, column); `style` is PyYAML's
    ('' plain, "'", '"', '|', '>'). The value is the raw text with indentation removed, lines
    folded and escapes decoded, so the two are walked side by side: a character of the value is
    matched to the same character in the source, skipping what YAML removed. None if they cannot
    be matched (the caller then points at the scalar's start).
    """
    return source_positions(value, raw, style, line, column, (offset,))[0]


def source_positions(
    value: str, raw: str, style: str, line: int, column: int, offsets: tuple[int, ...]
) -> list[tuple[int, int] | None]:
    """source_position for several offsets of one value, in one walk (a text's fragments at load)."""
    found: dict[int, tuple[int, int]] = {}
    wanted = set(offsets)
    last = max(offsets, default=-1)

    def result() -> list[tuple[int, int] | None]:
        return [found.get(offset) for offset in offsets]

    pos = 0
    if style in ("|", ">"):
        newline = raw.find("\n")
        if newline < 0:
            return result()
        pos, line, column = newline + 1, line + 1, 1
    index = 0
    while pos < len(raw) and index <= last:
        char = raw[pos]
        want = value[index] if index < len(value) else ""
        width = 1
        decoded = char
        if style == '"' and char == "\\" and pos + 1 < len(raw):
            code = raw[pos + 1]
            if code == "\n":  # a line continuation: nothing in the value
                decoded, width = "", 2
            elif code in _HEX:
                width = 2 + _HEX[code]
                try:
                    decoded = chr(int(raw[pos + 2 : pos + width], 16))
                except ValueError:
                    return result()
            else:
                decoded, width = _SIMPLE_ESCAPES.get(code, code), 2
        if decoded == want and want:
            if index in wanted:
                found[index] = (line, column)
            index += 1
        elif decoded and decoded not in " \t\n\r'\"":
            if want in (" ", "\n", "\t"):  # a folded line break: no character of its own
                if index in wanted:
                    found[index] = (line, column)
                index += 1
                continue
            return result()
        for skipped in raw[pos : pos + width]:
            if skipped == "\n":
                line, column = line + 1, 1
            else:
                column += 1
        pos += width
    return result()
