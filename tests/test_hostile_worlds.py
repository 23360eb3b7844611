"""Hostile worlds: each is refused with a clear, located error (or handled), within a memory bound or
an operation bound the test sets and checks (never a wall-clock limit: tests/bounds.py says why).

The bombs are loaded in a fresh process that measures itself: memory as the process's peak
resident size (VmHWM, which counts the C parser's memory too) and its growth during the load, and
CPU time for the tests that compare a bomb with a baseline world of the same size. Each load runs
in its own fork of one server process that has imported the loader once (a fresh interpreter for
each of some twenty loads cost more than most of them): the fork starts as a process that has just
imported the loader, its peak reset to that (Linux's /proc/self/clear_refs). It also runs under a
2 GB address-space limit and a timeout, so a regression fails the test instead of taking the machine
down. The cheap cases are measured in this process with tracemalloc.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from game.world import World, WorldError, load_world
from game.world import errors as E
from game.world.loader import MAX_EXPRESSION_CHARS, MAX_FILE_BYTES, MAX_SCENES, MAX_WORLD_BYTES
from game.world.yamlsafe import MAX_VALUES
from tests.bounds import peak_mb

WORLD = "id: hostile\ntitle: Hostile\nstart: dawn\nvariables:\n  hope: {initial: 3, min: 0, max: 5}\n"
SCENES = "dawn:\n  title: Dawn\n  text: Light.\n  ending: {title: End}\n"

SERVER = r"""
import json, os, resource, sys, time
from game.world import WorldError, load_world  # once: each load below runs in a fork of this process

def peak_kb():
    # VmHWM: this process's own peak (ru_maxrss can carry the parent's over fork and exec).
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

def measure(root):
    limit = 2 * 1024**3  # a runaway fails with MemoryError here instead of taking the machine down
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # the peak so far (the server's) reset to what this fork holds now
    except OSError:
        pass  # not Linux: the server's peak is inherited, and it is only the imports'
    base = peak_kb()
    start = time.process_time()
    try:
        world = load_world(root)
        result = {"scenes": len(world.scenes), "codes": [], "messages": []}
    except WorldError as error:
        result = {"scenes": 0, "codes": [d.code for d in error.diagnostics],
                  "messages": [str(d) for d in error.diagnostics[:5]]}
    result["cpu"] = time.process_time() - start  # CPU seconds: only ever compared with a baseline's
    peak = peak_kb()
    result["peak_mb"] = peak / 1024
    result["grew_mb"] = (peak - base) / 1024
    return result

