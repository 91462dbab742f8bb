"""Every code sectorlint reports, with its name, default severity, documentation and examples.

The reader and schema codes live in `codes.py`, the rules in `rules/`; reporters, the `rules`
command and `sectorlint rule CODE` (`explain`) read both through here. `markdown` says the same
as a page of docs/rules/ (shipped inside the wheel), and `doc_file` finds the installed page:
the language server links each diagnostic to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
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


NO_EXAMPLE = "No example: no content file is meant to bring it about."
_GENERATED = (
    "<!-- Made from sectorlint/catalog.py by markdown(code): "
    "DOCS_UPDATE=1 python3 -m pytest tests/test_rule_docs.py writes it again. -->"
)


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
        parts.append(NO_EXAMPLE)
    else:
        parts += [_example("Bad", entry.bad, entry.code), _example("Good", entry.good, "")]
    if entry.fix:
        parts.append(_section("Fix", entry.fix))
    return "\n\n".join(parts) + "\n"


def markdown(code: str) -> str:
    """The code's page in docs/rules/, what `explain` says in Markdown: the language server
    links each diagnostic to it. Raises KeyError for a code sectorlint does not have."""
    entry = catalog()[code.strip().upper()]
    parts = [
        f"# {entry.code} {entry.name}",
        f"**Severity:** {entry.severity.value}",
        entry.summary,
        "## Why",
        *_paragraphs(entry.rationale),
    ]
    if entry.bad is None or entry.good is None:
        parts += ["## Example", NO_EXAMPLE]
    else:
        parts += _markdown_example("Bad", entry.bad, entry.code)
        parts += _markdown_example("Good", entry.good, "")
    if entry.fix:
        parts += ["## Fix", *_paragraphs(entry.fix)]
    parts.append(_GENERATED)
    return "\n\n".join(parts) + "\n"


def docs_dir() -> Path:
    """The rule pages: the copy the wheel carries inside the package, else `docs/rules/` of a
    source checkout (an editable install), as `schema.schema_dir` finds the schema."""
    packaged = Path(__file__).resolve().parent / "docs" / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "docs" / "rules"


def doc_file(code: str) -> Path | None:
    """The installed page of a code (`markdown(code)`), None for a code sectorlint does not have
    or a page the installation lacks: a link to no file would help no one."""
    canonical = code.strip().upper()
    if canonical not in catalog():
        return None
    page = docs_dir() / f"{canonical}.md"
    return page if page.is_file() else None


def _paragraphs(text: str) -> list[str]:
    """The text's paragraphs, each on one line (the source wraps them where it likes)."""
    return [
        " ".join(line.strip() for line in paragraph.splitlines())
        for paragraph in text.split("\n\n")
    ]


def _section(title: str, text: str) -> str:
    """A titled text, each paragraph wrapped, never inside a `code span`."""
    import textwrap

    paragraphs = []
    for paragraph in _paragraphs(text):
        spans = re.sub(r"`[^`]*`", lambda m: m.group().replace(" ", _KEEP), paragraph)
        wrapped = textwrap.fill(spans, 96, break_on_hyphens=False)
        paragraphs.append(textwrap.indent(wrapped.replace(_KEEP, " "), "  "))
    return f"{title}:\n" + "\n\n".join(paragraphs)


_KEEP = "\x00"  # a space no line breaks at


def _example(title: str, example: Example, code: str) -> str:
    from sectorlint.rules.examples import shown

    how = _how_shown(example)
    note = f" ({'; '.join(how)})" if how else ""
    lines = [f"{title} example{note}:"]
    for index, (name, text) in enumerate(example.files.items()):
        lines.append(f"\n  # {name}{_made(example, index)}")
        lines += [f"  {line}".rstrip() for line in shown(text).splitlines()]
    if code:
        lines.append(f"\n  {_reported(code, example, str)}")
    return "\n".join(lines)


def _markdown_example(title: str, example: Example, code: str) -> list[str]:
    """The example's heading, how it is shown, each file in a fence, where it is reported."""
    from sectorlint.rules.examples import shown

    how = _how_shown(example)
    parts = [f"## {title} example"]
    if how:
        said = "; ".join(how)
        parts.append(f"{said[0].upper()}{said[1:]}.")
    for index, (name, text) in enumerate(example.files.items()):
        text = shown(text)
        parts.append(f"`{name}`{_made(example, index)}{':' if text else '.'}")
        if text:  # in a fence longer than any run of backticks in it
            fence = "`" * max([3, *(len(run) + 1 for run in re.findall("`+", text))])
            body = text.rstrip("\n")
            parts.append(f"{fence}yaml\n{body}\n{fence}")
    if code:
        parts.append(_reported(code, example, lambda place: f"`{place}`"))
    return parts


def _how_shown(example: Example) -> list[str]:
    """What a reader must know to see the example as it is shown: the command, the filling."""
    from sectorlint.rules.examples import left_out

    how = []
    if example.command != "check" or example.options:
        how.append(f"shown by `sectorlint {' '.join((example.command, *example.options))}`")
    if example.filled:
        unfilled = sorted(key for text in example.files.values() for key in left_out(text))
        but = f", except {', '.join(unfilled)}" if unfilled else ""
        how.append(f"keys not shown are filled with neutral values{but}")
    return how


def _made(example: Example, index: int) -> str:
    """How the example's first file is made, where its text cannot show it."""
    return f" ({MADE[example.made]})" if example.made and index == 0 else ""


def _reported(code: str, example: Example, quoted: Callable[[str], str]) -> str:
    """Where the bad example reports its code, in the lines shown (each place `quoted`)."""
    from sectorlint.rules.examples import shown_places

    places = [f"{name}:{line}:{column}" for name, _, line, column in shown_places(example.files)]
    if places:
        return f"{code} is reported at {', '.join(quoted(place) for place in places)}."
    return f"{code} is reported for {quoted(next(iter(example.files)))}."
