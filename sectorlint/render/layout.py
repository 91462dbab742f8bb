"""Where the picture of the relations puts each sector and each line; geometry only, no SVG.

Each relation kind is drawn one way, whatever the sectors and however many:

- `subset_of` is containment: a sector's region lies inside the region of every sector it is
  part of. Regions meet only where they are nested or where a sector of both lies, so two
  regions crossing always has a region in the crossing that explains it.
- `overlaps_with` and `supports` are lines in lanes under the regions, from the bottom edge of
  one region to the bottom edge of the other, each lane holding lines that do not meet.

How containment is laid out: every sector owns one slot in a row, and its region spans the slots
of itself and of everything inside it. A row exists where each sector's slots can be made
consecutive, which is always so for a tree and usually so for sectors with several parents; it
is searched for (within a budget). Where no row exists (three sectors that pairwise share a
subset, say), a sector with several parents is drawn once inside each of them, marked
"1 of 2"..., until one does. Vertically a region starts one label band below its parents' and
ends below its children's, and horizontally it reaches past its children by a margin that grows
with how deep it goes, so nesting is always strict.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from sectorlint.render.comparison import Comparison, Link
from sectorlint.render.terminal import display_width

NAME_COLUMNS = 20  # a sector's name wraps at this many display columns
NAME_SIZE = 13.0  # px, bold
NAME_LINE = 17.0  # px from one line of a name to the next
TAG_LINE = 15.0  # px for the "1 of 2" line under the name of a sector drawn more than once
LINK_SIZE = 12.0  # px
LINK_LABEL_COLUMNS = 44  # a longer label is shortened with "…" (the caption has it in full)
MARGIN = 20.0
GAP = 16.0  # between regions side by side
INSET = 12.0  # how far a region reaches past the regions inside it, per level
LABEL_PAD = 12.0  # between a region's edge and its label
BAND_PAD = 10.0  # above and below a name
LEAF_MIN_WIDTH = 120.0
LEAF_BODY = 14.0  # below the name of a region with nothing inside
INNER_BOTTOM = 12.0  # between the lowest region inside and the region's bottom edge
LANE_START = 30.0  # from the lowest region to the first lane
LANE_HEIGHT = 32.0
LABEL_BELOW = 20.0  # a line's label hangs under its lane
LANE_CLEARANCE = 10.0  # between two lines' spans in one lane
END_MARGIN = 22.0  # keeps line ends off a region's rounded corners
CLOSE_ABOVE = 30.0  # a region's bottom edge this close above a line's end could seem its end
END_SPACING = 14.0  # between two line ends, so that each line plainly ends where it does
SEARCH_BUDGET = 50_000  # steps of the search for a row, over the whole picture


@dataclass
class Region:
    """One drawing of a sector (a sector is drawn more than once only where a row demands)."""

    index: int
    sector: str
    name: str
    color: int  # the sector's place among the columns, which picks its colour
    parents: list[int] = field(default_factory=list)
    children: list[int] = field(default_factory=list)
    copy: tuple[int, int] | None = None  # (n, of) for a sector drawn `of` times
    lines: list[str] = field(default_factory=list)  # the name, wrapped
    depth: int = 0  # levels of regions around it
    levels: int = 0  # levels of regions inside it
    left: float = 0
    right: float = 0
    top: float = 0
    bottom: float = 0
    label_x: float = 0
    label_y: float = 0  # the top of the first line of the name
    clear_left: float = 0  # where nothing but regions around it and inside it lie: its name
    clear_right: float = 0  # goes there, and lines leave from there

    @property
    def tag(self) -> str:
        return f"{self.copy[0]} of {self.copy[1]}" if self.copy else ""

    @property
    def label_width(self) -> float:
        return max(text_width(line, NAME_SIZE) for line in [*self.lines, self.tag])

    @property
    def label_height(self) -> float:
        return NAME_LINE * len(self.lines) + (TAG_LINE if self.copy else 0)


@dataclass
class Line:
    """An `overlaps_with` or `supports` relation: down from one region, along a lane, up into
    the other."""

    link: Link
    source: Region
    target: Region
    label: str
    start_x: float = 0
    end_x: float = 0
    lane: int = 0
    y: float = 0  # of the lane
    label_x: float = 0  # the label's centre
    label_width: float = 0

    @property
    def span(self) -> tuple[float, float]:
        """What the line's run along its lane and its label take up, left to right."""
        half = self.label_width / 2
        return (
            min(self.start_x, self.end_x, self.label_x - half),
            max(self.start_x, self.end_x, self.label_x + half),
        )


