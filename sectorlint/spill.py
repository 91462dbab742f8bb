"""A store for the sectors of a content set too large to hold in memory: a temporary file.

The one `Model` asks it what it asks the list in memory (every sector in path order, a table of
sectors by key) and answers every question from it; here the answers come from a private
SQLite database that is deleted when the store goes. SQLite keeps only a small page cache in
memory, and each sector is decoded again when a rule reaches it, so the memory a run needs no
longer grows with the number of sectors. It is slower than the list in memory, so only sets of
`Options.spill_from` files or more use it.

Each row holds a document's projection and the name of its kind, which joins it to the model
again when it is read back (`Kind.joined`). Rows are marshal data made by this process from
results it computed: never read from anywhere else (the results cache on disk stays JSON). Texts
are stored as UTF-8 bytes with surrogates passed through: file names and JSON content may hold
lone surrogates, and the bytes sort in the order Python sorts the texts, so "first in path
order" means the same as in memory.
"""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, TypeVar, overload

from sectorlint.document import Document, Loader
from sectorlint.kinds import kind_of, named
from sectorlint.limits import SpillError
from sectorlint.model import KeyTable, Sector

_T = TypeVar("_T")
_BATCH = 1000  # rows written per statement
_RECENT = 1024  # sectors kept decoded, of those last looked up by key


def _unusable(exc: sqlite3.Error) -> SpillError:
    return SpillError(
        f"cannot use the temporary file that holds the sectors of a large run: {exc} "
        "(SQLITE_TMPDIR names a folder with more room)"
    )


@contextmanager
def _storage() -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise _unusable(exc) from exc


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _text(stored: bytes) -> str:
    return stored.decode("utf-8", "surrogatepass")


class Spill:
    """Gathers the documents' projections as results arrive (a `model.Gathering`), then holds
    them as `SpilledSectors`, whose sectors read their spans through `loader`."""

    def __init__(self, loader: Loader) -> None:
        self.loader = loader
        with _storage():
            self.db = sqlite3.connect("")  # "": a private file, gone when the connection closes
            self.db.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to recover
            self.db.execute("PRAGMA synchronous = OFF")
            self.db.execute("CREATE TABLE sectors (path BLOB PRIMARY KEY, kind TEXT, row BLOB)")
        self._pending: list[tuple[bytes, str, bytes]] = []

    def add(self, path: str, projection: dict[str, Any], document: Document | None) -> None:
        """(A spilled model holds projections only: `document` is never kept.)"""
        self._pending.append((_bytes(path), kind_of(path).name, marshal.dumps(projection)))
        if len(self._pending) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        with _storage():
            self.db.executemany("INSERT OR REPLACE INTO sectors VALUES (?, ?, ?)", self._pending)
        self._pending = []

    def store(self) -> SpilledSectors:
        self._flush()
        with _storage():
            self.db.commit()
        return SpilledSectors(self.db, self.loader)


class SpilledSectors:
    """The sectors a `Spill` collected, as a model's store: read back in path order on each
    pass, a sector decoded again when it is reached. The sectors last looked up by key are
    kept (parents and the like are asked for again and again), a thousand at the most."""

    def __init__(self, db: sqlite3.Connection, loader: Loader) -> None:
        self.db = db
        self.loader = loader
        self.looked_up = lru_cache(maxsize=_RECENT)(self._look_up)
        self._tables = 0

    def __iter__(self) -> Iterator[Sector]:
        for path, kind, row in self.rows("SELECT path, kind, row FROM sectors ORDER BY path"):
            yield self.sector(path, kind, row)

    def __len__(self) -> int:
        (count,) = self.first_row("SELECT count(*) FROM sectors", ())
        return int(count)

    def table(self) -> KeyTable:
        self._tables += 1
        return _SpilledKeys(self, f"keys_{self._tables}")

    def rows(self, query: str, parameters: tuple[Any, ...] = ()) -> Iterator[Any]:
        with _storage():
            yield from self.db.execute(query, parameters)

    def first_row(self, query: str, parameters: tuple[Any, ...]) -> Any:
        try:  # (not `rows`: lookups are many, and a generator costs more than the query)
            return self.db.execute(query, parameters).fetchone()
        except sqlite3.Error as exc:
            raise _unusable(exc) from exc

    def execute(self, statement: str, rows: list[tuple[Any, ...]] | None = None) -> None:
        with _storage():
            if rows is None:
                self.db.execute(statement)
            else:
                self.db.executemany(statement, rows)

    def sector(self, path: bytes, kind: str, row: bytes) -> Sector:
        """The sector of a row, joined through its kind as it was when it arrived."""
        return named(kind).joined(_text(path), marshal.loads(row), self.loader)

    def _look_up(self, query: str, key: str) -> Sector | None:
        """The sector a table's `query` finds for `key`."""
        found = self.first_row(query, (_bytes(key),))
        return self.sector(*found) if found else None


class _SpilledKeys(KeyTable):
    """A table of sectors by key, in a temporary table of the file: each key with the path of
    its sector. What `setdefault` is given is written in batches, in the order given."""

    __slots__ = ("_lookup", "_name", "_pending", "_store")

    def __init__(self, store: SpilledSectors, name: str) -> None:
        self._store = store
        self._name = name
        self._pending: list[tuple[bytes, bytes]] = []
        store.execute(f"CREATE TEMP TABLE {name} (key BLOB PRIMARY KEY, path BLOB)")
        self._lookup = f"SELECT path, kind, row FROM {name} JOIN sectors USING (path) WHERE key = ?"

    def setdefault(self, key: str, sector: Sector, /) -> None:
        self._pending.append((_bytes(key), _bytes(sector.path)))
        if len(self._pending) >= _BATCH:
            self._write_pending()

    def _write_pending(self) -> None:
        """What `setdefault` was given, written (in batches, and before any read)."""
        if not self._pending:
            return
        # OR IGNORE: a key that has its sector keeps it, as a dict's `setdefault` does
        self._store.execute(f"INSERT OR IGNORE INTO {self._name} VALUES (?, ?)", self._pending)
        self._pending = []
        self._store.looked_up.cache_clear()  # a key not found before may be there now

    @overload
    def get(self, key: str, /) -> Sector | None: ...
    @overload
    def get(self, key: str, default: Sector | _T, /) -> Sector | _T: ...
    def get(self, key: str, default: object = None, /) -> object:
        """(Mapping's `get` would look the key up through a KeyError when it is missing.)"""
        if self._pending:
            self._write_pending()
        found = self._store.looked_up(self._lookup, key)
        return found if found is not None else default

    def __iter__(self) -> Iterator[str]:
        self._write_pending()
        for (key,) in self._store.rows(f"SELECT key FROM {self._name} ORDER BY rowid"):
            yield _text(key)

    def __len__(self) -> int:
        self._write_pending()
        (count,) = self._store.first_row(f"SELECT count(*) FROM {self._name}", ())
        return int(count)
