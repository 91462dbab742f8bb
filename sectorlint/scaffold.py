"""`sectorlint new ID`: a new sector file, written from the sector model itself.

The template holds every key of the model, the project's own fields too, in the order `fmt`
writes them, each under a comment saying what it means and which values it takes (the schema's
titles and descriptions, the taxonomy's scales). What only the author can know is a `TODO`, so
that `sectorlint check` lists what is left to fill in, each at its line: placeholders (C003),
and, where the model admits no placeholder (a closed list of values, a web address, a date),
the schema's own message with the values allowed. `omitted` is written as a commented example:
it is used instead of an aspect, never beside it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sectorlint.files import write_atomically
from sectorlint.scalars import resolve_plain
from sectorlint.schema import SCHEMA_FILE, compile_validator, schema_dir
from sectorlint.suggest import normal, suggestion

if TYPE_CHECKING:
    from sectorlint.config import Config
    from sectorlint.model import Model, Sector
    from sectorlint.taxonomy import Taxonomy

PLACEHOLDER = "TODO"
_WIDTH = 100  # the project's line length
_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")
_EDITORS_ONLY = ("$schema",)  # the editor schema line at the top does its job
_INSTEAD_OF_ASPECTS = ("omitted",)  # used in place of a listed aspect: a commented example
_NAMES = {"name": "name", "short_name": "abbreviation", "aliases": "another name"}
_TYPE_WORDS = {"integer": "a whole number", "number": "a number", "boolean": "true or false"}


def new_sector(
    sector_id: str, *, name: str | None, subset_of: str | None, config: Config
) -> tuple[Path, str]:
    """Where the new sector's file goes (`ID.yaml` in the first content root) and its text.

    ValueError, with what to write instead, for an id the schema refuses, an id or name a
    sector of the content set already has (or a file already at that place), and a
    `subset_of` that names no sector of the set. A content root that does not exist yet is no
    error: `write_new` creates it.
    """
    taxonomy = config.taxonomy()
    _check_id(sector_id, taxonomy)
    if name is not None:
        _check_value("name", name, taxonomy)
    roots = config.content_root_paths()
    path = roots[0] / f"{sector_id}.yaml"
    model = _content_set(roots, config)
    _refuse_taken(sector_id, name, path, model)
    parent = _parent(subset_of, model) if subset_of is not None else None
    template = _Template(sector_id, name, parent, model, taxonomy)
    return path, _modeline(path, model, config) + template.text()


def write_new(path: Path, text: str) -> None:
    """Write the new file in one step, creating its folder; never over an existing file
    (FileExistsError, naming it)."""
    if os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, f"{path} exists already", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)


# --- what is refused -----------------------------------------------------------------------


def _check_id(sector_id: str, taxonomy: Taxonomy) -> None:
    if not _refusals("id", sector_id, taxonomy):
        return
    slug = _resolved(taxonomy.schema, taxonomy.schema["properties"]["id"])
    good = re.sub(r"[^a-z0-9-]+", "", normal(sector_id))
    good = "-".join(part for part in good.split("-") if part)[: slug.get("maxLength", 64)]
    hint = f"; did you mean '{good}'?" if good and not _refusals("id", good, taxonomy) else ""
    raise ValueError(
        f"'{sector_id}' is not a sector id: an id is lowercase letters and digits, words joined "
        f"by single hyphens, at most {slug.get('maxLength', 64)} characters, e.g. 'call-center' "
        f"(pattern {slug.get('pattern', '')}){hint}"
    )


def _check_value(key: str, value: str, taxonomy: Taxonomy) -> None:
    refused = _refusals(key, value, taxonomy)
    if refused:
        raise ValueError(f"--{key} {json.dumps(value, ensure_ascii=False)}: {refused[0]}")


def _refusals(key: str, value: Any, taxonomy: Taxonomy) -> list[str]:
    """What the schema says against `value` as the sector's `key` (nothing: it is fine)."""
    schema = taxonomy.schema
    node = {**schema["properties"][key], "$defs": schema.get("$defs", {})}
    return [error.message for error in compile_validator(node).iter_errors(value)]


def _content_set(roots: list[Path], config: Config) -> Model | None:
    """The sectors of the content set (None when none of its roots exists yet)."""
    from sectorlint import engine  # reading the set is what costs; checks above come first

    existing = [str(root) for root in roots if root.is_dir()]
    if not existing:
        return None
    return engine.run(existing, engine.Options(config=config)).model


