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


def rejects_unknown_keys(node: dict[str, Any]) -> bool:
    """No keys but the ones it names: none besides its properties, or only an enum's."""
    names = node.get("propertyNames", {})
    return node.get("additionalProperties") is False or isinstance(names.get("enum"), list)


def test_every_object_rejects_unknown_keys() -> None:
    loose = [
        where
        for where, node in subschemas(schema.sector_schema())
        if node.get("type") == "object" and not rejects_unknown_keys(node)
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


def problems(text: str) -> list[tuple[str, int, int, str]]:
    parsed = source.parse_text("f.yaml", text)
    assert parsed.document is not None
    return [(p.code, p.line, p.column, p.message) for p in schema.validate(parsed.document)]


def test_a_misspelt_required_key_is_one_problem_at_the_key() -> None:
    text = VALID.replace("examples:", "exmaples:")
    assert problems(text) == [
        ("S002", 8, 1, "unknown key 'exmaples' (did you mean 'examples'? a required key)")
    ]


def test_a_misspelt_required_key_leaves_the_other_missing_keys_to_s001() -> None:
    text = VALID.replace("examples:", "exmaples:").replace("scope: narrow\n", "")
    assert problems(text) == [
        ("S001", 1, 1, "top level: missing required key 'scope'"),
        ("S002", 7, 1, "unknown key 'exmaples' (did you mean 'examples'? a required key)"),
    ]


def test_a_misspelt_optional_key_is_one_problem() -> None:
    text = VALID + "scope_detial: First-line questions.\n"
    assert problems(text) == [
        ("S002", 11, 1, "unknown key 'scope_detial' (did you mean 'scope_detail'?)")
    ]


def test_a_key_already_there_is_never_suggested() -> None:
    text = VALID + "summry: Again.\n"
    assert problems(text) == [("S002", 11, 1, "unknown key 'summry'")]


def test_a_misspelt_nested_required_key_is_one_problem() -> None:
    faqs = "  - question: Why?\n    anwser: Because.\n  - question: Who?\n    answer: Me.\n"
    text = VALID + "faqs:\n" + faqs + "    extra: x\n"
    assert problems(text) == [
        ("S002", 13, 5, "faqs[0]: unknown key 'anwser' (did you mean 'answer'? a required key)"),
        ("S002", 16, 5, "faqs[1]: unknown key 'extra'; allowed here: question, answer"),
    ]


def test_keys_outside_a_list_of_names_are_each_an_unknown_key() -> None:
    text = VALID + "omitted: {benefts: Nothing to say., zz: No.}\n"
    assert problems(text) == [
        ("S002", 11, 11, "omitted: unknown key 'benefts' (did you mean 'benefits'?)"),
        ("S002", 11, 37, "omitted: unknown key 'zz'"),
    ]


def test_unknown_keys_are_suggested_by_their_first_or_last_parts() -> None:
    text = VALID + "relations:\n  subset:\n    - sector: bpo\n  overlaps:\n    - sector: it\n"
    assert [m for *_, m in problems(text)] == [
        "relations: unknown key 'subset' (did you mean 'subset_of'?)",
        "relations: unknown key 'overlaps' (did you mean 'overlaps_with'?)",
    ]


def descriptions(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            yield node["description"]
        for child in node.values():
            yield from descriptions(child)
    elif isinstance(node, list):
        for child in node:
            yield from descriptions(child)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("id: help-desk", "id: Help Desk",
         "id: 'Help Desk' is not a valid id; use lowercase letters, digits and single hyphens, "
         "e.g. 'help-desk'"),
        ("id: help-desk", "id: Café Help_Desk",
         "id: 'Café Help_Desk' is not a valid id; use lowercase letters, digits and single "
         "hyphens, e.g. 'cafe-help-desk'"),
        ("id: help-desk", "id: ''", "id: empty; write the text"),
        ("  - title: Notes", "  - title: Notes\n    url: www.example.org/help",
         "sources[0].url: 'www.example.org/help' is not a full web address; write "
         "'https://www.example.org/help'"),
        ("  - title: Notes", "  - title: Notes\n    url: ftp://example.org/help",
         "sources[0].url: 'ftp://example.org/help' is not the address of a web page (ftp:); "
         "write one that starts with https:// (or http://)"),
        ("  - title: Notes", "  - title: Notes\n    url: https://example.org/a b",
         "sources[0].url: 'https://example.org/a b' holds a space; a web address has none "
         "(write a space as %20)"),
        ("  - title: Notes", "  - title: Notes\n    date: 2024-02-30",
         "sources[0].date: '2024-02-30' is not a real date: February has no day 30; write "
         "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("  - title: Notes", "  - title: Notes\n    date: 2023-13",
         "sources[0].date: '2023-13' is not a real date: there is no month 13; write YYYY, "
         "YYYY-MM or YYYY-MM-DD"),
        ("  - title: Notes", "  - title: Notes\n    date: 2024/1/2",
         "sources[0].date: '2024/1/2' is not written as YYYY, YYYY-MM or YYYY-MM-DD; write "
         "'2024-01-02'"),
        ("  - title: Notes", "  - title: Notes\n    date: 23",
         "sources[0].date: 23 is not a date; write YYYY, YYYY-MM or YYYY-MM-DD, e.g. '2024-03'"),
        ("tech_dependency: high", "tech_dependency: Very High",
         "tech_dependency: 'Very High' is not allowed; expected one of: low, medium, high, "
         "very-high (did you mean 'very-high'? `sectorlint fmt` rewrites it)"),
        ("  - title: Notes", "  - title: 2024",
         "sources[0].title: expected text, got a whole number; put it in quotes to keep it as "
         "text: '2024'"),
        ("examples: [Password resets]", "examples: Password resets",
         "examples: expected a list, got text; write it as a list, one '- item' line per item"),
        ("examples: [Password resets]", "examples: []",
         "examples: empty list; write an item"),
        ("name: Help Desk", "name: Help Desk\ncareers: []",
         "careers: empty list; write an item, or remove the key"),
        ("name: Help Desk", "name: Help Desk\naliases: [Support, Support]",
         "aliases: item 2 repeats item 1, 'Support'; remove one"),
        ("summary: First-line technical support.", "summary: " + "x" * 201,
         "summary: 201 characters; shorten it to at most 200"),
    ],
)  # fmt: skip
def test_messages_say_what_is_wrong_and_what_to_write(old: str, new: str, message: str) -> None:
    text = VALID.replace(old, new)
    found = problems(text)
    assert [m for *_, m in found] == [message]
    assert not any(d in message for d in descriptions(schema.sector_schema()))


def test_a_value_that_fails_several_checks_is_one_problem() -> None:
    assert [c for c, *_ in problems(VALID.replace("id: help-desk", "id: ''"))] == ["S006"]
    long_and_bad = "id: " + "Help Desk " * 10
    assert [c for c, *_ in problems(VALID.replace("id: help-desk", long_and_bad))] == ["S005"]


def test_a_relation_sector_is_left_to_r001_in_a_sector_file() -> None:
    relation = "relations:\n  subset_of:\n    - sector: Business Process Outsourcing\n"
    assert problems(VALID + relation) == []
    assert schema.is_valid_relation_target("subset_of", "bpo")
    assert not schema.is_valid_relation_target("subset_of", "Business Process Outsourcing")


def test_a_relation_sector_in_a_file_without_an_id_is_the_schemas() -> None:
    relation = "relations:\n  subset_of:\n    - sector: Business Process Outsourcing\n"
    found = problems(VALID.replace("id: help-desk\n", "") + relation)
    assert [(c, line, column) for c, line, column, _ in found] == [("S001", 1, 1), ("S005", 12, 15)]


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
