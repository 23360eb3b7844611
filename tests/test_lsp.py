"""io-game lsp, driven over stdio as an editor drives it: JSON-RPC messages with Content-Length
headers, initialize, didOpen, didChange, then the requests, asserting positions and texts."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

WAIT = 60  # seconds: a guard against a hung server, not a measure of speed

WORLD = """\
id: harbour
title: Harbour
start: quay
variables:
  coins: {initial: 1, min: 0, max: 9, label: Coins}
  met: {initial: false}
status: [coins]
"""
QUAY = """\
quay:
  title: The quay
  text: |
    Gulls over the water.
  choices:
    - id: board
      text: Board the boat
      to: boat
      if: coins >= 2
      do: [coins -= 2, met = true]
    - id: wait
      text: Wait
      to: quay
      do: coins += 1
    - id: swim
      text: Swim
      to: boat
      once: true
"""
BOAT = """\
boat:
  title: The boat
  text: The boat rocks.
  variants:
    - if: visited("quay") and met
      text: You remember the quay.
  ending: {title: Away, kind: good}
"""


class Client:
    """The editor's side of the conversation."""

    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "game", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.notifications: list[dict[str, Any]] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.messages.get(timeout=WAIT)
            if message.get("id") == self.next_id and "method" not in message:
                if "error" in message:
                    raise LspError(message["error"]["message"])
                return message["result"]
            self.notifications.append(message)

    def diagnostics(self, uri: str, until: Callable[[list[dict[str, Any]]], bool]) -> list[dict[str, Any]]:
        """The first diagnostics published for uri (looking at earlier ones too) that satisfy `until`."""
        seen = self.notifications
        while True:
            for message in seen:
                published = message.get("method") == "textDocument/publishDiagnostics"
                if published and message["params"]["uri"] == uri and until(message["params"]["diagnostics"]):
                    self.notifications = [m for m in self.notifications if m is not message]
                    return list(message["params"]["diagnostics"])
            self.notifications = [
                m
                for m in self.notifications
                if not (m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
            ]
            seen = [self.messages.get(timeout=WAIT)]
            self.notifications += seen

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=WAIT)
        finally:
            if self.process.poll() is None:
                self.process.kill()


class LspError(Exception):
    pass


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lsp") / "harbour"
    (root / "scenes").mkdir(parents=True)
    (root / "world.yaml").write_text(WORLD)
    (root / "scenes" / "a.yaml").write_text(QUAY)
    (root / "scenes" / "b.yaml").write_text(BOAT)
    return root.resolve()


@pytest.fixture(scope="module")
def editor(world: Path) -> Iterator[tuple[Client, dict[str, Any]]]:
    client = Client(world)
    result = client.request(
        "initialize", {"processId": None, "rootUri": world.as_uri(), "capabilities": {}, "workspaceFolders": None}
    )
    client.notify("initialized", {})
    try:
        yield client, result
    finally:
        client.close()


def uri(world: Path, name: str) -> str:
    return (world / name).as_uri()


def open_file(client: Client, world: Path, name: str) -> str:
    address = uri(world, name)
    text = (world / name).read_text()
    client.notify(
        "textDocument/didOpen", {"textDocument": {"uri": address, "languageId": "yaml", "version": 1, "text": text}}
    )
    return address


def change(client: Client, address: str, version: int, text: str) -> None:
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": address, "version": version}, "contentChanges": [{"text": text}]},
    )


def at(address: str, line: int, character: int) -> dict[str, Any]:
    return {"textDocument": {"uri": address}, "position": {"line": line, "character": character}}


def span(line: int, start: int, end: int) -> dict[str, Any]:
    return {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}


def test_the_server_says_what_it_can_do(editor: tuple[Client, dict[str, Any]]) -> None:
    capabilities = editor[1]["capabilities"]
    for provider in (
        "completionProvider",
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
        "documentSymbolProvider",
        "workspaceSymbolProvider",
    ):
        assert capabilities.get(provider), provider


def test_errors_as_you_type_then_cleared(editor: tuple[Client, dict[str, Any]], world: Path) -> None:
    client = editor[0]
    address = open_file(client, world, "scenes/a.yaml")
    assert client.diagnostics(address, lambda found: True) == []  # the world on disk is clean
    change(client, address, 2, QUAY.replace("to: boat", "to: bot", 1))
    [error] = client.diagnostics(address, lambda found: bool(found))
    assert error["range"] == span(7, 10, 13)
    assert error["code"] == "E022" and error["severity"] == 1 and error["source"] == "io-game"
    assert error["message"] == "choice 'board' leads to unknown scene 'bot' (did you mean 'boat'?)"
    assert (world / "scenes" / "a.yaml").read_text() == QUAY  # the buffer was checked, not the file
    change(client, address, 3, QUAY)
    assert client.diagnostics(address, lambda found: not found) == []


