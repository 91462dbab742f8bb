"""`sectorlint check` in one call: the run (plain, with fixes, or of a change in git), the
baseline, the report in its format, the exit status, and the answer remembered for next time.

The command line parses options into a `CheckRequest`, calls `check_command`, prints what it
says and exits with its status. A request that cannot be carried out raises `CheckRefused` (a
usage mistake: exit 2) or `CheckFailed` (the run could not be done: exit 2).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from sectorlint import engine
from sectorlint.config import consulted
from sectorlint.problem import Report
from sectorlint.reporters import Style, reporter, resolved_format


class CheckRefused(ValueError):
    """A request that cannot be carried out as given; the message says why."""


class CheckFailed(RuntimeError):
    """The run could not be done (not a mistake of the request); the message says why."""


class CheckRequest(NamedTuple):
    paths: tuple[str, ...]
    options: engine.Options
    where: tuple[Path, Path | None]  # where the configuration was looked for, or the file given
    output_format: str = "text"
    style: Style = Style()
    exit_zero: bool = False
    fix: bool = False
    staged: bool = False
    since: str | None = None
    baseline: Path | None = None
    to_file: bool = False  # the report goes to a file, not to standard output
    diff: bool = False  # print the diff --fix would write instead of the report
    from_stdin: bool = False  # a document read from standard input (it leaves no stamp)


class CheckOutcome(NamedTuple):
    text: str  # the report
    status: int
    notes: tuple[str, ...] = ()  # for standard error, before the report: the files fixed


def check_command(request: CheckRequest) -> CheckOutcome:
    from sectorlint.limits import SpillError, TooManyFiles

    if request.diff:
        return _fix_diff(request)
    try:
        report, notes = _run(request)
    except TooManyFiles as exc:
        raise CheckRefused(str(exc)) from exc
    except SpillError as exc:
        raise CheckFailed(str(exc)) from exc
    hidden = ""
    if request.baseline is not None:
        if not request.baseline.exists():
            return _record_baseline(request, report)
        before = len(report.problems)
        report = _against_baseline(report, request.baseline)
        hidden = _hidden(before - len(report.problems), request.baseline)
    text = reporter(request.output_format)(report, request.style)
    if request.baseline is not None and not request.style.quiet:
        text, notes = _say_hidden(request, text, notes, hidden)
    status = 0 if request.exit_zero or not report.problems else 1
    if _replayable(request):
        _remember(request, report, text, status)
    return CheckOutcome(text, status, notes)


def _say_hidden(
    request: CheckRequest, text: str, notes: tuple[str, ...], hidden: str
) -> tuple[str, tuple[str, ...]]:
    """How many problems the baseline hid: at the end of the text report's summary line
    ("All checks passed (3 files checked); 2 problems hidden by baseline.json."), else, where
    a report has no summary for people (json, sarif, ...), on standard error."""
    lines = text.split("\n")
    summary = [i for i, line in enumerate(lines) if line.startswith(_SUMMARIES)]
    if summary and resolved_format(request.output_format) == "text":
        at = summary[-1]  # (the fixable count may follow it)
        lines[at] = f"{lines[at].removesuffix('.')}; {hidden}."
        return "\n".join(lines), notes
    return text, (*notes, hidden)


_SUMMARIES = ("Found ", "All checks passed", "No content files")  # the text report's last line


def _hidden(count: int, path: Path) -> str:
    from sectorlint.escaping import terminal_safe as safe

    return f"{count} problem{'s' if count != 1 else ''} hidden by {safe(str(path))}"


def _fix_diff(request: CheckRequest) -> CheckOutcome:
    """`--diff`: the unified diff `--fix` would write, nothing written; exit 1 when there is
    one, as ruff's."""
    for given, name in ((request.fix, "--fix"), (request.staged, "--staged"),
                        (request.since is not None, "--since"),
                        (request.baseline is not None, "--baseline"),
                        (request.from_stdin, "standard input")):  # fmt: skip
        if given:
            raise CheckRefused(f"--diff shows what --fix would write; it does not go with {name}")
    from sectorlint import fixing
    from sectorlint.config import project_folder

    project = project_folder(Path.cwd())
    text = fixing.fix_diff(request.paths, request.options, project)
    return CheckOutcome(text, 1 if text else 0)


