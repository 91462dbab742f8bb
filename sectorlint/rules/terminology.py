"""A rejected spelling is used where the vocabulary prefers another.

The vocabulary (`schema/taxonomy.json`, extended or replaced by configuration) lists the
preferred spelling of each term and the spellings to avoid ("call centre", "B.P.O.",
"ecommerce"). Consistent terms keep the comparison readable and searchable. Aliases and sources
are exempt (they record other spellings on purpose), and so are ids in relations and URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sectorlint.model import Model
from sectorlint.problem import Problem, Severity
from sectorlint.rules._walk import flexible
from sectorlint.taxonomy import normalize

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
            for span, word in sector.document.spans_in_value(path, in_source):
                preferred = model.taxonomy.preferred_for(" ".join(word.split()))
                message = f"'{' '.join(word.split())}': write '{preferred}'"
                yield sector.problem(CODE, path, message, span=span)
