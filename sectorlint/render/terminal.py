"""A table for the terminal, wrapped to its width; colour only where asked for."""

from __future__ import annotations

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
    """Widths that fit `width`: labels up to a third of it, values sharing the rest."""
    count = len(table[0])
    natural = [max(display_width(r[i]) for r in table) for i in range(count)]
    available = max(count * 3, width - 3 * count - 1)  # what borders and padding leave
    floor = max(3, min(_MIN_COLUMN, available // count))
    label = max(floor, min(natural[0], 28, available // 3 if count > 2 else available // 2))
    if count == 1:
        return [min(natural[0], available)]
    room = available - label
    widths = [max(floor, min(n, room // (count - 1))) for n in natural[1:]]
    spare = room - sum(widths)
    # Columns that need less than their share leave the rest to those that need more.
    while spare > 0 and any(w < n for w, n in zip(widths, natural[1:], strict=True)):
        for i, need in enumerate(natural[1:]):
            if widths[i] < need and spare > 0:
                widths[i] += 1
                spare -= 1
    return [label, *widths]


def _wrap(text: str, width: int) -> list[str]:
    """Words into lines of at most `width` columns; a longer word is cut where it must be."""
    lines: list[str] = []
    for word in text.split(" "):
        while display_width(word) > width:
            room = width - display_width(lines[-1]) - 1 if lines and lines[-1] else 0
            if room >= 3:  # fill the current line before cutting onto the next
                cut = _fit(word, room)
                lines[-1] += " " + word[:cut]
            else:
                cut = _fit(word, width)
                lines.append(word[:cut])
            word = word[cut:]
        if lines and display_width(lines[-1]) + 1 + display_width(word) <= width and lines[-1]:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _fit(text: str, width: int) -> int:
    """How many characters of `text` fit in `width` columns (at least one)."""
    used = 0
    for index, char in enumerate(text):
        used += _char_width(char)
        if used > width:
            return max(index, 1)
    return len(text)


def display_width(text: str) -> int:
    return sum(_char_width(c) for c in text)


_ZERO_WIDTH = {"\u200d", "\ufe0e", "\ufe0f"}  # joiners and emoji/text presentation selectors


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or char in _ZERO_WIDTH:
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
