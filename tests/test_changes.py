"""`check --staged` and `check --since REV`: a change is checked against the set it started from.

Problems in the files a change adds or edits are reported, and problems the change causes
elsewhere; old problems in files it does not touch are not. (The hooks drive the same code
through the real pre-commit in test_precommit.py.)
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import CONTENT, run_cli


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(CONTENT, repo / "content")
    (repo / ".sectorlint.toml").write_text('content-roots = ["content"]\n', encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "content")
    return repo


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit_an_old_problem(repo: Path) -> None:
    """IT names its overlap with BPO other than the taxonomy requires (R003), committed."""
    edit(repo / "content" / "it.yaml", "via: IT-enabled services (ITES)", "via: ITES work")
    git(repo, "commit", "-q", "-am", "an old problem")


def test_since_reports_what_the_working_tree_caused_in_other_files(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    edit(repo / "content" / "call-center.yaml", "id: call-center", "id: contact-centre")
    result = run_cli("check", "--since", "HEAD", cwd=repo)
    assert result.exit_code == 1
    assert "content/it.yaml:75:15: R001 'call-center'" in result.output


def test_a_change_that_causes_nothing_passes_on_a_set_with_old_problems(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    commit_an_old_problem(repo)
    assert run_cli("check", cwd=repo).exit_code == 1  # the whole set has it
    edit(repo / "content" / "call-center.yaml", "scope: narrow", "scope: narrow  # as the sources")
    git(repo, "add", "-A")
    result = run_cli("check", "--staged", cwd=repo)
    assert result.exit_code == 0, result.output


def test_staged_reads_the_index_not_the_working_tree(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    bpo = repo / "content" / "bpo.yaml"
    edit(bpo, "scope: broad", "scope: hihg")
    git(repo, "add", "-A")
    edit(bpo, "scope: hihg", "scope: broad")  # mended on disk only: the commit still has it
    result = run_cli("check", "--staged", cwd=repo)
    assert result.exit_code == 1
    assert "content/bpo.yaml:" in result.output and "S004 scope: 'hihg'" in result.output


def test_the_first_commit_is_checked_whole(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CONTENT, repo / "content")
    edit(repo / "content" / "bpo.yaml", "via: IT-enabled services (ITES)", "via: ITES work")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    result = run_cli("check", "--staged", cwd=repo)
    assert result.exit_code == 1
    assert "R003" in result.output


def test_a_configuration_change_reports_every_problem(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    commit_an_old_problem(repo)
    config = repo / ".sectorlint.toml"
    config.write_text(config.read_text() + "ignore = ['C004']\n", encoding="utf-8")
    git(repo, "add", "-A")
    result = run_cli("check", "--staged", cwd=repo)
    assert result.exit_code == 1
    assert "content/it.yaml:" in result.output and "R003" in result.output


def test_outside_a_repository_or_with_an_unknown_revision_is_a_usage_error(
    tmp_path: Path,
) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    result = run_cli("check", "--staged", cwd=tmp_path)
    assert result.exit_code == 2
    assert "not a git repository" in result.output
    repo = repository(tmp_path)
    result = run_cli("check", "--since", "no-such-branch", cwd=repo)
    assert result.exit_code == 2
    assert "no revision 'no-such-branch'" in result.output
    result = run_cli("check", "--staged", "content/bpo.yaml", cwd=repo)
    assert result.exit_code == 2


def test_a_deleted_sector_that_a_required_relation_names_is_reported(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    git(repo, "rm", "-q", "content/call-center.yaml")
    edit(repo / "content" / "it.yaml", "    - sector: call-center\n", "    - sector: bpo\n")
    git(repo, "add", "-A")
    result = run_cli("check", "--staged", cwd=repo)
    assert result.exit_code == 1
    assert "R003 the taxonomy requires 'call-center' to be a subset of 'bpo'" in result.output
    assert "content/bpo.yaml:" in result.output


def test_a_pyproject_edited_for_another_tool_does_not_count_as_a_configuration_change(
    tmp_path: Path,
) -> None:
    repo = repository(tmp_path)
    (repo / ".sectorlint.toml").unlink()
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(
        '[project]\nversion = "1"\n[tool.sectorlint]\ncontent-roots = ["content"]\n'
    )
    edit(repo / "content" / "it.yaml", "via: IT-enabled services (ITES)", "via: ITES work")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "an old problem")
    edit(pyproject, 'version = "1"', 'version = "2"')
    git(repo, "add", "-A")
    assert run_cli("check", "--staged", cwd=repo).exit_code == 0
    edit(pyproject, 'content-roots = ["content"]', 'content-roots = ["content"]\nignore = ["C004"]')
    git(repo, "add", "-A")
    assert run_cli("check", "--staged", cwd=repo).exit_code == 1


def test_staged_reads_the_configuration_from_the_index(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    (repo / "pyproject.toml").write_text('[tool.sectorlint]\nignore = ["R001"]\n')  # untracked
    (repo / ".sectorlint.toml").write_text('content-roots = ["content"]\nignore = ["R"]\n')
    edit(repo / "content" / "call-center.yaml", "id: call-center", "id: contact-centre")
    git(repo, "add", "content")  # neither configuration change is staged
    result = run_cli("check", "--staged", cwd=repo)
    assert result.exit_code == 1
    assert "content/it.yaml:75:15: R001 'call-center'" in result.output


def test_deleting_the_configuration_is_a_configuration_change(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    config = repo / ".sectorlint.toml"
    config.write_text('content-roots = ["content"]\nignore = ["R003"]\n')
    edit(repo / "content" / "it.yaml", "via: IT-enabled services (ITES)", "via: ITES work")
    git(repo, "commit", "-q", "-am", "an old problem, ignored")
    git(repo, "rm", "-q", ".sectorlint.toml")
    result = run_cli("check", "--staged", cwd=repo)
    assert result.exit_code == 1
    assert "R003" in result.output


def test_a_missing_baseline_is_an_error_not_recorded(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    edit(repo / "content" / "it.yaml", "via: IT-enabled services (ITES)", "via: ITES work")
    git(repo, "add", "-A")
    result = run_cli("check", "--staged", "--baseline", "gone.json", cwd=repo)
    assert result.exit_code == 2
    assert "baseline gone.json does not exist" in result.output
    assert not (repo / "gone.json").exists()


def test_a_misspelt_id_in_a_configured_requirement_is_reported(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    config = repo / ".sectorlint.toml"
    requirement = '{ sector = "call-cneter", kind = "supports", target = "it" }'
    config.write_text(
        f'content-roots = ["content"]\n[taxonomy]\nextend-required-relations = [{requirement}]\n'
    )
    result = run_cli("check", cwd=repo)
    assert result.exit_code == 1
    assert (
        "no sector has the id 'call-cneter' (did you mean 'call-center'?); "
        "change required-relations" in result.output
    )


def test_a_file_added_with_intent_only_is_not_part_of_the_commit(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    (repo / "content" / "draft.yaml").write_text("id: draft\n")
    git(repo, "add", "-N", "content/draft.yaml")
    result = run_cli("check", "--staged", cwd=repo)
    assert result.exit_code == 0, result.output


def test_a_relation_to_a_deleted_sector_says_it_is_gone(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    git(repo, "rm", "-q", "content/call-center.yaml")
    result = run_cli("check", "--staged", cwd=repo)
    assert "R001 'call-center' is no sector's id any more" in result.output


def test_the_files_a_change_edits_are_told_from_the_digests_the_run_read(tmp_path: Path) -> None:
    """The report carries the digest of each file the run read (`Report.digests`): no file is
    read again to tell which ones the change edits (these are not even on disk)."""
    from sectorlint import engine
    from sectorlint.analysis import digest
    from sectorlint.changes import _changed

    same, edited, added = (str(tmp_path / name) for name in ("a.yaml", "b.yaml", "c.yaml"))
    now = {same: b"id: a\n", edited: b"id: bb\n", added: b"id: c\n"}
    present = engine.check([], engine.Options(texts=now))
    assert present.digests == {path: digest(path, raw) for path, raw in now.items()}
    before = {same: b"id: a\n", edited: b"id: b\n"}
    assert _changed(present, before) == {edited, added}
