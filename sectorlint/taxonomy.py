"""The taxonomy: what must hold between known sectors, as data, and the sector model it speaks of.

The shipped defaults live in `schema/taxonomy.json`; a project extends or overrides them from its
configuration (`[tool.sectorlint.taxonomy]`): a key replaces the default, `extend-<key>` adds to
it. The project's additions to the sector schema (`[tool.sectorlint.schema]`, see `extension`)
travel with it: every step that reads the taxonomy reads the same extended schema.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Iterable, Iterator
from functools import cache, cached_property
from typing import Any, NamedTuple

from sectorlint.schema import schema_dir, sector_schema

RELATION_KINDS = ("subset_of", "overlaps_with", "supports")


class TaxonomyError(ValueError):
    """A taxonomy (shipped or configured) that cannot be used."""


class RequiredRelation(NamedTuple):
    sector: str
    kind: str
    target: str
    via: str | None = None
    why: str | None = None
    configured: bool = False  # written by the project (not shipped): its ids must exist


class AspectRule(NamedTuple):
    """The aspects C001 asks of the sectors whose ids match `sectors` (glob patterns)."""

    sectors: tuple[str, ...]
    aspects: tuple[str, ...]


class Taxonomy:
    def __init__(
        self,
        required_relations: tuple[RequiredRelation, ...],
        scales: dict[str, tuple[str, ...]],
        functions: dict[str, tuple[str, ...]],  # service area -> function phrases
        comparison_aspects: tuple[str, ...],
        vocabulary: dict[str, tuple[str, ...]],  # preferred spelling -> rejected spellings
        aspects_for: tuple[AspectRule, ...] = (),
        extension: str = "",  # the project's `[schema]` table as canonical JSON; "" for none
    ) -> None:
        self.required_relations = required_relations
        self.scales = scales
        self.functions = functions
        self.comparison_aspects = comparison_aspects
        self.vocabulary = vocabulary
        self.aspects_for = aspects_for
        self.extension = extension

    def as_json(self) -> dict[str, Any]:
        """All of it as plain data (a part of the cache's key)."""
        return {
            "required_relations": [r._asdict() for r in self.required_relations],
            "scales": self.scales,
            "functions": self.functions,
            "comparison_aspects": self.comparison_aspects,
            "aspects_for": [r._asdict() for r in self.aspects_for],
            "vocabulary": self.vocabulary,
            "schema_extension": self.extension,
        }

    @property
    def schema(self) -> dict[str, Any]:
        """The sector schema with the project's additions."""
        if not self.extension:
            return sector_schema()
        from sectorlint.extension import extended_schema

        return extended_schema(self.extension)

    def aspects_of(self, sector_id: str) -> tuple[str, ...]:
        """The aspects a sector must show: the first `aspects-for` rule naming it, else all."""
        for rule in self.aspects_for:
            if any(fnmatch.fnmatchcase(sector_id, pattern) for pattern in rule.sectors):
                return rule.aspects
        return self.comparison_aspects

    def rank(self, scale: str, value: Any) -> int | None:
        """The position of `value` on an ordinal scale, or None when it is not on it."""
        levels = self.scales.get(scale, ())
        return levels.index(value) if value in levels else None

    def function_area(self, function: str) -> str | None:
        """The service area a core function belongs to, judged by the phrases it contains."""
        text = normalize(function)
        for phrase, area in self._phrases:
            if has_phrase(text, phrase):
                return area
        return None

    @cached_property
    def _phrases(self) -> list[tuple[str, str]]:
        # Longest phrase first, so "customer service" wins over "service".
        pairs = [(normalize(p), area) for area, ps in self.functions.items() for p in ps]
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    @cached_property
    def rejected_pattern(self) -> re.Pattern[str] | None:
        """One regex matching any rejected spelling as T001 and fmt find them."""
        return phrase_pattern(r for rs in self.vocabulary.values() for r in rs)

    @cached_property
    def rejected_folded(self) -> tuple[str, ...]:
        """Every rejected spelling, case and spacing folded, for quick substring tests."""
        return tuple(sorted({normalize(r) for rs in self.vocabulary.values() for r in rs}))

    def preferred_for(self, rejected: str) -> str:
        folded = rejected.casefold()
        for preferred, spellings in self.vocabulary.items():
            if any(s.casefold() == folded for s in spellings):
                return preferred
        return ""

    def preferred_edits(self, text: str) -> list[tuple[int, int, str]]:
        """Where `text` uses a rejected spelling, as (start, end, the preferred spelling); the
        preferred one starts with a capital where the rejected one did (it began a sentence)."""
        pattern = self.rejected_pattern
        edits = []
        for match in pattern.finditer(text) if pattern is not None else ():
            preferred = self.preferred_for(match.group())
            if preferred:
                if match.group()[:1].isupper() and preferred[:1].islower():
                    preferred = preferred[:1].upper() + preferred[1:]
                edits.append((match.start(), match.end(), preferred))
        return edits

    def with_preferred_terms(self, text: str) -> str:
        """`text` with each rejected spelling replaced by the preferred one, as fmt writes it."""
        pieces, position = [], 0
        for start, end, preferred in self.preferred_edits(text):
            pieces.append(text[position:start] + preferred)
            position = end
        return "".join(pieces) + text[position:]


_NOT_PROSE = ("id", "sector", "url", "date", "$schema")  # keys whose text is matched exactly
_EXEMPT_SECTIONS = ("aliases", "sources")  # they record other spellings on purpose


def is_prose(path: tuple[Any, ...]) -> bool:
    """Whether the text value at `path` is prose, where fmt writes the preferred terms (and
    T001's fix says so); an enum value is not, whatever its key (`schema.enum_at`)."""
    return bool(path) and path[0] not in _EXEMPT_SECTIONS and path[-1] not in _NOT_PROSE


def phrase_pattern(spellings: Iterable[str]) -> re.Pattern[str] | None:
    """One regex matching any of `spellings` as T001 and fmt find them: in any case, and not
    inside a longer word (nor right after a dot: "B.P.O" is not inside "X.B.P.O"); where several
    start at one place, the longest wins. None for no spellings."""
    ordered = sorted(set(spellings), key=lambda spelling: (-len(spelling), spelling))
    if not ordered:
        return None
    alternatives = "|".join(re.escape(spelling) for spelling in ordered)
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)", re.IGNORECASE)


