"""The prose and the structured relations disagree.

The summary and definition are what people read; the relations are what tools read. When the
definition says a sector is "a subset of BPO" (or part, branch, segment of it) or "overlaps
with IT" but `relations` has no such entry, or when `relations` says a sector is a subset of
another that its summary and definition never mention, one of the two is out of date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sectorlint.model import Model, Sector
from sectorlint.problem import Problem, Severity
from sectorlint.rules._walk import flexible

CODE = "R010"
NAME = "prose-relation"
SEVERITY = Severity.WARNING

BAD = {
    "outsourcing.yaml": "id: outsourcing\nname: Outsourcing\n",
    "help-desk.yaml": """\
id: help-desk
definition: A help desk is a part of Outsourcing that answers questions.
#                            ^ R010
""",
}
GOOD = {
    "outsourcing.yaml": "id: outsourcing\nname: Outsourcing\n",
    "help-desk.yaml": """\
id: help-desk
definition: A help desk is a part of Outsourcing that answers questions.
relations:
  subset_of:
    - sector: outsourcing
""",
}

_PROSE_FIELDS = ("summary", "definition")
_SUBSET_WORDS = r"(?:subset|part|branch|segment|subsector|sub-sector|division|arm)"
_FILLER = r"(?:\s+(?:the|a|an))?(?:\s+(?:wider|broader|larger|bigger|overall))?"


def check(model: Model) -> Iterator[Problem]:
    for sector in model.sectors:
        declared = {(r.kind, r.target) for r in sector.relations}
        for other in model.sectors:
            if other is sector:
                continue
            names = _name_pattern(other)
            if names is None:
                continue
            yield from _asserted(sector, other, names, "subset_of", _SUBSET_WORDS, declared)
            yield from _asserted(
                sector, other, names, "overlaps_with", r"overlap(?:s|ping)?", declared
            )
        yield from _unmentioned_parents(sector, model)


def _asserted(
    sector: Sector,
    other: Sector,
    names: str,
    kind: str,
    words: str,
    declared: set[tuple[str, str]],
) -> Iterator[Problem]:
    if (kind, other.id) in declared:
        return
    joiner = r"\s+of" if kind == "subset_of" else r"\s+with"
    pattern = re.compile(rf"(?i:\b{words}{joiner}{_FILLER}\s+){names}")
    for field in _PROSE_FIELDS:
        for span, phrase in sector.document.spans_in_value((field,), pattern):
            said = " ".join(phrase.split())
            message = f"{field} says '{said}' but relations.{kind} has no entry for '{other.id}'"
            yield sector.problem(CODE, (field,), message, related=(other.path,), span=span)


def _unmentioned_parents(sector: Sector, model: Model) -> Iterator[Problem]:
    prose = " ".join(sector.text(f) for f in _PROSE_FIELDS)
    if not prose:
        return
    for relation in sector.relations_of("subset_of"):
        parent = model.by_id.get(relation.target)
        names = _name_pattern(parent) if parent is not None else None
        if parent is None or names is None or re.search(names, prose):
            continue
        message = (
            f"'{sector.id}' is declared a subset of '{parent.id}', but its summary and "
            f"definition never mention {parent.text('name') or parent.id}"
        )
        path = (*relation.path, "sector")
        yield sector.problem(CODE, path, message, related=(parent.path,))


def _name_pattern(sector: Sector) -> str | None:
    """A regex for any of the sector's names: short ones (IT, BPO) by case, others without."""
    parts = []
    for path, name in sector.names():
        if path == ("id",):
            continue  # an id like `it` would match the pronoun
        escaped = flexible(re.escape(name.strip()))
        if not escaped:
            continue
        parts.append(escaped if len(name) <= 4 else f"(?i:{escaped})")
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    return rf"(?:{'|'.join(parts)})(?![\w-])"
