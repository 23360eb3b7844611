"""`io-game lsp`: the language server (stdio), built on pygls.

Diagnostics are the engine's own: the loader's errors, then lint's warnings, for the world as the
editor holds it (open buffers read over the files on disk), a moment after each change. The rest
(completion, hover, definition, references, rename, symbols) comes from the index of
game.lsp.index, which works on a world that does not load yet.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lsprotocol import types as T
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from game.lsp.index import FUNCTIONS, KEYWORDS, Indexer, Occurrence, Span, WorldIndex, world_files, world_root
from game.support.ids import ID, VARIABLE_NAME
from game.support.textsafe import clean
from game.world.errors import Diagnostic
from game.world.loader import RESERVED

DEBOUNCE_SECONDS = 0.25  # diagnostics wait for a pause in typing
LINT_MAX_STATES = 50_000  # as you type, lint explores less than `io-game check` (200,000)

_TARGET = re.compile(r"""(?:^|[\s{,])(?:to|next|start)\s*:\s*["']?([a-z0-9_]*)$""")
_SCENE_ARGUMENT = re.compile(r"""\b(?:visited|visits)\(\s*["']([a-z0-9_]*)$""")
_EXPRESSION_KEY = re.compile(r"""(?:^|[\s{,])(?:if|do|after|on_enter|else)\s*:""")
_WORD_BEFORE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_LIST_ITEM = re.compile(r"^(\s*)-\s")
_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)?([a-z_]+)\s*:")


# --- loading with the editor's buffers ------------------------------------------------------------


def check_world(root: Path, buffers: dict[Path, str], lint_states: int | None) -> list[Diagnostic]:
    """The loader's errors for the world at root, or (lint_states given) lint's warnings once it
    loads. Buffers that differ from the disk are read instead of it, through a copy of the world."""
    from game.authoring.lint import lint
    from game.world import WorldError, load_world

    dirty = {}
    for path, text in buffers.items():
        try:
            same = path.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            dirty[path] = text
    folder = Path(tempfile.mkdtemp(prefix="io-game-lsp-")) if dirty else None
    try:
        load_from = root
        if folder is not None:
            load_from = folder / root.name
            (load_from / "scenes").mkdir(parents=True)
            for path in world_files(root):
                if path.is_file():
                    shutil.copyfile(path, load_from / path.relative_to(root))
            for path, text in dirty.items():
                target = load_from / path.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        try:
            world = load_world(load_from)
        except WorldError as exc:
            found = exc.diagnostics
        else:
            found = lint(world, lint_states).warnings if lint_states else []
        if folder is None:
            return list(found)
        return [_moved(d, str(load_from), str(root)) for d in found]
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _moved(diagnostic: Diagnostic, copy: str, root: str) -> Diagnostic:
    """A diagnostic of the copy, naming the world's own files."""
    from msgspec.structs import replace

    location = diagnostic.location
    file = root + location.file[len(copy) :] if location.file.startswith(copy) else location.file
    return replace(
        diagnostic,
        location=replace(location, file=file),
        message=diagnostic.message.replace(copy, root),
        hint=diagnostic.hint.replace(copy, root),
    )


def _range_at(lines: list[str], line: int, column: int) -> T.Range:
    """The word at a 1-based line and column, as an LSP range (one character at least)."""
    row = max(0, line - 1)
    start = max(0, column - 1)
    text = lines[row] if row < len(lines) else ""
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] in "_-"):
        end += 1
    if end == start:
        end = start + 1
    return T.Range(T.Position(row, start), T.Position(row, end))


# --- the server --------------------------------------------------------------------------------------


class WorldServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("io-game", "1")
        self.indexer = Indexer()
        self.pending: dict[Path, asyncio.Task[None]] = {}
        self.generation: dict[Path, int] = {}
        self.lint_locks: dict[Path, asyncio.Lock] = {}
        self.debounce = DEBOUNCE_SECONDS

    # -- documents

    def buffers(self, root: Path | None = None) -> dict[Path, str]:
        found: dict[Path, str] = {}
        for uri, document in self.workspace.text_documents.items():
            path = _path(uri)
            if path is not None and (root is None or world_root(path) == root):
                found[path] = document.source
        return found

    def index(self, root: Path) -> WorldIndex:
        return self.indexer.world(root, self.buffers(root))

    def lines(self, path: Path) -> list[str]:
        document = self.workspace.text_documents.get(from_fs_path(str(path)) or "")
        if document is not None:
            return list(document.lines)
        try:
            return path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return []

    # -- diagnostics

    def changed(self, uri: str) -> None:
        path = _path(uri)
        root = world_root(path) if path is not None else None
        if root is None:
            return
        self.index(root)  # remember each file's last good YAML while it is typed
        self.generation[root] = self.generation.get(root, 0) + 1
        task = self.pending.get(root)
        if task is not None:
            task.cancel()
        self.pending[root] = asyncio.ensure_future(self.diagnose(root, self.generation[root]))

    async def diagnose(self, root: Path, generation: int) -> None:
        await asyncio.sleep(self.debounce)
        buffers = self.buffers(root)
        errors = await asyncio.to_thread(check_world, root, buffers, None)
        if self.generation.get(root) != generation:
            return
        self.publish(root, errors)
        if errors:
            return
        lock = self.lint_locks.setdefault(root, asyncio.Lock())
        async with lock:  # one lint at a time per world; a stale one is skipped
            if self.generation.get(root) != generation:
                return
            warnings = await asyncio.to_thread(check_world, root, buffers, LINT_MAX_STATES)
        if self.generation.get(root) == generation:
            self.publish(root, warnings)

    def publish(self, root: Path, diagnostics: Iterable[Diagnostic]) -> None:
        by_file: dict[Path, list[T.Diagnostic]] = {path: [] for path in world_files(root)}
        by_file.update({path: [] for path in self.buffers(root)})
        for diagnostic in diagnostics:
            path = Path(diagnostic.location.file)
            if path not in by_file:  # the folder itself, or scenes/: shown on world.yaml
                path = root / "world.yaml"
                by_file.setdefault(path, [])
            lines = self.lines(path)
            location = diagnostic.location
            message = diagnostic.message + (f" ({diagnostic.hint})" if diagnostic.hint else "")
            by_file[path].append(
                T.Diagnostic(
                    range=_range_at(lines, location.line, location.column),
                    message=message,
                    severity=T.DiagnosticSeverity.Error
                    if diagnostic.severity == "error"
                    else T.DiagnosticSeverity.Warning,
                    code=diagnostic.code,
                    source="io-game",
                )
            )
        for path, found in by_file.items():
            uri = from_fs_path(str(path))
            if uri is not None:
                self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=found))

    def roots(self) -> list[Path]:
        """Worlds with an open file, and worlds in the workspace folders (up to two levels down)."""
        found: dict[Path, None] = {}
        for path in self.buffers():
            root = world_root(path)
            if root is not None:
                found[root] = None
        folders = [to_fs_path(f.uri) for f in (self.workspace.folders or {}).values()]
        if self.workspace.root_path:
            folders.append(self.workspace.root_path)
        for folder in folders:
            if not folder:
                continue
            base = Path(folder).resolve()
            for pattern in ("world.yaml", "*/world.yaml", "*/*/world.yaml"):
                for world in sorted(base.glob(pattern)):
                    found[world.parent] = None
        return list(found)

    # -- reading what is under the cursor

    def occurrence(self, uri: str, position: T.Position) -> tuple[WorldIndex, Occurrence] | None:
        path = _path(uri)
        root = world_root(path) if path is not None else None
        if path is None or root is None:
            return None
        index = self.index(root)
        found = index.at(path, position.line, position.character)
        return (index, found) if found is not None else None


def _path(uri: str) -> Path | None:
    """The file a document is, or None for one that is not a file (an unsaved `untitled:` buffer)."""
    if not uri.startswith("file:"):
        return None
    fs = to_fs_path(uri)
    return Path(fs).resolve() if fs else None


def _location(span: Span) -> T.Location:
    return T.Location(
        uri=from_fs_path(str(span.path)) or "",
        range=T.Range(T.Position(span.line, span.start), T.Position(span.line, span.end)),
    )


