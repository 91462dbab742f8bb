"""The content set as one model: every sector, its relations, and where each fact sits.

Sectors are built from any file that parsed into a mapping with a text `id`, even when the schema
found problems in it, so that one typo in `bpo.yaml` does not make every relation to `bpo` look
broken. Accessors therefore take only values of the expected type and ignore the rest (the
schema has already reported them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sectorlint.document import Document, JsonPath
from sectorlint.problem import Problem, Span, json_path_text
from sectorlint.taxonomy import RELATION_KINDS, Taxonomy, normalize


@dataclass(frozen=True, slots=True)
class Relation:
    kind: str  # one of RELATION_KINDS
    target: str
    via: str | None
    path: JsonPath  # of the relation entry, e.g. ("relations", "subset_of", 0)


@dataclass
class Sector:
    document: Document

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

    @cached_property
    def all_strings(self) -> list[tuple[JsonPath, str]]:
        """Every text value of the sector with its path, walked once for all the rules."""
        from sectorlint.rules._walk import strings

        return list(strings(self.data))

    @cached_property
    def all_containers(self) -> list[tuple[JsonPath, Any]]:
        """Every mapping and list of the sector with its path, walked once for all the rules."""
        from sectorlint.rules._walk import containers

        return list(containers(self.data))

    @cached_property
    def joined_text(self) -> str:
        """All the sector's text in one string: one search tells a rule whether to look closer
        (a match that spans two texts only costs the closer look)."""
        return "\n".join(text for _, text in self.all_strings)

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

    @cached_property
    def relations(self) -> list[Relation]:
        block = self.data.get("relations")
        if not isinstance(block, dict):
            return []
        found = []
        for kind in RELATION_KINDS:
            entries = block.get(kind)
            for index, entry in enumerate(entries if isinstance(entries, list) else []):
                if isinstance(entry, dict) and isinstance(entry.get("sector"), str):
                    via = entry.get("via") if isinstance(entry.get("via"), str) else None
                    found.append(Relation(kind, entry["sector"], via, ("relations", kind, index)))
        return found

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


@dataclass
class Model:
    sectors: list[Sector]
    taxonomy: Taxonomy
    by_id: dict[str, Sector] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {}
        for sector in self.sectors:
            self.by_id.setdefault(sector.id, sector)

    def resolve(self, name: str) -> Sector | None:
        """The sector with this id, or failing that, with this name or alias."""
        if name in self.by_id:
            return self.by_id[name]
        wanted = _loose(name)
        for sector in self.sectors:
            if any(_loose(n) == wanted for _, n in sector.names()):
                return sector
        return None

    def relations(self) -> Iterator[tuple[Sector, Relation]]:
        for sector in self.sectors:
            for relation in sector.relations:
                yield sector, relation


def _loose(name: str) -> str:
    """For matching names as people write them: `business-process-outsourcing` is the name."""
    return normalize(name.replace("-", " ").replace("_", " "))


def build_model(documents: list[Document], taxonomy: Taxonomy) -> Model:
    sectors = [Sector(d) for d in documents if isinstance(d.data.get("id"), str) and d.data["id"]]
    return Model(sorted(sectors, key=lambda s: s.path), taxonomy)
