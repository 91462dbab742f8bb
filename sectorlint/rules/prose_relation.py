"""The prose and the structured relations disagree.

The summary and definition are what people read; the relations are what tools read. When the
definition says a sector is "a subset of BPO" (or part, branch, segment of it) or "overlaps
with IT" but `relations` has no such entry, or when `relations` says a sector is a subset of
another that its summary and definition never mention, one of the two is out of date. Sectors
are recognised by name, short name or alias (plurals too); the longest name wins, so "part of
IT Support" means the IT Support sector, not IT; a negated statement ("is not a part of BPO")
asserts nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sectorlint.model import Model, Sector
from sectorlint.problem import Problem, Severity, Span
from sectorlint.rules._walk import flexible
from sectorlint.taxonomy import normalize

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
_CLAIMS = {
    "subset_of": r"(?:subset|part|branch|segment|subsector|sub-sector|division|arm)s?\s+of",
    "overlaps_with": r"overlap(?:s|ping)?\s+with",
}
_FILLER = r"(?:\s+(?:the|a|an))?(?:\s+(?:wider|broader|larger|bigger|overall))?"
_NEGATION = re.compile(r"\b(?:not|never|no|isn't|aren't|nor)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


class _Names:
    """Every sector's names as one pattern, so the longest name at a position wins."""

    def __init__(self, model: Model) -> None:
        self.owner: dict[str, Sector] = {}
        alternatives = []
        for sector in model.sectors:
            for path, name in sector.names():
                name = name.strip()
                if path == ("id",) or not name:
                    continue  # an id like `it` would match the pronoun
                self.owner.setdefault(normalize(name), sector)
                escaped = flexible(re.escape(name))
                alternatives.append((len(name), escaped if len(name) <= 4 else f"(?i:{escaped})"))
        alternatives.sort(key=lambda pair: -pair[0])
        joined = "|".join(pattern for _, pattern in alternatives)
        self.pattern = f"(?P<name>{joined})s?(?![\\w-])" if alternatives else None

    def sector(self, matched: str) -> Sector | None:
        return self.owner.get(normalize(matched))

    def mentions(self, sector: Sector, text: str) -> bool:
        if self.pattern is None:
            return False
        return any(self.sector(m.group("name")) is sector for m in re.finditer(self.pattern, text))


def check(model: Model) -> Iterator[Problem]:
    names = _Names(model)
    if names.pattern is None:
        return
    claims = {
        kind: re.compile(rf"(?i:\b{words}){_FILLER}\s+{names.pattern}")
        for kind, words in _CLAIMS.items()
    }
    for sector in model.sectors:
        yield from _unbacked_claims(sector, claims, names)
        yield from _unmentioned_parents(sector, model, names)


def _unbacked_claims(
    sector: Sector, claims: dict[str, re.Pattern[str]], names: _Names
) -> Iterator[Problem]:
    declared = {(r.kind, r.target) for r in sector.relations}
    reported: set[tuple[str, str]] = set()
    for field in _PROSE_FIELDS:
        for kind, pattern in claims.items():
            for match in pattern.finditer(sector.text(field)):
                other = names.sector(match.group("name"))
                said = " ".join(match.group().split())
                if (
                    other is None
                    or other is sector
                    or (kind, other.id) in declared | reported
                    or _NEGATION.search(sector.text(field)[: match.start()])
                ):
                    continue
                reported.add((kind, other.id))
                span = _phrase_span(sector, field, said)
                message = (
                    f"{field} says '{said}' but relations.{kind} has no entry for '{other.id}'"
                )
                yield sector.problem(CODE, (field,), message, related=(other.path,), span=span)


def _phrase_span(sector: Sector, field: str, said: str) -> Span | None:
    """Where the phrase sits in the source (the value's start when escapes hide it)."""
    pattern = re.compile(flexible(re.escape(said)))
    found = sector.document.spans_in_value((field,), pattern)
    return found[0][0] if found else None


def _unmentioned_parents(sector: Sector, model: Model, names: _Names) -> Iterator[Problem]:
    prose = " ".join(sector.text(f) for f in _PROSE_FIELDS)
    if not prose.strip():
        return
    for relation in sector.relations_of("subset_of"):
        parent = model.by_id.get(relation.target)
        if parent is None or parent is sector or names.mentions(parent, prose):
            continue
        message = (
            f"'{sector.id}' is declared a subset of '{parent.id}', but its summary and "
            f"definition never mention {parent.text('name') or parent.id}"
        )
        path = (*relation.path, "sector")
        yield sector.problem(CODE, path, message, related=(parent.path,))
