"""Promises of SECURITY.md that no other test held: each is checked here as a user would meet it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from sectorlint import schema
from tests.conftest import CONTENT, run_cli

HOSTILE = 'id: x\n"\\e[2K\\e[1Afake\\u202e\\a": 1\n'  # an escape sequence, an override, a bell


@pytest.mark.parametrize("output_format", ["json", "sarif", "gitlab"])
def test_json_reports_escape_control_characters_and_overrides(
    tmp_path: Path, output_format: str
) -> None:
    hostile = tmp_path / "bad\x1b[2Kname\u202e.yaml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    output = run_cli("check", "--output-format", output_format, str(hostile)).output
    assert "\x1b" not in output and "\u202e" not in output and "\x07" not in output
    assert "u001b" in output and "u202e" in output  # shown as escapes, not dropped
    json.loads(output)  # and still JSON


def test_junit_escapes_what_xml_cannot_hold_and_drops_nothing(tmp_path: Path) -> None:
    hostile = tmp_path / "bad\x1b[2Kname.yaml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    output = run_cli("check", "--output-format", "junit", str(hostile)).output
    assert "\x1b" not in output and "\x07" not in output
    messages = [
        failure.get("message") for failure in ElementTree.fromstring(output).iter("failure")
    ]
    assert "unknown key '\\u001b[2K\\u001b[1Afake\u202e\\u0007'" in messages


def test_a_file_sectorlint_fails_on_gets_y000_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    real = schema.validate

    def failing_on_bpo(document, *args):  # type: ignore[no-untyped-def]
        if document.path.endswith("bpo.yaml"):
            raise RuntimeError("a bug of ours")
        return real(document, *args)

    monkeypatch.setattr(schema, "validate", failing_on_bpo)
    result = run_cli("check", "--no-cache", "content", cwd=tmp_path)
    assert "content/bpo.yaml:1:1: Y000 internal error, please report it: RuntimeError" in (
        result.output
    )
    assert "Traceback" not in result.output
    assert "(3 files checked)." in result.output  # the other files were checked


def test_a_directory_link_is_not_followed_so_a_loop_cannot_trap_the_walk(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "again").symlink_to(root, target_is_directory=True)  # content/again/again/...
    (root / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    result = run_cli("check", "content", cwd=tmp_path)
    assert result.exit_code == 0
    assert "All checks passed (3 files checked)." in result.output


def test_a_cache_dir_that_is_an_address_is_refused(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / ".sectorlint.toml").write_text("cache-dir = 'https://example.org/cache'\n")
    result = run_cli("check", "content", cwd=tmp_path)
    assert result.exit_code == 2
    assert "'cache-dir' must be a local folder path" in result.output


def test_no_code_is_loaded_from_the_working_directory(tmp_path: Path) -> None:
    """A module in the checked folder named like one sectorlint imports is never run."""
    shutil.copytree(CONTENT, tmp_path / "content")
    for name in ("jsonschema_rs", "click", "sqlite3", "tomllib", "sitecustomize"):
        (tmp_path / f"{name}.py").write_text("raise SystemExit('loaded from the project')\n")
    script = shutil.which("sectorlint") or str(Path(sys.executable).with_name("sectorlint"))
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    completed = subprocess.run(
        [script, "check", "content"], cwd=tmp_path, capture_output=True, text=True,
        env=environment, check=False,
    )  # fmt: skip
    assert "loaded from the project" not in completed.stdout + completed.stderr
    assert completed.returncode == 0, completed.stderr
