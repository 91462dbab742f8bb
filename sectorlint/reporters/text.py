"""`path:line:col: CODE message`, one problem a line, then a summary line."""

from __future__ import annotations

from collections import Counter

from sectorlint.escaping import terminal_safe as safe
from sectorlint.problem import Problem, Report, Severity
from sectorlint.reporters import Style

_BOLD, _RED, _YELLOW, _RESET = "\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[0m"


def render(report: Report, style: Style) -> str:
    lines = _statistics(report) if style.statistics else [_line(p, style) for p in report.problems]
    if not style.quiet:
        lines.append(summary(report))
    return "".join(f"{line}\n" for line in lines)


def _line(problem: Problem, style: Style) -> str:
    where = f"{safe(problem.path)}:{problem.line}:{problem.column}:"
    if not style.color:
        return f"{where} {problem.code} {safe(problem.message)}"
    tint = _RED if problem.severity == Severity.ERROR else _YELLOW
    return f"{_BOLD}{where}{_RESET} {tint}{problem.code}{_RESET} {safe(problem.message)}"


def _statistics(report: Report) -> list[str]:
    from sectorlint.catalog import catalog  # loads every rule: only when asked for

    counts = Counter(p.code for p in report.problems)
    known = catalog()
    return [
        f"{count:>6}  {code}  {known[code].name if code in known else ''}".rstrip()
        for code, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    ]


def summary(report: Report) -> str:
    files = len(report.files)
    checked = f"{files} file{'s' if files != 1 else ''}"
    if not report.problems:
        if not files:
            return "No content files found (0 files checked)."
        return f"All checks passed ({checked} checked)."
    count = len(report.problems)
    errors = report.errors
    warnings = report.warnings
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    parts += [f"{warnings} warning{'s' if warnings != 1 else ''}"] if warnings else []
    noun = "problem" if count == 1 else "problems"
    places = report.files_with_problems
    where = f"{places} file{'s' if places != 1 else ''}"
    return f"Found {count} {noun} ({', '.join(parts)}) in {where} ({checked} checked)."
