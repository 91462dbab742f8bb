"""What `sectorlint fmt` says about its outcomes: a line for each file it changed (or would),
or its diff, each file it could not format, and a summary; and the exit status they make."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from sectorlint.escaping import terminal_safe as safe

if TYPE_CHECKING:
    from sectorlint.fmt import Outcome


class FormatReport(NamedTuple):
    text: str  # for standard output
    summary: str  # one line: on standard error when the output is a diff, else after the text
    status: int  # 1 when a file could not be formatted, or (not writing) would change


def render(outcomes: Sequence[Outcome], written: bool, diff: bool) -> FormatReport:
    lines = []
    for outcome in outcomes:
        if outcome.problem is not None:
            p = outcome.problem
            lines.append(f"{safe(p.path)}:{p.line}:{p.column}: {p.code} {safe(p.message)}\n")
        elif outcome.changed and diff:
            lines.extend(f"{safe(line)}\n" for line in outcome.diff().splitlines())
        elif outcome.changed:
            lines.append(f"{'reformatted' if written else 'would reformat'} {safe(outcome.path)}\n")
    changed = sum(1 for o in outcomes if o.changed)
    failed = sum(1 for o in outcomes if o.problem is not None)
    summary = _summary(changed, len(outcomes) - changed - failed, failed, written)
    status = 1 if failed or (changed and not written) else 0
    return FormatReport("".join(lines), summary, status)


def _summary(changed: int, unchanged: int, failed: int, written: bool) -> str:
    def files(n: int) -> str:
        return f"{n} file{'s' if n != 1 else ''}"

    parts = [f"{files(changed)} {'reformatted' if written else 'would be reformatted'}"]
    parts.append(f"{files(unchanged)} left unchanged")
    if failed:
        parts.append(f"{files(failed)} could not be formatted")
    return ", ".join(parts) + "."