def has_phrase(text: str, phrase: str, *, plural: bool = False, joiners: str = "_") -> bool:
    """`phrase` in `text`, not inside a longer word: no letter, digit or `joiners` character on
    either side (by default what regex `\\w` calls a word character). With `plural`, an "s"
    right after it counts as part of it."""
    start = text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        end += plural and text.startswith("s", end)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (_joins(before, joiners) or _joins(after, joiners)):
            return True
        start = text.find(phrase, start + 1)
    return False


def _joins(char: str, joiners: str) -> bool:
    return char.isalnum() or char in joiners


def normalize(text: str) -> str:
    """Case and spacing folded, for comparisons that should not care about either."""
    return " ".join(text.casefold().split())


def default_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((schema_dir() / "taxonomy.json").read_text("utf-8"))
    data.pop("description", None)
    return data


def merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Apply configuration: `key` replaces the default, `extend-key` adds to it."""
    merged = dict(base)
    for raw_key, value in overrides.items():
        key = raw_key.removeprefix("extend-").replace("-", "_")
        if key not in base:
            raise TaxonomyError(f"unknown taxonomy key '{raw_key}'")
        if not raw_key.startswith("extend-"):
            merged[key] = value
        elif isinstance(base[key], list) and isinstance(value, list):
            merged[key] = [*merged[key], *value]
        elif isinstance(base[key], dict) and isinstance(value, dict):
            merged[key] = {**merged[key]}
            for name, items in _string_lists(
                value, f"taxonomy.{raw_key}", "it adds nothing"
            ).items():
                added = [*merged[key].get(name, []), *items]
                merged[key][name] = list(dict.fromkeys(added))  # a level given again is one
        else:
            raise TaxonomyError(f"'{raw_key}' must be a {type(base[key]).__name__}")
    return merged


def build(
    data: dict[str, Any], extension: str = "", overrides: dict[str, Any] | None = None
) -> Taxonomy:
    """Check taxonomy data (the shipped data with the configuration's `overrides` merged in)
    and freeze it."""
    try:
        shipped = default_data()["required_relations"]
        relations = tuple(
            _relation(item)._replace(configured=item not in shipped)
            for item in data["required_relations"]
        )
        aspects = _as_list(data["comparison_aspects"], "taxonomy.comparison-aspects")
        built = Taxonomy(
            required_relations=relations,
            scales=_string_lists(data["scales"], "taxonomy.scales", "the scale has no levels"),
            functions=_string_lists(
                data["functions"], "taxonomy.functions", "no function would belong to the area"
            ),
            comparison_aspects=tuple(
                _filled(aspects, "taxonomy.comparison-aspects", "the comparison would show nothing")
            ),
            vocabulary=_string_lists(
                data["vocabulary"], "taxonomy.vocabulary", "it rejects no spelling"
            ),
            aspects_for=tuple(
                _aspect_rule(item, index) for index, item in enumerate(data["aspects_for"], 1)
            ),
            extension=extension,
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise TaxonomyError(f"malformed taxonomy: {exc}") from exc
    _check_against_schema(built)
    _check_vocabulary(built, overrides or {})
    return built


def _aspect_rule(item: Any, index: int) -> AspectRule:
    # Numbered in the merged list, which is the configuration's own: none is shipped.
    where = f"taxonomy.aspects-for[{index}]"
    if not isinstance(item, dict) or set(item) != {"sectors", "aspects"}:
        raise TaxonomyError(f"'{where}' must be a table of 'sectors' and 'aspects'")
    sectors = _as_list(item["sectors"], f"{where}.sectors")
    return AspectRule(
        tuple(_filled(sectors, f"{where}.sectors", "the entry would apply to no sector")),
        tuple(_as_list(item["aspects"], f"{where}.aspects")),  # none: these need show none
    )


def _check_against_schema(built: Taxonomy) -> None:
    """The taxonomy talks about the sector model: its names must be the schema's names."""
    schema = built.schema
    properties = schema["properties"]
    aspects = [*built.comparison_aspects, *(a for r in built.aspects_for for a in r.aspects)]
    for aspect in aspects:
        if aspect not in properties:
            raise TaxonomyError(f"comparison aspect '{aspect}' is not a key of the sector schema")
    areas = set(schema["$defs"]["service_area"]["enum"])
    for area in built.functions:
        if area not in areas:
            raise TaxonomyError(
                f"functions: '{area}' is not a service area ({', '.join(sorted(areas))})"
            )
    for scale in sorted(set(default_data()["scales"]) - set(built.scales)):
        raise TaxonomyError(
            f"scales: '{scale}' has no order any more (`scales` replaces every scale; to add "
            "a level to one, use extend-scales)"
        )
    for scale, levels in built.scales.items():
        allowed = _enum_of(schema, scale)
        if allowed is None or set(levels) != set(allowed) or len(levels) != len(allowed):
            values = ", ".join(allowed or [])
            raise TaxonomyError(
                f"scales: '{scale}' must order exactly the schema's values {values}"
            )


def _enum_of(schema: dict[str, Any], key: str) -> list[str] | None:
    node = schema["properties"].get(key, {})
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/"):
        node = schema["$defs"][ref.removeprefix("#/$defs/")]
    enum = node.get("enum")
    return enum if isinstance(enum, list) else None


def _relation(item: Any) -> RequiredRelation:
    if not isinstance(item, dict):
        raise TaxonomyError("each required relation must be a table")
    unknown = set(item) - {"sector", "kind", "target", "via", "why"}
    if unknown:
        raise TaxonomyError(f"unknown key(s) in a required relation: {', '.join(sorted(unknown))}")
    if item.get("kind") not in RELATION_KINDS:
        kinds = ", ".join(RELATION_KINDS)
        raise TaxonomyError(f"required relation kind must be one of {kinds}: {item.get('kind')!r}")
    for key in ("sector", "target"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise TaxonomyError(f"required relation needs a '{key}' sector id")
    return RequiredRelation(**item)


def _string_lists(value: Any, where: str, if_empty: str) -> dict[str, tuple[str, ...]]:
    """A table of non-empty lists of texts; `if_empty` says what an empty list would do."""
    if not isinstance(value, dict):
        raise TaxonomyError(f"'{where}' must be a table of lists")
    if not all(str(name).strip() for name in value):
        raise TaxonomyError(f"'{where}' has an empty name")
    lists = {}
    for name, items in value.items():
        entry = f'{where}."{name}"'
        lists[str(name)] = tuple(_filled(_as_list(items, entry), entry, if_empty))
    return lists


def _filled(items: list[str], where: str, if_empty: str) -> list[str]:
    if not items:
        raise TaxonomyError(f"'{where}' is empty: {if_empty}")
    return items


def _as_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TaxonomyError(f"'{where}' must be a list of strings")
    if not all(v.strip() for v in value):
        raise TaxonomyError(f"'{where}' holds an empty text, which would match everywhere")
    return value


def load(
    overrides: dict[str, Any] | None = None, extension: dict[str, Any] | None = None
) -> Taxonomy:
    """The shipped taxonomy with `overrides` applied, over the schema with the project's
    `extension` (built once per run for each)."""
    extension_text = json.dumps(extension, sort_keys=True) if extension else ""
    return _load(json.dumps(overrides or {}, sort_keys=True), extension_text)


@cache
def _load(overrides: str, extension: str) -> Taxonomy:
    configured = json.loads(overrides)
    return build(merge(default_data(), configured), extension, configured)


class _Clash(NamedTuple):
    """A rejected spelling that fmt's own writing would bring back."""

    preferred: str  # the entry that rejects it
    rejected: str
    written: str  # the preferred spelling fmt writes that brings it back
    how: str


def _check_vocabulary(built: Taxonomy, overrides: dict[str, Any]) -> None:
    """fmt writes the preferred spellings: were a rejected spelling among them, inside one, or
    made by one with the words around it (as T001 and fmt find spellings: whole words, in any
    case), T001 would reject what fmt wrote, and fmt would rewrite the file on every run."""
    clash = next(_clashes_within(built.vocabulary), None) or next(_clashes_around(built), None)
    if clash is None:
        return
    key = _vocabulary_key(overrides, clash.preferred, clash.rejected)
    whose = ""
    if key is None:  # a shipped spelling: the configured entry it clashes with is named
        key = _vocabulary_key(overrides, clash.written) or "the shipped vocabulary"
        whose = f' (of "{clash.preferred}")'
    raise TaxonomyError(
        f"'{key}': the rejected spelling \"{clash.rejected}\"{whose} {clash.how}, so T001 "
        "would reject what fmt writes (and fmt would rewrite it again)"
    )


def _clashes_within(vocabulary: dict[str, tuple[str, ...]]) -> Iterator[_Clash]:
    """A rejected spelling that is a preferred spelling, or a part of one."""
    folded = {written: written.casefold() for written in vocabulary}
    for preferred, rejected in vocabulary.items():
        for spelling in rejected:
            for written in (w for w in vocabulary if spelling.casefold() in folded[w]):
                pattern = phrase_pattern([spelling])
                assert pattern is not None
                if pattern.fullmatch(written):
                    same = "" if written == spelling else f' ("{written}")'
                    how = f"is itself a preferred spelling{same}"
                    yield _Clash(preferred, spelling, written, how)
                elif pattern.search(written):
                    how = f'occurs in the preferred spelling "{written}"'
                    yield _Clash(preferred, spelling, written, how)


def _clashes_around(built: Taxonomy) -> Iterator[_Clash]:
    """A rejected spelling that a preferred spelling makes with the words fmt writes it among:
    "desk clerk" from "front desk" written for "reception" in "reception clerk"."""
    vocabulary, pattern = built.vocabulary, built.rejected_pattern
    if pattern is None:
        return  # no vocabulary
    for written, replaced in vocabulary.items():
        for preferred, rejected in vocabulary.items():
            for spelling in rejected:
                for before, after in _sticking_out(spelling, written):
                    # not the spelling itself: "call call agent" for "agent" = ["call agent"]
                    # is a slip of the pen, not a text to settle
                    for old in (old for old in replaced if old != spelling):
                        text = before + old + after
                        new = built.with_preferred_terms(text)
                        if pattern.search(new):
                            how = (
                                f'overlaps the preferred spelling "{written}" (fmt writes '
                                f'"{text}" as "{new}")'
                            )
                            yield _Clash(preferred, spelling, written, how)


def _sticking_out(spelling: str, written: str) -> Iterator[tuple[str, str]]:
    """Each way `spelling` can lie across `written` and past it, on either side: the parts of
    `spelling` before and after `written`. Each from a word's start, for only there can a match
    begin: in `written`, or before it, where the spelling fmt replaced began."""
    for offset in _word_starts(written):  # `spelling` starts in `written`, and ends past it
        if offset + len(spelling) > len(written) and _agree(written[offset:], spelling):
            yield "", spelling[len(written) - offset :]
    for start in _word_starts(spelling)[1:]:  # `written` starts in `spelling`
        if _agree(spelling[start:], written):
            yield spelling[:start], spelling[start + len(written) :]


@cache
def _word_starts(text: str) -> tuple[int, ...]:
    """Where in `text` a phrase may start as T001 finds it: not after a word character or a
    dot."""
    return (0, *(i for i in range(1, len(text)) if not _joins(text[i - 1], "_.")))


def _agree(one: str, other: str) -> bool:
    """Whether the shorter of the two starts the longer, in any case."""
    common = min(len(one), len(other))
    return one[:common].casefold() == other[:common].casefold()


def _vocabulary_key(overrides: dict[str, Any], preferred: str, spelling: str = "") -> str | None:
    """The configuration's key for the entry `preferred` (that rejects `spelling`), if any."""
    for key in ("vocabulary", "extend-vocabulary"):
        table = overrides.get(key)
        entry = table.get(preferred) if isinstance(table, dict) else None
        if isinstance(entry, list) and (not spelling or spelling in entry):
            return f'taxonomy.{key}."{preferred}"'
    return None
