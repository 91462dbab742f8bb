"""Turn the paths a user gave into the content files to check, in a stable order."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from sectorlint.kinds import SUFFIXES
from sectorlint.problem import START_OF_FILE, Problem, Severity

CONTENT_SUFFIXES = SUFFIXES  # every kind's (`kinds`)


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
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            unreadable(exc)
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            elif entry.name.endswith(CONTENT_SUFFIXES):
                # the folder listing says what a plain file is; anything else is looked at
                skipped = "" if entry.is_file(follow_symlinks=False) else _not_a_file(entry.path)
                if skipped:
                    problems.append(
                        Problem(
                            os.path.normpath(entry.path),
                            START_OF_FILE,
                            "Y013",
                            skipped,
                            Severity.WARNING,
                        )
                    )
                else:
                    files.append(entry.path)
        pending.extend(reversed(folders))  # depth first, in name order, as os.walk gave them
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


def content_set_of(
    given: list[str], content_roots: Iterable[str | Path], walked: Sequence[str] = ()
) -> list[str]:
    """The rest of the content set each given file belongs to.

    That is the configured content root holding it, or, for a file outside every root, the
    content files beside it in its folder: a file is never checked as if it were alone.
    """
    roots = [os.path.realpath(root) for root in content_roots]
    roots = [root for root in roots if os.path.isdir(root)]
    folders: dict[str, str] = {}  # resolving each folder once, not each of 10,000 files

    def real(path: str) -> str:
        folder, _, name = path.rpartition(os.sep)  # (a string split: this runs for every file)
        folder = folder or (os.sep if path.startswith(os.sep) else ".")
        resolved = folders.get(folder)
        if resolved is None:
            resolved = folders[folder] = os.path.realpath(folder)
        return os.path.join(resolved, name)

    sets: dict[str, None] = {}
    for path in given:
        resolved = real(path)
        holder = next((r for r in roots if resolved.startswith(r + os.sep)), None)
        sets[holder if holder is not None else os.path.dirname(resolved)] = None
    covered = [os.path.realpath(folder) for folder in walked]  # given whole: nothing to add
    missing = [f for f in sets if not any(f == c or f.startswith(c + os.sep) for c in covered)]
    if not missing:
        return []
    seen = {real(path) for path in given}
    extra: list[str] = []
    for folder in missing:
        in_root = folder in roots
        members = discover([_display(Path(folder))]).files if in_root else _siblings(folder, seen)
        for path in members:
            resolved = real(path)
            if resolved not in seen:
                seen.add(resolved)
                extra.append(path)
    return extra


def _siblings(folder: str, seen: set[str]) -> list[str]:
    """The content files in `folder` not already among `seen` (resolved paths)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    shown = _display(Path(folder))
    found = []
    for name in names:
        if name.startswith(".") or not name.endswith(CONTENT_SUFFIXES):
            continue
        if os.path.join(folder, name) in seen:
            continue  # given already: most of a folder, when pre-commit passes it all
        path = os.path.normpath(os.path.join(shown, name))
        if os.path.isfile(path):
            found.append(path)
    return found


def _display(path: Path) -> str:
    """Relative to the working directory when below it, as users expect to see paths."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative
