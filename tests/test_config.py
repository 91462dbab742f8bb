"""Configuration, rule selection and inline suppressions, as a user sets them up."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CONTENT, run_cli


def project(tmp_path: Path, config: str = "", name: str = ".sectorlint.toml") -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    if config:
        (tmp_path / name).write_text(config, encoding="utf-8")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def codes(tmp_path: Path, *args: str, cwd: Path | None = None) -> list[tuple[str, str]]:
    result = run_cli("check", "--output-format", "json", *args, cwd=cwd or tmp_path)
    assert result.exit_code in (0, 1), result.output
    return [(p["code"], p["severity"]) for p in json.loads(result.output)["problems"]]


TYPO = ("Takes on repetitive", "Like a call centre, takes on repetitive")


def test_config_is_found_by_searching_upward(tmp_path: Path) -> None:
    root = project(tmp_path, 'content-roots = ["sectors"]\n')
    (root / "content").rename(root / "sectors")
    (root / "deep" / "er").mkdir(parents=True)
    result = run_cli("check", cwd=root / "deep" / "er")
    assert result.exit_code == 0, result.output
    assert "3 files checked" in result.output


def test_pyproject_without_a_sectorlint_table_is_passed_over(tmp_path: Path) -> None:
    root = project(tmp_path, "[tool.sectorlint]\nignore = ['T001']\n", "pyproject.toml")
    edit(root / "content" / "bpo.yaml", *TYPO)
    (root / "sub").mkdir()
    (root / "sub" / "pyproject.toml").write_text("[tool.other]\nx = 1\n")
    assert codes(root, "../content", cwd=root / "sub") == []


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("selct = ['R']\n", "unknown key 'selct' (did you mean 'select'?)"),
        ("select = ['Q9']\n", "'Q9' is not a rule code or prefix"),
        ("severity = {T001 = 'fatal'}\n", 'T001 must be "error" or "warning"'),
        ("max-depth = 0\n", "'max-depth' must be a positive whole number"),
        ("content-roots = 'content'\n", "'content-roots' must be a list"),
        ("[taxonomy]\ncolours = []\n", "unknown taxonomy key 'colours'"),
        ("[taxonomy]\nextend-required-relations = [{sector = 'a', kind = 'near'}]\n", "kind"),
        ("select = [\n", "cannot read configuration"),
    ],
)
def test_bad_configuration_is_a_usage_error(tmp_path: Path, config: str, message: str) -> None:
    root = project(tmp_path, config)
    result = run_cli("check", cwd=root)
    assert result.exit_code == 2
    assert message in result.output
    assert ".sectorlint.toml" in result.output


def test_ignore_by_prefix_and_most_specific_selector_wins(tmp_path: Path) -> None:
    root = project(tmp_path, "ignore = ['T', 'C']\nextend-select = ['C004']\n")
    edit(root / "content" / "bpo.yaml", *TYPO)
    edit(root / "content" / "bpo.yaml", "Is BPO only for large companies?", "BPO for large firms")
    assert codes(root) == [("C004", "warning")]


def test_select_only_some_rules(tmp_path: Path) -> None:
    root = project(tmp_path, "select = ['R']\n")
    edit(root / "content" / "bpo.yaml", *TYPO)
    assert codes(root) == []


def test_severity_override(tmp_path: Path) -> None:
    root = project(tmp_path, "[severity]\nT = 'error'\n")
    edit(root / "content" / "bpo.yaml", *TYPO)
    assert codes(root) == [("T001", "error")]


def test_per_file_ignores(tmp_path: Path) -> None:
    root = project(tmp_path, "[per-file-ignores]\n'content/bpo.*' = ['T001']\n")
    edit(root / "content" / "bpo.yaml", *TYPO)
    edit(root / "content" / "it.yaml", "Takes in areas", "Like a call centre, takes in areas")
    assert codes(root) == [("T001", "warning")]


def test_taxonomy_extended_for_a_new_sector(tmp_path: Path) -> None:
    config = """\
