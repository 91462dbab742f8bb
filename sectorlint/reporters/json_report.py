"""A stable JSON document for other tools; its shape is documented in the README."""

from __future__ import annotations

import json

from sectorlint import __version__
from sectorlint.escaping import json_safe
from sectorlint.problem import Report
from sectorlint.reporters import Style

FORMAT_VERSION = 1


def render(report: Report, style: Style) -> str:
    problems = [
        {
            "path": p.path,
            "line": p.line,
            "column": p.column,
            "end_line": p.span.end_line,
            "end_column": p.span.end_column,
            "code": p.code,
            "severity": p.severity.value,
            "message": p.message,
            "json_path": p.json_path or None,
        }
        for p in report.problems
    ]
    document = {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "sectorlint", "version": __version__},
        "files_checked": len(report.files),
        "summary": {
            "problems": len(problems),
            "errors": report.errors,
            "warnings": report.warnings,
            "files_with_problems": report.files_with_problems,
        },
        "problems": problems,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return json_safe(text) + "\n"
