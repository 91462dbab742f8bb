"""`sectorlint rule CODE` (`catalog.explain`) explains every code: what it means and why, a bad
and a good example as a user would write them (no test markers), where the bad one is reported,
and the fix. docs/rules/CODE.md says the same in Markdown (`catalog.markdown`), the page the
language server links each diagnostic to (`catalog.doc_file`).

The pages are made, never written by hand: `DOCS_UPDATE=1 python3 -m pytest
tests/test_rule_docs.py` writes them again from the catalog (review the diff before committing).
"""

from __future__ import annotations

import os
import re

import pytest

from sectorlint.catalog import RULE_FIXES, catalog, doc_file, explain, markdown
from sectorlint.rules import RULES
from sectorlint.rules.examples import shown, shown_places
from tests.conftest import ROOT

CODES = list(catalog())
DOCS = ROOT / "docs" / "rules"
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


def test_every_code_has_its_page_and_every_page_its_code() -> None:
    pages = {f"{code}.md": markdown(code) for code in CODES}
    if os.environ.get("DOCS_UPDATE"):
        _update(pages)
    written = {page.name: page.read_bytes() for page in DOCS.glob("*") if page.is_file()}
    stray = sorted(page.name for page in DOCS.glob("*") if page.name not in pages)
    missing = sorted(set(pages) - set(written))
    stale = sorted(n for n in pages if n in written and written[n] != pages[n].encode("utf-8"))
    assert not (missing or stray or stale), (
        f"docs/rules/ differs from the catalog: missing {missing}, for no code {stray}, "
        f"out of date {stale}. Run DOCS_UPDATE=1 python3 -m pytest tests/test_rule_docs.py"
    )


def _update(pages: dict[str, str]) -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    for page in DOCS.glob("*"):
        if page.name not in pages and page.is_file():
            page.unlink()
    for name, text in pages.items():
        (DOCS / name).write_bytes(text.encode("utf-8"))  # "\n" line ends on every system
    pytest.skip("docs/rules/ rewritten from the catalog")


@pytest.mark.parametrize("code", CODES)
def test_every_page_says_what_the_explanation_says(code: str) -> None:
    entry = catalog()[code]
    page = markdown(code.lower())
    assert page.startswith(f"# {code} {entry.name}\n\n**Severity:** {entry.severity.value}\n")
    assert f"\n\n{entry.summary}\n\n## Why\n\n" in page
    for section, text in (("Why", entry.rationale), ("Fix", entry.fix)):
        for paragraph in text.split("\n\n"):
            assert f"\n{' '.join(line.strip() for line in paragraph.splitlines())}\n" in page
        assert f"\n## {section}\n" in page
    assert not MARKERS.search(page), page


@pytest.mark.parametrize("code", [c for c in CODES if catalog()[c].bad is not None])
def test_every_page_shows_its_examples_in_yaml_fences_and_where_the_bad_one_is_reported(
    code: str,
) -> None:
    entry = catalog()[code]
    assert entry.bad is not None and entry.good is not None
    page = markdown(code)
    bad, good = page.split("\n## Bad example\n")[1].split("\n## Good example\n")
    for example, section in ((entry.bad, bad), (entry.good, good)):
        for name, snippet in example.files.items():
            assert f"\n`{name}`" in section
            if shown(snippet):
                assert f"\n```yaml\n{shown(snippet)}```\n" in section
    places = [
        f"`{name}:{line}:{column}`" for name, _, line, column in shown_places(entry.bad.files)
    ]
    assert f"{code} is reported " in bad and f"{code} is reported " not in good
    assert all(place in bad for place in places)


def test_a_code_without_examples_says_so_on_its_page() -> None:
    assert "\n## Example\n\nNo example: no content file is meant to bring it about.\n" in (
        markdown("Y000")
    )


def test_a_file_with_no_text_is_named_without_a_fence() -> None:
    page = markdown("Y013")  # a named pipe: nothing to show
    assert "`feed.yaml` (a named pipe, made with mkfifo, not a regular file).\n\nY013" in page


@pytest.mark.parametrize("code", CODES)
def test_every_code_finds_its_page_in_any_case(code: str) -> None:
    page = doc_file(f" {code.lower()} ")
    assert page is not None and page == doc_file(code)
    assert page.name == f"{code}.md" and page.read_text(encoding="utf-8") == markdown(code)


def test_an_unknown_code_has_no_page() -> None:
    assert doc_file("Z999") is None
    assert doc_file("") is None
