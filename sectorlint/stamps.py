"""What says a file or folder is unchanged without reading it, as git's index does.

A stamp is its size, its modification and change times in nanoseconds, and its inode. The
change time cannot be set back by anyone (`touch -d` sets the modification time only), so a
stamp that is the same, on a file whose last change had settled before it was first looked at,
says the bytes are the same. A file changed within one tick of its file system's clock of being
looked at may change again within that tick without its times showing it (git's "racily
clean" entries): it is not trusted.

Imports only what Python loads at start, so a replayed run (`answers`) can use it.
"""

from __future__ import annotations

import os
import stat

# File systems with whole-second times (FAT counts two) get two seconds; others, whose kernel
# clock ticks every few milliseconds, twenty milliseconds.
COARSE_TICK_NS = 2_000_000_000
FINE_TICK_NS = 20_000_000

ABSENT = "-"  # the stamp of a path with nothing there (or nothing that can be looked at)


def stamp(path: str | bytes) -> tuple[str, int]:
    """A path's stamp (`stamp_text`) and when its last change is past doubt: its newest time
    plus its clock's tick (0 for ABSENT)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):  # ValueError: a NUL in the path
        return ABSENT, 0
    tick = COARSE_TICK_NS if info.st_ctime_ns % 1_000_000_000 == 0 else FINE_TICK_NS
    return _text(info), max(info.st_mtime_ns, info.st_ctime_ns) + tick


def stamp_text(path: str | bytes) -> str:
    """A regular file's stamp "f...", a folder's "d...", anything else's "o...", or ABSENT."""
    try:
        return _text(os.stat(path))
    except (OSError, ValueError):
        return ABSENT


def _text(info: os.stat_result) -> str:
    mode = info.st_mode
    kind = "f" if stat.S_ISREG(mode) else "d" if stat.S_ISDIR(mode) else "o"
    return f"{kind}{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"
