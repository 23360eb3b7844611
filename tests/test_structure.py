"""The package's shape: imports flow one way (no cycles), and each rule has one definition."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

from tests.conftest import ROOT

GAME = ROOT / "game"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, except those under `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in GAME.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif node.module is None or node.level:
                continue
            else:
                # `from pkg import submodule` depends on the submodule; `from pkg import thing` on pkg.
                targets = [
                    f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module
                    for alias in node.names
                ]
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_game() -> None:
    assert cycles(import_graph()) == []


def _grep(pattern: str) -> list[str]:
    result = subprocess.run(
        ["git", "grep", "-n", "-E", pattern, "--", "game/"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return result.stdout.splitlines()


def test_one_replay_loop_and_one_step() -> None:
    # A run's recorded steps are walked in one place; a step is defined once (rules.py) and taken
    # through transitions in one place (Story.choose); a recorded step is replayed in one place.
    def files(pattern: str) -> list[str]:  # code lines only: a docstring may quote the code
        return sorted(line.split(":")[0] for line in _grep(pattern) if "`" not in line)

    assert files(r"for \w+, step in enumerate\(") == ["game/engine/replay.py"]
    assert files(r"events\[.*\]\.trigger\b") == ["game/engine/rules.py"]  # Rules.moves: each choice's trigger
    assert files(r"\btrigger\(self, self\)") == ["game/engine/story.py"]  # taken in Story.choose alone
    assert (
        files(r"def (availability\(choice|effects\(world|arrive\(state|take\(self, state)")
        == ["game/engine/rules.py"] * 4
    )
    assert files(r"def advance\(") == ["game/engine/replay.py"]
