"""Property-based fuzzing: whatever the input, no traceback, a clear verdict, located problems.

Invariants, for arbitrary bytes, arbitrary YAML and structured mutations of the shipped content:
the checker never fails inside (no Y000, no exception), every reported line and column lies
inside the file, and the same input always gives the same report. The formatter never loses
data: on the shipped content, the official YAML test suite's inputs (alone and as values of a
sector file) and generated multi-line flow collections, with comments inserted anywhere, CRLF or
mixed line ends and a byte order mark, what it writes parses back to the same data with the
documented normalizations, keeps every comment (counted by a scanner other than fmt's), keeps
the line ends and the BOM, and formatting twice equals formatting once; invalid YAML is refused.
Concurrent `check` and `fmt` processes sharing one cache each report what a `--no-cache` run
reports on the bytes they read, and leave no temporary or half-written file.

The default budget keeps the suite quick; `HYPOTHESIS_PROFILE=long python -m pytest
tests/test_fuzz.py` runs a long campaign (see the README for the last one's figures).
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import shutil
import string
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml.error import YAMLError

from sectorlint import engine, fmt, reading, saphyr_events, source, taxonomy
from sectorlint.analysis import PROJECTION, project
from sectorlint.config import Config
from sectorlint.document import Document
from sectorlint.limits import Limits
from sectorlint.positions import LINE_BREAK
from sectorlint.problem import Problem, Severity
from sectorlint.taxonomy import has_phrase
from tests.conftest import CONTENT, DATA, PROJECT, run_cli
from tests.test_yaml_suite import LIBYAML_MISREADS, built_by

settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SHIPPED = {p.name: p.read_text(encoding="utf-8") for p in sorted(CONTENT.glob("*.yaml"))}
TAXONOMY = taxonomy.load()
KEEP = frozenset(PROJECTION)


def check_bytes(raw: bytes, folder: Path, name: str = "sector.yaml") -> list[Any]:
    """Check one file (beside the shipped content) and assert the invariants."""
    for shipped, text in SHIPPED.items():
        (folder / shipped).write_text(text, encoding="utf-8")
    path = folder / name
    path.write_bytes(raw)
    options = engine.Options(config=Config(root=folder))
    first = engine.check([str(path)], options)
    again = engine.check([str(path)], options)
    assert first == again  # the same input, the same report
    lines = _lines(raw)
    for problem in first.problems:
        assert problem.code != "Y000", problem.message
        if problem.path == str(path) and lines is not None:
            assert 1 <= problem.line <= len(lines), problem
            assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, problem
    return list(first.problems)


def _lines(raw: bytes) -> list[str] | None:
    text, _ = source.decode("x", raw)
    return LINE_BREAK.split(text) if text is not None else None


@given(st.binary(max_size=2000))
def test_arbitrary_bytes(tmp_path_factory: Any, raw: bytes) -> None:
    check_bytes(raw, tmp_path_factory.mktemp("bytes"))


YAML_ATOMS = st.sampled_from(
    ["", "~", "null", "true", "no", "0x1F", "1e999", "-.inf", "'q'", '"d\\u202e"', "&a x", "*a",
     "!!python/object:x", "!t v", "? k", "- ", "[", "]", "{", "}", ":", "#", "---", "...",
     "|", ">-", "\t", "\u2028", "é", "😀", "id", "name", "relations", "subset_of", "sector"]
)  # fmt: skip


@st.composite
def yaml_like(draw: st.DrawFn) -> str:
    """Text built from YAML's own syntax, so the parser gets far before it may fail."""
    lines = []
    for _ in range(draw(st.integers(1, 25))):
        indent = " " * draw(st.sampled_from([0, 0, 2, 4, 6]))
        parts = draw(st.lists(st.one_of(YAML_ATOMS, st.text(max_size=8)), min_size=1, max_size=4))
        separator = draw(st.sampled_from([": ", " ", ", ", "- ", ""]))
        lines.append(indent + separator.join(parts))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))


@given(yaml_like())
def test_arbitrary_yaml(tmp_path_factory: Any, text: str) -> None:
    check_bytes(text.encode("utf-8", "surrogatepass"), tmp_path_factory.mktemp("yaml"))


