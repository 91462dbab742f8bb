"""Placeholder text was left in.

TODO, TBD, FIXME, XXX, "lorem ipsum" and "???" mark unfinished writing. Published, they tell
the reader nobody finished the page. Reported at the placeholder itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sectorlint.model import Model
from sectorlint.problem import Problem, Severity, Span

CODE = "C003"
NAME = "placeholder"
SEVERITY = Severity.ERROR
SCOPE = "file"  # needs only the sector itself: runs as each file is read

BAD = {
    "help-desk.yaml": """\
id: help-desk
definition: A help desk answers technical questions. TBD explain escalation.
#                                                    ^ C003
""",
}
GOOD = {
    "help-desk.yaml": """\
id: help-desk
definition: >-
  A help desk answers technical questions and escalates the hard ones.
""",
}

PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|TBC|FIXME|XXX)\b|(?i:\blorem\s+ipsum\b)|\?\?\?")
_CLUES = ("TODO", "TBD", "TBC", "FIXME", "XXX", "???")  # plain substring tests are far quicker


def _may_hold_placeholder(text: str) -> bool:
    return any(clue in text for clue in _CLUES) or "lorem" in text.lower()


def check(model: Model) -> Iterator[Problem]:
    for sector in model.sectors:
        if not _may_hold_placeholder(sector.joined_text):
            continue
        for path, text in sector.all_strings:
            match = PLACEHOLDER.search(text)
            if match is None:
                continue
            # Located in the source where possible; escapes in quoted text can hide it there.
            found: list[tuple[Span | None, str]] = [
                *sector.document.spans_in_value(path, PLACEHOLDER)
            ] or [(None, match.group())]
            for span, word in found:
                message = f"placeholder '{word}' left in the text"
                yield sector.problem(CODE, path, message, span=span)
