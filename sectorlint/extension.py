"""A team's own additions to the sector model, from `[tool.sectorlint.schema]`.

```toml
[tool.sectorlint.schema.extend-values]      # more values for the model's closed lists
channels = ["ticketing"]
delivery_models = ["in-house"]

[tool.sectorlint.schema.fields.sla_hours]   # a field of the team's own
type = "integer"                            # text, integer, number, boolean, date, list
description = "Hours within which a ticket gets its first answer."
title = "First answer (hours)"              # optional: the label `render` shows
values = ["..."]                            # optional, for text and list: the allowed values
```

The extended schema is what `check` validates, what `sectorlint schema` prints for editors, and
what `fmt` and `render` read. Values added to an ordinal scale (`scope`, `tech_dependency`,
`skill_level`) need their place on it too: set the scale's order under `[taxonomy] scales`.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from typing import Any

KEYS = ("extend-values", "fields")
_FIELD_KEYS = {"type", "description", "title", "values"}
_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$")
_TYPES: dict[str, dict[str, Any]] = {
    "text": {"type": "string", "minLength": 1, "maxLength": 2000},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "list": {"type": "array", "minItems": 1, "uniqueItems": True},
}


class ExtensionError(ValueError):
    """An extension that cannot be applied; the message names the key."""


@cache
def extended_schema(extension: str) -> dict[str, Any]:
    """The sector schema with the extension given as canonical JSON; one copy per extension,
    shared by every reader."""
    from sectorlint.schema import sector_schema

    return extended(sector_schema(), json.loads(extension))


def check(table: Any) -> dict[str, Any]:
    """The `[schema]` table, its shape checked (so a bad one fails when the config is read)."""
    if not isinstance(table, dict):
        raise ExtensionError("'schema' must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ExtensionError(f"schema: unknown key '{unknown[0]}' (known: {', '.join(KEYS)})")
    for name, table_of in (("extend-values", dict), ("fields", dict)):
        if not isinstance(table.get(name, {}), table_of):
            raise ExtensionError(f"schema.{name} must be a table")
    return table


def extended(base: dict[str, Any], table: dict[str, Any]) -> dict[str, Any]:
    """`base` (the shipped sector schema) with the team's values and fields added."""
    schema = copy.deepcopy(base)
    for key, values in table.get("extend-values", {}).items():
        _add_values(schema, key, values)
    for name, spec in table.get("fields", {}).items():
        schema["properties"][name] = _field(schema, name, spec)
        schema["properties"]["omitted"]["propertyNames"]["enum"].append(name)  # may be omitted
    return schema


def _add_values(schema: dict[str, Any], key: str, values: Any) -> None:
    where = f"schema.extend-values.{key}"
    if not isinstance(values, list) or not values:
        raise ExtensionError(f"{where} must be a non-empty list of values")
    enum = _enum_node(schema, key)
    if enum is None:
        closed = ", ".join(k for k in schema["properties"] if _enum_node(schema, k) is not None)
        raise ExtensionError(
            f"{where}: '{key}' has no closed list of values (those that do: {closed})"
        )
    for value in values:
        if not isinstance(value, str) or not _SLUG.match(value):
            raise ExtensionError(
                f"{where}: {value!r} must be lowercase words joined by hyphens, e.g. 'in-house'"
            )
        if value in enum["enum"]:
            raise ExtensionError(f"{where}: '{value}' is already allowed")
        enum["enum"].append(value)


def _enum_node(schema: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The schema node holding the allowed values of `key` (itself, or its list's items)."""
    node = schema["properties"].get(key)
    if not isinstance(node, dict):
        return None
    node = _resolved(schema, node)
    if node.get("type") == "array":
        node = _resolved(schema, node.get("items", {}))
    return node if isinstance(node.get("enum"), list) else None


def _resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/"):
        resolved: dict[str, Any] = schema["$defs"][ref.removeprefix("#/$defs/")]
        return resolved
    return node


def _field(schema: dict[str, Any], name: str, spec: Any) -> dict[str, Any]:
    where = f"schema.fields.{name}"
    if not _SLUG.match(name) or "-" in name:
        raise ExtensionError(f"{where}: a field name is lowercase words joined by '_'")
    if name in schema["properties"]:
        raise ExtensionError(f"{where}: '{name}' is a field of the model already")
    if not isinstance(spec, dict):
        raise ExtensionError(f"{where} must be a table with a type and a description")
    unknown = sorted(set(spec) - _FIELD_KEYS)
    if unknown:
        raise ExtensionError(f"{where}: unknown key '{unknown[0]}'")
    kind = spec.get("type")
    if kind not in _TYPES:
        raise ExtensionError(f"{where}.type must be one of {', '.join(_TYPES)}, not {kind!r}")
    description = spec.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ExtensionError(f"{where}.description is required: say what the field holds")
    title = spec.get("title", name.replace("_", " ").capitalize())
    if not isinstance(title, str) or not title.strip():
        raise ExtensionError(f"{where}.title must be a non-empty text")
    node = {"title": title, "description": description, **copy.deepcopy(_TYPES[kind])}
    if kind == "list":
        node["items"] = {"type": "string", "minLength": 1}
    if "values" in spec:
        _add_enum(node, spec["values"], kind, where)
    return node


def _add_enum(node: dict[str, Any], values: Any, kind: str, where: str) -> None:
    if kind not in ("text", "list"):
        raise ExtensionError(f"{where}.values go with type text or list, not {kind}")
    if (
        not isinstance(values, list)
        or not values
        or not all(isinstance(v, str) and v.strip() for v in values)
    ):
        raise ExtensionError(f"{where}.values must be a non-empty list of non-empty texts")
    target = node["items"] if kind == "list" else node
    target.pop("minLength", None)
    target.pop("maxLength", None)
    target["enum"] = list(dict.fromkeys(values))
