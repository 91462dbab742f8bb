"""The command line's conventions, as users of ruff and its kin expect them: rule selection
on the command line, --color, -V, one option vocabulary, shell completion, configuration errors
as one line, a shadowed configuration said, the cache never inside the content, what a
baseline hid, and `new` and `check --diff` wired."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sectorlint import __version__
from tests.conftest import CONTENT, DATA, PROJECT, run_cli


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path


def codes(output: str) -> set[str]:
    return {line.split(" ")[1] for line in output.splitlines() if ": " in line and "/" in line}


# --- rule selection


def test_select_on_the_command_line_replaces_the_configured_one() -> None:
    everything = codes(run_cli("check", "broken", cwd=DATA).stdout)
    assert {"S002", "R001"} <= everything
    only_s = run_cli("check", "--select", "S", "broken", cwd=DATA)
    assert codes(only_s.stdout) == {c for c in everything if c.startswith("S")}
    both = run_cli("check", "--select", "S002,R001", "broken", cwd=DATA).stdout
    assert codes(both) == {"S002", "R001"}
    repeated = run_cli("check", "--select", "S002", "--select", "R001", "broken", cwd=DATA)
    assert codes(repeated.stdout) == {"S002", "R001"}


def test_extend_select_and_ignore_add_to_the_configuration(project: Path) -> None:
    (project / ".sectorlint.toml").write_text('select = ["S"]\nignore = ["S002"]\n')
    broken = project / "content" / "bpo.yaml"
    broken.write_text(broken.read_text().replace("\nid: bpo\n", "\nid: bpo\nsumary: x\n"))
    assert run_cli("check", cwd=project).exit_code == 0  # S002 ignored by the configuration
    result = run_cli("check", "--extend-select", "R", cwd=project)
    assert "S002" not in codes(result.stdout)  # the configured ignore still holds
    # the command line is a later layer, as in ruff: what it enables wins over the configured
    # ignore, and a --select of its own sets the configured selection and ignores aside
    assert "S002" in codes(run_cli("check", "--extend-select", "S002", cwd=project).stdout)
    assert "S002" in codes(run_cli("check", "--extend-select", "S", cwd=project).stdout)
    assert "S002" in codes(run_cli("check", "--select", "S002", cwd=project).stdout)
    assert "S002" in codes(run_cli("check", "--select", "S", cwd=project).stdout)
    # within the command line, an ignore as specific as the select wins
    assert run_cli("check", "--ignore", "S002", "--select", "S002", cwd=project).exit_code == 0
    # and a more specific select than the ignore given wins over it
    assert run_cli("check", "--ignore", "S0", "--select", "S002", cwd=project).exit_code == 1


def test_per_file_ignores_on_the_command_line() -> None:
    whole = codes(run_cli("check", "broken/typo.yaml", cwd=DATA).stdout)
    assert {"S002", "S004"} <= whole
    ignoring = ("--per-file-ignores", "broken/typo.yaml:S002,S004")
    result = run_cli("check", *ignoring, "broken/typo.yaml", cwd=DATA)
    assert codes(result.stdout) == whole - {"S002", "S004"}
    # a pattern with no folder in it matches the file's name anywhere, as in ruff
    named = run_cli("check", "--per-file-ignores", "typo.yaml:S002,S004", "broken/typo.yaml",
                    cwd=DATA)  # fmt: skip
    assert codes(named.stdout) == whole - {"S002", "S004"}
    other = run_cli("check", "--per-file-ignores", "*.json:S", "broken/typo.yaml", cwd=DATA)
    assert codes(other.stdout) == whole
    bad = run_cli("check", "--per-file-ignores", "S002", "broken/typo.yaml", cwd=DATA)
    assert bad.exit_code == 2 and "is not GLOB:CODES" in bad.output


@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_an_unknown_code_is_a_usage_error_with_a_suggestion(option: str) -> None:
    result = run_cli("check", option, "S0002", cwd=PROJECT)
    assert result.exit_code == 2
    assert f"{option}: 'S0002' is not a rule code or prefix (did you mean 'S002'?)" in result.output
    nothing = run_cli("check", option, "Q9", cwd=PROJECT)
    assert "'Q9' is not a rule code or prefix (see `sectorlint rules`)" in nothing.output


# --- --color, -V


def test_color_option_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" in run_cli("check", "--color", "always", "broken", cwd=DATA).stdout
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run_cli("check", "broken", cwd=DATA).stdout
    assert "\x1b[" not in run_cli("check", "--color", "never", "broken", cwd=DATA).stdout
    coloured = run_cli("render", "--color", "always", "--width", "100", cwd=PROJECT).stdout
    assert "\x1b[" in coloured
    monkeypatch.delenv("FORCE_COLOR")
    assert "\x1b[" not in run_cli("render", "--color", "auto", cwd=PROJECT).stdout


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    result = run_cli(flag)
    assert result.exit_code == 0 and result.stdout == f"sectorlint, version {__version__}\n"


# --- render speaks check's vocabulary


def test_render_takes_output_format_and_output_file(tmp_path: Path) -> None:
    target = tmp_path / "table.md"
    result = run_cli("render", "--output-format", "markdown", "--output-file", str(target),
                     cwd=PROJECT)  # fmt: skip
    assert result.exit_code == 0 and result.stdout == ""
    markdown = target.read_text(encoding="utf-8")
    assert markdown.startswith("|") or "| " in markdown
    # the old names still work, and say the same
    old = tmp_path / "old.md"
    assert run_cli("render", "--format", "markdown", "-o", str(old), cwd=PROJECT).exit_code == 0
    assert old.read_text(encoding="utf-8") == markdown
    assert run_cli("render", "--format", "csv", "--output", str(old), cwd=PROJECT).exit_code == 0
    clash = run_cli("render", "--format", "csv", "--output-format", "json", cwd=PROJECT)
    assert clash.exit_code == 2


def test_render_help_shows_the_new_names_only() -> None:
    shown = run_cli("render", "--help").stdout
    assert "--output-format" in shown and "--output-file" in shown and "--color" in shown
    assert "--format" not in shown.replace("--output-format", "")
    assert "-o," not in shown and "--output " not in shown


# --- completion


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_the_shells_script(shell: str) -> None:
    result = run_cli("completion", shell)
    assert result.exit_code == 0
    assert "sectorlint" in result.stdout and "_SECTORLINT_COMPLETE" in result.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_registers_when_sourced() -> None:
    script = run_cli("completion", "bash").stdout
    completed = subprocess.run(
        ["bash", "-c", 'eval "$(cat)"; complete -p sectorlint'],
        input=script, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert "sectorlint" in completed.stdout and "-F" in completed.stdout


def test_completion_of_an_unknown_shell_is_a_usage_error() -> None:
    assert run_cli("completion", "tcsh").exit_code == 2


# --- configuration errors


def test_a_configuration_error_is_one_line_without_the_usage_banner(tmp_path: Path) -> None:
    config = tmp_path / ".sectorlint.toml"
    config.write_text('select = ["Q9"]\n')
    result = run_cli("check", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"sectorlint: error: {config}: 'select': 'Q9' is not a rule code or prefix "
        "(see `sectorlint rules`)\n"
    )
    config.write_text('selct = ["R"]\n')
    typo = run_cli("render", cwd=tmp_path)
    assert typo.stderr == (
        f"sectorlint: error: {config}: unknown key 'selct' (did you mean 'select'?)\n"
    )
    assert "Usage:" not in typo.output and "Try" not in typo.output


def test_no_content_root_is_one_line_too(tmp_path: Path) -> None:
    result = run_cli("check", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "sectorlint: error: no paths given and no content root ('content/') to check\n"
    )


def test_a_command_line_mistake_keeps_clicks_banner() -> None:
    result = run_cli("check", "--no-such-option", cwd=PROJECT)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr and "No such option" in result.stderr


# --- a shadowed [tool.sectorlint]


def test_a_shadowed_pyproject_table_is_said_once(project: Path) -> None:
    (project / ".sectorlint.toml").write_text('content-roots = ["content"]\n')
    (project / "pyproject.toml").write_text('[tool.sectorlint]\nselect = ["R"]\n')
    result = run_cli("check", cwd=project)
    assert result.exit_code == 0
    warning = (
        f"sectorlint: warning: using {project / '.sectorlint.toml'}; [tool.sectorlint] in "
        f"{project / 'pyproject.toml'} is ignored\n"
    )
    assert result.stderr == warning
    assert run_cli("render", cwd=project).stderr == warning
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert run_cli("check", cwd=project).stderr == ""


def test_a_run_that_warned_is_not_replayed_without_its_warning(project: Path) -> None:
    (project / ".sectorlint.toml").write_text('content-roots = ["content"]\n')
    (project / "pyproject.toml").write_text('[tool.sectorlint]\nselect = ["R"]\n')
    environment = {k: v for k, v in os.environ.items() if k != "SECTORLINT_CACHE_DIR"}
    command = [sys.executable, "-m", "sectorlint", "check"]
    for _ in range(3):
        completed = subprocess.run(
            command, cwd=project, env=environment, capture_output=True, text=True, check=False
        )
        assert completed.returncode == 0
        assert "sectorlint: warning: using" in completed.stderr


# --- the cache's place


def _caches(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob(".sectorlint_cache"))


def test_without_configuration_the_cache_is_in_the_working_directory(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECTORLINT_CACHE_DIR")
    assert run_cli("check", "content", cwd=project).exit_code == 0
    assert _caches(project) == [Path(".sectorlint_cache")]


def test_checking_from_inside_the_content_puts_no_cache_there(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECTORLINT_CACHE_DIR")
    assert run_cli("check", ".", cwd=project / "content").exit_code == 0
    assert run_cli("check", "it.yaml", cwd=project / "content").exit_code == 0
    assert _caches(project) == [Path(".sectorlint_cache")]


def test_with_configuration_the_cache_is_beside_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECTORLINT_CACHE_DIR")
    (project / ".sectorlint.toml").write_text('content-roots = ["content"]\n')
    assert run_cli("check", "it.yaml", cwd=project / "content").exit_code == 0
    assert _caches(project) == [Path(".sectorlint_cache")]


# --- baseline, JUnit


def test_a_baseline_says_how_many_problems_it_hid(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    typo = "broken/typo.yaml"
    assert run_cli("check", "--baseline", str(baseline), typo, cwd=DATA).exit_code == 0
    result = run_cli("check", "--baseline", str(baseline), typo, cwd=DATA)
    assert result.exit_code == 0
    said = f"All checks passed (1 file checked); 5 problems hidden by {baseline}.\n"
    assert result.stdout == said
    as_json = run_cli("check", "--baseline", str(baseline), "--output-format", "json",
                      "broken/typo.yaml", cwd=DATA)  # fmt: skip
    assert as_json.stderr == f"5 problems hidden by {baseline}\n"
    quiet = run_cli("check", "--baseline", str(baseline), "-q", "broken/typo.yaml", cwd=DATA)
    assert quiet.output == ""


def test_the_count_a_baseline_hid_goes_on_the_summary_not_on_the_fixable_line(
    tmp_path: Path,
) -> None:
    baseline = tmp_path / "baseline.json"
    fixable = "readme/fixable"
    bpo = DATA / fixable / "bpo.yaml"
    run_cli("check", "--baseline", str(baseline), "readme/fixable/bpo.yaml", cwd=DATA)
    result = run_cli("check", "--baseline", str(baseline), fixable, cwd=DATA)
    summary, fixable_line = result.stdout.splitlines()[-2:]
    assert bpo.is_file() and summary.startswith("Found ") and "hidden by" in summary
    assert fixable_line.startswith("[*] ") and "hidden" not in fixable_line


def test_junit_has_one_test_case_per_file_with_its_problems_as_failures() -> None:
    result = run_cli("check", "--output-format", "junit", "broken/typo.yaml", cwd=DATA)
    suite = ET.fromstring(result.stdout.encode()).find("testsuite")
    assert suite is not None
    (case,) = suite.findall("testcase")
    assert case.get("name") == case.get("file") == "broken/typo.yaml"
    failures = case.findall("failure")
    assert [f.get("type") for f in failures] == ["C001", "S002", "S002", "S004", "R001"]
    assert failures[3].text and failures[3].text.startswith("broken/typo.yaml:8:18: S004 ")
    assert suite.get("tests") == "1" and suite.get("failures") == "1"


# --- new, check --diff


def test_new_writes_a_sector_in_the_first_content_root_and_never_overwrites(
    project: Path,
) -> None:
    result = run_cli("new", "kpo", "--name", "Knowledge Process Outsourcing",
                     "--subset-of", "bpo", cwd=project)  # fmt: skip
    assert result.exit_code == 0, result.output
    written = project / "content" / "kpo.yaml"
    assert result.stdout.startswith("Created content/kpo.yaml; ")  # as the user would type it
    text = written.read_text(encoding="utf-8")
    assert "Knowledge Process Outsourcing" in text and "bpo" in text
    again = run_cli("new", "kpo", cwd=project)
    assert again.exit_code == 2 and again.stderr.startswith("sectorlint: error: id 'kpo' is taken")
    elsewhere = project / "elsewhere.yaml"
    elsewhere.write_text("kept\n")
    over = run_cli("new", "kpo2", "--output-file", str(elsewhere), cwd=project)
    assert over.exit_code == 2 and "not overwritten" in over.stderr
    assert "Usage:" not in over.output
    assert written.read_text(encoding="utf-8") == text and elsewhere.read_text() == "kept\n"


def test_check_diff_prints_what_fix_would_write_and_changes_nothing(project: Path) -> None:
    sector = project / "content" / "it.yaml"
    before = sector.read_text(encoding="utf-8")
    sector.write_text(before.replace("tech_dependency: very-high", "tech_dependency: Very High"))
    messy = sector.read_bytes()
    result = run_cli("check", "--diff", cwd=project)
    assert result.exit_code == 1
    assert "-tech_dependency: Very High\n+tech_dependency: very-high\n" in result.stdout
    assert sector.read_bytes() == messy
    sector.write_text(before)
    clean = run_cli("check", "--diff", cwd=project)
    assert clean.exit_code == 0 and clean.stdout == ""
    assert run_cli("check", "--diff", "--fix", cwd=project).exit_code == 2
