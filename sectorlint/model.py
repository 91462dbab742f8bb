"""The content set as one model: every sector, its relations, and where each fact sits.

Sectors are built from any file that parsed into a mapping with a text `id`, even when the schema
found problems in it, so that one typo in `bpo.yaml` does not make every relation to `bpo` look
broken. Accessors therefore take only values of the expected type and ignore the rest (the
schema has already reported them).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from typing import Any, NamedTuple, Protocol

from sectorlint.document import Document, JsonPath
from sectorlint.problem import Problem, Span, json_path_text
from sectorlint.taxonomy import RELATION_KINDS, Taxonomy, normalize


class Relation(NamedTuple):  # a tuple: made fast, as a spilled model makes them at every read
    kind: str  # one of RELATION_KINDS
    target: str
    via: str | None
    position: int  # in its list: relations.<kind>[position]

    @property
    def path(self) -> JsonPath:
        return ("relations", self.kind, self.position)


def relations_in(data: dict[str, Any]) -> tuple[Relation, ...]:
    """The well-formed entries of a sector's `relations` block, in the order of RELATION_KINDS.

    A misspelt key (`subsetof:`, `sektor:`) is read as the key it was meant to be: S002 reports
    the one mistake, and the cross-file rules must not also see a relation missing."""
    block = data.get("relations")
    if not isinstance(block, dict):
        return ()
    found = []
    kinds = _meant_keys(block, RELATION_KINDS)
    for kind in RELATION_KINDS:
        entries = block.get(kinds.get(kind, kind))
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict):
                continue
            keys = _meant_keys(entry, ("sector", "via"))
            target, via = entry.get(keys.get("sector", "sector")), entry.get(keys.get("via", "via"))
            if isinstance(target, str):
                found.append(Relation(kind, target, via if isinstance(via, str) else None, index))
    return tuple(found)


def _meant_keys(mapping: dict[str, Any], known: tuple[str, ...]) -> dict[str, str]:
    """{known key: the misspelt key standing for it}, for the known keys a mapping lacks."""
    unknown = [k for k in mapping if k not in known and isinstance(k, str)]
    missing = [k for k in known if k not in mapping]
    if not unknown or not missing:
        return {}
    from sectorlint.suggest import suggestion

    meant: dict[str, str] = {}
    for key in unknown:
        guess = suggestion(key, missing)
        if guess is not None and guess not in meant:
            meant[guess] = key
    return meant


class Sector:
    """One sector: its data (all of it, or the projection cross-file rules read) and relations.

    Slots, and relations parsed once: a large content set holds many of these at once. Two
    Sector objects for the same file are equal (a spilled model makes a new one at each read).
    """

    __slots__ = ("_containers", "_joined", "_strings", "document", "relations")

    def __init__(self, document: Document, relations: tuple[Relation, ...] | None = None) -> None:
        self.document = document
        self.relations = relations_in(document.data) if relations is None else relations
        self._strings: list[tuple[JsonPath, str]] | None = None
        self._containers: list[tuple[JsonPath, Any]] | None = None
        self._joined: str | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sector) and other.document.path == self.document.path

    def __hash__(self) -> int:
        return hash(self.document.path)

    def __repr__(self) -> str:
        return f"Sector({self.document.path!r})"

    @property
    def data(self) -> dict[str, Any]:
        return self.document.data

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def id(self) -> str:
        return str(self.data["id"])

    def text(self, key: str) -> str:
        value = self.data.get(key)
        return value if isinstance(value, str) else ""

    @property
    def all_strings(self) -> list[tuple[JsonPath, str]]:
        """Every text value of the sector with its path, walked once for all the rules."""
        if self._strings is None:
            from sectorlint.rules._walk import strings

            self._strings = list(strings(self.data))
        return self._strings

    @property
    def all_containers(self) -> list[tuple[JsonPath, Any]]:
        """Every mapping and list of the sector with its path, walked once for all the rules."""
        if self._containers is None:
            from sectorlint.rules._walk import containers

            self._containers = list(containers(self.data))
        return self._containers

    @property
    def joined_text(self) -> str:
        """All the sector's text in one string: one search tells a rule whether to look closer
        (a match that spans two texts only costs the closer look)."""
        if self._joined is None:
            self._joined = "\n".join(text for _, text in self.all_strings)
        return self._joined

    def strings(self, key: str) -> list[tuple[JsonPath, str]]:
        """The text items of a list field, each with its path."""
        value = self.data.get(key)
        if not isinstance(value, list):
            return []
        return [((key, i), item) for i, item in enumerate(value) if isinstance(item, str)]

    def names(self) -> list[tuple[JsonPath, str]]:
        """Every name the sector answers to: id, name, short name and aliases."""
        found = [((key,), self.data.get(key)) for key in ("id", "name", "short_name")]
        return [(p, n) for p, n in found if isinstance(n, str)] + self.strings("aliases")

    def relations_of(self, kind: str) -> list[Relation]:
        return [r for r in self.relations if r.kind == kind]

    def problem(
        self,
        code: str,
        path: JsonPath,
        message: str,
        *,
        at_key: bool = False,
        related: tuple[str, ...] = (),
        span: Span | None = None,
    ) -> Problem:
        """A problem at the value (or key) at `path`, or its closest existing ancestor.

        `span` narrows it to a phrase inside that value.
        """
        if span is None:
            span = self.document.key_span(path) if at_key else self.document.value_span(path)
        return Problem(
            self.path, span, code, message, json_path=json_path_text(path), related=related
        )


# A key for looking sectors up by name: (where the name sits, the name) -> key, or None to skip.
NameKey = Callable[[JsonPath, str], "str | None"]
# The first sector (in path order) with a name of a key; `claimed_at` tells which name.
Lookup = Callable[[str], "Sector | None"]


class KeyTable(Mapping[str, Sector]):
    """Sectors by key (by id, or by one kind of name), filled with `setdefault`, which as a
    dict's leaves a key that has its sector as it is. Made by a store, filled by the model."""

    __slots__ = ()

    @abstractmethod
    def setdefault(self, key: str, sector: Sector, /) -> object: ...

    # A table answers `get` itself (a lookup, not through a KeyError); indexing and `in` go
    # through it.
    def __getitem__(self, key: str) -> Sector:
        found: Sector | None = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None


