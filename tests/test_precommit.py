"""The hooks driven by the real pre-commit, set up from the README as a user would.

A snapshot of this repository (its working tree, committed into a scratch git repository) is the
hook source; a second scratch repository holds content and the README's configuration. Then real
commits: a clean one passes, one that breaks a relation with an unstaged file is stopped, and the
formatter rewrites a file and fails the commit. Needs PyPI (pre-commit installs the hook's
environment from it), as every pre-commit user does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sectorlint import __version__
from tests.conftest import CONTENT, ROOT

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
RELEASE_TAG = f"v{__version__}"


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo, capture_output=True, text=True, check=False,
    )  # fmt: skip


def readme_block(language: str, must_contain: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(rf"```{language}\n(.*?)```", readme, re.DOTALL)
    return next(b for b in blocks if must_contain in b)


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This repository as it is now, committed: what pre-commit installs the hooks from."""
    snapshot = tmp_path_factory.mktemp("hook-source")
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    for name in listed:
        source = ROOT / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    git(snapshot, "init", "-q")
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-q", "-m", "snapshot")
    # the release tag the README's snippet names, as a release of this version carries it
    git(snapshot, "tag", RELEASE_TAG)
    return snapshot, git(snapshot, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("GITHUB_ACTIONS", None)
    return env


@pytest.fixture
def project(
    tmp_path: Path, hook_source: tuple[Path, str], environment: dict[str, str]
) -> Iterator[Path]:
    """A user's repository with the shipped content and the README's pre-commit snippet."""
    repo = tmp_path / "project"
    shutil.copytree(CONTENT, repo / "content")
    source, _ = hook_source
    snippet = readme_block("yaml", "id: sectorlint-fmt")
    # as written, but for where the hooks come from: `rev:` is the release tag, a real ref
    snippet = re.sub(r"repo: \S+.*", f"repo: {source}", snippet)
    (repo / ".pre-commit-config.yaml").write_text(snippet, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "content")
    installed = subprocess.run(
        [*PRE_COMMIT, "install"], cwd=repo, env=environment, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    yield repo


def test_the_readme_snippet_names_the_release_tag_and_formats_before_it_checks() -> None:
    snippet = readme_block("yaml", "id: sectorlint-fmt")
    assert re.search(rf"^\s*rev: {re.escape(RELEASE_TAG)}\s*$", snippet, re.MULTILINE)
    assert snippet.index("id: sectorlint-fmt") < snippet.index("id: sectorlint\n")
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert hooks.index("id: sectorlint-fmt") < hooks.index("id: sectorlint\n")


def commit(
    repo: Path, environment: dict[str, str], message: str
) -> subprocess.CompletedProcess[str]:
    """`git commit`, with its hooks' output (git shows it on stderr) gathered into stdout."""
    env = {**environment, "PATH": f"{Path(sys.executable).parent}:{environment['PATH']}"}
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-m", message],
        cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        check=False, timeout=600,
    )  # fmt: skip


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_clean_commit_passes(project: Path, environment: dict[str, str]) -> None:
    edit(
        project / "content" / "it.yaml",
        "  - IT Consultant\n",
        "  - IT Consultant\n  - Cloud Architect\n",
    )
    git(project, "add", "-A")
    result = commit(project, environment, "a new career")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sectorlint check" in result.stdout and "Passed" in result.stdout


def test_breaking_a_relation_with_another_file_stops_the_commit(
    project: Path, environment: dict[str, str]
) -> None:
    # Only it.yaml is staged; the overlap it now declares is missing from call-center.yaml.
    edit(
        project / "content" / "it.yaml",
        "  supports:\n",
        "    - sector: call-center\n      via: contact-center software\n  supports:\n",
    )
    git(project, "add", "content/it.yaml")
    result = commit(project, environment, "a one-sided overlap")
    assert result.returncode != 0
    assert "sectorlint check" in result.stdout and "Failed" in result.stdout
    assert re.search(
        r"content/call-center\.yaml:\d+:\d+: R005 (\[\*\] )?'it' declares an overlap", result.stdout
    )
    assert git(project, "log", "--oneline").stdout.count("\n") == 1  # nothing was committed


def test_the_formatter_rewrites_and_fails_the_commit(
    project: Path, environment: dict[str, str]
) -> None:
    target = project / "content" / "bpo.yaml"
    edit(target, "scope: broad", "scope: Broad")
    edit(target, "  - HR Specialist\n", "  - HR Specialist\n  - Process Analyst\n")
    git(project, "add", "-A")
    result = commit(project, environment, "unformatted")
    assert result.returncode != 0
    assert "sectorlint fmt" in result.stdout and "files were modified by this hook" in result.stdout
    assert "scope: broad" in target.read_text(encoding="utf-8")
    git(project, "add", "-A")
    assert commit(project, environment, "formatted").returncode == 0


def test_this_repository_lints_its_own_content_with_its_own_hooks(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    repo = tmp_path / "self"
    for name in ("content", "schema", "sectorlint"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in (".pre-commit-config.yaml", "pyproject.toml", ".sectorlint.toml"):
        if (ROOT / name).exists():  # the project's own settings: a team may have extended them
            shutil.copy2(ROOT / name, repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    result = subprocess.run(
        [*PRE_COMMIT, "run", "--all-files"], cwd=repo, env=environment,
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Passed") == 2


def test_the_github_actions_step_annotates(tmp_path: Path) -> None:
    step = readme_block("yaml", "actions/setup-python")
    command = next(
        line.split("run: ", 1)[1] for line in step.splitlines() if "run: sectorlint" in line
    )
    shutil.copytree(CONTENT, tmp_path / "content")
    edit(tmp_path / "content" / "it.yaml", "tech_dependency: very-high", "tech_dependency: hihg")
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
    result = subprocess.run(
        command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=content/it.yaml,line=")


# --- What makes a commit safe: the commit's content set against HEAD (`check --staged`).


def test_renaming_an_id_stops_the_commit_where_the_relation_dangles(
    project: Path, environment: dict[str, str]
) -> None:
    edit(project / "content" / "call-center.yaml", "id: call-center", "id: contact-centre")
    git(project, "add", "content/call-center.yaml")
    result = commit(project, environment, "rename")
    assert result.returncode != 0
    assert re.search(r"content/it\.yaml:75:15: R001 'call-center'", result.stdout)
    # the required relation names the old id: reported in the renamed file, never dropped
    assert re.search(
        r"content/call-center\.yaml:2:5: R003 .*no sector has the id 'call-center' "
        r"\(did you mean 'contact-centre'",
        result.stdout,
    )


def test_deleting_a_sector_file_stops_the_commit(
    project: Path, environment: dict[str, str]
) -> None:
    git(project, "rm", "-q", "content/call-center.yaml")
    result = commit(project, environment, "delete")
    assert result.returncode != 0, result.stdout
    assert re.search(r"content/it\.yaml:75:15: R001 'call-center'", result.stdout)
    assert re.search(r"content/bpo\.yaml:\d+:\d+: R003 .*'call-center' any more", result.stdout)


def test_changing_a_name_that_another_file_relies_on_stops_the_commit(
    project: Path, environment: dict[str, str]
) -> None:
    # call-center's prose calls BPO its parent by BPO's short name and alias: drop both.
    bpo = project / "content" / "bpo.yaml"
    edit(bpo, "short_name: BPO", "short_name: OUT")
    edit(bpo, "  - BPO\n", "")
    git(project, "add", "content/bpo.yaml")
    result = commit(project, environment, "rename BPO")
    assert result.returncode != 0, result.stdout
    assert re.search(r"content/call-center\.yaml:\d+:\d+: R010 ", result.stdout)


def test_a_two_file_change_passes_only_when_both_files_are_staged(
    project: Path, environment: dict[str, str]
) -> None:
    overlap = "    - sector: call-center\n      via: contact-center software\n  supports:\n"
    edit(project / "content" / "it.yaml", "  supports:\n", overlap)
    back = "  overlaps_with:\n    - sector: it\n      via: contact-center software\n\nsources:\n"
    edit(project / "content" / "call-center.yaml", "\nsources:\n", back)
    git(project, "add", "content/it.yaml")  # the other side is on disk, but not staged
    result = commit(project, environment, "one side staged")
    assert result.returncode != 0
    assert re.search(
        r"content/call-center\.yaml:\d+:\d+: R005 (\[\*\] )?'it' declares", result.stdout
    )
    git(project, "add", "content/call-center.yaml")
    result = commit(project, environment, "both sides")
    assert result.returncode == 0, result.stdout


def test_a_relation_to_an_untracked_sector_stops_the_commit(
    project: Path, environment: dict[str, str]
) -> None:
    help_desk = (project / "content" / "call-center.yaml").read_text(encoding="utf-8")
    help_desk = help_desk.replace("id: call-center", "id: help-desk")
    (project / "content" / "help-desk.yaml").write_text(help_desk, encoding="utf-8")  # untracked
    supports = "  supports:\n    - sector: help-desk\n      how: Runs its ticketing tools.\n"
    edit(project / "content" / "it.yaml", "  supports:\n", supports)
    git(project, "add", "content/it.yaml")
    result = commit(project, environment, "relation to an untracked file")
    assert result.returncode != 0
    assert re.search(r"content/it\.yaml:\d+:\d+: R001 'help-desk'", result.stdout)


def test_an_unrelated_commit_passes_on_a_set_with_an_old_problem(
    project: Path, environment: dict[str, str]
) -> None:
    # An old problem: bpo.yaml names its overlap with IT other than the taxonomy requires.
    edit(project / "content" / "bpo.yaml", "via: IT-enabled services (ITES)", "via: ITES work")
    git(project, "commit", "-q", "--no-verify", "-am", "an old problem")
    edit(project / "content" / "call-center.yaml", "  - Customer Service Representative\n",
         "  - Customer Service Representative\n  - Quality Analyst\n")  # fmt: skip
    git(project, "add", "content/call-center.yaml")
    result = commit(project, environment, "unrelated")
    assert result.returncode == 0, result.stdout
    # touching the file with the old problem reports it: a file you edit you leave clean
    edit(
        project / "content" / "bpo.yaml", "  - HR Specialist\n", "  - HR Specialist\n  - Analyst\n"
    )
    git(project, "add", "content/bpo.yaml")
    result = commit(project, environment, "touches the old problem")
    assert result.returncode != 0
    assert re.search(r"content/bpo\.yaml:\d+:\d+: R003 .* not 'ITES work'", result.stdout)


def test_a_merge_that_breaks_a_relation_is_stopped(
    project: Path, environment: dict[str, str]
) -> None:
    git(project, "checkout", "-q", "-b", "rename")
    edit(project / "content" / "call-center.yaml", "id: call-center", "id: contact-centre")
    edit(
        project / "content" / "it.yaml",
        "    - sector: call-center\n",
        "    - sector: contact-centre\n",
    )
    git(project, "commit", "-q", "--no-verify", "-am", "rename, consistently")
    git(project, "checkout", "-q", "-")
    supports = "  supports:\n    - sector: call-center\n      how: Runs its back office.\n"
    edit(project / "content" / "bpo.yaml", "relations:\n", "relations:\n" + supports)
    git(project, "commit", "-q", "--no-verify", "-am", "a new relation to call-center")
    env = {**environment, "PATH": f"{Path(sys.executable).parent}:{environment['PATH']}"}
    merged = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "merge", "--no-edit",
         "rename"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        check=False, timeout=600,
    )  # fmt: skip
    assert merged.returncode != 0, merged.stdout
    assert re.search(r"content/bpo\.yaml:\d+:\d+: R001 'call-center'", merged.stdout)


def test_the_hooks_follow_the_configured_content_roots(
    project: Path, environment: dict[str, str]
) -> None:
    git(project, "mv", "content", "sectors")
    (project / ".sectorlint.toml").write_text('content-roots = ["sectors"]\n')
    (project / "notes.yaml").write_text("scope: Broad\n")  # not a sector file: left alone
    edit(project / "sectors" / "bpo.yaml", "scope: broad", "scope: Broad")
    git(project, "add", "-A")
    result = commit(project, environment, "content under sectors/")
    assert result.returncode != 0
    assert "files were modified by this hook" in result.stdout
    assert "scope: broad" in (project / "sectors" / "bpo.yaml").read_text()
    assert (project / "notes.yaml").read_text() == "scope: Broad\n"
    git(project, "add", "-A")
    result = commit(project, environment, "formatted")
    assert result.returncode == 0, result.stdout
