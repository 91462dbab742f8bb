"""What a scalar's text means, by the YAML 1.2 core schema (so `no` and `on` stay text).

Nothing is ever constructed from a tag: the standard tags only say which of text, number,
true/false or null a value is, and any other tag is refused.
"""

from __future__ import annotations

import re
from typing import Any

STANDARD_TAG = "tag:yaml.org,2002:"
COLLECTION_TAGS = frozenset({"!", STANDARD_TAG + "map", STANDARD_TAG + "seq"})


class TagError(ValueError):
    """A tag that is refused, or a value that does not fit its standard tag."""


_INT = re.compile(r"[-+]?[0-9]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULL = {"": None, "~": None, "null": None, "Null": None, "NULL": None}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_SPECIAL_FLOAT = {
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}  # fmt: skip
_MAY_NOT_BE_TEXT = frozenset("0123456789+-.~nNtTfF")
# Integers this long are kept as numbers but not converted digit by digit: Python refuses to
# print an int of more than 4,300 digits, and no content needs one.
_LONGEST_INT = 1000


def resolve(value: str, tag: str | None, plain: bool) -> Any:
    """The value of a scalar; raises TagError for a refused tag or a value its tag rejects."""
    if tag is None:
        return resolve_plain(value) if plain else value
    if tag in ("!", STANDARD_TAG + "str"):
        return value
    kind = tag.removeprefix(STANDARD_TAG)
    if tag.startswith(STANDARD_TAG) and kind in _TYPED:
        resolved = resolve_plain(value)
        if not _TYPED[kind](resolved):
            raise TagError(f"{value[:40]!r} is not a valid !!{kind}")
        return float(resolved) if kind == "float" else resolved
    raise TagError(f"tag '{tag}' is not allowed; nothing is constructed")


_TYPED = {
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar."""
    if value and value[0] not in _MAY_NOT_BE_TEXT:
        return value  # the common case: ordinary prose
    for table in (_NULL, _BOOL, _SPECIAL_FLOAT):
        if value in table:
            return table[value]
    if _INT.match(value) or _HEX.match(value) or _OCT.match(value):
        if len(value) > _LONGEST_INT:
            return float("-inf") if value.startswith("-") else float("inf")
        return int(value, 0) if value[:2] in ("0x", "0o") else int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def closing_quote(text: str, start: int) -> int | None:
    """Where the quote opening at `start` closes (a double quote after no backslash, a single
    quote not doubled); None where it does not in `text`."""
    quote, index = text[start], start + 1
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None