@dataclass
class Layout:
    regions: list[Region]
    lines: list[Line]
    width: float
    height: float

    @property
    def has_copies(self) -> bool:
        return any(r.copy for r in self.regions)


def layout(comparison: Comparison) -> Layout:
    regions = _regions(comparison)
    budget = [SEARCH_BUDGET]
    rows = [_row_for(regions, component, budget) for component in _components(regions)]
    _set_levels(regions)
    bands = _bands(regions)
    x = MARGIN
    for order in rows:
        x = _place_row(regions, order, x) + 2 * GAP
    for region in sorted(regions, key=lambda r: r.levels):
        _place_vertically(region, regions, bands)
    lowest = max((r.bottom for r in regions), default=MARGIN)
    lines = _lines(comparison, regions, lowest)
    right = max([r.right for r in regions] + [line.span[1] for line in lines], default=0)
    bottom = max([lowest] + [line.y + LABEL_BELOW for line in lines])
    return Layout(regions, lines, right + MARGIN, bottom + MARGIN)


def subset_pairs(comparison: Comparison) -> list[tuple[str, str]]:
    """(subset, parent) pairs drawn as containment: every one among the shown sectors, in
    order, less any that would close a cycle (content with errors, rendered with --force)."""
    parents: dict[str, list[str]] = {}
    for link in comparison.links:
        if link.kind == "subset_of" and link.target not in parents.get(link.source, []):
            parents.setdefault(link.source, []).append(link.target)
    kept: list[tuple[str, str]] = []
    done: set[str] = set()

    def visit(sector: str, path: set[str]) -> None:
        if sector in done:
            return
        path.add(sector)
        for parent in parents.get(sector, []):
            if parent not in path:  # an edge back onto the path would close a cycle
                kept.append((sector, parent))
                visit(parent, path)
        path.discard(sector)
        done.add(sector)

    for column in comparison.columns:
        visit(column.id, set())
    return kept


def _regions(comparison: Comparison) -> list[Region]:
    regions = [
        Region(i, c.id, c.name, i, lines=_wrap(c.name, NAME_COLUMNS))
        for i, c in enumerate(comparison.columns)
    ]
    by_id = {r.sector: r for r in regions}
    for sector, parent in subset_pairs(comparison):
        by_id[sector].parents.append(by_id[parent].index)
        by_id[parent].children.append(by_id[sector].index)
    return regions


def _components(regions: list[Region]) -> list[list[int]]:
    """Regions joined by containment, each group in column order, groups by their first."""
    seen: set[int] = set()
    groups = []
    for region in regions:
        if region.index in seen:
            continue
        group, stack = [], [region.index]
        seen.add(region.index)
        while stack:
            index = stack.pop()
            group.append(index)
            for other in [*regions[index].parents, *regions[index].children]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        groups.append(sorted(group))
    return groups


def _row_for(regions: list[Region], component: list[int], budget: list[int]) -> list[int]:
    """A row of the component's regions in which each one's slots are consecutive; sectors
    with several parents are drawn once per parent until one is found."""
    while True:
        order = _contiguous_order(regions, component, budget)
        if order is not None:
            return order
        shared = [i for i in component if len(regions[i].parents) > 1]
        shared.sort(key=lambda i: (-len(regions[i].parents), regions[i].color))
        if not shared:  # a tree always has a row: parents before children
            return _preorder(regions, component)
        if budget[0] <= 0:  # no more searching: once per parent, all that have several
            for index in shared:
                component.extend(_split(regions, index))
            return _preorder(regions, component)
        chosen = next((i for i in shared if _splits_well(regions, component, i, budget)), None)
        component.extend(_split(regions, shared[0] if chosen is None else chosen))


def _splits_well(
    regions: list[Region], component: list[int], index: int, budget: list[int]
) -> bool:
    """Whether drawing this region once per parent would make a row exist (tried on a copy)."""
    trial = [_clone(r) for r in regions]
    added = _split(trial, index)
    return _contiguous_order(trial, [*component, *added], budget) is not None


