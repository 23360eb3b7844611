"""Reading a file from outside (a save, a record of endings) without ever waiting on it.

A FIFO, a device or a link to /dev/zero in the saves folder must not hang the game or fill its
memory: open without blocking, read only a regular file, and at most one byte over the limit so
the caller can say "too large" without reading the rest.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a folder: nothing a game file can be."""


def read_regular(path: Path, limit: int) -> bytes:
    """Up to `limit + 1` bytes of a regular file. Raises OSError (NotRegularFile for anything else)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens at once instead of waiting
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotRegularFile(f"{path} is not a regular file")
        return handle.read(limit + 1)
