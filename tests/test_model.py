"""`model`, read as its specification: a content set's sectors as the cross-file rules see them.

There is one `Model`; its sectors are kept by a store, a list in memory or (for a very large
set) a temporary file. Every question about the set is asked of a model over each store, and
must get the same answer from both. Sectors are built from plain data here; no file is read.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sectorlint import kinds
from sectorlint.analysis import project
from sectorlint.document import Document, JsonPath, Spans
from sectorlint.model import (
    Gathered,
    Gathering,
    KeyTable,
    Model,
    ModelBuilder,
    Relation,
    Sector,
    SectorList,
    SectorStore,
    loose_key,
)
from sectorlint.spill import Spill
from sectorlint.taxonomy import load

TAXONOMY = load()
Files = dict[str, dict[str, Any]]  # path -> the data of the sector file there


def no_spans(path: str) -> tuple[str, Spans, Spans]:
    return "", {}, {}


def gathered(gathering: Gathering, files: Files) -> SectorStore:
    for path, data in files.items():
        gathering.add(path, project(data), None)
    return gathering.store()


def in_memory(files: Files) -> SectorStore:
    return gathered(Gathered(kinds.joining(no_spans)), files)


def spilled(files: Files) -> SectorStore:
    return gathered(Spill(no_spans), files)


@pytest.fixture(params=[in_memory, spilled], ids=["in memory", "spilled to a file"])
def store_of(request: pytest.FixtureRequest) -> Callable[[Files], SectorStore]:
    """How the sectors of the set are kept: each test runs once with each store."""
    made: Callable[[Files], SectorStore] = request.param
    return made


@pytest.fixture
def model_of(store_of: Callable[[Files], SectorStore]) -> Callable[[Files], Model]:
    return lambda files: Model(store_of(files), TAXONOMY)


ModelOf = Callable[[Files], Model]


def paths(sectors: Iterator[Sector] | Any) -> list[str]:
    return [sector.path for sector in sectors]


# The sectors


def test_sectors_come_in_path_order_whatever_order_they_arrived_in(model_of: ModelOf) -> None:
    set_ = model_of({"it.yaml": {"id": "it"}, "Bpo.yaml": {"id": "b"}, "bpo.yaml": {"id": "c"}})
    assert paths(set_.sectors) == ["Bpo.yaml", "bpo.yaml", "it.yaml"]  # as Python sorts texts
    assert paths(set_.sectors) == ["Bpo.yaml", "bpo.yaml", "it.yaml"]  # and again, each pass
    assert len(set_.sectors) == 3


def test_a_sector_keeps_the_fields_the_rules_read(model_of: ModelOf) -> None:
    set_ = model_of({"it.yaml": {"id": "it", "name": "IT", "aliases": ["Tech"], "x-own": 1}})
    (it,) = set_.sectors
    assert (it.id, it.text("name"), it.strings("aliases")) == (
        "it",
        "IT",
        [(("aliases", 0), "Tech")],
    )


# Ids


def test_the_first_sector_in_path_order_owns_an_id(model_of: ModelOf) -> None:
    set_ = model_of({"b.yaml": {"id": "bpo"}, "a.yaml": {"id": "bpo"}, "c.yaml": {"id": "it"}})
    assert set_.by_id["bpo"].path == "a.yaml"
    assert set_.by_id.get("bpo") == set_.by_id["bpo"]
    assert "bpo" in set_.by_id and "kpo" not in set_.by_id
    assert set_.by_id.get("kpo") is None
    with pytest.raises(KeyError):
        set_.by_id["kpo"]


def test_the_ids_are_each_id_once_in_the_path_order_of_their_owners(model_of: ModelOf) -> None:
    set_ = model_of({"a.yaml": {"id": "zeta"}, "b.yaml": {"id": "alpha"}, "c.yaml": {"id": "zeta"}})
    assert list(set_.by_id) == ["zeta", "alpha"]
    assert len(set_.by_id) == 2
    assert paths(set_.by_id.values()) == ["a.yaml", "b.yaml"]


# Names


def test_a_name_claimed_twice_belongs_to_the_first_claimant_in_path_order(
    model_of: ModelOf,
) -> None:
    set_ = model_of(
        {
            "b.yaml": {"id": "b", "aliases": ["help desk"]},
            "a.yaml": {"id": "a", "name": "Help Desk"},
        }
    )
    assert set_.first_claim(loose_key)("help desk") == set_.by_id["a"]
    assert set_.first_claim(loose_key)("b") == set_.by_id["b"]


def test_a_key_function_may_leave_names_out(model_of: ModelOf) -> None:
    def short(path: JsonPath, name: str) -> str | None:
        return name if len(name) <= 4 else None

    set_ = model_of({"a.yaml": {"id": "a", "name": "Information technology", "aliases": ["IT"]}})
    lookup = set_.first_claim(short)
    assert lookup("IT") == set_.by_id["a"]
    assert lookup("Information technology") is None


def test_each_key_function_gets_one_lookup(model_of: ModelOf) -> None:
    set_ = model_of({"a.yaml": {"id": "a"}})
    assert set_.first_claim(loose_key) is set_.first_claim(loose_key)


def test_first_claims_hold_across_a_set_larger_than_a_batch_of_writes(
    model_of: ModelOf,
) -> None:
    # (the file store writes claims a thousand at a time: the first must win across batches)
    files = {f"s{n:04}.yaml": {"id": f"s{n}", "aliases": ["shared"]} for n in range(2500)}
    files["s2400.yaml"]["aliases"] = ["late"]
    set_ = model_of(files)
    lookup = set_.first_claim(loose_key)
    assert lookup("shared") == set_.by_id["s0"]
    assert lookup("late") == set_.by_id["s2400"]
    assert set_.by_id["s2499"].path == "s2499.yaml"


# Resolving what a relation names


def test_a_target_is_resolved_by_id_then_by_name_or_alias_as_people_write_them(
    model_of: ModelOf,
) -> None:
    set_ = model_of(
        {"bpo.yaml": {"id": "bpo", "name": "Business Process Outsourcing", "aliases": ["BPO"]}}
    )
    bpo = set_.by_id["bpo"]
    assert set_.resolve("bpo") == bpo
    assert set_.resolve("business-process-outsourcing") == bpo
    assert set_.resolve("BPO") == bpo
    assert set_.resolve("kpo") is None
    assert set_.meant("Business process outsourcing") == "bpo"
    assert set_.meant("kpo") == "kpo"  # nothing by that name: the target stays as written


def test_an_id_is_resolved_to_its_owner_before_a_name_another_sector_gives_it(
    model_of: ModelOf,
) -> None:
    set_ = model_of({"a.yaml": {"id": "a", "aliases": ["it"]}, "it.yaml": {"id": "it"}})
    assert set_.resolve("it") == set_.by_id["it"]
    assert set_.meant("it") == "it"


# Relations


def test_relations_come_with_their_sector_in_path_order(model_of: ModelOf) -> None:
    set_ = model_of(
        {
            "it.yaml": {"id": "it", "relations": {"overlaps_with": [{"sector": "bpo"}]}},
            "bpo.yaml": {
                "id": "bpo",
                "relations": {"subset_of": [{"sector": "x"}], "overlaps_with": [{"sector": "it"}]},
            },
        }
    )
    found = [(sector.id, relation) for sector, relation in set_.relations()]
    assert found == [
        ("bpo", Relation("subset_of", "x", None, 0)),
        ("bpo", Relation("overlaps_with", "it", None, 0)),
        ("it", Relation("overlaps_with", "bpo", None, 0)),
    ]


def test_related_gives_only_relations_whose_target_exists(model_of: ModelOf) -> None:
    set_ = model_of(
        {
            "it.yaml": {"id": "it"},
            "bpo.yaml": {
                "id": "bpo",
                "relations": {"overlaps_with": [{"sector": "it"}, {"sector": "nowhere"}]},
            },
        }
    )
    found = [(s.id, r.target, t.path) for s, r, t in set_.related("overlaps_with")]
    assert found == [("bpo", "it", "it.yaml")]
    assert list(set_.related("subset_of")) == []


def test_a_relation_targets_the_owner_of_its_id(model_of: ModelOf) -> None:
    set_ = model_of(
        {
            "z.yaml": {"id": "z", "relations": {"subset_of": [{"sector": "bpo"}]}},
            "b.yaml": {"id": "bpo"},
            "a.yaml": {"id": "bpo"},
        }
    )
    assert [t.path for _, _, t in set_.related("subset_of")] == ["a.yaml"]


# The tables a store makes for the model


@pytest.fixture
def table(store_of: Callable[[Files], SectorStore]) -> Callable[[Files], tuple[KeyTable, Model]]:
    def made(files: Files) -> tuple[KeyTable, Model]:
        store = store_of(files)
        return store.table(), Model(store, TAXONOMY)

    return made


def test_a_table_keeps_the_sector_a_key_was_first_given(
    table: Callable[[Files], tuple[KeyTable, Model]],
) -> None:
    keys, set_ = table({"a.yaml": {"id": "a"}, "b.yaml": {"id": "b"}})
    a, b = set_.by_id["a"], set_.by_id["b"]
    keys.setdefault("k", b)
    keys.setdefault("k", a)
    keys.setdefault("j", a)
    assert (keys["k"], keys.get("j"), keys.get("x")) == (b, a, None)
    assert list(keys) == ["k", "j"] and len(keys) == 2
    keys.setdefault("x", b)  # after it was read: seen at the next read
    assert keys.get("x") == b and "x" in keys


def test_each_table_a_store_makes_is_its_own(
    table: Callable[[Files], tuple[KeyTable, Model]],
) -> None:
    keys, set_ = table({"a.yaml": {"id": "a"}})
    keys.setdefault("k", set_.by_id["a"])
    assert "k" not in set_.sectors.table()


# What a model built from plain data says about a sector itself


def sector(path: str, **data: Any) -> Sector:
    return Sector(Document(path, data, "", {}, {}))


def test_relations_are_read_from_the_data_with_their_place() -> None:
    bpo = sector("bpo.yaml", id="bpo", relations={"overlaps_with": [{"sector": "it", "via": "x"}]})
    assert bpo.relations == (Relation("overlaps_with", "it", "x", 0),)


def test_a_misspelt_key_in_a_relation_is_read_as_the_key_it_stands_for() -> None:
    call = sector("c.yaml", id="c", relations={"subset_of": [{"sectr": "bpo"}]})
    assert [(r.kind, r.target) for r in call.relations] == [("subset_of", "bpo")]


def test_a_model_given_a_list_keeps_its_sectors_in_memory() -> None:
    a, b = sector("b.yaml", id="b"), sector("a.yaml", id="a")
    set_ = Model([a, b], TAXONOMY)
    assert isinstance(set_.sectors, SectorList)
    assert list(set_.sectors) == [b, a]
    assert set_.by_id["a"] is b  # the very objects given


# Assembling a model as the documents' results arrive


@pytest.fixture(params=["in memory", "spilled to a file"])
def gathering(request: pytest.FixtureRequest) -> Gathering:
    if request.param == "in memory":
        return Gathered(kinds.joining(no_spans))
    return Spill(no_spans)


def test_a_model_is_assembled_from_the_documents_that_hold_a_sector(gathering: Gathering) -> None:
    builder = ModelBuilder(TAXONOMY, gathering, former_ids=frozenset({"gone"}))
    builder.add("b.yaml", project({"id": "b", "relations": {"subset_of": [{"sector": "a"}]}}), None)
    builder.add("broken.yaml", None, None)  # no sector could be read from it
    builder.add("a.yaml", project({"id": "a"}), None)
    set_ = builder.model()
    assert paths(set_.sectors) == ["a.yaml", "b.yaml"]
    assert [(s.id, r.target, t.id) for s, r, t in set_.related("subset_of")] == [("b", "a", "a")]
    assert set_.former_ids == {"gone"}


def test_a_document_kept_whole_joins_the_model_whole() -> None:
    document = Document("a.yaml", {"id": "a", "definition": "all of it"}, "", {}, {})
    builder = ModelBuilder(TAXONOMY, Gathered(kinds.joining(no_spans)))
    builder.add("a.yaml", project(document.data), document)
    (sector,) = builder.model().sectors
    assert sector.document is document and sector.text("definition") == "all of it"
    assert builder.model().former_ids == frozenset()


# The file store's promise: memory that does not grow with the set


def live_sectors() -> int:
    return sum(1 for thing in gc.get_objects() if isinstance(thing, Sector))


def test_a_spilled_model_holds_a_thousand_sectors_at_the_most_however_many_it_has() -> None:
    files = {
        f"s{n:04}.yaml": {
            "id": f"s{n}",
            "aliases": [f"alias {n}"],
            "relations": {"subset_of": [{"sector": f"s{n // 2}"}]},
        }
        for n in range(4000)
    }
    before = live_sectors()
    set_ = Model(spilled(files), TAXONOMY)
    parents = [parent.id for _, _, parent in set_.related("subset_of")]  # every id looked up
    named = [set_.resolve(f"alias {n}") for n in range(0, 4000, 3)]  # and names
    assert len(parents) == 4000 and all(named)
    del named
    assert live_sectors() - before <= 1030