def test_warnings_from_lint_as_you_type(editor: tuple[Client, dict[str, Any]], world: Path) -> None:
    client = editor[0]
    address = open_file(client, world, "scenes/b.yaml")
    orphan = BOAT + "attic:\n  title: Attic\n  text: Dust.\n  ending: {title: Dust}\n"
    change(client, address, 2, orphan)
    found = client.diagnostics(address, lambda found: any(d["code"] == "W102" for d in found))
    [warning] = [d for d in found if d["code"] == "W102"]
    assert warning["severity"] == 2 and warning["range"] == span(7, 0, 5)
    assert "no run reaches the ending 'attic'" in warning["message"]
    change(client, address, 3, BOAT)
    client.diagnostics(address, lambda found: not found)


def labels(result: dict[str, Any] | list[dict[str, Any]]) -> list[str]:
    items = result["items"] if isinstance(result, dict) else result
    return [item["label"] for item in items]


def test_completion_of_scenes_variables_and_functions(editor: tuple[Client, dict[str, Any]], world: Path) -> None:
    client = editor[0]
    address = open_file(client, world, "scenes/a.yaml")
    typed = QUAY.replace("      to: quay\n", '      to: \n      if: co\n      do: visits("\n')
    change(client, address, 10, typed)
    assert labels(client.request("textDocument/completion", at(address, 12, 10))) == ["boat", "quay"]
    offered = labels(client.request("textDocument/completion", at(address, 13, 12)))
    assert offered[:2] == ["coins", "met"] and {"visited", "visits", "chance", "and", "not"} <= set(offered)
    assert labels(client.request("textDocument/completion", at(address, 14, 18))) == ["boat", "quay"]
    assert labels(client.request("textDocument/completion", at(address, 2, 4))) == []  # prose: nothing
    change(client, address, 11, QUAY)


def test_completion_uses_the_last_good_index_while_the_yaml_is_broken(
    editor: tuple[Client, dict[str, Any]], world: Path
) -> None:
    client = editor[0]
    address = open_file(client, world, "scenes/a.yaml")
    change(client, address, 20, QUAY + "  broken: [\n      to: \n")
    assert labels(client.request("textDocument/completion", at(address, 19, 10))) == ["boat", "quay"]
    found = client.diagnostics(address, lambda found: bool(found))
    assert found[0]["severity"] == 1 and found[0]["range"]["start"]["line"] >= 18
    change(client, address, 21, QUAY)
    client.diagnostics(address, lambda found: not found)


def hover(client: Client, address: str, line: int, character: int) -> str:
    result = client.request("textDocument/hover", at(address, line, character))
    assert result["contents"]["kind"] == "markdown"
    return str(result["contents"]["value"])


def test_hover_on_keys_variables_and_scenes(editor: tuple[Client, dict[str, Any]], world: Path) -> None:
    client = editor[0]
    address = open_file(client, world, "scenes/a.yaml")
    change(client, address, 30, QUAY)
    assert hover(client, address, 8, 11) == (
        "**variable `coins`**: number, initial 1, bounds 0..9, label Coins\n\n*world.yaml:5*"
    )
    assert hover(client, address, 7, 11) == "**scene `boat`**: The boat\n\nThe boat rocks.\n\n*b.yaml:1*"
    assert hover(client, address, 7, 6).startswith("**to** (choice): The id of the scene this choice leads to.")
    assert "once per run" not in hover(client, address, 4, 3)
    assert hover(client, address, 4, 3).startswith("**choices** (scene): What the player can do here")


def test_definition_and_references(editor: tuple[Client, dict[str, Any]], world: Path) -> None:
    client = editor[0]
    address = open_file(client, world, "scenes/a.yaml")
    change(client, address, 40, QUAY)
    target = client.request("textDocument/definition", at(address, 7, 12))
    assert target == {"uri": uri(world, "scenes/b.yaml"), "range": span(0, 0, 4)}
    variable = client.request("textDocument/definition", at(address, 9, 12))
    assert variable == {"uri": uri(world, "world.yaml"), "range": span(4, 2, 7)}
    params = {**at(address, 8, 10), "context": {"includeDeclaration": True}}
    found = client.request("textDocument/references", params)
    assert [(ref["uri"].rsplit("/", 1)[1], ref["range"]) for ref in found] == [
        ("world.yaml", span(4, 2, 7)),
        ("world.yaml", span(6, 9, 14)),
        ("a.yaml", span(8, 10, 15)),
        ("a.yaml", span(9, 11, 16)),
        ("a.yaml", span(13, 10, 15)),
    ]
    params["context"] = {"includeDeclaration": False}
    assert len(client.request("textDocument/references", params)) == 4


