"""Writing files so that a crash never leaves half a file behind."""

from __future__ import annotations

import os
from pathlib import Path


class ChangedMeanwhile(Exception):
    """The file is no longer what was read: somebody else changed it, so it is not overwritten."""


def write_atomically(path: Path, text: str, expected: bytes | None = None) -> None:
    """Write to a temporary file beside `path`, then rename it over `path` in one step.

    An existing file keeps its permission bits. With `expected`, the file must still hold exactly
    those bytes just before it is replaced, or nothing is written (ChangedMeanwhile).
    """
    import tempfile  # only writing runs need it

    path = Path(os.path.realpath(path))  # through a symlink: the link stays, its target changes
    mode = path.stat().st_mode & 0o7777 if path.exists() else _default_mode()
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if expected is not None and path.read_bytes() != expected:
            raise ChangedMeanwhile(str(path))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _default_mode() -> int:
    """What a plain `open(path, "w")` would give a new file under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
