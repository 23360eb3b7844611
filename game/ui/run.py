"""Running the app in a terminal: the exit code, and an unexpected exception handed to the CLI."""

from __future__ import annotations

import sys
from pathlib import Path

from game.support.textsafe import clean
from game.ui.app import IOApp


def run_app(
    world_path: Path,
    *,
    seed: int,
    saves_dir: Path,
    dev: bool,
    start: str | None,
    overrides: list[tuple[str, int | bool | str]],
    namespace: str | None = None,
) -> int:
    """Play in the terminal. Returns the exit code.

    The world loads in the background once the title is on screen (its errors are listed there,
    and with --dev the game waits for them to be fixed); only a folder that is not a world at all
    is refused here.
    """
    if not (world_path / "world.yaml").is_file():
        print(f"io-game: {clean(str(world_path))} is not a world: it has no world.yaml", file=sys.stderr)
        return 1
    app = IOApp(
        world_path, seed=seed, saves_dir=saves_dir, dev=dev, start=start, overrides=overrides, namespace=namespace
    )
    result = app.run()
    return finished(app, result)


def finished(app: IOApp, result: object) -> int:
    """The exit code of a run of the app; an unexpected exception goes on to the CLI's last guard."""
    if app.crash is not None:
        raise app.crash
    return result if isinstance(result, int) else (app.return_code or 0)
