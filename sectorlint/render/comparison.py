"""The normalized comparison: sectors as columns, aspects as rows, every value in one form.

Pure data built from the model; each output format only lays it out. Normalizing here (canonical
sector names, ordinal labels such as "Very high", list items joined one way, "—" for nothing)
keeps every format saying the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sectorlint.model import Model, Sector

EMPTY_CELL = "—"
LIST_JOINER = ", "


@dataclass(frozen=True)
class Cell:
    text: str  # the whole value as one line of text ("—" when there is none)
    items: tuple[str, ...]  # the value's parts, where it is a list


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: tuple[Cell, ...]  # one per column, in column order


@dataclass(frozen=True)
class Column:
    id: str
    name: str
    label: str  # what a table header shows: the short name, else the name
    path: str


@dataclass(frozen=True)
class Link:
    source: str
    kind: str  # subset_of | overlaps_with | supports
    target: str
    via: str | None
    how: str | None = None  # what a supporting sector provides


@dataclass(frozen=True)
class Comparison:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    links: tuple[Link, ...]  # relations among the shown sectors


class RenderError(ValueError):
    """A request the content cannot satisfy (an unknown sector or aspect)."""


def _text(key: str) -> Callable[[Sector, Model], Cell]:
    def cell(sector: Sector, model: Model) -> Cell:
        return _single(sector.text(key))

    return cell


def _list(key: str) -> Callable[[Sector, Model], Cell]:
    """A list cell, its items as written (a lowered first letter would mangle names: Amazon)."""

    def cell(sector: Sector, model: Model) -> Cell:
        return _many([_clean(item) for _, item in sector.strings(key)])

    return cell


def _ordinal(key: str) -> Callable[[Sector, Model], Cell]:
    def cell(sector: Sector, model: Model) -> Cell:
        value = sector.data.get(key)
        if model.taxonomy.rank(key, value) is None:
            return _single("")
        level = label(str(value))
        detail = _clean(sector.text(f"{key}_detail")).rstrip(".")
        return _single(f"{level} ({detail})" if detail else level)

    return cell


def _relations(kind: str) -> Callable[[Sector, Model], Cell]:
    def cell(sector: Sector, model: Model) -> Cell:
        items = []
        for relation in sector.relations_of(kind):
            target = model.by_id.get(relation.target)
            name = column_label(target) if target is not None else relation.target
            items.append(f"{name} through {relation.via}" if relation.via else name)
        return _many(items)

    return cell


def _enum_cell(key: str) -> Callable[[Sector, Model], Cell]:
    def cell(sector: Sector, model: Model) -> Cell:
        value = sector.data.get(key)
        return _single(label(value) if isinstance(value, str) else "")

    return cell


def _enum_list(key: str) -> Callable[[Sector, Model], Cell]:
    def cell(sector: Sector, model: Model) -> Cell:
        return _many([label(item) for _, item in sector.strings(key)])

    return cell


# key -> (row label, how a sector's cell is made). The first ones are the default rows.
ASPECTS: dict[str, tuple[str, Callable[[Sector, Model], Cell]]] = {
    "definition": ("Definition", _text("summary")),
    "scope": ("Scope", _ordinal("scope")),
    "core_functions": ("Core functions", _list("core_functions")),
    "tech_dependency": ("Dependency on technology", _ordinal("tech_dependency")),
    "examples": ("Examples", _list("examples")),
    "subset_of": ("Subset of", _relations("subset_of")),
    "overlaps_with": ("Overlaps with", _relations("overlaps_with")),
    "supports": ("Supports", _relations("supports")),
    "full_definition": ("Full definition", _text("definition")),
    "service_areas": ("Service areas", _enum_list("service_areas")),
    "delivery_models": ("Delivery models", _enum_list("delivery_models")),
    "channels": ("Channels", _enum_list("channels")),
    "operating_formats": ("Operating formats", _enum_list("operating_formats")),
    "industry_focus": ("Industry focus", _enum_cell("industry_focus")),
    "offerings": ("Offerings", _list("offerings")),
    "careers": ("Careers", _list("careers")),
    "skill_level": ("Skill level", _ordinal("skill_level")),
}
DEFAULT_ASPECTS = (
    "definition", "scope", "core_functions", "tech_dependency", "examples",
    "subset_of", "overlaps_with", "supports",
)  # fmt: skip

# Sections compared side by side, item by item: key -> (title, how one item reads).
SECTIONS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "benefits": ("Benefits", lambda i: _point(i, "title", "detail")),
    "challenges": ("Challenges", lambda i: _point(i, "title", "detail")),
    "trends": ("Future trends", lambda i: _point(i, "title", "detail")),
    "faqs": ("FAQs", lambda i: _point(i, "question", "answer")),
    "careers": ("Careers", lambda i: i if isinstance(i, str) else ""),
    "features": ("Features", lambda i: i if isinstance(i, str) else ""),
    "use_cases": ("Industries and use cases", lambda i: _point(i, "industry", "example")),
    "combined_use": ("Combined use", lambda i: _point(i, "setting", "role")),
}


def build(
    model: Model,
    sector_ids: list[str] | None = None,
    aspects: list[str] | None = None,
    section: str | None = None,
) -> Comparison:
    if section is not None and aspects:
        raise RenderError("choose either --aspects or --section, not both")
    sectors = _pick_sectors(model, sector_ids)
    columns = tuple(Column(s.id, s.text("name") or s.id, column_label(s), s.path) for s in sectors)
    if section is not None:
        title, rows = _section_rows(sectors, section)
    else:
        title, rows = "Sector comparison", _aspect_rows(model, sectors, aspects)
    shown = {s.id for s in sectors}
    links = tuple(
        Link(s.id, r.kind, r.target, r.via, _how(s, r.path))
        for s in sectors
        for r in s.relations
        if r.target in shown and r.target != s.id
    )
    return Comparison(title, columns, tuple(rows), links)


def _how(sector: Sector, path: tuple[str | int, ...]) -> str | None:
    entry: Any = sector.data
    for part in path:
        entry = entry[part]
    how = entry.get("how") if isinstance(entry, dict) else None
    return _clean(how) if isinstance(how, str) else None


def column_label(sector: Sector) -> str:
    return sector.text("short_name") or sector.text("name") or sector.id


def label(value: str) -> str:
    """An ordinal or enum value as a reader sees it: `very-high` -> `Very high`."""
    return value.replace("-", " ").capitalize()


def _pick_sectors(model: Model, sector_ids: list[str] | None) -> list[Sector]:
    if not sector_ids:
        return sorted(model.by_id.values(), key=lambda s: s.id)
    unknown = [i for i in sector_ids if i not in model.by_id]
    if unknown:
        known = ", ".join(sorted(model.by_id))
        raise RenderError(f"no sector with id '{unknown[0]}' (known: {known})")
    return [model.by_id[i] for i in dict.fromkeys(sector_ids)]


def _aspect_rows(model: Model, sectors: list[Sector], aspects: list[str] | None) -> list[Row]:
    keys = aspects or list(DEFAULT_ASPECTS)
    known = {**ASPECTS, **_fields_of_their_own(model)}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise RenderError(f"no aspect '{unknown[0]}' (known: {', '.join(known)})")
    rows = []
    for key in dict.fromkeys(keys):
        label, make = known[key]
        rows.append(Row(key, label, tuple(_or_omitted(make(s, model), s, key) for s in sectors)))
    return rows


def _fields_of_their_own(model: Model) -> dict[str, tuple[str, Callable[[Sector, Model], Cell]]]:
    """Rows for the schema's other keys, by their titles: the fields a project adds
    (`[schema.fields]`) among them, and lists of points by their titles."""
    properties = model.taxonomy.schema["properties"]
    return {
        key: (str(node.get("title", key)), _any(key))
        for key, node in properties.items()
        if key not in ASPECTS and key not in _NOT_ASPECTS
    }


_NOT_ASPECTS = ("$schema", "id", "name", "short_name", "aliases", "relations", "omitted", "sources")


def _any(key: str) -> Callable[[Sector, Model], Cell]:
    """A cell for a value of any plain type: text as it is, numbers and yes/no, list items."""

    def cell(sector: Sector, model: Model) -> Cell:
        value = sector.data.get(key)
        if isinstance(value, list):
            return _many([_clean(_plain(item)) for item in value])
        return _single(_plain(value))

    return cell


def _plain(value: Any) -> str:
    """A value as one phrase; a mapping (a benefit, an FAQ) by its title or first text."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        texts = [v for v in value.values() if isinstance(v, str)]
        return str(value.get("title", texts[0] if texts else ""))
    return str(value) if isinstance(value, (str, int, float)) else ""


