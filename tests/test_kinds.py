"""The kinds of document: what is found by its suffix, and analysed and joined by its kind."""

from __future__ import annotations

from pathlib import Path

from sectorlint import kinds
from sectorlint.discover import discover
from sectorlint.limits import Limits
from sectorlint.taxonomy import load
from tests.conftest import CONTENT


def test_a_document_is_of_the_kind_its_suffix_says() -> None:
    for name in ("a.yaml", "a.yml", "a.json", "folder.d/a.yaml"):
        assert kinds.kind_of(name) is kinds.SECTOR_FILES
    assert set(kinds.SUFFIXES) == {".yaml", ".yml", ".json"}


def test_discovery_finds_every_kinds_documents_and_nothing_else(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yml", "c.json", "d.md", "e.txt", ".f.yaml"):
        (tmp_path / name).write_text("id: x\n")
    found = sorted(Path(p).name for p in discover([str(tmp_path)]).files)
    assert found == ["a.yaml", "b.yml", "c.json"]


def test_a_kind_analyses_a_document_and_joins_its_projection_to_the_model() -> None:
    path = str(CONTENT / "it.yaml")
    raw = (CONTENT / "it.yaml").read_bytes()
    kind = kinds.kind_of(path)
    result = kind.analyse(path, raw, Limits(), load())
    assert result.problems == () and result.projection is not None
    sector = kind.joined(path, dict(result.projection), lambda _: ("", {}, {}))
    assert sector.id == "it" and sector.relations
