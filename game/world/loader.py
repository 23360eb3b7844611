"""Load a world folder into the frozen model, reporting every fault with file:line:column."""

from __future__ import annotations

import gc
import json
import os
import re
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from msgspec import Struct, field
from msgspec.structs import replace

from game.support.digest import sha256
from game.support.ids import ID, VARIABLE_NAME
from game.support.textsafe import has_undecodable
from game.world import errors as E
from game.world.errors import Diagnostic, Location, WorldError
from game.world.expr import Compiled, Effect, ExprError, Type, compile_condition, compile_effect, type_name, unquote
from game.world.model import Action, Block, Choice, Ending, Scene, Variable, Variant, When, World, flat_effects
from game.world.text import Band, Text, TextError, compile_text, plain, source_position, source_positions
from game.world.yamlsafe import MAX_VALUES, MAX_WORLD_VALUES, Budget, YamlFault, YMap, YNode, YScalar, YSeq, read_yaml

_UNDECLARED = re.compile(r"undeclared variable '([^']*)'")
RESERVED = {"and", "or", "not", "true", "false", "visited", "visits", "chance"}

# Bounds on what a world may hold, so that any folder is loaded or refused in seconds (see
# docs/security.md for the measured worst cases). The IO world is far below every one of them.
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_WORLD_BYTES = 32 * 1024 * 1024
MAX_FILES = 10_000
MAX_SCENES = 20_000
MAX_VARIABLES = 1_000
# Different conditions and effects, all together (one written many times is compiled once and counted
# once): compiling costs about 2 us a character and its closures about 0.1 KB: at most about 3 s, 150 MB.
MAX_EXPRESSION_CHARS = 1_500_000
MAX_DIAGNOSTICS = 1_000  # past this, more errors help nobody and only cost time
MAX_SUGGESTIONS = 50  # did-you-mean is worked out for the first errors only (it scans every name)

WORLD_KEYS = {"id", "title", "version", "start", "author", "description", "variables", "status"}
WORLD_REQUIRED = ("id", "title", "start")
VARIABLE_KEYS = {"initial", "min", "max", "label", "words"}
VARIABLE_REQUIRED = ("initial",)
SCENE_KEYS = {"title", "text", "variants", "choices", "ending", "tags", "on_enter", "next"}
SCENE_REQUIRED = ("title", "text")
CHOICE_KEYS = {"id", "text", "to", "if", "do", "once", "reply", "tags", "fallback", "after", "then", "return"}
CHOICE_REQUIRED = ("id", "text", "to")  # `to` is not required of a choice with `return: true`
BLOCK_KEYS = {"if", "text"}
BLOCK_REQUIRED = ("text",)
WHEN_KEYS = {"if", "do", "else"}
WHEN_REQUIRED = ("if", "do")
BEAT_CHOICE = "continue"  # the id of the one choice a `next:` scene offers: saves record it
BAND = re.compile(r"\s*(-?\d{1,18})\s*(?:(?:-|\.\.)\s*(-?\d{1,18})\s*)?\Z")
VARIANT_REQUIRED = ("if", "text")
ENDING_REQUIRED = ("title",)
VARIANT_KEYS = {"if", "text", "replace"}
ENDING_KEYS = {"title", "kind"}

_EXPR_CODES = {
    "syntax": E.E_EXPR_SYNTAX,
    "undeclared": E.E_UNDECLARED,
    "type": E.E_TYPE,
    "not_allowed": E.E_NOT_ALLOWED,
    "unknown_scene": E.E_UNKNOWN_SCENE_REF,
    "text": E.E_TEXT,
}


def _any_scene(scene_id: str) -> bool:
    return True  # scene references are checked once every file is read (check_scene_refs)


def load_world(path: str | Path, kept: KeptTrees | None = None) -> World:
    """Read and check a world folder. Raises WorldError holding every fault found.

    Given `kept` (game.world.cache), the YAML trees of a world that loads are put in it, so the
    world can be cached."""
    loader = _Loader(Path(path), kept)
    # A load builds hundreds of thousands of objects and frees the YAML trees by reference counting,
    # with no cycles to find: the cycle collector only cost time (a third of a 1,000-scene load).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return loader.load()
    except _TooManyErrors:
        loader.diagnostics.append(
            Diagnostic(
                Location(str(loader.root), 1, 1),
                E.E_LIMIT,
                f"stopped after {MAX_DIAGNOSTICS:,} errors",
                "fix these first, then check again",
            )
        )
        raise WorldError(loader.diagnostics) from None
    finally:
        if collecting:
            gc.enable()


class _TooManyErrors(Exception):
    pass


MAX_KEPT_BYTES = 8 * 1024 * 1024  # a world's YAML past this is not kept for the cache (its trees stay in memory)


class KeptTrees(Struct):
    """The YAML trees of a world as it loaded: world.yaml's, and each scene's with its file, in order."""

    header: YNode | None = None
    scenes: list[tuple[str, str, Location, YNode]] = field(default_factory=list)  # (id, file, key, tree)
    bytes: int = 0
    complete: bool = True  # False once the world's files outgrew MAX_KEPT_BYTES
    header_digest: str = ""  # sha256 of world.yaml's bytes: the title screen's first paint may use the entry


def load_cached(
    path: Path,
    files: list[str],
    header: YMap,
    scenes: list[tuple[str, str, Location]],
    labels: frozenset[str],
    tree_of: Callable[[str], YNode],
) -> World | None:
    """The world at `path` from a cache entry of the trees of a load that had no error (game.world.cache),
    or None when its files are not exactly those the entry was made from (then load it in full).

    Every file is read as a load reads it (the same refusals, and the content hash over them), but
    not parsed: world.yaml's tree is given, and each scene is compiled, by the loader's own code, on
    first use (`tree_of` gives its tree). That load had no error, and these are its trees: none can
    appear now."""
    loader = _Loader(path)
    for relative in ["world.yaml", *loader.scene_files()]:
        loader.read_bytes(relative)
    if loader.diagnostics or loader.files != files:
        return None
    variables = loader.variables(header)
    types: dict[str, Type] = {name: var.type for name, var in variables.items()}
    declared = {scene_id: loc for scene_id, _file, loc in scenes}
    identity, start, status = loader.header(header, variables, declared, scenes_complete=True)
    if loader.diagnostics:
        return None

    def scene(scene_id: str) -> Scene:
        compiled = loader.scene(scene_id, declared[scene_id], tree_of(scene_id), types, _any_scene)
        if compiled is None or loader.diagnostics:  # the entry is not what a clean load left
            raise RuntimeError(f"the cached world {path} does not compile scene '{scene_id}'")
        return compiled

    return loader.world(identity, start, status, variables, LazyScenes(list(declared), scene), labels)


