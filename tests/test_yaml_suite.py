"""The official YAML test suite (tests/data/yaml-test-suite, MIT) through the reader and `check`.

Each case is one folder with `in.yaml`, and `error` when the input is invalid YAML.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from ruamel.yaml.error import YAMLError

from sectorlint import engine, saphyr_events, source
from sectorlint.builder import Builder, Stop
from sectorlint.positions import for_parser, line_starts
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
# first; on a syntax error, ruamel's pure parser, then pyrs-yaml; and the indentation rules
# libyaml does not check (Y016, Y017). No valid case is rejected, no invalid one accepted.
VALID_REJECTED: set[str] = set()
INVALID_ACCEPTED: set[str] = set()
# Valid cases read as a mapping whose data is not the suite's (in.json): libyaml reads
# `{ ?foo: bar }` as the key `foo`, and drops a literal block's last line of spaces.
MISREAD = {"652Z", "L24T/01"}


def verdicts() -> tuple[set[str], set[str], Counter[str]]:
    rejected, accepted, refusals = set(), set(), Counter[str]()
    for case in CASES:
        parsed = source.parse_bytes("in.yaml", (case / "in.yaml").read_bytes())
        codes = [p.code for p in parsed.problems if p.code.startswith("Y")]
        if (case / "error").exists():
            if not codes:
                accepted.add(case_id(case))
        elif "Y001" in codes or "Y016" in codes or "Y017" in codes:
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
    assert refusals == {"Y005": 123, "Y007": 25, "Y006": 16, "Y010": 16, "Y012": 15, "Y003": 11,
                        "Y002": 1}  # fmt: skip


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if value is None or isinstance(value, (bool, int, float, str)) else str(value)


def test_the_data_read_is_the_suites() -> None:
    """Every valid case read as a mapping without a problem holds what the suite says it
    holds (its `in.json`), but the documented misreads."""
    misread, compared = set(), 0
    for case in CASES:
        parsed = source.parse_bytes("in.yaml", (case / "in.yaml").read_bytes())
        if (case / "error").exists() or parsed.document is None or parsed.problems:
            continue
        if not (case / "in.json").exists():  # the suite gives none where JSON cannot say it
            continue
        compared += 1
        expected = json.loads((case / "in.json").read_text(encoding="utf-8"))
        if _plain(parsed.document.data) != expected:
            misread.add(case_id(case))
    assert misread == MISREAD
    assert compared == 95


def built_by(text: str, feed: source.Feed) -> tuple[object, ...] | None:
    prepared = for_parser(text, False)
    builder = Builder("in.yaml", prepared, 100)
    try:
        feed(prepared.text, builder.feed)
    except Stop:
        pass
    except YAMLError:
        return None
    built = builder.finish()
    return built.data, built.key_spans, built.value_spans, [p.code for p in built.problems]


# Where pyrs-yaml reads what libyaml misreads (MISREAD, and three more libyaml reads as a
# list, an anchor or a scalar it is not): the two cannot agree.
LIBYAML_MISREADS = MISREAD | {"HM87/01", "JEF9/02", "Y2GN"}


def test_pyrs_yaml_is_read_with_libyamls_positions() -> None:
    """The third parser gives only where nodes start: the marks worked out from the text must
    be libyaml's, on every case libyaml reads (data, every key's and value's span, the
    problems)."""
    differ, compared = set(), 0
    for case in CASES:
        if (case / "error").exists():
            continue
        text = (case / "in.yaml").read_bytes().decode("utf-8")
        first = built_by(text, source._feed)
        if first is None:
            continue
        compared += 1
        if built_by(text, saphyr_events.feed) != first:
            differ.add(case_id(case))
    assert differ == LIBYAML_MISREADS
    assert compared >= 250


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


@pytest.mark.parametrize(
    ("escaped", "read"),
    [("\\ud83d\\ude00", "A \U0001f600"), ("\\ud83d", None), ("\\ude00 x", None)],
    ids=["pair", "lone-high", "lone-low"],
)
def test_the_other_opinions_never_let_a_lone_surrogate_in(escaped: str, read: str | None) -> None:
    """ruamel's pure parser decodes `\\ud83d` into a lone surrogate, which no output can
    encode; pyrs-yaml joins a pair, as JSON does, and refuses a lone one."""
    parsed = source.parse_text("a.yaml", f'{{"id": "a", "name": "A {escaped}"}}\n')
    if read is None:
        assert [p.code for p in parsed.problems] == ["Y001"]
    else:
        assert parsed.problems == [] and parsed.document is not None
        assert parsed.document.data["name"] == read


# The invalid cases libyaml reads without a syntax error, and what sectorlint says of each: its
# fault (Y001, Y016), or a by-design refusal that comes first (several documents, a tag).
LIBYAML_TAKES_INVALID = {
    "SU5Z": "Y001", "X4QW": "Y001", "9JBA": "Y001", "CVW2": "Y001", "MUS6/00": "Y001",
    "G5U8": "Y001", "YJV2": "Y001", "9C9N": "Y016", "QB6E": "Y016", "DK95/01": "Y016",
    "S98Z": "Y016", "Y79Y/003": "Y016", "EB22": "Y010", "MUS6/01": "Y010", "RHX7": "Y010",
    "9HCY": "Y006", "QLJ7": "Y006", "U99R": "Y006",
}  # fmt: skip


def test_every_invalid_case_libyaml_reads_is_reported() -> None:
    taken, said = set(), {}
    for case in CASES:
        if not (case / "error").exists():
            continue
        text = (case / "in.yaml").read_bytes().decode("utf-8")
        if built_by(text, source._feed) is None:
            continue  # libyaml's own syntax error
        taken.add(case_id(case))
        codes = [p.code for p in source.parse_text("in.yaml", text).problems]
        fault = next((c for c in ("Y001", "Y016") if c in codes), None)
        said[case_id(case)] = fault or codes[0]
    assert len(taken) == 18
    assert said == LIBYAML_TAKES_INVALID
