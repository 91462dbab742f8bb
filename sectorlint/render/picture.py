"""The picture of how the sectors relate, as inline SVG, and its legend.

`layout` decides where everything goes; this module only draws it. Each relation kind has one
look, shared by the picture and the legend: a subset is a region inside its parents' regions,
an overlap a solid line with a dot at each end and the shared ground written under it, support a
dashed arrow pointing at the supported sector.
"""

from __future__ import annotations

from html import escape as _html_escape

from sectorlint.escaping import terminal_safe
from sectorlint.render.comparison import Link
from sectorlint.render.layout import NAME_LINE, TAG_LINE, Layout, Line, Region

PALETTE = ["#3b6fd8", "#d9822b", "#2e9e6a", "#a04fc9", "#c2414b", "#1c9bb0", "#8a8f2a", "#5b6578"]
INK = "#1d2433"
OVERLAP = (
    'stroke="#7b3fa0" stroke-width="2" fill="none" marker-start="url(#dot)" marker-end="url(#dot)"'
)
SUPPORT = (
    'stroke="#33506e" stroke-width="1.6" stroke-dasharray="7 4" fill="none" '
    'marker-end="url(#arrow)"'
)
_STYLES = {"overlaps_with": OVERLAP, "supports": SUPPORT}
_LABEL_STYLES = {
    "overlaps_with": 'font-style="italic" fill="#4b2566"',
    "supports": 'fill="#33506e"',
}
_DEFS = (
    "<defs>"
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
    'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#33506e"/></marker>'
    '<marker id="dot" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="6" markerHeight="6">'
    '<circle cx="5" cy="5" r="4" fill="#7b3fa0"/></marker>'
    "</defs>"
)
_WORDS = {"subset_of": "is a subset of", "overlaps_with": "overlaps with", "supports": "supports"}


def escape(text: str) -> str:
    """HTML-escaped, with control characters and direction overrides shown, not obeyed."""
    return _html_escape(terminal_safe(text))


def svg(picture: Layout) -> str:
    # The picture keeps its size where there is room, shrinks to the page down to two thirds,
    # and scrolls beyond that, so that names stay readable however many sectors there are.
    width, height = round(picture.width), round(picture.height)
    regions = sorted(picture.regions, key=lambda r: (r.depth, r.index))
    lines = sorted(picture.lines, key=lambda li: li.lane)
    return "\n".join(
        [
            '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="rel-title" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'style="min-width: {round(width * 2 / 3)}px">',
            '<title id="rel-title">How the sectors relate</title>',
            _DEFS,
            *(_region(r) for r in regions),
            *(_line(line) for line in lines),
            *(_line_label(line) for line in lines),  # over every line, which passes under them
            "</svg>",
        ]
    )


def _region(region: Region) -> str:
    color = PALETTE[region.color % len(PALETTE)]
    x = round(region.label_x)
    spans = [
        f'<tspan x="{x}" dy="{0 if i == 0 else NAME_LINE:g}">{escape(line)}</tspan>'
        for i, line in enumerate(region.lines)
    ]
    if region.copy:
        spans.append(
            f'<tspan class="copy" x="{x}" dy="{TAG_LINE:g}" font-size="11" font-weight="400" '
            f'font-style="italic">{region.tag}</tspan>'
        )
    copy = f' data-copy="{region.tag}"' if region.copy else ""
    return (
        f'<g class="sector" data-id="{escape(region.sector)}"{copy}>'
        f'<rect x="{round(region.left)}" y="{round(region.top)}" '
        f'width="{round(region.right - region.left)}" height="{round(region.bottom - region.top)}" '
        f'rx="16" fill="{color}" fill-opacity="0.12" stroke="{color}" stroke-width="2"/>'
        f'<text class="name" x="{x}" y="{round(region.label_y + 13)}" font-size="13" '
        f'font-weight="600" fill="{INK}">{"".join(spans)}</text></g>'
    )


def _line(line: Line) -> str:
    kind = line.link.kind
    x1, x2, lane = round(line.start_x), round(line.end_x), round(line.y)
    y1, y2 = round(line.source.bottom), round(line.target.bottom)
    return (
        f'<g class="link" {_link_data(line)}>'
        f"<title>{escape(sentence(line.link, line.source.name, line.target.name))}</title>"
        f'<path d="M{x1},{y1} V{lane} H{x2} V{y2}" stroke-linejoin="round" {_STYLES[kind]}/></g>'
    )


def _line_label(line: Line) -> str:
    """The label just under its line (so that the line's own legs never pass through it), on a
    white ground that hides any other line passing under it."""
    x, lane, half = round(line.label_x), round(line.y), round(line.label_width / 2)
    return (
        f'<g class="link-label" {_link_data(line)}>'
        f'<rect x="{x - half}" y="{lane + 3}" width="{2 * half}" height="15" rx="3" '
        'fill="#ffffff" fill-opacity="0.92"/>'
        f'<text x="{x}" y="{lane + 14}" text-anchor="middle" font-size="12" '
        f"{_LABEL_STYLES[line.link.kind]}>{escape(line.label)}</text></g>"
    )


def _link_data(line: Line) -> str:
    link = line.link
    return (
        f'data-kind="{link.kind}" data-source="{escape(link.source)}" '
        f'data-target="{escape(link.target)}"'
    )


def sentence(link: Link, source: str, target: str) -> str:
    """A relation in words: `IT supports BPO: provides the technology …`."""
    text = f"{source} {_WORDS[link.kind]} {target}"
    text += f", through {link.via}" if link.via else ""
    text += f": {link.how}" if link.how else ""
    return text if text.endswith(".") else text + "."


def legend(picture: Layout) -> str:
    """What each way of drawing means, drawn the same way as in the picture (whose markers it
    uses: it goes after the picture)."""
    items = [
        (
            '<rect x="1" y="1" width="46" height="26" rx="7" fill="#3b6fd8" fill-opacity="0.12" '
            'stroke="#3b6fd8" stroke-width="2"/><rect x="18" y="10" width="24" height="13" rx="4" '
            'fill="#d9822b" fill-opacity="0.12" stroke="#d9822b" stroke-width="2"/>',
            "<b>Subset of</b>: a sector is drawn inside every sector it is part of",
        ),
        (
            f'<path d="M6,14 H42" {OVERLAP}/>',
            "<b>Overlaps with</b>: a line between the two, naming the ground they share",
        ),
        (
            f'<path d="M4,14 H42" {SUPPORT}/>',
            "<b>Supports</b>: a dashed arrow to the sector supported",
        ),
    ]
    if picture.has_copies:
        items.append(
            (
                '<text x="24" y="18" text-anchor="middle" font-size="11" font-style="italic" '
                f'fill="{INK}">1 of 2</text>',
                "<b>1 of 2</b>: a sector drawn once inside each of its parents, where no one place "
                "lies inside them all",
            )
        )
    rows = "".join(
        f'<li><svg class="key" width="48" height="28" viewBox="0 0 48 28" aria-hidden="true">'
        f"{icon}</svg><span>{text}</span></li>"
        for icon, text in items
    )
    return f'<ul class="legend">{rows}</ul>'
