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

from sectorlint.hashes import sha256

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


class Cache:
    def __init__(self, file: Path | None) -> None:
        self.file = file
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, int, str, int]] = []
        self._touched: list[tuple[int, str]] = []  # entries read: kept longest
        self._now = int(time.time())
        if file is not None:
            self._db = _open(file)
            if self._db is None:
                self.file = None  # cannot be used at all: the run goes on without it
        # Nothing to look up in a new cache: a first run reads each file once, not twice.
        self.empty = self._query("SELECT 1 FROM files LIMIT 1", ()) is None

    @classmethod
    def in_directory(cls, directory: Path, key: str) -> Cache:
        return cls(directory / f"results-{key[:24]}.sqlite")

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
        if self._db is None or not (self._pending or self._touched):
            return
        pending, self._pending = self._pending, []
        touched, self._touched = self._touched, []
        try:
            with self._db:
                self._db.executemany(_PUT, pending)
                self._db.executemany(_TOUCH, touched)
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
