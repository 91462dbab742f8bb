"""A sector leaves out an aspect the comparison shows.

The side-by-side comparison has a row for every aspect the taxonomy lists
(`comparison_aspects`: summary, scope detail, benefits, careers, ...). A sector that leaves one
out shows an empty cell next to its neighbours' full ones. Aspects the schema already requires
are left to it (S001); this rule covers the rest.
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model
from sectorlint.problem import Problem, Severity
from sectorlint.schema import sector_schema

CODE = "C001"
NAME = "comparison-completeness"
SEVERITY = Severity.WARNING
SCOPE = "file"  # needs only the sector itself: runs as each file is read

BAD = {
    "help-desk.yaml": """\
id: help-desk
# expect C001 at 1:1
scope: narrow
# without: scope_detail
""",
}
GOOD = {
    "help-desk.yaml": """\
id: help-desk
scope: narrow
scope_detail: First-line technical questions.
""",
}


def check(model: Model) -> Iterator[Problem]:
    required = set(sector_schema().get("required", []))
    aspects = [a for a in model.taxonomy.comparison_aspects if a not in required]
    for sector in model.sectors:
        missing = [aspect for aspect in aspects if _is_blank(sector.data.get(aspect))]
        if missing:
            listed = ", ".join(missing)
            message = f"'{sector.id}' has no {listed}; the comparison shows them for every sector"
            yield sector.problem(CODE, (missing[0],), message, at_key=True)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)
