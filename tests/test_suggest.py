""" "Did you mean": the one option a mistyped key, value or id most likely meant, or none."""

from __future__ import annotations

import random
from collections.abc import Iterable
from difflib import SequenceMatcher

import pytest

from sectorlint import suggest
from sectorlint.suggest import did_you_mean, normal, suggestion

IDS = ["bpo", "call-center", "it", "item-processing"]


@pytest.mark.parametrize(
    ("word", "meant"),
    [
        ("Very High", "very-high"),  # the same word written another way
        ("very_high", "very-high"),
        ("hihg", "high"),  # a close spelling
        ("bpo-services", "bpo"),  # whole parts at the start or the end
        ("services-bpo", "bpo"),
        ("it-ops", "it"),
        ("it_ops", "it"),
        ("call", "call-center"),
        ("call-centers", "call-center"),
        ("item", "item-processing"),
    ],
)
def test_suggests_what_was_meant(word: str, meant: str) -> None:
    options = [*IDS, "low", "medium", "high", "very-high"]
    assert suggestion(word, options) == meant


@pytest.mark.parametrize(
    "word",
    [
        "itemized",  # `it` is a part of `it-ops`, never a prefix of a word
        "bpo-it",  # both fit as well: neither is suggested
        "x",
        "",
        "marketing",
    ],
)
def test_suggests_nothing_far_or_ambiguous(word: str) -> None:
    assert suggestion(word, IDS) is None


def test_two_letters_are_too_few_for_a_loose_spelling() -> None:
    assert suggestion("item", ["bpo", "it"]) is None
    assert suggestion("its", ["bpo", "it"]) == "it"


def test_a_part_of_one_letter_is_too_little_to_share() -> None:
    assert suggestion("x", ["x-ray", "help-desk"]) is None
    assert suggestion("x-ray", ["x", "help-desk"]) is None
    assert suggestion("xy", ["xy-ray", "help-desk"]) == "xy-ray"
    assert suggestion("xy-ray", ["xy", "help-desk"]) == "xy"


def test_options_may_be_streamed_and_ties_of_spelling_go_to_the_last() -> None:
    assert suggestion("abd", iter(["abc", "abe"])) == "abe"
    assert suggestion("abd", iter(["abe", "abc"])) == "abe"
    # of two written alike, the first seen
    assert suggestion("abd", iter(["abc", "abe", "ABE"])) == "abe"
    assert suggestion("abd", iter(["abc", "ABE", "abe"])) == "ABE"
    ids = [f"call-center-{n:05d}" for n in range(3000)]  # thousands alike, all tied
    assert suggestion("callcenter", iter([*ids, "Call Center 02999"])) == "call-center-02999"


def test_the_hint_is_empty_when_nothing_is_near() -> None:
    assert did_you_mean("hihg", ["high"]) == " (did you mean 'high'?)"
    assert did_you_mean("zzz", ["high"]) == ""


def test_options_renamed_between_calls_are_seen_renamed() -> None:
    ids = ["outsourcing", "help-desk"]
    assert suggestion("outsorcing", ids) == "outsourcing"
    ids[0] = "logistics"  # the same list, an id renamed (as a session's ids change)
    assert suggestion("outsorcing", ids) is None
    assert suggestion("logistcs", ids) == "logistics"


def _reference(word: str, options: Iterable[str]) -> str | None:
    """The straightforward algorithm: every option normalised and compared, no bound skipped."""
    key = normal(word)
    if not key:
        return None
    close: tuple[float, str, str] | None = None
    by_parts: dict[int, set[str]] = {}
    for option in options:
        option_key = normal(option)
        if option_key == key:
            return option
        matcher = SequenceMatcher(None, option_key, key)
        ratio = matcher.ratio()
        cutoff = 0.8 if min(len(key), len(option_key)) <= 2 else 0.6
        if ratio >= cutoff and (close is None or (ratio, option_key) > close[:2]):
            close = (ratio, option_key, option)
        word_parts, option_parts = key.split("-"), option_key.split("-")
        shorter, longer = sorted((word_parts, option_parts), key=len)
        n = len(shorter)
        at_an_end = longer[:n] == shorter or longer[-n:] == shorter
        if n < len(longer) and len("".join(shorter)) >= 2 and at_an_end:
            by_parts.setdefault(len(longer) - n, set()).add(option)
    if close is not None and close[0] >= 0.8:
        return close[2]
    if by_parts:
        best = by_parts[min(by_parts)]
        return next(iter(best)) if len(best) == 1 else None
    return close[2] if close is not None else None


