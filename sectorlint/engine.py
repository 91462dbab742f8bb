"""The pipeline, and the only module that knows the order of its steps.

paths -> discover -> read and parse (positions kept) -> validate against the schema -> report
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sectorlint import schema, source
from sectorlint.discover import discover
from sectorlint.problem import START_OF_FILE, Problem


@dataclass(frozen=True)
class Options:
    limits: source.Limits = field(default_factory=source.Limits)


@dataclass(frozen=True)
class Report:
    files: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def files_with_problems(self) -> int:
        return len({p.path for p in self.problems})


def check(paths: Sequence[str], options: Options | None = None) -> Report:
    options = options or Options()
    found = discover(paths)
    problems = list(found.problems)
    for path in found.files:
        problems.extend(_check_file(path, options))
    return Report(tuple(found.files), tuple(sorted(problems)))


def _check_file(path: str, options: Options) -> list[Problem]:
    try:
        parsed = source.read(path, options.limits)
        problems = parsed.problems
        if parsed.document is not None:
            problems = problems + schema.validate(parsed.document)
        return problems
    except Exception as exc:  # a bug of ours must not cost the user the other files
        message = f"internal error, please report it: {type(exc).__name__}: {exc}"
        return [Problem(path, START_OF_FILE, "Y000", message)]
