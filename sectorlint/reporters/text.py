"""`path:line:col: CODE message`, one problem a line, then a summary line.

As ruff does, a problem a command would fix is marked `[*]` after its code, and a last line
says how many are fixable and with which command: `fmt` writes the replacements (an enum
spelling, a preferred term), only `check --fix` adds an item a rule asks for (the missing side
of an overlap); `--quiet` prints neither summary line."""

from __future__ import annotations

from collections import Counter

from sectorlint.escaping import terminal_safe as safe
from sectorlint.problem import Fix, Problem, Report, Severity
from sectorlint.reporters import Style

_BOLD, _RED, _YELLOW, _CYAN, _RESET = "\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[0m"
MARK = "[*]"


def render(report: Report, style: Style) -> str:
    fixes = offered(report)
    if style.statistics:
        lines = _statistics(report, fixes, style)
    else:
        lines = [
            _line(p, f is not None, style) for p, f in zip(report.problems, fixes, strict=True)
        ]
    if not style.quiet:
        lines.append(summary(report))
        fixable = fixable_line(fixes, style)
        lines += [fixable] if fixable else []
    return "".join(f"{line}\n" for line in lines)


def offered(report: Report) -> list[Fix | None]:
    """Each problem's fix, as `check --fix` would write it (None: not fixable)."""
    if not any(p.fix is not None for p in report.problems):
        return [None] * len(report.problems)
    from sectorlint.fixing import offered as fixes_offered  # (the formatter, only for a fix)

    return fixes_offered(report.problems)


def _line(problem: Problem, fixable: bool, style: Style) -> str:
    where = f"{safe(problem.path)}:{problem.line}:{problem.column}:"
    mark = f" {_mark(style)}" if fixable else ""
    if not style.color:
        return f"{where} {problem.code}{mark} {safe(problem.message)}"
    tint = _RED if problem.severity == Severity.ERROR else _YELLOW
    return f"{_BOLD}{where}{_RESET} {tint}{problem.code}{_RESET}{mark} {safe(problem.message)}"


def _mark(style: Style) -> str:
    return f"{_CYAN}{MARK}{_RESET}" if style.color else MARK


def fixable_line(fixes: list[Fix | None], style: Style) -> str:
    """`[*] 3 fixable with `sectorlint fmt` or `sectorlint check --fix`.`; "" for none."""
    by_fmt = sum(1 for f in fixes if f is not None and f.command == "fmt")
    total = sum(1 for f in fixes if f is not None)
    if not total:
        return ""
    fmt, fix = "`sectorlint fmt`", "`sectorlint check --fix`"
    if by_fmt == total:
        how = f"with {fmt} or {fix}"
    elif by_fmt == 0:
        how = f"with {fix}"
    else:
        how = f"with {fix} ({by_fmt} of them with {fmt} too)"
    return f"{_mark(style)} {total} fixable {how}."


def _statistics(report: Report, fixes: list[Fix | None], style: Style) -> list[str]:
    from sectorlint.catalog import catalog  # loads every rule: only when asked for

    counts = Counter(p.code for p in report.problems)
    fixable = {p.code for p, f in zip(report.problems, fixes, strict=True) if f is not None}
    known = catalog()
    width = 4 if fixable else 0  # `[*] ` where a code has a fixable problem, as ruff's
    return [
        f"{count:>6}  {code}  {_code_mark(code in fixable, width, style)}"
        f"{known[code].name if code in known else ''}".rstrip()
        for code, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    ]


def _code_mark(fixable: bool, width: int, style: Style) -> str:
    return f"{_mark(style)} " if fixable else " " * width


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
