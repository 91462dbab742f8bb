"""Placeholder text was left in.

TODO, TBD, TBC, TBA, FIXME, XXX, N/A, "lorem ipsum", "???", "coming soon" and "to be
determined" (confirmed, announced) mark unfinished writing, in any case. Published, they tell
the reader nobody finished the page. Reported at the placeholder itself. Real prose is left
alone: "coming soon" counts only on its own ("Details: coming soon.", not "Regulation is coming
soon"), "to be determined" only where the sentence ends ("The fee is to be determined.", not
"to be determined by volume"), and a word that merely contains one ("N/Atlantic", "xxxl") is no
placeholder. Web addresses are not prose and are not searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property

from sectorlint.document import JsonPath
from sectorlint.model import Model, Sector
from sectorlint.problem import Problem, Severity, Span

CODE = "C003"
NAME = "placeholder"
SEVERITY = Severity.ERROR
SCOPE = "file"  # needs only the sector itself: runs as each file is read

BAD = {
    "help-desk.yaml": """\
id: help-desk
definition: A help desk answers technical questions. tbd explain escalation.
#                                                    ^ C003
scope_detail: Coming soon.
#             ^ C003
""",
}
GOOD = {
    "help-desk.yaml": """\
id: help-desk
definition: >-
  A help desk answers technical questions and escalates the hard ones.
scope_detail: First-line support; on-site visits are to be confirmed by a manager.
""",
}

# plain substring tests of the lower-cased text are far quicker than the patterns
_CLUES = ("todo", "tbd", "tbc", "tba", "fixme", "xxx", "???", "lorem", "n/a", "soon", "to be")
_NOT_PROSE = ("url",)  # a web address's words are not text a reader reads


class _Patterns:
    """Compiled on first use: most runs meet no clue, and need none of them."""

    @cached_property
    def candidate(self) -> re.Pattern[str]:
        """Every candidate, wherever it stands; `_stands_as_placeholder` looks at its context."""
        return re.compile(
            r"\b(?:todo|tbd|tbc|tba|fixme|xxx)\b|\blorem\s+ipsum\b|\?\?\?|(?<![\w/])n/a(?![\w/])"
            r"|\bcoming\s+soon\b|\bto\s+be\s+(?:determined|confirmed|announced)\b",
            re.IGNORECASE,
        )

    @cached_property
    def clause_start(self) -> re.Pattern[str]:
        """What may come before "coming soon" for it to stand on its own."""
        return re.compile(
            r"(?:^|[.!?:;()\[\]\u2014\u2013]|\s-)\s*"
            r"(?:(?:more\s+)?(?:details?|information|content|text)(?:\s+(?:is|are))?\s+)?$",
            re.IGNORECASE,
        )

    @cached_property
    def clause_end(self) -> re.Pattern[str]:
        return re.compile(r"\s*(?:$|[.!?:;,()\[\]\u2014\u2013\u2026])")


_PATTERNS = _Patterns()


def _may_hold_placeholder(text: str) -> bool:
    lowered = text.lower()
    return any(clue in lowered for clue in _CLUES)


def _stands_as_placeholder(text: str, match: re.Match[str]) -> bool:
    """Whether a candidate is a placeholder where it stands, not a phrase of real prose."""
    first_word = match.group().split()[0].lower()
    if first_word == "coming":
        before, after = text[: match.start()], text[match.end() :]
        return bool(_PATTERNS.clause_start.search(before)) and bool(
            _PATTERNS.clause_end.match(after)
        )
    if first_word == "to":  # to be determined, confirmed, announced
        return bool(_PATTERNS.clause_end.match(text, match.end()))
    return True


def placeholders(text: str) -> list[re.Match[str]]:
    """The placeholders in a text, in order; none inside a web address written in the prose
    (`https://example.org/docs/todo` names a real page)."""
    lowered = text.lower()
    addresses = (
        [m.span() for m in _WEB_ADDRESS.finditer(text)]
        if "://" in text or "www." in lowered
        else []
    )
    return [
        m
        for m in _PATTERNS.candidate.finditer(text)
        if _stands_as_placeholder(text, m)
        and not any(start <= m.start() < end for start, end in addresses)
    ]


_WEB_ADDRESS = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.IGNORECASE)


def check(model: Model) -> Iterator[Problem]:
    for sector in model.sectors:
        if not _may_hold_placeholder(sector.joined_text):
            continue
        for path, text in sector.all_strings:
            if path and path[-1] in _NOT_PROSE:
                continue
            for span, word in _located(sector, path, text):
                message = f"placeholder '{word}' left in the text; write what belongs there"
                yield sector.problem(CODE, path, message, span=span)


def _located(sector: Sector, path: JsonPath, text: str) -> list[tuple[Span | None, str]]:
    """Each placeholder with its place in the source. The candidates of the parsed text and
    of the source text are the same ones in the same order unless escapes hide some (then
    the value's place is all there is)."""
    found = placeholders(text)
    if not found:
        return []
    candidates = {m.start(): n for n, m in enumerate(_PATTERNS.candidate.finditer(text))}
    in_source = sector.document.spans_in_value(path, _PATTERNS.candidate)
    if len(in_source) != len(candidates):
        return [(None, m.group()) for m in found]
    return [in_source[candidates[m.start()]] for m in found]
