"""A sector declares that it overlaps with, or supports, itself.

An overlap is ground two sectors share, and support is what one sector gives another: neither
can hold between a sector and itself. Such a relation is a slip (often a copied block whose
`sector` was not changed), and the comparison drops it, so the reader never sees the relation
that was meant. A sector that is a subset of itself is R004's (a cycle of one).
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model, Sector
from sectorlint.problem import Problem, Severity
from sectorlint.rules._each import each_sector

CODE = "R012"
NAME = "self-relation"
SEVERITY = Severity.ERROR

BAD = {
    "help-desk.yaml": """\
id: help-desk
relations:
  supports:
    - sector: help-desk
#             ^ R012
      how: Runs its own ticketing tools.
""",
}
GOOD = {
    "outsourcing.yaml": "id: outsourcing\n",
    "help-desk.yaml": """\
id: help-desk
relations:
  supports:
    - sector: outsourcing
      how: Runs the outsourcing teams' ticketing tools.
""",
}

_WORDS = {"overlaps_with": "overlap with", "supports": "support"}


def check_sector(model: Model, sector: Sector) -> Iterator[Problem]:
    for relation in sector.relations:
        if relation.kind in _WORDS and model.meant(relation.target) == sector.id:
            message = (
                f"'{sector.id}' cannot {_WORDS[relation.kind]} itself; name the other "
                "sector, or remove the relation"
            )
            yield sector.problem(CODE, (*relation.path, "sector"), message)


check = each_sector(check_sector)
