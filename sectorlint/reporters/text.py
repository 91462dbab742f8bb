"""`path:line:col: CODE message`, one problem a line, then a summary line."""

from __future__ import annotations

import re

from sectorlint.engine import Report

# Content and file names reach the terminal: escape control characters (and the invisible
# bidirectional overrides) so that nothing hidden in a file can drive or disguise the output.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
        if not files:
            return "No content files found (0 files checked)."
        return f"All checks passed ({checked} checked)."
    count = len(report.problems)
    errors = sum(1 for p in report.problems if p.severity == "error")
    warnings = count - errors
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    parts += [f"{warnings} warning{'s' if warnings != 1 else ''}"] if warnings else []
    noun = "problem" if count == 1 else "problems"
    places = len({p.path for p in report.problems})
    where = f"{places} file{'s' if places != 1 else ''}"
    return f"Found {count} {noun} ({', '.join(parts)}) in {where} ({checked} checked)."
