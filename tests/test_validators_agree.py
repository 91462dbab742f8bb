"""The fast validator (jsonschema-rs) must agree with jsonschema on every document.

Documents: the shipped content, and hundreds of deterministic mutations of it (keys removed,
values of the wrong type, values off the enums, broken formats, repeated items, unknown keys,
huge numbers, unicode), valid and invalid alike.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from sectorlint import schema, source
from tests.conftest import CONTENT

jsonschema_rs = pytest.importorskip("jsonschema_rs")

REFERENCE = Draft202012Validator(schema.sector_schema())
FAST = jsonschema_rs.validator_for(schema.sector_schema())

ODD_VALUES: list[Any] = [
    None, True, False, 0, -1, 1.5, 10**30, float("inf"), "", " ", "x" * 300, "Broad",
    "very high", "very-high", "2024-02-30", "2024-13", "2024", 2024, "ftp://x", "https://x",
    "Ünïcödé ✓", "call-center", "Call Center", "a b", [], [1], ["a", "a"], ["a", "A"], {},
    {"title": "t"}, {"sector": "bpo"}, {"sector": "bpo", "via": "x"}, {"question": "q?"},
]  # fmt: skip


def documents() -> list[dict[str, Any]]:
    out = []
    for path in sorted(CONTENT.glob("*.yaml")):
        document = source.read(str(path)).document
        assert document is not None
        out.append(document.data)
    return out


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*prefix, index))


def mutated(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        target = rng.choice([p for p in paths(data) if p])
        parent = data
        for part in target[:-1]:
            parent = parent[part]
        last = target[-1]
        action = rng.choice(["replace", "delete", "unknown", "duplicate"])
        if action == "replace":
            parent[last] = copy.deepcopy(rng.choice(ODD_VALUES))
        elif action == "delete":
            del parent[last]
        elif action == "unknown" and isinstance(parent, dict):
            parent[f"{last}x"] = "typo"
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return data


def cases() -> list[dict[str, Any]]:
    rng = random.Random(20261123)
    originals = documents()
    return originals + [mutated(rng.choice(originals), rng) for _ in range(600)]


def test_fast_and_reference_validators_agree_on_every_document() -> None:
    disagreements = []
    valid = 0
    for index, data in enumerate(cases()):
        reference = not any(REFERENCE.iter_errors(data))
        valid += reference
        if FAST.is_valid(data) != reference:
            disagreements.append(index)
    assert disagreements == []
    assert 100 <= valid <= 500  # both kinds were tried, many of each


def test_the_fast_path_is_the_one_in_use() -> None:
    assert schema._fast_validator() is not None
