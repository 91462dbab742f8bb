"""A sector declares an overlap with a sector it is part of, or with one of its own parts.

A part lies wholly inside its whole: call centers are a subset of BPO, so saying they also
"overlap" BPO contradicts the hierarchy (an overlap means each side has ground the other lacks).
That holds whichever side says it (BPO overlapping call centers is as wrong) and at any depth:
a subset of a subset of BPO does not overlap BPO either.
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model, Sector
from sectorlint.problem import Problem, Severity
from sectorlint.rules._each import each_sector, related_of

CODE = "R011"
NAME = "overlap-with-parent"
SEVERITY = Severity.ERROR

BAD = {
    "outsourcing.yaml": "id: outsourcing\n",
    "help-desk.yaml": """\
id: help-desk
relations:
  subset_of:
    - sector: outsourcing
  overlaps_with:
    - sector: outsourcing
#             ^ R011
      via: support work
""",
}
GOOD = {
    "outsourcing.yaml": "id: outsourcing\n",
    "help-desk.yaml": """\
id: help-desk
relations:
  subset_of:
    - sector: outsourcing
""",
}


def ancestors(model: Model, sector_id: str) -> set[str]:
    """Every sector `sector_id` is a subset of, directly or through others (cycles are safe)."""
    found: set[str] = set()
    pending = [sector_id]
    while pending:
        sector = model.by_id.get(pending.pop())
        for relation in sector.relations_of("subset_of") if sector is not None else []:
            if relation.target not in found:
                found.add(relation.target)
                pending.append(relation.target)
    return found


def check_sector(model: Model, sector: Sector) -> Iterator[Problem]:
    for relation, other in related_of(model, sector, "overlaps_with"):
        if other == sector:
            continue
        if other.id in ancestors(model, sector.id):
            message = f"'{sector.id}' is a subset of '{other.id}', so it cannot also overlap it"
        elif sector.id in ancestors(model, other.id):
            message = (
                f"'{other.id}' is a subset of '{sector.id}', so '{sector.id}' cannot overlap it"
            )
        else:
            continue
        message += "; remove the overlap or the subset relation"
        yield sector.problem(CODE, (*relation.path, "sector"), message, related=(other.path,))


check = each_sector(check_sector)
