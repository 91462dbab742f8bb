"""CSV: a header row of sector names, then one row per aspect."""

from __future__ import annotations

import csv
import io

from sectorlint.render.comparison import Comparison


def render(comparison: Comparison) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Aspect", *(c.name for c in comparison.columns)])
    for row in comparison.rows:
        writer.writerow([row.label, *(_defuse(cell.text) for cell in row.cells)])
    return out.getvalue()


def _defuse(text: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; a quote keeps it text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") and text != "—" else text
