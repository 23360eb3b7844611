"""Where each scene and variable of a world is declared and used, read from the files as written.

The language server answers hover, definition, references, rename, symbols and completion from
this index. It reads the YAML trees the loader reads (game.world.yamlsafe, which keeps every
value's line and column), so it works on a world that does not load yet, file by file: a file that
is not valid YAML while you type keeps its last good index.

Positions here are LSP positions: 0-based lines, 0-based columns (in characters).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Literal

from msgspec import Struct, field

from game.world.loader import RESERVED
from game.world.text import source_position
from game.world.yamlsafe import Budget, YamlFault, YMap, YNode, YScalar, YSeq, read_yaml

Kind = Literal["scene", "variable", "key"]
FUNCTIONS = ("visited", "visits", "chance")
KEYWORDS = ("and", "or", "not", "true", "false")

# The expression language's tokens (game.world.expr): names, and strings (skipped, except as the
# argument of visited()/visits(), where they name a scene).
_TOKEN = re.compile(r"""(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<name>[A-Za-z_][A-Za-z0-9_]*)""")
_SCENE_CALL = re.compile(r"""\b(visited|visits)\(\s*(["'])([^"']*)\2""")
# Inline text: {name}, {word(name)} and the condition of {if COND: ...} read variables.
_INLINE = re.compile(r"\{\s*(?:if\s+([^:{}]*):|word\(\s*([a-z][a-z0-9_]*)\s*\)|([a-z][a-z0-9_]*)\s*\})")


class Span(Struct, frozen=True):
    path: Path
    line: int
    start: int
    end: int

    def contains(self, line: int, column: int) -> bool:
        return self.line == line and self.start <= column <= self.end


class Occurrence(Struct, frozen=True):
    span: Span
    kind: Kind
    name: str  # scene id, variable name, or the key itself
    part: str = ""  # keys only: which part of a file (world, variable, scene, choice, ...)
    declaration: bool = False


class SceneInfo(Struct):
    span: Span
    title: str
    text: str
    choices: list[tuple[str, Span]] = field(default_factory=list)


class VariableInfo(Struct):
    span: Span
    initial: str
    minimum: str
    maximum: str
    label: str


class FileIndex(Struct):
    occurrences: list[Occurrence] = field(default_factory=list)
    scenes: dict[str, SceneInfo] = field(default_factory=dict)
    variables: dict[str, VariableInfo] = field(default_factory=dict)


def world_root(path: Path) -> Path | None:
    """The world folder a file belongs to: world.yaml's folder, or the folder above scenes/."""
    if path.name == "world.yaml":
        return path.parent
    if (
        path.suffix in (".yaml", ".yml")
        and path.parent.name == "scenes"
        and (path.parent.parent / "world.yaml").exists()
    ):
        return path.parent.parent
    return None


def world_files(root: Path) -> list[Path]:
    """The files the loader reads, in its order."""
    files = [root / "world.yaml"]
    folder = root / "scenes"
    with contextlib.suppress(OSError):
        files += sorted((p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")), key=lambda p: p.name)
    return files


def _spelled(node: YNode | None) -> str:
    if not isinstance(node, YScalar) or node.value is None:
        return ""
    if isinstance(node.value, bool):
        return "true" if node.value else "false"
    return str(node.value)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.index = FileIndex()

    def span(self, loc_line: int, loc_column: int, length: int) -> Span:
        return Span(self.path, loc_line - 1, loc_column - 1, loc_column - 1 + length)

    def add(self, span: Span, kind: Kind, name: str, part: str = "", declaration: bool = False) -> None:
        self.index.occurrences.append(Occurrence(span, kind, name, part, declaration))

    def keys(self, node: YMap, part: str) -> None:
        for key, (loc, _value) in node.entries.items():
            self.add(self.span(loc.line, loc.column, len(key)), "key", key, part)

    def value_start(self, node: YScalar) -> tuple[int, int] | None:
        """Line and column (1-based) of the value's first character, when it sits on one line."""
        if not node.single_line:
            return None
        return node.loc.line, node.loc.column + (1 if node.quoted else 0)

    def scene_ref(self, node: YNode | None) -> None:
        if isinstance(node, YScalar) and isinstance(node.value, str) and node.value:
            start = self.value_start(node)
            if start is not None:
                self.add(self.span(*start, len(node.value)), "scene", node.value)

    def expression(self, node: YNode | None) -> None:
        """Variables and scenes named in a condition or effect written on one line."""
        if not isinstance(node, YScalar) or not isinstance(node.value, str):
            return
        start = self.value_start(node)
        if start is None:
            return
        line, column = start
        self.scan(node.value, 0, lambda offset: (line, column + offset))

    def scan(self, text: str, base: int, where: Callable[[int], tuple[int, int] | None]) -> None:
        """Names in an expression that starts at offset `base` of a value; `where` places an offset."""
        for match in _SCENE_CALL.finditer(text):
            found = where(base + match.start(3))
            if found is not None:
                self.add(self.span(*found, len(match.group(3))), "scene", match.group(3))
        for match in _TOKEN.finditer(text):
            name = match.group("name")
            if name is None or name in RESERVED or name in KEYWORDS:
                continue
            found = where(base + match.start())
            if found is not None:
                self.add(self.span(*found, len(name)), "variable", name)

    def effects(self, node: YNode | None) -> None:
        items = node.items if isinstance(node, YSeq) else [node] if node is not None else []
        for item in items:
            if isinstance(item, YMap):  # {if: ..., do: [...], else: [...]}
                self.keys(item, "when")
                self.expression(item.entries.get("if", (None, None))[1])
                self.effects(item.entries.get("do", (None, None))[1])
                self.effects(item.entries.get("else", (None, None))[1])
            else:
                self.expression(item)

    def inline(self, node: YNode | None) -> None:
        """Variables read by inline text ({hope}, {word(hope)}, {if hope > 3: ...}), on one line or in
        a block (the loader keeps such a text as written, so each offset has its line and column)."""
        if not isinstance(node, YScalar) or not isinstance(node.value, str) or "{" not in node.value:
            return
        value, raw = node.value, node.raw
        if raw is not None:

            def where(offset: int) -> tuple[int, int] | None:
                return source_position(value, raw, node.style, node.loc.line, node.loc.column, offset)

        else:
            start = self.value_start(node)
            if start is None:
                return
            line, column = start

            def where(offset: int) -> tuple[int, int] | None:
                return line, column + offset

        for match in _INLINE.finditer(value):
            if match.group(1) is not None:
                self.scan(match.group(1), match.start(1), where)
            else:
                group = 2 if match.group(2) is not None else 3
                found = where(match.start(group))
                if found is not None:
                    self.add(self.span(*found, len(match.group(group))), "variable", match.group(group))

    # --- the two kinds of file --------------------------------------------------------------------

    def world(self, node: YMap) -> None:
        self.keys(node, "world")
        self.scene_ref(node.entries.get("start", (None, None))[1])
        variables = node.entries.get("variables", (None, None))[1]
        if isinstance(variables, YMap):
            for name, (loc, spec) in variables.entries.items():
                span = self.span(loc.line, loc.column, len(name))
                self.add(span, "variable", name, declaration=True)
                values = spec.entries if isinstance(spec, YMap) else {}
                if isinstance(spec, YMap):
                    self.keys(spec, "variable")

                def get(key: str, values: Mapping[str, tuple[object, YNode]] = values) -> str:
                    entry = values.get(key)
                    return _spelled(entry[1]) if entry is not None else ""

                self.index.variables[name] = VariableInfo(span, get("initial"), get("min"), get("max"), get("label"))
        status = node.entries.get("status", (None, None))[1]
        if isinstance(status, YSeq):
            for item in status.items:
                if isinstance(item, YScalar) and isinstance(item.value, str):
                    start = self.value_start(item)
                    if start is not None:
                        self.add(self.span(*start, len(item.value)), "variable", item.value)

    def scenes(self, node: YMap) -> None:
        for scene_id, (loc, scene) in node.entries.items():
            span = self.span(loc.line, loc.column, len(scene_id))
            self.add(span, "scene", scene_id, declaration=True)
            info = SceneInfo(span, "", "")
            self.index.scenes[scene_id] = info
            if not isinstance(scene, YMap):
                continue
            self.keys(scene, "scene")
            info.title = _spelled(scene.entries.get("title", (None, None))[1])
            text = scene.entries.get("text", (None, None))[1]
            if isinstance(text, YSeq):  # blocks
                for item in text.items:
                    if isinstance(item, YMap):
                        self.keys(item, "block")
                        self.expression(item.entries.get("if", (None, None))[1])
                        self.inline(item.entries.get("text", (None, None))[1])
                    else:
                        self.inline(item)
                first = text.items[0] if text.items else None
                if isinstance(first, YMap):
                    first = first.entries.get("text", (None, None))[1]
                info.text = _spelled(first)
            else:
                info.text = _spelled(text)
                self.inline(text)
            self.scene_ref(scene.entries.get("next", (None, None))[1])
            self.effects(scene.entries.get("on_enter", (None, None))[1])
            variants = scene.entries.get("variants", (None, None))[1]
            for variant in variants.items if isinstance(variants, YSeq) else []:
                if isinstance(variant, YMap):
                    self.keys(variant, "variant")
                    self.expression(variant.entries.get("if", (None, None))[1])
                    self.inline(variant.entries.get("text", (None, None))[1])
            ending = scene.entries.get("ending", (None, None))[1]
            if isinstance(ending, YMap):
                self.keys(ending, "ending")
            choices = scene.entries.get("choices", (None, None))[1]
            for choice in choices.items if isinstance(choices, YSeq) else []:
                if not isinstance(choice, YMap):
                    continue
                self.keys(choice, "choice")
                choice_id = choice.entries.get("id", (None, None))[1]
                if isinstance(choice_id, YScalar) and isinstance(choice_id.value, str):
                    info.choices.append((choice_id.value, self.span(choice_id.loc.line, choice_id.loc.column, 0)))
                self.scene_ref(choice.entries.get("to", (None, None))[1])
                self.expression(choice.entries.get("if", (None, None))[1])
                self.effects(choice.entries.get("do", (None, None))[1])
                self.effects(choice.entries.get("after", (None, None))[1])
                self.inline(choice.entries.get("text", (None, None))[1])
                self.inline(choice.entries.get("reply", (None, None))[1])


def index_file(path: Path, text: str) -> FileIndex | None:
    """The file's index, or None when it is not valid YAML (yet)."""
    try:
        node = read_yaml(text.removeprefix("\ufeff"), str(path), Budget())
    except YamlFault:
        return None
    reader = _Reader(path)
    if isinstance(node, YMap):
        if path.name == "world.yaml":
            reader.world(node)
        else:
            reader.scenes(node)
    return reader.index


class WorldIndex(Struct):
    root: Path
    files: dict[Path, FileIndex]

    def occurrences(self) -> Iterator[Occurrence]:
        for index in self.files.values():
            yield from index.occurrences

    @property
    def scenes(self) -> dict[str, SceneInfo]:
        return {name: info for index in self.files.values() for name, info in index.scenes.items()}

    @property
    def variables(self) -> dict[str, VariableInfo]:
        return {name: info for index in self.files.values() for name, info in index.variables.items()}

    def at(self, path: Path, line: int, column: int) -> Occurrence | None:
        index = self.files.get(path)
        if index is None:
            return None
        for occurrence in index.occurrences:
            if occurrence.span.contains(line, column):
                return occurrence
        return None

    def uses(self, kind: Kind, name: str) -> list[Occurrence]:
        """Every occurrence of a scene or variable, its declaration included, in file order."""
        return [o for o in self.occurrences() if o.kind == kind and o.name == name]

    def declaration(self, kind: Kind, name: str) -> Occurrence | None:
        for occurrence in self.uses(kind, name):
            if occurrence.declaration:
                return occurrence
        return None


class Indexer:
    """Keeps each file's last good index, re-reading only files whose text changed."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[str, FileIndex]] = {}

    def world(self, root: Path, texts: Mapping[Path, str]) -> WorldIndex:
        """The index of the world at root; `texts` are the editor's buffers, read over the disk."""
        files: dict[Path, FileIndex] = {}
        paths = world_files(root)
        paths += [p for p in texts if world_root(p) == root and p not in paths]
        for path in paths:
            text = texts.get(path)
            if text is None:
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
            cached = self._cache.get(path)
            if cached is not None and cached[0] == text:
                files[path] = cached[1]
                continue
            index = index_file(path, text)
            if index is None:  # not YAML while being typed: keep what it was
                if cached is not None:
                    files[path] = cached[1]
                continue
            self._cache[path] = (text, index)
            files[path] = index
        return WorldIndex(root, files)
