"""JUnit XML, which CI systems show as test results: a test case per file, a failure per problem."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sectorlint.escaping import as_escape
from sectorlint.problem import Problem, Report
from sectorlint.reporters import Style

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(report: Report, style: Style) -> str:
    by_path: dict[str, list[Problem]] = {path: [] for path in report.files}
    for problem in report.problems:
        by_path.setdefault(problem.path, []).append(problem)
    cases = sum(max(1, len(problems)) for problems in by_path.values())
    failures = len(report.problems)
    suites = ET.Element("testsuites", name="sectorlint", tests=str(cases), failures=str(failures))
    suite = ET.SubElement(
        suites, "testsuite", name="sectorlint", tests=str(cases), failures=str(failures), errors="0"
    )
    for path, problems in by_path.items():
        if not problems:
            ET.SubElement(suite, "testcase", classname=_xml(path), name=_xml(path), file=_xml(path))
        for p in problems:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=_xml(path),
                name=_xml(f"{p.path}:{p.line}:{p.column} {p.code}"),
                file=_xml(path),
                line=str(p.line),
            )
            failure = ET.SubElement(case, "failure", type=p.code, message=_xml(p.message))
            failure.text = _xml(f"{p.path}:{p.line}:{p.column}: {p.code} {p.message}")
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _xml(text: str) -> str:
    return _NOT_XML.sub(as_escape, text)
