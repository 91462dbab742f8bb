"""Markdown: a GitHub-flavoured table and a Mermaid diagram of the relations."""

from __future__ import annotations

import html
import re

from sectorlint.escaping import terminal_safe as visible
from sectorlint.render.comparison import Comparison, containment

_EDGES = {"subset_of": "-- subset of -->", "supports": "-. supports .->"}


def render(comparison: Comparison) -> str:
    columns = comparison.columns
    lines = [f"## {_cell(comparison.title)}", ""]
    lines.append("| Aspect | " + " | ".join(_cell(c.name) for c in columns) + " |")
    lines.append("| --- |" + " --- |" * len(columns))
    for row in comparison.rows:
        cells = " | ".join(_cell(cell.text) for cell in row.cells)
        lines.append(f"| **{_cell(row.label)}** | {cells} |")
    if comparison.links:
        lines += ["", "### How the sectors relate", "", *mermaid(comparison)]
    return "\n".join(lines) + "\n"


def mermaid(comparison: Comparison) -> list[str]:
    """Subsets drawn inside their parent; overlaps and support as labelled links."""
    ids = {c.id: f"s{i}" for i, c in enumerate(comparison.columns)}
    names = {c.id: c.name for c in comparison.columns}
    parent = containment(comparison)
    lines = ["```mermaid", "flowchart TB"]

    def emit(sector: str, depth: int) -> None:
        children = [c for c, p in parent.items() if p == sector]
        pad = "  " * depth
        if children:
            lines.append(f'{pad}subgraph {ids[sector]}["{_label(names[sector])}"]')
            for child in children:
                emit(child, depth + 1)
            lines.append(f"{pad}end")
        else:
            lines.append(f'{pad}{ids[sector]}["{_label(names[sector])}"]')

    for column in comparison.columns:
        if column.id not in parent:
            emit(column.id, 1)
    overlaps: set[frozenset[str]] = set()
    for link in comparison.links:
        source, target = ids[link.source], ids[link.target]
        if link.kind == "overlaps_with":
            pair = frozenset((link.source, link.target))
            if pair not in overlaps:  # one line per overlap, not one per side
                overlaps.add(pair)
                via = f'|"{_label(link.via)}"|' if link.via else ""
                lines.append(f"  {source} <-->{via} {target}")
        elif not (link.kind == "subset_of" and parent.get(link.source) == link.target):
            lines.append(f"  {source} {_EDGES[link.kind]} {target}")
    lines.append("```")
    return lines


_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~!&#])")


def _cell(text: str) -> str:
    """Inline-safe: every character Markdown or HTML would act on is escaped, on one line."""
    return _MARKDOWN.sub(r"\\\1", visible(" ".join(text.split())))


def _label(text: str) -> str:
    return html.escape(visible(" ".join(text.split()))).replace('"', "#quot;")
