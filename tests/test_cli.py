"""The command line as a user meets it: output formats, exit codes, defaults."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sectorlint import __version__
from tests.conftest import CONTENT, DATA, PROJECT, ROOT, run_cli

GOLDEN = DATA / "golden"


def assert_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SECTORLINT_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def test_text_output_matches_golden() -> None:
    result = run_cli("check", "broken", cwd=DATA)
    assert result.exit_code == 1
    assert_golden("broken.txt", result.output)


def test_json_output_matches_golden() -> None:
    result = run_cli("check", "--output-format", "json", "broken", cwd=DATA)
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["tool"] == {"name": "sectorlint", "version": __version__}
    document["tool"]["version"] = "<version>"
    assert_golden("broken.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def test_every_file_is_checked_after_a_bad_one() -> None:
    result = run_cli("check", "--output-format", "json", "broken", cwd=DATA)
    document = json.loads(result.output)
    assert document["files_checked"] == len(list((DATA / "broken").iterdir()))
    assert document["summary"]["files_with_problems"] == document["files_checked"]


def test_shipped_content_is_clean() -> None:
    result = run_cli("check", cwd=ROOT)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("All checks passed ("), result.output


def test_single_file_argument() -> None:
    result = run_cli("check", "broken/typo.yaml", cwd=DATA)
    assert result.exit_code == 1
    assert (
        result.output.splitlines()[-1]
        == "Found 5 problems (4 errors, 1 warning) in 1 file (1 file checked)."
    )


def test_missing_path_is_a_usage_error() -> None:
    result = run_cli("check", "no/such/file.yaml", cwd=DATA)
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_no_paths_and_no_content_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("check", cwd=tmp_path)
    assert result.exit_code == 2
    assert "no paths given and no content root ('content/')" in result.output


def test_unknown_output_format_is_a_usage_error() -> None:
    assert run_cli("check", "--output-format", "xml", cwd=PROJECT).exit_code == 2


def test_size_cap_option(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\n" * 100)
    result = run_cli("check", "--max-file-size", "100B", str(tmp_path / "a.yaml"))
    assert result.exit_code == 1
    assert ":1:1: Y008 file is 600 bytes, over the 100-byte cap" in result.output
    assert run_cli("check", "--max-file-size", "lots", "x").exit_code == 2


def test_directories_are_walked_for_content_files_only(tmp_path: Path) -> None:
    (tmp_path / "nested" / "deeper").mkdir(parents=True)
    (tmp_path / "nested" / "deeper" / "a.yml").write_text("- not a mapping\n")
    (tmp_path / "b.json").write_text("[]")
    (tmp_path / "notes.txt").write_text("not content")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.yaml").write_text("- ignored\n")
    result = run_cli("check", str(tmp_path))
    assert result.output.count(": Y005 ") == 2
    assert "Found 2 problems (2 errors) in 2 files (2 files checked)." in result.output


def test_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_schema_command_prints_the_schema() -> None:
    result = run_cli("schema")
    assert json.loads(result.output)["title"] == "Sector"
    assert result.output == (ROOT / "schema" / "sector.schema.json").read_text(encoding="utf-8")


def test_python_dash_m_runs_the_cli() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "sectorlint", "check", "content"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.startswith("All checks passed")


@pytest.mark.parametrize("name", ["\x1b[31mred.yaml", "bell\x07.yaml"])
def test_control_characters_in_file_names_are_escaped(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("- x\n")
    result = run_cli("check", str(path))
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\u001b" in result.output or "\\u0007" in result.output


def test_output_the_terminal_cannot_encode_is_escaped_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "cjk.yaml").write_text("名前: x\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "sectorlint", "check", "cjk.yaml"],
        cwd=tmp_path, capture_output=True, check=False,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
    )  # fmt: skip
    assert completed.returncode == 1
    assert b"Traceback" not in completed.stderr
    assert b"\\u540d\\u524d" in completed.stdout


def test_depth_cap_is_bounded() -> None:
    assert run_cli("check", "--max-depth", "101", "x").exit_code == 2


def test_deepest_allowed_nesting_is_handled(tmp_path: Path) -> None:
    (tmp_path / "deep.yaml").write_text("aliases: " + "[" * 99 + "]" * 99 + "\n")
    result = run_cli("check", "--max-depth", "100", str(tmp_path / "deep.yaml"))
    assert "Y000" not in result.output and "S003" in result.output


def test_special_files_in_a_walk_are_skipped_with_a_notice(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    result = run_cli("check", str(tmp_path))
    assert result.output.count(": Y013 ") == 3
    assert "Found 3 problems (3 warnings) in 3 files (0 files checked)." in result.output


def test_an_empty_directory_says_so(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path))
    assert result.exit_code == 0
    assert result.output == "No content files found (0 files checked).\n"


def test_more_files_than_the_cap_is_a_usage_error(tmp_path: Path) -> None:
    for index in range(5):
        (tmp_path / f"s{index}.yaml").write_text(f"id: s{index}\n")
    result = run_cli("check", "--max-files", "4", str(tmp_path))
    assert result.exit_code == 2
    assert "5 files to read, over the cap of 4" in result.output


def test_a_folder_named_twice_is_checked_once(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    result = run_cli("check", "content", str(root), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "(3 files checked)" in result.output


TRICKY = "x\x1b[31mred\x07\u202e"  # a colour change, a bell, a right-to-left override


def assert_inert(output: str) -> None:
    """No control character but the line breaks, and no bidirectional override, reached the
    terminal: each shows as an escape."""
    from sectorlint.escaping import UNSAFE

    assert UNSAFE.findall(output.replace("\n", "")) == [], output
    assert "\\u001b" in output or "\\u0007" in output or "\\u202e" in output, output


def tricky_project(tmp_path: Path, config: str = 'content-roots = ["content"]\n') -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / ".sectorlint.toml").write_text(config, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("files", "args"),
    [
        ({f"content/{TRICKY}.yaml": "id: bpo\nname: N   \n"}, ("check", "--fix", "--no-cache")),
        ({f"content/{TRICKY}.yaml": "id: [\n"}, ("render", "--force")),
        ({}, ("check", "--output-file", f"{TRICKY}/report.txt")),
        ({}, ("check", "--baseline", f"{TRICKY}.json")),
        ({f"content/{TRICKY}.yaml": "id: x\n"}, ("check", "--staged", f"content/{TRICKY}.yaml")),
        ({}, ("render", "--force", "--sectors", TRICKY)),
        ({}, ("rule", TRICKY)),
    ],
)
def test_names_and_messages_reach_the_terminal_escaped(
    tmp_path: Path, files: dict[str, str], args: tuple[str, ...]
) -> None:
    root = tricky_project(tmp_path)
    shutil.copy(CONTENT / "bpo.yaml", root / "content" / "bpo.yaml")
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    if "--staged" in args:
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    result = run_cli(*args, cwd=root)
    assert "Traceback" not in result.output
    assert_inert(result.output)


@pytest.mark.parametrize(
    "config",
    [
        f'"{TRICKY}" = 1\n',
        f'content-roots = ["{TRICKY}"]\n',
        f'ignore = ["{TRICKY}"]\n',
        f'[taxonomy.extend-vocabulary]\n"{TRICKY}" = [""]\n',
    ],
)
def test_a_configuration_error_quoting_the_file_reaches_the_terminal_escaped(
    tmp_path: Path, config: str
) -> None:
    root = tricky_project(tmp_path, config.replace("\x1b", "\\u001b").replace("\x07", "\\u0007"))
    result = run_cli("check", "content", cwd=root)
    assert result.exit_code == 2
    assert_inert(result.output)


def test_the_schema_with_the_projects_fields_reaches_the_terminal_escaped(tmp_path: Path) -> None:
    config = '[schema.fields.sla_hours]\ntype = "integer"\ndescription = "Hours\\u202e\\u0085."\n'
    root = tricky_project(tmp_path, config)
    result = run_cli("schema", cwd=root)
    assert result.exit_code == 0, result.output
    assert_inert(result.output)
    description = json.loads(result.output)["properties"]["sla_hours"]["description"]
    assert description == "Hours\u202e\u0085."  # the same text, as JSON escapes