def _mutations(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(lines))
        kind = rng.choice(
            ["delete", "retype", "unicode", "control", "long", "deep", "swap", "relation"]
        )
        if kind == "delete":
            del lines[index]
        elif kind == "retype" and ":" in lines[index]:
            key = lines[index].split(":", 1)[0]
            lines[index] = f"{key}: {rng.choice(['[1, 2]', '{a: b}', '42', 'null', 'true'])}"
        elif kind == "unicode":
            lines[index] += rng.choice([" é中😀", " \u202e", " \u00a0x", ""])
        elif kind == "control":
            lines[index] += rng.choice(['"\\e[31m"', "\x07", "\x00"])
        elif kind == "long":
            lines[index] += " " + "".join(
                rng.choices(string.ascii_letters, k=rng.randint(100, 5000))
            )
        elif kind == "deep":
            lines.insert(index, "x: " + "[" * 80 + "]" * 80)
        elif kind == "swap":
            other = rng.randrange(len(lines))
            lines[index], lines[other] = lines[other], lines[index]
        elif kind == "relation":
            lines.append(
                rng.choice(
                    ["relations:", "  subset_of:", "    - sector: nowhere", "    - sector: it"]
                )
            )
    return "\n".join(lines) + "\n"


@given(st.sampled_from(sorted(SHIPPED)), st.integers(0, 2**32))
def test_mutated_content(tmp_path_factory: Any, name: str, seed: int) -> None:
    mutated = _mutations(SHIPPED[name], random.Random(seed))
    check_bytes(mutated.encode("utf-8", "surrogatepass"), tmp_path_factory.mktemp("mut"), name)


COMMENTS = ["# a", "#b", "# c: d", "# sectorlint: disable=T001"]


@given(st.sampled_from(sorted(SHIPPED)), st.integers(0, 2**32))
def test_fmt_keeps_data_and_comments_and_is_idempotent(name: str, seed: int) -> None:
    rng = random.Random(seed)
    lines = SHIPPED[name].splitlines()
    for _ in range(rng.randint(1, 6)):  # comments in every kind of corner
        index = rng.randrange(len(lines) + 1)
        comment = rng.choice(COMMENTS)
        trailing = index < len(lines) and not lines[index].startswith("  ")
        if trailing and rng.random() < 0.5 and ": >-" not in lines[index]:
            lines[index] += "  " + comment
        else:
            lines.insert(index, comment)
    text = "\n".join(lines) + "\n"
    before = source.parse_text(name, text)
    try:
        once = fmt.format_text(name, text, TAXONOMY)
    except fmt.FormatError:
        assert before.document is None or before.problems  # only what cannot be read is refused
        return
    assert fmt.format_text(name, once, TAXONOMY) == once
    for comment in COMMENTS:
        assert text.count(comment) == once.count(comment)
    after = source.parse_text(name, once).document
    assert before.document is not None and after is not None
    assert after.data == before.document.data  # the shipped content is already canonical


@given(yaml_like())
def test_fmt_on_arbitrary_yaml_formats_or_refuses(text: str) -> None:
    try:
        once = fmt.format_text("f.yaml", text, TAXONOMY)
    except fmt.FormatError:
        return  # refused with a located problem: the file is left as it was
    assert fmt.format_text("f.yaml", once, TAXONOMY) == once  # (it writes only what parses)


SKIMMED_TROUBLE = [
    "features: &a [x]",
    "benefits: *a",
    "trends: !!python/object:os.system x",
    "careers: !!str fine",
    "faqs: [[[[[[[[deep]]]]]]]]",
    "examples: [1, 2, 3, 4, 5, 6, 7, 8]",
    "challenges: {[a, b]: c}",
    "sources: {a: {b: {c: {d: {e: {f: 1}}}}}}",
    "offerings: {a: 1, a: 2}",
]


