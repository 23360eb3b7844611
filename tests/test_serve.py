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


class Page:
    """One page driven over the DevTools protocol: every request it makes and every terminal frame it gets."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.ids = iter(range(1, 1_000_000))
        self.requests: list[str] = []  # every URL the page asked for (pages, assets, websockets)
        self.received = ""  # the text of every websocket frame the page received

    async def send(self, method: str, **params: Any) -> None:
        await self.ws.send_str(json.dumps({"id": next(self.ids), "method": method, "params": params}))

    async def until(self, *needles: str, seconds: float = 90) -> bool:
        """Read events until every needle is in the frames received (False on timeout)."""
        import aiohttp

        deadline = time.monotonic() + seconds
        while not all(needle in self.received for needle in needles):
            if time.monotonic() > deadline:
                return False
            try:
                message = await self.ws.receive(timeout=max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                return False
            if message.type != aiohttp.WSMsgType.TEXT:
                return False
            event = json.loads(message.data)
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                self.requests.append(params["request"]["url"])
            elif method == "Network.webSocketCreated":
                self.requests.append(params["url"])
            elif method == "Network.webSocketFrameReceived":
                frame = params["response"]
                data = frame["payloadData"]
                if frame["opcode"] == 2:  # binary: base64
                    data = base64.b64decode(data).decode("utf-8", "replace")
                self.received += data
        return True

    async def press(self, key: str, code: int, text: str) -> None:
        for kind in ("keyDown", "keyUp"):
            await self.send(
                "Input.dispatchKeyEvent", type=kind, key=key, code=key, windowsVirtualKeyCode=code, text=text
            )

    async def click(self, x: int, y: int) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            await self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


async def play_to_a_first_choice(devtools_port: int, url: str) -> Page:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{devtools_port}/json/list") as response:
            targets = await response.json()
        target = next(target for target in targets if target["type"] == "page")
        async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            page = Page(ws)
            await page.send("Network.enable")
            await page.send("Page.enable")
            # The page's own size, whatever window Chromium draws around it.
            await page.send(
                "Emulation.setDeviceMetricsOverride", width=700, height=400, deviceScaleFactor=1, mobile=False
            )
            await page.send("Page.navigate", url=url)
            assert await page.until("The Lighthouse Keeper", "New game"), page.received[-2000:]
            for _ in range(6):  # under load the terminal may not have the focus yet: press again
                await page.click(3, 3)  # the terminal takes the keyboard focus (a corner: no menu item there)
                await page.press("n", 78, "n")  # New game
                if await page.until("The lamp room", "1. ", seconds=15):
                    return page
            raise AssertionError(page.received[-2000:])


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_serve_plays_to_a_first_choice_at_700x400_without_leaving_localhost(tmp_path: Path) -> None:
    port = free_port()
    saves = tmp_path / "saves"
    server = start_server(port, saves)
    browser, devtools = start_chromium(tmp_path / "profile")
    try:
        page = asyncio.run(play_to_a_first_choice(devtools, f"http://localhost:{port}/"))
    finally:
        browser.kill()
        browser.wait()
        stop(server)
    assert "too small" not in page.received
    (socket_url,) = [url for url in page.requests if url.startswith("ws:")]
    query = dict(part.split("=") for part in socket_url.split("?", 1)[1].split("&"))
    assert int(query["width"]) >= 80 and int(query["height"]) >= 24, socket_url  # the game fits the window
    assert page.requests and all(
        url.startswith((f"http://localhost:{port}/", f"ws://localhost:{port}/", "data:")) for url in page.requests
    ), page.requests  # every asset from io-game serve itself: no font or script from the internet


def test_each_browser_session_has_its_own_saves_folder() -> None:
    from game.commands.serve import app_command, new_token, session_namespace

    first, second = new_token(), new_token()
    assert session_namespace(first) != session_namespace(second)
    command = app_command(Path("/w o/rld"), Path("/saves"), first)
    assert f"--namespace {session_namespace(first)}" in command
    assert "'/w o/rld'" in command  # quoted for the shell textual-serve uses


def test_the_saves_folder_is_named_by_the_whole_cookie(tmp_path: Path) -> None:
    from game.commands.serve import adopt_old_folder, old_session_namespace, session_namespace

    first, second = "A" * 16 + "b" * 16, "A" * 16 + "c" * 16  # the same first half
    assert session_namespace(first) != session_namespace(second)
    assert old_session_namespace(first) == old_session_namespace(second)  # why the name changed
    (tmp_path / old_session_namespace(first)).mkdir()
    (tmp_path / old_session_namespace(first) / "autosave.json").write_text("{}")
    adopt_old_folder(tmp_path, first)  # a browser that played before keeps its saves
    assert (tmp_path / session_namespace(first) / "autosave.json").is_file()


def test_a_full_server_says_so_in_the_page() -> None:
    from game.commands.serve import full_message

    assert b"already has 3 players" in full_message(3)


def test_too_small_in_a_browser_speaks_of_the_window() -> None:
    from textual.geometry import Size

    from game.ui.screens.small import TooSmallScreen

    said = TooSmallScreen(Size(80, 24), web=True)._message(Size(70, 20)).plain
    assert "browser window" in said and "zoom out" in said and "terminal" not in said


def test_the_page_names_no_other_host() -> None:
    from game.commands.serve import PAGE_TEMPLATES

    page = (PAGE_TEMPLATES / "app_index.html").read_text(encoding="utf-8")
    assert "googleapis" not in page and "fonts/RobotoMono-VariableFont_wght.ttf" in page
    assert [url for url in page.split('"') if url.startswith(("http:", "https:", "//"))] == [
        "http://www.w3.org/2000/svg"
    ]
