"""The two hashes sectorlint uses, without `hashlib`'s start-up cost.

`hashlib` loads OpenSSL when imported (about 2 ms, at every start of a one-file run); CPython's
own implementations of these two need nothing loaded. Elsewhere, `hashlib` serves them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import blake2b, sha256
else:
    try:
        from _blake2 import blake2b
        from _sha256 import sha256
    except ImportError:  # pragma: no cover - not CPython
        from hashlib import blake2b, sha256

__all__ = ["blake2b", "sha256"]