@given(st.sampled_from(sorted(SHIPPED)), st.integers(0, 2**32), st.sampled_from(SKIMMED_TROUBLE))
def test_a_file_read_for_its_projection_gives_what_a_full_read_gives(
    name: str, seed: int, trouble: str
) -> None:
    """Files not given are built only for the fields cross-file rules read, the rest skimmed:
    whether a sector comes out, and what it holds, must not change (tight caps: skimmed lists
    and nesting hit them too)."""
    rng = random.Random(seed)
    text = _mutations(SHIPPED[name], rng) if rng.random() < 0.5 else SHIPPED[name]
    text = f"{text.rstrip()}\n{trouble}\n" if rng.random() < 0.7 else text
    limits = Limits(max_depth=6, max_list_items=6)
    raw = text.encode("utf-8", "surrogatepass")
    full = source.parse_bytes(name, raw, limits, positions=False).document
    skimmed = source.parse_bytes(name, raw, limits, positions=False, keep=KEEP).document
    assert (full is None) == (skimmed is None)
    if full is not None and skimmed is not None:
        assert project(full.data) == project(skimmed.data)


@given(st.text("ab _é1-", max_size=14), st.text("ab _", min_size=1, max_size=4))
def test_phrase_search_agrees_with_the_regex_it_replaces(text: str, phrase: str) -> None:
    pattern = rf"(?<!\w){re.escape(phrase)}(?!\w)"
    assert has_phrase(text, phrase) == bool(re.search(pattern, text))


# --- fmt on the official YAML test suite's inputs, with comments inserted everywhere

SUITE = DATA / "yaml-test-suite"
SUITE_TEXTS = {
    case.relative_to(SUITE).as_posix(): (case / "in.yaml").read_text(encoding="utf-8")
    for case in sorted(path.parent for path in SUITE.rglob("in.yaml"))
}
INVALID = sorted(name for name in SUITE_TEXTS if (SUITE / name / "error").exists())
VALID = sorted(set(SUITE_TEXTS) - set(INVALID))
# Invalid YAML the reader reads as its writer meant it (README, "Reading YAML safely"); fmt must
# still not rewrite it into valid YAML: see the xfail test of them below.
ACCEPTED_INVALID = ("9C9N", "DK95/01", "QB6E", "S98Z")
SUITE_COMMENTS = ["# a", "#b", "# c: d", "# [x, {y", "# sectorlint: disable=T001", "# é 😀", "#"]
_BREAK = re.compile("[\r\n\x85\u2028\u2029]")


def comments_of(text: str) -> Counter[str] | None:
    """Every comment of `text`, found without the checker's parser: a `#` at a line's start or
    after white space, outside every token that ruamel's pure-Python scanner reads (the checker
    and fmt read with libyaml), to the end of its line. None where that scanner refuses."""
    from ruamel.yaml import YAML

    try:
        tokens = list(YAML(typ="safe", pure=True).scan(text))
    except YAMLError:
        return None
    taken = []
    for token in tokens:
        start, end = token.start_mark.index, token.end_mark.index
        if getattr(token, "style", None) in ("|", ">"):  # a comment may follow the header
            start = min(_line_end(text, start), end)
        taken.append((start, end))
    found: Counter[str] = Counter()
    position = text.find("#")
    while position != -1:
        after_space = position == 0 or text[position - 1] in " \t\r\n\x85\u2028\u2029"
        if after_space and not any(start <= position < end for start, end in taken):
            end = _line_end(text, position)
            found[text[position:end].rstrip(" \t")] += 1
            position = text.find("#", end)
        else:
            position = text.find("#", position + 1)
    return found


def _line_end(text: str, start: int) -> int:
    found = _BREAK.search(text, start)
    return found.start() if found else len(text)


