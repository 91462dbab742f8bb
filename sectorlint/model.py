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
