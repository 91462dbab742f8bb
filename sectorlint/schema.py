"""Load the sector schema once and turn its validation errors into located problems."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from sectorlint.document import Document, JsonPath
from sectorlint.problem import Edit, Problem, Replace, Span, dotted, json_path_text

SCHEMA_FILE = "sector.schema.json"


def schema_dir() -> Path:
    """The installed copy inside the package, else `schema/` of a source checkout."""
    packaged = Path(__file__).resolve().parent / "schema"
    if (packaged / SCHEMA_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "schema"


@cache
def schema_text() -> str:
    return (schema_dir() / SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def sector_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


def compile_validator(schema: dict[str, Any]) -> Any:
    """A validator whose `$ref`s resolve inside `schema` only: a hook never reaches the network."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.exceptions import NoSuchResource

    def refuse_remote(uri: str) -> Resource:
        raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # attrs-generated init

    registry: Registry = Registry(retrieve=refuse_remote)  # type: ignore[call-arg]
    if "$id" in schema:
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    return Draft202012Validator(schema, registry=registry)


@cache
def _validator(extension: str = "") -> Any:
    return compile_validator(_schema(extension))


@cache
def _fast_validator(extension: str = "") -> Any:
    """jsonschema-rs, about 150 times faster, says whether a document is valid; jsonschema
    explains the documents that are not. A test holds the two to the same verdicts."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a platform without its wheels
        return None
    return jsonschema_rs.validator_for(_schema(extension))


def _schema(extension: str) -> dict[str, Any]:
    """The schema with a project's extension (canonical JSON, see `extension`; "" for none)."""
    if not extension:
        return sector_schema()
    from sectorlint.extension import extended_schema

    return extended_schema(extension)


def is_valid(data: Any, extension: str = "") -> bool:
    fast = _fast_validator(extension)
    if fast is not None:
        return bool(fast.is_valid(data))
    return not any(_validator(extension).iter_errors(data))


def validate(document: Document, extension: str = "") -> list[Problem]:
    """Every schema violation in the document, each at the key or value it concerns.

    One mistake makes one problem: a value of the wrong type fails its other checks too, and
    a value fails only its most telling check (an empty id is empty, not also ill-formed); a
    misspelt required key is one unknown key, not also a missing one; and a relation's `sector`
    is left to R001, which also knows whether the value names a sector some other way.
    """
    if is_valid(document.data, extension):
        return []
    errors = [
        e
        for e in _validator(extension).iter_errors(document.data)
        if not _left_to_r001(document.data, e)
    ]
    errors = _one_per_value(errors)
    missing = _missing_keys(errors)
    problems: list[Problem] = []
    for error in errors:
        path: JsonPath = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            unknown = [key for key in error.instance if key not in allowed]
            problems += _unknown_keys(document, path, unknown, allowed, missing.get(path, []))
        elif "propertyNames" in error.relative_schema_path:  # a key outside a list of names
            allowed = [str(name) for name in error.validator_value]
            problems += _unknown_keys(document, path, [error.instance], allowed, [])
        elif error.validator != "required":
            problems.append(_problem_for(document, error, path, extension))
    for path, names in missing.items():
        if names:
            problems.append(_missing_problem(document, path, names))
    return sorted(problems)


def relation_kinds() -> list[str]:
    """The kinds of relation the schema defines (`relations.<kind>`)."""
    return list(sector_schema()["properties"]["relations"]["properties"])


def is_valid_relation_target(kind: str, target: str) -> bool:
    """Whether `target` is a well-formed `sector` of a `kind` relation.

    `validate` leaves these values to R001, which reports them (and says which sector a name
    means): the schema still decides what a well-formed one is. Asked for every relation of a
    content set, hence a validator compiled once per kind, and jsonschema-rs where it is.
    """
    return bool(_target_validator(kind)(target))


