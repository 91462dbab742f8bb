"""`path:line:col: CODE message`, one problem a line, then a summary line."""

from __future__ import annotations

import re

from sectorlint.engine import Report

# Content and file names reach the terminal: escape control characters so that no escape
# sequence hidden in a file can drive the user's terminal.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render(report: Report) -> str:
    lines = [
        f"{safe(p.path)}:{p.line}:{p.column}: {p.code} {safe(p.message)}" for p in report.problems
    ]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: Report) -> str:
    files = len(report.files)
    checked = f"{files} file{'s' if files != 1 else ''}"
    if not report.problems:
        return f"All checks passed ({checked} checked)."
    count = len(report.problems)
    errors = sum(1 for p in report.problems if p.severity == "error")
    warnings = count - errors
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    parts += [f"{warnings} warning{'s' if warnings != 1 else ''}"] if warnings else []
    noun = "problem" if count == 1 else "problems"
    return (
        f"Found {count} {noun} ({', '.join(parts)}) in {report.files_with_problems} of {checked}."
    )
