"""Output formats for `sectorlint check`, behind one small interface and a name table (and,
in `formatting`, what `sectorlint fmt` says about its outcomes).

A reporter turns a finished report into text; it never sees YAML and never decides what a
problem is. `auto` picks `github` inside GitHub Actions and `text` elsewhere.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import NamedTuple

from sectorlint.problem import Report


class Style(NamedTuple):
    color: bool = False
    quiet: bool = False  # problems only: no summary, nothing at all when clean
    statistics: bool = False  # a count per code instead of every problem


Reporter = Callable[[Report, Style], str]


# Format name -> the module whose `render` writes it; only the one asked for is imported.
MODULES = {
    "text": "text",
    "json": "json_report",
    "github": "github",
    "sarif": "sarif",
    "junit": "junit",
    "gitlab": "gitlab",
}
FORMAT_NAMES = ("auto", *MODULES)


def resolved_format(name: str) -> str:
    """The format `name` stands for here: `auto` is `github` inside GitHub Actions, else `text`."""
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name


def reporter(name: str) -> Reporter:
    name = resolved_format(name)
    module = importlib.import_module(f"sectorlint.reporters.{MODULES[name]}")
    render: Reporter = module.render
    return render
