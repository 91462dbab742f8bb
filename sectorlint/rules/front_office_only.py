"""A front-office-only sector lists back-office work.

A sector that serves only the front office (customer-facing work) should not list back-office
functions such as payroll or data entry among its core functions, offerings or examples. The
sources are explicit for call centers: they are built for customer interactions and are not
where back-office work goes; that work belongs to BPO.
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model
from sectorlint.problem import Problem, Severity

CODE = "R009"
NAME = "front-office-only"
SEVERITY = Severity.ERROR
SCOPE = "file"  # needs only the sector itself: runs as each file is read

BAD = {
    "help-desk.yaml": """\
id: help-desk
service_areas: [front-office]
core_functions:
  - Customer support
  - Payroll
#   ^ R009
""",
}
GOOD = {
    "help-desk.yaml": """\
id: help-desk
service_areas: [front-office]
core_functions:
  - Customer support
  - Technical support
""",
}

_LISTS = ("core_functions", "offerings", "examples")


def check(model: Model) -> Iterator[Problem]:
    for sector in model.sectors:
        if [area for _, area in sector.strings("service_areas")] != ["front-office"]:
            continue
        for key in _LISTS:
            for path, item in sector.strings(key):
                if model.taxonomy.function_area(item) == "back-office":
                    message = (
                        f"'{item}' is back-office work, but '{sector.id}' serves only the "
                        "front office; move it to a sector that does back-office work"
                    )
                    yield sector.problem(CODE, path, message)