def _clone(region: Region) -> Region:
    return Region(
        region.index, region.sector, region.name, region.color,
        list(region.parents), list(region.children), region.copy, list(region.lines),
    )  # fmt: skip


def _split(regions: list[Region], index: int) -> list[int]:
    """The region drawn once inside each of its parents: it keeps the first parent and what is
    inside it; a new region for each other parent. Returns the new regions' indexes."""
    region = regions[index]
    count = len(region.parents)
    added = []
    for n, parent in enumerate(region.parents[1:], start=2):
        copy = Region(len(regions), region.sector, region.name, region.color, [parent])
        copy.lines, copy.copy = list(region.lines), (n, count)
        regions.append(copy)
        children = regions[parent].children
        children[children.index(index)] = copy.index
        added.append(copy.index)
    region.parents, region.copy = region.parents[:1], (1, count)
    return added


def _blocks(regions: list[Region], members: Iterable[int]) -> dict[int, frozenset[int]]:
    """Each region's slots: itself and every region inside it, at any depth."""
    found: dict[int, frozenset[int]] = {}

    def block(index: int) -> frozenset[int]:
        if index not in found:
            inner = [block(child) for child in regions[index].children]
            found[index] = frozenset([index]).union(*inner)
        return found[index]

    for member in members:
        block(member)
    return found


def _preorder(regions: list[Region], component: list[int]) -> list[int]:
    """Parents before children, each region at its first parent, in column order."""
    order: list[int] = []
    seen: set[int] = set()
    stack = [i for i in reversed(component) if not regions[i].parents]
    while stack:
        index = stack.pop()
        if index in seen:
            continue
        seen.add(index)
        order.append(index)
        stack.extend(reversed(sorted(regions[index].children)))
    return order + [i for i in component if i not in seen]


def _contiguous_order(
    regions: list[Region], component: list[int], budget: list[int]
) -> list[int] | None:
    """An order of the regions in which every region's block is consecutive, or None.

    Slots are placed left to right; a block once begun must be finished before anything outside
    it is placed, so each next slot must lie in every block begun and not finished. The first
    order tried is parents before children; the search backtracks from there.
    """
    blocks = {i: b for i, b in _blocks(regions, component).items() if len(b) > 1}
    preferred = _preorder(regions, component)
    position = {index: n for n, index in enumerate(preferred)}
    if all(_consecutive(position, block) for block in blocks.values()):
        return preferred
    budget[0] -= sum(len(b) for b in blocks.values())  # what each try costs counts too
    holders = {i: [b for b in blocks.values() if i in b] for i in component}
    placed: list[int] = []
    used: set[int] = set()
    counts = {b: 0 for b in blocks.values()}
    choices: list[list[int]] = [_candidates(position, used, counts)]
    while choices:
        if len(placed) == len(component):
            return placed
        budget[0] -= 1
        if budget[0] < 0:
            return None
        if not choices[-1]:  # nothing fits here: take back the last slot
            choices.pop()
            if placed:
                _unplace(placed, used, counts, holders)
            continue
        index = choices[-1].pop(0)
        placed.append(index)
        used.add(index)
        for block in holders[index]:
            counts[block] += 1
        choices.append(_candidates(position, used, counts))
    return None


def _candidates(
    rank: dict[int, int],
    used: set[int],
    counts: dict[frozenset[int], int],
) -> list[int]:
    """What may come next, in order of preference: a region in every block begun and not
    finished (drawn from the smallest of them), or, with none begun, any region left."""
    begun = [b for b, n in counts.items() if 0 < n < len(b)]
    pool = min(begun, key=len) if begun else rank.keys()
    fits = [i for i in pool if i not in used and all(i in b for b in begun)]
    return sorted(fits, key=rank.__getitem__)


def _unplace(
    placed: list[int],
    used: set[int],
    counts: dict[frozenset[int], int],
    holders: dict[int, list[frozenset[int]]],
) -> None:
    index = placed.pop()
    used.discard(index)
    for block in holders[index]:
        counts[block] -= 1


def _consecutive(position: dict[int, int], block: frozenset[int]) -> bool:
    places = [position[i] for i in block]
    return max(places) - min(places) + 1 == len(places)


