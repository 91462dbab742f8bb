"""An overlap is declared by one sector only.

An overlap is mutual: if IT overlaps BPO through IT-enabled services, BPO overlaps IT too. When
only one side says so, a reader of the other side's page never learns of it, and the comparison
shows the overlap in one column only. The problem is reported in the file that lacks the
overlap, at the closest key that should hold it.
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model, Relation, Sector
from sectorlint.problem import Problem, Severity
from sectorlint.rules.overlap_with_parent import ancestors

CODE = "R005"
NAME = "one-sided-overlap"
SEVERITY = Severity.ERROR

BAD = {
    "outsourcing.yaml": """\
id: outsourcing
relations:
# expect R005 at 2:1
  supports:
    - sector: software
      how: Runs software vendors' support desks.
""",
    "software.yaml": """\
id: software
relations:
  overlaps_with:
    - sector: outsourcing
      via: IT-enabled services
""",
}
GOOD = {
    "outsourcing.yaml": """\
id: outsourcing
relations:
  overlaps_with:
    - sector: software
      via: IT-enabled services
""",
    "software.yaml": """\
id: software
relations:
  overlaps_with:
    - sector: outsourcing
      via: IT-enabled services
""",
}


def _required(model: Model, sector: str, target: str) -> set[str]:
    """The kinds of relation the taxonomy requires from `sector` to `target`."""
    return {
        r.kind
        for r in model.taxonomy.required_relations
        if (r.sector, r.target) == (sector, target)
    }


def missing_sides(model: Model) -> Iterator[tuple[Sector, Relation, Sector]]:
    """(sector, its overlap, the other sector) for each overlap the other side lacks.

    `check --fix` adds exactly these. An overlap with one's own parent is left out: it is wrong
    on both sides (R011), and adding the other side would not mend it.
    """
    for sector, relation, other in model.related("overlaps_with"):
        if other == sector:
            continue
        if any(r.target == sector.id for r in other.relations_of("overlaps_with")):
            continue
        if other.id in ancestors(model, sector.id) or sector.id in ancestors(model, other.id):
            continue
        yield sector, relation, other


def check(model: Model) -> Iterator[Problem]:
    for sector, relation, other in missing_sides(model):
        if "overlaps_with" in _required(model, other.id, sector.id):
            continue  # the taxonomy requires this overlap: R003 already reports it
        if _required(model, sector.id, other.id) - {"overlaps_with"}:
            continue  # the taxonomy wants another relation here: R003 says so, and mirroring
            # this overlap would spread the mistake to the other file
        line = sector.document.value_span(relation.path).line
        via = f" via '{relation.via}'" if relation.via else ""
        message = (
            f"'{sector.id}' declares an overlap with '{other.id}'{via} ({sector.path}:{line}) "
            f"that '{other.id}' does not declare back; add '{sector.id}' to the "
            f"relations.overlaps_with of '{other.id}'"
        )
        path = ("relations", "overlaps_with")
        yield other.problem(CODE, path, message, at_key=True, related=(sector.path,))