class SectorStore(Protocol):
    """Where a model's sectors are kept: a list in memory (`SectorList`), or for a set too large
    for that, a temporary file (`spill.SpilledSectors`). A store keeps sectors and finds them by
    key; what they mean to each other (whose id or name a key is, which claim counts) is the
    model's to say."""

    def __iter__(self) -> Iterator[Sector]:
        """Every sector, in path order."""
        ...

    def __len__(self) -> int: ...

    def table(self) -> KeyTable:
        """A new, empty table of sectors by key."""
        ...


class _Keys(dict[str, Sector], KeyTable):
    __slots__ = ()


class SectorList:
    """Sectors held in memory: the list given, sorted by path."""

    __slots__ = ("_sectors",)

    def __init__(self, sectors: list[Sector]) -> None:
        sectors.sort(key=_path_of)
        self._sectors = sectors

    def __iter__(self) -> Iterator[Sector]:
        return iter(self._sectors)

    def __len__(self) -> int:
        return len(self._sectors)

    def table(self) -> KeyTable:
        return _Keys()


def _path_of(sector: Sector) -> str:
    return sector.path


# How a document joins the model, through its kind (`kinds.joining`): from its path, its
# projection and, when it was kept (`render`), its whole document, the sector the model holds.
Join = Callable[[str, dict[str, Any], "Document | None"], Sector]


class Gathering(Protocol):
    """A store being filled as the documents' results arrive, handed to the model once they all
    have: `Gathered` in memory, or `spill.Spill` in a temporary file."""

    def add(self, path: str, projection: dict[str, Any], document: Document | None) -> None:
        """A document's projection (taken over), and the whole document when it was kept."""
        ...

    def store(self) -> SectorStore: ...


class Gathered:
    """Sectors gathered in memory, each joined to the model through `join` as it arrives."""

    __slots__ = ("_join", "_sectors")

    def __init__(self, join: Join) -> None:
        self._join = join
        self._sectors: list[Sector] = []

    def add(self, path: str, projection: dict[str, Any], document: Document | None) -> None:
        self._sectors.append(self._join(path, projection, document))

    def store(self) -> SectorStore:
        return SectorList(self._sectors)