[taxonomy]
extend-required-relations = [{sector = "help-desk", kind = "subset_of", target = "call-center"}]
[taxonomy.extend-vocabulary]
"help desk" = ["helpdesk"]
"""
    root = project(tmp_path, config)
    help_desk = (root / "content" / "it.yaml").read_text(encoding="utf-8")
    help_desk = help_desk.replace("id: it", "id: help-desk").replace("short_name: IT\n", "")
    help_desk = help_desk.replace("name: Information Technology", "name: Helpdesk services")
    help_desk = help_desk.split("aliases:")[0] + "summary:" + help_desk.split("\nsummary:")[1]
    help_desk = help_desk.split("relations:")[0] + "sources:" + help_desk.split("\nsources:")[1]
    (root / "content" / "help-desk.yaml").write_text(help_desk, encoding="utf-8")
    found = codes(root)
    assert ("R003", "error") in found  # help-desk must be a subset of call-center
    assert ("T001", "warning") in found  # "Helpdesk" is a rejected spelling now


def problems_at(root: Path) -> list[tuple[str, int, int]]:
    result = run_cli("check", "--output-format", "json", cwd=root)
    return [(p["code"], p["line"], p["column"]) for p in json.loads(result.output)["problems"]]


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_trailing_suppression_silences_its_line(tmp_path: Path) -> None:
    root = project(tmp_path)
    bpo = root / "content" / "bpo.yaml"
    edit(bpo, *TYPO)
    assert [c for c, _, _ in problems_at(root)] == ["T001"]
    edit(
        bpo,
        "would rather hand to outside experts.",
        "would rather hand to outside experts.  # sectorlint: disable=T001",
    )
    assert problems_at(root) == []


def test_suppression_alone_on_a_line_silences_the_next_line(tmp_path: Path) -> None:
    root = project(tmp_path)
    bpo = root / "content" / "bpo.yaml"
    edit(bpo, *TYPO)
    edit(bpo, "  - Like a call centre", "  # sectorlint: disable=T\n  - Like a call centre")
    assert problems_at(root) == []


def test_file_suppression(tmp_path: Path) -> None:
    root = project(tmp_path)
    bpo = root / "content" / "bpo.yaml"
    edit(bpo, *TYPO)
    edit(bpo, "id: bpo\n", "id: bpo\n# sectorlint: disable-file=T001\n")
    assert problems_at(root) == []


def test_unused_suppression_is_reported_at_the_comment(tmp_path: Path) -> None:
    root = project(tmp_path)
    bpo = root / "content" / "bpo.yaml"
    edit(bpo, "scope: broad\n", "scope: broad  # sectorlint: disable=C003\n")
    assert problems_at(root) == [("X001", line_of(bpo, "disable=C003"), 15)]


def test_suppression_text_inside_a_value_is_not_a_comment(tmp_path: Path) -> None:
    root = project(tmp_path)
    bpo = root / "content" / "bpo.yaml"
    edit(bpo, *TYPO)
    edit(bpo, "  what sets it apart.", "  what sets it apart. See # sectorlint: disable-file=T001")
    assert [c for c, _, _ in problems_at(root)] == ["T001"]


def test_suppression_codes_are_not_case_sensitive(tmp_path: Path) -> None:
    root = project(tmp_path)
    bpo = root / "content" / "bpo.yaml"
    edit(bpo, *TYPO)
    edit(bpo, "outside experts.", "outside experts.  # sectorlint: disable=t001")
    assert problems_at(root) == []


def test_each_unused_or_unknown_code_of_a_suppression_is_reported(tmp_path: Path) -> None:
    root = project(tmp_path)
    bpo = root / "content" / "bpo.yaml"
    edit(bpo, *TYPO)
    edit(bpo, "outside experts.", "outside experts.  # sectorlint: disable=T001,C003,Z999")
    result = run_cli("check", cwd=root)
    assert "X001 'Z999' is not a sectorlint code" in result.output
    assert "X001 suppression of C003 is unused" in result.output
    assert "T001" not in result.output.replace("disable=T001", "")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("select = []\n", "'select' is empty"),
        ("content-roots = ['nope']\n", "content root 'nope' is not a directory"),
        ("[taxonomy]\ncomparison-aspects = ['faq']\n", "'faq' is not a key of the sector schema"),
        ("[taxonomy.functions]\nmiddle-office = ['x']\n", "'middle-office' is not a service area"),
        ("[taxonomy.extend-scales]\nscope = ['tiny']\n", "'scope' must order exactly"),
        ('[taxonomy.extend-vocabulary]\n"x" = [""]\n', "holds an empty text"),
        (
            '[taxonomy.extend-vocabulary]\n"" = ["foo"]\n',
            "'taxonomy.extend-vocabulary' has an empty name",
        ),
        ("[taxonomy.extend-functions]\nback-office = [' ']\n", "holds an empty text"),
        (
            "[taxonomy]\nextend-required-relations = "
            "[{sector = '', kind = 'supports', target = 'x'}]\n",
            "needs a 'sector' sector id",
        ),
        ("cache-dir = '/etc'\n", "'cache-dir': '/etc' is outside the project"),
        ("cache-dir = '../elsewhere'\n", "is outside the project"),
        ("content-roots = ['../..']\n", "'content-roots': '../..' is outside the project"),
        ("content-roots = ['/etc']\n", "is outside the project"),
        ("a = " + "[" * 1000 + "]" * 1000 + "\n", "nested too deeply to read"),
    ],
)
def test_values_that_would_silently_misbehave_are_errors(
    tmp_path: Path, config: str, message: str
) -> None:
    root = project(tmp_path, config)
    result = run_cli("check", "content", cwd=root)
    assert result.exit_code == 2
    assert message in result.output


def test_config_is_found_from_the_given_paths(tmp_path: Path) -> None:
    root = project(tmp_path / "project", "ignore = ['T001']\n")
    edit(root / "content" / "bpo.yaml", *TYPO)
    assert codes(tmp_path, "project/content/bpo.yaml") == []


def test_a_file_outside_every_content_root_is_checked_with_its_neighbours(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "elsewhere")
    result = run_cli("check", "elsewhere/call-center.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.output


def test_a_configuration_that_is_not_utf8_is_a_usage_error(tmp_path: Path) -> None:
    root = project(tmp_path, "")
    (root / ".sectorlint.toml").write_bytes(b'content-roots = ["caf\xe9"]\n')
    result = run_cli("check", "content", cwd=root)
    assert result.exit_code == 2
    assert "not UTF-8 text" in result.output


def test_the_cache_never_writes_a_gitignore_into_a_folder_it_did_not_create(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECTORLINT_CACHE_DIR")
    root = project(tmp_path, "cache-dir = 'content'\n")
    assert run_cli("check", "content", cwd=root).exit_code == 0
    assert not (root / "content" / ".gitignore").exists()
    assert list((root / "content").glob("results-*.sqlite"))  # the cache went where it was told
    root = project(tmp_path / "second", "cache-dir = 'new-cache'\n")
    assert run_cli("check", "content", cwd=root).exit_code == 0
    assert (root / "new-cache" / ".gitignore").read_text().endswith("*\n")


def test_a_pyproject_table_pasted_into_sectorlint_toml_is_explained(tmp_path: Path) -> None:
    root = project(tmp_path, "[tool.sectorlint]\nignore = ['C002']\n")
    result = run_cli("check", "content", cwd=root)
    assert result.exit_code == 2
    assert "the keys stand at the top level" in result.output


def test_extending_a_scale_with_levels_it_has_adds_only_the_new_one(tmp_path: Path) -> None:
    config = (
        "[schema.extend-values]\nscope = ['global']\n"
        "[taxonomy.extend-scales]\nscope = ['narrow', 'moderate', 'broad', 'global']\n"
    )
    root = project(tmp_path, config)
    assert run_cli("check", "content", cwd=root).exit_code == 0


@pytest.mark.parametrize(
    ("vocabulary", "message"),
    [
        (  # "help desk" -> "help desk desk" -> "help desk desk desk" -> ...
            '"help desk" = ["help"]\n',
            '\'taxonomy.extend-vocabulary."help desk"\': the rejected spelling "help" occurs in '
            'the preferred spelling "help desk"',
        ),
        (  # swapped on every run
            '"front desk" = ["reception"]\n"reception" = ["front desk"]\n',
            '\'taxonomy.extend-vocabulary."front desk"\': the rejected spelling "reception" is '
            "itself a preferred spelling",
        ),
        (  # the same words, in another case: T001 matches without regard to case
            '"Help Desk" = ["help desk"]\n',
            '"help desk" is itself a preferred spelling',
        ),
        (  # inside a shipped preferred spelling
            '"call" = ["Center"]\n',
            '\'taxonomy.extend-vocabulary."call"\': the rejected spelling "Center" occurs in the '
            'preferred spelling "call center"',
        ),
        (  # a shipped rejected spelling inside a configured preferred spelling
            '"call centre desk" = ["call-centre desk"]\n',
            "'taxonomy.extend-vocabulary.\"call centre desk\"': the rejected spelling "
            '"call centre" (of "call center") occurs in the preferred spelling "call centre desk"',
        ),
        (  # "reception clerk" -> "front desk clerk" -> "front clerk"
            '"front desk" = ["reception"]\n"clerk" = ["desk clerk"]\n',
            '\'taxonomy.extend-vocabulary."clerk"\': the rejected spelling "desk clerk" overlaps '
            'the preferred spelling "front desk" (fmt writes "reception clerk" as '
            '"front desk clerk")',
        ),
    ],
)
def test_a_vocabulary_fmt_could_never_settle_is_a_usage_error(
    tmp_path: Path, vocabulary: str, message: str
) -> None:
    root = project(tmp_path, f"[taxonomy.extend-vocabulary]\n{vocabulary}")
    bpo = root / "content" / "bpo.yaml"
    before = bpo.read_bytes()
    for command in ("check", "fmt"):
        result = run_cli(command, "content", cwd=root)
        assert result.exit_code == 2, result.output
        assert message in result.output
    assert bpo.read_bytes() == before


def test_a_replaced_vocabulary_is_checked_as_an_extended_one_is(tmp_path: Path) -> None:
    root = project(tmp_path, '[taxonomy.vocabulary]\n"help desk" = ["Help"]\n')
    result = run_cli("check", "content", cwd=root)
    assert result.exit_code == 2
    assert (
        '\'taxonomy.vocabulary."help desk"\': the rejected spelling "Help" occurs' in result.output
    )


@pytest.mark.parametrize(
    "vocabulary",
    [
        '"help desk" = ["helpdesk", "help-desk"]\n',  # the README's example
        '"helpdesk" = ["desk"]\n',  # "desk" inside "helpdesk" is not the word "desk"
        '"front desk" = ["reception"]\n"receptionist" = ["front-desk clerk"]\n',
        '"agent" = ["call agent"]\n',  # only "call call agent" would need two runs
    ],
)
def test_a_vocabulary_fmt_settles_under_is_accepted(tmp_path: Path, vocabulary: str) -> None:
    root = project(tmp_path, f"[taxonomy.extend-vocabulary]\n{vocabulary}")
    edit(root / "content" / "bpo.yaml", "Takes on repetitive", "The help desk, reception and desk")
    assert run_cli("fmt", "content", cwd=root).exit_code == 0
    once = (root / "content" / "bpo.yaml").read_bytes()
    result = run_cli("fmt", "--check", "content", cwd=root)
    assert result.exit_code == 0, result.output
    assert (root / "content" / "bpo.yaml").read_bytes() == once


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("content-roots = []\n", "'content-roots' is empty"),
        (
            "[per-file-ignores]\n'content/x.yaml' = []\n",
            "'per-file-ignores.\"content/x.yaml\"' is empty",
        ),
        (
            "[[taxonomy.aspects-for]]\nsectors = []\naspects = ['summary']\n",
            "'taxonomy.aspects-for[1].sectors' is empty",
        ),
        ("[taxonomy]\ncomparison-aspects = []\n", "'taxonomy.comparison-aspects' is empty"),
        (
            "[taxonomy.vocabulary]\n'help desk' = []\n",
            "'taxonomy.vocabulary.\"help desk\"' is empty",
        ),
        (
            "[taxonomy.extend-vocabulary]\n'call center' = []\n",
            "'taxonomy.extend-vocabulary.\"call center\"' is empty",
        ),
        (
            "[taxonomy.functions]\nback-office = []\n",
            "'taxonomy.functions.\"back-office\"' is empty",
        ),
        (
            "[taxonomy.extend-functions]\nback-office = []\n",
            "'taxonomy.extend-functions.\"back-office\"' is empty",
        ),
        ("[taxonomy.extend-scales]\nscope = []\n", "'taxonomy.extend-scales.\"scope\"' is empty"),
    ],
)
def test_an_empty_list_that_cannot_work_is_a_usage_error_naming_the_key(
    tmp_path: Path, config: str, message: str
) -> None:
    root = project(tmp_path, config)
    result = run_cli("check", "content", cwd=root)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "config",
    [
        "ignore = []\n",  # ignores nothing, as it says
        "extend-select = []\n",
        "[taxonomy]\nrequired-relations = []\n",  # requires no relation
        "[taxonomy]\nextend-comparison-aspects = []\n",
        "[[taxonomy.aspects-for]]\nsectors = ['bpo']\naspects = []\n",  # asks nothing of bpo
        "[taxonomy]\nvocabulary = {}\n",  # no spelling is rejected
    ],
)
def test_an_empty_list_that_means_none_is_accepted(tmp_path: Path, config: str) -> None:
    root = project(tmp_path, config)
    result = run_cli("check", "content", cwd=root)
    assert result.exit_code == 0, result.output
