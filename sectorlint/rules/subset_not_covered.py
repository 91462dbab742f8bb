"""A subset does work its parent does not cover.

Everything a subset does, its parent does too: a sector declared `subset_of` another must not
serve a service area (front office, back office) the parent does not serve, nor list a core
function from an area outside the parent's. The parent's areas are its `service_areas`, or,
where it declares none, the areas of its own core functions (the taxonomy maps functions to
areas).
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model, Sector
from sectorlint.problem import Problem, Severity
from sectorlint.rules._each import each_sector, related_of
from sectorlint.taxonomy import normalize

CODE = "R008"
NAME = "subset-not-covered"
SEVERITY = Severity.ERROR

BAD = {
    "outsourcing.yaml": """\
id: outsourcing
service_areas: [back-office]
core_functions: [Payroll]
""",
    "help-desk.yaml": """\
id: help-desk
service_areas: [front-office]
#               ^ R008
core_functions: [Customer support]
#                ^ R008
relations:
  subset_of:
    - sector: outsourcing
""",
}
GOOD = {
    "outsourcing.yaml": """\
id: outsourcing
service_areas: [front-office, back-office]
core_functions: [Payroll, Customer service]
""",
    "help-desk.yaml": """\
id: help-desk
service_areas: [front-office]
core_functions: [Customer support]
relations:
  subset_of:
    - sector: outsourcing
""",
}


def areas_of(sector: Sector, model: Model) -> set[str]:
    declared = {area for _, area in sector.strings("service_areas")}
    if declared:
        return declared
    found = (model.taxonomy.function_area(f) for _, f in sector.strings("core_functions"))
    return {area for area in found if area is not None}


def check_sector(model: Model, sector: Sector) -> Iterator[Problem]:
    for _, parent in related_of(model, sector, "subset_of"):
        covered = areas_of(parent, model)
        if not covered:
            continue  # nothing is known about the parent's areas
        related = (parent.path,)
        for path, area in sector.strings("service_areas"):
            if area not in covered:
                message = f"serves {area}, which its parent '{parent.id}' does not"
                yield sector.problem(CODE, path, message, related=related)
        parent_functions = {normalize(f) for _, f in parent.strings("core_functions")}
        for path, function in sector.strings("core_functions"):
            function_area = model.taxonomy.function_area(function)
            if (
                function_area
                and function_area not in covered
                and normalize(function) not in parent_functions
            ):
                message = (
                    f"core function '{function}' is {function_area} work, which its parent "
                    f"'{parent.id}' does not cover"
                )
                yield sector.problem(CODE, path, message, related=related)


check = each_sector(check_sector)
