"""Property-based fuzzing: whatever the input, no traceback, a clear verdict, located problems.

Invariants, for arbitrary bytes, arbitrary YAML and structured mutations of the shipped content:
the checker never fails inside (no Y000, no exception), every reported line and column lies
inside the file, and the same input always gives the same report. The formatter never loses
data: what it writes parses back to the same data with the documented normalizations, keeps
every comment, and formatting twice equals formatting once.

The default budget keeps the suite quick; `python -m pytest tests/test_fuzz.py
--hypothesis-profile=long` runs a long campaign (see the README for the last one's figures).
"""

from __future__ import annotations

import os
import random
import re
import string
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sectorlint import engine, fmt, source, taxonomy
from sectorlint.analysis import PROJECTION, project
from sectorlint.config import Config
from sectorlint.limits import Limits
from sectorlint.positions import LINE_BREAK
from sectorlint.taxonomy import has_phrase
from tests.conftest import CONTENT

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