@cache
def _target_validator(kind: str) -> Callable[[str], bool]:
    sector = _subschema(("relations", kind, 0)).get("properties", {}).get("sector")
    if sector is None:
        return lambda target: True
    standalone = {**sector, "$defs": sector_schema().get("$defs", {})}
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a platform without its wheels
        validator = _validator().evolve(schema=sector)
        return lambda target: not any(validator.iter_errors(target))
    fast: Callable[[str], bool] = jsonschema_rs.validator_for(standalone).is_valid
    return fast


def is_relation_target(path: JsonPath) -> bool:
    """Whether `path` is where a relation names its sector (`relations.<kind>[i].sector`)."""
    return (
        len(path) == 4
        and path[0] == "relations"
        and path[1] in relation_kinds()
        and isinstance(path[2], int)
        and path[3] == "sector"
    )


def _left_to_r001(data: dict[str, Any], error: Any) -> bool:
    """A relation's text `sector` in a file that makes a sector (a text `id`): R001 sees every
    relation of every sector, so it reports the value, once, and names what was meant."""
    return (
        is_relation_target(tuple(error.absolute_path))
        and isinstance(error.instance, str)
        and error.validator != "type"
        and isinstance(data.get("id"), str)
        and bool(data["id"])
    )


# Which check of a single value speaks for it when several fail (lower first). An empty text
# is empty, whatever its pattern; a date of two digits is better told its form than its length.
_VALUE_CHECKS = {"type": 0, "pattern": 2, "enum": 3, "const": 3, "format": 4}


def _rank(error: Any) -> int:
    if error.validator == "minLength" and error.instance == "":
        return 1
    return _VALUE_CHECKS.get(error.validator, 5)


def _one_per_value(errors: list[Any]) -> list[Any]:
    """The errors, with only the most telling one for each value that is not a container (a
    mapping or list keeps them all: each missing key, each unknown key is its own mistake)."""
    best: dict[JsonPath, Any] = {}
    for error in errors:
        path = _value_of(error)
        single = error.validator == "type" or not isinstance(error.instance, (dict, list))
        if single and (path not in best or _rank(error) < _rank(best[path])):
            best[path] = error
    return [e for e in errors if best.get(_value_of(e), e) is e]


def _value_of(error: Any) -> JsonPath:
    """Where the value an error is about sits; a key checked by `propertyNames` is reported
    at its mapping's path, so the key itself is added."""
    path = tuple(error.absolute_path)
    return (*path, error.instance) if "propertyNames" in error.relative_schema_path else path


def _missing_keys(errors: list[Any]) -> dict[JsonPath, list[str]]:
    """The required keys each mapping lacks, in the schema's order."""
    missing: dict[JsonPath, list[str]] = {}
    for error in errors:
        if error.validator == "required":
            names = missing.setdefault(tuple(error.absolute_path), [])
            names += [
                n for n in error.validator_value if n not in error.instance and n not in names
            ]
    return missing


def _unknown_keys(
    document: Document, path: JsonPath, unknown: list[str], allowed: list[str], missing: list[str]
) -> Iterator[Problem]:
    """One problem per unknown key, at the key. A key whose likely meaning is a missing
    required key says so, and that key is taken off `missing`: the typo is the one mistake."""
    from sectorlint.suggest import suggestion  # only a problem needs a suggestion

    where = f"{dotted(path)}: " if path else ""
    present: Any = document.data
    for part in path:
        present = present[part]
    options = [key for key in allowed if key not in present]
    for key in unknown:
        meant = suggestion(key, options)
        if meant is None:
            hint = f"; allowed here: {', '.join(allowed)}" if path and len(allowed) <= 8 else ""
        elif meant in missing:
            hint = f" (did you mean '{meant}'? a required key)"
            missing.remove(meant)
        else:
            hint = f" (did you mean '{meant}'?)"
        message = f"{where}unknown key '{key}'{hint}"
        yield _problem(document, "S002", message, (*path, key), at_key=True)


