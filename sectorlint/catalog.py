"""Every code sectorlint reports, with its name, default severity and description, in one list.

The reader and schema codes live in `codes.py`, the rules in `rules/`; reporters and the
`rules` command read both through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sectorlint.codes import CODES
from sectorlint.problem import Severity
from sectorlint.rules import RULES, rationale, summary


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str = ""


@cache
def catalog() -> dict[str, Entry]:
    entries = [Entry(c.code, c.name, c.severity, c.summary) for c in CODES.values()]
    entries += [Entry(r.CODE, r.NAME, r.SEVERITY, summary(r), rationale(r)) for r in RULES.values()]
    return {e.code: e for e in sorted(entries, key=lambda e: e.code)}


def default_severities() -> dict[str, Severity]:
    return {code: entry.severity for code, entry in catalog().items()}
