"""CSV: a header row of the sectors (short names where there are, as in the other tables and
in the relation rows), then one row per aspect."""

from __future__ import annotations

import csv
import io

from sectorlint.escaping import terminal_safe as visible
from sectorlint.render.comparison import Comparison


def render(comparison: Comparison) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Aspect", *(_defuse(c.label) for c in comparison.columns)])
    for row in comparison.rows:
        writer.writerow([_defuse(row.label), *(_defuse(cell.text) for cell in row.cells)])
    return out.getvalue()


def _defuse(text: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ (or a tab or CR) as a formula; a quote
    keeps it text. Invisible control characters are shown escaped."""
    text = visible(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and text != "—" else text