def _or_omitted(cell: Cell, sector: Sector, key: str) -> Cell:
    """An empty cell says why, where the sector says under `omitted` why it lists nothing."""
    omitted = sector.data.get("omitted")
    reason = omitted.get(key) if isinstance(omitted, dict) and not cell.items else None
    if not isinstance(reason, str) or not reason.strip():
        return cell
    return _single(f"Not listed ({_clean(reason).rstrip('.')})")


def _section_rows(sectors: list[Sector], section: str) -> tuple[str, list[Row]]:
    if section not in SECTIONS:
        raise RenderError(f"no section '{section}' (known: {', '.join(SECTIONS)})")
    title, read = SECTIONS[section]
    lists = [_items(s.data.get(section), read) for s in sectors]
    depth = max((len(items) for items in lists), default=0)
    rows = [
        Row(
            f"{section}[{i}]",
            str(i + 1),
            tuple(_single(items[i] if i < len(items) else "") for items in lists),
        )
        for i in range(depth)
    ]
    return title, rows


def _items(value: Any, read: Callable[[Any], str]) -> list[str]:
    return [_clean(read(item)) for item in value] if isinstance(value, list) else []


def _point(item: Any, head: str, body: str) -> str:
    if not isinstance(item, dict):
        return ""
    first, second = item.get(head), item.get(body)
    parts = [str(p).strip() for p in (first, second) if isinstance(p, str) and p.strip()]
    return " — ".join(parts)


def _single(text: str) -> Cell:
    text = _clean(text)
    return Cell(text or EMPTY_CELL, (text,) if text else ())


def _many(items: list[str]) -> Cell:
    """Items joined one way, each as written: `Payroll, Accounting, Customer service`."""
    items = [i for i in items if i]
    return Cell(LIST_JOINER.join(items) or EMPTY_CELL, tuple(items))


def _clean(text: str) -> str:
    return " ".join(text.split())
