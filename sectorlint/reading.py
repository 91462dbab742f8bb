"""Reading a file's bytes and text, within the caps and refusing what is not text.

Kept apart from parsing so that a run whose results come from the cache or from workers never
loads the YAML parser at all.
"""

from __future__ import annotations

import os
import stat
import time
from typing import NamedTuple

from sectorlint.positions import offset_span
from sectorlint.problem import START_OF_FILE, Problem, Severity
from sectorlint.stamps import stamp

_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_bytes(path: str, cap: int) -> tuple[bytes | None, Problem | None]:
    """A file's bytes, refusing more than `cap` of them and anything but a regular file."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; regular files ignore the flag.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return None, Problem(path, START_OF_FILE, "Y009", f"cannot read file: {exc.strerror}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, Problem(
                path, START_OF_FILE, "Y013", "not a regular file; skipped", Severity.WARNING
            )
        if info.st_size > cap:
            return None, _too_large(path, info.st_size, cap)
        raw = _read_at_most(fd, cap + 1)  # the file may have grown since fstat
    except OSError as exc:
        return None, Problem(path, START_OF_FILE, "Y009", f"cannot read file: {exc.strerror}")
    finally:
        os.close(fd)
    return within_cap(path, raw, cap)


def within_cap(path: str, raw: bytes, cap: int) -> tuple[bytes | None, Problem | None]:
    """A file's bytes, or (over `cap` of them) why they are refused: for bytes read from disk,
    and for bytes given instead of the disk (an editor's buffer, git's index) alike."""
    if len(raw) > cap:
        return None, _too_large(path, len(raw), cap)
    return raw, None


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks = []
    while limit > 0 and (chunk := os.read(fd, min(limit, 1 << 20))):
        chunks.append(chunk)
        limit -= len(chunk)
    return b"".join(chunks)


def _too_large(path: str, size: int, cap: int) -> Problem:
    message = f"file is {size:,} bytes, over the {cap:,}-byte cap (see --max-file-size)"
    return Problem(path, START_OF_FILE, "Y008", message)


def _encoding_problem(path: str, raw: bytes) -> Problem | None:
    if raw.startswith(_UTF16_BOMS) or b"\x00" in raw:
        message = "file looks like UTF-16 or binary data (it holds NUL bytes); save it as UTF-8"
        return Problem(path, START_OF_FILE, "Y004", message)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # what precedes the bad byte is valid: its lines are counted as in every other file
        # (a CR alone ends a line too)
        before = raw[: exc.start].decode("utf-8")
        message = f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02X}); save it as UTF-8"
        return Problem(path, offset_span(before, len(before)), "Y004", message)
    return None


def decode(path: str, raw: bytes) -> tuple[str | None, Problem | None]:
    """The text of a file's bytes (strict UTF-8, a BOM dropped), or why there is none."""
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    encoding_problem = _encoding_problem(path, raw)
    if encoding_problem is not None:
        return None, encoding_problem
    return raw.decode("utf-8"), None


class Signature(NamedTuple):
    text: str  # size, modification and change times (ns), inode (`stamps`)
    settled: int  # when its last change is past doubt: its newest time plus its clock's tick
    looked: int  # when it was looked at (before the stat): what a later run compares with


def signature(path: str) -> Signature | None:
    """What says a regular file is unchanged without reading it (`stamps.stamp`); None for
    anything but a regular file."""
    looked = time.time_ns()
    text, settled = stamp(path)
    if not text.startswith("f"):
        return None
    return Signature(text[1:], settled, looked)


def unchanged(now: Signature, before: tuple[str, str, int] | None) -> str | None:
    """The digest of a file's bytes known from an earlier run, when its signature is the same
    and that run looked at it after its last change had settled; else None (read it)."""
    if before is None:
        return None
    signature_then, digest, looked_then = before
    if now.text != signature_then or now.settled >= looked_then:
        return None
    return digest
