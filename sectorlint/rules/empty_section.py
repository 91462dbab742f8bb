"""A section is present but empty.

A key with nothing in it (an empty mapping such as `relations: {}`, or text that is only
spaces) renders as an empty section and hides that the content is missing. Remove the key or
fill it in. Empty lists and null values are reported by the schema (S006, S003).
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model
from sectorlint.problem import Problem, Severity

CODE = "C005"
NAME = "empty-section"
SEVERITY = Severity.WARNING
SCOPE = "file"  # needs only the sector itself: runs as each file is read

BAD = {
    "help-desk.yaml": """\
id: help-desk
relations: {}
#          ^ C005
""",
}
GOOD = {
    "help-desk.yaml": """\
id: help-desk
relations:
  supports:
    - sector: help-desk-tools
      how: Feeds back what users struggle with.
""",
    "help-desk-tools.yaml": "id: help-desk-tools\n",
}


def check(model: Model) -> Iterator[Problem]:
    for sector in model.sectors:
        for path, value in sector.all_containers:
            if isinstance(value, dict) and not value and path:
                yield sector.problem(CODE, path, f"'{path[-1]}' is empty")
        for path, text in sector.all_strings:
            if text and not text.strip():
                yield sector.problem(CODE, path, "text is only whitespace")