def _set_levels(regions: list[Region]) -> None:
    """Depth: the longest chain of regions around; levels: the longest chain inside."""
    for region in _outside_in(regions):
        region.depth = max((regions[p].depth + 1 for p in region.parents), default=0)
    for region in reversed(_outside_in(regions)):
        region.levels = max((regions[c].levels + 1 for c in region.children), default=0)


def _outside_in(regions: list[Region]) -> list[Region]:
    """Every region after all the regions around it."""
    waiting = {r.index: len(r.parents) for r in regions}
    ready = [r.index for r in regions if not r.parents]
    order = []
    while ready:
        index = ready.pop(0)
        order.append(regions[index])
        for child in regions[index].children:
            waiting[child] -= 1
            if waiting[child] == 0:
                ready.append(child)
    return order


def _bands(regions: list[Region]) -> list[float]:
    """The height of the band holding the names at each depth."""
    deepest = max((r.depth for r in regions), default=0)
    bands = [0.0] * (deepest + 1)
    for region in regions:
        bands[region.depth] = max(bands[region.depth], region.label_height + 2 * BAND_PAD)
    return bands


def _place_row(regions: list[Region], order: list[int], start: float) -> float:
    """Slots left to right from `start`; returns where the row's last region ends."""
    blocks = _blocks(regions, order)
    position = {index: n for n, index in enumerate(order)}
    first = {i: min(position[j] for j in b) for i, b in blocks.items()}
    last = {i: max(position[j] for j in b) for i, b in blocks.items()}
    inset = {i: INSET * regions[i].levels for i in order}
    holders: dict[int, list[int]] = {slot: [] for slot in order}
    ending: dict[int, float] = {}  # per slot: the widest margin of a region ending there
    starting: dict[int, float] = {}
    for index in order:
        for slot in blocks[index]:
            holders[slot].append(index)
        ending[last[index]] = max(ending.get(last[index], 0.0), inset[index])
        starting[first[index]] = max(starting.get(first[index], 0.0), inset[index])
    gaps = [ending.get(n, 0.0) + starting.get(n + 1, 0.0) + GAP for n in range(len(order) - 1)]
    widths = {i: 0.0 if regions[i].children else LEAF_MIN_WIDTH for i in order}
    runs: dict[int, tuple[int, int]] = {}
    for index in sorted(order, key=lambda i: regions[i].levels):
        region = regions[index]
        runs[index] = _clear_run(
            index, order, (first[index], position[index], last[index]), blocks, holders
        )
        low, high = runs[index]
        span = sum(widths[order[n]] for n in range(low, high + 1)) + sum(gaps[low:high])
        span += (inset[index] - LABEL_PAD) * ((low == first[index]) + (high == last[index]))
        widths[index] += max(0.0, region.label_width - span)
    x = start + starting[0]
    lefts = {}
    for n, index in enumerate(order):
        lefts[index] = x
        x += widths[index] + (gaps[n] if n < len(gaps) else 0)
    for index in order:
        region = regions[index]
        region.left = lefts[order[first[index]]] - inset[index]
        region.right = lefts[order[last[index]]] + widths[order[last[index]]] + inset[index]
        low, high = runs[index]
        region.label_x = region.left + LABEL_PAD if low == first[index] else lefts[order[low]]
        region.clear_left = region.left if low == first[index] else lefts[order[low]]
        region.clear_right = (
            region.right if high == last[index] else lefts[order[high]] + widths[order[high]]
        )
    return max(regions[i].right for i in order)


def _clear_run(
    index: int,
    order: list[int],
    bounds: tuple[int, int, int],  # the region's first slot, its own, its last
    blocks: dict[int, frozenset[int]],
    holders: dict[int, list[int]],
) -> tuple[int, int]:
    """The longest stretch of the region's slots, around its own, where its name can go: slots
    that no region lies over but the region itself, regions around it and regions inside it."""

    def clear(n: int) -> bool:
        return all(index in blocks[h] or h in blocks[index] for h in holders[order[n]])

    low = high = bounds[1]
    while low > bounds[0] and clear(low - 1):
        low -= 1
    while high < bounds[2] and clear(high + 1):
        high += 1
    return low, high


