"""The pipeline, and the only module that knows the order of its steps.

paths -> discover -> read and parse (positions kept) -> validate against the schema
      -> build the model of all sectors -> cross-sector rules -> select/suppress -> report

When only some files are given (as pre-commit does), the rest of their content root is read
too, so cross-file rules see every sector; problems are reported for the given files, and for
cross-file problems that involve them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sectorlint import schema, source, taxonomy
from sectorlint.catalog import default_severities
from sectorlint.config import Config
from sectorlint.discover import CONTENT_SUFFIXES, discover
from sectorlint.model import Model, build_model
from sectorlint.problem import START_OF_FILE, Problem, Severity
from sectorlint.rules import RULES
from sectorlint.select import Selector, find_suppressions


@dataclass(frozen=True)
class Options:
    config: Config = field(default_factory=lambda: Config(root=Path.cwd()))
    limits: source.Limits = field(default_factory=source.Limits)


@dataclass(frozen=True)
class Report:
    files: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def files_with_problems(self) -> int:
        """Files (or folders) with a problem, including files a partial run's files involve."""
        return len({p.path for p in self.problems})


def all_codes() -> dict[str, Severity]:
    """Every code sectorlint can report, with its default severity."""
    return default_severities()


def check(paths: Sequence[str], options: Options | None = None) -> Report:
    return run(paths, options).report


@dataclass(frozen=True)
class Result:
    report: Report
    model: Model  # every sector read, the given files' and their content set's

    @property
    def has_errors(self) -> bool:
        return any(p.severity == Severity.ERROR for p in self.report.problems)


def run(paths: Sequence[str], options: Options | None = None) -> Result:
    """Check the given paths; the model of their whole content set comes back too."""
    options = options or Options()
    found = discover(paths)
    given = found.files
    context = _context_files(given, options.config)
    parsed = {path: source.read(path, options.limits) for path in [*given, *context]}

    problems = list(found.problems)
    for path in given:
        problems.extend(_file_problems(parsed[path]))

    documents = [p.document for p in parsed.values() if p.document is not None]
    model = build_model(documents, taxonomy.load(options.config.taxonomy_overrides))
    reported = set(given)
    for problem in _rule_problems(model, given):
        if problem.path in reported or reported.intersection(problem.related):
            problems.append(problem)

    suppressions = [s for document in documents for s in find_suppressions(document)]
    selector = Selector(options.config, all_codes())
    selected = selector.apply(problems, suppressions, report_unused_in=reported)
    return Result(Report(tuple(given), tuple(selected)), model)


def _file_problems(parsed: source.Parsed) -> list[Problem]:
    try:
        problems = list(parsed.problems)
        if parsed.document is not None:
            problems.extend(schema.validate(parsed.document))
        return problems
    except Exception as exc:  # a bug of ours must not cost the user the other files
        return [_internal_error(parsed.path, exc)]


def _rule_problems(model: Model, given: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    for code, rule in RULES.items():
        try:
            problems.extend(rule.check(model))
        except Exception as exc:  # one broken rule must not hide the others' findings
            if given:
                problems.append(_internal_error(given[0], exc, f"rule {code}"))
    return problems


def _internal_error(path: str, exc: Exception, where: str = "") -> Problem:
    context = f" in {where}" if where else ""
    message = f"internal error{context}, please report it: {type(exc).__name__}: {exc}"
    return Problem(path, START_OF_FILE, "Y000", message)


def _context_files(given: list[str], config: Config) -> list[str]:
    """The rest of the content set each given file belongs to.

    That is the configured content root holding it, or, for a file outside every root, the
    content files beside it in its folder: a file is never checked as if it were alone.
    """
    roots = [os.path.realpath(root) for root in config.content_root_paths()]
    roots = [root for root in roots if os.path.isdir(root)]
    seen = {os.path.realpath(path) for path in given}
    sets: list[str] = []
    for path in given:
        real = os.path.realpath(path)
        holder = next((r for r in roots if real.startswith(r + os.sep)), None)
        sets.append(holder if holder is not None else os.path.dirname(real))
    extra: list[str] = []
    for folder in dict.fromkeys(sets):
        in_root = folder in roots
        members = discover([_display(Path(folder))]).files if in_root else _siblings(folder)
        for path in members:
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                extra.append(path)
    return extra


def _siblings(folder: str) -> list[str]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    paths = [os.path.join(_display(Path(folder)), name) for name in names]
    return [
        path
        for name, path in zip(names, paths, strict=True)
        if name.endswith(CONTENT_SUFFIXES) and not name.startswith(".") and os.path.isfile(path)
    ]


def _display(path: Path) -> str:
    """Relative to the working directory when below it, as users expect to see paths."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative
