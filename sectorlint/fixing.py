"""`check --fix`: the canonical form, plus the rules' fixes that nothing else in the run denies.

A rule's fix travels with its problem (`Problem.fix`, set by the rule that reports it). It is
applied only when its problem is among those the run reports (a suppressed or ignored problem is
not fixed) and no other cross-file problem of the run contradicts it: adding the missing side of
an overlap copies a relation, so when a rule says that relation is itself wrong (R003: the
taxonomy wants a subset there; R011: the two are parent and part), the fix would spread the
mistake and is left out. `fmt` writes what is left, knowing nothing of the rules. Every file
changed is named with what changed; a file that cannot be rewritten is reported as a problem,
never skipped in silence.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from sectorlint import engine, fmt
from sectorlint.files import writable
from sectorlint.positions import split_lines
from sectorlint.problem import AddItem, Edit, Fix, Problem, Replace, Report, dotted, json_path_text


class Fixed(NamedTuple):
    """What `--fix` did: one line per file changed, and the files it could not change."""

    changes: list[str]
    refused: list[Problem]


def fix(paths: Sequence[str], options: engine.Options) -> Fixed:
    outcomes, fixes = _outcomes(paths, options, write=True)
    changes = [_describe(o, fixes.get(o.path, [])) for o in outcomes if o.changed]
    refused = [o.problem for o in outcomes if o.problem is not None]
    return Fixed(changes, refused)


def fix_diff(paths: Sequence[str], options: engine.Options, project: Path) -> str:
    """`check --diff`: the unified diff of what `check --fix` would write (the canonical form
    and the fixes of the reported problems, in every file of the set they land in), as
    `fmt --diff` prints it; nothing is written. Empty when `--fix` would change nothing."""
    kept, _ = writable(paths, project)
    outcomes, _ = _outcomes(kept, options, write=False) if kept else ([], {})
    return "".join(o.diff() for o in outcomes if o.changed)


def _outcomes(
    paths: Sequence[str], options: engine.Options, write: bool
) -> tuple[list[fmt.Outcome], dict[str, list[AddItem]]]:
    # the report alone: its problems carry their fixes, from the cache too (no model is built
    # for a set that did not change)
    fixes = plan(engine.check(paths, options).problems)
    tax = options.config.taxonomy()
    root = options.config.root
    strict = fmt.strict_codes(options.config)
    # Fixes may land in files of the content set that were not among the paths given (a file
    # named twice, in a folder given and on its own, is formatted once).
    targets = [*paths, *fixes]
    outcomes = fmt.format_paths(
        targets, tax, options.limits, fixes, write=write, root=root, strict=strict
    )
    return outcomes, fixes


def check_fixed(
    paths: Sequence[str], options: engine.Options, project: Path
) -> tuple[Report, list[str]]:
    """`check --fix`: the canonical form and the fixes written (never through a link out of
    `project`), then the check of what is left; and a line for each file changed. A file that
    could not be rewritten is among the problems."""
    kept, refused = writable(paths, project)
    fixed = fix(kept, options) if kept else Fixed([], [])
    report = engine.check(paths, options)
    problems = tuple(sorted([*report.problems, *refused, *fixed.refused]))
    return report._replace(problems=problems), fixed.changes


def plan(reported: Sequence[Problem]) -> dict[str, list[AddItem]]:
    """The items to add that the reported problems carry and none of them denies, file by file
    (a replacement is what fmt writes anyway: it needs no asking)."""
    fixes: dict[str, list[AddItem]] = {}
    for problem in reported:
        fix = problem.fix
        if isinstance(fix, AddItem) and not _denied(fix, reported):
            fixes.setdefault(fix.path, []).append(fix)
    return fixes


def offered(reported: Sequence[Problem]) -> list[Fix | None]:
    """Each reported problem's fix as `check --fix` writes it, in their order: None where it
    has none, or where another reported problem denies it (what a report marks fixable)."""
    return [
        None if isinstance(p.fix, AddItem) and _denied(p.fix, reported) else p.fix for p in reported
    ]


def _denied(fix: AddItem, reported: Sequence[Problem]) -> bool:
    """Whether a cross-file rule reports what the fix would copy, or the list it would add to
    names a sector that is not there (R001: most likely the one meant, under an old id or a
    name; adding it again would leave the list naming it twice once R001 is fixed)."""
    target = json_path_text(fix.at)
    if any(
        p.path == fix.path and p.code == "R001" and p.json_path.startswith(f"{target}[")
        for p in reported
    ):
        return True
    if fix.copies is None:
        return False
    path, where = fix.copies
    return any(
        p.path == path
        and p.code.startswith("R")
        and (p.json_path == where or p.json_path.startswith((f"{where}.", f"{where}[")))
        for p in reported
    )


def _describe(outcome: fmt.Outcome, fixes: list[AddItem]) -> str:
    lines = outcome.diff().splitlines()[2:]  # past the two file headers
    added = sum(1 for line in lines if line.startswith("+"))
    removed = sum(1 for line in lines if line.startswith("-"))
    done = [f"added {f.label} to {dotted(f.at)}" for f in fixes]
    what = "; ".join(done) if done else "rewrote it in the canonical form"
    return f"Fixed {outcome.path} (+{added} -{removed} lines): {what}"


def edits(fix: Fix, options: engine.Options) -> tuple[Edit, ...] | None:
    """The text edits that make `fix`, in its file's own coordinates, for a report that carries
    them (SARIF's replacements, an editor's). A replacement holds its own; an item to add is
    written by fmt, so its edits are the difference fmt's text with it makes, where the file is
    in the canonical form already (else fmt's other changes would be in them, and None)."""
    if isinstance(fix, Replace):
        return fix.edits
    try:
        text = Path(fix.path).read_bytes().decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None
    return item_edits(fix, text, options)


def item_edits(
    fix: AddItem, text: str, options: engine.Options, formatting: bool = False
) -> tuple[Edit, ...] | None:
    """The edits that add `fix`'s item to `text` (its file's text, from disk or a buffer), as
    fmt writes it: None where fmt cannot, or where the text is not in the canonical form and
    `formatting` is not wanted (the edits would rewrite more than the item)."""
    tax, limits = options.config.taxonomy(), options.limits
    try:
        if not formatting and fmt.format_text(fix.path, text, tax, (), limits) != text:
            return None
        return line_edits(text, fmt.format_text(fix.path, text, tax, (fix,), limits))
    except fmt.FormatError:
        return None


def line_edits(old: str, new: str) -> tuple[Edit, ...]:
    """Whole lines of `old` replaced to make `new` (an insertion replaces an empty region).
    Only the lines between what the two share at the start and at the end are compared: the
    matcher is quadratic in repeated lines (thousands of blank ones took seconds)."""
    if old == new:
        return ()
    old_lines, new_lines = split_lines(old, keepends=True), split_lines(new, keepends=True)
    head = 0
    while head < min(len(old_lines), len(new_lines)) and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(old_lines), len(new_lines)) - head
        and old_lines[-1 - tail] == new_lines[-1 - tail]
    ):
        tail += 1
    a, b = old_lines[head : len(old_lines) - tail], new_lines[head : len(new_lines) - tail]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return tuple(
        Edit(head + start + 1, 1, head + end + 1, 1, "".join(b[new_start:new_end]))
        for tag, start, end, new_start, new_end in matcher.get_opcodes()
        if tag != "equal"
    )
