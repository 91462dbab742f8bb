"""Writing files so that a crash never leaves half a file behind, and nothing is written that
the user did not mean: not through a link out of the project, not over a read-only file, not
into one of several hard links, and not over a file somebody changed meanwhile."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from sectorlint.problem import START_OF_FILE, Problem


class Refused(Exception):
    """The file is not rewritten; the message says why (the file is left as it was)."""


class ChangedMeanwhile(Refused):
    """The file is no longer what was read: somebody else changed it, so it is not overwritten."""


def write_atomically(
    path: Path, text: str, expected: bytes | None = None, inside: Path | None = None
) -> None:
    """Write to a temporary file beside `path`, then rename it over `path` in one step.

    An existing file keeps its permission bits, and its owner and group where the runner may
    set them. With `expected`, the file must still hold exactly those bytes just before it is
    replaced, or nothing is written (ChangedMeanwhile). With `inside` (the project's folder), a
    path below it that a link leads out of it is refused: the user named a file of the project.
    """
    import tempfile  # only writing runs need it

    real = Path(os.path.realpath(path))  # through a symlink: the link stays, its target changes
    if inside is not None:
        _check_inside(path, real, inside.resolve())
    info = _existing(real)
    mode = stat.S_IMODE(info.st_mode) if info is not None else _default_mode()
    directory = real.parent if str(real.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{real.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if info is not None:
            _keep_owner(temporary, info)
        if expected is not None and _current(real, len(expected)) != expected:
            raise ChangedMeanwhile("the file changed while it was being formatted")
        os.replace(temporary, real)
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def check_inside(path: Path, root: Path) -> None:
    """Refused when `path`, as written, lies in the folder `root` but a link (to the file or to
    a folder on its way) takes it out of `root`."""
    _check_inside(path, Path(os.path.realpath(path)), root.resolve())


def _check_inside(path: Path, real: Path, root: Path) -> None:
    named = Path(os.path.abspath(path))
    if (named == root or root in named.parents) and not (real == root or root in real.parents):
        raise Refused(f"it is a link to {real}, outside the project ({root})")


def _existing(real: Path) -> os.stat_result | None:
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise Refused("it is not a regular file")
    if info.st_nlink > 1:
        raise Refused(
            f"it has {info.st_nlink} hard links, which a rewrite would part (the others would "
            "keep the old text)"
        )
    if not info.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise Refused("it is read-only")
    return info


def _keep_owner(temporary: str, info: os.stat_result) -> None:
    """The new file's owner and group are the old one's, where the runner may set them."""
    if (info.st_uid, info.st_gid) == (os.getuid(), os.getgid()):
        return
    try:
        os.chown(temporary, info.st_uid, info.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):  # a member of the group may keep the group
            os.chown(temporary, -1, info.st_gid)


def _current(real: Path, size: int) -> bytes | None:
    """The file's bytes now, read without blocking: it may have become a FIFO meanwhile."""
    from sectorlint.reading import read_bytes

    raw, _ = read_bytes(str(real), size + 1)
    return raw


def _default_mode() -> int:
    """What a plain `open(path, "w")` would give a new file under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def writable(paths: Sequence[str], project: Path) -> tuple[tuple[str, ...], list[Problem]]:
    """The paths a rewrite may go to, and why each file of the others is left as it is: a link
    to a folder takes it out of `project` (the working directory's). (A link out of the project
    of the configuration in force is refused as the file is written.)"""
    from sectorlint.discover import discover

    kept: list[str] = []
    refused = []
    for path in paths:
        if _link_out(path, project) is None:
            kept.append(path)
            continue
        for file in discover([path]).files:
            reason = _link_out(file, project)
            if reason is None:  # a link back into the project
                kept.append(file)
            else:
                message = f"not rewritten: {reason}; left as it was"
                refused.append(Problem(file, START_OF_FILE, "Y009", message))
    return tuple(kept), refused


def _link_out(path: str, project: Path) -> str | None:
    """Why `path`, in the project as written, is not in it (a link leads out), or None."""
    try:
        check_inside(Path(path), project)
    except Refused as exc:
        return str(exc)
    return None