def _typo(rng: random.Random, word: str) -> str:
    """`word` with a letter put in, left out, changed, or two swapped."""
    at = rng.randrange(len(word) + 1)
    letter = rng.choice("abcdeio019-_ ")
    edits = [
        word[:at] + letter + word[at:],
        word[:at] + word[at + 1 :],
        word[:at] + letter + word[at + 1 :],
        word[:at] + word[at + 1 : at + 2] + word[at : at + 1] + word[at + 2 :],
    ]
    return rng.choice(edits)


def _parts_changed(rng: random.Random, word: str) -> str:
    """`word` with a part more or less, at its start or end (`bpo-ops`, `center`)."""
    parts = word.split("-")
    more = rng.choice(PARTS)
    changed = [
        [more, *parts],
        [*parts, more],
        parts[1:] or [more],
        parts[:-1] or [more],
    ]
    return "-".join(rng.choice(changed))


PARTS = ["it", "x", "bpo", "ops", "call", "center", "services", "help", "desk", "data", "cloud"]


def _ids(rng: random.Random) -> list[str]:
    """Ids as a generated content set has them (some also written another way), short words
    over few letters, and words of parts written other ways: many ties of ratio."""
    ids = [f"{t}-{rng.randrange(1000):05d}" for t in ("bpo", "call-center", "it") * 40]
    short = ["".join(rng.choices("abcde", k=rng.randint(1, 4))) for _ in range(60)]
    parts = ["-".join(rng.sample(PARTS, k=rng.randint(1, 3))) for _ in range(30)]
    written = [rng.choice([w.upper(), w.replace("-", "_"), f" {w} "]) for w in parts + ids[::4]]
    return [*ids, *short, *written]


def _parted(rng: random.Random) -> list[str]:
    """Ids of two to four parts, and a few of one: many ties of shared parts."""
    return [
        *("-".join(rng.sample(PARTS, k=rng.randint(2, 4))) for _ in range(80)),
        *rng.sample(PARTS, 3),
    ]


def test_answers_are_those_of_the_straightforward_algorithm() -> None:
    rng = random.Random(15)
    answers: list[str | None] = []
    for candidates in [_ids, _parted] * 4:
        options = candidates(rng)
        words = ["marketing", "it", "bpo-it", "call", "x", "", "-", "Call Center", *PARTS]
        targets = [_typo(rng, rng.choice(options).strip() or "x") for _ in range(25)]
        targets += [_parts_changed(rng, normal(rng.choice(options)) or "x") for _ in range(25)]
        targets += [*rng.sample(options, 3), *words]
        for target in targets:
            expected = _reference(target, options)
            assert suggestion(target, iter(options)) == expected, target
            answers.append(expected)
    assert len(answers) >= 400
    assert len(answers) / 20 < answers.count(None) < len(answers) / 2  # answers and none


def test_a_full_memo_starts_afresh_and_answers_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(suggest, "_NORMAL_FORMS_KEPT", 3)
    monkeypatch.setattr(suggest, "_normal_forms", {})
    options = ["Very High", "high", "low", "medium", "bpo", "call-center"]
    assert suggestion("very_high", options) == "Very High"
    assert suggestion("hihg", options) == "high"
    assert suggestion("call", options) == "call-center"
    assert len(suggest._normal_forms) <= 3
