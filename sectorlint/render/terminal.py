"""A table for the terminal, never wider than asked; colour only where asked for.

Words stay whole: a column is at least as wide as its longest word (unless that word alone is
wider than the table can be), and where the sectors do not fit side by side at a readable width
they are shown a few at a time, in tables one after another, each repeating the aspect names.
Headers show a sector's short name where it has one; a key under the tables spells them out.
"""

from __future__ import annotations

import unicodedata

from sectorlint.escaping import terminal_safe as safe
from sectorlint.render.comparison import Comparison

_BOLD, _CYAN, _RESET = "\x1b[1m", "\x1b[36m", "\x1b[0m"
_READABLE = 14  # a value column narrower than this holds a word or two a line: split the table
_LABEL_SHARE = 4  # the aspect names take at most a quarter of the width, unless a word needs more


def render(comparison: Comparison, width: int = 100, color: bool = False) -> str:
    headers = [safe(c.label) for c in comparison.columns]
    labels = [safe(row.label) for row in comparison.rows]
    body = [[safe(cell.text) for cell in row.cells] for row in comparison.rows]
    columns = [[header, *(cells[i] for cells in body)] for i, header in enumerate(headers)]
    label_low = _label_width(labels, width)
    lines = [_styled(line, _BOLD, color) for line in _wrap(comparison.title, width)]
    for number, group in enumerate(_groups([_readable(c) for c in columns], label_low, width)):
        if number:
            lines.append("")
        table = [["", *(headers[i] for i in group)]]
        table += [
            [label, *(cells[i] for i in group)] for label, cells in zip(labels, body, strict=True)
        ]
        lines += _table(table, _widths(table, label_low, width), color)
    lines += _key(comparison, width)
    return "\n".join(lines) + "\n"


def _table(table: list[list[str]], widths: list[int], color: bool) -> list[str]:
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    lines = [rule, *_row(table[0], widths, _BOLD if color else ""), rule.replace("-", "=")]
    for cells in table[1:]:
        lines += _row(cells, widths, _CYAN if color else "", first_only=True)
        lines.append(rule)
    return lines


def _key(comparison: Comparison, width: int) -> list[str]:
    """What each short name in the headers stands for."""
    short = [f"{safe(c.label)} = {safe(c.name)}" for c in comparison.columns if c.label != c.name]
    return _wrap("Key: " + "; ".join(short) + ".", width) if short else []


def _styled(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


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


def _room(columns: int, width: int) -> int:
    """What `width` leaves for text in a table of `columns` columns: each has a border and a
    space either side."""
    return width - 3 * columns - 1


def _longest_word(texts: list[str]) -> int:
    return max((display_width(word) for text in texts for word in text.split()), default=1)


def _natural(texts: list[str]) -> int:
    return max((display_width(text) for text in texts), default=1)


def _label_width(labels: list[str], width: int) -> int:
    """The aspect names' column: a quarter of the width at most, but never narrower than its
    longest word (up to half the room of a two-column table)."""
    wanted = max(_longest_word(labels), min(_natural(labels), width // _LABEL_SHARE))
    return max(1, min(wanted, _room(2, width) // 2))


def _readable(texts: list[str]) -> int:
    """The narrowest width at which a value column still reads: its longest word, and at least
    `_READABLE` where its text is longer than that."""
    return max(_longest_word(texts), min(_natural(texts), _READABLE))


def _groups(lows: list[int], label: int, width: int) -> list[list[int]]:
    """The value columns split into as few consecutive groups as fit side by side at their
    readable widths, as evenly sized as the widths allow."""
    greedy: list[list[int]] = []
    for index, low in enumerate(lows):
        group = greedy[-1] if greedy else None
        if group and label + sum(lows[i] for i in group) + low <= _room(len(group) + 2, width):
            group.append(index)
        else:
            greedy.append([index])
    count = len(greedy)
    if count <= 1:
        return greedy or [[]]
    even, start = [], 0
    for number in range(count):
        size = (len(lows) - start) // (count - number)
        even.append(list(range(start, start + size)))
        start += size
    fits = all(label + sum(lows[i] for i in g) <= _room(len(g) + 1, width) for g in even)
    return even if fits else greedy


def _widths(table: list[list[str]], label: int, width: int) -> list[int]:
    """Each column between its readable width and its natural one (the widest cell on one
    line). What is left over goes first to the sectors' columns short of natural, in proportion
    to how short, and only then to the aspect names."""
    texts = [[row[i] for row in table] for i in range(len(table[0]))]
    lows = [label, *(_readable(t) for t in texts[1:])]
    widths = _shrink(lows, _room(len(lows), width))
    spare = _room(len(lows), width) - sum(widths)
    values = _share(widths[1:], [_natural(t) for t in texts[1:]], spare)
    spare -= sum(values) - sum(widths[1:])
    return [widths[0] + max(0, min(spare, _natural(texts[0]) - widths[0])), *values]


def _share(widths: list[int], highs: list[int], spare: int) -> list[int]:
    """`spare` columns handed to those below their high, in proportion to what they lack."""
    widths = list(widths)
    while spare > 0:
        short = [(i, highs[i] - w) for i, w in enumerate(widths) if w < highs[i]]
        if not short:
            break
        total = sum(need for _, need in short)
        for i, need in short:
            grant = min(max(1, spare * need // total), highs[i] - widths[i], spare)
            widths[i] += grant
            spare -= grant
    return widths


def _shrink(lows: list[int], room: int) -> list[int]:
    """`lows` narrowed, widest first, until they fit `room` (where even a single sector beside
    the aspect names would not fit at its readable width)."""
    widths = list(lows)
    while sum(widths) > room and max(widths) > 2:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    return widths


def _wrap(text: str, width: int) -> list[str]:
    """Words into lines of at most `width` columns, broken only between words; a word longer
    than a whole line is cut, after a hyphen where one fits."""
    lines: list[str] = []
    for word in text.split():
        while display_width(word) > width:
            cut = _cut(word, width)
            lines.append(word[:cut])
            word = word[cut:]
        if lines and lines[-1] and display_width(lines[-1]) + 1 + display_width(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _cut(word: str, width: int) -> int:
    """Where to cut a word too long for `width` columns: after the last hyphen or slash that
    fits, else as late as fits (at least one character)."""
    fit = _fit(word, width)
    breaks = [i + 1 for i, char in enumerate(word[:fit]) if char in "-/" and i + 1 < len(word)]
    return breaks[-1] if breaks else fit


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
