"""The model of a very large set, kept in a temporary file: the same answers, and a clear
failure when the temporary file cannot be written."""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sectorlint import engine, spill
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
    monkeypatch.setattr(engine, "Options", functools.partial(engine.Options, spill_from=0))
    connect = sqlite3.connect
    monkeypatch.setattr(spill.sqlite3, "connect", lambda *a, **k: _FullDisk(connect(*a, **k)))
    result = run_cli("check", "--no-cache", str(root))
    assert result.exit_code == 2
    assert "database or disk is full" in result.output
    assert "SQLITE_TMPDIR" in result.output
    assert "Traceback" not in result.output
