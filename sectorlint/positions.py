"""Lines and columns as an editor counts them, and the text the YAML parser is given.

libyaml follows YAML 1.1, where NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR end a line; in
YAML 1.2, and in editors, they are ordinary characters. They are swapped for private-use
stand-ins before parsing (and back in the values) so every line number matches the editor's.
In JSON files, a surrogate-pair escape (`"\\ud83d\\ude00"`, as Python's `json.dumps` writes
emoji) is rewritten to the `\\U0001F600` form libyaml understands; the columns after it on
that line are shifted back.
"""

from __future__ import annotations

import re
from typing import Any

from sectorlint.problem import Span

LINE_BREAK = re.compile(r"\r\n|\r|\n")
_YAML11_BREAKS = "\x85\u2028\u2029"
_STAND_INS = "\uf8f0\uf8f1\uf8f2"
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"
)


def offset_span(text: str, offset: int) -> Span:
    """The 1-based line and column of a character offset."""
    line, start = 1, 0
    for match in LINE_BREAK.finditer(text, 0, offset):
        line, start = line + 1, match.end()
    return Span(line, offset - start + 1)


def split_lines(text: str, keepends: bool = False) -> list[str]:
    """The lines of `text` as YAML 1.2 and editors count them (`str.splitlines` also breaks at
    U+2028, U+2029, NEL and form feeds, which are characters here)."""
    if not keepends:
        return LINE_BREAK.split(text)
    starts = line_starts(text)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True) if b > a]


def line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in LINE_BREAK.finditer(text)]


def clamp(text: str, line: int, column: int) -> Span:
    """Keep a position inside the file (a parser may point one past the last line)."""
    lines = LINE_BREAK.split(text)
    line = max(1, min(line, len(lines)))
    column = max(1, min(column, len(lines[line - 1]) + 1))
    return Span(line, column)


class ParserText:
    """The text given to the parser, and how to map its marks and values back."""

    __slots__ = ("end", "restore", "shifts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.restore: dict[int, int] | None = None  # str.translate table for values
        self.shifts: dict[int, list[tuple[int, int]]] = {}
        # Where the text ends (0-based line and column): libyaml's marks for the end of a file
        # without a final newline lie on a line that does not exist; no span may pass this.
        self.end = _end_of(text)

    def position(self, mark: Any) -> tuple[int, int]:
        """A parser mark as the editor's 1-based line and column."""
        line, column = min((mark.line, mark.column), self.end)
        at = column
        for after, extra in self.shifts.get(line, ()):
            if at >= after:
                column += extra
        return line + 1, column + 1

    def span(self, start: Any, end: Any) -> Span:
        if self.shifts or (end.line, end.column) > self.end:
            return Span(*self.position(start), *self.position(end))
        # the common case, kept cheap: this runs for every node
        return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)

    def value(self, text: str) -> str:
        return text.translate(self.restore) if self.restore else text


def _end_of(text: str) -> tuple[int, int]:
    if "\r" not in text:
        last = text.rfind("\n") + 1
        return text.count("\n"), len(text) - last
    starts = line_starts(text)
    return len(starts) - 1, len(text) - starts[-1]


def for_parser(text: str, is_json: bool) -> ParserText:
    prepared = ParserText(text)
    if any(c in text for c in _YAML11_BREAKS) and not any(c in text for c in _STAND_INS):
        prepared.text = text.translate(str.maketrans(_YAML11_BREAKS, _STAND_INS))
        prepared.restore = str.maketrans(_STAND_INS, _YAML11_BREAKS)
    if is_json and "\\u" in text:
        _join_surrogate_escapes(prepared)
    return prepared


def _join_surrogate_escapes(prepared: ParserText) -> None:
    lines = LINE_BREAK.split(prepared.text)
    breaks = LINE_BREAK.findall(prepared.text)
    for number, line in enumerate(lines):
        if "\\u" not in line:
            continue
        pieces, shifts, position = [], [], 0
        for match in _SURROGATE_PAIR.finditer(line):
            high, low = int(match.group(2), 16), int(match.group(3), 16)
            code_point = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            replacement = f"{match.group(1)}\\U{code_point:08X}"
            pieces.append(line[position : match.start()] + replacement)
            position = match.end()
            new_end = sum(len(p) for p in pieces)
            shifts.append((new_end, match.end() - match.start() - len(replacement)))
        if shifts:
            lines[number] = "".join(pieces) + line[position:]
            prepared.shifts[number] = shifts
    prepared.text = "".join(line + brk for line, brk in zip(lines, [*breaks, ""], strict=True))
