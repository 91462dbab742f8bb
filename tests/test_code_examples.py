"""The reader and schema codes' examples are tests too, as the rules' are (tests/test_rules.py):
the bad example reports its code where its markers say, the good one does not report it."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from sectorlint.codes import CODES, Code, Example
from sectorlint.rules.examples import complete, expected
from tests.conftest import run_cli

Found = set[tuple[str, str, int, int]]
WITH_EXAMPLES = [code for code in CODES.values() if code.bad is not None]
_FMT_PROBLEM = re.compile(r"^(.+?):(\d+):(\d+): ([A-Z]\d{3}) ")


def run_example(example: Example, tmp_path: Path) -> Found:
    """Write the example's files into a folder and run its command on the folder."""
    folder = tmp_path / "content"
    folder.mkdir()
    for index, (name, text) in enumerate(example.files.items()):
        path = folder / name
        made = example.made if index == 0 else ""
        if made == "fifo":
            os.mkfifo(path)
            continue
        text = complete(name, text) if example.filled else text
        path.write_bytes(text.encode("latin-1" if made == "latin-1" else "utf-8"))
        if made == "unreadable":
            path.chmod(0)
    if example.command == "fmt":
        output = run_cli("fmt", "--check", *example.options, str(folder)).output
        found = [m.groups() for line in output.splitlines() if (m := _FMT_PROBLEM.match(line))]
        return {(Path(p).name, code, int(line), int(col)) for p, line, col, code in found}
    result = run_cli("check", "--output-format", "json", *example.options, str(folder))
    problems = json.loads(result.output)["problems"]
    return {(Path(p["path"]).name, p["code"], p["line"], p["column"]) for p in problems}


@pytest.mark.parametrize("code", WITH_EXAMPLES, ids=[c.code for c in WITH_EXAMPLES])
def test_bad_example_reports_its_code_where_marked(code: Code, tmp_path: Path) -> None:
    assert code.bad is not None
    if code.bad.made == "unreadable" and os.geteuid() == 0:
        pytest.skip("root reads every file")
    marks = expected(code.bad.files)
    found = run_example(code.bad, tmp_path)
    if code.bad.filled:  # a whole sector but for the example's lines: nothing else to report
        assert marks and found == marks
    elif marks:
        assert {f for f in found if f[1] == code.code} == marks
    else:  # a file its text cannot show (a pipe, an unreadable file): no marker to put in it
        assert code.code in {c for _, c, _, _ in found}


@pytest.mark.parametrize("code", WITH_EXAMPLES, ids=[c.code for c in WITH_EXAMPLES])
def test_good_example_does_not_report_it(code: Code, tmp_path: Path) -> None:
    assert code.good is not None
    found = run_example(code.good, tmp_path)
    if code.good.filled:
        assert found == set()
    else:
        assert code.code not in {c for _, c, _, _ in found}


def test_only_what_no_file_brings_about_has_no_example() -> None:
    without = {code.code for code in CODES.values() if code.bad is None or code.good is None}
    assert without == {"Y000", "S099"}


@pytest.mark.parametrize("code", CODES.values(), ids=list(CODES))
def test_code_is_documented(code: Code) -> None:
    assert code.summary.endswith(".")
    assert len(code.rationale) > 80
    assert code.fix.endswith(".")
