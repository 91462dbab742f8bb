"""Two sectors claim the same id, name or alias.

Relations, renders and search all look sectors up by id and by name; when two files claim the
same one, which sector a relation means depends on file order. Names are compared ignoring case,
spacing and hyphens (`Call-Center` is `call-center`). The problem is reported in every file
after the first that claims the name.
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.document import JsonPath
from sectorlint.model import Model, Sector
from sectorlint.problem import Problem, Severity
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


def check(model: Model) -> Iterator[Problem]:
    first_claim: dict[str, tuple[Sector, JsonPath]] = {}
    for sector in model.sectors:
        seen_here: set[str] = set()
        for path, name in sector.names():
            key = normalize(name).replace("-", " ")
            if key in seen_here:
                continue  # a sector may repeat its own name (id `bpo`, short name `BPO`)
            seen_here.add(key)
            owner = first_claim.setdefault(key, (sector, path))
            if owner[0] is not sector:
                other, other_path = owner
                line = other.document.value_span(other_path).line
                message = (
                    f"'{name}' is already claimed by sector '{other.id}' ({other.path}:{line})"
                )
                yield sector.problem(CODE, path, message, related=(other.path,))
