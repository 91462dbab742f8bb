"""One deliberate inconsistency at a time in a copy of the shipped content: each is caught at
the right place, and nothing else fires. Then partial runs, as pre-commit makes them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sectorlint import engine
from sectorlint.config import Config
from tests.conftest import CONTENT

Expected = tuple[str, str, str]  # (file, code, text whose first occurrence is the location)


# Every case twice: the spilled model must answer exactly as the one in memory does.
pytestmark = pytest.mark.usefixtures("model_kind")


def content_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def mutate(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def where(root: Path, name: str, anchor: str) -> tuple[int, int]:
    text = (root / name).read_text(encoding="utf-8")
    offset = text.index(anchor)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def found(root: Path, *paths: str) -> set[tuple[str, str, int, int]]:
    targets = [str(root / p) for p in paths] or [str(root)]
    report = engine.check(targets, engine.Options(config=Config(root=root.parent)))
    return {(Path(p.path).name, p.code, p.line, p.column) for p in report.problems}


MUTATIONS: list[tuple[str, str, str, str, list[Expected]]] = [
    (
        "back-office work in a front-office-only sector",
        "call-center.yaml", "  - Making outbound customer calls\n",
        "  - Making outbound customer calls\n  - Payroll processing\n",
        [("call-center.yaml", "R009", "Payroll processing")],
    ),
    (
        "relation to a misspelt sector",
        "it.yaml", "    - sector: call-center", "    - sector: call-centre",
        [("it.yaml", "R001", "call-centre")],
    ),
    (
        "overlap named differently on each side",
        "it.yaml", "      via: IT-enabled services (ITES)", "      via: IT outsourcing",
        [("it.yaml", "R006", "IT outsourcing"), ("it.yaml", "R003", "IT outsourcing")],
    ),
    (
        "definition asserts a relation the structured fields lack",
        "it.yaml", "every modern business depends on it.",
        "every modern business depends on it. Some call it a branch of BPO.",
        [("it.yaml", "R010", "branch of BPO")],
    ),
    (
        "rejected spelling",
        "bpo.yaml", "Takes on repetitive", "Like a call centre, takes on repetitive",
        [("bpo.yaml", "T001", "call centre")],
    ),
    (
        "FAQ question that is not a question",
        "bpo.yaml", "Is BPO only for large companies?", "BPO for large companies only",
        [("bpo.yaml", "C004", "BPO for large")],
    ),
    (
        "duplicate list item ignoring case and spacing",
        "it.yaml", "  - IT Consultant\n", "  - IT Consultant\n  - it  consultant\n",
        [("it.yaml", "C002", "it  consultant")],
    ),
    (
        "placeholder text",
        "bpo.yaml", "Data entry\n  - HR outsourcing", "Data entry\n  - HR outsourcing TBD",
        [("bpo.yaml", "C003", "TBD")],
    ),
    (
        "alias claimed by two sectors",
        "call-center.yaml", "  - contact center\n", "  - contact center\n  - BPO\n",
        [("call-center.yaml", "R002", "BPO\nsummary")],
    ),
    (
        "subset of and overlapping one unknown sector",
        "it.yaml",
        "relations:\n  overlaps_with:\n",
        "relations:\n  subset_of:\n    - sector: kpo\n"
        "  overlaps_with:\n    - sector: kpo\n      via: shared work\n",
        [("it.yaml", "R001", "kpo\n  overlaps_with"), ("it.yaml", "R001", "kpo\n      via")],
    ),
    (
        "comparison aspect left out",
        "it.yaml", "scope_detail: Digital infrastructure and services.\n", "",
        [("it.yaml", "C001", "id: it")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [m[1:] for m in MUTATIONS],
    ids=[m[0] for m in MUTATIONS],
)
def test_one_inconsistency_is_caught_where_it_is(
    tmp_path: Path, name: str, old: str, new: str, expected: list[Expected]
) -> None:
    root = content_copy(tmp_path)
    mutate(root, name, old, new)
    located = {(file, code, *where(root, file, anchor)) for file, code, anchor in expected}
    assert found(root) == located


def test_shipped_content_is_clean(tmp_path: Path) -> None:
    assert found(content_copy(tmp_path)) == set()


def test_missing_required_subset_is_reported_at_the_closest_key(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    mutate(
        root,
        "call-center.yaml",
        "  subset_of:\n    - sector: bpo\n      note:",
        "  supports:\n    - sector: it\n      how:",
    )
    problems = found(root)
    assert ("call-center.yaml", "R003", *where(root, "call-center.yaml", "relations:")) in problems
    # the definition still calls it a subset of BPO: the prose rule says so too
    assert {code for _, code, _, _ in problems} == {"R003", "R010"}


def test_subset_broader_than_its_parent(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    mutate(root, "bpo.yaml", "scope: broad", "scope: moderate")
    mutate(root, "call-center.yaml", "scope: narrow", "scope: broad")
    anchor = where(root, "call-center.yaml", "broad\nscope_detail")
    assert found(root) == {("call-center.yaml", "R007", *anchor)}


def drop_overlap_from_bpo(root: Path) -> None:
    """bpo.yaml no longer declares the overlap with IT; it.yaml still does."""
    path = root / "bpo.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  overlaps_with:")
    end = text.index("\nsources:")
    replacement = "  supports:\n    - sector: it\n      how: Runs IT service desks.\n"
    path.write_text(text[:start] + replacement + text[end:], encoding="utf-8")


def test_one_sided_required_overlap_is_reported_once_where_it_is_missing(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    drop_overlap_from_bpo(root)
    # One-sided (R005) and required by the taxonomy (R003): the taxonomy's word is enough. It
    # points at the entry that names 'it' under another kind.
    entry = where(root, "bpo.yaml", "sector: it\n      how: Runs")
    assert found(root) == {("bpo.yaml", "R003", *entry)}


def test_partial_run_loads_the_rest_of_the_content_root(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    # Without the rest of the set, every relation to bpo would look unknown (R001).
    assert found(root, "call-center.yaml") == set()


def test_partial_run_reports_cross_file_problems_involving_the_given_file(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    drop_overlap_from_bpo(root)
    # it.yaml declares the overlap bpo lacks: checking it.yaml alone still shows the problem.
    assert ("bpo.yaml", "R003") in {(f, c) for f, c, _, _ in found(root, "it.yaml")}
    # call-center.yaml has nothing to do with it.
    assert found(root, "call-center.yaml") == set()


@pytest.mark.parametrize(
    ("sentence", "fires"),
    [
        ("IT is a part of BPO.", True),
        ("IT is not a part of BPO.", False),
        ("IT is never a subset of BPO.", False),
        ("IT overlaps with call centers.", True),
        ("IT is a part of Business Process Outsourcing.", True),
    ],
)
def test_prose_claims(tmp_path: Path, sentence: str, fires: bool) -> None:
    root = content_copy(tmp_path)
    mutate(
        root,
        "it.yaml",
        "every modern business depends on it.",
        f"every modern business depends on it. {sentence}",
    )
    assert ({c for _, c, _, _ in found(root)} == {"R010"}) is fires


def test_the_longest_sector_name_wins(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    support = (root / "it.yaml").read_text(encoding="utf-8")
    support = support.replace("id: it", "id: it-support").replace("short_name: IT\n", "")
    support = support.replace("name: Information Technology", "name: IT Support")
    support = support.replace("  - IT\n  - IT services\n", "  - IT helpdesk\n")
    support = support.split("relations:")[0] + "sources:" + support.split("\nsources:")[1]
    support = support.replace(
        "summary: Developing and managing technology.",
        "summary: A part of IT that keeps staff working.",
    )
    (root / "it-support.yaml").write_text(
        support + "relations:\n  subset_of:\n    - sector: it\n", encoding="utf-8"
    )
    mutate(
        root, "call-center.yaml", "summary: A part of BPO", "summary: A part of IT Support and BPO"
    )
    problems = found(root)
    assert ("call-center.yaml", "R010") in {(f, c) for f, c, _, _ in problems}
    assert ("it-support.yaml", "R010") not in {(f, c) for f, c, _, _ in problems}
