"""A stable JSON document for other tools; its shape is documented in the README."""

from __future__ import annotations

import json
from typing import Any

from sectorlint import __version__
from sectorlint.escaping import json_safe
from sectorlint.problem import AddItem, Edit, Fix, Report, json_path_text
from sectorlint.reporters import Style
from sectorlint.reporters.text import offered

FORMAT_VERSION = 1


def render(report: Report, style: Style) -> str:
    fixes = offered(report)
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
            "fix": None if fix is None else _fix(fix),
        }
        for p, fix in zip(report.problems, fixes, strict=True)
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


def _fix(fix: Fix) -> dict[str, Any]:
    """A fix as other tools read it: a replacement with its text edits; an item to add as what
    it adds where (the editor asks fmt for the file's new text)."""
    found: dict[str, Any] = {"kind": fix.kind, "title": fix.title, "command": fix.command}
    if isinstance(fix, AddItem):
        return found | {"path": fix.path, "at": json_path_text(fix.at), "item": dict(fix.item)}
    return found | {"path": fix.path, "edits": [_edit(edit) for edit in fix.edits]}


def _edit(edit: Edit) -> dict[str, Any]:
    return {
        "line": edit.line,
        "column": edit.column,
        "end_line": edit.end_line,
        "end_column": edit.end_column,
        "new_text": edit.text,
    }
