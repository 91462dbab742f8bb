"""`sectorlint rule CODE` (`catalog.explain`) explains every code: what it means and why, a bad
and a good example as a user would write them (no test markers), where the bad one is reported,
and the fix."""

from __future__ import annotations

import re

import pytest

from sectorlint.catalog import RULE_FIXES, catalog, explain
from sectorlint.rules import RULES
from sectorlint.rules.examples import shown, shown_places

CODES = list(catalog())
MARKERS = re.compile(r"#\s*expect\s|#\s*\^|\^\s+[A-Z]\d{3}|#\s*without:")


@pytest.mark.parametrize("code", CODES)
def test_every_code_is_explained_in_full(code: str) -> None:
    entry = catalog()[code]
    text = explain(code.lower())
    assert text.startswith(f"{code} {entry.name} ({entry.severity.value})\n\n{entry.summary}\n")
    assert "\nWhy:\n" in text and "\nFix:\n" in text
    if entry.bad is None or entry.good is None:
        assert "No example" in text
    else:
        assert "\nBad example" in text and "\nGood example" in text
        assert f"{code} is reported " in text
    assert not MARKERS.search(text), text


@pytest.mark.parametrize("code", CODES)
def test_the_examples_are_shown_as_written_less_their_markers(code: str) -> None:
    entry = catalog()[code]
    for example in (entry.bad, entry.good):
        for name, snippet in (example.files if example else {}).items():
            lines = [f"  {line}".rstrip() for line in shown(snippet).splitlines()]
            assert "\n".join([f"  # {name}", *lines]) in explain(code).replace(" (saved", "\n(")


@pytest.mark.parametrize("code", [c for c in CODES if catalog()[c].bad is not None])
def test_the_places_shown_are_where_the_shown_text_has_something(code: str) -> None:
    bad = catalog()[code].bad
    assert bad is not None
    for name, _, line, column in shown_places(bad.files):
        shown_lines = shown(bad.files[name]).splitlines()
        assert len(shown_lines[line - 1]) >= column


def test_every_rule_has_a_fix() -> None:
    assert set(RULE_FIXES) == set(RULES)