def _missing_problem(document: Document, path: JsonPath, names: list[str]) -> Problem:
    listed = ", ".join(f"'{name}'" for name in names)
    plural = "keys" if len(names) > 1 else "key"
    where = f"{dotted(path)}: " if path else "top level: "
    return _problem(
        document, "S001", f"{where}missing required {plural} {listed}", path, at_key=True
    )


def _problem_for(document: Document, error: Any, path: JsonPath, extension: str) -> Problem:
    where = f"{dotted(path)}: " if path else ""
    if error.validator == "uniqueItems":
        index = _first_repeat(error.instance)
        first = error.instance.index(error.instance[index]) + 1
        repeat = _short(error.instance[index])
        message = f"{where}item {index + 1} repeats item {first}, {repeat}; remove one"
        return _problem(document, "S007", message, (*path, index), at_key=False)
    code, text = _describe(error, path)
    problem = _problem(document, code, f"{where}{text}", path, at_key=False)
    if error.validator == "enum" and isinstance(error.instance, str):
        problem = problem._replace(fix=_respelt(document, path, error, extension))
    return problem


def _respelt(document: Document, path: JsonPath, error: Any, extension: str) -> Replace | None:
    """The fix `fmt` writes for an enum value in another spelling of an allowed one: only
    where fmt's walk of the schema (`enum_at`) finds the same list of values."""
    new = respelling(error.instance, error.validator_value)
    if new is None or enum_at(_schema(extension), path) != error.validator_value:
        return None
    edit = value_edit(document, path, error.instance, new)
    return (
        None
        if edit is None
        else Replace(document.path, json_path_text(path), (edit,), f"write '{new}'")
    )


def respelling(value: str, allowed: Sequence[Any]) -> str | None:
    """The allowed value `fmt` writes for another spelling of it (`Very High` -> `very-high`:
    case, spaces and underscores aside), None when there is none."""
    candidate = "-".join(value.strip().lower().replace("_", " ").split())
    return candidate if candidate in allowed and candidate != value else None


def enum_at(schema: dict[str, Any], path: JsonPath) -> list[Any] | None:
    """The values the schema allows at `path`, as `fmt` walks it (properties, items and local
    `$ref`s, nothing else), None where it finds no `enum`."""
    node = _walk(schema, schema, path)
    found = node.get("enum")
    return found if isinstance(found, list) else None


def _walk(root: dict[str, Any], node: dict[str, Any], path: JsonPath) -> dict[str, Any]:
    for part in path:
        node = _local(root, node)
        child = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
        if not isinstance(child, dict):
            return {}
        node = child
    return _local(root, node)


