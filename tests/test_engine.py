"""`engine`, read as its specification: what a run over paths gives back.

A content set of three sectors (the fixture project's), copied so each test can break it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sectorlint import engine
from sectorlint.config import Config
from tests.conftest import CONTENT


def project(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def found(report: engine.Report) -> list[tuple[str, str]]:
    return [(Path(p.path).name, p.code) for p in report.problems]


def options(root: Path, **more: object) -> engine.Options:
    return engine.Options(config=Config(root=root.parent), **more)  # type: ignore[arg-type]


def test_a_folder_is_its_content_set_and_problems_come_in_path_order(tmp_path: Path) -> None:
    root = project(tmp_path)
    for name in ("it.yaml", "bpo.yaml"):
        path = root / name
        path.write_text(path.read_text(encoding="utf-8").replace("scope: broad", "scope: brod"))
    report = engine.check([str(root)], options(root))
    assert [name for name, _ in found(report)] == ["bpo.yaml", "it.yaml"]
    assert sorted(Path(f).name for f in report.files) == ["bpo.yaml", "call-center.yaml", "it.yaml"]


def test_a_file_given_alone_is_checked_against_its_whole_set(tmp_path: Path) -> None:
    """Its own problems, and the cross-file ones it is part of; not the others' own."""
    root = project(tmp_path)
    it = root / "it.yaml"
    it.write_text(it.read_text(encoding="utf-8").replace("scope: broad", "scope: brod"))
    bpo = root / "bpo.yaml"
    bpo.write_text(bpo.read_text(encoding="utf-8").replace("id: bpo\n", "id: outsourcing\n"))
    given = str(root / "call-center.yaml")
    result = engine.run([given], options(root))
    assert result.report.files == (given,)
    assert ("it.yaml", "S004") not in found(result.report)  # another file's own problem
    assert ("call-center.yaml", "R001") in found(result.report)  # its relation to BPO broke
    assert all(p.path == given or given in p.related for p in result.report.problems)
    assert len(result.model.sectors) == 3  # the whole set was read


def test_the_content_roots_make_one_set_for_a_file_given_alone(tmp_path: Path) -> None:
    """A file of one root is checked against every root, as a run over all of them does: a
    relation to a sector of another root is no unknown sector."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    for name in ("bpo.yaml", "it.yaml"):
        shutil.copy(CONTENT / name, first)
    shutil.copy(CONTENT / "call-center.yaml", second)  # a subset of bpo, in the other root
    config = Config(root=tmp_path, content_roots=("a", "b"))
    whole = engine.check([str(first), str(second)], engine.Options(config=config))
    alone = engine.check([str(second / "call-center.yaml")], engine.Options(config=config))
    assert found(alone) == [f for f in found(whole) if f[0] == "call-center.yaml"] == []
    assert len(alone.read) > 3  # both roots' files and folders


def test_a_set_given_as_texts_is_checked_instead_of_the_disk(tmp_path: Path) -> None:
    root = project(tmp_path)
    texts = {str(p): p.read_bytes() for p in root.glob("*.yaml")}
    texts[str(root / "it.yaml")] = texts[str(root / "it.yaml")].replace(
        b"scope: broad", b"scope: b"
    )
    report = engine.check([], options(root, texts=texts))
    assert found(report) == [("it.yaml", "S004")]
    assert engine.check([str(root)], options(root)).problems == ()  # the disk is clean


def test_a_file_that_cannot_be_read_is_a_problem_and_the_run_goes_on(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "bad.yaml").write_bytes(b"id: \xff\n")
    report = engine.check([str(root)], options(root))
    assert ("bad.yaml", "Y004") in found(report)
    assert len(report.files) == 4