def _range(span: Span) -> T.Range:
    return T.Range(T.Position(span.line, span.start), T.Position(span.line, span.end))


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def hover_text(index: WorldIndex, occurrence: Occurrence) -> str | None:
    from game.authoring.schema import KEYS

    if occurrence.kind == "key":
        described = KEYS.get(occurrence.part, {}).get(occurrence.name)
        return f"**{occurrence.name}** ({occurrence.part}): {described[1]}" if described else None
    if occurrence.kind == "scene":
        scene = index.scenes.get(occurrence.name)
        if scene is None:
            return f"no scene `{occurrence.name}` in this world"
        where = f"{scene.span.path.name}:{scene.span.line + 1}"
        return f"**scene `{occurrence.name}`**: {scene.title}\n\n{_first_line(scene.text)}\n\n*{where}*"
    variable = index.variables.get(occurrence.name)
    if variable is None:
        return f"no variable `{occurrence.name}` declared in world.yaml"
    kind = (
        "flag"
        if variable.initial in ("true", "false")
        else "number"
        if re.fullmatch(r"-?\d+", variable.initial)
        else "text"
    )
    initial = variable.initial or '""'
    parts = [f"**variable `{occurrence.name}`**: {kind}, initial {initial}"]
    if variable.minimum or variable.maximum:
        parts.append(f"bounds {variable.minimum or '…'}..{variable.maximum or '…'}")
    if variable.label:
        parts.append(f"label {variable.label}")
    return ", ".join(parts) + f"\n\n*world.yaml:{variable.span.line + 1}*"


def completions(index: WorldIndex, before: str, lines: list[str], line: int) -> list[T.CompletionItem]:
    """What may be written at the cursor, given the text of its line before it."""
    scenes = [
        T.CompletionItem(label=name, kind=T.CompletionItemKind.Class, detail=info.title)
        for name, info in sorted(index.scenes.items())
    ]
    if _SCENE_ARGUMENT.search(before) or _TARGET.search(before):
        return scenes
    if _in_expression(before, lines, line):
        variables = [
            T.CompletionItem(
                label=name,
                kind=T.CompletionItemKind.Variable,
                detail=f"initial {info.initial}" + (f", {info.minimum}..{info.maximum}" if info.maximum else ""),
            )
            for name, info in sorted(index.variables.items())
        ]
        functions = [
            T.CompletionItem(
                label=name,
                kind=T.CompletionItemKind.Function,
                insert_text=f"{name}(",
                detail={"visited": 'visited("scene"): entered yet?', "visits": 'visits("scene"): how many times'}.get(
                    name, "chance(30): true 30% of the time"
                ),
            )
            for name in FUNCTIONS
        ]
        keywords = [T.CompletionItem(label=word, kind=T.CompletionItemKind.Keyword) for word in KEYWORDS]
        return variables + functions + keywords
    return []


def _in_expression(before: str, lines: list[str], line: int) -> bool:
    """In a condition or effect: on an if:/do: line, in a list under do:, or inside {...} of a text."""
    if before.count("{") > before.count("}"):
        return True
    if _EXPRESSION_KEY.search(before):
        return True
    item = _LIST_ITEM.match(before)
    if item is None:
        return False
    indent = len(item.group(1))
    for row in range(line - 1, -1, -1):  # the key this list belongs to
        text = lines[row] if row < len(lines) else ""
        key = _KEY_LINE.match(text)
        if key is not None and len(key.group(1)) < indent:
            return key.group(2) in ("do", "after", "on_enter", "else")
        if text.strip() and not _LIST_ITEM.match(text) and len(text) - len(text.lstrip()) < indent:
            return False
    return False