def _refuse_taken(sector_id: str, name: str | None, path: Path, model: Model | None) -> None:
    if model is not None:
        for wanted, what in ((sector_id, "id"), (name, "name")):
            holder = model.resolve(wanted) if wanted is not None else None
            if holder is not None:
                how = "the id" if holder.id == wanted else "a name"
                raise ValueError(
                    f"{what} '{wanted}' is taken: it is {how} of sector '{holder.id}' "
                    f"({_shown(Path(holder.path))}); choose another {what}"
                )
    if os.path.lexists(path):
        raise ValueError(f"{_shown(path)} exists already; it is not overwritten")


def _parent(subset_of: str, model: Model | None) -> Sector:
    """The sector `--subset-of` names, by its id (or its name or alias, which mean the same)."""
    found = model.resolve(subset_of) if model is not None else None
    if found is not None:
        return found
    ids = list(model.by_id) if model is not None else []
    meant = suggestion(subset_of, ids)
    hint = f" (did you mean '{meant}'?)" if meant is not None else ""
    known = f"; the sectors are: {', '.join(sorted(ids))}" if 0 < len(ids) <= 12 else ""
    if not ids:
        known = "; the content set has no sectors yet"
    raise ValueError(f"--subset-of '{subset_of}' names no sector of the content set{hint}{known}")


