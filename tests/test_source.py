"""Every reader diagnostic, with the exact line and column a user would look at."""

from __future__ import annotations

import os
import re
import time
import tracemalloc
from pathlib import Path

import pytest

from sectorlint import engine, source
from sectorlint.problem import Span


def located(text: str | bytes, limits: source.Limits | None = None) -> list[tuple[str, int, int]]:
    raw = text.encode() if isinstance(text, str) else text
    parsed = source.parse_bytes("f.yaml", raw, limits or source.Limits())
    return [(p.code, p.line, p.column) for p in parsed.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: 'unterminated\n", [("Y001", 2, 1)]),
        ("id: x\nname: a: b\n", [("Y001", 2, 8)]),
        ("id: x\n\t- tab\n", [("Y001", 2, 1)]),
        ("- a\nb: c\n", [("Y001", 2, 1)]),
        ("id: x\nname: bell\x07\n", [("Y001", 2, 11)]),
        ("id: x\nid: y\n", [("Y002", 2, 1)]),
        ("a:\n  b: 1\n  c: 2\n  b: 3\n", [("Y002", 4, 3)]),
        ("", [("Y003", 1, 1)]),
        ("# nothing but a comment\n", [("Y003", 1, 1)]),
        ("- one\n- two\n", [("Y005", 1, 1)]),
        ("just text\n", [("Y005", 1, 1)]),
        ("id: !!python/object/apply:os.system [ls]\n", [("Y006", 1, 5)]),
        ("id: x\nname: !custom value\n", [("Y006", 2, 7)]),
        ("a: &anchor 1\nb: *anchor\n", [("Y007", 1, 4)]),
        ("a: 1\n---\nb: 2\n", [("Y010", 2, 1)]),
        ("a:\n  ? [x]\n  : 1\n", [("Y012", 2, 5)]),
    ],
)
def test_reader_problem_is_located(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert located(text) == expected


def test_not_utf8_points_at_the_bad_byte() -> None:
    assert located(b"id: x\nname: caf\xe9\n") == [("Y004", 2, 10)]


def test_bom_and_crlf_are_fine() -> None:
    parsed = source.parse_bytes("f.yaml", b"\xef\xbb\xbfid: x\r\nname: y\r\n")
    assert parsed.problems == []
    assert parsed.document is not None
    assert parsed.document.data == {"id": "x", "name": "y"}
    assert parsed.document.key_spans[("name",)] == Span(2, 1, 2, 5)


def test_spans_count_characters_not_bytes() -> None:
    parsed = source.parse_text("f.yaml", "é: ñandú\nb: x\n")
    assert parsed.document is not None
    assert parsed.document.value_spans[("é",)] == Span(1, 4, 1, 9)


def test_yaml_1_2_scalars_keep_words_as_text() -> None:
    text = "a: no\nb: on\nc: 2024-01-09\nd: 12\ne: 1.5\nf: true\ng: ~\n"
    parsed = source.parse_text("f.yaml", text)
    assert parsed.document is not None
    assert parsed.document.data == {
        "a": "no", "b": "on", "c": "2024-01-09", "d": 12, "e": 1.5, "f": True, "g": None,
    }  # fmt: skip


def test_nesting_deeper_than_the_cap_is_refused() -> None:
    limits = source.Limits(max_depth=5)
    assert located("a: " + "[" * 10 + "]" * 10 + "\n", limits) == [("Y011", 1, 8)]


def test_deep_nesting_within_a_large_cap_does_not_overflow() -> None:
    limits = source.Limits(max_depth=10_000)
    parsed = source.parse_text("f.yaml", "a: " + "[" * 5_000 + "]" * 5_000 + "\n", limits)
    assert parsed.problems == []


def test_billion_laughs_is_refused_fast_and_small() -> None:
    lines = ["l0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"l{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    bomb = "\n".join(lines) + "\n"
    assert len(bomb) < 700
    tracemalloc.start()
    started = time.perf_counter()
    problems = located(bomb)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert problems == [("Y007", 1, 5)]
    assert elapsed < 0.5
    assert peak < 5 * 1024 * 1024


def test_file_over_the_size_cap_is_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("id: x\n" + "# padding\n" * 200)
    parsed = source.read(str(path), source.Limits(max_file_size=1000))
    assert [(p.code, p.line, p.column) for p in parsed.problems] == [("Y008", 1, 1)]
    assert "over the 1,000-byte cap" in parsed.problems[0].message


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("id: x\n")
    path.chmod(0)
    parsed = source.read(str(path))
    assert [p.code for p in parsed.problems] == ["Y009"]


def test_a_directory_given_as_a_file_is_reported(tmp_path: Path) -> None:
    parsed = source.read(str(tmp_path))
    assert [p.code for p in parsed.problems] == ["Y013"]


def test_fifo_is_skipped_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    parsed = source.read(str(fifo))
    assert [p.code for p in parsed.problems] == ["Y013"]
    assert "not a regular file" in parsed.problems[0].message


def test_syntax_error_mark_stays_inside_the_file() -> None:
    text = "a: 'open"
    parsed = source.parse_text("f.yaml", text)
    problem = parsed.problems[0]
    lines = text.split("\n")
    assert 1 <= problem.line <= len(lines)
    assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1


def test_a_file_that_cannot_be_opened_is_reported(tmp_path: Path) -> None:
    link = tmp_path / "gone.yaml"
    link.symlink_to(tmp_path / "missing.yaml")
    parsed = source.read(str(link))
    assert [(p.code, p.line, p.column) for p in parsed.problems] == [("Y009", 1, 1)]
    assert "No such file" in parsed.problems[0].message


def test_yaml_1_1_line_breaks_do_not_shift_line_numbers() -> None:
    text = 'a: "one\u2028two"\nb: x\u2029y\nc: p\x85q\nd: |\n  z\n'
    parsed = source.parse_text("f.yaml", text)
    assert parsed.problems == []
    assert parsed.document is not None
    assert parsed.document.data["a"] == "one\u2028two"
    assert parsed.document.data["b"] == "x\u2029y"
    assert parsed.document.key_spans[("d",)].line == 4


def test_a_lone_carriage_return_counts_as_a_line_break() -> None:
    assert located("id: x\rid: y\r") == [("Y002", 2, 1)]


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_not_utf8_is_placed_on_its_line_whatever_the_line_ends(end: str) -> None:
    """Y004 counted LF only: with classic Mac line ends it stood on line 1, past its end."""
    raw = f"id: x{end}{end}name: caf".encode() + b"\xe9" + end.encode()
    assert located(raw) == [("Y004", 3, 10)]


@pytest.mark.parametrize(
    "text",
    [
        "a: |{0}  {0} x{0}b: c{0}",  # Y016: a blank line before a block scalar's first line
        "a: 1{0}...{0}%YAML 1.2#c{0}---{0}b: 2{0}",  # Y001: a directive's comment glued on
    ],
)
def test_line_checks_read_lines_ended_by_a_lone_carriage_return(text: str) -> None:
    """They split at LF only: a file with CR line ends got neither problem."""
    assert located(text.format("\r")) == located(text.format("\n")) != []


@pytest.mark.parametrize(
    "text", ["name: bell\x07\n", "name: caf\u00e9\x07\n", '{"name": 1}\n', "x: 1\n---\ny: 2\n"]
)
def test_a_text_starting_with_a_bom_is_located_as_the_same_file_on_disk(text: str) -> None:
    """An editor's buffer may hold the BOM a file on disk starts with: line 1 columns count
    what the editor shows (not the BOM), as for the bytes. Y001 for a character stood one
    column on; JSON refused the buffer."""
    path = "f.json" if text.startswith("{") else "f.yaml"
    from_disk = source.parse_bytes(path, b"\xef\xbb\xbf" + text.encode()).problems
    assert source.parse_text(path, "\ufeff" + text).problems == from_disk
    assert from_disk == source.parse_text(path, text).problems


def test_a_match_inside_a_value_is_found_after_a_bom() -> None:
    """The parser skips the BOM, the offsets into the text counted it: a match on line 1 was
    looked for one character early, and missed."""
    document = source.parse_text("f.yaml", "\ufeffname: bell ding\n").document
    assert document is not None
    found = document.spans_in_value(("name",), re.compile("ding"))
    assert found == [(Span(1, len("name: bell ") + 1), "ding")]


def test_json_surrogate_pair_escapes_are_read_and_columns_stay_right() -> None:
    text = '{"name": "smile \\ud83d\\ude00", "x": 1}\n'
    parsed = source.parse_text("f.json", text)
    assert parsed.problems == []
    assert parsed.document is not None
    assert parsed.document.data["name"] == "smile \U0001f600"
    assert parsed.document.key_spans[("x",)].column == text.index('"x"') + 1


@pytest.mark.parametrize("text", ["]", '"abc', "\t\n-\t-"])
def test_a_syntax_error_before_any_node_is_not_also_an_empty_file(text: str) -> None:
    assert [code for code, _, _ in located(text)] == ["Y001"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: !custom x\n", [("Y006", 1, 5)]),
        ("!custom id: x\n", [("Y006", 1, 1)]),
        ("!!python/name:os.system : x\n", [("Y006", 1, 1)]),
        ("a: !!int hello\n", [("Y006", 1, 4)]),
        ("a: !!bool yes\n", [("Y006", 1, 4)]),
    ],
)
def test_tags_are_checked_on_keys_and_values(
    text: str, expected: list[tuple[str, int, int]]
) -> None:
    assert located(text) == expected


def test_standard_tags_give_their_type() -> None:
    parsed = source.parse_text("f.yaml", "a: !!float 1\nb: !!str 12\nc: !!null ~\n")
    assert parsed.document is not None
    assert parsed.document.data == {"a": 1.0, "b": "12", "c": None}


def test_huge_numbers_stay_numbers_without_failing() -> None:
    parsed = source.parse_text("f.yaml", "a: 0x" + "f" * 4000 + "\nb: " + "9" * 5000 + "\n")
    assert parsed.problems == []
    assert parsed.document is not None
    assert parsed.document.data["b"] == float("inf")


def test_hex_with_underscores_is_text_in_yaml_1_2() -> None:
    parsed = source.parse_text("f.yaml", "a: 0x1_F\nb: 0o17\n")
    assert parsed.document is not None
    assert parsed.document.data == {"a": "0x1_F", "b": 15}


@pytest.mark.parametrize("raw", [b"\xff\xfei\x00d\x00", b"i\x00d\x00:\x00", b"\x00"])
def test_utf16_and_nul_bytes_are_an_encoding_problem(raw: bytes) -> None:
    assert [code for code, _, _ in located(raw)] == ["Y004"]


def test_a_list_longer_than_the_cap_is_refused() -> None:
    limits = source.Limits(max_list_items=100)
    text = "aliases:\n" + "".join(f"  - a{i}\n" for i in range(150))
    assert located(text, limits) == [("Y014", 102, 5)]


@pytest.mark.parametrize(
    "value",
    ["TODO " * 200_000, "a call centre " * 70_000],
    ids=["placeholders", "terminology"],
)
def test_a_file_full_of_matches_is_checked_in_linear_time(tmp_path: Path, value: str) -> None:
    """A megabyte of placeholders once took minutes (each match located from the start of the
    file, then looked up in a list): within the default caps, a run must end."""
    path = tmp_path / "t.yaml"
    path.write_text(f"id: bpo\nname: N\nsummary: {value}\n", encoding="utf-8")
    assert path.stat().st_size < 1_048_576
    started = time.monotonic()
    report = engine.check([str(path)], engine.Options())
    assert len(report.problems) > 10_000
    assert time.monotonic() - started < 60  # quadratic took over 200 s; linear takes a few


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("examples: [a]#c\n", 13),
        ("x: {a: b}#c\n", 9),
        ("examples: [a,#c\n  b]\n", 12),
        ("examples: [#c\n  a]\n", 11),
        ("examples: [-]\n", 12),
        ("x: {a: -}\n", 8),
        ("examples: [a, - b]\n", 15),
        ("%YAML 1.2#c\n---\nid: x\n", 10),
    ],
)
def test_what_libyaml_lets_through_in_a_flow_collection_is_a_syntax_error(
    text: str, column: int
) -> None:
    """A `#` touching the token before it, and a lone `-`: libyaml reads them, YAML does not,
    and fmt once "repaired" them (dropping the `#c`)."""
    [problem] = source.parse_text("x.yaml", text).problems
    assert (problem.code, problem.line, problem.column) == ("Y001", 1, column)


