"""The official YAML test suite (tests/data/yaml-test-suite, MIT) through the reader and `check`.

Each case is one folder with `in.yaml`, and `error` when the input is invalid YAML.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sectorlint import engine
from sectorlint.positions import line_starts
from tests.conftest import DATA

SUITE = DATA / "yaml-test-suite"
CASES = sorted(path.parent for path in SUITE.rglob("in.yaml"))


def case_id(folder: Path) -> str:
    return folder.relative_to(SUITE).as_posix()


def test_the_suite_is_all_here() -> None:
    assert len(CASES) == 402
    assert sum((case / "error").exists() for case in CASES) == 94


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_no_position_passes_the_end_of_the_file(case: Path) -> None:
    report = engine.check([str(case / "in.yaml")], engine.Options())
    text = (case / "in.yaml").read_bytes().decode("utf-8", errors="replace")
    starts = line_starts(text)
    last_line, last_column = len(starts), len(text) - starts[-1] + 1
    for problem in report.problems:
        for line, column in (
            (problem.line, problem.column),
            (problem.span.end_line, problem.span.end_column),
        ):
            if line is None or column is None:
                continue
            assert (line, column) <= (last_line, last_column), json.dumps(problem.message)


def test_a_file_without_a_final_newline_ends_where_its_text_ends(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("id: x", encoding="utf-8")
    problems = engine.check([str(path)], engine.Options()).problems
    assert problems and all((p.span.end_line, p.span.end_column) == (1, 6) for p in problems)


def test_a_json_file_must_be_json(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"id": "x", "name": "X",}\n', encoding="utf-8")  # YAML would take it
    [problem] = engine.check([str(path)], engine.Options()).problems
    assert (problem.code, problem.line, problem.column) == ("Y001", 1, 25)
    assert problem.message.startswith("not valid JSON")
