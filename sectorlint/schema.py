"""Load the sector schema once and turn its validation errors into located problems."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from sectorlint.document import Document, JsonPath
from sectorlint.problem import Problem, dotted, json_path_text

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
def _validator() -> Any:
    return compile_validator(sector_schema())


@cache
def _fast_validator() -> Any:
    """jsonschema-rs, about 150 times faster, says whether a document is valid; jsonschema
    explains the documents that are not. A test holds the two to the same verdicts."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a platform without its wheels
        return None
    return jsonschema_rs.validator_for(sector_schema())


def is_valid(data: Any) -> bool:
    fast = _fast_validator()
    return (
        bool(fast.is_valid(data)) if fast is not None else not any(_validator().iter_errors(data))
    )


def validate(document: Document) -> list[Problem]:
    """Every schema violation in the document, each at the key or value it concerns."""
    if is_valid(document.data):
        return []
    problems: list[Problem] = []
    seen_required: set[JsonPath] = set()
    errors = list(_validator().iter_errors(document.data))
    # A value of the wrong type fails its other checks too; the type error says it all.
    wrong_type = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    for error in errors:
        path: JsonPath = tuple(error.absolute_path)
        if path in wrong_type and error.validator != "type":
            continue
        if error.validator == "required":
            if path in seen_required:
                continue  # one problem per mapping lists every missing key
            seen_required.add(path)
        problems.extend(_problems_for(document, error, path))
    return sorted(problems)


def _problems_for(document: Document, error: Any, path: JsonPath) -> Iterator[Problem]:
    kind, value, expected = error.validator, error.instance, error.validator_value
    where = f"{dotted(path)}: " if path else ""
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in value:
            if key not in allowed:
                key_path = (*path, key)
                message = f"{where}unknown key '{key}'{_did_you_mean(key, allowed, value)}"
                yield _problem(document, "S002", message, key_path, at_key=True)
        return
    if kind == "required":
        missing = [name for name in expected if name not in value]
        names = ", ".join(f"'{name}'" for name in missing)
        plural = "keys" if len(missing) > 1 else "key"
        message = f"{where or 'top level: '}missing required {plural} {names}"
        yield _problem(document, "S001", message, path, at_key=True)
        return
    if kind == "uniqueItems":
        index = _first_repeat(value)
        message = f"{where}repeats item {value.index(value[index]) + 1}: {_short(value[index])}"
        yield _problem(document, "S007", message, (*path, index), at_key=False)
        return
    code, text = _describe(kind, value, expected, error.schema)
    yield _problem(document, code, f"{where}{text}", path, at_key=False)


def _describe(kind: str, value: Any, expected: Any, schema: dict[str, Any]) -> tuple[str, str]:
    if kind == "type":
        return "S003", f"expected {_type_name(expected)}, got {_type_name(_json_type(value))}"
    if kind in ("enum", "const"):
        options = expected if kind == "enum" else [expected]
        listed = ", ".join(str(o) for o in options)
        hint = _did_you_mean(value, [str(o) for o in options]) if isinstance(value, str) else ""
        return "S004", f"{_short(value)} is not allowed; expected one of: {listed}{hint}"
    if kind == "pattern":
        form = schema.get("description") or f"matching {expected}"
        return "S005", f"{_short(value)} does not have the expected form: {form}"
    if kind in ("minLength", "minItems"):
        if expected == 1:
            return "S006", "must not be empty"
        unit = "characters" if kind == "minLength" else "items"
        return "S006", f"needs at least {expected} {unit}"
    if kind in ("maxLength", "maxItems"):
        unit = "characters" if kind == "maxLength" else "items"
        return "S006", f"is too long: at most {expected} {unit}, got {len(value)}"
    return "S099", f"violates '{kind}' ({_short(expected)})"


def _problem(
    document: Document, code: str, message: str, path: JsonPath, *, at_key: bool
) -> Problem:
    span = document.key_span(path) if at_key else document.value_span(path)
    return Problem(document.path, span, code, message, json_path=json_path_text(path))


def _did_you_mean(word: str, options: list[str], exclude: Any = ()) -> str:
    candidates = [o for o in options if o not in exclude]
    normal = {o.lower().replace("_", "-").replace(" ", "-"): o for o in candidates}
    key = word.lower().replace("_", "-").replace(" ", "-")
    if key in normal:
        return f" (did you mean '{normal[key]}'?)"
    import difflib  # only a problem needs a suggestion

    close = difflib.get_close_matches(key, list(normal), n=1, cutoff=0.6)
    return f" (did you mean '{normal[close[0]]}'?)" if close else ""


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


def _short(value: Any, limit: int = 60) -> str:
    """A bounded repr: messages never echo a whole (possibly huge) value."""
    if isinstance(value, (dict, list)):
        kind = "mapping" if isinstance(value, dict) else "list"
        return f"a {kind} of {len(value)} item{'s' if len(value) != 1 else ''}"
    text = repr(value[: limit + 1] if isinstance(value, str) else value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _first_repeat(items: list[Any]) -> int:
    """The index of the first item that repeats an earlier one."""
    for index, item in enumerate(items):
        if item in items[:index]:
            return index
    return 0
