"""Output formats for `sectorlint check`, behind one small interface and a name table.

A reporter turns a finished report into text; it never sees YAML and never decides what a
problem is. `auto` picks `github` inside GitHub Actions and `text` elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing the engine here would load every rule to print --help
    from sectorlint.engine import Report


@dataclass(frozen=True)
class Style:
    color: bool = False
    quiet: bool = False  # problems only: no summary, nothing at all when clean
    statistics: bool = False  # a count per code instead of every problem


Reporter = Callable[["Report", Style], str]


def _table() -> dict[str, Reporter]:
    from sectorlint.reporters import github, gitlab, json_report, junit, sarif, text

    return {
        "text": text.render,
        "json": json_report.render,
        "github": github.render,
        "sarif": sarif.render,
        "junit": junit.render,
        "gitlab": gitlab.render,
    }


FORMAT_NAMES = ("auto", "text", "json", "github", "sarif", "junit", "gitlab")


def reporter(name: str) -> Reporter:
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return _table()[name]
