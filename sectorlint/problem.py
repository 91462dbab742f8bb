"""The one record every check produces and every reporter consumes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Span:
    """A 1-based, inclusive-start / exclusive-end region of a file (columns count characters)."""

    line: int
    column: int
    # Where a span ends is known for some problems only; ordering goes by where it starts.
    end_line: int | None = field(default=None, compare=False)
    end_column: int | None = field(default=None, compare=False)


START_OF_FILE = Span(1, 1)


@dataclass(frozen=True, order=True)
class Problem:
    # Field order is the sort order: by file, then by position, then by code.
    path: str
    span: Span
    code: str
    message: str
    severity: Severity = Severity.ERROR
    json_path: str = ""
    # Other files a cross-file problem involves: a partial run reports it when any is checked.
    related: tuple[str, ...] = ()

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
