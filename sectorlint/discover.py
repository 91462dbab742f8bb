"""Turn the paths a user gave into the content files to check, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from sectorlint.problem import START_OF_FILE, Problem

CONTENT_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(paths: Iterable[str]) -> Discovery:
    """Files are taken as given; directories are walked for content files.

    Hidden directories (`.git`, `.venv`, ...) are not entered, and links to directories are not
    followed, so a symlink loop cannot make the walk go round forever.
    """
    found = Discovery()
    seen: set[str] = set()
    for path in paths:
        candidates = _walk(path, found.problems) if os.path.isdir(path) else [path]
        for candidate in candidates:
            normal = os.path.normpath(candidate)
            if normal not in seen:
                seen.add(normal)
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
                if os.path.isfile(full):  # skips FIFOs, sockets, devices and broken links
                    files.append(full)
    return files
