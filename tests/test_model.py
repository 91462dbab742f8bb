"""`model`, read as its specification: a content set's sectors as the cross-file rules see them.

Sectors are built from plain data here; no file is read.
"""

from __future__ import annotations

from typing import Any

from sectorlint.document import Document
from sectorlint.model import Model, Relation, Sector, loose_key
from sectorlint.taxonomy import load


def sector(path: str, **data: Any) -> Sector:
    return Sector(Document(path, data, "", {}, {}))


def model(*sectors: Sector) -> Model:
    return Model(list(sectors), load())


def test_relations_are_read_from_the_data_with_their_place() -> None:
    bpo = sector("bpo.yaml", id="bpo", relations={"overlaps_with": [{"sector": "it", "via": "x"}]})
    assert bpo.relations == (Relation("overlaps_with", "it", "x", 0),)


def test_a_misspelt_key_in_a_relation_is_read_as_the_key_it_stands_for() -> None:
    call = sector("c.yaml", id="c", relations={"subset_of": [{"sectr": "bpo"}]})
    assert [(r.kind, r.target) for r in call.relations] == [("subset_of", "bpo")]


def test_the_first_sector_in_path_order_owns_an_id() -> None:
    first, second = sector("a.yaml", id="bpo"), sector("b.yaml", id="bpo")
    assert model(first, second).by_id["bpo"] is first


def test_a_target_is_resolved_by_id_then_by_name_or_alias_as_people_write_them() -> None:
    bpo = sector("bpo.yaml", id="bpo", name="Business Process Outsourcing", aliases=["BPO"])
    set_ = model(bpo)
    assert set_.resolve("bpo") is bpo
    assert set_.resolve("business-process-outsourcing") is bpo
    assert set_.resolve("BPO") is bpo
    assert set_.meant("Business process outsourcing") == "bpo"
    assert set_.meant("kpo") == "kpo"  # nothing by that name: the target stays as written


def test_a_name_claimed_twice_belongs_to_the_first_claimant() -> None:
    a = sector("a.yaml", id="a", name="Help Desk")
    b = sector("b.yaml", id="b", aliases=["help desk"])
    assert model(a, b).first_claim(loose_key)("help desk") is a


def test_related_gives_only_relations_whose_target_exists() -> None:
    it = sector("it.yaml", id="it")
    bpo = sector(
        "bpo.yaml",
        id="bpo",
        relations={"overlaps_with": [{"sector": "it"}, {"sector": "nowhere"}]},
    )
    found = [(s.id, r.target, t.id) for s, r, t in model(bpo, it).related("overlaps_with")]
    assert found == [("bpo", "it", "it")]
