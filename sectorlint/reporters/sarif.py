"""SARIF 2.1.0, the static-analysis format code-scanning tools read (GitHub, Azure DevOps, ...)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sectorlint import __version__
from sectorlint.catalog import catalog
from sectorlint.escaping import json_safe
from sectorlint.problem import Fix, Problem, Replace, Report, Severity
from sectorlint.reporters import Style
from sectorlint.reporters.text import offered

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(report: Report, style: Style) -> str:
    known = catalog()
    codes = sorted({p.code for p in report.problems} | set(known))
    index = {code: i for i, code in enumerate(codes)}
    rules = [_rule(code, known) for code in codes]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "sectorlint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {"SRCROOT": {"uri": Path(os.getcwd()).as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(p, index[p.code], fix)
            for p, fix in zip(report.problems, offered(report), strict=True)
        ],
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _rule(code: str, known: dict[str, Any]) -> dict[str, Any]:
    entry = known.get(code)
    if entry is None:
        return {"id": code}
    rule: dict[str, Any] = {
        "id": code,
        "name": entry.name,
        "shortDescription": {"text": entry.summary},
        "defaultConfiguration": {"level": _level(entry.severity)},
    }
    if entry.rationale:
        rule["fullDescription"] = {"text": entry.rationale}
    return rule


def _result(problem: Problem, rule_index: int, fix: Fix | None) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": problem.line, "startColumn": problem.column}
    if problem.span.end_line is not None and problem.span.end_column is not None:
        region |= {"endLine": problem.span.end_line, "endColumn": problem.span.end_column}
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": _artifact(problem.path), "region": region}
    }
    if problem.json_path:
        location["logicalLocations"] = [{"fullyQualifiedName": problem.json_path}]
    result: dict[str, Any] = {
        "ruleId": problem.code,
        "ruleIndex": rule_index,
        "level": _level(problem.severity),
        "message": {"text": problem.message},
        "locations": [location],
    }
    if problem.related:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": {"artifactLocation": _artifact(path)}}
            for i, path in enumerate(problem.related)
        ]
    if isinstance(fix, Replace):
        result["fixes"] = [_fix(fix)]
    return result


def _fix(fix: Replace) -> dict[str, Any]:
    """SARIF's fix: the replacements in the file, columns as the run's `columnKind` counts
    them. (An item to add has no fix here: its text is fmt's to write, from the configuration
    a reporter does not see; the JSON report describes it, `fixing.edits` computes it.)"""
    replacements = [
        {
            "deletedRegion": {
                "startLine": edit.line,
                "startColumn": edit.column,
                "endLine": edit.end_line,
                "endColumn": edit.end_column,
            },
            "insertedContent": {"text": edit.text},
        }
        for edit in fix.edits
    ]
    change = {"artifactLocation": _artifact(fix.path), "replacements": replacements}
    return {"description": {"text": fix.title}, "artifactChanges": [change]}


def _artifact(path: str) -> dict[str, str]:
    posix = Path(path).as_posix()
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(posix), "uriBaseId": "SRCROOT"}


def _level(severity: Severity) -> str:
    return "error" if severity == Severity.ERROR else "warning"