def _place_vertically(region: Region, regions: list[Region], bands: list[float]) -> None:
    """Top: one name band per level around it; bottom: under whatever lies inside it."""
    region.top = MARGIN + sum(bands[: region.depth])
    region.label_y = region.top + BAND_PAD
    lowest_inside = max((regions[c].bottom for c in region.children), default=0.0)
    region.bottom = max(region.top + bands[region.depth] + LEAF_BODY, lowest_inside + INNER_BOTTOM)


def _lines(comparison: Comparison, regions: list[Region], lowest: float) -> list[Line]:
    first: dict[str, Region] = {}
    for region in regions:
        first.setdefault(region.sector, region)
    lines, overlaps = [], set()
    for link in comparison.links:
        if link.kind == "subset_of":
            continue
        if link.kind == "overlaps_with":
            pair = frozenset((link.source, link.target))
            if pair in overlaps:
                continue  # both sides declare it: one line
            overlaps.add(pair)
        label = _shorten(link.via or "overlap") if link.kind == "overlaps_with" else "supports"
        lines.append(Line(link, first[link.source], first[link.target], label))
    # Ends first by where the other end is; once lanes are known, again so that lines leaving
    # one region do not cross; then lanes again for the final ends.
    for _ in range(2):
        _place_ends(lines, regions)
        _assign_lanes(lines, lowest)
    _slide_labels(lines)
    return lines


def _place_ends(lines: list[Line], regions: list[Region]) -> None:
    """Line ends spread along the clear part of each region's bottom edge, apart from every
    other end (a line from a region inside passes down through the edge).

    Along one edge, lines heading left come first, the one in the highest lane leftmost, then
    lines heading right, the one in the highest lane rightmost: so none crosses another as they
    go down to their lanes. An end is kept from under a region inside whose bottom edge is
    close above, where it could be taken to end there."""
    ends: dict[int, list[tuple[tuple[float, ...], Line, bool]]] = {}
    for line in lines:
        for region, other, is_source in ((line.source, line.target, True),
                                         (line.target, line.source, False)):  # fmt: skip
            heading_left = _centre(other) < _centre(region)
            key = (0.0, line.lane) if heading_left else (1.0, -line.lane)
            ends.setdefault(region.index, []).append(((*key, _centre(other)), line, is_source))
    taken: list[float] = []
    for items in sorted(ends.values(), key=lambda items: _end_region(items[0]).levels):
        items.sort(key=lambda item: item[0])
        region = _end_region(items[0])
        low = max(region.clear_left, region.left + END_MARGIN)
        high = min(region.clear_right, region.right - END_MARGIN)
        if low > high:
            low = high = (region.clear_left + region.clear_right) / 2
        under = _under_inner_edges(region, regions)
        for k, (_, line, is_source) in enumerate(items):
            wanted = low + (high - low) * (k + 1) / (len(items) + 1)
            x = _free(wanted, low, high, taken, under)
            bisect.insort(taken, x)
            if is_source:
                line.start_x = x
            else:
                line.end_x = x
    for line in lines:
        line.label_width = text_width(line.label, LINK_SIZE, bold=False) + 12
        middle = (line.start_x + line.end_x) / 2
        line.label_x = max(middle, MARGIN + line.label_width / 2)


def _end_region(item: tuple[tuple[float, ...], Line, bool]) -> Region:
    return item[1].source if item[2] else item[1].target


def _free(
    wanted: float, low: float, high: float, taken: list[float], under: list[tuple[float, float]]
) -> float:
    """The place nearest `wanted`, between `low` and `high`, at least END_SPACING from every
    place taken (a sorted list) and outside `under`; where the edge is too crowded for that,
    at least half of it, then a few pixels (two legs must never run as one); failing that,
    outside `under` only; failing that, `wanted`."""
    for spacing, avoid in ((END_SPACING, taken), (END_SPACING / 2, taken), (4.0, taken), (0, [])):
        step = 0.0
        while step <= high - low:
            for x in (wanted - step, wanted + step):
                clear = not any(a <= x <= b for a, b in under)
                if low <= x <= high and _apart(x, avoid, spacing) and clear:
                    return x
            step += 2
    return wanted


def _apart(x: float, taken: list[float], spacing: float) -> bool:
    at = bisect.bisect_left(taken, x)
    near = taken[max(0, at - 1) : at + 1]
    return all(abs(x - t) >= spacing for t in near)


