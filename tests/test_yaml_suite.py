"""The official YAML test suite (tests/data/yaml-test-suite, MIT) through the reader and `check`.

Each case is one folder with `in.yaml`, and `error` when the input is invalid YAML.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from sectorlint import engine, source
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


# The reader's verdicts on the suite, chosen and measured (README, "Reading YAML"): libyaml
# first, ruamel's pure parser as a second opinion on a syntax error. What is left, exactly:
VALID_REJECTED = {  # valid YAML 1.2 both parsers refuse (Y001)
    "4MUZ/00", "4MUZ/01", "4MUZ/02", "5MUD", "6BCT", "6CA3", "9SA2", "A2M4", "BEC7", "CFD4",
    "DK95/00", "DK95/03", "DK95/04", "HWV9", "K3WX", "NJ66", "Q5MG", "QT73", "R4YG", "UT92",
    "VJP3/01", "WZ62", "Y79Y/010",
}  # fmt: skip
INVALID_ACCEPTED = {"9C9N", "DK95/01", "QB6E", "S98Z"}  # read as meant


def verdicts() -> tuple[set[str], set[str], Counter[str]]:
    rejected, accepted, refusals = set(), set(), Counter[str]()
    for case in CASES:
        parsed = source.parse_bytes("in.yaml", (case / "in.yaml").read_bytes())
        codes = [p.code for p in parsed.problems if p.code.startswith("Y")]
        if (case / "error").exists():
            if not codes:
                accepted.add(case_id(case))
        elif "Y001" in codes:
            rejected.add(case_id(case))
        elif codes:
            refusals[codes[0]] += 1
    return rejected, accepted, refusals


def test_the_suites_verdicts_are_the_documented_ones() -> None:
    rejected, accepted, refusals = verdicts()
    assert rejected == VALID_REJECTED
    assert accepted == INVALID_ACCEPTED
    # by design, each with its own code: not a mapping, anchors, tags, several documents,
    # collection keys, empty, a repeated key
    assert refusals == {"Y005": 115, "Y007": 25, "Y006": 16, "Y010": 15, "Y012": 15, "Y003": 9,
                        "Y002": 1}  # fmt: skip


def test_a_url_in_a_flow_mapping_is_read(tmp_path: Path) -> None:
    """Suite case UDM2, as content writers meet it; libyaml alone says `found unexpected ':'`."""
    parsed = source.parse_text(
        "x.yaml", "id: x\nsources: [{title: X, url: https://example.com/a}]\n"
    )
    assert parsed.problems == []
    assert parsed.document is not None
    assert parsed.document.data["sources"] == [{"title": "X", "url": "https://example.com/a"}]
    span = parsed.document.value_span(("sources", 0, "url"))
    assert (span.line, span.column, span.end_column) == (2, 27, 48)


def test_the_second_opinion_never_lets_a_lone_surrogate_in() -> None:
    """ruamel's pure parser decodes `\\ud83d` into a lone surrogate, which no output can encode;
    libyaml's refusal stands."""
    parsed = source.parse_text("a.yaml", '{"id": "a", "name": "A \\ud83d\\ude00"}\n')
    assert [p.code for p in parsed.problems] == ["Y001"]
