"""Output formats for `sectorlint check`, behind one small interface and a name table."""

from __future__ import annotations

from collections.abc import Callable

from sectorlint.engine import Report
from sectorlint.reporters import json_report, text

Reporter = Callable[[Report], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
}
