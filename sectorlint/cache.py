"""The cache: what checking each file gave, keyed on the file's bytes, so a second run is quick.

One SQLite database per configuration: its name carries a hash of everything results depend on
(sectorlint's version and code, the schema, the taxonomy, the limits), so a change of any of them
starts a new cache instead of trusting an old one. Entries are keyed on a hash of a file's bytes.

SQLite (in Python's standard library) rather than one JSON file: a run reads only the entries it
looks up and writes only the ones it adds, so memory does not grow with the cache, and worker
processes write their own results. Its locking makes runs that overlap (as pre-commit's parallel
batches do) safe; a database that cannot be read is deleted and rebuilt, never trusted. Entries
are JSON text, never pickle: a cache someone tampered with cannot run code, and an entry that
does not decode is recomputed.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sectorlint.analysis import FileResult
from sectorlint.hashes import sha256
from sectorlint.problem import AddItem, Edit, Fix, Problem, Replace, Severity, Span
from sectorlint.reading import Signature, unchanged
from sectorlint.select import Suppression

if TYPE_CHECKING:
    import sqlite3

_MAX_SETS = 8  # cross-file results kept for this many content sets
_BATCH = 1000  # entries written, or marked used, per statement
_RECENT = 24 * 3600  # seconds: an entry used this recently is never dropped
_TOUCH_AFTER = 3600  # seconds: an entry read is marked used again once it is this old
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    digest TEXT PRIMARY KEY, complete INTEGER, entry TEXT, used INTEGER
);
CREATE TABLE IF NOT EXISTS sets (key TEXT PRIMARY KEY, entry TEXT);
CREATE TABLE IF NOT EXISTS stats (path BLOB PRIMARY KEY, signature TEXT, digest TEXT, seen INTEGER);
"""
_PUT_STAT = """
INSERT INTO stats (path, signature, digest, seen) VALUES (?, ?, ?, ?)
ON CONFLICT (path) DO UPDATE SET
    signature = excluded.signature, digest = excluded.digest, seen = excluded.seen
"""
# A complete entry (a given file's full check) is never replaced by a partial one.
_PUT = """
INSERT INTO files (digest, complete, entry, used) VALUES (?, ?, ?, ?)
ON CONFLICT (digest) DO UPDATE SET
    complete = excluded.complete, entry = excluded.entry, used = excluded.used
WHERE excluded.complete >= files.complete
"""
_TOUCH = "UPDATE files SET used = ? WHERE digest = ?"
# What says a database file is damaged, rather than busy or on a full disk.
_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
# The entries' JSON form, in the database's name: a new form never reads an old one's entries.
# 2: a problem carries its fix.
# 3: a fix is an item to add or a replacement (S004, T001).
FORMAT_VERSION = 3


