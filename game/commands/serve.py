"""`io-game serve [WORLD] [--port N]`: the Textual game in a browser, through textual-serve.

textual-serve starts one app process per browser connection, all as the same OS user. So that no
player sees or overwrites another's saves, each browser gets a random session cookie and its app
keeps saves (and settings) in its own sub-folder of the saves folder, named by a hash of the whole
cookie. Each connection costs one Python process, about 45 MB: `--max-sessions` caps them.

The page is io-game's own copy of textual-serve's (game/ui/web/app_index.html): it loads nothing
from the internet (the font is textual-serve's bundled copy) and picks a font size that fits the
game's 80x24 characters in small windows.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
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
MAX_SESSIONS = 10  # each browser session is a Python process of about 45 MB
PAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "ui" / "web"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_world_argument(parser)
    parser.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000)")
    parser.add_argument("--host", default="localhost", help="the host name to listen on (default: localhost)")
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=MAX_SESSIONS,
        help=f"browser sessions played at once, each about 45 MB of memory (default: {MAX_SESSIONS})",
    )
    add_saves_dir(parser)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def session_namespace(token: str) -> str:
    """The saves sub-folder of a session: a hash of the whole cookie (128 bits), lowercase like slots."""
    return "web-" + hashlib.blake2b(token.encode(), digest_size=16, person=b"io-game-serve").hexdigest()


def old_session_namespace(token: str) -> str:
    """The folder name before io-game 1.1 (16 of the cookie's characters): moved on first use."""
    return "web-" + token.encode().hex()[:32]


def adopt_old_folder(saves: Path, token: str) -> None:
    """A browser that played before keeps its saves: its old folder takes the new name."""
    old, new = saves / old_session_namespace(token), saves / session_namespace(token)
    if old.is_dir() and not old.is_symlink() and not new.exists():
        # On failure the app starts on an empty folder; the old one stays for the host to move.
        with contextlib.suppress(OSError):
            old.rename(new)


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


def full_message(max_sessions: int) -> bytes:
    """Written into the page's terminal when every session is taken."""
    text = (
        f"\r\n  This game server already has {max_sessions} players, its limit.\r\n"
        "  Reload the page in a minute to try again.\r\n"
    )
    return text.encode()


def make_server(world: Path, saves: Path, host: str, port: int, title: str, max_sessions: int = MAX_SESSIONS) -> Any:
    import asyncio
    import logging

    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    log = logging.getLogger("textual-serve")

    class SessionServer(Server):
        """textual-serve's Server with a session cookie choosing each connection's saves folder."""

        sessions = 0  # connections being played now

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
            if self.sessions >= max_sessions:
                await websocket.prepare(request)
                await websocket.send_bytes(full_message(max_sessions))
                await websocket.close()
                return websocket
            adopt_old_folder(saves, token)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            app_service: AppService | None = None
            SessionServer.sessions += 1
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
                SessionServer.sessions -= 1
                if app_service is not None:
                    await app_service.stop()
            return websocket

    return SessionServer(
        app_command(world, saves, "x" * 22), host=host, port=port, title=title, templates_path=str(PAGE_TEMPLATES)
    )


def run(args: argparse.Namespace) -> int:
    from game.support.textsafe import clean

    world = world_path(args).resolve()
    loaded = load_or_report(world)
    if loaded is None:
        return 1
    if not 0 < args.port < 65536:
        print(f"io-game: --port {args.port}: choose a port from 1 to 65535", file=sys.stderr)
        return 2
    if args.max_sessions < 1:
        print(f"io-game: --max-sessions {args.max_sessions}: at least 1", file=sys.stderr)
        return 2
    saves = saves_dir(args).resolve()
    # textual-serve puts the title into its HTML page unescaped: escape it here.
    title = html.escape(clean(loaded.title))
    server = make_server(world, saves, args.host, args.port, title=title, max_sessions=args.max_sessions)
    try:
        server.serve()
    except OSError as exc:  # the port is taken, or not ours to use
        print(f"io-game: cannot serve on {clean(args.host)}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