def with_comments(text: str, rng: random.Random) -> str:
    """`text` with comment lines and trailing comments at random places. One that lands inside
    a quoted or block scalar is text, not a comment: the checker decides."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        index = rng.randrange(len(lines) + 1)
        comment = rng.choice(SUITE_COMMENTS)
        if index < len(lines) and rng.random() < 0.5:
            lines[index] += rng.choice([" ", "  ", "\t"]) + comment
        else:
            lines.insert(index, " " * rng.choice([0, 0, 1, 2, 4]) + comment)
    return "\n".join(lines)


def as_sector(text: str, rng: random.Random) -> str:
    """A sector file holding a suite case as the value of one of its keys (or of a list item),
    beside keys that fmt rewrites: out of order, an enum to respell, a spelling to prefer."""
    body = _first_document_content(text)
    words = sorted(set(re.findall(r"\b[a-z]{3,}\b", body)))
    if words and rng.random() < 0.5:  # a word of the case becomes a spelling fmt prefers
        body = re.sub(rf"\b{rng.choice(words)}\b", "call centre", body)
    key = rng.choice(["examples", "features", "summary", "omitted", "aliases", "x_notes"])
    if rng.random() < 0.5:
        value = f"{key}:\n" + textwrap.indent(body, "  ", lambda line: True)
    else:
        value = f"{key}:\n  - " + textwrap.indent(body, "    ", lambda line: True)[4:]
    lines = ["name: A call centre", "id: suite-case", "scope: Broad", value.rstrip("\n")]
    rng.shuffle(lines)
    return "\n".join(lines) + "\n"


def _first_document_content(text: str) -> str:
    lines = text.split("\n")
    while lines and lines[0].startswith("%"):  # directives
        lines.pop(0)
    if lines and lines[0].startswith("---"):
        lines[0] = lines[0][3:].lstrip(" ")
    return "\n".join(lines)


def _errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def formatted_faithfully(text: str, path: str = "x.yaml") -> str | None:
    """fmt's text for `text`, with the invariants checked; None where fmt refused."""
    try:
        once = fmt.format_text(path, text, TAXONOMY)
    except fmt.FormatError as exc:
        event(f"fmt refused ({exc.problem.code})")
        return None
    event("fmt rewrote" if once != text else "fmt left it as it was")
    before = source.parse_text(path, text)
    if before.document is None and [p.code for p in before.problems] == ["Y003"]:
        assert once == text  # no document (empty, or comments only): nothing to format
        return once
    after = source.parse_text(path, once)
    # only text without errors is rewritten; a warning (Y017, a bracket) stays as it was
    assert before.document is not None and not _errors(before.problems)
    assert after.document is not None and not _errors(after.problems), after.problems
    assert [p.code for p in after.problems] == [p.code for p in before.problems]
    assert_same_data_up_to_normalizations(before.document.data, after.document.data)
    _assert_idempotent(path, text, once)
    _assert_comments_kept(text, once, before.document, after.document)
    return once


def _assert_idempotent(path: str, text: str, once: str) -> None:
    again = fmt.format_text(path, once, TAXONOMY)
    assert again == once, f"not idempotent:\n{once!r}\n{again!r}"


def _assert_comments_kept(text: str, once: str, before: Document, after: Document) -> None:
    kept = comments_of(text)
    if kept is None:  # the pure scanner refuses what libyaml takes: fmt's own count decides
        event("comments counted by fmt")
        assert fmt._comments(after) == fmt._comments(before)
    else:
        assert comments_of(once) == kept


# --- what these tests found: each fixed bug stays as a test, each open one as a strict xfail
# (a fix turns it red: then drop the mark, and its allowance in the fuzz tests)


@pytest.mark.parametrize("name", ACCEPTED_INVALID)
def test_invalid_yaml_the_reader_takes_is_not_rewritten(name: str) -> None:
    """libyaml reads them; fmt once "repaired" three (9C9N, DK95/01, QB6E) into valid YAML.
    The reader now reports what libyaml does not check (Y016), and fmt leaves them."""
    with pytest.raises(fmt.FormatError):
        fmt.format_text("x.yaml", SUITE_TEXTS[name], TAXONOMY)


def test_a_comment_after_a_block_scalar_header_in_a_list_is_kept() -> None:
    """ruamel drops it; fmt's guard once took the header line for part of the text."""
    out = fmt.format_text("x.yaml", "features:\n  - | # kept?\n    text\nid: x\n", TAXONOMY)
    assert "# kept?" in out


