"""The one record every check produces and every reporter consumes.

Plain classes and named tuples rather than dataclasses, here and in the other records of a run:
a dataclass costs about half a millisecond to define, paid at every start (a one-file
pre-commit run defined seventeen of them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Span:
    """A 1-based, inclusive-start / exclusive-end region of a file (columns count characters).

    Where a span ends is known for some problems only: equality and order go by where it starts.
    """

    __slots__ = ("column", "end_column", "end_line", "line")

    def __init__(
        self, line: int, column: int, end_line: int | None = None, end_column: int | None = None
    ) -> None:
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return (self.line, self.column) == (other.line, other.column)

    def __lt__(self, other: Span) -> bool:
        return (self.line, self.column) < (other.line, other.column)

    def __le__(self, other: Span) -> bool:
        return (self.line, self.column) <= (other.line, other.column)

    def __gt__(self, other: Span) -> bool:
        return (self.line, self.column) > (other.line, other.column)

    def __ge__(self, other: Span) -> bool:
        return (self.line, self.column) >= (other.line, other.column)

    def __hash__(self) -> int:
        return hash((self.line, self.column))

    def __repr__(self) -> str:
        return (
            f"Span(line={self.line}, column={self.column}, "
            f"end_line={self.end_line}, end_column={self.end_column})"
        )


START_OF_FILE = Span(1, 1)


class AddItem(NamedTuple):
    """A safe edit that mends a problem, carried by the problem as ruff's violations carry theirs:
    add `item` to the list at the key path `at` of the file `path`, making the mappings and the
    list on the way where they are missing. Who applies it (`check --fix`, through fmt) needs to
    know nothing else; an editor asks fmt for the whole file's new text.

    `label` names the item for a reader (`'it' via 'ITES'`). `copies` is where the item's content
    comes from, (file, JSON path), when it copies what stands somewhere else: a problem reported
    there, or inside it, denies the fix, since copying would spread the mistake. Plain values
    only, so that a fix goes wherever its problem goes (the cache, a report, an editor).
    """

    path: str
    at: tuple[str, ...]
    item: tuple[tuple[str, str], ...]  # a mapping's (key, value) pairs, in the order written
    label: str
    copies: tuple[str, str] | None = None

    @property
    def kind(self) -> str:
        return "add-item"

    @property
    def title(self) -> str:
        """What the fix does, as an editor offers it: `add 'it' via 'ITES' to relations.x`."""
        return f"add {self.label} to {dotted(self.at)}"

    @property
    def command(self) -> str:
        """The command that writes it: only `check --fix` adds what a rule asks for."""
        return "check --fix"


class Edit(NamedTuple):
    """Text of a file replaced: from (line, column) to (end_line, end_column), exclusive, in
    the file's own coordinates (1-based lines, columns counting characters, as a Span's)."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


class Replace(NamedTuple):
    """What `fmt` writes in place of a value's text, or of a span inside it: an enum value
    respelt (`High` -> `high`), a rejected term replaced by the preferred one. Set by the check
    that reports the problem, computed with the function fmt uses, so that it promises nothing
    fmt would not write. `json_path` is the value's; `edits` the text changes an editor makes."""

    path: str
    json_path: str
    edits: tuple[Edit, ...]
    title: str  # `write 'high'`, `write 'call center' (preferred term)`

    @property
    def kind(self) -> str:
        return "replace"

    @property
    def command(self) -> str:
        """`fmt` writes it (and `check --fix`, which formats too)."""
        return "fmt"


# The edit that mends a problem: one of two kinds, told apart by `kind` (or isinstance).
Fix = AddItem | Replace


class Problem(NamedTuple):
    # Field order is the sort order: by file, then by position, then by code.
    path: str
    span: Span
    code: str
    message: str
    severity: Severity = Severity.ERROR
    json_path: str = ""
    # Other files a cross-file problem involves: a partial run reports it when any is checked.
    related: tuple[str, ...] = ()
    # The edit that mends it, set by the rule that reports it; None when there is no safe one.
    fix: Fix | None = None

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column


_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def json_path_text(path: tuple[str | int, ...]) -> str:
    """`('relations', 'subset_of', 0)` -> `$.relations.subset_of[0]`; odd keys are quoted."""
    out = ["$"]
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _PLAIN_NAME.match(part):
            out.append(f".{part}")
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            out.append(f"['{escaped}']")
    return "".join(out)


def dotted(path: tuple[str | int, ...]) -> str:
    """The JSON path as a reader sees it in a message: `relations.subset_of[0]`."""
    return json_path_text(path)[1:].lstrip(".")


class Report(NamedTuple):
    """What a run found: the files it was asked about, and the problems to report."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...]
    # Every file and folder the answer depends on (the content set's files, the folders listed
    # for it): what says, unchanged, that the answer is the same (`answers`).
    read: tuple[str, ...] = ()
    # The digest of each file's bytes as the run read them (`analysis.digest`; none for a file
    # that could not be read): what says, without reading it again, whether a file changed.
    digests: Mapping[str, str] = {}  # (read-only, never changed)

    @property
    def files_with_problems(self) -> int:
        """Files (or folders) with a problem, including files a partial run's files involve."""
        return len({p.path for p in self.problems})

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def has_errors(self) -> bool:
        return any(p.severity == Severity.ERROR for p in self.problems)
