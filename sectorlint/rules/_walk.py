"""Walking a sector's data for text, shared by the rules that read every string."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sectorlint.document import JsonPath


def strings(value: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, str]]:
    """Every text value under `value`, with its path, in document order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from strings(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from strings(child, (*path, index))


def containers(value: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    """Every mapping and list under `value` (itself included), with its path."""
    if isinstance(value, (dict, list)):
        yield path, value
        children = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in children:
            yield from containers(child, (*path, key))


def flexible(phrase_pattern: str) -> str:
    """Let an escaped phrase match across line breaks and runs of spaces in the source."""
    return phrase_pattern.replace(r"\ ", r"\s+")
