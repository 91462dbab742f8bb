"""The model of a content set too large to hold in memory: kept in a temporary file instead.

It answers the questions rules ask of any `Model` (every sector in path order, a sector by id,
the first sector claiming a name) from a private SQLite database that is deleted when the model
goes. SQLite keeps only a small page cache in memory, and each sector is decoded again when a
rule reaches it, so the memory a run needs no longer grows with the number of sectors. It is
slower than the model in memory, so only sets of `Options.spill_from` files or more use it.

Rows are marshal data made by this process from results it computed: never read from anywhere
else (the results cache on disk stays JSON). Texts are stored as UTF-8 bytes with surrogates
passed through: file names and JSON content may hold lone surrogates, and the bytes sort in the
order Python sorts the texts, so "first in path order" means the same as in memory.
"""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sectorlint.analysis import sector_of
from sectorlint.document import Loader
from sectorlint.limits import SpillError
from sectorlint.model import Lookup, Model, NameKey, Sector
from sectorlint.taxonomy import Taxonomy

_BATCH = 1000  # rows written per statement
_RECENT = 512  # sectors kept decoded: parents and the like are asked for again and again


@contextmanager
def _storage() -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise SpillError(
            f"cannot use the temporary file that holds the sectors of a large run: {exc} "
            "(SQLITE_TMPDIR names a folder with more room)"
        ) from exc


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _text(stored: bytes) -> str:
    return stored.decode("utf-8", "surrogatepass")


class Spill:
    """Collects sectors as results arrive, then becomes a `SpilledModel`."""

    def __init__(self) -> None:
        with _storage():
            self.db = sqlite3.connect("")  # "": a private file, gone when the connection closes
            self.db.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to recover
            self.db.execute("PRAGMA synchronous = OFF")
            self.db.execute(
                "CREATE TABLE sectors (path BLOB PRIMARY KEY, id BLOB, digest TEXT, row BLOB)"
            )
        self._pending: list[tuple[bytes, bytes, str, bytes]] = []

    def add(self, path: str, digest: str, projection: dict[str, Any]) -> None:
        row = marshal.dumps(projection)
        self._pending.append((_bytes(path), _bytes(projection["id"]), digest, row))
        if len(self._pending) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        with _storage():
            self.db.executemany("INSERT OR REPLACE INTO sectors VALUES (?, ?, ?, ?)", self._pending)
        self._pending = []

    def model(self, taxonomy: Taxonomy, loader: Loader) -> SpilledModel:
        self._flush()
        with _storage():
            self.db.execute("CREATE INDEX sector_ids ON sectors (id, path)")
            self.db.commit()
        return SpilledModel(self.db, taxonomy, loader)


class SpilledModel(Model):
    def __init__(self, db: sqlite3.Connection, taxonomy: Taxonomy, loader: Loader) -> None:
        self.db = db
        self.taxonomy = taxonomy
        self.loader = loader
        self.sectors = _Sectors(self)
        self.by_id = _ById(self)
        self._indexes: dict[NameKey, Lookup] = {}
        self.at = lru_cache(maxsize=_RECENT)(self._at)
        self.with_id = lru_cache(maxsize=_RECENT)(self._with_id)

    def rows(self, query: str, parameters: tuple[Any, ...] = ()) -> Iterator[Any]:
        with _storage():
            yield from self.db.execute(query, parameters)

    def first_row(self, query: str, parameters: tuple[Any, ...]) -> Any:
        return next(self.rows(query, parameters), None)

    def sector(self, path: bytes, row: bytes) -> Sector:
        return sector_of(_text(path), marshal.loads(row), self.loader)

    def _at(self, path: str) -> Sector | None:
        found = self.first_row("SELECT path, row FROM sectors WHERE path = ?", (_bytes(path),))
        return self.sector(*found) if found else None

    def _with_id(self, sector_id: str) -> Sector | None:
        """The first sector (in path order) with this id, as the model in memory keeps it."""
        query = "SELECT path, row FROM sectors WHERE id = ? ORDER BY path LIMIT 1"
        found = self.first_row(query, (_bytes(sector_id),))
        return self.sector(*found) if found else None

    def _index(self, key_of: NameKey) -> Lookup:
        table = f"claims_{len(self._indexes)}"
        insert = f"INSERT INTO {table} VALUES (?, ?, ?)"
        with _storage():
            self.db.execute(f"CREATE TEMP TABLE {table} (key BLOB, seq INTEGER, path BLOB)")
        pending: list[tuple[bytes, int, bytes]] = []
        seq = 0  # the order the model in memory meets names in: the first claim wins
        for sector in self.sectors:
            for path, name in sector.names():
                key = key_of(path, name)
                if key is not None:
                    pending.append((_bytes(key), seq, _bytes(sector.path)))
                    seq += 1
            if len(pending) >= _BATCH:
                with _storage():
                    self.db.executemany(insert, pending)
                pending = []
        with _storage():
            self.db.executemany(insert, pending)
            self.db.execute(f"CREATE INDEX {table}_keys ON {table} (key, seq)")
        query = f"SELECT path FROM {table} WHERE key = ? ORDER BY seq LIMIT 1"

        @lru_cache(maxsize=_RECENT // 4)
        def first(key: str) -> Sector | None:
            found = self.first_row(query, (_bytes(key),))
            return self.at(_text(found[0])) if found else None

        return first


class _Sectors:
    """Every sector in path order, read from the file on each pass."""

    def __init__(self, model: SpilledModel) -> None:
        self.model = model

    def __iter__(self) -> Iterator[Sector]:
        for path, row in self.model.rows("SELECT path, row FROM sectors ORDER BY path"):
            yield self.model.sector(path, row)

    def __len__(self) -> int:
        (count,) = self.model.first_row("SELECT count(*) FROM sectors", ())
        return int(count)

    def __contains__(self, item: object) -> bool:
        return isinstance(item, Sector) and self.model.at(item.path) is not None


class _ById(Mapping[str, Sector]):
    def __init__(self, model: SpilledModel) -> None:
        self.model = model

    def __getitem__(self, sector_id: str) -> Sector:
        found = self.model.with_id(sector_id)
        if found is None:
            raise KeyError(sector_id)
        return found

    def __contains__(self, sector_id: object) -> bool:
        return isinstance(sector_id, str) and self.model.with_id(sector_id) is not None

    def __iter__(self) -> Iterator[str]:
        for (sector_id,) in self.model.rows("SELECT DISTINCT id FROM sectors ORDER BY id"):
            yield _text(sector_id)

    def __len__(self) -> int:
        (count,) = self.model.first_row("SELECT count(DISTINCT id) FROM sectors", ())
        return int(count)
