"""GitHub Actions workflow commands: each problem becomes an annotation on the pull request."""

from __future__ import annotations

from sectorlint.catalog import catalog
from sectorlint.escaping import terminal_safe
from sectorlint.problem import Problem, Report, Severity
from sectorlint.reporters import Style


def render(report: Report, style: Style) -> str:
    return "".join(f"{_annotation(p)}\n" for p in report.problems)


def _annotation(problem: Problem) -> str:
    level = "error" if problem.severity == Severity.ERROR else "warning"
    name = catalog()[problem.code].name if problem.code in catalog() else ""
    properties = [
        f"file={_property(problem.path)}",
        f"line={problem.line}",
        f"col={problem.column}",
    ]
    span = problem.span
    if span.end_line is not None and span.end_column is not None:
        properties += [f"endLine={span.end_line}", f"endColumn={span.end_column}"]
    properties.append(f"title={_property(f'{problem.code} {name}'.strip())}")
    return f"::{level} {','.join(properties)}::{_data(problem.message)}"


def _data(text: str) -> str:
    """Escaped as the runner expects, so a message cannot end the command early, and with the
    control characters and direction overrides of file names and content as visible escapes
    (the runner's log is a terminal too), as every other format shows them."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return terminal_safe(text)


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