@pytest.mark.parametrize(
    "text", ["examples: [a, b] #c\n", "examples: [a,  # c\n  b]\n", 'x: [a:b, "-", -b]\n']
)
def test_comments_and_dashes_yaml_allows_in_a_flow_collection_are_read(text: str) -> None:
    assert source.parse_text("x.yaml", text).problems == []


def test_a_line_that_goes_on_after_an_inner_closing_bracket_is_under_indented() -> None:
    """Only a line that just closes the collection is the widely allowed Y017."""
    codes = [p.code for p in source.parse_text("x.yaml", "x: {a: [b\n], c: d}\n").problems]
    assert codes == ["Y016"]
    codes = [p.code for p in source.parse_text("x.yaml", "x: {a: [b\n]}  # c\n").problems]
    assert codes == ["Y017"]


@pytest.mark.parametrize("text", ["id: x\n\ufeffscope: broad\n", "id: x\nscope: bro\ufeffad\n"])
def test_a_byte_order_mark_inside_the_text_is_refused(text: str) -> None:
    """YAML allows it at the start only; fmt then wrote the key as "\\uFEFFscope"."""
    assert [p.code for p in source.parse_text("x.yaml", text).problems] == ["Y001"]
    assert source.parse_text("x.yaml", "\ufeffid: x\n").problems == []
