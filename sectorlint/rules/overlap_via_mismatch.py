"""The two sides of an overlap name the shared ground differently.

Both sides of an overlap say what it is called (`via`). When they disagree ("IT-enabled
services" on one side, "IT outsourcing" on the other), the comparison cannot say what the
overlap is. Case and spacing do not count. Reported once, at the `via` of the sector whose id
sorts last, naming the other side.
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model, Sector
from sectorlint.problem import Problem, Severity
from sectorlint.rules._each import each_sector, related_of
from sectorlint.taxonomy import normalize

CODE = "R006"
NAME = "overlap-via-mismatch"
SEVERITY = Severity.ERROR

BAD = {
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
      via: IT outsourcing
#          ^ R006
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
      via: it-enabled  services
""",
}


def check_sector(model: Model, sector: Sector) -> Iterator[Problem]:
    for relation, other in related_of(model, sector, "overlaps_with"):
        if sector.id <= other.id:
            continue  # each pair is looked at once, from the side whose id sorts last
        for back in other.relations_of("overlaps_with"):
            if back.target != sector.id or back.via is None or relation.via is None:
                continue
            if normalize(back.via) != normalize(relation.via):
                line = other.document.value_span((*back.path, "via")).line
                message = (
                    f"overlap with '{other.id}' is via '{relation.via}' here but via "
                    f"'{back.via}' in {other.path}:{line}; use one name on both sides"
                )
                yield sector.problem(CODE, (*relation.path, "via"), message, related=(other.path,))


check = each_sector(check_sector)