def test_a_literal_block_at_the_end_without_a_final_newline_keeps_its_text() -> None:
    """Edited in place (a comment in a flow collection), the final newline would be data."""
    text = "id: x\nexamples: [  # c\n  a,\n]\nsummary: |\n  text"
    out = source.parse_text("x.yaml", fmt.format_text("x.yaml", text, TAXONOMY)).document
    assert out is not None and out.data["summary"] == "text"


NOT_SETTLED_IN_ONE_RUN = [
    pytest.param('name: N\nid: x\nsummary: "a\n  # b\n  c"\n', id="hash-line-in-a-quoted-text"),
    pytest.param(
        "x:\n  - - # a\n      k: v\n",  # then "x:\n  -\n      # a\n      - k: v\n", then ...
        id="comment-after-a-lone-dash",  # ruamel moves the comment on every run
    ),
    pytest.param(
        "# sectorlint: disable=T001\nname: A call centre\nid: x\n",
        id="suppression-above-the-first-key",  # a file with a suppression keeps its key order
    ),
    pytest.param(
        "id: x\nexamples: |-\n  call centre\nname: N  # sectorlint: disable=T001\n",
        id="suppression-after-a-block-scalar",
    ),
    pytest.param(
        "id: x\nsummary:  # c\n# sectorlint: disable=T001\n  call centre\n",
        id="suppression-between-a-key-and-its-value",  # ruamel moves the value above it
    ),
    pytest.param(
        "summary:\n  k:    # c\n    value\n\n",
        id="blank-line-at-the-end",  # ruamel cannot load it; edited in place, then it can
    ),
]


def test_a_suppression_between_a_key_and_its_value_still_covers_it() -> None:
    """ruamel moves the value onto its key's line, above the suppression, where it no longer
    covers it; the in-place edit keeps the file as it was."""
    text = "id: x\nsummary:  # c\n# sectorlint: disable=T001\n  call centre\n"
    once = fmt.format_text("x.yaml", text, TAXONOMY)
    assert once == text


@pytest.mark.parametrize("text", NOT_SETTLED_IN_ONE_RUN)
def test_a_second_fmt_run_changes_nothing(text: str) -> None:
    once = fmt.format_text("x.yaml", text, TAXONOMY)
    assert fmt.format_text("x.yaml", once, TAXONOMY) == once


def assert_same_data_up_to_normalizations(
    before: Any, after: Any, at: tuple[Any, ...] = ()
) -> None:
    """`after` is `before` with, at most, a text respelled as fmt documents: preferred terms
    (`call centre` -> `call center`) or an enum value's spelling (`Very High` -> `very-high`)."""
    if isinstance(before, dict):
        assert isinstance(after, dict) and before.keys() == after.keys(), at
        for key, value in before.items():
            assert_same_data_up_to_normalizations(value, after[key], (*at, key))
    elif isinstance(before, list):
        assert isinstance(after, list) and len(before) == len(after), at
        for index, item in enumerate(before):
            assert_same_data_up_to_normalizations(item, after[index], (*at, index))
    elif isinstance(before, str):
        enum_spelling = "-".join(before.strip().lower().replace("_", " ").split())
        respelled = (before, fmt.canonical_text(before, TAXONOMY), enum_spelling)
        assert isinstance(after, str) and after in respelled, (at, before, after)
    elif isinstance(before, float) and math.isnan(before):
        assert isinstance(after, float) and math.isnan(after), at
    else:
        assert type(after) is type(before) and after == before, (at, before, after)


@given(st.sampled_from(VALID), st.integers(0, 2**32))
def test_fmt_on_the_yaml_suite_with_comments_keeps_data_and_comments(name: str, seed: int) -> None:
    rng = random.Random(seed)
    text = SUITE_TEXTS[name]
    formatted_faithfully(with_comments(as_sector(text, rng) if rng.random() < 0.8 else text, rng))


@given(st.sampled_from(VALID), st.integers(0, 2**32))
def test_pyrs_yaml_is_read_as_libyaml_reads_it(name: str, seed: int) -> None:
    """The third parser's marks are worked out from the text: on the suite's inputs inside a
    sector file, with comments anywhere, they must be libyaml's wherever both read the text
    (the cases libyaml misreads aside)."""
    if name in LIBYAML_MISREADS:
        return
    rng = random.Random(seed)
    # (with a final newline: libyaml reads a block scalar that ends the file without one as
    # if it had one)
    text = with_comments(as_sector(SUITE_TEXTS[name], rng), rng).rstrip("\n") + "\n"
    first = built_by(text, source._feed)
    second = built_by(text, saphyr_events.feed)  # None where it refuses (an unknown alias)
    event("both read it" if first and second else "one refused")
    if first is not None and second is not None:
        assert second == first


def test_fmt_refuses_every_invalid_input_of_the_yaml_suite() -> None:
    """Invalid YAML is refused, never "repaired" into something its author did not write."""
    rewritten = []
    for name in sorted(set(INVALID) - set(ACCEPTED_INVALID)):
        for text in (SUITE_TEXTS[name], SUITE_TEXTS[name].replace("\n", "\r\n")):
            try:
                fmt.format_text("x.yaml", text, TAXONOMY)
            except fmt.FormatError:
                continue
            rewritten.append(name)
    assert rewritten == []


BOM = b"\xef\xbb\xbf"


@given(
    st.sampled_from(VALID), st.integers(0, 2**32), st.sampled_from(["crlf", "mixed"]), st.booleans()
)
def test_fmt_keeps_crlf_line_ends_and_the_byte_order_mark(
    name: str, seed: int, line_ends: str, bom: bool
) -> None:
    rng = random.Random(seed)
    lf = with_comments(as_sector(SUITE_TEXTS[name], rng), rng)
    lines = lf.split("\n")
    if line_ends == "crlf":
        text = "\r\n".join(lines)
    else:
        text = "".join(line + rng.choice(["\n", "\r\n"]) for line in lines[:-1]) + lines[-1]
    new = formatted_faithfully(text)
    if new is not None and "\r\n" in text:
        assert "\n" not in new.replace("\r\n", ""), "a bare LF in a CRLF file"
    if line_ends == "crlf":  # CRLF changes nothing else
        try:
            assert new == fmt.format_text("x.yaml", lf, TAXONOMY).replace("\n", "\r\n")
        except fmt.FormatError:
            assert new is None
    with tempfile.TemporaryDirectory() as folder:  # the byte order mark is kept by the write
        target = Path(folder) / "x.yaml"
        raw = (BOM if bom else b"") + text.encode("utf-8")
        target.write_bytes(raw)
        [outcome] = fmt.format_paths([str(target)], TAXONOMY, Limits())
        expected = raw if new is None else (BOM if bom else b"") + new.encode("utf-8")
        assert target.read_bytes() == expected
        assert (outcome.problem is None) == (new is not None), outcome.problem
        assert os.listdir(folder) == ["x.yaml"]  # no temporary file left


# --- multi-line flow collections with comments inside sector files

FLOW_ITEMS = st.sampled_from(
    ["a", "call centre", "Call Centre desk", "Broad", "'q # not a comment'", '"x, y"', "a#b",
     "42", "b c", "'it''s'", "[]", "{}", "null", "'https://example.org/#top'",
     "https://example.org/a"]
)  # fmt: skip
FLOW_COMMENTS = st.sampled_from(["", "", "  # c", " # d: e", "  # [x", "\t# f, g", "  #"])


@st.composite
def flow_collection(draw: st.DrawFn, depth: int = 0) -> str:
    """A flow sequence or mapping over several lines, comments after its opening bracket and
    items; items may be flow collections themselves."""
    mapping = draw(st.booleans())
    opening, closing = "{}" if mapping else "[]"
    pad = "  " * (depth + 1)
    pieces = [opening + draw(FLOW_COMMENTS)]
    count = draw(st.integers(0, 4))
    for index in range(count):
        nested = depth < 2 and draw(st.integers(0, 3)) == 0
        item = draw(flow_collection(depth + 1)) if nested else draw(FLOW_ITEMS)
        item = f"k{index}: {item}" if mapping else item
        comma = "," if index < count - 1 or draw(st.booleans()) else ""
        pieces.append(f"\n{pad}{item}{comma}{draw(FLOW_COMMENTS)}")
    closing_pad = "  " * depth if depth else draw(st.sampled_from(["", " ", "  "]))
    return "".join(pieces) + f"\n{closing_pad}{closing}"