class LazyScenes(Mapping[str, Scene]):
    """A world's scenes, each compiled on first use (a cached world: game.world.cache), then kept.

    Safe across threads (the game compiles the rest in a worker while the player reads)."""

    def __init__(self, order: list[str], compile_scene: Callable[[str], Scene]) -> None:
        self._order = order
        self._ids = frozenset(order)
        self._compiled: dict[str, Scene] = {}
        self._compile = compile_scene
        self._lock = threading.Lock()

    def __getitem__(self, scene_id: str) -> Scene:
        found = self._compiled.get(scene_id)
        if found is not None:
            return found
        if scene_id not in self._ids:
            raise KeyError(scene_id)
        with self._lock:
            found = self._compiled.get(scene_id)
            if found is None:
                found = self._compiled[scene_id] = self._compile(scene_id)
        return found

    def __contains__(self, scene_id: object) -> bool:
        return scene_id in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    @property
    def compiled(self) -> int:
        """How many scenes have been compiled so far."""
        return len(self._compiled)


# A call of visited() or visits() and its quoted argument, as the expression language writes them
# (white space allowed around the parenthesis, a backslash escaping the next character: the string
# rule of expr's _TOKEN). A search, not expr's tokenizer: it also looks through texts, where the
# conditions sit among prose the tokenizer cannot read (an apostrophe would open a string).
_SCENE_CALL = re.compile(r"""(visited|visits)\s*\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")


def _scene_call(source: str, name: str) -> tuple[int, str]:
    """Where `source` calls visited() or visits() on the scene `name`, and which of the two. The source
    was compiled from that very call, so it is there; the fallback (its start) only keeps a change of
    the language from turning an author's error into a crash."""
    for call in _SCENE_CALL.finditer(source):
        if unquote(call.group(2)) == name:
            return call.start(), call.group(1)
    return 0, "visited"


def _describe(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    if node.value is None:
        return "nothing"
    if isinstance(node.value, bool):
        return "true/false"
    if isinstance(node.value, (int, float)):
        return "a number"
    return "text"


def _spec_hint(name: str, node: YNode) -> str:
    """What to write for a variable given as its value alone (`hope: 3`): the mapping it belongs in."""
    value = node.value if isinstance(node, YScalar) and node.value is not None else "..."
    return f"write {name}: {{initial: {str(value).lower() if isinstance(value, bool) else value}}}"


def _ending_hint(node: YNode) -> str:
    """What to write for an ending given as its title alone (`ending: The end`): the mapping, with
    the title quoted where YAML needs it (`The end: really`), and what `kind:` is."""
    title = node.value if isinstance(node, YScalar) and isinstance(node.value, str) and node.value else "..."
    if title != "..." and not re.fullmatch(r"\w[\w .'!?-]*(?<! )", title):
        title = json.dumps(title, ensure_ascii=False)
    return f"write ending: {{title: {title}}}; kind: is optional, a word such as good, bad or open"


def _unbracketed(node: YNode, key: str) -> str | None:
    """The hint for a list of one id where one id belongs (`start: [a]`): the same without brackets."""
    only = node.items[0] if isinstance(node, YSeq) and len(node.items) == 1 else None
    if isinstance(only, YScalar) and isinstance(only.value, str) and ID.match(only.value):
        return f"write it without brackets: {key}: {only.value}"
    return None


class _Loader:
    def __init__(self, root: Path, kept: KeptTrees | None = None) -> None:
        self.root = root
        self.kept = kept
        self.diagnostics: list[Diagnostic] = []
        self.digest = sha256()
        self.files: list[str] = []
        self.unreadable: set[str] = set()  # files whose faults hide what they would have declared
        self.target_locs: dict[str, Location] = {}
        self.scene_refs: list[tuple[frozenset[str], YScalar]] = []
        # The same condition or effect written in many places is compiled once and shared: IO
        # writes 709 expressions, 177 of them different, and compiled closures are most of a
        # loaded world's memory.
        self.shared_conditions: dict[str, Compiled] = {}
        self.shared_effects: dict[str, Effect] = {}
        self.words: dict[str, tuple[Band, ...]] = {}  # variable -> its word bands, for {word(x)}
        self.text_scene_refs: list[tuple[Text, YScalar]] = []  # inline conditions naming scenes
        # taken("scene.choice") in an expression (False) or in a text (True): checked at the end
        self.label_refs: list[tuple[frozenset[str], YScalar, bool]] = []
        self.values_left = MAX_WORLD_VALUES  # YAML values left for the whole world
        self.bytes_left = MAX_WORLD_BYTES
        self.expression_chars_left = MAX_EXPRESSION_CHARS
        self.exhausted = False  # a world-wide limit was hit: read no more files
        # Variables declared but refused (a bad name or spec): the E013/E040 is the fault, and every
        # use of them reported as undeclared would only bury it.
        self.broken_variables: set[str] = set()

    # --- reporting ---------------------------------------------------------------------------

    def error(self, loc: Location, code: str, message: str, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(loc, code, message, hint))
        if len(self.diagnostics) >= MAX_DIAGNOSTICS:
            raise _TooManyErrors

    def close_match(self, word: str, candidates: Iterable[str]) -> str | None:
        """The did-you-mean for `word`, worked out for the first errors only (it scans every name)."""
        if len(self.diagnostics) >= MAX_SUGGESTIONS:
            return None
        from game.support.closest import closest  # not at import: the game's start never suggests

        return closest(word, candidates)

    def file_loc(self, relative: str) -> Location:
        return Location(str(self.root / relative), 1, 1)

    # --- files ---------------------------------------------------------------------------------

    def read(self, relative: str) -> YNode | None:
        before = len(self.diagnostics)
        node = self._read(relative)
        if len(self.diagnostics) > before:
            self.unreadable.add(relative)
        return node

    def read_bytes(self, relative: str) -> bytes | None:
        """The file's bytes, counted in the content hash; None (and an error) for a file a world
        cannot hold: outside the folder, not a regular file, too large, changing, unreadable."""
        path = self.root / relative
        if self.exhausted:
            return None
        try:
            try:
                real = path.resolve(strict=True)
            except RuntimeError:  # Python 3.11 reports a symlink loop this way
                raise OSError(40, "the links go round in a loop") from None
            if not real.is_relative_to(self.root.resolve()):
                self.error(
                    self.file_loc(relative),
                    E.E_READ,
                    "this file links to a place outside the world folder",
                    "replace the link with the file itself",
                )
                return None
            info = real.stat()
            if not stat.S_ISREG(info.st_mode):
                # A FIFO or a device would block the read or never end.
                self.error(
                    self.file_loc(relative),
                    E.E_READ,
                    "this is not a regular file",
                    "a world holds plain .yaml files only",
                )
                return None
            size = info.st_size
            if size > MAX_FILE_BYTES:
                self.error(
                    self.file_loc(relative),
                    E.E_LIMIT,
                    f"file of {size:,} bytes is too large",
                    f"split it: a world file may be at most {MAX_FILE_BYTES // (1024 * 1024)} MB",
                )
                return None
            if size > self.bytes_left:
                self.exhausted = True
                self.error(
                    self.file_loc(relative),
                    E.E_LIMIT,
                    f"the world's files hold more than {MAX_WORLD_BYTES // (1024 * 1024)} MB",
                    "a story world needs far less: split it into smaller worlds",
                )
                return None
            with real.open("rb") as handle:
                # One byte past the size seen: a file growing meanwhile is caught without reading on,
                # and the buffer is sized to the file, not to the limit (read(n) allocates n at once).
                data = handle.read(size + 1)
            if len(data) > size:
                self.error(
                    self.file_loc(relative),
                    E.E_READ,
                    "the file changed while it was read",
                    "try again once nothing is writing to it",
                )
                return None
            self.bytes_left -= len(data)
        except FileNotFoundError:
            if path.is_symlink():  # the link is there, what it names is not
                self.error(
                    self.file_loc(relative),
                    E.E_READ,
                    f"this file is a link to {os.readlink(path)}, which does not exist",
                    "replace the link with the file itself, or remove it",
                )
            elif relative == "world.yaml":
                self.error(
                    self.file_loc(relative),
                    E.E_READ,
                    "file not found",
                    "a world folder needs world.yaml and a scenes/ folder",
                )
            else:  # listed a moment ago
                self.error(
                    self.file_loc(relative),
                    E.E_READ,
                    "the file was removed while the world was read",
                    "check the world again once nothing is changing its files",
                )
            return None
        except OSError as exc:
            self.error(
                self.file_loc(relative),
                E.E_READ,
                f"cannot read the file: {exc.strerror}",
                "check that it exists and is readable",
            )
            return None
        self.digest.update(relative.encode() + b"\0" + data + b"\0")
        self.files.append(relative)
        return data

    def _read(self, relative: str) -> YNode | None:
        shown = str(self.root / relative)
        data = self.read_bytes(relative)
        if data is None:
            return None
        if self.kept is not None:
            self.kept.bytes += len(data)
            self.kept.complete = self.kept.complete and self.kept.bytes <= MAX_KEPT_BYTES
            if relative == "world.yaml":
                self.kept.header_digest = sha256(data).hexdigest()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            self.error(
                Location(shown, line, column),
                E.E_READ,
                f"byte 0x{data[exc.start]:02X} is not UTF-8",
                "save the file as UTF-8",
            )
            return None
        text = text.removeprefix("\ufeff")
        try:
            # Caps per item: a file's tree is in memory alone (MAX_VALUES), and the world's values
            # bound its load time; whichever is nearer is the one this file may spend.
            if self.values_left <= MAX_VALUES:
                budget = Budget(self.values_left, MAX_WORLD_VALUES, "the world")
            else:
                budget = Budget(MAX_VALUES, MAX_VALUES, "one file")
            start = budget.values
            try:
                return read_yaml(text, shown, budget)
            finally:
                self.values_left -= start - max(budget.values, 0)
        except YamlFault as fault:
            if self.values_left <= 0:
                self.exhausted = True
            diagnostic = fault.diagnostic
            self.error(diagnostic.location, diagnostic.code, diagnostic.message, diagnostic.hint)
            return None

    # --- shapes ----------------------------------------------------------------------------------

    def mapping(self, node: YNode | None, what: str, loc: Location, hint: str = "") -> YMap | None:
        if isinstance(node, YMap):
            return node
        where = node.loc if node is not None else loc
        found = _describe(node) if node is not None else "nothing"
        message = f"{what} must be a mapping of keys, not {found}"
        self.error(where, E.E_SHAPE, message, hint or "see docs/world-format.md")
        return None

    def keys(self, node: YMap, allowed: set[str], required: tuple[str, ...], what: str) -> set[str]:
        """Report unknown keys and missing required ones; return the keys that unknown ones look
        like misspellings of. A key misspelt is one fault: its did-you-mean says what to do, and
        the key it stands for is not reported missing as well."""
        meant: set[str] = set()
        for key, (key_loc, _value) in node.entries.items():
            if key not in allowed:
                from game.support.closest import closest  # as in close_match

                close = closest(key, allowed)
                hint = f"did you mean '{close}'?" if close else f"{what} takes: {', '.join(sorted(allowed))}"
                self.error(key_loc, E.E_UNKNOWN_KEY, f"unknown key '{key}' in {what}", hint)
                if close:
                    meant.add(close)
        for key in required:
            if key not in node.entries and key not in meant:
                self.error(node.loc, E.E_MISSING_KEY, f"{what} has no '{key}'", f"add '{key}:'")
        return meant

    def text(self, node: YMap, key: str, what: str, default: str | None = None) -> str | None:
        entry = node.entries.get(key)
        if entry is None:
            return default
        value = entry[1]
        if (
            isinstance(value, YScalar)
            and isinstance(value.value, (str, int, float))
            and not isinstance(value.value, bool)
        ):
            return str(value.value)
        self.not_text(value, f"'{key}' of {what}", _unbracketed(value, key))
        return None

    def not_text(self, node: YNode, subject: str, hint: str | None = None) -> None:
        """The one error for a value that should be text. A plain On, yes or off is the common
        slip (YAML 1.1 reads it as true/false), so that error says which word and how to quote it."""
        if isinstance(node, YScalar) and isinstance(node.value, bool) and node.raw is not None:
            self.error(
                node.loc,
                E.E_SHAPE,
                f"{subject} is {node.raw}, which YAML reads as {str(node.value).lower()}, not as text",
                f'quote it to keep the word: "{node.raw}"',
            )
            return
        self.error(
            node.loc,
            E.E_SHAPE,
            f"{subject} must be text, not {_describe(node)}",
            hint or "write it as text; quote it if needed",
        )

    def title(self, node: YMap, what: str) -> str:
        """A required title: text, and not blank (a blank one shows as nothing in the UI and saves)."""
        written = self.text(node, "title", what, "")
        title = written or ""
        entry = node.entries.get("title")
        if written is not None and entry is not None and isinstance(entry[1], YScalar) and not title.strip():
            self.error(entry[1].loc, E.E_SHAPE, f"the title of {what} is empty", "write a title")
        return title

    def flag(self, node: YMap, key: str, what: str) -> bool:
        entry = node.entries.get(key)
        if entry is None:
            return False
        value = entry[1]
        if isinstance(value, YScalar) and isinstance(value.value, bool):
            return value.value
        self.error(
            value.loc,
            E.E_SHAPE,
            f"'{key}' of {what} must be true or false, not {_describe(value)}",
            f"write {key}: true",
        )
        return False

    def expr_error(self, node: YScalar, exc: ExprError) -> None:
        if exc.kind == "undeclared":
            named = _UNDECLARED.match(exc.message)
            if named is not None and named.group(1) in self.broken_variables:
                return
        # An offset into the text is a column only when the text sits on one line as written.
        column = node.loc.column + exc.offset + (1 if node.quoted else 0) if node.single_line else node.loc.column
        self.error(
            Location(node.loc.file, node.loc.line, column),
            _EXPR_CODES[exc.kind],
            f"{exc.message} in '{node.value}'",
            exc.hint,
        )

    def spend_expression(self, node: YScalar, shared: dict[str, Compiled] | dict[str, Effect]) -> bool:
        """Count an expression not compiled yet against the world's budget; False (reported once) when
        it is spent. One already compiled (in `shared`) costs nothing more."""
        if node.value in shared:
            return True
        self.expression_chars_left -= len(str(node.value))
        if self.expression_chars_left >= 0:
            return True
        if self.expression_chars_left + len(str(node.value)) >= 0:  # the first one over: say so
            self.error(
                node.loc,
                E.E_LIMIT,
                f"the world's different conditions and effects hold more than {MAX_EXPRESSION_CHARS:,} characters",
                "a story world needs far fewer: split it into smaller worlds",
            )
        return False

    def expression_source(self, node: YNode, what: str) -> YScalar | None:
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return YScalar("true" if node.value else "false", node.loc)
        if isinstance(node, YScalar) and isinstance(node.value, str):
            return node
        self.error(
            node.loc,
            E.E_EXPR_SYNTAX,
            f"{what} must be an expression in text, not {_describe(node)}",
            "for example: hope > 3",
        )
        return None

    # --- world.yaml --------------------------------------------------------------------------------

    def load(self) -> World:
        if not self.root.is_dir():
            raise WorldError(
                [
                    Diagnostic(
                        Location(str(self.root), 1, 1),
                        E.E_READ,
                        "no world folder here",
                        "give the path of a folder holding world.yaml",
                    )
                ]
            )
        header = self.read("world.yaml")
        if self.kept is not None:
            self.kept.header = header
        world_map = (
            self.mapping(header, "world.yaml", self.file_loc("world.yaml"))
            if header is not None or "world.yaml" not in self.unreadable
            else None
        )
        variables = self.variables(world_map) if world_map else {}
        types: dict[str, Type] = {name: var.type for name, var in variables.items()}

        # One file at a time, so only one file's YAML tree is in memory at once. Targets and
        # visited() may name scenes of later files: they are checked once every file is read.
        declared: dict[str, Location] = {}
        scenes: dict[str, Scene] = {}
        for rel in self.scene_files():
            node = self.read(rel)
            if node is None:
                continue
            file_map = self.mapping(node, f"scene file {rel}", self.file_loc(rel))
            if file_map is None:
                continue
            file_scenes: list[tuple[str, Location, YNode]] = []
            for scene_id, (key_loc, scene_node) in file_map.entries.items():
                if not ID.match(scene_id):
                    self.error(
                        key_loc,
                        E.E_BAD_ID,
                        f"scene id '{scene_id}' is not a valid id",
                        "use lowercase letters, digits and _ (at most 64)",
                    )
                if scene_id in declared:
                    first = declared[scene_id]
                    self.error(
                        key_loc,
                        E.E_DUPLICATE_SCENE,
                        f"scene '{scene_id}' is defined twice (first at {first})",
                        "rename one of them: scene ids are unique across the world",
                    )
                    continue
                declared[scene_id] = key_loc
                file_scenes.append((scene_id, key_loc, scene_node))
                if self.kept is not None and self.kept.complete:
                    self.kept.scenes.append((scene_id, rel, key_loc, scene_node))
            if len(declared) > MAX_SCENES:
                self.error(
                    self.file_loc("world.yaml"),
                    E.E_LIMIT,
                    f"{len(declared):,} scenes is too many",
                    f"a world may hold at most {MAX_SCENES:,} scenes",
                )
                raise WorldError(self.diagnostics)
            for scene_id, key_loc, scene_node in file_scenes:
                scene = self.scene(scene_id, key_loc, scene_node, types, _any_scene)
                if scene is not None:
                    scenes[scene_id] = scene
        # A scene file that could not be read hides the scenes it declares: references to them are
        # consequences of that one fault, not faults of their own.
        scenes_complete = not any(rel.startswith("scenes/") for rel in self.unreadable)
        if scenes_complete:
            self.check_scene_refs(declared)
            self.check_text_scene_refs(declared)
            self.check_labels(scenes)
        for scene in scenes.values():
            for choice in scene.choices:
                if choice.then and choice.then not in declared and scenes_complete:
                    close = self.close_match(choice.then, declared)
                    self.error(
                        self.target_locs.get(choice.key + ".then", choice.loc),
                        E.E_UNKNOWN_TARGET,
                        f"choice '{choice.id}' comes back to unknown scene '{choice.then}'",
                        f"did you mean '{close}'?" if close else "use the id of a scene in this world",
                    )
                if choice.target not in declared and scenes_complete:
                    close = self.close_match(choice.target, declared)
                    hint = f"did you mean '{close}'?" if close else "use the id of a scene in this world"
                    self.error(
                        self.target_locs.get(choice.key, choice.loc),
                        E.E_UNKNOWN_TARGET,
                        f"choice '{choice.id}' leads to unknown scene '{choice.target}'",
                        hint,
                    )

        identity, start, status = (
            self.header(world_map, variables, declared, scenes_complete) if world_map is not None else ({}, "", ())
        )
        if "world.yaml" in self.unreadable:
            # Without the declarations every variable looks undeclared: report the real fault only.
            self.diagnostics = [d for d in self.diagnostics if d.code != E.E_UNDECLARED]
        if not declared and scenes_complete:
            self.error(
                self.file_loc("scenes"),
                E.E_START,
                "the world has no scenes",
                "add scenes/<name>.yaml with at least the start scene",
            )

        if self.diagnostics:
            raise WorldError(self.diagnostics)
        labels = frozenset().union(*(labels for labels, _node, _in_text in self.label_refs))
        return self.world(identity, start, status, variables, MappingProxyType(scenes), labels)

    def world(
        self,
        identity: dict[str, str],
        start: str,
        status: tuple[str, ...],
        variables: dict[str, Variable],
        scenes: Mapping[str, Scene],
        labels: frozenset[str],
    ) -> World:
        return World(
            id=identity["id"],
            title=identity["title"],
            version=identity["version"] or "0",
            start=start,
            variables=MappingProxyType(variables),
            status=status,
            scenes=scenes,
            content_hash=self.digest.hexdigest(),
            path=self.root,
            author=identity["author"],
            description=identity["description"],
            files=tuple(self.files),
            labels=labels,
        )

    def header(
        self, world_map: YMap, variables: dict[str, Variable], declared: dict[str, Location], scenes_complete: bool
    ) -> tuple[dict[str, str], str, tuple[str, ...]]:
        """world.yaml's identity (id, title, version, author, description), start scene and status."""
        identity: dict[str, str] = {}
        self.keys(world_map, WORLD_KEYS, WORLD_REQUIRED, "world.yaml")
        # None: missing (keys() said so) or not text (text() said so); an empty id is invalid too.
        world_id = self.text(world_map, "id", "world.yaml")
        identity["id"] = world_id or ""
        for key in ("version", "author", "description"):
            identity[key] = self.text(world_map, key, "world.yaml", "") or ""
        identity["title"] = self.title(world_map, "the world")
        if world_id is not None and not ID.match(world_id):
            self.error(
                world_map.entries["id"][1].loc,
                E.E_BAD_ID,
                f"world id '{identity['id']}' is not valid",
                "use lowercase letters, digits and _",
            )
        start = self.start(world_map, declared, scenes_complete)
        status = self.status(world_map, variables)
        return identity, start, status

    def start(self, world_map: YMap, declared: dict[str, Location], scenes_complete: bool) -> str:
        """world.yaml's `start:`, the id of a declared scene; "" (and one error) otherwise."""
        entry = world_map.entries.get("start")
        if entry is None:
            return ""  # keys() said it is missing
        node = entry[1]
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            self.not_text(node, "'start' of world.yaml")  # a plain yes/on: say how to quote it
            return ""
        example = f"for example: start: {next(iter(declared), 'harbour')}"
        if isinstance(node, YScalar) and node.value in (None, ""):
            self.error(node.loc, E.E_START, "'start' of world.yaml is empty", f"name the first scene, {example}")
            return ""
        if not isinstance(node, YScalar):
            hint = _unbracketed(node, "start") or example
            self.error(node.loc, E.E_START, f"'start' must name one scene, not {_describe(node)}", hint)
            return ""
        start = str(node.value)
        if start not in declared and scenes_complete and declared:  # no scenes at all is said once, as that
            close = self.close_match(start, declared)
            hint = f"did you mean '{close}'?" if close else "name a scene defined under scenes/"
            self.error(node.loc, E.E_START, f"start scene '{start}' does not exist", hint)
        return start

    def scene_files(self) -> list[str]:
        folder = self.root / "scenes"
        if not folder.is_dir():
            self.error(
                self.file_loc("scenes"), E.E_READ, "no scenes/ folder", "create scenes/ and put .yaml files in it"
            )
            self.unreadable.add("scenes/")  # the one fault: the start scene is not missing as well
            return []
        try:
            if not folder.resolve().is_relative_to(self.root.resolve()):
                self.error(
                    self.file_loc("scenes"),
                    E.E_READ,
                    "the scenes folder links to a place outside the world folder",
                    "replace the link with the folder itself",
                )
                self.unreadable.add("scenes/")  # its scenes are unknown, not missing
                return []
            names = sorted(p.name for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
            undecodable = [name for name in names if has_undecodable(name)]
        except (OSError, RuntimeError) as exc:
            self.error(
                self.file_loc("scenes"),
                E.E_READ,
                f"cannot read the scenes folder: {getattr(exc, 'strerror', None) or exc}",
                "check that it exists and is readable",
            )
            self.unreadable.add("scenes/")
            return []
        if len(names) > MAX_FILES:
            self.error(
                self.file_loc("scenes"),
                E.E_LIMIT,
                f"{len(names):,} scene files is too many",
                f"a world may have at most {MAX_FILES:,} files",
            )
            names = names[:MAX_FILES]
        for name in undecodable:
            # Saves record the world's file names in its hash, so a name must be text.
            self.error(
                self.file_loc(f"scenes/{name}"),
                E.E_READ,
                "the file name is not valid UTF-8",
                "rename the file using letters, digits, - and _",
            )
            self.unreadable.add(f"scenes/{name}")  # its scenes are unknown, not missing
        return [f"scenes/{name}" for name in names if name not in undecodable]

    def variables(self, world_map: YMap) -> dict[str, Variable]:
        entry = world_map.entries.get("variables")
        if entry is None:
            return {}
        node = self.mapping(entry[1], "variables", entry[0], "write each as name: {initial: ...}, without '- '")
        if node is None:
            return {}
        result: dict[str, Variable] = {}
        if len(node.entries) > MAX_VARIABLES:
            self.error(
                node.loc,
                E.E_LIMIT,
                f"{len(node.entries):,} variables is too many",
                f"a world may declare at most {MAX_VARIABLES:,}",
            )
            self.broken_variables.update(node.entries)
            return {}
        for name, (key_loc, spec_node) in node.entries.items():
            if not VARIABLE_NAME.match(name) or name in RESERVED:
                self.broken_variables.add(name)
                self.error(
                    key_loc,
                    E.E_BAD_ID,
                    f"'{name}' cannot name a variable",
                    "use lowercase letters, digits and _, starting with a letter, and not a keyword",
                )
                continue
            spec = self.mapping(spec_node, f"variable '{name}'", key_loc, _spec_hint(name, spec_node))
            if spec is None:
                self.broken_variables.add(name)
                continue
            self.keys(spec, VARIABLE_KEYS, VARIABLE_REQUIRED, f"variable '{name}'")
            initial_node = spec.entries.get("initial", (key_loc, None))[1]
            if (
                not isinstance(initial_node, YScalar)
                or initial_node.value is None
                or isinstance(initial_node.value, float)
            ):
                if initial_node is not None:
                    self.error(
                        initial_node.loc,
                        E.E_VARIABLE,
                        f"initial value of '{name}' must be a whole number, true/false or text",
                        "for example: initial: 5",
                    )
                self.broken_variables.add(name)
                continue
            initial = initial_node.value
            assert isinstance(initial, (int, bool, str))
            kind = type_name(initial)
            bounds: dict[str, int | None] = {"min": None, "max": None}
            for key in ("min", "max"):
                bound = spec.entries.get(key)
                if bound is None:
                    continue
                value = bound[1]
                if kind != "number":
                    self.error(
                        bound[0],
                        E.E_VARIABLE,
                        f"'{key}' is only for numbers, and '{name}' is {kind}",
                        f"remove '{key}'",
                    )
                elif isinstance(value, YScalar) and isinstance(value.value, int) and not isinstance(value.value, bool):
                    bounds[key] = value.value
                else:
                    self.error(
                        value.loc,
                        E.E_VARIABLE,
                        f"'{key}' of '{name}' must be a whole number",
                        f"for example: {key}: 10",
                    )
            low, high = bounds["min"], bounds["max"]
            if low is not None and high is not None and low > high:
                self.error(key_loc, E.E_VARIABLE, f"'{name}' has min {low} above max {high}", "swap them")
            elif (
                kind == "number"
                and isinstance(initial, int)
                and ((low is not None and initial < low) or (high is not None and initial > high))
            ):
                # A bound left out is not shown ("outside 0..None" said nothing true).
                limit = f"below its min {low}" if low is not None and initial < low else f"above its max {high}"
                self.error(
                    initial_node.loc,
                    E.E_VARIABLE,
                    f"initial value {initial} of '{name}' is {limit}",
                    "change the initial value or the bounds",
                )
            label = self.text(spec, "label", f"variable '{name}'", name) or name
            words = self.bands(spec, name, kind, low, high)
            result[name] = Variable(name, kind, initial, low, high, label, key_loc, words)
            if words:
                self.words[name] = words
        return result

    def status(self, world_map: YMap, variables: dict[str, Variable]) -> tuple[str, ...]:
        entry = world_map.entries.get("status")
        if entry is None:
            return tuple(name for name, var in variables.items() if var.type == "number")[:4]
        node = entry[1]
        if not isinstance(node, YSeq):
            self.error(node.loc, E.E_SHAPE, "status must be a list of variable names", "for example: [air, hope]")
            return ()
        names: list[str] = []
        for item in node.items:
            if not isinstance(item, YScalar) or not isinstance(item.value, str) or item.value not in variables:
                shown = item.value if isinstance(item, YScalar) else _describe(item)
                close = self.close_match(str(shown), variables)
                self.error(
                    item.loc,
                    E.E_UNDECLARED,
                    f"status names undeclared variable '{shown}'",
                    f"did you mean '{close}'?" if close else "declare it under variables:",
                )
                continue
            names.append(item.value)
        return tuple(names)

    # --- scenes ------------------------------------------------------------------------------------

    def scene(
        self, scene_id: str, key_loc: Location, node: YNode, types: dict[str, Type], exists: Callable[[str], bool]
    ) -> Scene | None:
        what = f"scene '{scene_id}'"
        scene_map = self.mapping(node, what, key_loc)
        if scene_map is None:
            return None
        meant = self.keys(scene_map, SCENE_KEYS, SCENE_REQUIRED, what)
        title = self.title(scene_map, what)
        text, body, blocks = self.scene_text(scene_map, scene_id, what, types)

        variants: list[Variant] = []
        variants_entry = scene_map.entries.get("variants")
        if variants_entry is not None and blocks:
            self.error(
                variants_entry[0],
                E.E_SHAPE,
                f"{what} writes its text as a list of blocks and also has variants",
                "give the blocks their own 'if:' instead of variants",
            )
        elif variants_entry is not None:
            for index, item in enumerate(self.items(variants_entry[1], "variants")):
                variant = self.variant(item, f"{scene_id}.variant{index}", what, types, exists)
                if variant is not None:
                    variants.append(variant)

        choices: list[Choice] = []
        choices_entry = scene_map.entries.get("choices")
        seen: dict[str, Location] = {}
        if choices_entry is not None:
            for item in self.items(choices_entry[1], "choices"):
                choice = self.choice(item, scene_id, types, exists)
                if choice is None:
                    continue
                if choice.id in seen:
                    self.error(
                        choice.loc,
                        E.E_DUPLICATE_CHOICE,
                        f"choice id '{choice.id}' appears twice in scene '{scene_id}' (first at line "
                        f"{seen[choice.id].line})",
                        "give each choice in a scene its own id",
                    )
                    continue
                seen[choice.id] = choice.loc
                choices.append(choice)
        next_entry = scene_map.entries.get("next")
        if next_entry is not None:
            beat = self.beat(scene_id, next_entry[1], choices_entry is not None)
            if beat is not None:
                choices.append(beat)

        ending: Ending | None = None
        ending_entry = scene_map.entries.get("ending")
        if ending_entry is not None:
            ending_map = self.mapping(
                ending_entry[1], f"the ending of {what}", ending_entry[0], _ending_hint(ending_entry[1])
            )
            if ending_map is not None:
                self.keys(ending_map, ENDING_KEYS, ENDING_REQUIRED, f"the ending of {what}")
                ending = Ending(
                    self.title(ending_map, f"the ending of {what}"),
                    self.text(ending_map, "kind", "the ending", "ending") or "ending",
                )
            if choices_entry is not None and choices:
                self.error(
                    choices_entry[0],
                    E.E_ENDING_CHOICES,
                    f"{what} is an ending but has choices",
                    "remove the choices, or remove 'ending:' so the story goes on",
                )
            elif next_entry is not None:  # an ending has no way on: its Continue would never be offered
                self.error(
                    next_entry[0],
                    E.E_ENDING_CHOICES,
                    f"{what} is an ending but has 'next:'",
                    "remove 'next:', or remove 'ending:' so the story goes on",
                )
        else:
            written = choices_entry[1] if choices_entry is not None else None
            # Choices that are not a list, or a way on misspelt (`choice:`, `nxt:`), are said once, there.
            said = (written is not None and not isinstance(written, YSeq)) or bool(
                meant & {"choices", "next", "ending"}
            )
            if not (isinstance(written, YSeq) and written.items) and next_entry is None and not said:
                self.error(
                    key_loc,
                    E.E_NO_CHOICES,
                    f"{what} has no choices and is not an ending",
                    "add choices, 'next: <scene>', or 'ending: {title: ..., kind: ...}'",
                )
        on_enter: list[Action] = []
        on_enter_entry = scene_map.entries.get("on_enter")
        if on_enter_entry is not None:
            on_enter = self.program(on_enter_entry[1], f"{scene_id}.on_enter", types, exists) or []
        return Scene(
            scene_id,
            title,
            text,
            tuple(variants),
            tuple(choices),
            ending,
            key_loc,
            body=body,
            blocks=blocks,
            tags=self.tags(scene_map, what),
            on_enter=tuple(on_enter),
        )

    def items(self, node: YNode, what: str) -> list[YNode]:
        if isinstance(node, YSeq):
            return node.items
        self.error(
            node.loc,
            E.E_SHAPE,
            f"'{what}' must be a list, not {_describe(node)}",
            f"write each of the {what} on a line starting with '- '",
        )
        return []

    def note_scene_refs(self, compiled: Compiled, source: YScalar) -> None:
        """visited()/visits() may name scenes of files not read yet: checked once all are read."""
        if compiled.scenes:
            self.scene_refs.append((compiled.scenes, source))

    def check_scene_refs(self, declared: dict[str, Location]) -> None:
        for names, source in self.scene_refs:
            # Each name looked up on its own: `names - declared.keys()` copies every declared id
            # into a set per reference, quadratic in the world's size.
            missing = sorted(name for name in names if name not in declared)
            text = str(source.value)
            for name in missing:
                offset, function = _scene_call(text, name)
                self.expr_error(
                    source,
                    ExprError(
                        offset,
                        f"{function}() names unknown scene '{name}'",
                        "use the id of a scene in this world",
                        "unknown_scene",
                    ),
                )

    def condition(
        self, node: YNode, site: str, types: dict[str, Type], exists: Callable[[str], bool]
    ) -> Compiled | None:
        source = self.expression_source(node, "a condition")
        if source is None or not self.spend_expression(source, self.shared_conditions):
            return None
        text = str(source.value)
        compiled = self.shared_conditions.get(text)
        if compiled is None:
            try:
                compiled = compile_condition(text, types, exists, site)
            except ExprError as exc:
                self.expr_error(source, exc)
                return None
            if not compiled.uses_chance:  # chance() draws depend on the site: never shared
                self.shared_conditions[text] = compiled
        self.note_scene_refs(compiled, source)
        if compiled.labels:
            self.label_refs.append((compiled.labels, source, False))
        return compiled

    def variant(
        self, node: YNode, site: str, what: str, types: dict[str, Type], exists: Callable[[str], bool]
    ) -> Variant | None:
        variant_map = self.mapping(node, f"a variant of {what}", node.loc)
        if variant_map is None:
            return None
        self.keys(variant_map, VARIANT_KEYS, VARIANT_REQUIRED, f"a variant of {what}")
        text_entry = variant_map.entries.get("text")
        body = self.inline(text_entry[1], site, f"a variant of {what}", types) if text_entry else None
        text = body.source if body is not None else ""
        replace = self.flag(variant_map, "replace", f"a variant of {what}")
        if_entry = variant_map.entries.get("if")
        if if_entry is None:
            return None
        condition = self.condition(if_entry[1], site, types, exists)
        if condition is None:
            return None
        if body is None:
            return None
        return Variant(condition, text, replace, variant_map.loc, body)

    def choice(
        self, node: YNode, scene_id: str, types: dict[str, Type], exists: Callable[[str], bool]
    ) -> Choice | None:
        choice_map = self.mapping(node, f"a choice of scene '{scene_id}'", node.loc)
        if choice_map is None:
            return None
        what = f"a choice of scene '{scene_id}'"
        returns = self.flag(choice_map, "return", what)
        required = tuple(key for key in CHOICE_REQUIRED if key != "to") if returns else CHOICE_REQUIRED
        self.keys(choice_map, CHOICE_KEYS, required, what)
        choice_id = self.text(choice_map, "id", what, "") or ""
        if choice_id and not ID.match(choice_id):
            self.error(
                choice_map.entries["id"][1].loc,
                E.E_BAD_ID,
                f"choice id '{choice_id}' is not a valid id",
                "use lowercase letters, digits and _ (at most 64)",
            )
        site = f"{scene_id}.{choice_id}"
        text_entry = choice_map.entries.get("text")
        body = self.inline(text_entry[1], f"{site}.text", what, types) if text_entry else None
        # What tools that show a choice without a run see: the words when nothing in them varies.
        text = (plain(body.static) if body.static is not None else body.source) if body is not None else ""
        reply_entry = choice_map.entries.get("reply")
        reply = self.inline(reply_entry[1], f"{site}.reply", what, types) if reply_entry else None
        target = self.text(choice_map, "to", what, "") or ""
        once = self.flag(choice_map, "once", what)
        if "to" in choice_map.entries:
            self.target_locs[f"{scene_id}.{choice_id}"] = choice_map.entries["to"][1].loc
        resume = self.text(choice_map, "then", what, "") or ""  # `then:` makes it a call
        if "then" in choice_map.entries:
            self.target_locs[f"{scene_id}.{choice_id}.then"] = choice_map.entries["then"][1].loc
        if returns:
            clash = next((key for key in ("to", "then") if key in choice_map.entries), None)
            if clash is not None:
                self.error(
                    choice_map.entries[clash][0],
                    E.E_SHAPE,
                    f"a choice with 'return: true' goes back where its sub-scene was called: it takes no '{clash}:'",
                    f"remove '{clash}:'",
                )
            # A return's target in the model is its own scene: where it really goes is the top of
            # the run's call stack (tools that follow `target` see a loop; docs/world-format.md).
            target = scene_id
        condition: Compiled | None = None
        ok = bool(choice_id) and bool(target) and (text_entry is None or body is not None)
        ok = ok and (reply_entry is None or reply is not None)
        if_entry = choice_map.entries.get("if")
        if if_entry is not None:
            condition = self.condition(if_entry[1], site + ".if", types, exists)
            ok = ok and condition is not None
        actions: list[Action] = []
        do_entry = choice_map.entries.get("do")
        if do_entry is not None:
            program = self.program(do_entry[1], f"{site}.do", types, exists)
            ok = ok and program is not None
            actions = program or []
        after: list[Action] = []
        after_entry = choice_map.entries.get("after")
        if after_entry is not None:
            program = self.program(after_entry[1], f"{site}.after", types, exists)
            ok = ok and program is not None
            after = program or []
        if not ok:
            return None
        conditional = any(isinstance(action, When) for action in actions)
        return Choice(
            choice_id,
            text,
            target,
            condition,
            flat_effects(tuple(actions)),
            once,
            choice_map.loc,
            scene_id,
            body=body,
            reply=reply,
            tags=self.tags(choice_map, what),
            fallback=self.flag(choice_map, "fallback", what),
            program=tuple(actions) if conditional else (),
            after=tuple(after),
            then=resume,
            returns=returns,
        )

    # --- inline text, effects programs, tags, beats, word bands (docs/world-format.md) -------------

    def text_location(self, node: YScalar, offset: int) -> Location:
        """Where character `offset` of a text's value is in its file (the text's start if unknown)."""
        if node.raw is not None:
            found = source_position(str(node.value), node.raw, node.style, node.loc.line, node.loc.column, offset)
            if found is not None:
                return Location(node.loc.file, found[0], found[1])
        return node.loc

    def text_locations(self, node: YScalar, offsets: tuple[int, ...]) -> list[Location]:
        """text_location for several offsets of one text, in one walk of it."""
        if node.raw is None:
            return [node.loc] * len(offsets)
        found = source_positions(str(node.value), node.raw, node.style, node.loc.line, node.loc.column, offsets)
        return [Location(node.loc.file, at[0], at[1]) if at is not None else node.loc for at in found]

    def inline(self, node: YNode, site: str, what: str, types: dict[str, Type]) -> Text | None:
        """Compile a text that may hold inline constructs; errors point inside it."""
        if not (
            isinstance(node, YScalar) and isinstance(node.value, (str, int, float)) and not isinstance(node.value, bool)
        ):
            self.not_text(node, f"a text of {what}")
            return None
        value = str(node.value)
        if node.raw is None and "\\" not in value and "*" not in value:
            return Text(value, value, None)  # no braces, escapes or stars: the common case, kept cheap
        try:
            text = compile_text(value, types, self.words, _any_scene, site)
        except TextError as exc:
            self.error(self.text_location(node, exc.offset), _EXPR_CODES[exc.kind], exc.message, exc.hint)
            return None
        if text.scenes:
            self.text_scene_refs.append((text, node))
        labels = frozenset().union(*(inline.condition.labels for inline in text.conditions))
        if labels:
            self.label_refs.append((labels, node, True))
        if text.fragments:  # its conditions, {if}s and alternatives located once (one walk), for lint and tools
            conditions, fragments = text.conditions, text.fragments
            places = self.text_locations(node, tuple(c.offset for c in conditions) + tuple(f.offset for f in fragments))
            text = replace(
                text,
                conditions=tuple(replace(c, loc=at) for c, at in zip(conditions, places, strict=False)),
                fragments=tuple(replace(f, loc=at) for f, at in zip(fragments, places[len(conditions) :], strict=True)),
            )
        return text

    def check_labels(self, scenes: dict[str, Scene]) -> None:
        """Every taken("scene.choice") names a choice of the world."""
        for labels, node, in_text in self.label_refs:
            for label in sorted(labels):
                scene_id, _, choice_id = label.partition(".")
                scene = scenes.get(scene_id)
                if scene is not None and scene.choice(choice_id) is not None:
                    continue
                message = f"taken() names unknown choice '{label}'"
                if scene is None:
                    hint = 'write taken("scene_id.choice_id")'
                elif scene.choices:
                    hint = f"scene '{scene_id}' has choices: {', '.join(c.id for c in scene.choices)}"
                else:
                    hint = f"scene '{scene_id}' has no choices"
                offset = max(str(node.value).find(label), 0)
                if in_text:
                    self.error(self.text_location(node, offset), E.E_UNKNOWN_SCENE_REF, message, hint)
                else:
                    self.expr_error(node, ExprError(offset, message, hint, "unknown_scene"))

    def check_text_scene_refs(self, declared: dict[str, Location]) -> None:
        for text, node in self.text_scene_refs:
            for name in sorted(text.scenes - declared.keys()):
                offset, function = _scene_call(str(node.value), name)
                self.error(
                    self.text_location(node, offset),
                    E.E_UNKNOWN_SCENE_REF,
                    f"{function}() names unknown scene '{name}'",
                    "use the id of a scene in this world",
                )

    def scene_text(
        self, scene_map: YMap, scene_id: str, what: str, types: dict[str, Type]
    ) -> tuple[str, Text | None, tuple[Block, ...]]:
        """`text:` as one text, or as a list of blocks each with an optional `if:`."""
        entry = scene_map.entries.get("text")
        if entry is None:
            return "", None, ()
        node = entry[1]
        if not isinstance(node, YSeq):
            body = self.inline(node, f"{scene_id}.text", what, types)
            return (body.source if body is not None else ""), body, ()
        blocks: list[Block] = []
        for index, item in enumerate(node.items):
            site = f"{scene_id}.text{index}"
            condition: Compiled | None = None
            text_node: YNode | None = item
            if isinstance(item, YMap):
                self.keys(item, BLOCK_KEYS, BLOCK_REQUIRED, f"a text block of {what}")
                if_entry = item.entries.get("if")
                if if_entry is not None:
                    condition = self.condition(if_entry[1], site + ".if", types, _any_scene)
                    if condition is None:
                        continue
                text_node = item.entries["text"][1] if "text" in item.entries else None
            if text_node is None:
                continue
            body = self.inline(text_node, site, f"a text block of {what}", types)
            if body is not None:
                blocks.append(Block(condition, body, item.loc))
        return "\n\n".join(block.body.source for block in blocks), None, tuple(blocks)

    def effect(self, item: YNode, site: str, types: dict[str, Type], exists: Callable[[str], bool]) -> Effect | None:
        if not isinstance(item, YScalar) or not isinstance(item.value, str):
            self.error(
                item.loc,
                E.E_EXPR_SYNTAX,
                f"an effect must be text like 'hope += 1' or a mapping with 'if:', not {_describe(item)}",
                "write do: [hope += 1, met = true] or do: [{if: hope > 3, do: [met = true]}]",
            )
            return None
        if not self.spend_expression(item, self.shared_effects):
            return None
        effect = self.shared_effects.get(item.value)
        if effect is None:
            try:
                effect = compile_effect(item.value, types, exists, site)
            except ExprError as exc:
                self.expr_error(item, exc)
                return None
            if not effect.value.uses_chance:
                self.shared_effects[item.value] = effect
        self.note_scene_refs(effect.value, item)
        if effect.value.labels:
            self.label_refs.append((effect.value.labels, item, False))
        return effect

    def program(
        self, node: YNode, site: str, types: dict[str, Type], exists: Callable[[str], bool]
    ) -> list[Action] | None:
        """Effects in order, any of them `{if: cond, do: [...], else: [...]}`; None after an error."""
        sources = node.items if isinstance(node, YSeq) else [node]
        actions: list[Action] = []
        ok = True
        for index, item in enumerate(sources):
            action: Action | None
            if isinstance(item, YMap):
                action = self.when(item, f"{site}{index}", types, exists)
            else:
                action = self.effect(item, f"{site}{index}", types, exists)
            if action is None:
                ok = False
            else:
                actions.append(action)
        return actions if ok else None

    def when(self, node: YMap, site: str, types: dict[str, Type], exists: Callable[[str], bool]) -> When | None:
        self.keys(node, WHEN_KEYS, WHEN_REQUIRED, "a conditional effect")
        if "if" not in node.entries or "do" not in node.entries:
            return None
        condition = self.condition(node.entries["if"][1], site + ".if", types, exists)
        then = self.program(node.entries["do"][1], site + ".then", types, exists)
        otherwise: list[Action] | None = []
        if "else" in node.entries:
            otherwise = self.program(node.entries["else"][1], site + ".else", types, exists)
        if condition is None or then is None or otherwise is None:
            return None
        return When(condition, tuple(then), tuple(otherwise), node.loc)

    def tags(self, node: YMap, what: str) -> tuple[str, ...]:
        entry = node.entries.get("tags")
        if entry is None:
            return ()
        items = entry[1].items if isinstance(entry[1], YSeq) else [entry[1]]
        found: list[str] = []
        for item in items:
            if isinstance(item, YScalar) and isinstance(item.value, str) and item.value:
                found.append(item.value)
            else:
                self.error(item.loc, E.E_SHAPE, f"a tag of {what} must be text", "for example: tags: [calm, micah]")
        return tuple(found)

    def beat(self, scene_id: str, node: YNode, has_choices: bool) -> Choice | None:
        """`next: scene`: a beat, continued with one choice, 'Continue', whose id saves record."""
        if has_choices:
            self.error(
                node.loc,
                E.E_SHAPE,
                f"scene '{scene_id}' has both choices and 'next:'",
                "a beat ('next:') offers only Continue: remove one of them",
            )
            return None
        if not (isinstance(node, YScalar) and isinstance(node.value, str) and node.value):
            hint = _unbracketed(node, "next") or "for example: next: harbour"
            self.error(node.loc, E.E_SHAPE, "'next:' names the scene that follows", hint)
            return None
        self.target_locs[f"{scene_id}.{BEAT_CHOICE}"] = node.loc
        return Choice(BEAT_CHOICE, "Continue", node.value, None, (), False, node.loc, scene_id)

    def bands(self, spec: YMap, name: str, kind: Type, low: int | None, high: int | None) -> tuple[Band, ...]:
        """`words: {0-2: fraying, 3-6: steady}`: non-overlapping ranges, covering min..max."""
        entry = spec.entries.get("words")
        if entry is None:
            return ()
        if kind != "number":
            self.error(entry[0], E.E_VARIABLE, f"'words' is only for numbers, and '{name}' is {kind}", "remove it")
            return ()
        node = self.mapping(entry[1], f"the words of '{name}'", entry[0])
        if node is None:
            return ()
        bands: list[tuple[Band, Location]] = []
        for key, (key_loc, value) in node.entries.items():
            found = BAND.match(key)
            word = value.value if isinstance(value, YScalar) else None
            if found is None or not isinstance(word, str) or not word:
                self.error(
                    key_loc,
                    E.E_VARIABLE,
                    f"'{key}: ...' is not a band of words",
                    "write LOW-HIGH: word (or N: word), e.g. 0-2: fraying",
                )
                continue
            first, last = int(found.group(1)), int(found.group(2) or found.group(1))
            if first > last:
                self.error(key_loc, E.E_VARIABLE, f"band {key} runs backwards", f"write {last}-{first}")
                continue
            bands.append((Band(first, last, word), key_loc))
        bands.sort(key=lambda pair: pair[0].low)
        for (before, _), (band, loc) in zip(bands, bands[1:], strict=False):
            if band.low <= before.high:
                self.error(
                    loc,
                    E.E_VARIABLE,
                    f"band {band.low}-{band.high} overlaps {before.low}-{before.high}",
                    "make the bands meet without overlapping",
                )
                return ()
        if bands and low is not None and high is not None:
            reach = low
            for band, _where in bands:
                if band.low > reach and reach <= high:
                    self.error(entry[0], E.E_VARIABLE, f"no word for {name} = {reach}", f"add a band covering {reach}")
                    return ()
                reach = max(reach, band.high + 1)
            if reach <= high:
                self.error(entry[0], E.E_VARIABLE, f"no word for {name} = {high}", f"add a band covering {high}")
                return ()
        return tuple(band for band, _ in bands)