def build_server() -> WorldServer:
    server = WorldServer()

    @server.feature(T.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: WorldServer, params: T.DidOpenTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: WorldServer, params: T.DidChangeTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: WorldServer, params: T.DidSaveTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: WorldServer, params: T.DidCloseTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)  # the file on disk counts again

    @server.feature(T.TEXT_DOCUMENT_COMPLETION, T.CompletionOptions(trigger_characters=[" ", '"', "'", "(", "{", ":"]))
    def completion(ls: WorldServer, params: T.CompletionParams) -> T.CompletionList:
        path = _path(params.text_document.uri)
        root = world_root(path) if path is not None else None
        if path is None or root is None:
            return T.CompletionList(is_incomplete=False, items=[])
        lines = ls.lines(path)
        row = params.position.line
        before = lines[row][: params.position.character] if row < len(lines) else ""
        return T.CompletionList(is_incomplete=False, items=completions(ls.index(root), before, lines, row))

    @server.feature(T.TEXT_DOCUMENT_HOVER)
    def hover(ls: WorldServer, params: T.HoverParams) -> T.Hover | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if found is None:
            return None
        index, occurrence = found
        text = hover_text(index, occurrence)
        if text is None:
            return None
        return T.Hover(contents=T.MarkupContent(kind=T.MarkupKind.Markdown, value=text), range=_range(occurrence.span))

    @server.feature(T.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: WorldServer, params: T.DefinitionParams) -> T.Location | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if found is None or found[1].kind == "key":
            return None
        index, occurrence = found
        declared = index.declaration(occurrence.kind, occurrence.name)
        return _location(declared.span) if declared is not None else None

    @server.feature(T.TEXT_DOCUMENT_REFERENCES)
    def references(ls: WorldServer, params: T.ReferenceParams) -> list[T.Location]:
        found = ls.occurrence(params.text_document.uri, params.position)
        if found is None or found[1].kind == "key":
            return []
        index, occurrence = found
        return [
            _location(use.span)
            for use in index.uses(occurrence.kind, occurrence.name)
            if params.context.include_declaration or not use.declaration
        ]

    @server.feature(T.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: WorldServer, params: T.PrepareRenameParams) -> T.Range | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if found is None or found[1].kind == "key":
            return None
        return _range(found[1].span)

    @server.feature(T.TEXT_DOCUMENT_RENAME)
    def rename(ls: WorldServer, params: T.RenameParams) -> T.WorkspaceEdit | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if found is None or found[1].kind == "key":
            return None
        index, occurrence = found
        new = params.new_name
        if occurrence.kind == "scene" and not ID.match(new):
            raise JsonRpcInvalidParams(f"'{new}' cannot name a scene: use lowercase letters, digits and _")
        if occurrence.kind == "variable" and (not VARIABLE_NAME.match(new) or new in RESERVED):
            raise JsonRpcInvalidParams(
                f"'{new}' cannot name a variable: lowercase letters, digits and _, starting with a letter,"
                " and not a keyword"
            )
        taken = index.scenes if occurrence.kind == "scene" else index.variables
        if new in taken and new != occurrence.name:
            raise JsonRpcInvalidParams(f"there is already a {occurrence.kind} '{new}'")
        changes: dict[str, list[T.TextEdit]] = {}
        for use in index.uses(occurrence.kind, occurrence.name):
            uri = from_fs_path(str(use.span.path)) or ""
            changes.setdefault(uri, []).append(T.TextEdit(range=_range(use.span), new_text=new))
        return T.WorkspaceEdit(changes=changes)

    @server.feature(T.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbols(ls: WorldServer, params: T.DocumentSymbolParams) -> list[T.DocumentSymbol]:
        path = _path(params.text_document.uri)
        root = world_root(path) if path is not None else None
        if path is None or root is None:
            return []
        file = ls.index(root).files.get(path)
        if file is None:
            return []
        symbols = [
            T.DocumentSymbol(
                name=name,
                kind=T.SymbolKind.Variable,
                range=_range(info.span),
                selection_range=_range(info.span),
                detail=f"initial {info.initial}",
            )
            for name, info in file.variables.items()
        ]
        for name, scene in file.scenes.items():
            children = [
                T.DocumentSymbol(
                    name=choice, kind=T.SymbolKind.Method, range=_range(span), selection_range=_range(span)
                )
                for choice, span in scene.choices
            ]
            symbols.append(
                T.DocumentSymbol(
                    name=name,
                    kind=T.SymbolKind.Class,
                    range=_range(scene.span),
                    selection_range=_range(scene.span),
                    detail=scene.title,
                    children=children,
                )
            )
        return symbols

    @server.feature(T.WORKSPACE_SYMBOL)
    def workspace_symbols(ls: WorldServer, params: T.WorkspaceSymbolParams) -> list[T.SymbolInformation]:
        query = params.query.lower()
        found: list[T.SymbolInformation] = []
        for root in ls.roots():
            index = ls.index(root)
            for name, scene in sorted(index.scenes.items()):
                if query in name.lower() or query in scene.title.lower():
                    found.append(
                        T.SymbolInformation(
                            name=name, kind=T.SymbolKind.Class, location=_location(scene.span), container_name=root.name
                        )
                    )
            for name, variable in sorted(index.variables.items()):
                if query in name.lower():
                    found.append(
                        T.SymbolInformation(
                            name=name,
                            kind=T.SymbolKind.Variable,
                            location=_location(variable.span),
                            container_name=root.name,
                        )
                    )
        return found

    return server


class _OneLine(logging.Formatter):
    """pygls logs what it cannot handle (a malformed message, an error in a handler) with a
    traceback; the editor's log gets one line instead."""

    def format(self, record: logging.LogRecord) -> str:
        reason = f": {record.exc_info[1]}" if record.exc_info and record.exc_info[1] else ""
        return clean(f"io-game lsp: {record.getMessage()}{reason}").replace("\n", " ")


def serve(debounce: float | None = None, stdin: Any = None, stdout: Any = None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    server = build_server()
    if debounce is not None:
        server.debounce = debounce
    server.start_io(stdin, stdout)