@st.composite
def sector_with_flow_collections(draw: st.DrawFn) -> str:
    keys = ["examples", "features", "core_functions", "omitted", "aliases", "x_flow"]
    chosen = draw(st.permutations(keys))[: draw(st.integers(1, 3))]
    lines = ["name: A call centre", "id: flows", "scope: Broad"]
    lines += [f"{key}: {draw(flow_collection())}{draw(FLOW_COMMENTS)}" for key in chosen]
    lines = draw(st.permutations(lines))
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "# between keys")
    return "\n".join(lines) + "\n"


@given(sector_with_flow_collections())
def test_fmt_keeps_every_comment_of_a_flow_collection_or_refuses(text: str) -> None:
    formatted_faithfully(text)


# --- random concurrent runs of the installed script, sharing one cache

SECTORLINT = Path(sys.executable).with_name("sectorlint")  # the script users run
ORIGINALS = {p.name: p.read_bytes() for p in sorted(CONTENT.glob("*.yaml"))}
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
_TEMPORARY = re.compile(r"^\..+\.tmp$")  # what write_atomically leaves if it fails to clean up


def _edit(content: Path, other: Path, rng: random.Random) -> None:
    """One random edit of a content folder, of the kinds that change cached results: a file
    fmt would rewrite, a problem in one file or across files, a file added, removed, restored
    to bytes seen before, or the same bytes as the other project's (one cache entry for both)."""
    files = sorted(content.glob("*.yaml"))
    target = rng.choice(files) if files else content / "bpo.yaml"
    text = target.read_bytes().decode("utf-8-sig") if target.exists() else ""
    kind = rng.choice(
        ["respell", "term", "comment", "break", "relation", "rename", "delete", "add",
         "restore", "same as other", "touch", "crlf", "bom"]
    )  # fmt: skip
    if kind == "respell":
        target.write_text(re.sub(r"(?m)^scope: (\w+)", lambda m: f"scope: {m[1].title()}", text))
    elif kind == "term":
        target.write_text(text.replace("call center", "call centre", 1))
    elif kind == "comment":
        target.write_text(text + f"# note {rng.randrange(100)}\n")
    elif kind == "break":
        target.write_text(text + "oops: 'open\n")
    elif kind == "relation":
        target.write_text(re.sub(r"sector: [\w-]+", "sector: nowhere", text, count=1))
    elif kind == "rename":
        target.write_text(re.sub(r"(?m)^id: [\w-]+", f"id: renamed-{rng.randrange(3)}", text))
    elif kind == "delete" and len(files) > 1:
        target.unlink()
    elif kind == "add":
        name = rng.choice(sorted(ORIGINALS))
        (content / f"extra-{rng.randrange(3)}.yaml").write_bytes(ORIGINALS[name])  # a twin id
    elif kind == "restore":
        name = rng.choice(sorted(ORIGINALS))
        (content / name).write_bytes(ORIGINALS[name])
    elif kind == "same as other":
        shutil.rmtree(content)
        shutil.copytree(other, content)
    elif kind == "touch" and target.exists():
        os.utime(target, (1, 1))  # same bytes, another modification time
    elif kind == "crlf":
        target.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8"))
    elif kind == "bom":
        target.write_bytes(BOM + text.encode("utf-8"))


def _snapshot(content: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(content.iterdir())}


def _formatted(raw: bytes) -> bytes:
    """The bytes `sectorlint fmt` leaves for a file of `raw` bytes."""
    text, _ = reading.decode("x.yaml", raw)
    try:
        new = fmt.format_text("x.yaml", text or "", TAXONOMY)
    except fmt.FormatError:
        return raw
    return (BOM if raw.startswith(BOM) else b"") + new.encode("utf-8")


