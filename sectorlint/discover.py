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
        self.folders: list[str] = []  # every folder listed: what says no file came or went
        self.skipped: list[str] = []  # entries passed over that may yet become files (links)


def discover(paths: Iterable[str]) -> Discovery:
    """Files are taken as given; directories are walked for content files.

    Hidden directories (`.git`, `.venv`, ...) are not entered, and links to directories are not
    followed, so a symlink loop cannot make the walk go round forever.
    """
    found = Discovery()
    paths = list(paths)
    seen: set[str] = set()  # only several paths can name a file twice: one walk never does
    for path in paths:
        if os.path.isdir(path):
            candidates = _walk(os.path.normpath(path), found)  # normal paths: it starts normal
        else:
            candidates = [os.path.normpath(path)]
        if len(paths) == 1:
            found.files.extend(candidates)
            continue
        for candidate in candidates:
            if (same := os.path.abspath(candidate)) not in seen:  # `content` and `$PWD/content`
                seen.add(same)
                found.files.append(candidate)
    return found


def _walk(root: str, found: Discovery) -> list[str]:
    """The content files below `root` (a normal path), as normal paths."""
    files = []
    pending = [root]
    prefix = "" if root == "." else None  # `./a.yaml` is shown as `a.yaml`
    while pending:
        directory = pending.pop()
        found.folders.append(directory)  # (one that cannot be listed too: it may come to be)
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            message = f"cannot read directory: {exc.strerror}"
            where = os.path.normpath(exc.filename or directory)
            found.problems.append(Problem(where, START_OF_FILE, "Y009", message))
            continue
        folders = []
        start = os.path.join(directory, "") if prefix is None or directory != root else prefix
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append(start + name)
            elif name.endswith(CONTENT_SUFFIXES):
                # the folder listing says what a plain file is; anything else is looked at
                skipped = "" if entry.is_file(follow_symlinks=False) else _not_a_file(entry.path)
                if skipped:
                    problem = Problem(
                        start + name, START_OF_FILE, "Y013", skipped, Severity.WARNING
                    )
                    found.problems.append(problem)
                    found.skipped.append(start + name)
                else:
                    files.append(start + name)
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
) -> Discovery:
    """The rest of the content set each given file belongs to, and the folders listed for it.

    That is every configured content root, for a file in one of them (the roots make one set),
    or, for a file outside every root, the content files beside it in its folder: a file is
    never checked as if it were alone.
    """
    roots = [os.path.realpath(root) for root in content_roots]
    roots = [root for root in roots if os.path.isdir(root)]
    folders: dict[str, str] = {}  # resolving each folder once

    def real(path: str) -> str:
        folder, _, name = path.rpartition(os.sep)
        folder = folder or (os.sep if path.startswith(os.sep) else ".")
        resolved = folders.get(folder)
        if resolved is None:
            resolved = folders[folder] = os.path.realpath(folder)
        return os.path.join(resolved, name)

    sets: dict[str, None] = {}
    for path in given:
        resolved = real(path)
        if any(resolved.startswith(root + os.sep) for root in roots):
            sets.update(dict.fromkeys(roots))  # the content roots make one set, as a full run's
        else:
            sets[os.path.dirname(resolved)] = None
    covered = [os.path.realpath(folder) for folder in walked]  # given whole: nothing to add
    missing = [f for f in sets if not any(f == c or f.startswith(c + os.sep) for c in covered)]
    extra = Discovery()
    seen = {real(path) for path in given}
    for folder in missing:
        if folder in roots:
            _add_root(folder, seen, extra)
        else:
            _add_siblings(folder, seen, extra)
    return extra


def _add_root(root: str, seen: set[str], extra: Discovery) -> None:
    """The files of a content root (a resolved path) not among `seen`, as a walk shows them."""
    shown = _display(Path(root))
    found = discover([shown])
    extra.folders.extend(found.folders)
    extra.skipped.extend(found.skipped)
    start = 0 if shown == "." else len(shown) + 1
    for path in found.files:
        # below a resolved root, a walk (which follows no folder link) shows resolved folders
        resolved = os.path.join(root, path[start:])
        if resolved not in seen:
            seen.add(resolved)
            extra.files.append(path)


def _add_siblings(folder: str, seen: set[str], extra: Discovery) -> None:
    """The content files in `folder` (a resolved path) not already among `seen`."""
    extra.folders.append(folder)  # (one that cannot be listed too: it may come to be)
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    shown = _display(Path(folder))
    for name in names:
        if name.startswith(".") or not name.endswith(CONTENT_SUFFIXES):
            continue
        if os.path.join(folder, name) in seen:
            continue  # given already: most of a folder, when pre-commit passes it all
        path = os.path.normpath(os.path.join(shown, name))
        (extra.files if os.path.isfile(path) else extra.skipped).append(path)


def _display(path: Path) -> str:
    """Relative to the working directory when below it, as users expect to see paths."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative
