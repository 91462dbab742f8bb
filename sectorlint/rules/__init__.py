"""Cross-sector rules: one module each, listed in an explicit registry.

A rule module has a stable `CODE`, a short `NAME`, a default `SEVERITY`, a docstring whose first
line is its summary and whose rest is its rationale, `BAD` and `GOOD` examples (file name ->
YAML; keys an example leaves out are filled with neutral values, see `examples.py`), and
`check(model)`, which yields problems. Rules never open files: they see only the model.

A rule that looks from one sector at a time says so: it writes `check_sector(model, sector)`
and `check = each_sector(check_sector)` (see `_each.py`), and a session (`live.py`) then runs it
again only for the sectors whose findings may have changed. A value a rule reads from every
sector is `model.across_set`; a rule that walks every sector but reads only their ids and
relations says `READS = "relations"`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from sectorlint.model import Model
from sectorlint.problem import Problem, Severity
from sectorlint.rules import (
    comparison_completeness,
    duplicate_item,
    duplicate_name,
    empty_section,
    faq_not_a_question,
    front_office_only,
    hidden_characters,
    one_sided_overlap,
    overlap_via_mismatch,
    overlap_with_parent,
    placeholder,
    prose_relation,
    required_relation,
    self_relation,
    subset_broader_scope,
    subset_cycle,
    subset_not_covered,
    terminology,
    unknown_sector,
    unused_suppression,
)


class Rule(Protocol):
    CODE: str
    NAME: str
    SEVERITY: Severity
    BAD: dict[str, str]
    GOOD: dict[str, str]
    __doc__: str | None

    def check(self, model: Model) -> Iterator[Problem]: ...


_MODULES: list[Rule] = [
    unknown_sector,
    duplicate_name,
    required_relation,
    subset_cycle,
    one_sided_overlap,
    overlap_via_mismatch,
    subset_broader_scope,
    subset_not_covered,
    front_office_only,
    prose_relation,
    overlap_with_parent,
    self_relation,
    comparison_completeness,
    duplicate_item,
    placeholder,
    faq_not_a_question,
    empty_section,
    hidden_characters,
    terminology,
    unused_suppression,
]

RULES: dict[str, Rule] = {rule.CODE: rule for rule in _MODULES}

# A rule whose module says SCOPE = "file" reads one sector only: it runs as each file is read
# (in a worker, cached with the file). The others read the whole set and run once at the end.
FILE_RULES: dict[str, Rule] = {c: r for c, r in RULES.items() if getattr(r, "SCOPE", "") == "file"}
SET_RULES: dict[str, Rule] = {c: r for c, r in RULES.items() if c not in FILE_RULES}


def summary(rule: Rule) -> str:
    return (rule.__doc__ or "").strip().splitlines()[0]


def rationale(rule: Rule) -> str:
    lines = (rule.__doc__ or "").strip().splitlines()[1:]
    return "\n".join(lines).strip()


def found(rule: Rule, model: Model) -> Iterator[Problem]:
    """A rule's problems, each with the rule's default severity (the configuration may change
    it later, in `select`): a cached problem says what it is."""
    return born(rule, rule.check(model))


def born(rule: Rule, problems: Iterable[Problem]) -> Iterator[Problem]:
    """The problems, each with the rule's default severity."""
    for problem in problems:
        if problem.code == rule.CODE and problem.severity is not rule.SEVERITY:
            problem = problem._replace(severity=rule.SEVERITY)
        yield problem


def run_set_rules(model: Model, first_file: str) -> tuple[list[Problem], bool]:
    """Every cross-file rule over the model: (their problems, whether one of them failed).

    A failing rule becomes a Y000 problem on `first_file`, so one broken rule never hides the
    others' findings; a spilled model that cannot be read ends the run (SpillError).
    """
    from sectorlint.limits import SpillError
    from sectorlint.problem import START_OF_FILE

    problems: list[Problem] = []
    failed = False
    for code, rule in SET_RULES.items():
        try:
            problems.extend(found(rule, model))
        except SpillError:
            raise  # the run cannot go on without its model: the caller says why
        except Exception as exc:
            message = f"internal error in rule {code}, please report it: {exc!r}"
            problems.append(Problem(first_file, START_OF_FILE, "Y000", message))
            failed = True
    return problems, failed