def _run(request: CheckRequest) -> tuple[Report, tuple[str, ...]]:
    paths, options = request.paths, request.options
    if request.staged and request.since is not None:
        raise CheckRefused("--staged compares with HEAD; give it or --since, not both")
    if request.staged or request.since is not None:
        return _check_change(request), ()
    if not request.fix:
        return engine.check(paths, options), ()
    from sectorlint import fixing
    from sectorlint.config import project_folder

    report, changes = fixing.check_fixed(paths, options, project_folder(Path.cwd()))
    return report, tuple(changes)


def _check_change(request: CheckRequest) -> Report:
    """`--staged` or `--since REV`: what the change does to the content sets at the paths."""
    from sectorlint import changes, revision

    if request.fix:
        raise CheckRefused("--fix changes files on disk; it does not go with --staged/--since")
    files = [path for path in request.paths if not os.path.isdir(path)]
    if files:
        raise CheckRefused(f"--staged and --since compare whole folders, not '{files[0]}'")
    where = changes.Where(*request.where)
    try:
        if request.since is None:
            return changes.check_staged(request.paths, request.options, where)
        return changes.check_since(request.since, request.paths, request.options, where)
    except revision.GitError as exc:
        raise CheckRefused(str(exc)) from exc


def _record_baseline(request: CheckRequest, report: Report) -> CheckOutcome:
    from sectorlint import baseline
    from sectorlint.escaping import terminal_safe as safe
    from sectorlint.files import Refused

    path = request.baseline
    assert path is not None
    if request.staged or request.since is not None:
        # a hook must not record today's problems as excused: a deleted or misnamed baseline
        # would let the commit's own problems through
        raise CheckRefused(
            f"baseline {path} does not exist; record it first with "
            f"`sectorlint check --baseline {path}`"
        )
    try:
        baseline.record(report, path)
    except (OSError, Refused) as exc:
        raise CheckRefused(f"cannot write baseline {path}: {exc}") from exc
    count = len(report.problems)
    text = (
        f"Recorded {count} problem{'s' if count != 1 else ''} in baseline {safe(str(path))}; "
        "from now on only new problems are reported.\n"
    )
    return CheckOutcome(text, 0)


def _against_baseline(report: Report, path: Path) -> Report:
    from sectorlint import baseline

    try:
        return baseline.only_new(report, baseline.load(path))
    except baseline.BaselineError as exc:
        raise CheckRefused(str(exc)) from exc


def _replayable(request: CheckRequest) -> bool:
    """Whether the run read nothing but files and folders, and wrote nothing but its report."""
    changing = request.fix or request.staged or request.since is not None
    # standard input leaves no stamp to tell the next run's from this one's, and what a run
    # said on standard error a replay would not say again
    # (a run that warned of a shadowed configuration said more than its report: never replayed)
    warned = request.options.config.shadowed is not None
    said_more = request.from_stdin or warned or request.baseline is not None
    return not (changing or said_more or request.to_file or not request.options.use_cache)


def _remember(request: CheckRequest, report: Report, text: str, status: int) -> None:
    """Let a later run with this command line print this answer while nothing it read changed."""
    from sectorlint import answers
    from sectorlint.cache import default_directory

    if answers.invocation is None:
        return  # not a command line's run (a test's, in this process)
    config = request.options.config
    looked = [str(path) for path in consulted(*request.where, config.file)]
    # the content roots as written: which holds a file is decided by where they lead
    roots = [str(root) for root in config.content_root_paths()]
    folder = config.cache_dir or default_directory(config.root)
    answers.remember([*report.read, *looked, *roots], text, status, str(folder))
