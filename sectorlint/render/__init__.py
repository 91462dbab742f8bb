"""`sectorlint render`: the comparison in one format or another.

`comparison.build` makes the normalized table from the model; each module here lays it out.
Every format is a pure function of the comparison, so the same content renders byte for byte
the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sectorlint.render import csv_format, html, json_format, markdown, terminal
from sectorlint.render.comparison import Comparison


@dataclass(frozen=True)
class Style:
    width: int = 100  # terminal columns to fill
    color: bool = False


Formatter = Callable[[Comparison, Style], str]

FORMATS: dict[str, Formatter] = {
    "text": lambda c, s: terminal.render(c, width=s.width, color=s.color),
    "markdown": lambda c, s: markdown.render(c),
    "csv": lambda c, s: csv_format.render(c),
    "json": lambda c, s: json_format.render(c),
    "html": lambda c, s: html.render(c),
}