for line in sys.stdin:
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read)
        try:
            out = json.dumps(measure(json.loads(line)))
        except BaseException as error:
            out = json.dumps({"failed": repr(error)})
        os.write(write, out.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        out = pipe.read().decode()
    _, status = os.waitpid(child, 0)
    print(out or json.dumps({"failed": f"the load's process ended with status {status}"}), flush=True)
"""


class Server:
    """The process that forks one child for each world measured (see the module's docstring)."""

    process: subprocess.Popen[str] | None = None

    @classmethod
    def load(cls, root: Path, timeout: float) -> str:
        if cls.process is None or cls.process.poll() is not None:
            cls.process = subprocess.Popen(
                [sys.executable, "-c", SERVER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                start_new_session=True,  # its forks are in its group: stopped with it
            )
        process = cls.process
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps(str(root)) + "\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        if not ready:  # hung (a blocking read, an endless loop): stop it and its fork
            cls.stop()
            raise AssertionError(f"loading {root} did not finish within its {timeout} s timeout")
        return process.stdout.readline()

    @classmethod
    def stop(cls) -> None:
        if cls.process is not None:
            if cls.process.poll() is None:
                os.killpg(cls.process.pid, signal.SIGKILL)
            cls.process.wait()
            for stream in (cls.process.stdin, cls.process.stdout):
                if stream is not None:
                    stream.close()
            cls.process = None


@pytest.fixture(scope="module", autouse=True)
def _server() -> Iterator[None]:
    yield
    Server.stop()


def measure(root: Path, timeout: float = 120) -> dict[str, Any]:
    """Load a world in a fresh process (a fork of the server); its result, CPU time and peak memory (MB)."""
    result = dict(json.loads(Server.load(root, timeout)))
    assert "failed" not in result, result["failed"]
    # Shown with `pytest -s`: the figures docs/security.md quotes.
    print(
        f"\nMEASURED {os.environ.get('PYTEST_CURRENT_TEST', '?').split(' ')[0]}: "
        f"{result['cpu']:.3f} s CPU, peak {result['peak_mb']:.0f} MB, codes {sorted(set(result['codes']))}"
    )
    return result


def make_world(root: Path, world: str | bytes = WORLD, scenes: dict[str, str | bytes] | None = None) -> Path:
    (root / "scenes").mkdir(parents=True, exist_ok=True)
    files = {"main.yaml": SCENES} if scenes is None else scenes
    for name, content in {"world.yaml": world, **{f"scenes/{k}": v for k, v in files.items()}}.items():
        (root / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def refused(result: Any, code: str, text: str = "") -> WorldError:
    assert isinstance(result, WorldError), f"expected {code}, but the world loaded"
    hits = [d for d in result.diagnostics if d.code == code and text in d.message]
    assert hits, [str(d) for d in result.diagnostics]
    return result


def test_the_base_world_loads(tmp_path: Path) -> None:
    assert isinstance(load_world(make_world(tmp_path)), World)


# --- YAML tags -------------------------------------------------------------------------------------

TAGGED = [
    "title: !!python/object/apply:os.system ['touch {sentinel}']",
    "title: !!python/object/new:os.system ['touch {sentinel}']",
    "title: !!python/object:os.system {{}}",
    "title: !!python/name:os.system",
    "title: !!python/module:os",
    "title: !<tag:yaml.org,2002:python/object/apply:os.system> ['touch {sentinel}']",
    "title: !foo bar",
    "title: !!binary aGk=",
    "title: !!set {{a, b}}",
    "title: !!omap [a: 1]",
    "title: !!str text",
    "%TAG !e! tag:yaml.org,2002:python/object/apply:\n---\ntitle: !e!os.system ['touch {sentinel}']",
]


@pytest.mark.parametrize("line", TAGGED)
def test_yaml_tags_are_refused_and_nothing_runs(tmp_path: Path, line: str) -> None:
    sentinel = tmp_path / "ran"
    text = WORLD.replace("title: Hostile", line.format(sentinel=sentinel))
    if line.startswith("%TAG"):  # a directive must open the file
        text = line.format(sentinel=sentinel) + "\n" + WORLD.replace("title: Hostile\n", "")
    root = make_world(tmp_path / "w", text)
    result, peak = peak_mb(lambda: load_world(root))
    error = refused(result, E.E_TAG, "YAML tag")
    tag_line = next(d for d in error.diagnostics if d.code == E.E_TAG).location.line
    assert tag_line == (3 if line.startswith("%TAG") else 2)
    assert not sentinel.exists()
    assert peak < 50


# --- alias and merge bombs -------------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_alias_bomb_is_refused_within_200_mb(tmp_path: Path) -> None:
    bomb = billion_laughs()
    assert len(bomb) < 1000  # 9**9 = 387 million strings when expanded
    root = make_world(tmp_path, WORLD + bomb.replace("\n", "\n", 1))
    result = measure(root)
    assert result["codes"] == [E.E_ALIAS], result
    assert "anchor &a is not allowed" in result["messages"][0] and ":6:4:" in result["messages"][0]
    assert result["peak_mb"] < 200, result


def test_a_merge_key_bomb_is_refused_within_200_mb(tmp_path: Path) -> None:
    # Merges that copy anchored mappings into one another (50 s and 700 MB in safe_load itself) ...
    lines = ["m0: &m0 {a: 1, b: 2, c: 3, d: 4}"]
    for level in range(1, 30):
        lines.append(f"m{level}: &m{level} {{<<: [*m{level - 1}, *m{level - 1}], k{level}: {level}}}")
    root = make_world(tmp_path / "aliased", WORLD, {"main.yaml": SCENES + "\n".join(lines) + "\n"})
    result = measure(root)
    assert result["codes"] == [E.E_ALIAS], result
    assert result["peak_mb"] < 200, result
    # ... and a merge key with no alias at all: refused as a merge key, where it is written.
    nested = "x: " + "{<<: " * 60 + "{a: 1}" + "}" * 60 + "\n"
    root = make_world(tmp_path / "plain", WORLD, {"main.yaml": SCENES + nested})
    result = measure(root)
    assert result["codes"] == [E.E_ALIAS] and "merge keys (<<)" in result["messages"][0], result
    assert ":5:5:" in result["messages"][0]
    assert result["peak_mb"] < 200, result


# --- sizes -----------------------------------------------------------------------------------------


def test_a_10_mb_string_is_refused_without_reading_it(tmp_path: Path) -> None:
    root = make_world(tmp_path, WORLD.replace("Hostile", "x" * 10_000_000))
    result = measure(root)
    assert result["codes"] == [E.E_LIMIT] and "too large" in result["messages"][0], result
    assert result["peak_mb"] < 100 and result["grew_mb"] < 5, result  # 10 MB were never read


def test_a_7_mb_string_inside_the_file_limit_is_refused_as_too_long(tmp_path: Path) -> None:
    scene = SCENES.replace("Light.", '"' + "x" * 7_000_000 + '"')
    root = make_world(tmp_path, WORLD, {"main.yaml": scene})
    result = measure(root)
    assert result["codes"] == [E.E_LIMIT], result
    assert "characters is too long" in result["messages"][0] and ":3:9:" in result["messages"][0], result
    assert result["peak_mb"] < 200, result


def test_a_huge_file_is_refused_by_its_size_alone(tmp_path: Path) -> None:
    root = make_world(tmp_path)
    with open(root / "scenes" / "huge.yaml", "wb") as handle:  # sparse: 4 GB on paper, nothing on disk
        handle.truncate(4 * 2**30)
    result = measure(root)
    assert result["codes"] == [E.E_LIMIT] and "4,294,967,296 bytes is too large" in result["messages"][0]
    assert result["peak_mb"] < 100, result


def test_a_world_of_many_large_files_stops_at_the_world_limit(tmp_path: Path) -> None:
    # Five files each just under the file limit: the fifth takes the world past its total.
    chunk = "# " + "x" * 1000 + "\n"
    filler = chunk * ((MAX_FILE_BYTES - 1000) // len(chunk))
    files = {f"f{index}.yaml": filler for index in range(5)}
    root = make_world(tmp_path, WORLD, {"main.yaml": SCENES, **files})
    result = measure(root)
    assert result["codes"] == [E.E_LIMIT], result
    assert f"more than {MAX_WORLD_BYTES // 2**20} MB" in result["messages"][0]
    assert result["peak_mb"] < 250, result


def test_nesting_10000_deep_is_refused(tmp_path: Path) -> None:
    flow = "x: " + "[" * 10_000 + "]" * 10_000 + "\n"
    block = "x:\n  " + "- " * 10_000 + "v\n"  # block lists, one inside the other, on one line
    for name, text in (("flow", flow), ("block", block)):
        root = make_world(tmp_path / name, WORLD, {"main.yaml": SCENES + text})
        result = measure(root)
        assert result["codes"] == [E.E_LIMIT] and "nesting deeper than 64 levels" in result["messages"][0], result
        assert result["peak_mb"] < 200, result


def test_a_base_60_number_bomb_stays_text_and_costs_nothing(tmp_path: Path) -> None:
    # YAML 1.1 reads 1:1:1 as a base-60 integer; 50,000 places took 0.65 s each to convert.
    bombs = "".join(f"bomb{index}: 1{':1' * 49_000}\n" for index in range(40))
    root = make_world(tmp_path / "bomb", WORLD, {"main.yaml": SCENES + bombs})
    result = measure(root)
    assert result["codes"] and set(result["codes"]) == {E.E_SHAPE}, result  # the scenes are not mappings
    assert result["peak_mb"] < 200, result
    # The baseline: the same text quoted, which YAML never reads as a number. Converting the bombs
    # costs hundreds of times more CPU than reading them as text.
    quoted = "".join(f"bomb{index}: '1{':1' * 49_000}'\n" for index in range(40))
    baseline = measure(make_world(tmp_path / "quoted", WORLD, {"main.yaml": SCENES + quoted}))
    assert baseline["codes"] == result["codes"], baseline
    assert result["cpu"] < 20 * baseline["cpu"] + 0.05, (result, baseline)


def test_bytes_that_are_not_utf8_are_refused_at_their_line_and_column(tmp_path: Path) -> None:
    cases: dict[str, bytes] = {
        "latin1": WORLD.replace("Hostile", "Caf\xe9").encode("latin-1"),
        "utf16": WORLD.encode("utf-16"),
        "invalid": WORLD.encode() + b"author: \xff\xfe\xfd\n",
        "overlong": WORLD.encode() + b"author: \xc0\xaf\n",
        "surrogate": WORLD.encode() + b"author: \xed\xa0\x80\n",
    }
    where = {"latin1": (2, 11), "utf16": (1, 1), "invalid": (6, 9), "overlong": (6, 9), "surrogate": (6, 9)}
    for name, data in cases.items():
        root = make_world(tmp_path / name, data)
        result, peak = peak_mb(lambda root=root: load_world(root))
        error = refused(result, E.E_READ, "is not UTF-8")
        location = error.diagnostics[0].location
        assert (location.line, location.column) == where[name], (name, str(error))
        assert location.file.endswith("world.yaml")
        assert peak < 50


def test_nul_and_escape_bytes_in_utf8_are_refused(tmp_path: Path) -> None:
    for name, data in {"nul": b"\x00", "esc": b"\x1b[2J", "c1": "\u009b2J".encode()}.items():
        root = make_world(tmp_path / name, WORLD.encode() + b"author: a" + data + b"\n")
        error = refused(load_world_or_error(root), E.E_CONTROL)
        assert error.diagnostics[0].location.line == 6


def load_world_or_error(root: Path) -> World | WorldError:
    try:
        return load_world(root)
    except WorldError as error:
        return error


# --- links and special files -----------------------------------------------------------------------


def test_a_scene_file_that_links_outside_the_world_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("dawn:\n  title: Stolen\n  text: x\n  ending: {title: E}\n")
    root = make_world(tmp_path / "world", WORLD, {})
    (root / "scenes" / "main.yaml").symlink_to(outside)
    error = refused(load_world_or_error(root), E.E_READ, "links to a place outside the world folder")
    assert error.diagnostics[0].location.file == str(root / "scenes" / "main.yaml")
    assert "Stolen" not in str(error)
    # world.yaml itself, pointing at a system file: refused the same way, its content never read.
    root2 = make_world(tmp_path / "world2")
    (root2 / "world.yaml").unlink()
    (root2 / "world.yaml").symlink_to("/etc/passwd")
    refused(load_world_or_error(root2), E.E_READ, "links to a place outside the world folder")


def test_a_scenes_folder_that_links_outside_the_world_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "main.yaml").write_text(SCENES)
    root = tmp_path / "world"
    root.mkdir()
    (root / "world.yaml").write_text(WORLD)
    (root / "scenes").symlink_to(outside, target_is_directory=True)
    error = refused(load_world_or_error(root), E.E_READ, "scenes folder links to a place outside")
    assert len(error.diagnostics) == 1


def test_a_link_inside_the_world_is_fine(tmp_path: Path) -> None:
    root = make_world(tmp_path, WORLD, {})
    (root / "scenes" / "real.txt").write_text(SCENES)
    (root / "scenes" / "main.yaml").symlink_to(root / "scenes" / "real.txt")
    assert isinstance(load_world(root), World)


def test_a_symlink_loop_and_a_folder_named_yaml_are_refused(tmp_path: Path) -> None:
    root = make_world(tmp_path)
    (root / "scenes" / "a.yaml").symlink_to(root / "scenes" / "b.yaml")
    (root / "scenes" / "b.yaml").symlink_to(root / "scenes" / "a.yaml")
    (root / "scenes" / "dir.yaml").mkdir()
    error = refused(load_world_or_error(root), E.E_READ, "loop")
    assert any("not a regular file" in d.message for d in error.diagnostics), str(error)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (os.mkfifo): run on Linux or macOS")
def test_a_named_pipe_is_refused_instead_of_blocking_forever(tmp_path: Path) -> None:
    root = make_world(tmp_path)
    os.mkfifo(root / "scenes" / "pipe.yaml")
    result = measure(root, timeout=20)  # a blocking read would hit the timeout and fail here
    assert result["codes"] == [E.E_READ] and "not a regular file" in result["messages"][0], result


# --- counts ----------------------------------------------------------------------------------------


def many_scenes(count: int, per_file: int) -> dict[str, str]:
    files: dict[str, str] = {}
    for first in range(0, count, per_file):
        files[f"s{first:06}.yaml"] = "".join(
            f"s{index}:\n  title: Scene {index}\n  text: Text.\n  choices:\n"
            f"    - {{id: go, text: Go on, to: s{(index + 1) % count}, if: hope > 0}}\n"
            for index in range(first, min(count, first + per_file))
        )
    return files


def test_100000_scenes_are_refused_within_300_mb(tmp_path: Path) -> None:
    """Without the caps this world loaded in 30 s and 608 MB (and its Machine took 4 s more). Files are
    read one at a time, so refusal comes as soon as the scenes read pass MAX_SCENES."""
    root = make_world(tmp_path, WORLD.replace("start: dawn", "start: s0"), many_scenes(100_000, 1000))
    result = measure(root)
    assert set(result["codes"]) == {E.E_LIMIT} and len(result["codes"]) <= 2, result  # not one a file
    assert any(f"scenes is too many (a world may hold at most {MAX_SCENES:,}" in m for m in result["messages"])
    assert result["peak_mb"] < 300, result


def test_a_legitimate_world_of_11000_scenes_with_conditions_loads(tmp_path: Path) -> None:
    """Caps are per item: the world-wide expression cap refused any generated world past about 1,010
    scenes, and the world-wide value cap any past about 10,650. Each scene here has its own condition."""
    files: dict[str, str] = {}
    for first in range(0, 11_000, 1000):
        files[f"s{first:06}.yaml"] = "".join(
            f"s{index}:\n  title: Scene {index}\n  text: Text.\n  variants:\n"
            f'    - {{if: visits("s{index}") > 1 and hope < {index % 7}, text: Again.}}\n  choices:\n'
            f"    - {{id: go, text: Go on, to: s{(index + 1) % 11_000}, if: hope > {index % 5} or not lamp}}\n"
            f"    - {{id: wait, text: Wait, to: s{index}, do: [hope -= 1, lamp = true]}}\n"
            for index in range(first, first + 1000)
        )
    world = WORLD.replace("start: dawn", "start: s0") + "  lamp: {initial: false}\n"
    result = measure(make_world(tmp_path, world, files))
    assert result["codes"] == [] and result["scenes"] == 11_000, result
    assert result["peak_mb"] < 500, result


def test_one_file_of_too_many_values_is_refused_as_the_file(tmp_path: Path) -> None:
    body = "dawn:\n  title: T\n  text: X\n  ending: {title: E}\nbig: [" + ", ".join(["1"] * MAX_VALUES) + "]\n"
    result = measure(make_world(tmp_path, WORLD, {"main.yaml": body}))
    assert result["codes"] == [E.E_LIMIT], result
    assert f"more than {MAX_VALUES:,} values (texts, numbers, lists, mappings) in one file" in result["messages"][0]


def test_one_scene_over_the_scene_limit_is_refused(tmp_path: Path) -> None:
    body = "".join(f"s{index}: {{title: T, text: X, ending: {{title: E}}}}\n" for index in range(MAX_SCENES + 1))
    root = make_world(tmp_path, WORLD.replace("start: dawn", "start: s0"), {"main.yaml": body})
    result = measure(root)
    assert result["codes"] == [E.E_LIMIT] and f"{MAX_SCENES + 1:,} scenes is too many" in result["messages"][0]
    assert result["peak_mb"] < 300, result


def test_a_world_of_huge_expressions_stops_at_the_expression_budget(tmp_path: Path) -> None:
    # Each condition different (one written many times is compiled once, and costs once).
    scenes = "dawn:\n  title: T\n  text: X\n  choices:\n" + "".join(
        f"    - {{id: c{index}, text: Go, to: dawn, if: {' and '.join([f'hope > {index:05d}'] * 25)}}}\n"
        for index in range(MAX_EXPRESSION_CHARS // 420 + 100)
    )
    root = make_world(tmp_path, WORLD, {"main.yaml": scenes})
    result = measure(root)
    assert result["codes"] == [E.E_LIMIT], result
    assert f"more than {MAX_EXPRESSION_CHARS:,} characters" in result["messages"][0]
    assert result["peak_mb"] < 500, result
    # The same condition written 7,000 times costs one compilation: the world loads.
    same = "dawn:\n  title: T\n  text: X\n  choices:\n" + "".join(
        f"    - {{id: c{index}, text: Go, to: dawn, if: {' and '.join(['hope > 1'] * 38)}}}\n" for index in range(7000)
    )
    assert measure(make_world(tmp_path / "same", WORLD, {"main.yaml": same}))["codes"] == []


def test_thousands_of_errors_stop_at_a_thousand_and_stay_fast(tmp_path: Path) -> None:
    # Every choice names a missing scene close to 5,000 others: did-you-mean for each would take minutes.
    scenes = "".join(
        f"s{index}:\n  title: T\n  text: X\n  choices:\n    - {{id: go, text: Go, to: s{index}x}}\n"
        for index in range(5000)
    )
    root = make_world(tmp_path, WORLD.replace("start: dawn", "start: s0"), {"main.yaml": scenes})
    result = measure(root)
    assert len(result["codes"]) == 1001, len(result["codes"])  # 1,000 and the line that says it stopped
    assert "stopped after 1,000 errors" in result["messages"][0], result["messages"]
    assert result["peak_mb"] < 300, result
    # The baseline: the same 5,000 scenes with every choice going somewhere that exists. Suggesting a
    # name for every missing one (5,000 comparisons each) would cost hundreds of times more.
    fine = scenes.replace("x}", "}")
    baseline = measure(make_world(tmp_path / "fine", WORLD.replace("start: dawn", "start: s0"), {"main.yaml": fine}))
    assert baseline["codes"] == [] and baseline["scenes"] == 5000, baseline
    assert result["cpu"] < 6 * baseline["cpu"] + 0.05, (result, baseline)


HEADER = r"""
import resource, sys
limit = 1024**3
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from pathlib import Path
from game.ui.app import read_header
for root in sys.argv[1:]:  # one process for the cases (the UI's import is the cost), one line each
    print(read_header(Path(root))[0], flush=True)
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (os.mkfifo): run on Linux or macOS")
def test_the_title_screen_reads_world_yaml_as_safely_as_the_loader(tmp_path: Path) -> None:
    """The UI shows the world's title before the full load: /dev/zero, a FIFO or a 4 GB file as
    world.yaml must not hang it or exhaust memory (a plain read_text() did both)."""
    cases = {"zero": "/dev/zero", "fifo": None, "huge": None, "fine": None}
    roots = []
    for name, target in cases.items():
        root = make_world(tmp_path / f"w-{name}")
        world_yaml = root / "world.yaml"
        world_yaml.unlink()
        if target is not None:
            world_yaml.symlink_to(target)
        elif name == "fifo":
            os.mkfifo(world_yaml)
        elif name == "huge":
            with open(world_yaml, "wb") as handle:
                handle.truncate(4 * 2**30)
        else:
            world_yaml.write_text(WORLD)
        roots.append(str(root))
    # A hang (a blocking read of the FIFO or of /dev/zero) hits the timeout and fails here; running
    # out of the 1 GB address space fails with the case's line missing.
    done = subprocess.run(
        [sys.executable, "-c", HEADER, *roots], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-1500:]
    assert done.stdout.splitlines() == ["w-zero", "w-fifo", "w-huge", "Hostile"]