def _shown(path: Path) -> str:
    """`path` relative to the working directory where it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- the editor schema line --------------------------------------------------------------


def _modeline(path: Path, model: Model | None, config: Config) -> str:
    """The line that has the YAML language server check the file as it is typed: where the
    set's files point (they know where the team keeps its schema); else the schema sectorlint
    ships, where it lies in the project and the project adds nothing to it; else how to make
    one."""
    schema = _schema_of_the_set(path, model) or _shipped_schema(path, config)
    if schema is not None:
        return f"# yaml-language-server: $schema={schema}\n"
    return (
        "# For your editor to check this file as you type, save the schema in the project\n"
        "# (`sectorlint schema > sector.schema.json`) and make this the first line:\n"
        "# yaml-language-server: $schema=<the path from this file to sector.schema.json>\n"
    )


def _schema_of_the_set(path: Path, model: Model | None) -> str | None:
    if model is None:
        return None
    # the files beside the new one first: their path to the schema is the new file's too
    files = sorted((Path(s.path) for s in model.sectors), key=lambda p: p.parent != path.parent)
    for file in files[:20]:
        try:
            with file.open(encoding="utf-8", errors="replace") as stream:
                first = stream.readline()
        except OSError:
            continue
        found = _MODELINE.match(first)
        if found is None:
            continue
        target = found.group(1)
        if "://" in target or os.path.isabs(target) or file.parent == path.parent:
            return target  # as the files beside it write it
        return Path(os.path.relpath(file.parent / target, path.parent)).as_posix()
    return None


def _shipped_schema(path: Path, config: Config) -> str | None:
    shipped = (schema_dir() / SCHEMA_FILE).resolve()
    if config.schema_extension or not shipped.is_relative_to(config.root.resolve()):
        return None  # the editor would check against a model the project does not use
    folder = path.parent.resolve() if path.parent.exists() else path.parent.absolute()
    return Path(os.path.relpath(shipped, folder)).as_posix()


# --- the template ------------------------------------------------------------------------


class _Template:
    """The text of a new sector: every key of the model under its comment."""

    def __init__(
        self,
        sector_id: str,
        name: str | None,
        parent: Sector | None,
        model: Model | None,
        taxonomy: Taxonomy,
    ) -> None:
        self.taxonomy = taxonomy
        self.schema = taxonomy.schema
        self.known = {"id": sector_id, "name": name}
        self.parent = parent
        self.model = model
        self.relations = _relations(sector_id, parent, model, taxonomy)
        self.lines: list[str] = []

    def text(self) -> str:
        self._say(
            "A new sector. Replace each TODO, choose among the values each comment lists, and "
            "delete the optional keys that do not apply; `sectorlint check` lists what is left "
            "to fill in."
        )
        required = self.schema.get("required", [])
        for key, node in self.schema["properties"].items():
            if key in _EDITORS_ONLY:
                continue
            self.lines.append("")
            self._key(key, node, key in required)
        return "\n".join(self.lines) + "\n"

    def _say(self, text: str, indent: str = "", first: str = "") -> None:
        """A comment, wrapped to the line length."""
        self.lines += textwrap.wrap(
            text,
            _WIDTH,
            initial_indent=f"{indent}# {first}",
            subsequent_indent=f"{indent}# ",
            break_on_hyphens=False,
            break_long_words=False,
        )

    def _key(self, key: str, node: dict[str, Any], required: bool) -> None:
        resolved = _resolved(self.schema, node)
        self._say(_meaning(node, resolved, required))
        for note in self._notes(key, node, resolved):
            self._say(note)
        if key in _INSTEAD_OF_ASPECTS:
            self._omitted_example(resolved)
        elif key == "relations":
            self._relations(resolved)
        else:
            self.lines += _value_lines(key, resolved, self.schema, self._known(key))

    def _known(self, key: str) -> Any:
        """What the new file can say already at `key`: the id, `--name`, the one value a part
        of the parent sector may take; else None."""
        if self.known.get(key) is not None:
            return self.known[key]
        if key in _NAMES:
            return self._name_placeholder(key)
        if self.parent is not None and self.model is not None:
            return _as_a_part(key, self.parent, self.model)[1]
        return None

    def _name_placeholder(self, key: str) -> Any:
        """A TODO that names this sector: a name is claimed by the sector that has it, so a
        bare `TODO` would make two new sectors claim one name (R002), and make a relation's
        placeholder read as this sector's name (R001)."""
        text = f"{PLACEHOLDER} {_NAMES[key]} of {self.known['id']}"
        value: Any = [text] if key == "aliases" else text
        return value if not _refusals(key, value, self.taxonomy) else None

    def _notes(self, key: str, node: dict[str, Any], resolved: dict[str, Any]) -> list[str]:
        """What else the author needs to know to fill `key` in: the values it takes (and what
        each means, where the model says), what the items of its list hold, and what being a
        part of the parent sector asks of it."""
        notes = []
        items = resolved.get("items", {}) if resolved.get("type") == "array" else {}
        items = _resolved(self.schema, items)
        values = [str(v) for v in resolved.get("enum") or items.get("enum") or []]
        if values:
            notes.append(self._values(key, values, many=bool(items)))
            explained = (items or resolved).get("description", "")
            if explained != node.get("description") and any(v in explained for v in values):
                notes.append(explained)
        elif items.get("type") == "object":
            notes.append(f"Each item: {_fields(items)}")
        elif resolved.get("type") in _TYPE_WORDS:
            notes.append(f"Write {_TYPE_WORDS[resolved['type']]}.")
        elif resolved.get("format") == "date":
            notes.append("Write a date: YYYY-MM-DD.")
        if self.parent is not None and self.model is not None:
            notes += [note for note, _ in [_as_a_part(key, self.parent, self.model)] if note]
        return notes

    def _values(self, key: str, values: list[str], *, many: bool) -> str:
        scale = self.taxonomy.scales.get(key, ())
        if scale and set(values) <= set(scale):
            ordered = [v for v in scale if v in values]
            return f"One of, on an ordinal scale: {' < '.join(ordered)}."
        if many:
            return f"Any of, one `- value` line each: {', '.join(values)}."
        return f"One of: {', '.join(values)}."

    def _relations(self, node: dict[str, Any]) -> None:
        self._say("Delete the kinds of relation that do not apply.")
        self.lines.append("relations:")
        for kind, child in node.get("properties", {}).items():
            items = _resolved(self.schema, _resolved(self.schema, child).get("items", {}))
            self._say(f"{_meaning(child, child, False)} Each item: {_fields(items)}", "  ")
            for why in self.relations.get(kind, {}).get("why", []):
                self._say(why, "  ")
            entries = self.relations.get(kind, {}).get("entries") or [{}]
            self.lines.append(f"  {kind}:")
            for entry in entries:
                fields = [
                    f"{field}: {_scalar(entry.get(field, _placeholder(field)))}"
                    for field in items.get("properties", {})
                ]
                self.lines += [f"    - {fields[0]}", *(f"      {f}" for f in fields[1:])]

    def _omitted_example(self, node: dict[str, Any]) -> None:
        aspects = node.get("propertyNames", {}).get("enum", [])
        self._say(
            "Use it instead of an aspect, never beside it: delete the aspect's key and give the "
            f"reason here. The aspects: {', '.join(aspects)}. For example:"
        )
        self.lines += ["# omitted:", "#   careers: The roles are those of a call center."]


def _meaning(node: dict[str, Any], resolved: dict[str, Any], required: bool) -> str:
    title = node.get("title") or resolved.get("title", "")
    description = node.get("description") or resolved.get("description", "")
    need = "required" if required else "optional"
    return f"{title} ({need}): {description}"


