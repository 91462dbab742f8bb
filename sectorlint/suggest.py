""" "Did you mean": the one option a mistyped key, value or sector id most likely meant.

Shared by the schema's messages (keys, enum values) and by R001 (sector ids). Three kinds of
likeness, in this order:

1. the same word written another way: case, `_`, spaces and `-` do not count (`Very High` is
   `very-high`);
2. a close spelling (difflib's ratio of at least 0.8: `summry` -> `summary`);
3. whole parts in common at the start or the end (`bpo-services` -> `bpo`, `it-ops` -> `it`,
   `call` -> `call-center`). Parts are the pieces between hyphens, underscores and spaces, so
   `it` never suggests `item` nor the other way round; when two options fit equally well,
   neither is suggested (`bpo-it`);
4. a looser spelling (a ratio of at least 0.6, difflib's default: `hihg` -> `high`), but not
   for a word or option of two letters, which half the words of that length resemble.

Options may be streamed (a large content set's ids are never held in a list for this).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SEPARATORS = re.compile(r"[\s_-]+")
_CUTOFF = 0.6  # difflib's own default: lower cut-offs suggest words that only share letters
_STRONG = 0.8  # a spelling this close beats shared parts; a weaker one (`item` ~ `it`) does not


def normal(word: str) -> str:
    """The form in which spellings of one word compare equal: `Very_High ` -> `very-high`."""
    return "-".join(part for part in _SEPARATORS.split(word.strip().lower()) if part)


def suggestion(word: str, options: Iterable[str]) -> str | None:
    """The option `word` most likely meant, or None when nothing is near enough."""
    from difflib import SequenceMatcher  # only a problem needs a suggestion

    key = normal(word)
    if not key:
        return None
    parts = key.split("-")
    matcher = SequenceMatcher()
    matcher.set_seq2(key)
    close: tuple[float, str, str] | None = None  # (ratio, normal form, option)
    by_parts: dict[int, set[str]] = {}  # parts not shared -> the options with that many
    for option in options:
        option_key = normal(option)
        if option_key == key:
            return option
        matcher.set_seq1(option_key)
        if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
            ratio = matcher.ratio()
            # ties go to the option that sorts last, as difflib.get_close_matches does
            cutoff = _STRONG if min(len(key), len(option_key)) <= 2 else _CUTOFF
            if ratio >= cutoff and (close is None or (ratio, option_key) > close[:2]):
                close = (ratio, option_key, option)
        extra = _extra_parts(parts, option_key.split("-"))
        if extra is not None:
            by_parts.setdefault(extra, set()).add(option)
    if close is not None and close[0] >= _STRONG:
        return close[2]
    if by_parts:  # two that fit as well are a guess between equals: neither is suggested
        best = by_parts[min(by_parts)]
        return next(iter(best)) if len(best) == 1 else None
    return close[2] if close is not None else None


def _extra_parts(word: list[str], option: list[str]) -> int | None:
    """How many parts one has beyond the other, when the shorter is the start or the end of
    the longer (None when it is neither, or when they share too little to mean anything)."""
    shorter, longer = (word, option) if len(word) < len(option) else (option, word)
    if len(shorter) == len(longer) or len("".join(shorter)) < 2:
        return None
    n = len(shorter)
    if longer[:n] == shorter or longer[-n:] == shorter:
        return len(longer) - n
    return None


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """` (did you mean 'x'?)`, or "" when nothing is near enough."""
    found = suggestion(word, options)
    return f" (did you mean '{found}'?)" if found is not None else ""