def _local(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        found = root.get("$defs", {}).get(ref.removeprefix("#/$defs/"))
        return found if isinstance(found, dict) else {}
    return node


def subschema_at(path: JsonPath, extension: str = "") -> dict[str, Any]:
    """The schema of the value at `path` in the schema with a team's `extension` (canonical
    JSON, "" for none), as an editor describes it: a `$ref` resolved, with the words the
    referring key says of itself (its title, its description) over the definition's; a key of a
    mapping of free names takes `additionalProperties`. Empty where the schema does not say."""
    root = _schema(extension)
    node = root
    for part in path:
        node = _local(root, node)
        if isinstance(part, int):
            child = node.get("items")
        else:
            properties = node.get("properties", {})
            child = properties[part] if part in properties else node.get("additionalProperties")
        if not isinstance(child, dict):
            return {}
        node = child
    return _own_words_over(root, node)


def keys_at(path: JsonPath, extension: str = "") -> dict[str, dict[str, Any]]:
    """The keys the mapping at `path` may hold, in the schema's order, each with its schema
    (`subschema_at`): its `properties`, else the names its `propertyNames` lists. Empty where
    the value there is no mapping of known keys."""
    node = subschema_at(path, extension)
    names = list(node.get("properties", {}))
    listed = node.get("propertyNames", {}).get("enum")
    if not names and isinstance(listed, list):
        names = [str(name) for name in listed]
    return {name: subschema_at((*path, name), extension) for name in names}


def _own_words_over(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    resolved = _local(root, node)
    if resolved is node:
        return node
    return {**resolved, **{key: value for key, value in node.items() if key != "$ref"}}


def value_edit(document: Document, path: JsonPath, old: str, new: str) -> Edit | None:
    """The text edit that writes `new` for the scalar `old` at `path`, in the style it was
    written (plain, or in the same quotes), as fmt writes it; None where fmt would write it in a
    way an edit of this scalar alone cannot say, or a suppression may stop fmt (`fixable`)."""
    span = document.value_spans.get(path)
    if span is None or span.end_line is None or span.end_column is None:
        return None
    if span.end_line != span.line or not fixable(document, span):
        return None
    source = document.text[
        document.offset(span.line, span.column) : document.offset(span.end_line, span.end_column)
    ]
    text = _in_style(source, old, new)
    if text is None:
        return None
    return Edit(span.line, span.column, span.end_line, span.end_column, text)


def _in_style(source: str, old: str, new: str) -> str | None:
    """`new` written as `old` was (`source`): plain, or in the same quotes, nothing escaped."""
    if source == old and _PLAIN_TEXT.match(new) and new.lower() not in _NOT_TEXT:
        return new
    quote = source[:1]
    if quote in ("'", '"') and source == f"{quote}{old}{quote}" and "\\" not in source:
        return None if quote in new or "\\" in new else f"{quote}{new}{quote}"
    return None


# What a plain scalar may be written as and stay the same text (YAML 1.1 would read `no` as
# false, `null` as nothing).
_PLAIN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9 _./()-]*\Z")
_NOT_TEXT = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}


def writes_plain(text: str) -> bool:
    """Whether `text` written as a plain scalar reads back as the same text."""
    return bool(_PLAIN_TEXT.match(text)) and text.lower() not in _NOT_TEXT


def fixable(document: Document, span: Span) -> bool:
    """Whether fmt's normalization of the value at `span` is sure to be written where a
    problem inside it is reported. fmt leaves a value alone when a suppression covers any of
    its lines, the report drops a problem a suppression covers on the problem's own line: for a
    value over several lines they can differ, so one near a `sectorlint:` comment is not
    promised."""
    last = span.end_line or span.line
    if last == span.line or "sectorlint:" not in document.text.lower():
        return True
    lines = document.text.splitlines()[max(span.line - 2, 0) : last]
    return not any("sectorlint:" in line.lower() for line in lines)


def _describe(error: Any, path: JsonPath) -> tuple[str, str]:
    """The code, and what is wrong and what to write, for an error about one value."""
    from sectorlint.forms import FORMS

    kind, value, expected = error.validator, error.instance, error.validator_value
    form = FORMS.get(_form_name(error, path))
    if kind == "type":
        return "S003", _wrong_type(expected, value, path)
    if kind in ("enum", "const"):
        return "S004", _not_allowed(value, expected if kind == "enum" else [expected])
    if form is not None and (
        kind in ("pattern", "format", "minimum", "maximum") or (kind == "minLength" and value)
    ):
        return "S005", form(value)
    if kind == "pattern":
        return "S005", f"{_short(value)} is not in the form this key takes (pattern {expected})"
    if kind in ("minLength", "minItems"):
        return "S006", _too_short(kind, value, expected, path)
    if kind in ("maxLength", "maxItems"):
        unit = "characters" if kind == "maxLength" else "items"
        return "S006", f"{len(value)} {unit}; shorten it to at most {expected}"
    if kind in ("minimum", "maximum"):
        bound = "at least" if kind == "minimum" else "at most"
        return "S099", f"{_short(value)} is out of range; write a number {bound} {expected}"
    return "S099", f"does not meet the schema's '{kind}' rule ({_short(expected)})"


