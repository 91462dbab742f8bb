"""Turn the paths a user gave into the content files to check, in a stable order."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable

from sectorlint.problem import START_OF_FILE, Problem

CONTENT_SUFFIXES = (".yaml", ".yml", ".json")


class Discovery:
    def __init__(self) -> None:
        self.files: list[str] = []
        self.problems: list[Problem] = []


def discover(paths: Iterable[str]) -> Discovery:
    """Files are taken as given; directories are walked for content files.

    Hidden directories (`.git`, `.venv`, ...) are not entered, and links to directories are not
    followed, so a symlink loop cannot make the walk go round forever.
    """
    found = Discovery()
    paths = list(paths)
    seen: set[str] = set()  # only several paths can name a file twice: one walk never does
    for path in paths:
        candidates = _walk(path, found.problems) if os.path.isdir(path) else [path]
        for candidate in candidates:
            normal = os.path.normpath(candidate)
            normal = candidate if normal == candidate else normal  # one string, not two
            if len(paths) == 1:
                found.files.append(normal)
            elif (same := os.path.abspath(normal)) not in seen:  # `content` and `$PWD/content`
                seen.add(same)
                found.files.append(normal)
    return found


def _walk(root: str, problems: list[Problem]) -> list[str]:
    def unreadable(error: OSError) -> None:
        where = error.filename or root
        message = f"cannot read directory: {error.strerror}"
        problems.append(Problem(os.path.normpath(where), START_OF_FILE, "Y009", message))

    files = []
    for directory, subdirs, names in os.walk(root, onerror=unreadable):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(names):
            if name.endswith(CONTENT_SUFFIXES) and not name.startswith("."):
                full = os.path.join(directory, name)
                skipped = _not_a_file(full)
                if skipped:
                    problems.append(Problem(os.path.normpath(full), START_OF_FILE, "Y013", skipped))
                else:
                    files.append(full)
    return files


def _not_a_file(path: str) -> str:
    """Why `path` is skipped (a FIFO would hang a reader, a link loop never resolves), or ""."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if os.path.islink(path):
            return f"symbolic link that does not resolve ({exc.strerror}); skipped"
        return f"cannot be read ({exc.strerror}); skipped"
    return "" if stat.S_ISREG(info.st_mode) else "not a regular file; skipped"
