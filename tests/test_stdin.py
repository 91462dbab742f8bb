"""Standard input, as editors and formatters' integrations give it: `check --stdin-filename PATH
-` checks the text as if it were PATH with the rest of PATH's set on disk; `fmt` prints it
formatted; `-` alone is a document named `-` checked alone; never a remembered answer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sectorlint import answers, engine
from sectorlint.cli import main
from sectorlint.config import load_config
from tests.conftest import CONTENT, PROJECT

IT = "content/it.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def piped(text: str | bytes, *args: str) -> Result:
    data = text.encode() if isinstance(text, str) else text
    return CliRunner().invoke(main, list(args), input=data, catch_exceptions=False)


def it_text(project: Path) -> str:
    return (project / IT).read_text(encoding="utf-8")


def test_a_buffer_with_a_broken_relation_reports_it_at_the_path_given(project: Path) -> None:
    broken = it_text(project).replace("- sector: bpo", "- sector: bpx", 1)
    result = piped(broken, "check", "--stdin-filename", IT, "-")
    assert result.exit_code == 1
    assert f"{IT}:69:15: R001 'bpx' is not the id of any sector" in result.stdout
    assert "did you mean 'bpo'?" in result.stdout  # the rest of the set was read from disk
    assert "1 file checked" in result.stdout
    assert (project / IT).read_text(encoding="utf-8") != broken  # nothing written


def test_a_buffer_fixing_a_problem_on_disk_clears_it(project: Path) -> None:
    good = it_text(project)
    (project / IT).write_text(good.replace("- sector: bpo", "- sector: bpx", 1), encoding="utf-8")
    assert piped("", "check", "content/it.yaml").exit_code == 1  # the disk is broken
    result = piped(good, "check", "--stdin-filename", IT, "-")
    assert result.exit_code == 0, result.output
    assert result.stdout == "All checks passed (1 file checked).\n"


def test_cross_file_problems_involving_the_buffer_are_reported(project: Path) -> None:
    """The buffer of it.yaml takes bpo's id: the problems that makes in bpo.yaml, a file on
    disk, show too, because they involve the buffer."""
    renamed = it_text(project).replace("\nid: it\n", "\nid: bpo\n", 1)
    result = piped(renamed, "check", "--stdin-filename", IT, "-")
    assert result.exit_code == 1
    assert f"{IT}:2:5: R002 'bpo' is already claimed by sector 'bpo'" in result.stdout
    assert "content/bpo.yaml:104:3: R005 " in result.stdout
    assert "(1 file checked)" in result.stdout


def test_a_buffer_for_a_file_not_on_disk_joins_its_set(project: Path) -> None:
    text = it_text(project).replace("id: it", "id: it2", 1)
    result = piped(text, "check", "--stdin-filename", "content/new.yaml", "-")
    assert "content/new.yaml:" in result.stdout
    assert "is not the id of any sector" not in result.stdout  # bpo and call-center were read


@pytest.mark.parametrize("raw", [b"\xff\xfe\x00i\x00d", b"id: caf\xe9\n", b"\x00\x01\x02"])
def test_binary_or_invalid_utf8_gets_a_diagnostic(project: Path, raw: bytes) -> None:
    result = piped(raw, "check", "--stdin-filename", IT, "-")
    assert result.exit_code == 1
    assert f"{IT}:1:" in result.stdout and " Y004 " in result.stdout
    assert "Traceback" not in result.output


def test_dash_alone_is_a_document_named_dash_checked_alone(project: Path) -> None:
    result = piped(it_text(project), "check", "-")
    assert result.exit_code == 1
    # checked alone: the sectors it relates to are not there
    assert "-:69:15: R001 'bpo' is not the id of any sector in the content set" in result.stdout


def test_dash_goes_alone_and_stdin_filename_needs_it(project: Path) -> None:
    assert piped("", "check", "-", "content").exit_code == 2
    result = piped("", "check", "--stdin-filename", IT, "content")
    assert result.exit_code == 2 and "give - as the path" in result.output


def test_fmt_prints_the_formatted_text(project: Path) -> None:
    text = it_text(project)
    messy = text.replace("tech_dependency: very-high", "tech_dependency: Very High")
    result = piped(messy, "fmt", "--stdin-filename", IT, "-")
    assert result.exit_code == 0
    assert result.stdout == text
    assert it_text(project) == text  # nothing written
    assert piped(text, "fmt", "-").stdout == text


def test_fmt_check_and_diff_of_standard_input(project: Path) -> None:
    text = it_text(project)
    messy = text.replace("tech_dependency: very-high", "tech_dependency: Very High")
    assert piped(text, "fmt", "--check", "-").exit_code == 0
    assert piped(messy, "fmt", "--check", "-").exit_code == 1
    diff = piped(messy, "fmt", "--diff", "--stdin-filename", IT, "-")
    assert diff.exit_code == 1
    assert "-tech_dependency: Very High\n+tech_dependency: very-high\n" in diff.stdout


def test_fmt_of_what_cannot_be_formatted_prints_nothing_and_exits_2(project: Path) -> None:
    result = piped("id: [\n", "fmt", "--stdin-filename", IT, "-")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{IT}:" in result.stderr and " Y001 " in result.stderr
    result = piped(b"\xff\xfe", "fmt", "-")
    assert result.exit_code == 2 and " Y004 " in result.stderr


def test_engine_buffers_replace_the_disk_for_their_paths_only(project: Path) -> None:
    broken = it_text(project).replace("- sector: bpo", "- sector: bpx", 1).encode()
    options = engine.Options(config=load_config(project), buffers={IT: broken}, use_cache=True)
    report = engine.check([IT], options)
    assert report.files == (IT,)
    assert "R001" in [p.code for p in report.problems if p.path == IT]
    # the cache, warm from that run, does not answer for the file on disk, nor the reverse
    assert engine.check([IT], engine.Options(config=options.config, use_cache=True)).problems == ()
    assert engine.check([IT], options).problems == report.problems


def test_standard_input_is_never_replayed() -> None:
    assert answers._reads_standard_input(["check", "--stdin-filename", "a.yaml", "-"])
    assert answers._reads_standard_input(["check", "-"])
    assert not answers._reads_standard_input(["check", "content"])


def test_a_stdin_run_is_not_remembered_by_the_real_command(project: Path) -> None:
    """Two identical piped runs with different input: the second is not the first's answer."""
    good = it_text(project)
    broken = good.replace("- sector: bpo", "- sector: bpx", 1)
    command = [sys.executable, "-m", "sectorlint", "check", "--stdin-filename", IT, "-"]
    for _ in range(2):
        first = subprocess.run(command, input=good, capture_output=True, text=True, check=False)
        assert first.returncode == 0, first.stdout + first.stderr
    second = subprocess.run(command, input=broken, capture_output=True, text=True, check=False)
    assert second.returncode == 1 and "bpx" in second.stdout


