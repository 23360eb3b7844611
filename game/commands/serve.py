"""`io-game serve [WORLD] [--port N]`: the Textual game in a browser, through textual-serve.

textual-serve starts one app process per browser connection, all as the same OS user. So that no
player sees or overwrites another's saves, each browser gets a random session cookie and its app
keeps saves (and settings) in its own sub-folder of the saves folder, named by that cookie.
"""

from __future__ import annotations

import argparse
import html
import re
import secrets
import shlex
import sys
from pathlib import Path
from typing import Any

from game.commands import add_saves_dir, add_world_argument, load_or_report, saves_dir, world_path

HELP = "serve the game in a web browser on localhost (one saves folder per browser session)"

COOKIE = "io_game_session"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_world_argument(parser)
    parser.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000)")
    parser.add_argument("--host", default="localhost", help="the host name to listen on (default: localhost)")
    add_saves_dir(parser)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def session_namespace(token: str) -> str:
    """The saves sub-folder of a session: lowercase, as SaveStore's folder names are."""
    return "web-" + token.encode().hex()[:32]


def app_command(world: Path, saves: Path, token: str) -> str:
    """The shell command textual-serve runs for one connection (every part quoted)."""
    parts = [
        sys.executable,
        "-m",
        "game.ui",
        "--world",
        str(world),
        "--saves-dir",
        str(saves),
        "--namespace",
        session_namespace(token),
    ]
    return " ".join(shlex.quote(part) for part in parts)


def make_server(world: Path, saves: Path, host: str, port: int, title: str) -> Any:
    import asyncio
    import logging

    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    log = logging.getLogger("textual-serve")

    class SessionServer(Server):
        """textual-serve's Server with a session cookie choosing each connection's saves folder."""

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            response: web.StreamResponse = await super().handle_index(request)
            if not _TOKEN.match(request.cookies.get(COOKIE, "")):
                response.set_cookie(COOKIE, new_token(), httponly=True, samesite="Strict", max_age=365 * 86400)
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            # As textual-serve's own handler, but the command carries this browser's namespace.
            token = request.cookies.get(COOKIE, "")
            if not _TOKEN.match(token):
                token = new_token()  # no cookie: a namespace of its own for this connection only
            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            app_service: AppService | None = None
            try:
                await websocket.prepare(request)
                app_service = AppService(
                    app_command(world, saves, token),
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=websocket.close,  # type: ignore[arg-type]  # aiohttp returns a bool
                    download_manager=self.download_manager,
                    debug=self.debug,
                )
                await app_service.start(width, height)
                try:
                    await self._process_messages(websocket, app_service)
                finally:
                    await app_service.stop()
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:
                log.exception(error)
            finally:
                if app_service is not None:
                    await app_service.stop()
            return websocket

    return SessionServer(app_command(world, saves, "x" * 22), host=host, port=port, title=title)


def run(args: argparse.Namespace) -> int:
    from game.support.textsafe import clean

    world = world_path(args).resolve()
    loaded = load_or_report(world)
    if loaded is None:
        return 1
    if not 0 < args.port < 65536:
        print(f"io-game: --port {args.port}: choose a port from 1 to 65535", file=sys.stderr)
        return 2
    saves = saves_dir(args).resolve()
    # textual-serve puts the title into its HTML page unescaped: escape it here.
    server = make_server(world, saves, args.host, args.port, title=html.escape(clean(loaded.title)))
    try:
        server.serve()
    except OSError as exc:  # the port is taken, or not ours to use
        print(f"io-game: cannot serve on {clean(args.host)}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
