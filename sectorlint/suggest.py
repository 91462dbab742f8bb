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

Options may be streamed (a large content set's ids are never held in a list for this). Asking
about a content set's thousands of ids on every edit stays quick: normal forms are remembered per
option, an option whose ratio cannot reach the best so far is not compared, and of the options
whose bound ties with the best, only those sorting last (ties go to them) once all are seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from difflib import SequenceMatcher

_SEPARATORS = re.compile(r"[\s_-]+")
_CUTOFF = 0.6  # difflib's own default: lower cut-offs suggest words that only share letters
_STRONG = 0.8  # a spelling this close beats shared parts; a weaker one (`item` ~ `it`) does not
_Close = tuple[float, str, str]  # the closest spelling: ratio, normal form, option
_Tie = tuple[str, str]  # an option that may tie with it: normal form, option


def normal(word: str) -> str:
    """The form in which spellings of one word compare equal: `Very_High ` -> `very-high`."""
    return "-".join(part for part in _SEPARATORS.split(word.strip().lower()) if part)


def suggestion(word: str, options: Iterable[str]) -> str | None:
    """The option `word` most likely meant, or None when nothing is near enough."""
    from difflib import SequenceMatcher  # only a problem needs a suggestion

    key = normal(word)
    if not key:
        return None
    matcher = SequenceMatcher()
    matcher.set_seq2(key)  # (difflib keeps what it learns of seq2, the word, for every option)
    size = len(key)
    unshared = str.maketrans("", "", key)  # deletes the word's letters from an option
    hyphens = key.count("-")
    starts, ends, fewer = _shared_parts(key)
    close: _Close | None = None
    best = 0.0  # close's ratio
    ties: list[_Tie] = []  # options that may tie with close, compared once all are seen
    by_parts: dict[int, set[str]] = {}  # parts not shared -> the options with that many
    known = _normal_forms
    for option in options:
        option_key = known.get(option)
        if option_key is None:
            option_key = _remember_normal(option)
        if option_key == key:
            return option
        # Upper bounds of the ratio, cheapest first: an option whose bound is below the cut-off,
        # or below the best ratio so far, cannot be the answer.
        length = len(option_key)
        shorter = length if length < size else size
        cutoff = _STRONG if shorter <= 2 else _CUTOFF
        floor = cutoff if best < cutoff else best
        total = size + length
        if (
            2.0 * shorter / total >= floor  # difflib's real_quick_ratio: the lengths alone
            # the option's letters found in the word at all (quick_ratio also counts repeats)
            and 2.0 * min(size, length - len(option_key.translate(unshared))) / total >= floor
        ):
            bound = _quick_ratio(matcher, option_key)
            if close is not None and bound == best >= cutoff:
                # at most a tie, which goes to the option that sorts last (the rule of
                # difflib.get_close_matches): of thousands of ids alike that tie, only the
                # last needs its ratio, once all are seen
                if option_key > close[1]:
                    ties.append((option_key, option))
            elif bound >= floor:
                ratio = matcher.ratio()
                if ratio >= cutoff and (close is None or (ratio, option_key) > close[:2]):
                    if ratio > best:
                        ties.clear()  # none of them reaches this ratio
                    close = (ratio, option_key, option)
                    best = ratio
        if best >= _STRONG:
            continue  # a close spelling is the answer now: shared parts no longer matter
        if option_key.startswith(starts) or option_key.endswith(ends):
            by_parts.setdefault(option_key.count("-") - hyphens, set()).add(option)
        elif option_key in fewer:
            by_parts.setdefault(fewer[option_key], set()).add(option)
    if close is not None and ties:
        close = _after_ties(matcher, close, ties)
    if close is not None and close[0] >= _STRONG:
        return close[2]
    if by_parts:  # two that fit as well are a guess between equals: neither is suggested
        best_fits = by_parts[min(by_parts)]
        return next(iter(best_fits)) if len(best_fits) == 1 else None
    return close[2] if close is not None else None


def _after_ties(matcher: SequenceMatcher[str], close: _Close, ties: list[_Tie]) -> _Close:
    """The closest option once `ties` are seen (options whose bound is close's ratio, and whose
    normal form sorts after close's): the last in sort order whose ratio is close's, else close.
    Of options written alike (one normal form, one ratio), the first seen, as ever."""
    ratio = close[0]
    for tie_key, option in sorted(ties, key=lambda tie: tie[0], reverse=True):  # stable
        if tie_key <= close[1]:
            break
        matcher.set_seq1(tie_key)
        if matcher.ratio() == ratio:
            return ratio, tie_key, option
    return close


def _quick_ratio(matcher: SequenceMatcher[str], option_key: str) -> float:
    """difflib's closest cheap bound of the ratio (letters shared, with repeats), leaving the
    matcher on `option_key` for `ratio`."""
    matcher.set_seq1(option_key)
    return matcher.quick_ratio()


# normal() of each option seen: a session asks about the same thousands of ids on every edit,
# and a string's normal form never changes, so the memo is right however ids come and go. It
# starts afresh past its limit rather than grow without end in a long session.
_normal_forms: dict[str, str] = {}
_NORMAL_FORMS_KEPT = 1 << 17


def _remember_normal(option: str) -> str:
    """normal(option), now kept in `_normal_forms`."""
    if len(_normal_forms) >= _NORMAL_FORMS_KEPT:
        _normal_forms.clear()
    found = normal(option)
    if found == option:
        found = option  # an id is mostly its own normal form: keep one string, not two
    _normal_forms[option] = found
    return found


def _shared_parts(key: str) -> tuple[tuple[str, ...], tuple[str, ...], dict[str, int]]:
    """What an option's normal form starts or ends with when its parts start or end with all
    the word's (and more), and the normal forms made of the word's first or last parts (not
    all) with how many parts fewer each has. Parts never hold a hyphen, so comparing normal
    forms with a hyphen after (or before) compares whole parts. The one with fewer parts must
    have two letters at least."""
    hyphens = key.count("-")
    long_enough = len(key) - hyphens >= 2
    starts, ends = ((key + "-",), ("-" + key,)) if long_enough else ((), ())
    parts = key.split("-")
    affixes = ["-".join(parts[:n]) for n in range(1, len(parts))]
    affixes += ["-".join(parts[n:]) for n in range(1, len(parts))]
    fewer = {a: hyphens - a.count("-") for a in affixes if len(a) - a.count("-") >= 2}
    return starts, ends, fewer


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """` (did you mean 'x'?)`, or "" when nothing is near enough."""
    found = suggestion(word, options)
    return f" (did you mean '{found}'?)" if found is not None else ""
