"""Which problems are shown, and how severe they are: decided here and nowhere else.

In order: rule selection (`select`, `extend-select`, `ignore`; the most specific code or prefix
wins), per-file ignores, inline suppressions (`# sectorlint: disable=...`), and severity
overrides. Suppressions that silence nothing become X001 problems.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from sectorlint.config import Config
from sectorlint.problem import Problem, Severity, Span

_SUPPRESSION = re.compile(
    r"(?:^|(?<=\s))#\s*sectorlint:\s*(disable-file|disable)\b(?:\s*=\s*([A-Z0-9, ]+))?"
)
UNUSED_SUPPRESSION = "X001"


@dataclass
class Suppression:
    path: str
    span: Span
    codes: tuple[str, ...]  # empty: every code
    lines: tuple[int, ...] | None  # None: the whole file
    used: bool = False

    def covers(self, problem: Problem) -> bool:
        if self.lines is not None and problem.line not in self.lines:
            return False
        return not self.codes or any(problem.code.startswith(c) for c in self.codes)


def find_suppressions(path: str, text: str) -> list[Suppression]:
    found: list[Suppression] = []
    if "sectorlint:" not in text:
        return found
    for number, line in enumerate(text.splitlines(), start=1):
        match = _SUPPRESSION.search(line)
        if match is None:
            continue
        kind, codes = match.group(1), match.group(2) or ""
        span = Span(number, match.start() + 1)
        code_list = tuple(c.strip() for c in codes.split(",") if c.strip())
        lines: tuple[int, ...] | None
        if kind == "disable-file":
            lines = None
        elif line[: match.start()].strip():
            lines = (number,)  # a trailing comment covers its own line
        else:
            lines = (number, number + 1)  # a comment alone on a line covers the next one
        found.append(Suppression(path, span, code_list, lines))
    return found


class Selector:
    def __init__(self, config: Config, defaults: dict[str, Severity]) -> None:
        self.config = config
        self.defaults = defaults

    def enabled(self, code: str) -> bool:
        chosen = _best_match(code, (*self.config.select, *self.config.extend_select))
        ignored = _best_match(code, self.config.ignore)
        return chosen is not None and (ignored is None or chosen > ignored)

    def ignored_in_file(self, code: str, path: str) -> bool:
        relative = _relative(path, self.config.root)
        for pattern, codes in self.config.per_file_ignores.items():
            if fnmatch.fnmatch(relative, pattern) and any(code.startswith(c) for c in codes):
                return True
        return False

    def severity(self, code: str) -> Severity:
        best = max((c for c in self.config.severity if code.startswith(c)), key=len, default=None)
        if best is not None:
            return self.config.severity[best]
        return self.defaults.get(code, Severity.ERROR)

    def apply(self, problems: list[Problem], suppressions: list[Suppression]) -> list[Problem]:
        by_path: dict[str, list[Suppression]] = {}
        for suppression in suppressions:
            by_path.setdefault(suppression.path, []).append(suppression)
        kept = []
        for problem in problems:
            if not self.enabled(problem.code) or self.ignored_in_file(problem.code, problem.path):
                continue
            covering = [s for s in by_path.get(problem.path, []) if s.covers(problem)]
            for suppression in covering:
                suppression.used = True
            if not covering:
                kept.append(replace(problem, severity=self.severity(problem.code)))
        kept.extend(self._unused(suppressions))
        return sorted(kept)

    def _unused(self, suppressions: list[Suppression]) -> list[Problem]:
        code = UNUSED_SUPPRESSION
        if not self.enabled(code):
            return []
        out = []
        for s in suppressions:
            if s.used or self.ignored_in_file(code, s.path):
                continue
            what = ", ".join(s.codes) if s.codes else "all codes"
            message = f"suppression of {what} is unused; remove it"
            out.append(Problem(s.path, s.span, code, message, severity=self.severity(code)))
        return out


def _best_match(code: str, selectors: tuple[str, ...]) -> int | None:
    """The length of the most specific selector matching `code` (ALL counts as 0)."""
    lengths = [0 if s == "ALL" else len(s) for s in selectors if s == "ALL" or code.startswith(s)]
    return max(lengths, default=None)


def _relative(path: str, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()