def _form_name(error: Any, path: JsonPath) -> str:
    """The schema's name for the value's form: its `$defs` entry, else its key."""
    for name, definition in sector_schema().get("$defs", {}).items():
        if definition is error.schema or definition == error.schema:  # (an extended copy)
            return str(name)
    return str(path[-1]) if path and isinstance(path[-1], str) else ""


def _wrong_type(expected: str | list[str], value: Any, path: JsonPath) -> str:
    wanted = [expected] if isinstance(expected, str) else expected
    text = f"expected {_type_name(expected)}, got {_type_name(_json_type(value))}"
    if value is None:
        return f"{text}; write a value{_or_remove(path)}"
    if "array" in wanted:
        return f"{text}; write it as a list, one '- item' line per item"
    if "object" in wanted:
        return f"{text}; write it as 'key: value' lines"
    if "string" in wanted and not isinstance(value, (dict, list)):
        return f"{text}; put it in quotes to keep it as text: '{_yaml_scalar(value)}'"
    return text


def _not_allowed(value: Any, options: list[Any]) -> str:
    listed = ", ".join(str(o) for o in options)
    text = f"{_short(value)} is not allowed; expected one of: {listed}"
    if not isinstance(value, str):
        return text
    from sectorlint.suggest import suggestion

    meant = suggestion(value, [str(o) for o in options])
    if meant is None:
        return text
    respelt = respelling(value, options) == meant  # what `sectorlint fmt` rewrites
    return f"{text} (did you mean '{meant}'?{' `sectorlint fmt` rewrites it' if respelt else ''})"


def _too_short(kind: str, value: Any, expected: int, path: JsonPath) -> str:
    if expected == 1:
        what = "empty; write the text" if kind == "minLength" else "empty list; write an item"
        return f"{what}{_or_remove(path)}"
    unit = "characters" if kind == "minLength" else "items"
    return f"{len(value)} {unit}; write at least {expected}"


def _or_remove(path: JsonPath) -> str:
    """`, or remove the key` where the key is optional."""
    if not path or not isinstance(path[-1], str):
        return ""
    required = _subschema(path[:-1]).get("required", [])
    return "" if path[-1] in required else ", or remove the key"


def _subschema(path: JsonPath) -> dict[str, Any]:
    """The schema of the value at `path` (empty where the schema does not say)."""
    node: dict[str, Any] = sector_schema()
    for part in path:
        node = _resolved(node)
        child = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
        if not isinstance(child, dict):
            return {}
        node = child
    return _resolved(node)


def _resolved(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        found: dict[str, Any] = sector_schema()["$defs"][ref.removeprefix("#/$defs/")]
        return found
    return node


def _problem(
    document: Document, code: str, message: str, path: JsonPath, *, at_key: bool
) -> Problem:
    span = document.key_span(path) if at_key else document.value_span(path)
    return Problem(document.path, span, code, message, json_path=json_path_text(path))


_JSON_TYPES = [
    (bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"),
    (list, "array"), (dict, "object"), (type(None), "null"),
]  # fmt: skip
_TYPE_WORDS = {
    "boolean": "true/false", "integer": "a whole number", "number": "a number", "string": "text",
    "array": "a list", "object": "a mapping", "null": "nothing (null)",
}  # fmt: skip


def _json_type(value: Any) -> str:
    return next(name for kind, name in _JSON_TYPES if isinstance(value, kind))


def _type_name(expected: str | list[str]) -> str:
    names = [expected] if isinstance(expected, str) else expected
    return " or ".join(_TYPE_WORDS.get(n, n) for n in names)


def _short(value: Any) -> str:
    from sectorlint.forms import short  # the forms' words load with the first problem only

    return short(value)


def _yaml_scalar(value: Any) -> str:
    """How YAML writes a plain scalar: `true`, `2024`."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _first_repeat(items: list[Any]) -> int:
    """The index of the first item that repeats an earlier one."""
    for index, item in enumerate(items):
        if item in items[:index]:
            return index
    return 0
