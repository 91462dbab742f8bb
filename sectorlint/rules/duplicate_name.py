"""Two sectors claim the same id, name or alias.

Relations, renders and search all look sectors up by id and by name; when two files claim the
same one, which sector a relation means depends on file order. Names are compared ignoring case,
spacing and hyphens (`Call-Center` is `call-center`). The problem is reported in every file
after the first that claims the name.
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.document import JsonPath
from sectorlint.model import Model, Sector, claimed_at
from sectorlint.problem import Problem, Severity
from sectorlint.rules._each import each_sector
from sectorlint.taxonomy import normalize

CODE = "R002"
NAME = "duplicate-name"
SEVERITY = Severity.ERROR

BAD = {
    "help-desk.yaml": """\
id: help-desk
aliases: [Service desk]
""",
    "service-desk.yaml": """\
id: service-desk
#   ^ R002
""",
}
GOOD = {
    "help-desk.yaml": """\
id: help-desk
aliases: [IT help desk]
""",
    "service-desk.yaml": "id: service-desk\n",
}


def check_sector(model: Model, sector: Sector) -> Iterator[Problem]:
    first = model.first_claim(claim_key)
    seen_here: set[str] = set()
    for path, name in sector.names():
        key = claim_key(path, name)
        if key in seen_here:
            continue  # a sector may repeat its own name (id `bpo`, short name `BPO`)
        seen_here.add(key)
        other = first(key)
        if other is not None and other != sector:
            line = other.document.value_span(claimed_at(other, claim_key, key)).line
            message = f"'{name}' is already claimed by sector '{other.id}' ({other.path}:{line})"
            yield sector.problem(CODE, path, message, related=(other.path,))


check = each_sector(check_sector)


def claim_key(path: JsonPath, name: str) -> str:
    return normalize(name).replace("-", " ")
