"""The kinds of document: what is found by its suffix, and analysed and joined by its kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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


def test_a_kind_is_found_by_its_name() -> None:
    for kind in kinds.KINDS:
        assert kinds.named(kind.name) is kind
    assert kinds.SECTOR_FILES.name == "sector"


def test_each_document_joins_the_model_through_the_kind_of_its_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []
    real = kinds.SECTOR_FILES.joined

    def joined(path: str, *args: Any) -> Any:
        seen.append(path)
        return real(path, *args)

    monkeypatch.setattr(kinds.SECTOR_FILES, "joined", joined)
    join = kinds.joining(lambda _: ("", {}, {}))
    sector = join("a.json", {"id": "a", "relations": []}, None)
    assert seen == ["a.json"] and sector.id == "a"
