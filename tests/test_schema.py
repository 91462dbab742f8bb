"""The sector schema: valid against its metaschema, documented, strict, and offline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

from sectorlint import schema, source


def subschemas(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema that describes a named property or a definition."""
    for group in ("properties", "$defs"):
        for name, child in node.get(group, {}).items():
            yield f"{where}/{group}/{name}", child
            yield from subschemas(child, f"{where}/{group}/{name}")
    if isinstance(node.get("items"), dict):
        yield from subschemas(node["items"], f"{where}/items")


def test_schema_passes_its_metaschema() -> None:
    Draft202012Validator.check_schema(schema.sector_schema())
    assert schema.sector_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_property_has_a_title_and_a_description() -> None:
    undocumented = [
        where
        for where, node in subschemas(schema.sector_schema())
        if not (node.get("title") and node.get("description"))
    ]
    assert undocumented == []


def test_every_object_rejects_unknown_keys() -> None:
    loose = [
        where
        for where, node in subschemas(schema.sector_schema())
        if node.get("type") == "object" and node.get("additionalProperties") is not False
    ]
    assert loose == []
    assert schema.sector_schema()["additionalProperties"] is False


@pytest.mark.parametrize(
    "required",
    ["id", "name", "summary", "definition", "scope", "core_functions", "tech_dependency",
     "examples", "sources"],
)  # fmt: skip
def test_comparison_aspects_are_required(required: str) -> None:
    assert required in schema.sector_schema()["required"]


def test_ordinal_scales_are_in_order() -> None:
    defs = schema.sector_schema()["$defs"]
    assert defs["scope"]["enum"] == ["narrow", "moderate", "broad"]
    assert defs["tech_level"]["enum"] == ["low", "medium", "high", "very-high"]


def located(text: str) -> list[tuple[str, int, int, str]]:
    parsed = source.parse_text("f.yaml", text)
    assert parsed.document is not None
    return [(p.code, p.line, p.column, p.json_path) for p in schema.validate(parsed.document)]


VALID = """\
id: help-desk
name: Help Desk
summary: First-line technical support.
definition: A team that answers technical questions.
scope: narrow
core_functions: [Technical support]
tech_dependency: high
examples: [Password resets]
sources:
  - title: Notes
"""


def test_a_valid_sector_has_no_problems() -> None:
    assert located(VALID) == []


def test_bad_ordinal_points_at_the_value() -> None:
    text = VALID.replace("tech_dependency: high", "tech_dependency: hihg")
    assert located(text) == [("S004", 7, 18, "$.tech_dependency")]


def test_typo_key_points_at_the_key_and_suggests_the_right_one() -> None:
    text = VALID.replace("examples:", "exmaples:")
    parsed = source.parse_text("f.yaml", text)
    assert parsed.document is not None
    problems = schema.validate(parsed.document)
    assert [(p.code, p.line, p.column) for p in problems] == [("S001", 1, 1), ("S002", 8, 1)]
    assert "did you mean 'examples'?" in problems[1].message


def test_missing_nested_key_points_at_the_mapping_that_lacks_it() -> None:
    text = VALID + "relations:\n  overlaps_with:\n    - sector: it\n"
    assert located(text) == [("S001", 13, 7, "$.relations.overlaps_with[0]")]


def test_wrong_type_points_at_the_value() -> None:
    text = VALID.replace("examples: [Password resets]", "examples: Password resets")
    assert located(text) == [("S003", 8, 11, "$.examples")]


def test_messages_never_echo_a_huge_value() -> None:
    text = VALID.replace("scope: narrow", "scope: " + "x" * 100_000)
    parsed = source.parse_text("f.yaml", text)
    assert parsed.document is not None
    (problem,) = schema.validate(parsed.document)
    assert len(problem.message) < 300


def test_remote_refs_are_never_fetched() -> None:
    validator = schema.compile_validator(
        {"$schema": "https://json-schema.org/draft/2020-12/schema",
         "$ref": "https://example.invalid/remote.json"}
    )  # fmt: skip
    with pytest.raises(Unresolvable):
        validator.validate({})


def test_duplicate_item_points_at_the_repeat() -> None:
    text = VALID.replace(
        "examples: [Password resets]", "examples: [Password resets, Login, Password resets]"
    )
    assert located(text) == [("S007", 8, 36, "$.examples[2]")]


def test_wrong_type_is_reported_once() -> None:
    text = VALID + "industry_focus: [specialized]\n"
    assert [code for code, *_ in located(text)] == ["S003"]


@pytest.mark.parametrize(
    ("date", "ok"),
    [
        ("2023", True),
        ("2023-02", True),
        ("2024-01-31", True),
        ("2023-02-30", False),
        ("2023-13", False),
        ("23", False),
    ],
)
def test_source_dates(date: str, ok: bool) -> None:
    problems = located(VALID.replace("  - title: Notes", f"  - title: Notes\n    date: {date}"))
    assert (problems == []) is ok


def test_json_paths_quote_keys_that_are_not_plain_names() -> None:
    parsed = source.parse_text("f.yaml", VALID + "'1.0': x\n")
    assert parsed.document is not None
    (problem,) = schema.validate(parsed.document)
    assert problem.json_path == "$['1.0']"
