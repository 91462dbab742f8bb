"""Markdown: a GitHub-flavoured table and a Mermaid diagram of the relations.

Headers show a sector's short name where it has one, spelled out in a key under the table; the
diagram names sectors in full. Each relation kind is one kind of edge (Mermaid cannot draw a
sector inside two others, so subsets are edges too, for every pair alike).
"""

from __future__ import annotations

import html
import re

from sectorlint.escaping import terminal_safe as visible
from sectorlint.render.comparison import Comparison

_EDGES = {"subset_of": "-- subset of -->", "supports": "-. supports .->"}
KEY_JOINER = "; "


def render(comparison: Comparison) -> str:
    columns = comparison.columns
    lines = [f"## {_cell(comparison.title)}", ""]
    lines.append("| Aspect | " + " | ".join(_cell(c.label) for c in columns) + " |")
    lines.append("| --- |" + " --- |" * len(columns))
    for row in comparison.rows:
        cells = " | ".join(_cell(cell.text) for cell in row.cells)
        lines.append(f"| **{_cell(row.label)}** | {cells} |")
    short = [f"{c.label} = {c.name}" for c in columns if c.label != c.name]
    if short:
        lines += ["", _cell("Key: " + KEY_JOINER.join(short) + ".")]
    if comparison.links:
        lines += ["", "### How the sectors relate", "", *mermaid(comparison)]
    return "\n".join(lines) + "\n"


def mermaid(comparison: Comparison) -> list[str]:
    """Every sector a node; subsets and support as arrows, overlaps as two-way links naming the
    shared ground (one link per overlap, though both sides declare it)."""
    ids = {c.id: f"s{i}" for i, c in enumerate(comparison.columns)}
    lines = ["```mermaid", "flowchart TB"]
    lines += [f'  {ids[c.id]}["{_label(c.name)}"]' for c in comparison.columns]
    overlaps: set[frozenset[str]] = set()
    for link in comparison.links:
        source, target = ids[link.source], ids[link.target]
        if link.kind != "overlaps_with":
            lines.append(f"  {source} {_EDGES[link.kind]} {target}")
            continue
        pair = frozenset((link.source, link.target))
        if pair not in overlaps:
            overlaps.add(pair)
            via = f'|"{_label(link.via)}"|' if link.via else ""
            lines.append(f"  {source} <-->{via} {target}")
    lines.append("```")
    return lines


_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~!&#])")


def _cell(text: str) -> str:
    """Inline-safe: every character Markdown or HTML would act on is escaped, on one line."""
    return _MARKDOWN.sub(r"\\\1", visible(" ".join(text.split())))


def _label(text: str) -> str:
    return html.escape(visible(" ".join(text.split()))).replace('"', "#quot;")
