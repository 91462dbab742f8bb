"""What a value of a known form (an id, a web address, a date) should look like, in words.

The schema holds the patterns; these say, for a value that misses one, what is wrong with it
and what to write instead, so that no message has to quote a pattern or a description.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_DATE_LIKE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
_DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


def slug_like(text: str) -> str:
    """`text` as an id would spell it: `Call Center` -> `call-center`, `Café` -> `cafe`."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


def short(value: Any, limit: int = 60) -> str:
    """A bounded repr: messages never echo a whole (possibly huge) value."""
    if isinstance(value, (dict, list)):
        kind = "mapping" if isinstance(value, dict) else "list"
        return f"a {kind} of {len(value)} item{'s' if len(value) != 1 else ''}"
    text = repr(value[: limit + 1] if isinstance(value, str) else value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def id_problem(value: Any) -> str:
    """`'Call Center' is not a valid id; use lowercase letters, digits and hyphens, ...`"""
    text = f"{short(value)} is not a valid id; use lowercase letters, digits and single hyphens"
    if not isinstance(value, str):
        return text
    candidate = slug_like(value)[:64].strip("-")
    return f"{text}, e.g. '{candidate}'" if candidate and candidate != value else text


def url_problem(value: Any) -> str:
    shown = short(value)
    if not isinstance(value, str):
        return f"{shown} is not a web address; write one that starts with https://"
    if any(c.isspace() for c in value.strip()):
        return f"{shown} holds a space; a web address has none (write a space as %20)"
    scheme = _SCHEME.match(value.strip())
    if scheme is not None and scheme.group(1).lower() not in ("http", "https"):
        return (
            f"{shown} is not the address of a web page ({scheme.group(1)}:); "
            "write one that starts with https:// (or http://)"
        )
    if scheme is None and "." in value:
        return f"{shown} is not a full web address; write 'https://{value.strip().lstrip('/')}'"
    return f"{shown} is not a web address; write one that starts with https:// (or http://)"


def date_problem(value: Any) -> str:
    import calendar

    shown = short(value)
    text = str(value).strip()
    found = _DATE_LIKE.fullmatch(text)
    if found is None:
        return f"{shown} is not a date; write {_DATE_FORMS}, e.g. '2024-03'"
    year, month, day = (int(part) if part else None for part in found.groups())
    if month is not None and not 1 <= month <= 12:
        return f"{shown} is not a real date: there is no month {month}; write {_DATE_FORMS}"
    if month is not None and day is not None:
        # the schema allows 29 February in any year (a source's date is not always exact)
        last = 29 if month == 2 else calendar.monthrange(2001, month)[1]
        if not 1 <= day <= last:
            name = calendar.month_name[month]
            return f"{shown} is not a real date: {name} has no day {day}; write {_DATE_FORMS}"
    parts = [f"{year:04d}"] + [f"{n:02d}" for n in (month, day) if n is not None]
    written = "-".join(parts)
    if written != text:
        return f"{shown} is not written as {_DATE_FORMS}; write '{written}'"
    return f"{shown} is not a date; write {_DATE_FORMS}"


# Keyed by the schema's name for the form: a `$defs` entry, else the property that holds it.
FORMS: dict[str, Callable[[Any], str]] = {
    "slug": id_problem,
    "url": url_problem,
    "date": date_problem,
}
