"""A rejected spelling is used where the vocabulary prefers another.

The vocabulary (`schema/taxonomy.json`, extended or replaced by configuration) lists the
preferred spelling of each term and the spellings to avoid ("call centre", "B.P.O.",
"ecommerce"). Consistent terms keep the comparison readable and searchable. Aliases and sources
are exempt (they record other spellings on purpose), and so are ids in relations and URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sectorlint.document import Document, JsonPath
from sectorlint.model import Model
from sectorlint.problem import Edit, Problem, Replace, Severity, Span, json_path_text
from sectorlint.rules._walk import flexible
from sectorlint.schema import enum_at, fixable
from sectorlint.taxonomy import Taxonomy, is_prose, normalize

CODE = "T001"
NAME = "terminology"
SEVERITY = Severity.WARNING
SCOPE = "file"  # needs only the sector itself: runs as each file is read

BAD = {
    "help-desk.yaml": """\
id: help-desk
definition: A help desk works like a small call centre for staff.
#                                          ^ T001
""",
}
GOOD = {
    "help-desk.yaml": """\
id: help-desk
aliases: [IT call centre]
definition: A help desk works like a small call center for staff.
""",
}

_EXEMPT = ("id", "aliases", "sources")  # top-level keys that record spellings on purpose
_NOT_PROSE = ("sector", "url")  # ids and addresses are matched exactly elsewhere


def check(model: Model) -> Iterator[Problem]:
    pattern = model.taxonomy.rejected_pattern
    if pattern is None:
        return
    in_source = re.compile(flexible(pattern.pattern), re.IGNORECASE)
    for sector in model.sectors:
        folded = normalize(sector.joined_text)
        if not any(spelling in folded for spelling in model.taxonomy.rejected_folded):
            continue  # a plain substring test first: the pattern is slow on long text
        for path, text in sector.all_strings:
            if path[0] in _EXEMPT or path[-1] in _NOT_PROSE or not pattern.search(text):
                continue
            found = sector.document.spans_in_value(path, in_source)
            fixes = _fixes(sector.document, model.taxonomy, path, text, found)
            for (span, word), fix in zip(found, fixes, strict=True):
                preferred = model.taxonomy.preferred_for(" ".join(word.split()))
                message = f"'{' '.join(word.split())}': write '{preferred}'"
                yield sector.problem(CODE, path, message, span=span)._replace(fix=fix)


def _fixes(
    document: Document,
    taxonomy: Taxonomy,
    path: JsonPath,
    text: str,
    found: list[tuple[Span, str]],
) -> list[Replace | None]:
    """For each spelling found in the value's source, what fmt writes in its place: the
    preferred spellings fmt computes for the value (`Taxonomy.preferred_edits`), one for each
    found in the same order, else no fix (a spelling behind an escape, or where fmt writes no
    preferred terms: an enum value, an id, a suppression near a long value)."""
    edits = taxonomy.preferred_edits(text)
    span = document.value_spans.get(path)
    if (
        len(edits) != len(found)
        or span is None
        or not is_prose(path)
        or enum_at(taxonomy.schema, path) is not None
        or not fixable(document, span)
        or any(
            " ".join(word.split()) != " ".join(text[s:e].split())
            for (_, word), (s, e, _) in zip(found, edits, strict=True)
        )
    ):
        return [None] * len(found)
    return [
        _replace(document, path, at, word, new)
        for (at, word), (_, _, new) in zip(found, edits, strict=True)
    ]


def _replace(document: Document, path: JsonPath, at: Span, word: str, new: str) -> Replace:
    end = document.position(document.offset(at.line, at.column) + len(word))
    edit = Edit(at.line, at.column, end.line, end.column, new)
    title = f"write '{new}' (preferred term)"
    return Replace(document.path, json_path_text(path), (edit,), title)