def _under_inner_edges(region: Region, regions: list[Region]) -> list[tuple[float, float]]:
    """Stretches of the region's bottom edge with the bottom edge of a region inside close
    above them."""
    inside, stack = set(), list(region.children)
    while stack:
        index = stack.pop()
        if index not in inside:
            inside.add(index)
            stack.extend(regions[index].children)
    return [
        (regions[i].left - 6, regions[i].right + 6)
        for i in sorted(inside)
        if region.bottom - regions[i].bottom < CLOSE_ABOVE
    ]


def _centre(region: Region) -> float:
    return (region.left + region.right) / 2


def _assign_lanes(lines: list[Line], lowest: float) -> None:
    """Each line in the highest lane where its span is free, and where its legs cross no label
    in a lane above it and no leg from below crosses its label, if there is such a lane (else
    in the highest free one). Shorter lines go first, so they stay near the regions."""
    lanes: list[list[tuple[float, float]]] = []  # the spans taken in each lane
    placed: list[Line] = []
    for line in sorted(lines, key=lambda li: (li.span[1] - li.span[0], lines.index(li))):
        low, high = line.span
        ceiling = min((o.lane for o in placed if _crosses(line, o)), default=len(lanes))
        floor = max((o.lane for o in placed if _crosses(o, line)), default=0)
        free = [k for k in range(len(lanes)) if _lane_free(lanes[k], low, high)] + [len(lanes)]
        line.lane = next((k for k in free if floor <= k <= ceiling), free[0])
        if line.lane == len(lanes):
            lanes.append([])
        lanes[line.lane].append((low, high))
        line.y = lowest + LANE_START + LANE_HEIGHT * line.lane
        placed.append(line)


def _lane_free(spans: list[tuple[float, float]], low: float, high: float) -> bool:
    return all(high + LANE_CLEARANCE <= a or b + LANE_CLEARANCE <= low for a, b in spans)


def _slide_labels(lines: list[Line]) -> None:
    """A label that a leg from a lower lane passes through moves along its own line to where
    none does, if there is such a place (its span only shrinks, so its lane stays free)."""
    for line in lines:
        legs = [x for o in lines if o.lane > line.lane for x in (o.start_x, o.end_x)]
        half = line.label_width / 2
        low = min(line.start_x, line.end_x) + half
        high = max(line.start_x, line.end_x) - half
        steps = range(0, int(high - low) + 1, 4) if high >= low else range(0)
        places = (line.label_x + sign * step for step in steps for sign in (-1, 1))
        clear = (
            x for x in places if low <= x <= high and all(abs(x - g) >= half + 4 for g in legs)
        )
        line.label_x = next(clear, line.label_x)


def _crosses(lower: Line, upper: Line) -> bool:
    """Whether the legs of a line in a lower lane pass through the label of one above it."""
    half = upper.label_width / 2
    return any(abs(x - upper.label_x) < half + 4 for x in (lower.start_x, lower.end_x))


# How wide characters are, in em, in the widest sans-serif a browser is likely to fall back on
# (DejaVu Sans Bold), rounded up: the picture is laid out without measuring text.
_NARROW = set("ijlftrI.,;:'!|()[] -")
_BROAD = set("MWmw@%")


def text_width(text: str, size: float, bold: bool = True) -> float:
    """An upper estimate of how many px `text` takes at `size` px."""
    ems = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        if unicodedata.east_asian_width(char) in ("W", "F"):
            ems += 1.05
        elif char in _NARROW:
            ems += 0.42
        elif char in _BROAD:
            ems += 1.0
        elif char.isupper() or char.isdigit():
            ems += 0.78
        else:
            ems += 0.66
    return ems * size * (1.0 if bold else 0.92)


def _shorten(text: str) -> str:
    words = text.split()
    kept: list[str] = []
    for word in words:
        if display_width(" ".join([*kept, word])) > LINK_LABEL_COLUMNS - 1:
            return " ".join(kept) + " …"
        kept.append(word)
    return " ".join(kept)


def _wrap(text: str, columns: int) -> list[str]:
    """Words into lines of at most `columns` display columns (a longer word gets its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and display_width(lines[-1]) + 1 + display_width(word) <= columns:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]
