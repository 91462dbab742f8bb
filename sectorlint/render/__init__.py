"""`sectorlint render`: the comparison in one format or another.

`render_paths` is the command in one call: the content set checked and read by the engine,
`comparison.build` making the normalized table from its model, and a module here laying it out.
Every format is a pure function of the comparison, so the same content renders byte for byte
the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from sectorlint.render import csv_format, html, json_format, markdown, terminal
from sectorlint.render.comparison import Comparison, build

if TYPE_CHECKING:
    from sectorlint import engine


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


class Request(NamedTuple):
    """What to render: the options of `sectorlint render`."""

    output_format: str = "text"
    sectors: list[str] | None = None  # ids, in this order; default: the given files' sectors
    aspects: list[str] | None = None
    section: str | None = None
    style: Style = Style()
    force: bool = False  # render even when the content has errors


class Rendered(NamedTuple):
    text: str
    unread: list[str]  # given files not shown: they could not be read


class ContentErrors(Exception):
    """The content has errors (and the request does not force a rendering)."""

    def __init__(self, errors: int) -> None:
        super().__init__(f"the content has {errors} error{'s' if errors != 1 else ''}")
        self.errors = errors


def render_paths(paths: Sequence[str], options: engine.Options, request: Request) -> Rendered:
    """The comparison of the sectors at `paths` (their content set checked and read once, by the
    same engine as `check`), laid out in the requested format. Raises ContentErrors, and
    RenderError for a request the content cannot answer (an unknown sector id or aspect)."""
    from sectorlint import engine

    result = engine.run(paths, options)
    if result.has_errors and not request.force:
        raise ContentErrors(result.report.errors)
    given = set(result.report.files)
    unread = sorted(given - {s.path for s in result.model.sectors})
    shown = request.sectors or [s.id for s in result.model.sectors if s.path in given]
    comparison = build(result.model, shown, request.aspects, request.section)
    return Rendered(FORMATS[request.output_format](comparison, request.style), unread)