@pytest.mark.parametrize("option", [("--fix",), ("--staged",), ("--since", "HEAD")])
def test_options_about_the_files_on_disk_refuse_standard_input(
    project: Path, option: tuple[str, ...]
) -> None:
    result = piped(it_text(project), "check", *option, "--stdin-filename", IT, "-")
    assert result.exit_code == 2
    assert "standard input is checked as it is" in result.output


def test_a_file_name_for_standard_input_and_no_path_reads_it(tmp_path: Path) -> None:
    """As ruff: `--stdin-filename PATH` alone reads standard input, for check and fmt."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    text = (project / "content" / "it.yaml").read_text().replace("scope: broad", "scope: brod")
    command = [sys.executable, "-m", "sectorlint"]
    checked = subprocess.run([*command, "check", "--stdin-filename", "content/it.yaml"],
                             input=text, capture_output=True, text=True, cwd=project)  # fmt: skip
    assert checked.returncode == 1 and "content/it.yaml:14:8: S004" in checked.stdout
    formatted = subprocess.run([*command, "fmt", "--stdin-filename", "content/it.yaml"],
                               input=text, capture_output=True, text=True, cwd=project)  # fmt: skip
    assert (formatted.returncode, formatted.stdout) == (0, text)


@pytest.mark.parametrize("buffer", ["", "# a new sector, to be written\n"])
def test_fmt_gives_back_an_empty_buffer_as_it_is(buffer: str, tmp_path: Path) -> None:
    """(an editor formatting a new file on save gets no error)"""
    done = subprocess.run(
        [sys.executable, "-m", "sectorlint", "fmt", "--stdin-filename", "content/new.yaml", "-"],
        input=buffer, capture_output=True, text=True, cwd=PROJECT,
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, buffer, "")
