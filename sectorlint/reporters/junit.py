"""JUnit XML, which CI systems show as test results: a test case per file, each of its
problems a failure of it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sectorlint.escaping import as_escape
from sectorlint.problem import Problem, Report
from sectorlint.reporters import Style

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(report: Report, style: Style) -> str:
    """A test case per file checked (and per file a problem is about), passing when the file
    has no problem; each of its problems a failure of that case."""
    by_path: dict[str, list[Problem]] = {path: [] for path in report.files}
    for problem in report.problems:
        by_path.setdefault(problem.path, []).append(problem)
    cases, failing = str(len(by_path)), str(sum(1 for found in by_path.values() if found))
    suites = ET.Element("testsuites", name="sectorlint", tests=cases, failures=failing)
    suite = ET.SubElement(
        suites, "testsuite", name="sectorlint", tests=cases, failures=failing, errors="0"
    )
    for path, problems in by_path.items():
        case = ET.SubElement(suite, "testcase", classname=_xml(path), name=_xml(path))
        case.set("file", _xml(path))
        for p in problems:
            where = f"{p.path}:{p.line}:{p.column}"
            failure = ET.SubElement(case, "failure", type=p.code, message=_xml(p.message))
            failure.text = _xml(f"{where}: {p.code} {p.message}")
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _xml(text: str) -> str:
    return _NOT_XML.sub(as_escape, text)
