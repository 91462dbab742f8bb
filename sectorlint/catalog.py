"""Every code sectorlint reports, with its name, default severity, documentation and examples.

The reader and schema codes live in `codes.py`, the rules in `rules/`; reporters, the `rules`
command and `sectorlint rule CODE` (`explain`) read both through here.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from sectorlint.codes import CODES, MADE, Example
from sectorlint.problem import Severity
from sectorlint.rules import RULES, rationale, summary

# What fixes each rule's problem. Kept here, beside the other codes' fixes in `codes.py`, so
# that `sectorlint rule` has one for every code; a rule module could carry its own (`FIX`).
RULE_FIXES = {
    "R001": (
        "Write the id the message gives: that of the sector the value names, or the closest "
        "id. For a sector that does not exist yet, add its file."
    ),
    "R002": "Give each sector its own id, name and aliases: rename or drop the repeat.",
    "R003": (
        "Add the relation the message names. If the taxonomy does not fit your content, "
        "change it in the configuration (`[tool.sectorlint.taxonomy]`)."
    ),
    "R004": "Decide which sector is the broader one and remove the `subset_of` that says the "
    "opposite.",
    "R005": (
        "Add the overlap, with the same `via`, to the file that lacks it; "
        "`sectorlint check --fix` adds it for you."
    ),
    "R006": "Use the same `via` on both sides of the overlap.",
    "R007": "Narrow the subset's `scope`, or widen its parent's; or drop the relation if the "
    "sector is not a part of the other.",
    "R008": (
        "Remove the area or function from the subset, add it to the parent, or drop the "
        "relation if the sector is not a part of the other."
    ),
    "R009": "Move the back-office work to the sector that does it (BPO), or remove it.",
    "R010": (
        "Make the prose and the relations say the same: add the relation the prose states, "
        "or reword the prose; name a subset's parent in its summary or definition."
    ),
    "R011": "Remove the overlap: a part does not overlap the whole it belongs to.",
    "R012": "Name the other sector the relation was meant for, or remove the relation.",
    "C001": (
        "Add the aspects the message lists; if your comparison does not show one, remove it "
        "from `comparison-aspects` in the configuration's taxonomy."
    ),
    "C002": "Remove the repeat.",
    "C003": "Write the text that belongs there, or remove the placeholder.",
    "C004": "Phrase the question as a question, ending with '?'.",
    "C005": "Fill the section in, or remove the key.",
    "C006": "Remove the character: retype the text without the escape.",
    "T001": (
        "Write the preferred spelling the message names; `sectorlint fmt` rewrites it for "
        "you (aliases, sources, ids and URLs are left alone)."
    ),
    "X001": "Remove the comment, or the codes in it that silence nothing.",
}


class Entry(NamedTuple):
    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str = ""
    fix: str = ""
    bad: Example | None = None
    good: Example | None = None


@cache
def catalog() -> dict[str, Entry]:
    entries = [
        Entry(c.code, c.name, c.severity, c.summary, c.rationale, c.fix, c.bad, c.good)
        for c in CODES.values()
    ]
    entries += [
        Entry(
            r.CODE,
            r.NAME,
            r.SEVERITY,
            summary(r),
            rationale(r),
            RULE_FIXES.get(r.CODE, ""),
            Example(r.BAD),
            Example(r.GOOD),
        )
        for r in RULES.values()
    ]
    return {e.code: e for e in sorted(entries, key=lambda e: e.code)}


def default_severities() -> dict[str, Severity]:
    return {code: entry.severity for code, entry in catalog().items()}


def explain(code: str) -> str:
    """`sectorlint rule CODE`: what the code means and why, a bad and a good example, the fix.
    Raises KeyError for a code sectorlint does not have."""
    entry = catalog()[code.strip().upper()]
    parts = [
        f"{entry.code} {entry.name} ({entry.severity.value})",
        entry.summary,
        _section("Why", entry.rationale),
    ]
    if entry.bad is None or entry.good is None:
        parts.append("No example: no content file is meant to bring it about.")
    else:
        parts += [_example("Bad", entry.bad, entry.code), _example("Good", entry.good, "")]
    if entry.fix:
        parts.append(_section("Fix", entry.fix))
    return "\n\n".join(parts) + "\n"


def _section(title: str, text: str) -> str:
    """A titled text, each paragraph wrapped, never inside a `code span`."""
    import textwrap

    paragraphs = []
    for paragraph in text.split("\n\n"):
        spans = re.sub(r"`[^`]*`", lambda m: m.group().replace(" ", _KEEP), paragraph)
        joined = " ".join(line.strip() for line in spans.splitlines())  # keeps "a  b" as written
        wrapped = textwrap.fill(joined, 96, break_on_hyphens=False)
        paragraphs.append(textwrap.indent(wrapped.replace(_KEEP, " "), "  "))
    return f"{title}:\n" + "\n\n".join(paragraphs)


_KEEP = "\x00"  # a space no line breaks at


def _example(title: str, example: Example, code: str) -> str:
    from sectorlint.rules.examples import left_out, shown, shown_places

    how = []
    if example.command != "check" or example.options:
        how.append(f"shown by `sectorlint {' '.join((example.command, *example.options))}`")
    if example.filled:
        unfilled = sorted(key for text in example.files.values() for key in left_out(text))
        but = f", except {', '.join(unfilled)}" if unfilled else ""
        how.append(f"keys not shown are filled with neutral values{but}")
    note = f" ({'; '.join(how)})" if how else ""
    lines = [f"{title} example{note}:"]
    for index, (name, text) in enumerate(example.files.items()):
        made = f" ({MADE[example.made]})" if example.made and index == 0 else ""
        lines.append(f"\n  # {name}{made}")
        lines += [f"  {line}".rstrip() for line in shown(text).splitlines()]
    places = [f"{name}:{line}:{column}" for name, _, line, column in shown_places(example.files)]
    if code and places:
        lines.append(f"\n  {code} is reported at {', '.join(places)}.")
    elif code:
        lines.append(f"\n  {code} is reported for {next(iter(example.files))}.")
    return "\n".join(lines)
