"""`select`, read as its specification: which problems a run shows, and with which severity.

Problems come in from the reader, the schema and the rules; the configuration and the
suppression comments decide what is shown. Nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sectorlint.config import Config
from sectorlint.document import Document
from sectorlint.problem import Problem, Severity, Span
from sectorlint.select import Selector, Suppression, find_suppressions

ROOT = Path("/project")
DEFAULTS = {"S004": Severity.ERROR, "T001": Severity.WARNING, "R001": Severity.ERROR,
            "X001": Severity.WARNING}  # fmt: skip


def problem(code: str, line: int = 3, path: str = "/project/content/a.yaml") -> Problem:
    return Problem(path, Span(line, 1), code, "message")


def shown(
    config: Config, problems: list[Problem], suppressions: Sequence[Suppression] = ()
) -> list[tuple[str, int, str]]:
    selected = Selector(config, DEFAULTS).apply(problems, list(suppressions))
    return [(p.code, p.line, p.severity.value) for p in selected]


def test_every_code_is_shown_by_default_with_its_default_severity() -> None:
    found = shown(Config(ROOT), [problem("S004"), problem("T001", 4)])
    assert found == [("S004", 3, "error"), ("T001", 4, "warning")]


def test_the_most_specific_of_select_and_ignore_wins() -> None:
    config = Config(ROOT, select=("ALL",), ignore=("T",), extend_select=("T001",))
    assert shown(config, [problem("T001"), problem("S004", 4)]) == [
        ("T001", 3, "warning"),
        ("S004", 4, "error"),
    ]
    config = Config(ROOT, select=("S",))
    assert shown(config, [problem("T001"), problem("S004", 4)]) == [("S004", 4, "error")]


def test_a_configured_severity_replaces_the_default_by_the_longest_prefix() -> None:
    config = Config(ROOT, severity={"S": Severity.WARNING, "S004": Severity.ERROR})
    found = shown(config, [problem("S004"), problem("S002", 4)])
    assert found == [("S004", 3, "error"), ("S002", 4, "warning")]


def test_per_file_ignores_match_the_path_relative_to_the_project() -> None:
    config = Config(ROOT, per_file_ignores={"content/drafts/*": ("T",)})
    draft = problem("T001", path="/project/content/drafts/a.yaml")
    assert shown(config, [draft, problem("T001", 5)]) == [("T001", 5, "warning")]


def test_a_comment_alone_on_its_line_silences_the_next_line_and_is_then_used() -> None:
    above = Suppression("/project/content/a.yaml", Span(2, 1), ("T001",), (2, 3))
    assert shown(Config(ROOT), [problem("T001", 3)], [above]) == []


def test_a_suppression_that_silences_nothing_is_reported_where_it_stands() -> None:
    stale = Suppression("/project/content/a.yaml", Span(7, 10), ("S004",), (7,))
    assert shown(Config(ROOT), [problem("T001", 3)], [stale]) == [
        ("T001", 3, "warning"),
        ("X001", 7, "warning"),
    ]


def test_a_suppression_is_used_by_any_problem_it_silences_even_if_another_does_too() -> None:
    whole_file = Suppression("/project/content/a.yaml", Span(1, 1), (), None)
    line = Suppression("/project/content/a.yaml", Span(3, 20), ("T001",), (3,))
    assert shown(Config(ROOT), [problem("T001", 3)], [whole_file, line]) == []


def test_a_problem_in_another_file_is_not_silenced_by_this_files_suppression() -> None:
    here = Suppression("/project/content/a.yaml", Span(1, 1), (), None)
    there = problem("R001", 3, path="/project/content/b.yaml")
    assert shown(Config(ROOT), [there], [here]) == [
        ("X001", 1, "warning"),  # (in path order: a.yaml first)
        ("R001", 3, "error"),
    ]


def test_a_per_file_pattern_without_a_folder_matches_the_file_name_anywhere() -> None:
    """As in ruff: `"it.yaml" = [...]` means every `it.yaml`; a pattern with a folder means
    the path from the project's folder."""
    from sectorlint.engine import all_codes

    def ignored(pattern: str, path: str) -> bool:
        config = Config(root=Path("/p"), per_file_ignores={pattern: ("S004",)})
        return Selector(config, all_codes).ignored_in_file("S004", path)

    assert ignored("it.yaml", "/p/content/it.yaml")
    assert ignored("*.yaml", "/p/content/deep/it.yaml")
    assert not ignored("it.yaml", "/p/content/bpo.yaml")
    assert not ignored("other/it.yaml", "/p/content/it.yaml")
    assert ignored("content/it.yaml", "/p/content/it.yaml")


def test_suppressions_are_found_on_the_lines_yaml_counts_past_a_u2028_in_text() -> None:
    """A U+2028, NEL or form feed inside text is a character, not a line break: the comment on
    line 3 covers line 4 (Python's `splitlines` would have put it on line 4)."""
    text = 'summary: "a\u2028b\x85c\x0cd"\nname: x\n# sectorlint: disable=S004\nscope: Broad\n'
    document = Document("/project/content/a.yaml", {}, text, {}, {})
    [found] = find_suppressions(document)
    assert (found.span.line, found.lines) == (3, (3, 4))
