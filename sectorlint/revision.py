"""The content set as git holds it: in the index (what a commit will record) or at a revision.

Only git's own plumbing is used (`ls-files`, `ls-tree`, `cat-file`), so untracked files and
unstaged edits never count as part of a commit, and reading the set at HEAD needs no checkout.
Paths come back relative to the working directory, as `check` shows them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Mapping
from functools import cache

from sectorlint.discover import CONTENT_SUFFIXES

INDEX = ":index"  # the staging area, not a revision

Listing = dict[str, str]  # path -> blob id


class GitError(Exception):
    """git is missing, the directory is not a repository, or a revision does not exist."""


def listing(where: str, roots: Iterable[str]) -> Listing:
    """The content files under `roots` in the index or at revision `where`, with their blobs.

    A revision that does not exist yet (HEAD before the first commit) holds nothing; any other
    unknown revision is an error. Hidden files and folders, links and submodules are left out,
    as a walk of the folders leaves them out.
    """
    top = _top(os.getcwd())
    specs = ["--", *(os.path.relpath(os.path.abspath(r), top) for r in roots)]
    if where == INDEX:
        entries = _git("ls-files", "-s", "-z", "--full-name", *specs, cwd=top)
    elif _exists(where):
        entries = _git("ls-tree", "-r", "-z", "--full-name", where, *specs, cwd=top)
    elif where == "HEAD":
        return {}  # the first commit: nothing came before it
    else:
        raise GitError(f"no revision '{where}' in this repository")
    found: Listing = {}
    for entry in entries.split(b"\0"):
        meta, _, name = entry.partition(b"\t")
        fields = meta.split()
        if not fields or fields[0] not in (b"100644", b"100755"):
            continue  # links (120000), submodules (160000), the empty tail
        if where == INDEX and fields[2] != b"0":
            continue  # a side of an unresolved merge, which no commit can record
        blob = fields[1] if where == INDEX else fields[2]
        path = os.fsdecode(name)
        if _is_content(path):
            found[os.path.relpath(os.path.join(top, path))] = blob.decode()
    if where == INDEX and _EMPTY_BLOB in found.values():
        for path in _intended_only(top, [p for p, b in found.items() if b == _EMPTY_BLOB]):
            del found[path]
    return found


_EMPTY_BLOB = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
_INTENT_TO_ADD = 0x20000000  # the index entry's flag for `git add -N`


def _intended_only(top: str, paths: list[str]) -> list[str]:
    """The paths that `git add -N` put in the index without content: no commit records them."""
    out = _git("ls-files", "--debug", "--", *(os.path.abspath(p) for p in paths), cwd=top)
    intended, current = [], None
    for line in out.decode(errors="replace").splitlines():
        if not line.startswith(" "):
            current = os.path.relpath(os.path.join(top, line))
        elif "flags:" in line and current is not None and _flags(line) & _INTENT_TO_ADD:
            intended.append(current)
    return intended


def read_blobs(blobs: Iterable[str]) -> dict[str, bytes]:
    """The bytes of each blob, in one `git cat-file` process."""
    wanted = sorted(set(blobs))
    if not wanted:
        return {}
    out = _git("cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
    found: dict[str, bytes] = {}
    at = 0
    for blob in wanted:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if len(header) != 3:
            raise GitError(f"git cannot read blob {blob}")
        size = int(header[2])
        found[blob] = out[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1  # the newline after each object
    return found


def texts(files: Mapping[str, str]) -> dict[str, bytes]:
    """Each path's bytes, for a listing."""
    contents = read_blobs(files.values())
    return {path: contents[blob] for path, blob in files.items()}


def blob_of(path: str, where: str) -> str | None:
    """The blob of one file in the index or at a revision, or None where it has none (a path
    outside the repository has none)."""
    name = os.path.relpath(os.path.abspath(path), _top(os.getcwd()))
    if name.startswith(".."):
        return None
    spec = f":{name}" if where == INDEX else f"{where}:{name}"
    try:
        return _git("rev-parse", "-q", "--verify", spec).decode().strip() or None
    except GitError:
        return None


def read_file(path: str, where: str) -> bytes | None:
    """One file's bytes in the index or at a revision, or None where it has none."""
    blob = blob_of(path, where)
    return None if blob is None else read_blobs([blob])[blob]


@cache
def _top(cwd: str) -> str:
    return _git("rev-parse", "--show-toplevel", cwd=cwd).decode().strip()


def _flags(line: str) -> int:
    return int(line.split("flags:")[1].split()[0], 16)


def _is_content(path: str) -> bool:
    parts = path.split("/")
    return path.endswith(CONTENT_SUFFIXES) and not any(p.startswith(".") for p in parts)


def _exists(revision: str) -> bool:
    try:
        _git("rev-parse", "-q", "--verify", f"{revision}^{{commit}}")
    except GitError:
        return False
    return True


def _git(*args: str, cwd: str | None = None, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from exc
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip().splitlines()
        raise GitError(reason[-1] if reason else f"git {args[0]} failed")
    return done.stdout
