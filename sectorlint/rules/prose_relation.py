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
from collections.abc import Iterable, Iterator

from sectorlint.document import JsonPath
from sectorlint.model import Model, Sector, across_set
from sectorlint.problem import Problem, Severity, Span
from sectorlint.rules._each import each_sector
from sectorlint.rules._walk import flexible
from sectorlint.taxonomy import has_phrase, normalize

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
_FILLER = r"(?:\s+(?:the|a|an))?(?:\s+(?:wider|broader|larger|bigger|overall))?\s+"
_CLAIM_PATTERNS = {
    kind: re.compile(rf"\b{words}{_FILLER}", re.IGNORECASE) for kind, words in _CLAIMS.items()
}
_NEGATION = re.compile(r"\b(?:not|never|no|isn't|aren't|nor)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_LONGEST_NAME = 8  # words; a name is looked up among at most this many words after a claim


class _Names:
    """Every sector's names, looked up by key (a content set may hold thousands).

    Short names (IT, BPO) must match in case, so "it" the pronoun is not IT; longer ones match
    ignoring case and spacing. Where several names fit, the longest wins.
    """

    def __init__(self, model: Model) -> None:
        self.exact = model.first_claim(_exact_key)
        self.folded = model.first_claim(_folded_key)
        # words in the longest name: no longer phrase is ever looked up
        self.longest = across_set(model, _longest_name, _longest)

    def at(self, text: str) -> tuple[Sector, str] | None:
        """The sector whose name starts `text` (the longest name that fits), and that name."""
        words = text.split()[: self.longest]
        folded = [word.casefold() for word in words]
        for count in range(len(words), 0, -1):
            phrase = " ".join(words[:count]).rstrip(".,;:!?")
            key = " ".join(folded[:count]).rstrip(".,;:!?")
            for cut in ("", "s", "'s"):
                candidate = phrase.removesuffix(cut) if cut else phrase
                sector = self.exact(candidate) or self.folded(key.removesuffix(cut) if cut else key)
                if sector is not None and candidate:
                    return sector, candidate
        return None

    def mentions(self, sector: Sector, text: str) -> bool:
        """Whether `text` names the sector (short names by case, the others without)."""
        plain = " ".join(text.split())
        folded = normalize(text)
        for path, name in sector.names():
            name = " ".join(name.split())
            if path == ("id",) or not name:
                continue
            short = len(name) <= 4
            wanted = name if short else normalize(name)
            if has_phrase(plain if short else folded, wanted, plural=True, joiners="-_"):
                return True
        return False


def _longest_name(sector: Sector) -> int:
    """The words in the sector's longest name (its id aside)."""
    return max((len(name.split()) for path, name in sector.names() if path != ("id",)), default=0)


def _longest(words: Iterable[int]) -> int:
    return min(_LONGEST_NAME, max(1, max(words, default=0)))


def _exact_key(path: JsonPath, name: str) -> str | None:
    name = " ".join(name.split())
    return name if path != ("id",) and 0 < len(name) <= 4 else None  # an id like `it` is a word


def _folded_key(path: JsonPath, name: str) -> str | None:
    name = " ".join(name.split())
    return normalize(name) if path != ("id",) and len(name) > 4 else None


def check_sector(model: Model, sector: Sector) -> Iterator[Problem]:
    names = _Names(model)
    yield from _unbacked_claims(sector, model, names)
    yield from _unmentioned_parents(sector, model, names)


check = each_sector(check_sector)


def _unbacked_claims(sector: Sector, model: Model, names: _Names) -> Iterator[Problem]:
    # a relation naming the sector by name or alias (`sector: BPO`) is declared: R001 tells
    # how to write it, and this rule must not also say that it is missing
    declared = {(r.kind, model.meant(r.target)) for r in sector.relations}
    reported: set[tuple[str, str]] = set()
    for field in _PROSE_FIELDS:
        text = sector.text(field)
        for kind, pattern in _CLAIM_PATTERNS.items():
            for match in pattern.finditer(text):
                found = names.at(text[match.end() :])
                if found is None or _NEGATION.search(text[: match.start()]):
                    continue
                other, name = found
                if other == sector or (kind, other.id) in declared | reported:
                    continue
                reported.add((kind, other.id))
                said = " ".join(f"{match.group()}{name}".split())
                span = _phrase_span(sector, field, said)
                message = (
                    f"{field} says '{said}' but relations.{kind} has no entry for '{other.id}'"
                )
                yield sector.problem(CODE, (field,), message, related=(other.path,), span=span)


def _phrase_span(sector: Sector, field: str, said: str) -> Span | None:
    """Where the phrase sits in the source (the value's start when escapes hide it)."""
    pattern = re.compile(flexible(re.escape(said)), re.IGNORECASE)
    found = sector.document.spans_in_value((field,), pattern)
    return found[0][0] if found else None


def _unmentioned_parents(sector: Sector, model: Model, names: _Names) -> Iterator[Problem]:
    prose = " ".join(sector.text(f) for f in _PROSE_FIELDS)
    if not prose.strip():
        return
    for relation in sector.relations_of("subset_of"):
        parent = model.by_id.get(relation.target)
        if parent is None or parent == sector or names.mentions(parent, prose):
            continue
        message = (
            f"'{sector.id}' is declared a subset of '{parent.id}', but its summary and "
            f"definition never mention {parent.text('name') or parent.id}"
        )
        path = (*relation.path, "sector")
        yield sector.problem(CODE, path, message, related=(parent.path,))