class FreshReports:
    """What a `--no-cache` run reports on given bytes, worked out once per set of bytes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.known: dict[tuple[Any, ...], tuple[int, Any]] = {}

    def __call__(self, files: dict[str, bytes], target: str) -> tuple[int, Any]:
        key = (target, *sorted(files.items()))
        if key not in self.known:
            project = self.folder / f"fresh-{len(self.known)}"
            (project / "content").mkdir(parents=True)
            shutil.copy(PROJECT / ".sectorlint.toml", project)
            for name, raw in files.items():
                (project / "content" / name).write_bytes(raw)
            result = run_cli("check", "--no-cache", "--output-format", "json", target, cwd=project)
            self.known[key] = (result.exit_code, json.loads(result.stdout))
        return self.known[key]


def _possible_states(before: dict[str, bytes], formatting: bool) -> list[dict[str, bytes]]:
    """The bytes a run may have read: with fmt running beside it, each file as it was or as
    fmt writes it (never anything in between)."""
    states = [before]
    for name, raw in before.items() if formatting else ():
        new = _formatted(raw)
        if new != raw:
            states += [state | {name: new} for state in states]
    return states


def _run_together(commands: list[tuple[Path, list[str]]], cache: Path) -> list[Any]:
    environment = os.environ | {"SECTORLINT_CACHE_DIR": str(cache)}
    processes = [
        subprocess.Popen(
            [str(SECTORLINT), *args], cwd=cwd, env=environment, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for cwd, args in commands
    ]  # fmt: skip
    return [(p, *p.communicate(timeout=120)) for p in processes]


Command = tuple[Path, list[str]]  # where a process runs, its arguments


def _random_commands(before: dict[Path, dict[str, bytes]], rng: random.Random) -> list[Command]:
    commands = []
    for _ in range(4):
        where = rng.choice(sorted(before))
        target = rng.choice(["content", f"content/{rng.choice(sorted(before[where]))}"])
        formatting = rng.random() < 0.3
        commands.append((where, ["fmt", target] if formatting else ["check", *JSON, target]))
    return commands


JSON = ("--output-format", "json")


def _one_round(projects: list[Path], cache: Path, fresh: FreshReports, rng: random.Random) -> None:
    for here, other in (projects, projects[::-1]):
        for _ in range(rng.randint(0, 3)):
            _edit(here / "content", other / "content", rng)
    before = {where: _snapshot(where / "content") for where in projects}
    commands = _random_commands(before, rng)
    formatting = {where for where, args in commands if args[0] == "fmt"}
    results = _run_together(commands, cache)
    for (where, args), (process, out, err) in zip(commands, results, strict=True):
        assert "Traceback" not in err and "Y000" not in out + err, (args, err)
        if args[0] == "fmt":
            assert process.returncode in (0, 1), (args, out, err)
            continue
        states = _possible_states(before[where], where in formatting)
        report = (process.returncode, json.loads(out))
        assert report in [fresh(state, args[-1]) for state in states], (args, report)
    for where in projects:  # whole files: as they were, or as fmt writes them
        after = _snapshot(where / "content")
        assert not [name for name in after if _TEMPORARY.match(name)], sorted(after)
        assert after.keys() == before[where].keys()
        for name, raw in before[where].items():
            assert after[name] in ((raw, _formatted(raw)) if where in formatting else (raw,))


@settings(max_examples=40 if LONG else 2)
@given(st.integers(0, 2**32))
def test_concurrent_runs_with_a_shared_cache_report_what_a_fresh_run_reports(seed: int) -> None:
    """Several `check` and `fmt` processes at once on two projects sharing one cache, with
    random edits between rounds: every check reports what a `--no-cache` run reports on the
    bytes it read, nothing fails inside, and fmt leaves whole files and no temporary file."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        root, cache = Path(folder), Path(folder) / "cache"
        projects = [root / "a", root / "b"]
        for where in projects:
            shutil.copytree(PROJECT, where)
        fresh = FreshReports(root / "fresh")
        for _ in range(4 if LONG else 2):
            _one_round(projects, cache, fresh, rng)
        for where in projects:  # the cache, used once more, still agrees
            [(process, out, _)] = _run_together([(where, ["check", *JSON, "content"])], cache)
            expected = fresh(_snapshot(where / "content"), "content")
            assert (process.returncode, json.loads(out)) == expected