def _fields(node: dict[str, Any]) -> str:
    """What each field of an object holds: `title` (required): ...; `detail`: ..."""
    required = node.get("required", [])
    described = []
    for field, child in node.get("properties", {}).items():
        need = " (required)" if field in required else ""
        text = child.get("description", "").rstrip(".")
        described.append(f"`{field}`{need}: {text[:1].lower()}{text[1:]}")
    return "; ".join(described) + "."


def _value_lines(key: str, node: dict[str, Any], schema: dict[str, Any], known: Any) -> list[str]:
    """The key with its value: what is known, else a placeholder of the value's shape."""
    if node.get("type") != "array":
        return [f"{key}: {_scalar(_placeholder(key) if known is None else known)}"]
    items = _resolved(schema, node.get("items", {}))
    if items.get("type") != "object":
        values = known if isinstance(known, list) else [_placeholder(key)]
        return [f"{key}:", *(f"  - {_scalar(value)}" for value in values)]
    fields = [f"{field}: {_placeholder(field)}" for field in items.get("properties", {})]
    return [f"{key}:", f"  - {fields[0]}", *(f"    {field}" for field in fields[1:])]


def _placeholder(field: str) -> str:
    """What stands where the author writes: a TODO, in the form of what belongs there."""
    if field == "question":  # a question that ends with "?" is one thing less to fix (C004)
        return f"{PLACEHOLDER}?"
    if field == "sector":  # no sector has this name, whatever the placeholders of the names
        return f"{PLACEHOLDER}-id"
    return PLACEHOLDER


def _scalar(value: str) -> str:
    """`value` as YAML reads it back as this very text: plain where it can be, else quoted."""
    plain = (
        value == value.strip()
        and resolve_plain(value) == value
        and not re.search(r"^[-?:,\[\]{}#&*!|>'\"%@`]|: |:$| #|[\x00-\x1f\x7f]", value)
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def _resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        found: dict[str, Any] = schema["$defs"][ref.removeprefix("#/$defs/")]
        return found
    return node


# --- what being a part of another sector asks ---------------------------------------------


def _relations(
    sector_id: str, parent: Sector | None, model: Model | None, taxonomy: Taxonomy
) -> dict[str, dict[str, list[Any]]]:
    """The relations already known, by kind: `--subset-of`, and those the taxonomy requires
    of this sector (toward sectors of the set), each with the taxonomy's reason."""
    known: dict[str, dict[str, list[Any]]] = {}
    if parent is not None:
        known["subset_of"] = {"entries": [{"sector": parent.id}], "why": []}
    ids = model.by_id if model is not None else {}
    for required in taxonomy.required_relations:
        if required.sector != sector_id or required.target not in ids:
            continue
        kind = known.setdefault(required.kind, {"entries": [], "why": []})
        if all(entry["sector"] != required.target for entry in kind["entries"]):
            entry = {"sector": required.target}
            if required.via is not None:
                entry["via"] = required.via
            kind["entries"].append(entry)
        reason = f" ({required.why.rstrip('.')})" if required.why else ""
        kind["why"].append(f"The taxonomy requires this relation to '{required.target}'{reason}.")
    return known


def _as_a_part(key: str, parent: Sector, model: Model) -> tuple[str, Any]:
    """What the rules ask of a subset of `parent` at `key` (R007, R008, R010), and the value
    `key` must then have where only one is left (else None)."""
    from sectorlint.rules.subset_not_covered import areas_of  # the rule's own reading

    data, taxonomy = parent.data, model.taxonomy
    if key == "scope" and taxonomy.rank("scope", data.get("scope")) is not None:
        scale = taxonomy.scales["scope"]
        allowed = scale[: scale.index(data["scope"]) + 1]
        note = (
            f"As a part of '{parent.id}' (scope {data['scope']}), no broader than it: "
            f"{' or '.join(allowed)}."
        )
        return note, allowed[0] if len(allowed) == 1 else None
    if key in ("service_areas", "core_functions"):
        areas = sorted(areas_of(parent, model))
        if not areas:
            return "", None
        what = "Only areas" if key == "service_areas" else "Only work of the areas"
        note = f"{what} its parent '{parent.id}' covers: {', '.join(areas)}."
        return note, areas if key == "service_areas" and len(areas) == 1 else None
    if key == "definition":
        name = data.get("name") or parent.id
        return (
            f"Say here that it is a part of {name}: the relations say so, and so must the text.",
            None,
        )
    return "", None
