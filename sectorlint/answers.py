"""Answers remembered: a `check` run's output, replayed when nothing it read has changed.

A warm run of a one-file pre-commit check in a big content set spends most of its time starting
Python and importing (click alone costs more than the check). But a run's answer is a function of
its inputs: the command line, the working directory, the environment variables that change what
sectorlint does, whether its streams are terminals, sectorlint's own code and the packages beside
it, and every file and folder it read. A run records its answer with the stamps of its inputs
(`stamps`); a later run with the same command line whose inputs all have the same stamps prints
that answer and exits with its status, without importing anything but SQLite.

An input changed during the recorded run, or within a clock tick before it began, makes the
answer not recorded (the run may have seen it half-changed), as git's index treats racily clean
files. Only runs that read no other state and write nothing are recorded: no `--fix`,
`--staged`, `--since`, `--baseline`, `--output-file`, `--no-cache`.

The answers live in `answers.sqlite` in the results cache's folder, when that folder is where a
run looks before it has read any configuration: `SECTORLINT_CACHE_DIR`, else `.sectorlint_cache`
in the working directory.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time

from sectorlint import __version__
from sectorlint.stamps import stamp, stamp_text

STARTED = time.time_ns()  # this module is imported first thing: when the run began
FILE_NAME = "answers.sqlite"
_KEPT = 64  # answers kept, the most recently used: one per command line a project runs
# What else decides a run's output: colour, GitHub's format, the cache, stream encodings.
_ENVIRONMENT = (
    "NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "TERM", "COLUMNS", "LANG", "LC_ALL",
    "LC_CTYPE", "HOME",
)  # fmt: skip
_ENVIRONMENT_PREFIXES = ("SECTORLINT_", "PYTHON")

invocation: list[str] | None = None  # the command line, when the run began at `main.main`


def folder() -> str:
    """Where a run looks for answers before it has read any configuration."""
    return os.environ.get("SECTORLINT_CACHE_DIR") or os.path.join(os.getcwd(), ".sectorlint_cache")


def replay(arguments: list[str]) -> int | None:
    """Print the remembered answer of this command line and return its exit status, when every
    input is as it was; else None (and nothing printed)."""
    if not arguments or arguments[0] != "check":
        return None
    path = os.path.join(folder(), FILE_NAME)
    if not os.path.isfile(path):
        return None
    try:
        row = _lookup(path, _key(arguments))
    except (sqlite3.Error, OSError, ValueError):
        return None  # damaged, locked or unreadable: the run works it out
    if row is None:
        return None
    paths, stamps, output, status = row
    if not _same(paths.split(b"\0") if paths else [], stamps.split("\n") if stamps else []):
        return None
    for stream in (sys.stdout, sys.stderr):  # as `cli.main` sets them
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    sys.stdout.write(output)
    sys.stdout.flush()
    return int(status)


def remember(inputs: list[str], output: str, status: int, cache_folder: str) -> None:
    """Record this run's answer, when it began at `main.main`, its cache is where a later run
    looks, and no input changed while it ran."""
    if invocation is None or invocation[:1] != ["check"]:
        return
    here = folder()
    try:
        if not os.path.samefile(here, cache_folder):
            return  # a later run would not look there
    except OSError:
        return  # no cache folder (it could not be made): no answers either
    paths = [*dict.fromkeys(inputs), *_code()]
    stamps = []
    for path in paths:
        text, settled = stamp(path)
        if settled >= STARTED:
            return  # changed while the run read it, or too recently to tell
        stamps.append(text)
    encoded = b"\0".join(os.fsencode(p) for p in paths)
    row = (_key(invocation), encoded, "\n".join(stamps), output, status, time.time_ns())
    try:
        _store(os.path.join(here, FILE_NAME), row)
    except (sqlite3.Error, OSError):
        return  # an answer not remembered is only a slower next run


def _key(arguments: list[str]) -> bytes:
    """Everything but the files that decides the answer, as it is (a digest would cost more to
    import than the lookup it saves)."""
    environment = sorted(
        f"{name}={value}"
        for name, value in os.environ.items()
        if name in _ENVIRONMENT or name.startswith(_ENVIRONMENT_PREFIXES)
    )
    terminals = [str(stream.isatty()) for stream in (sys.stdin, sys.stdout, sys.stderr) if stream]
    parts = [__version__, sys.version, sys.executable, os.getcwd(), *terminals, *environment]
    return b"\0".join(os.fsencode(part) for part in [*parts, "", *arguments])


def _code() -> list[str]:
    """sectorlint's own files (and the schema beside a source checkout), and the folders Python
    imports from, whose listing changes when a package is installed or upgraded."""
    package = os.path.dirname(os.path.abspath(__file__))
    # (not the working directory, which `python -m` puts first: it changes as files come and go)
    found = [path for path in sys.path if path not in ("", os.getcwd()) and os.path.isdir(path)]
    for top in (package, os.path.join(os.path.dirname(package), "schema")):
        for directory, folders, files in os.walk(top):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            found.append(directory)
            found.extend(os.path.join(directory, name) for name in sorted(files))
    return found


def _same(paths: list[bytes], stamps: list[str]) -> bool:
    if len(paths) != len(stamps):
        return False
    # (a path with nothing there stays ABSENT until something is: a link that comes to
    # resolve, a configuration written; one removed changes its folder's stamp)
    return all(stamp_text(path) == then for path, then in zip(paths, stamps, strict=True))


def _connect(path: str) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=1, isolation_level=None)


def _lookup(path: str, key: bytes) -> tuple[bytes, str, str, int] | None:
    db = _connect(path)
    try:
        row = db.execute(
            "SELECT paths, stamps, output, status FROM answers WHERE key = ?", (key,)
        ).fetchone()
    finally:
        db.close()
    return None if row is None else (bytes(row[0]), row[1], row[2], row[3])


def _store(path: str, row: tuple[bytes, bytes, str, str, int, int]) -> None:
    db = _connect(path)
    try:
        db.execute(
            "CREATE TABLE IF NOT EXISTS answers (key BLOB PRIMARY KEY, paths BLOB, "
            "stamps TEXT, output TEXT, status INTEGER, used INTEGER)"
        )
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)", row)
        db.execute(
            "DELETE FROM answers WHERE key NOT IN "
            "(SELECT key FROM answers ORDER BY used DESC LIMIT ?)",
            (_KEPT,),
        )
        db.execute("COMMIT")
    finally:
        db.close()
