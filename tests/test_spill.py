"""The model of a very large set, kept in a temporary file: the same answers, and a clear
failure when the temporary file cannot be written."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sectorlint import engine, kinds, spill
from sectorlint.config import Config
from tests.conftest import CONTENT, run_cli


def findings(root: Path, spill_from: int = 20_000) -> list[tuple[str, str, int, int, str]]:
    options = engine.Options(config=Config(root=root.parent), spill_from=spill_from)
    report = engine.check([str(root)], options)
    return [(p.path, p.code, p.line, p.column, p.message) for p in report.problems]


def test_names_and_ids_that_are_not_valid_text_spill_as_they_are_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    odd_name = os.fsdecode(b"caf\xe9.yaml")  # a file name that is not UTF-8
    text = (CONTENT / "it.yaml").read_text(encoding="utf-8").replace("id: it\n", "id: cafe\n", 1)
    (root / odd_name).write_text(text, encoding="utf-8")
    lone = {"id": "x\ud800", "name": "Lone \udfff half", "aliases": ["IT"]}  # JSON may say so
    (root / "lone.json").write_text(json.dumps(lone), encoding="utf-8")
    in_memory = findings(root)
    assert findings(root, spill_from=0) == in_memory
    assert {code for _, code, *_ in in_memory} >= {"R002"}  # both claim the other's names


class _FullDisk:
    """A connection whose writes fail as they do on a full disk."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real

    def executemany(self, *args: Any) -> Any:
        raise sqlite3.OperationalError("database or disk is full")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_a_temporary_file_that_cannot_be_written_ends_the_run_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    connect = sqlite3.connect
    monkeypatch.setattr(spill.sqlite3, "connect", lambda *a, **k: _FullDisk(connect(*a, **k)))
    with engine.default_spill_from(0):  # the command line's options say nothing of it
        result = run_cli("check", "--no-cache", str(root))
    assert result.exit_code == 2
    assert "database or disk is full" in result.output
    assert "SQLITE_TMPDIR" in result.output
    assert "Traceback" not in result.output


def test_options_made_inside_default_spill_from_spill_unless_they_say_otherwise() -> None:
    with engine.default_spill_from(0):
        assert engine.Options().spill_from == 0
        assert engine.Options(spill_from=5).spill_from == 5
    assert engine.Options().spill_from == 20_000


def test_a_spilled_sector_is_joined_again_through_its_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    joined: list[str] = []
    kind = kinds.SECTOR_FILES
    real = kind.joined

    def counted(path: str, *args: Any) -> Any:
        joined.append(Path(path).name)
        return real(path, *args)

    monkeypatch.setattr(kind, "joined", counted)
    assert findings(root, spill_from=0) == []
    assert {"bpo.yaml", "call-center.yaml", "it.yaml"} <= set(joined)


def test_the_model_kind_fixture_reaches_the_options_a_test_makes(model_kind: str) -> None:
    spilled = engine.Options().spill_from == 0
    assert spilled == (model_kind == "model spilled to a file")