class ModelBuilder:
    """A content set's model, assembled as each document's result arrives: a document that
    holds a sector (one with a projection) joins the store being gathered; nothing else of a
    result is kept."""

    __slots__ = ("_former_ids", "_gathering", "_taxonomy")

    def __init__(
        self, taxonomy: Taxonomy, gathering: Gathering, former_ids: frozenset[str] = frozenset()
    ) -> None:
        self._taxonomy = taxonomy
        self._gathering = gathering
        self._former_ids = former_ids

    def add(self, path: str, projection: dict[str, Any] | None, document: Document | None) -> None:
        if projection is not None:
            self._gathering.add(path, projection, document)

    def model(self) -> Model:
        return Model(self._gathering.store(), self._taxonomy, self._former_ids)


class Model:
    """Every sector of a content set, in path order, and what they mean to each other: which
    sector an id or a name stands for, their relations. The sectors are kept by a store, in
    memory or in a file (see `SectorStore`); the answers are the same from either."""

    def __init__(
        self,
        sectors: SectorStore | list[Sector],
        taxonomy: Taxonomy,
        former_ids: frozenset[str] = frozenset(),
    ) -> None:
        """`sectors`: a store, or a list to keep in memory. `former_ids`: the ids the set had
        at the revision a run compares with (`check --staged`, `--since`): a sector gone since
        then is one a commit removed, not one the set never had."""
        self.sectors: SectorStore = SectorList(sectors) if isinstance(sectors, list) else sectors
        self.taxonomy = taxonomy
        self.former_ids = former_ids
        self._indexes: dict[NameKey, Lookup] = {}

    @cached_property
    def by_id(self) -> Mapping[str, Sector]:
        """The sector of each id (of two with the same id, the first in path order)."""
        return self._first_claims(_id_of)

    def first_claim(self, key_of: NameKey) -> Lookup:
        """A lookup of the first sector whose names give a key; built once per key function."""
        if key_of not in self._indexes:

            def keys(sector: Sector) -> Iterator[str | None]:
                return (key_of(path, name) for path, name in sector.names())

            self._indexes[key_of] = self._first_claims(keys).get
        return self._indexes[key_of]

    def _first_claims(self, keys_of: Callable[[Sector], Iterable[str | None]]) -> KeyTable:
        """Each key with the first sector, in path order, to claim it: the one place that says
        which of two claims counts, for ids as for names."""
        table = self.sectors.table()
        for sector in self.sectors:
            for key in keys_of(sector):
                if key is not None:
                    table.setdefault(key, sector)
        return table

    def resolve(self, name: str) -> Sector | None:
        """The sector with this id, or failing that, with this name or alias."""
        by_id = self.by_id.get(name)
        return by_id if by_id is not None else self.first_claim(loose_key)(_loose(name))

    def meant(self, target: str) -> str:
        """The id a relation's target means: the id of the sector it names by id, name or
        alias (`BPO` -> `bpo`), else the target itself. Rules that ask whether a relation is
        there read it so: R001 alone says how to write it."""
        named = self.resolve(target)
        return named.id if named is not None else target

    def relations(self) -> Iterator[tuple[Sector, Relation]]:
        for sector in self.sectors:
            for relation in sector.relations:
                yield sector, relation

    def related(self, kind: str) -> Iterator[tuple[Sector, Relation, Sector]]:
        """(sector, relation, the sector it names) for every relation of `kind` whose target
        exists; an unknown target is R001's to report."""
        by_id = self.by_id
        for sector, relation in self.relations():
            if relation.kind == kind and (target := by_id.get(relation.target)) is not None:
                yield sector, relation, target


def _id_of(sector: Sector) -> tuple[str]:
    return (sector.id,)


def loose_key(path: JsonPath, name: str) -> str:
    return _loose(name)


def claimed_at(sector: Sector, key_of: NameKey, key: str) -> JsonPath:
    """Where in `sector` the name with this key sits (its first such name)."""
    return next((path for path, name in sector.names() if key_of(path, name) == key), ())


def _loose(name: str) -> str:
    """For matching names as people write them: `business-process-outsourcing` is the name."""
    return normalize(name.replace("-", " ").replace("_", " "))


# --- A model kept up to date one sector at a time, for a session (session.py, rules/live.py) ---
# (Kept apart from the rest of the module on purpose: it only adds, and reads the model's
# tables through the same `_first_claims` every model builds them with.)