def test_rename_a_scene_across_files(editor: tuple[Client, dict[str, Any]], world: Path) -> None:
    client = editor[0]
    address = open_file(client, world, "scenes/a.yaml")
    change(client, address, 50, QUAY)
    assert client.request("textDocument/prepareRename", at(address, 0, 2)) == span(0, 0, 4)
    edit = client.request("textDocument/rename", {**at(address, 0, 2), "newName": "pier"})
    changes = {name.rsplit("/", 1)[1]: [e["range"] for e in edits] for name, edits in edit["changes"].items()}
    assert changes == {
        "world.yaml": [span(2, 7, 11)],
        "a.yaml": [span(0, 0, 4), span(12, 10, 14)],
        "b.yaml": [span(4, 19, 23)],
    }
    assert {e["newText"] for edits in edit["changes"].values() for e in edits} == {"pier"}
    with pytest.raises(LspError, match="cannot name a scene"):
        client.request("textDocument/rename", {**at(address, 0, 2), "newName": "Pier Two"})
    with pytest.raises(LspError, match="already a scene 'boat'"):
        client.request("textDocument/rename", {**at(address, 0, 2), "newName": "boat"})


def test_rename_a_variable_everywhere_it_is_read(editor: tuple[Client, dict[str, Any]], world: Path) -> None:
    client = editor[0]
    address = open_file(client, world, "scenes/b.yaml")
    change(client, address, 60, BOAT)
    edit = client.request("textDocument/rename", {**at(address, 4, 31), "newName": "met_sailor"})
    changes = {name.rsplit("/", 1)[1]: [e["range"] for e in edits] for name, edits in edit["changes"].items()}
    assert changes == {"world.yaml": [span(5, 2, 5)], "a.yaml": [span(9, 23, 26)], "b.yaml": [span(4, 30, 33)]}
    with pytest.raises(LspError, match="cannot name a variable"):
        client.request("textDocument/rename", {**at(address, 4, 31), "newName": "not"})


def test_document_and_workspace_symbols(editor: tuple[Client, dict[str, Any]], world: Path) -> None:
    client = editor[0]
    address = open_file(client, world, "scenes/a.yaml")
    change(client, address, 70, QUAY)
    [quay] = client.request("textDocument/documentSymbol", {"textDocument": {"uri": address}})
    assert (quay["name"], quay["detail"], quay["selectionRange"]) == ("quay", "The quay", span(0, 0, 4))
    assert [child["name"] for child in quay["children"]] == ["board", "wait", "swim"]
    found = client.request("workspace/symbol", {"query": "bo"})
    assert [(s["name"], s["location"]["uri"].rsplit("/", 1)[1]) for s in found] == [("boat", "b.yaml")]
    names = {s["name"] for s in client.request("workspace/symbol", {"query": ""})}
    assert names == {"quay", "boat", "coins", "met"}


def test_files_outside_a_world_are_left_alone(editor: tuple[Client, dict[str, Any]], world: Path) -> None:
    client = editor[0]
    other = world.parent / "notes.yaml"
    other.write_text("to: \n")
    for address in ("untitled:Untitled-1", other.as_uri()):
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": address, "languageId": "yaml", "version": 1, "text": "to: \n"}},
        )
        assert labels(client.request("textDocument/completion", at(address, 0, 4))) == []
        assert client.request("textDocument/hover", at(address, 0, 1)) is None
        assert client.request("textDocument/documentSymbol", {"textDocument": {"uri": address}}) == []
    address = open_file(client, world, "scenes/a.yaml")  # and the server still serves the world
    assert client.request("textDocument/hover", at(address, 7, 11)) is not None


def test_variables_in_inline_text_are_found_in_blocks_and_quoted_texts() -> None:
    """Rename must reach {coins} inside a `text: |` block too, or it would break the world."""
    from game.lsp.index import index_file

    text = (
        "a:\n  title: A\n  text: |\n"
        "    The lamp {if lit and coins > 2: burns|is dark}.\n"
        "    You hold {coins} coins, {word(coins)}.\n"
        '  choices:\n    - {id: go, text: "Go {coins}", to: a}\n'
    )
    index = index_file(Path("/w/scenes/s.yaml"), text)
    assert index is not None
    lines = text.splitlines()
    found = [
        (o.name, o.span.line, o.span.start, lines[o.span.line][o.span.start : o.span.end])
        for o in index.occurrences
        if o.kind == "variable"
    ]
    assert found == [
        ("lit", 3, 17, "lit"),
        ("coins", 3, 25, "coins"),
        ("coins", 4, 14, "coins"),
        ("coins", 4, 34, "coins"),
        ("coins", 6, 26, "coins"),
    ]


def test_a_malformed_message_is_one_line_in_the_log_not_a_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "game", "lsp"],
        input=b"Content-Length: 5\r\n\r\n{bad}",
        capture_output=True,
        cwd=ROOT,
        timeout=WAIT,
    )
    assert done.returncode == 0
    assert b"Traceback" not in done.stderr
    assert done.stderr.decode().startswith("io-game lsp: Unable to handle message")
