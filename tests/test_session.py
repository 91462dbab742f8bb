"""A session: a content set kept alive, one document re-checked at a time, as an editor would.

Every answer is compared with what `check` says of the same texts written to disk.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sectorlint import analysis, engine
from sectorlint.config import Config
from sectorlint.model import Model
from sectorlint.rules import RULES, Rule, run_set_rules
from sectorlint.rules.examples import complete
from sectorlint.session import Session
from tests.conftest import CONTENT


def project(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def options(root: Path) -> engine.Options:
    return engine.Options(config=Config(root=root.parent))


def codes(found: dict[str, tuple[engine.Problem, ...]]) -> dict[str, list[str]]:
    return {Path(path).name: [p.code for p in problems] for path, problems in found.items()}


def on_disk(root: Path) -> dict[str, list[tuple[str, int, int, str]]]:
    """What a fresh `check` of the folder says, file by file."""
    found: dict[str, list[tuple[str, int, int, str]]] = {p.name: [] for p in root.glob("*.yaml")}
    for p in engine.check([str(root)], options(root)).problems:
        found.setdefault(Path(p.path).name, []).append((p.code, p.line, p.column, p.message))
    return found


def seen(session: Session) -> dict[str, list[tuple[str, int, int, str]]]:
    return {
        Path(path).name: [(p.code, p.line, p.column, p.message) for p in problems]
        for path, problems in session.reported.items()
    }


def test_a_clean_set_has_no_problem(tmp_path: Path) -> None:
    root = project(tmp_path)
    session = Session([str(root)], options(root))
    assert codes(session.check()) == {"bpo.yaml": [], "call-center.yaml": [], "it.yaml": []}


def test_an_unsaved_buffer_is_checked_against_the_set_on_disk(tmp_path: Path) -> None:
    """Renaming BPO's id in its buffer breaks the call center's relation to it: both files'
    problems come back, and nothing is written."""
    root = project(tmp_path)
    session = Session([str(root)], options(root))
    session.check()
    bpo = root / "bpo.yaml"
    before = bpo.read_text(encoding="utf-8")
    buffer = before.replace("id: bpo\n", "id: outsourcing\n", 1)
    changed = session.update(str(bpo), buffer)
    assert bpo.read_text(encoding="utf-8") == before
    assert "call-center.yaml" in codes(changed)
    assert (
        "R001" in codes(changed)["call-center.yaml"] or "R003" in codes(changed)["call-center.yaml"]
    )
    bpo.write_text(buffer, encoding="utf-8")
    assert seen(session) == on_disk(root)


def test_only_the_files_whose_problems_changed_come_back(tmp_path: Path) -> None:
    root = project(tmp_path)
    session = Session([str(root)], options(root))
    session.check()
    it = root / "it.yaml"
    broken = it.read_text(encoding="utf-8").replace("scope: broad", "scope: brod")
    assert codes(session.update(str(it), broken)) == {"it.yaml": ["S004"]}
    assert session.update(str(it), broken) == {}  # the same text again: nothing changed
    assert codes(session.update(str(it), None)) == {"it.yaml": []}  # back to the disk's text


def test_a_new_document_joins_the_set_and_a_deleted_one_leaves_it(tmp_path: Path) -> None:
    root = project(tmp_path)
    session = Session([str(root)], options(root))
    session.check()
    new = root / "kpo.yaml"
    text = (root / "it.yaml").read_text(encoding="utf-8").replace("id: it\n", "id: kpo\n", 1)
    changed = session.update(str(new), text)
    assert "kpo.yaml" in codes(changed)
    (root / "call-center.yaml").unlink()
    changed = session.update(str(root / "call-center.yaml"), None)
    assert "R001" in codes(changed)["it.yaml"]  # it supports a sector no longer there
    assert str(root / "call-center.yaml") not in session.reported
    new.write_text(text, encoding="utf-8")
    assert seen(session) == on_disk(root)


def test_a_buffer_that_is_not_yaml_is_a_problem_and_the_rest_is_still_checked(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    session = Session([str(root)], options(root))
    session.check()
    changed = session.update(str(root / "bpo.yaml"), "id: [\n")
    assert codes(changed)["bpo.yaml"] == ["Y001"]
    assert any(p.code.startswith("R") for p in changed.get(str(root / "call-center.yaml"), ()))


# X001 is born in `select`, which finds suppressions nothing used.
BORN_IN_RULES = {code: rule for code, rule in RULES.items() if code != "X001"}


@pytest.mark.parametrize("rule", BORN_IN_RULES.values(), ids=list(BORN_IN_RULES))
def test_a_problem_is_born_with_its_rules_default_severity(rule: Rule, tmp_path: Path) -> None:
    """Before `select` (which applies the configuration), as the cache stores it: a session's
    problems are selected, a file's analysis and the set rules' are not."""
    for name, text in rule.BAD.items():
        (tmp_path / name).write_text(complete(name, text), encoding="utf-8")
    session = Session([str(tmp_path)], engine.Options(config=Config(root=tmp_path)))
    born = [p for r in session.results.values() for p in r.problems]
    model = Model(sorted(session.sectors.values(), key=lambda s: s.path), session.taxonomy)
    born += run_set_rules(model, "")[0]
    mine = [p for p in born if p.code == rule.CODE]
    assert mine and {p.severity for p in mine} == {rule.SEVERITY}


def test_a_document_named_another_way_is_the_same_document(tmp_path: Path) -> None:
    """Editors send absolute paths; the set may know the file by a relative one."""
    root = project(tmp_path)
    session = Session([str(root)], options(root))
    session.check()
    bpo = root / "bpo.yaml"
    other_name = str(root.parent / "content" / ".." / "content" / "bpo.yaml")
    assert session.update(other_name, bpo.read_text(encoding="utf-8")) == {}
    link = tmp_path / "link.yaml"
    link.symlink_to(bpo)
    assert session.update(str(link), bpo.read_text(encoding="utf-8")) == {}
    assert seen(session) == on_disk(root)


def test_a_buffer_over_the_size_cap_is_reported_as_a_file_would_be(tmp_path: Path) -> None:
    root = project(tmp_path)
    session = Session([str(root)], options(root))
    session.check()
    it = root / "it.yaml"
    huge = it.read_text(encoding="utf-8") + "#" * (1 << 20)
    changed = session.update(str(it), huge)
    assert codes(changed)["it.yaml"] == ["Y008"]
    it.write_text(huge, encoding="utf-8")
    assert seen(session) == on_disk(root)


def test_a_document_outside_the_set_is_not_taken_in(tmp_path: Path) -> None:
    root = project(tmp_path)
    session = Session([str(root)], options(root))
    session.check()
    text = (root / "it.yaml").read_text(encoding="utf-8").replace("id: it\n", "id: x\n")
    (tmp_path / "elsewhere").mkdir()
    assert session.update(str(tmp_path / "elsewhere" / "x.yaml"), text) == {}
    assert session.update(str(root / "notes.txt"), "hello") == {}
    assert session.update(str(root / ".hidden.yaml"), text) == {}
    assert seen(session) == on_disk(root)


def test_a_session_starts_from_the_cache_check_left_reading_no_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    cached = engine.Options(config=Config(root=root.parent), use_cache=True)
    expected = engine.check([str(root)], cached).problems
    monkeypatch.setattr(analysis, "analyse", lambda *args, **kwargs: pytest.fail("analysed"))
    session = Session([str(root)], cached)
    assert sorted(p for ps in session.check().values() for p in ps) == sorted(expected)


def test_a_document_below_a_hidden_folder_never_joins_the_set(tmp_path: Path) -> None:
    """An editor's local history (`.history/`) copies sectors: check skips it, so does a session."""
    root = project(tmp_path)
    session = Session([str(root)], options(root))
    session.check()
    copy = root / ".history" / "bpo_20261202.yaml"
    copy.parent.mkdir()
    shutil.copy(root / "bpo.yaml", copy)
    assert session.update(str(copy), None) == {}
    assert session.update(str(copy), copy.read_text(encoding="utf-8")) == {}
    assert all(not problems for problems in session.check().values())
