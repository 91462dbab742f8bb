"""Every rule's examples are its tests: the bad one fires exactly that rule where marked, the
good one fires nothing. Then one deliberate inconsistency at a time in the shipped content."""

from __future__ import annotations

from pathlib import Path

import pytest

from sectorlint import engine
from sectorlint.config import Config
from sectorlint.rules import RULES, Rule, rationale, summary
from sectorlint.rules.examples import complete, expected

# Every case twice: the spilled model must answer exactly as the one in memory does.
pytestmark = pytest.mark.usefixtures("model_kind")


def run_example(files: dict[str, str], tmp_path: Path) -> set[tuple[str, str, int, int]]:
    for name, text in files.items():
        (tmp_path / name).write_text(complete(name, text), encoding="utf-8")
    options = engine.Options(config=Config(root=tmp_path))
    report = engine.check([str(tmp_path)], options)
    return {(Path(p.path).name, p.code, p.line, p.column) for p in report.problems}


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_bad_example_fires_exactly_this_rule_where_marked(rule: Rule, tmp_path: Path) -> None:
    marks = expected(rule.BAD)
    assert marks, "the bad example marks where the rule fires"
    assert {code for _, code, _, _ in marks} == {rule.CODE}
    assert run_example(rule.BAD, tmp_path) == marks


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_good_example_fires_nothing(rule: Rule, tmp_path: Path) -> None:
    assert run_example(rule.GOOD, tmp_path) == set()


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_rule_is_documented(rule: Rule) -> None:
    assert summary(rule).endswith(".")
    assert len(rationale(rule)) > 80
    assert rule.NAME.replace("-", "").isalpha()
