"""SHA-256 for world content hashes and save checksums, without loading OpenSSL.

`import hashlib` loads OpenSSL's libcrypto (about 0.6 MB of resident memory, measured) even for a
plain SHA-256. CPython ships its own SHA-256 as a built-in module (`_sha256` up to 3.11, `_sha2`
from 3.12); use it when it is there, hashlib otherwise. Same digests either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["sha256"]

sha256: Callable[..., Any]
try:
    from _sha256 import sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
except ImportError:  # pragma: no cover - depends on the Python version
    try:
        from _sha2 import sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
    except ImportError:
        from hashlib import sha256  # type: ignore[no-redef, unused-ignore]