import bisect  # noqa: E402
import weakref  # noqa: E402
from typing import TypeVar  # noqa: E402

_T = TypeVar("_T")
_R = TypeVar("_R")
EachValue = Callable[[Sector], Any]  # what one sector adds to a value read from every sector
Combine = Callable[[Iterable[Any]], Any]  # the value, from what every sector adds


class Reads:
    """What one computation read of a live model, so that it is done again only when that
    changes: keys looked up in its tables (and the sectors found), and whether it walked the
    whole set (every sector; or, for a rule that says it reads no more of them, only each
    sector's id and relations), listed every id, or read a value gathered from every sector."""

    __slots__ = ("across", "all_ids", "every", "graph", "keys", "relations_only", "sectors")

    def __init__(self, relations_only: bool = False) -> None:
        self.keys: set[tuple[int, str]] = set()  # (table, key)
        self.sectors: set[str] = set()  # paths of the sectors read (their data and positions)
        self.all_ids = False
        self.every = False
        self.graph = False
        self.across: set[EachValue] = set()
        self.relations_only = relations_only


class Changed(NamedTuple):
    """What replacing one sector changed of what a computation may have read (see `Reads`)."""

    path: str
    keys: frozenset[tuple[int, str]]  # keys whose first claim is another sector's now
    ids: bool  # an id came or went
    graph: bool  # an id or the relations of the sector changed
    across: frozenset[EachValue]  # values gathered from every sector that changed


class _LiveTable(KeyTable):
    """A table of first claims that records what is looked up in it while its model reads,
    and keeps every claim of a key (in path order) so that a sector can be replaced."""

    __slots__ = ("_claims", "_model", "_owners", "keys_of", "tag")

    def __init__(
        self, model: LiveModel, tag: int, keys_of: Callable[[Sector], Iterable[str | None]]
    ) -> None:
        self._model = model
        self.tag = tag
        self.keys_of = keys_of
        self._owners: dict[str, Sector] = {}
        self._claims: dict[str, list[Sector]] = {}

    def setdefault(self, key: str, sector: Sector, /) -> object:
        claims = self._claims.setdefault(key, [])
        if not claims or claims[-1].path != sector.path:
            bisect.insort(claims, sector, key=_path_of)
        return self._owners.setdefault(key, claims[0])

    def get(self, key: str, default: Any = None, /) -> Any:
        found = self._owners.get(key)
        reads = self._model.reading
        if reads is not None:
            reads.keys.add((self.tag, key))
            if found is not None:
                reads.sectors.add(found.path)
        return default if found is None else found

    def __iter__(self) -> Iterator[str]:
        reads = self._model.reading
        if reads is not None:
            reads.all_ids = True
        return iter(self._owners)

    def __len__(self) -> int:
        reads = self._model.reading
        if reads is not None:
            reads.all_ids = True
        return len(self._owners)

    def keys_of_sector(self, sector: Sector | None) -> set[str]:
        return set() if sector is None else {k for k in self.keys_of(sector) if k is not None}

    def replace(self, old: Sector | None, new: Sector | None) -> tuple[list[str], bool]:
        """Take `old`'s claims out and put `new`'s in: the keys whose first claim moved to
        another sector (or came or went), and whether one came or went."""
        old_keys, new_keys = self.keys_of_sector(old), self.keys_of_sector(new)
        moved, came_or_went = [], False
        for key in old_keys | new_keys:
            before = self._owners.get(key)
            claims = [s for s in self._claims.get(key, ()) if old is None or s.path != old.path]
            if new is not None and key in new_keys:
                bisect.insort(claims, new, key=_path_of)
            if claims:
                self._claims[key] = claims
                self._owners[key] = claims[0]
            else:
                self._claims.pop(key, None)
                self._owners.pop(key, None)
            after = self._owners.get(key)
            if (before is None) != (after is None):
                came_or_went = True
                moved.append(key)
            elif before is not None and after is not None and before.path != after.path:
                moved.append(key)
        return moved, came_or_went


