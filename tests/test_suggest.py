""" "Did you mean": the one option a mistyped key, value or id most likely meant, or none."""

from __future__ import annotations

import pytest

from sectorlint.suggest import did_you_mean, suggestion

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


def test_options_may_be_streamed_and_ties_of_spelling_go_to_the_last() -> None:
    assert suggestion("abd", iter(["abc", "abe"])) == "abe"
    assert suggestion("abd", iter(["abe", "abc"])) == "abe"


def test_the_hint_is_empty_when_nothing_is_near() -> None:
    assert did_you_mean("hihg", ["high"]) == " (did you mean 'high'?)"
    assert did_you_mean("zzz", ["high"]) == ""
