"""`io-game serve`: the title screen reaches a real browser (headless Chromium) over textual-serve.

Chromium is Debian's package (`.ci/run` installs it when absent). xterm.js draws on a canvas, so the
test reads the terminal's data where the browser receives it: the DevTools protocol reports every
websocket frame the page gets, and the title screen's text must be among them.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import LIGHTHOUSE

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="needs Chromium: install Debian's chromium package (apt-get install chromium; .ci/run does)",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"io-game serve exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listened on port {port}")


def io_game() -> str:
    return str(Path(sys.executable).with_name("io-game"))


def start_server(port: int, saves: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [io_game(), "serve", str(LIGHTHOUSE), "--port", str(port), "--saves-dir", str(saves)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process)
    return process


def start_chromium(profile: Path) -> tuple[subprocess.Popen[bytes], int]:
    process = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "--window-size=1200,800",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    active = profile / "DevToolsActivePort"  # Chromium writes the port it chose here
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if active.exists() and active.read_text().strip():
            return process, int(active.read_text().split()[0])
        time.sleep(0.05)
    process.kill()
    raise AssertionError("Chromium did not open its DevTools port")


async def frames_after_loading(devtools_port: int, url: str, needle: str, seconds: float = 30) -> str:
    """Open url in the page and collect the text of websocket frames until needle shows up."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{devtools_port}/json/list") as response:
            targets = await response.json()
        page = next(target for target in targets if target["type"] == "page")
        async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            ids = iter(range(1, 1_000_000))

            async def send(method: str, **params: Any) -> None:
                await ws.send_str(json.dumps({"id": next(ids), "method": method, "params": params}))

            await send("Network.enable")
            await send("Page.enable")
            await send("Page.navigate", url=url)
            received = ""
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                try:
                    message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
                except TimeoutError:
                    break
                if message.type != aiohttp.WSMsgType.TEXT:
                    break
                event = json.loads(message.data)
                if event.get("method") != "Network.webSocketFrameReceived":
                    continue
                frame = event["params"]["response"]
                data = frame["payloadData"]
                if frame["opcode"] == 2:  # binary: base64
                    data = base64.b64decode(data).decode("utf-8", "replace")
                received += data
                if needle in received and "New game" in received:
                    break
            return received


def test_serve_shows_the_title_screen_in_chromium(tmp_path: Path) -> None:
    port = free_port()
    saves = tmp_path / "saves"
    server = start_server(port, saves)
    browser, devtools = start_chromium(tmp_path / "profile")
    try:
        received = asyncio.run(frames_after_loading(devtools, f"http://localhost:{port}/", "The Lighthouse Keeper"))
    finally:
        browser.kill()
        browser.wait()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert "The Lighthouse Keeper" in received, received[-2000:]
    assert "New game" in received and "Continue" in received


def test_each_browser_session_has_its_own_saves_folder() -> None:
    from game.commands.serve import app_command, new_token, session_namespace

    first, second = new_token(), new_token()
    assert session_namespace(first) != session_namespace(second)
    command = app_command(Path("/w o/rld"), Path("/saves"), first)
    assert f"--namespace {session_namespace(first)}" in command
    assert "'/w o/rld'" in command  # quoted for the shell textual-serve uses