class Cache:
    def __init__(self, file: Path | None) -> None:
        self.file = file
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, int, str, int]] = []
        self._touched: list[tuple[int, str]] = []  # entries read: kept longest
        self._stats: list[tuple[bytes, str, str, int]] = []
        self._signatures: dict[bytes, tuple[str, str, int]] | None = None
        self._now = int(time.time())
        if file is not None:
            self._db = _open(file)
            if self._db is None:
                self.file = None  # cannot be used at all: the run goes on without it
        # Nothing to look up in a new cache: a first run reads each file once, not twice.
        self.empty = self._query("SELECT 1 FROM files LIMIT 1", ()) is None

    @classmethod
    def in_directory(cls, directory: Path, key: str) -> Cache:
        return cls(directory / f"results-{key[:24]}-v{FORMAT_VERSION}.sqlite")

    def get(self, digest: str) -> dict[str, Any] | None:
        """The entry stored for `digest`, or None (also for an entry that does not decode)."""
        row = self._query("SELECT entry, used FROM files WHERE digest = ?", (digest,))
        if not row:
            return None
        if row[1] is None or row[1] < self._now - _TOUCH_AFTER:  # else marked recently enough
            self._touched.append((self._now, digest))
            if len(self._touched) >= _BATCH:
                self.flush()
        entry: dict[str, Any] | None = _decode(row[0])
        return entry

    def put(self, digest: str, complete: bool, entry: dict[str, Any]) -> None:
        if self._db is not None:
            self._pending.append((digest, int(complete), _encode(entry), self._now))

    def result(self, path: str, digest: str) -> FileResult | None:
        """The result remembered for these bytes, or None (unknown, or damaged: then it is
        recomputed, never trusted)."""
        entry = self.get(digest)
        if entry is None:
            return None
        try:
            return from_json(path, digest, entry)
        except DAMAGED:
            return None

    def remember(self, results: list[FileResult]) -> None:
        for result in results:
            if result.digest:
                self.put(result.digest, result.complete, to_json(result))
        self.flush()

    def known_digest(self, path: str, now: Signature) -> str | None:
        """The digest of the file's bytes, when its stat signature says it is unchanged since a
        run saw it (`reading.unchanged`); None when it must be read."""
        if self._signatures is None:
            self._signatures = self._read_signatures()
        return unchanged(now, self._signatures.get(os.fsencode(path)))

    def _read_signatures(self) -> dict[bytes, tuple[str, str, int]]:
        """Every file's signature as last seen, with its digest and when it was looked at:
        read once per run, whoever asks first."""
        if self._db is None or self.empty:
            return {}
        try:
            rows = self._db.execute("SELECT path, signature, digest, seen FROM stats").fetchall()
        except _errors() as exc:
            self._give_up(exc)
            return {}
        return {bytes(path): (signature, digest, seen) for path, signature, digest, seen in rows}

    def remember_signature(self, path: str, signature: str, digest: str, seen: int) -> None:
        if self._db is not None:
            self._stats.append((os.fsencode(path), signature, digest, seen))
            if len(self._stats) >= _BATCH:  # written as they come: a cold run holds few
                self.flush()

    def set_problems(self, key: str) -> list[Problem] | None:
        """The cross-file rules' problems remembered for a content set, or None."""
        cached = self.get_set(key)
        if cached is None:
            return None
        try:
            return [problem_from_json(item[0], item[1:]) for item in cached]
        except DAMAGED:
            return None  # damaged: the rules run again

    def remember_set_problems(self, key: str, problems: list[Problem]) -> None:
        self.put_set(key, [problem_with_path_json(p) for p in problems])

    def get_set(self, key: str) -> Any:
        row = self._query("SELECT entry FROM sets WHERE key = ?", (key,))
        return _decode(row[0]) if row else None

    def put_set(self, key: str, entry: Any) -> None:
        if self._db is None:
            return
        self.flush()
        self._write(
            ["DELETE FROM sets WHERE key = ?", (key,)],
            ["INSERT INTO sets (key, entry) VALUES (?, ?)", (key, _encode(entry))],
            [
                "DELETE FROM sets WHERE rowid NOT IN "
                "(SELECT rowid FROM sets ORDER BY rowid DESC LIMIT ?)",
                (_MAX_SETS,),
            ],
        )

    def flush(self) -> None:
        """Write the entries put so far, and mark those read as used, in one transaction."""
        if self._db is None or not (self._pending or self._touched or self._stats):
            return
        pending, self._pending = self._pending, []
        touched, self._touched = self._touched, []
        stats, self._stats = self._stats, []
        try:
            with self._db:
                self._db.executemany(_PUT, pending)
                self._db.executemany(_TOUCH, touched)
                self._db.executemany(_PUT_STAT, stats)
        except _errors() as exc:
            self._give_up(exc)

    def close(self, live: int = 0) -> None:
        """Write what is pending. Once entries outnumber twice the `live` files (this run's),
        the least recently used go (files since changed or gone), never one used in the last
        day (another content set may share this cache)."""
        self.flush()
        if self._db is None:
            return
        try:
            (count,) = self._db.execute("SELECT count(*) FROM files").fetchone()
            excess = count - (2 * live + 1000)
            if excess > 0:
                with self._db:
                    self._db.execute(
                        "DELETE FROM files WHERE rowid IN (SELECT rowid FROM files "
                        "WHERE used < ? ORDER BY used LIMIT ?)",
                        (self._now - _RECENT, excess + live // 2),
                    )
            self._db.close()
        except _errors() as exc:
            self._give_up(exc)
        self._db = None

    def _query(self, sql: str, parameters: tuple[Any, ...]) -> Any:
        if self._db is None:
            return None
        try:
            return self._db.execute(sql, parameters).fetchone()
        except _errors() as exc:
            self._give_up(exc)
            return None

    def _write(self, *statements: list[Any]) -> None:
        assert self._db is not None
        try:
            with self._db:
                for sql, parameters in statements:
                    self._db.execute(sql, parameters)
        except _errors() as exc:
            self._give_up(exc)

    def _give_up(self, error: Exception) -> None:
        """A database that fails mid-run (damaged, disk full, locked too long) only costs speed:
        this run goes on without it. A damaged one is removed, so the next run starts afresh."""
        if self._db is not None:
            self._db.close()
        self._db = None
        self._pending = []
        self._touched = []
        self._stats = []
        if self.file is not None and _damaged(error):
            _remove(self.file)


def _open(file: Path) -> sqlite3.Connection | None:
    """The database at `file`; one that cannot be read (corrupt, not a database) is replaced."""
    import sqlite3

    for attempt in range(2):
        try:
            _make_folder(file.parent)
            db = sqlite3.connect(file, timeout=30)  # waits this long for another run's write
        except (OSError, sqlite3.Error):
            return None  # no folder, no permission: no cache
        try:
            # No waiting for the disk (3 of the 5 ms a one-file run spends on its cache): an
            # operating-system crash may cost the cache, never a wrong result (entries are
            # keyed on the bytes they describe and checked when read; a database that cannot
            # be read is rebuilt). Set before WAL, which otherwise syncs when it starts.
            db.execute("PRAGMA synchronous = OFF")
            db.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
            db.executescript(_SCHEMA)
            return db
        except sqlite3.Error as exc:
            db.close()
            if not _damaged(exc):
                return None  # busy or out of room: no cache this time, and nothing removed
            if attempt == 0:
                _remove(file)
    return None


def _damaged(error: Exception) -> bool:
    return getattr(error, "sqlite_errorname", "") in _DAMAGED


def _remove(file: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(f"{file}{suffix}")


def _errors() -> tuple[type[Exception], ...]:
    import sqlite3

    return (sqlite3.Error,)


def _encode(entry: Any) -> str:
    return json.dumps(entry, separators=(",", ":"))  # ASCII: lone surrogates stay escaped


def _decode(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else None
    except (ValueError, RecursionError):
        return None  # damaged: recomputed


def cache_key(*parts: str) -> str:
    digest = sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _make_folder(directory: Path) -> None:
    """The cache's folder; one sectorlint creates gets a `.gitignore` that keeps it out of git.
    A folder that was there already (the project's own, or one named by the user) never does:
    a `*` there would hide the user's files from git."""
    if directory.is_dir():
        return
    directory.mkdir(parents=True)
    (directory / ".gitignore").write_text("# written by sectorlint\n*\n", encoding="utf-8")


def default_directory(root: Path) -> Path:
    return Path(os.environ.get("SECTORLINT_CACHE_DIR") or root / ".sectorlint_cache")


# --- the entries' plain-JSON form (a file's path is not stored: equal bytes, equal result)


def to_json(result: FileResult) -> dict[str, Any]:
    return {
        "problems": [_problem_json(p) for p in result.problems],
        "projection": result.projection,
        "complete": result.complete,
        "suppressions": [
            [s.span.line, s.span.column, list(s.codes), list(s.lines) if s.lines else None]
            for s in result.suppressions
        ],
    }


# What decoding a damaged cache entry can raise: the entry is then recomputed, never trusted.
DAMAGED = (ValueError, TypeError, KeyError, IndexError, OverflowError)


def from_json(path: str, digest_: str, entry: dict[str, Any]) -> FileResult:
    problems = [problem_from_json(path, p) for p in entry["problems"]]
    suppressions = [
        Suppression(
            path,
            Span(_int(line), _int(column)),
            tuple(_str(code) for code in codes),
            tuple(_int(n) for n in lines) if lines is not None else None,
        )
        for line, column, codes, lines in entry["suppressions"]
    ]
    projection = entry["projection"]
    if projection is not None and not _well_formed(projection):
        raise ValueError("bad projection")
    complete = entry["complete"]
    if not isinstance(complete, bool):
        raise ValueError("bad flag")
    return FileResult(path, digest_, tuple(problems), projection, tuple(suppressions), complete)


def _well_formed(projection: Any) -> bool:
    if not isinstance(projection, dict) or not isinstance(projection.get("id"), str):
        return False
    relations = projection.get("relations")
    return isinstance(relations, list) and all(
        isinstance(r, list)
        and len(r) == 4
        and isinstance(r[0], str)
        and isinstance(r[1], str)
        and (r[2] is None or isinstance(r[2], str))
        and isinstance(r[3], int)
        for r in relations
    )


def _problem_json(p: Problem) -> list[Any]:
    span = p.span
    fix = None if p.fix is None else _fix_json(p.fix, p.path)
    return [span.line, span.column, span.end_line, span.end_column, p.code, p.message,
            p.severity.value, p.json_path, list(p.related), fix]  # fmt: skip


def problem_from_json(path: str, item: list[Any]) -> Problem:
    line, column, end_line, end_column, code, message, severity, json_path, related, fix = item
    end_line = None if end_line is None else _int(end_line)
    end_column = None if end_column is None else _int(end_column)
    span = Span(_int(line), _int(column), end_line, end_column)
    related = tuple(_str(other) for other in related)
    fix = None if fix is None else _fix_from_json(fix, _str(path))
    severity = Severity(severity)
    return Problem(
        _str(path), span, _str(code), _str(message), severity, _str(json_path), related, fix
    )


def _fix_json(fix: Fix, here: str) -> list[Any]:
    """A fix's plain-JSON form. The problem's own file is written as null: a file's entry holds
    no path (equal bytes, equal result), and a fix most often edits the file it is reported in.
    An item to add is a list of five; a replacement, a list of four."""
    if isinstance(fix, Replace):
        edits = [list(edit) for edit in fix.edits]
        return [_path_json(fix.path, here), fix.json_path, edits, fix.title]
    copies = None if fix.copies is None else [_path_json(fix.copies[0], here), fix.copies[1]]
    return [_path_json(fix.path, here), list(fix.at), [list(pair) for pair in fix.item],
            fix.label, copies]  # fmt: skip


def _fix_from_json(item: Any, here: str) -> Fix:
    if type(item) is list and len(item) == 4:
        return _replace_from_json(item, here)
    path, at, pairs, label, copies = _list(item, 5)
    at = tuple(_str(key) for key in _list(at))
    if not at:
        raise ValueError("a fix that edits no place")
    pairs = tuple((_str(key), _str(value)) for key, value in (_list(p, 2) for p in _list(pairs)))
    if copies is not None:
        where, json_path = _list(copies, 2)
        copies = (_path_from_json(where, here), _str(json_path))
    return AddItem(_path_from_json(path, here), at, pairs, _str(label), copies)


def _replace_from_json(item: list[Any], here: str) -> Replace:
    path, json_path, edits, title = item
    found = []
    for edit in _list(edits):
        line, column, end_line, end_column, text = _list(edit, 5)
        found.append(Edit(_int(line), _int(column), _int(end_line), _int(end_column), _str(text)))
    if not found:
        raise ValueError("a replacement that edits nothing")
    return Replace(_path_from_json(path, here), _str(json_path), tuple(found), _str(title))


def _path_json(path: str, here: str) -> str | None:
    return None if path == here else path


def _path_from_json(path: Any, here: str) -> str:
    return here if path is None else _str(path)


def _int(value: Any) -> int:
    if type(value) is not int:
        raise ValueError("not a number")
    return value


def _list(value: Any, length: int | None = None) -> list[Any]:
    if type(value) is not list or (length is not None and len(value) != length):
        raise ValueError("not a list of the length wanted")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a text")
    return value


def problem_with_path_json(p: Problem) -> list[Any]:
    return [p.path, *_problem_json(p)]
