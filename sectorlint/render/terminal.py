"""A table for the terminal, wrapped to its width; colour only where asked for."""

from __future__ import annotations

import textwrap
import unicodedata

from sectorlint.escaping import terminal_safe as safe
from sectorlint.render.comparison import Comparison

_BOLD, _CYAN, _RESET = "\x1b[1m", "\x1b[36m", "\x1b[0m"
_MIN_COLUMN = 10


def render(comparison: Comparison, width: int = 100, color: bool = False) -> str:
    headers = ["", *(safe(c.name) for c in comparison.columns)]
    body = [[safe(row.label), *(safe(cell.text) for cell in row.cells)] for row in comparison.rows]
    widths = _column_widths([headers, *body], width)
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    lines = [rule, *_row(headers, widths, _BOLD if color else ""), rule.replace("-", "=")]
    for cells in body:
        lines.extend(_row(cells, widths, _CYAN if color else "", first_only=True))
        lines.append(rule)
    title = f"{_BOLD}{comparison.title}{_RESET}" if color else comparison.title
    return "\n".join([title, *lines]) + "\n"


def _row(cells: list[str], widths: list[int], style: str, first_only: bool = False) -> list[str]:
    wrapped = [_wrap(cell, w) for cell, w in zip(cells, widths, strict=True)]
    height = max(len(w) for w in wrapped)
    out = []
    for i in range(height):
        parts = []
        for index, (lines, w) in enumerate(zip(wrapped, widths, strict=True)):
            text = lines[i] if i < len(lines) else ""
            padded = text + " " * (w - display_width(text))
            styled = style and (not first_only or index == 0)
            parts.append(f" {style}{padded}{_RESET} " if styled else f" {padded} ")
        out.append("|" + "|".join(parts) + "|")
    return out


def _column_widths(table: list[list[str]], width: int) -> list[int]:
    """The first column as wide as its longest label; the rest share what is left evenly."""
    count = len(table[0])
    label = min(max(display_width(r[0]) for r in table), 28)
    if count == 1:
        return [label]
    available = width - 3 * count - 1  # what borders and padding leave
    # A narrow terminal takes room from the labels before the values go below the minimum.
    label = max(_MIN_COLUMN, min(label, available - _MIN_COLUMN * (count - 1)))
    room = available - label
    share = max(_MIN_COLUMN, room // (count - 1))
    natural = [max(display_width(r[i]) for r in table) for i in range(1, count)]
    # Columns that need less than their share give the rest to the others.
    widths = [min(n, share) for n in natural]
    spare = room - sum(widths)
    while spare > 0 and any(w < n for w, n in zip(widths, natural, strict=True)):
        for i, need in enumerate(natural):
            if widths[i] < need and spare > 0:
                widths[i] += 1
                spare -= 1
    return [label, *widths]


def _wrap(text: str, width: int) -> list[str]:
    lines = textwrap.wrap(text, width=width, break_on_hyphens=False) or [""]
    # textwrap counts characters; wide (CJK) characters take two columns, so re-split those.
    out: list[str] = []
    for line in lines:
        while display_width(line) > width:
            cut = _fit(line, width)
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


def _fit(text: str, width: int) -> int:
    used = 0
    for index, char in enumerate(text):
        used += _char_width(char)
        if used > width:
            return max(index, 1)
    return len(text)


def display_width(text: str) -> int:
    return sum(_char_width(c) for c in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
