"""A subset claims a broader scope than the sector it is part of.

A part cannot be wider than the whole: a sector declared `subset_of` another must not sit higher
on the scope scale (narrow < moderate < broad) than its parent. Usually one of the two scope
values is wrong, or the relation is.
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model, Sector
from sectorlint.problem import Problem, Severity
from sectorlint.rules._each import each_sector, related_of

CODE = "R007"
NAME = "subset-broader-scope"
SEVERITY = Severity.ERROR

BAD = {
    "outsourcing.yaml": "id: outsourcing\nscope: moderate\n",
    "help-desk.yaml": """\
id: help-desk
scope: broad
#      ^ R007
relations:
  subset_of:
    - sector: outsourcing
""",
}
GOOD = {
    "outsourcing.yaml": "id: outsourcing\nscope: broad\n",
    "help-desk.yaml": """\
id: help-desk
scope: narrow
relations:
  subset_of:
    - sector: outsourcing
""",
}


def check_sector(model: Model, sector: Sector) -> Iterator[Problem]:
    taxonomy = model.taxonomy
    for _, parent in related_of(model, sector, "subset_of"):
        mine = taxonomy.rank("scope", sector.data.get("scope"))
        theirs = taxonomy.rank("scope", parent.data.get("scope"))
        if mine is not None and theirs is not None and mine > theirs:
            message = (
                f"scope '{sector.data['scope']}' is broader than '{parent.data['scope']}' of "
                f"'{parent.id}', which this sector is a subset of"
            )
            yield sector.problem(CODE, ("scope",), message, related=(parent.path,))


check = each_sector(check_sector)