class _LiveSectors(SectorList):
    """Sectors in memory, in path order, one replaceable at a time; walking them all is
    recorded as a read of the whole set."""

    __slots__ = ("_model",)

    def __init__(self, sectors: list[Sector], model: LiveModel) -> None:
        super().__init__(sectors)
        self._model = model

    def __iter__(self) -> Iterator[Sector]:
        reads = self._model.reading
        if reads is not None:
            if reads.relations_only:
                reads.graph = True
            else:
                reads.every = True
        return super().__iter__()

    def replace(self, path: str, sector: Sector | None) -> Sector | None:
        """Put `sector` in place of the one at `path` (None: take it out): the one it replaces."""
        sectors = self._sectors
        index = bisect.bisect_left(sectors, path, key=_path_of)
        old = sectors[index] if index < len(sectors) and sectors[index].path == path else None
        if old is not None:
            del sectors[index]
        if sector is not None:
            sectors.insert(index, sector)
        return old


class LiveModel(Model):
    """A model in memory whose sectors are replaced one at a time (`replace`), its tables
    updated in place, and whose reads are recorded while `reading` is set: what a session
    needs to run again only the rules' work that read what changed."""

    def __init__(self, sectors: list[Sector], taxonomy: Taxonomy) -> None:
        self.reading: Reads | None = None
        self.store = _LiveSectors(sectors, self)
        super().__init__(self.store, taxonomy)
        self._tables: list[_LiveTable] = []
        self._across: dict[EachValue, tuple[Combine, dict[str, Any], Any]] = {}
        # the tables `resolve` reads, built now: the first edit that names a sector by a name
        # should not pay for them
        self.first_claim(loose_key)
        self.by_id  # noqa: B018

    def _first_claims(self, keys_of: Callable[[Sector], Iterable[str | None]]) -> KeyTable:
        table = _LiveTable(self, len(self._tables), keys_of)
        self._tables.append(table)
        reading, self.reading = self.reading, None  # filling the table reads no key
        try:
            for sector in self.sectors:
                for key in keys_of(sector):
                    if key is not None:
                        table.setdefault(key, sector)
        finally:
            self.reading = reading
        return table

    def across_set(self, of: EachValue, combined: Combine) -> Any:
        """`combined` of what `of` finds in every sector, kept up to date as sectors change."""
        if of not in self._across:
            reading, self.reading = self.reading, None
            try:
                each = {sector.path: of(sector) for sector in self.sectors}
            finally:
                self.reading = reading
            self._across[of] = (combined, each, combined(each.values()))
        if self.reading is not None:
            self.reading.across.add(of)
        return self._across[of][2]

    def sector_at(self, path: str) -> Sector | None:
        sectors = self.store._sectors
        index = bisect.bisect_left(sectors, path, key=_path_of)
        return sectors[index] if index < len(sectors) and sectors[index].path == path else None

    def replace(self, path: str, sector: Sector | None) -> Changed:
        """Put `sector` in place of the sector of `path` (None: the file has none now)."""
        old = self.store.replace(path, sector)
        keys: set[tuple[int, str]] = set()
        ids = False
        by_id = self.__dict__.get("by_id")  # (built on first use, as every table)
        for table in self._tables:
            moved, came_or_went = table.replace(old, sector)
            keys.update((table.tag, key) for key in moved)
            ids = ids or (came_or_went and table is by_id)
        before = (old.id, old.relations) if old is not None else None
        after = (sector.id, sector.relations) if sector is not None else None
        across = set()
        for of, (combined, each, value) in self._across.items():
            each.pop(path, None)
            if sector is not None:
                each[path] = of(sector)
            now = combined(each.values())
            if now != value:
                self._across[of] = (combined, each, now)
                across.add(of)
        return Changed(path, frozenset(keys), ids, before != after, frozenset(across))


def across_set(
    model: Model, of: Callable[[Sector], _T], combined: Callable[[Iterable[_T]], _R]
) -> _R:
    """`combined` of what `of` finds in every sector of the model, worked out once per model
    (a live model keeps it up to date): context a rule reads from the whole set."""
    if isinstance(model, LiveModel):
        found: _R = model.across_set(of, combined)
        return found
    memo = _ACROSS_SET.setdefault(model, {})
    if of not in memo:
        memo[of] = combined(of(sector) for sector in model.sectors)
    value: _R = memo[of]
    return value


_ACROSS_SET: weakref.WeakKeyDictionary[Model, dict[Any, Any]] = weakref.WeakKeyDictionary()
