"""Which problems are shown, and how severe they are: decided here and nowhere else.

In order: rule selection (`select`, `extend-select`, `ignore`; the most specific code or prefix
wins), per-file ignores, inline suppressions (`# sectorlint: disable=...`), and severity
overrides. Suppressions that silence nothing, or name no known code, become X001 problems.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from sectorlint.config import Config
from sectorlint.document import Document
from sectorlint.positions import split_lines
from sectorlint.problem import Problem, Severity, Span

# A comment starts at the beginning of a line or after white space, outside any text value.
SUPPRESSION = re.compile(
    r"(?:^|(?<=\s))#\s*sectorlint:\s*(disable-file|disable)\b\s*(?:[=:]\s*([\w, ]*))?",
    re.IGNORECASE,
)
UNUSED_SUPPRESSION = "X001"


class Suppression:
    __slots__ = ("codes", "lines", "path", "span", "used")

    def __init__(
        self, path: str, span: Span, codes: tuple[str, ...], lines: tuple[int, ...] | None
    ) -> None:
        self.path = path
        self.span = span
        self.codes = codes  # empty: every code
        self.lines = lines  # None: the whole file
        self.used: set[str] | None = None  # the codes (or "" for all) that silenced; made
        # when first needed: a large set may hold many suppressions, few of them used

    def __repr__(self) -> str:
        return f"Suppression({self.path!r}, {self.span!r}, {self.codes!r}, {self.lines!r})"

    def silences(self, problem: Problem) -> bool:
        if self.lines is not None and problem.line not in self.lines:
            return False
        matching = [c for c in self.codes if problem.code.startswith(c)]
        if self.codes and not matching:
            return False
        self.used = self.used or set()
        self.used.update(matching or [""])
        return True


def find_suppressions(document: Document) -> list[Suppression]:
    if "sectorlint:" not in document.text.lower():
        return []
    found = []
    for number, line in enumerate(split_lines(document.text), start=1):
        for match in SUPPRESSION.finditer(line):
            if document.inside_scalar(number, match.start() + 1):
                continue  # text that only looks like a comment
            found.append(_suppression(document.path, number, line, match))
            break
    return found


def _suppression(path: str, number: int, line: str, match: re.Match[str]) -> Suppression:
    kind = match.group(1).lower()
    codes = tuple(c.strip().upper() for c in (match.group(2) or "").split(",") if c.strip())
    lines: tuple[int, ...] | None
    if kind == "disable-file":
        lines = None
    elif line[: match.start()].strip():
        lines = (number,)  # a trailing comment covers its own line
    else:
        lines = (number, number + 1)  # a comment alone on a line covers the next one
    return Suppression(path, Span(number, match.start() + 1), codes, lines)


class Selector:
    def __init__(
        self, config: Config, defaults: Callable[[], dict[str, Severity]] | dict[str, Severity]
    ) -> None:
        self.config = config
        self._defaults = defaults

    @cached_property
    def defaults(self) -> dict[str, Severity]:
        """Default severities, loaded only when a problem or a suppression needs them."""
        return self._defaults if isinstance(self._defaults, dict) else self._defaults()

    def enabled(self, code: str) -> bool:
        chosen = _best_match(code, (*self.config.select, *self.config.extend_select))
        ignored = _best_match(code, self.config.ignore)
        return chosen is not None and (ignored is None or chosen > ignored)

    def ignored_in_file(self, code: str, path: str) -> bool:
        relative = _relative(path, self.config.root)
        name = relative.rpartition("/")[2]
        for pattern, codes in self.config.per_file_ignores.items():
            # a pattern without a folder matches the file's name anywhere, as in ruff
            matched = fnmatch.fnmatch(relative, pattern) or (
                "/" not in pattern and fnmatch.fnmatch(name, pattern)
            )
            if matched and any(code.startswith(c) for c in codes):
                return True
        return False

    def severity(self, code: str) -> Severity:
        best = max((c for c in self.config.severity if code.startswith(c)), key=len, default=None)
        if best is not None:
            return self.config.severity[best]
        return self.defaults.get(code, Severity.ERROR)

    def made_errors(self) -> frozenset[str]:
        """The codes whose default is a warning and the configuration makes an error."""
        return frozenset(
            code
            for code, default in self.defaults.items()
            if default is Severity.WARNING and self.severity(code) is Severity.ERROR
        )

    def apply(
        self,
        problems: list[Problem],
        suppressions: list[Suppression],
        report_unused_in: set[str] | None = None,
    ) -> list[Problem]:
        """The problems to show; X001 for stale suppressions in `report_unused_in` (all: None)."""
        by_path: dict[str, list[Suppression]] = {}
        for suppression in suppressions:
            by_path.setdefault(suppression.path, []).append(suppression)
        kept = []
        for problem in problems:
            if not self.enabled(problem.code) or self.ignored_in_file(problem.code, problem.path):
                continue
            # Every matching suppression is marked used, so none is reported as stale.
            silenced = [s.silences(problem) for s in by_path.get(problem.path, [])]
            if not any(silenced):
                kept.append(problem._replace(severity=self.severity(problem.code)))
        if self.enabled(UNUSED_SUPPRESSION):
            mine = [
                s for s in suppressions if report_unused_in is None or s.path in report_unused_in
            ]
            kept.extend(self._unused(mine))
        return sorted(kept)

    def _unused(self, suppressions: list[Suppression]) -> list[Problem]:
        out = []
        for s in suppressions:
            if self.ignored_in_file(UNUSED_SUPPRESSION, s.path):
                continue
            for message in self._complaints(s):
                severity = self.severity(UNUSED_SUPPRESSION)
                out.append(Problem(s.path, s.span, UNUSED_SUPPRESSION, message, severity))
        return out

    def _complaints(self, s: Suppression) -> list[str]:
        if not s.codes:
            return [] if s.used else ["suppression of all codes is unused; remove it"]
        unknown = [c for c in s.codes if not any(k.startswith(c) for k in self.defaults)]
        unused = [c for c in s.codes if c not in (s.used or ()) and c not in unknown]
        complaints = [f"'{c}' is not a sectorlint code (see `sectorlint rules`)" for c in unknown]
        if unused:
            complaints.append(f"suppression of {', '.join(unused)} is unused; remove it")
        return complaints


def _best_match(code: str, selectors: tuple[str, ...]) -> int | None:
    """The length of the most specific selector matching `code` (ALL counts as 0)."""
    lengths = [0 if s == "ALL" else len(s) for s in selectors if s == "ALL" or code.startswith(s)]
    return max(lengths, default=None)


def _relative(path: str, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()
