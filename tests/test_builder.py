"""`builder`, read as its specification: parser events in, plain data and spans out.

Each test feeds libyaml's events for one text straight into a Builder.
"""

from __future__ import annotations

import contextlib
from typing import Any

from sectorlint import source
from sectorlint.builder import Builder, Built, Stop
from sectorlint.positions import for_parser


def built(text: str, max_depth: int = 100, **options: Any) -> Built:
    prepared = for_parser(text, False)
    builder = Builder("a.yaml", prepared, max_depth, **options)
    with contextlib.suppress(Stop):  # (the builder stops the parse once the file is unusable)
        source._feed(prepared.text, builder.feed)
    return builder.finish()


def test_data_is_plain_and_every_key_and_value_has_its_span() -> None:
    result = built("id: bpo\naliases:\n  - BPO  # note\n")
    assert result.data == {"id": "bpo", "aliases": ["BPO"]}
    key, value = result.key_spans[("aliases",)], result.value_spans[("aliases", 0)]
    assert (key.line, key.column, key.end_line, key.end_column) == (2, 1, 2, 8)
    assert (value.line, value.column, value.end_line, value.end_column) == (3, 5, 3, 8)


def test_scalars_mean_what_yaml_1_2_says() -> None:
    assert built("a: no\nb: 2024-01-09\nc: 0x1F\nd: ~\ne: 1.5\n").data == {
        "a": "no",
        "b": "2024-01-09",
        "c": 31,
        "d": None,
        "e": 1.5,
    }


def test_a_repeated_key_keeps_the_first_value_and_is_told_where() -> None:
    result = built("id: a\nid: b\n")
    assert result.data == {"id": "a"}
    assert [(p.code, p.line) for p in result.problems] == [("Y002", 2)]
    assert result.usable


def test_the_first_anchor_is_refused_and_the_others_counted() -> None:
    result = built("a: &x [1]\nb: *x\nc: *x\n")
    assert not result.usable
    [problem] = result.problems
    assert problem.code == "Y007" and problem.line == 1 and "2 more" in problem.message


def test_without_positions_the_same_data_and_no_spans() -> None:
    text = "id: bpo\nrelations:\n  subset_of: [{sector: x}]\n"
    assert built(text, record=False).data == built(text).data
    assert built(text, record=False).key_spans == {}


def test_a_value_not_kept_is_skimmed_but_still_checked_for_what_would_make_it_unusable() -> None:
    keep = frozenset({"id"})
    assert built("id: a\nnotes: [1, 2]\n", record=False, keep=keep).data == {"id": "a"}
    assert not built("id: a\nnotes: !!python/object x\n", record=False, keep=keep).usable


def test_nesting_deeper_than_the_cap_stops_at_once() -> None:
    result = built("a: " + "[" * 10 + "]" * 10 + "\n", max_depth=5)
    assert [p.code for p in result.problems] == ["Y011"]
