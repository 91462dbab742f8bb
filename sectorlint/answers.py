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
files. Only runs that read no other state, write nothing and say nothing on standard error are
recorded: no `--fix`, `--diff`, `--staged`, `--since`, `--baseline`, `--output-file`,
`--no-cache`, no standard input (`-`, `--stdin-filename`), no configuration warning.

The answers live in `answers-v2.sqlite` in the results cache's folder, when that folder is where a
run looks before it has read any configuration: `SECTORLINT_CACHE_DIR`, else `.sectorlint_cache`
in the working directory.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time

from sectorlint import __version__
from sectorlint.stamps import ABSENT, stamp, stamp_text

STARTED = time.time_ns()  # this module is imported first thing: when the run began
FILE_NAME = "answers-v2.sqlite"  # (v1 held the output as text)
_KEPT = 64  # answers kept, the most recently used: one per command line a project runs
# What else decides a run's output: colour, GitHub's format, the cache, stream encodings.
_ENVIRONMENT = (
    "NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "TERM", "COLUMNS", "LANG", "LC_ALL",
    "LC_CTYPE", "HOME",
)  # fmt: skip
_ENVIRONMENT_PREFIXES = ("SECTORLINT_", "PYTHON")

invocation: list[str] | None = None  # the command line, when the run began at `entry.main`


def folder() -> str:
    """Where a run looks for answers before it has read any configuration."""
    return os.environ.get("SECTORLINT_CACHE_DIR") or os.path.join(os.getcwd(), ".sectorlint_cache")


def replay(arguments: list[str]) -> int | None:
    """Print the remembered answer of this command line and return its exit status, when every
    input is as it was; else None (and nothing printed)."""
    if not arguments or arguments[0] != "check" or _reads_standard_input(arguments):
        return None
    try:
        answer = _answer(arguments)
    except (sqlite3.Error, OSError, ValueError):
        return None  # damaged, locked or unreadable, or no working directory: the run works
    if answer is None:
        return None
    output, status = answer
    for stream in (sys.stdout, sys.stderr):  # as `cli.main` sets them
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    sys.stdout.write(output)
    sys.stdout.flush()
    return status


def _reads_standard_input(arguments: list[str]) -> bool:
    """Whether the run checks standard input, which leaves no stamp to compare."""
    return any(a == "-" or a.startswith("--stdin-filename") for a in arguments)


def _answer(arguments: list[str]) -> tuple[str, int] | None:
    path = os.path.join(folder(), FILE_NAME)
    if not os.path.isfile(path):
        return None
    row = _lookup(path, _key(arguments))
    if row is None:
        return None
    paths, stamps, output, status = row
    # (a row of other types than written, or with no inputs, is not an answer)
    if not (isinstance(paths, bytes) and paths and isinstance(stamps, str)):
        return None
    if not (isinstance(output, bytes) and type(status) is int):
        return None
    if not _same(paths.split(b"\0"), stamps.split("\n")):
        return None
    return output.decode("utf-8", "surrogateescape"), status


def remember(inputs: list[str], output: str, status: int, cache_folder: str) -> None:
    """Record this run's answer, when it began at `entry.main`, its cache is where a later run
    looks, and no input changed while it ran."""
    if invocation is None or invocation[:1] != ["check"] or _reads_standard_input(invocation):
        return
    try:
        row = _row(invocation, inputs, output, status, cache_folder)
        if row is not None:
            _store(os.path.join(folder(), FILE_NAME), row)
    except (sqlite3.Error, OSError, ValueError):
        return  # an answer not remembered is only a slower next run


def _row(
    arguments: list[str], inputs: list[str], output: str, status: int, cache_folder: str
) -> tuple[bytes, bytes, str, bytes, int, int] | None:
    if not os.path.samefile(folder(), cache_folder):
        return None  # a later run would not look there
    paths = [*dict.fromkeys(inputs), *_code()]
    stamps = []
    for path in paths:
        text, settled = stamp(path)
        if text == ABSENT:  # absent all along, or gone during the run: its folder tells
            settled = stamp(os.path.dirname(os.path.abspath(path)))[1]
        if settled >= STARTED:
            return None  # changed while the run read it, or too recently to tell
        stamps.append(text)
    encoded = b"\0".join(os.fsencode(p) for p in paths)
    said = output.encode("utf-8", "surrogateescape")  # (a file name need not be UTF-8)
    return _key(arguments), encoded, "\n".join(stamps), said, status, time.time_ns()


def _key(arguments: list[str]) -> bytes:
    """Everything but the files that decides the answer, as it is (a digest would cost more to
    import than the lookup it saves)."""
    environment = sorted(
        f"{name}={value}"
        for name, value in os.environ.items()
        if name in _ENVIRONMENT or name.startswith(_ENVIRONMENT_PREFIXES)
    )
    terminals = [str(stream.isatty()) for stream in (sys.stdin, sys.stdout, sys.stderr) if stream]
    # who runs decides what can be read
    user = [str(os.getuid()), str(os.getgid()), *map(str, sorted(os.getgroups()))]
    parts = [__version__, sys.version, sys.executable, os.getcwd(), *terminals, *user]
    parts.extend(environment)
    return b"\0".join(os.fsencode(part) for part in [*parts, "", *arguments])


def _code() -> list[str]:
    """sectorlint's own files (and the schema beside a source checkout), and the folders Python
    imports from, whose listing changes when a package is installed or upgraded."""
    package = os.path.dirname(os.path.abspath(__file__))
    # (the working directory too, which `python -m` puts first: a module there would be
    # imported instead of the one installed)
    found = [path or os.getcwd() for path in sys.path if os.path.isdir(path or ".")]
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


def _lookup(path: str, key: bytes) -> tuple[object, object, object, object] | None:
    db = _connect(path)
    try:
        row = db.execute(
            "SELECT paths, stamps, output, status FROM answers WHERE key = ?", (key,)
        ).fetchone()
    finally:
        db.close()
    return None if row is None else (row[0], row[1], row[2], row[3])


def _store(path: str, row: tuple[bytes, bytes, str, bytes, int, int]) -> None:
    db = _connect(path)
    try:
        db.execute(
            "CREATE TABLE IF NOT EXISTS answers (key BLOB PRIMARY KEY, paths BLOB, "
            "stamps TEXT, output BLOB, status INTEGER, used INTEGER)"
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
