"""Rules that look from one sector at a time: written as `check_sector(model, sector)`, each
sector's problems found on its own, so that a session runs a rule again only for the sectors
whose findings may have changed (see `rules.live`), while a run checks every sector in turn."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sectorlint.model import Model, Relation, Sector
from sectorlint.problem import Problem

SectorCheck = Callable[[Model, Sector], Iterator[Problem]]


def each_sector(check_sector: SectorCheck) -> Callable[[Model], Iterator[Problem]]:
    """A rule's `check` of the whole model: `check_sector` of every sector, in path order."""

    def check(model: Model) -> Iterator[Problem]:
        for sector in model.sectors:
            yield from check_sector(model, sector)

    return check


def related_of(model: Model, sector: Sector, kind: str) -> Iterator[tuple[Relation, Sector]]:
    """`Model.related` from one sector: (relation, the sector it names) for each of its
    relations of `kind` whose target exists."""
    for relation in sector.relations:
        if relation.kind == kind and (target := model.by_id.get(relation.target)) is not None:
            yield relation, target
