"""A list repeats an item, ignoring case and spacing.

"Data entry" and "data  Entry" are the same item to a reader; listing both makes the sector look
padded and the comparison uneven. Lists of entries (benefits, FAQs, relations, ...) are compared
by the field that names each entry. Exact repeats in plain lists are the schema's (S007).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sectorlint.model import Model
from sectorlint.problem import Problem, Severity
from sectorlint.taxonomy import normalize

CODE = "C002"
NAME = "duplicate-item"
SEVERITY = Severity.WARNING
SCOPE = "file"  # needs only the sector itself: runs as each file is read

BAD = {
    "help-desk.yaml": """\
id: help-desk
examples:
  - Password resets
  - password  Resets
#   ^ C002
""",
}
GOOD = {
    "help-desk.yaml": """\
id: help-desk
examples:
  - Password resets
  - Account unlocks
""",
}

# The field that names an entry in a list of mappings.
_NAMING_FIELDS = ("title", "question", "sector", "setting", "industry")


def check(model: Model) -> Iterator[Problem]:
    for sector in model.sectors:
        for path, value in sector.all_containers:
            if not isinstance(value, list):
                continue
            seen: dict[str, int] = {}
            for index, item in enumerate(value):
                label = _label(item)
                if label is None:
                    continue
                first = seen.setdefault(normalize(label), index)
                if first != index and not (isinstance(item, str) and item == value[first]):
                    message = f"'{label}' repeats item {first + 1} of this list"
                    yield sector.problem(CODE, (*path, index, *_naming_field(item)), message)


def _naming_field(item: Any) -> tuple[str, ...]:
    if isinstance(item, dict):
        return next(((f,) for f in _NAMING_FIELDS if isinstance(item.get(f), str)), ())
    return ()


def _label(item: Any) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        for field in _NAMING_FIELDS:
            if isinstance(item.get(field), str):
                extra = item.get("example") if field == "industry" else None
                return f"{item[field]}: {extra}" if isinstance(extra, str) else item[field]
    return None
