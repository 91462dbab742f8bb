"""GitLab's code quality report: a JSON list of issues with stable fingerprints."""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from sectorlint.baseline import problem_key
from sectorlint.escaping import json_safe
from sectorlint.problem import Report, Severity
from sectorlint.reporters import Style


def render(report: Report, style: Style) -> str:
    seen: Counter[str] = Counter()
    issues = []
    for p in report.problems:
        # Line numbers move when a file is edited; the fingerprint must not, or GitLab would see
        # a fixed problem and a new one. The occurrence count separates identical problems.
        identity = "\x00".join(problem_key(p))
        seen[identity] += 1
        fingerprint = hashlib.sha256(f"{identity}\x00{seen[identity]}".encode()).hexdigest()
        end_line = p.span.end_line or p.line
        issues.append(
            {
                "description": f"{p.code} {p.message}",
                "check_name": p.code,
                "fingerprint": fingerprint,
                "severity": "major" if p.severity == Severity.ERROR else "minor",
                "location": {
                    "path": p.path,
                    "positions": {
                        "begin": {"line": p.line, "column": p.column},
                        "end": {"line": end_line, "column": p.span.end_column or p.column},
                    },
                },
            }
        )
    return json_safe(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n"
