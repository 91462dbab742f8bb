"""`check --fix` never writes what another rule forbids, says what it changed, and reports what
it could not write; a fixed set passes `check` and renders."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import CONTENT, run_cli

HELP_DESK = """\
id: help-desk
name: Help Desk
summary: A part of the call center that answers technical questions.
definition: A help desk is a subset of the call center that answers technical questions.
scope: narrow
core_functions: [Technical support]
tech_dependency: high
examples: [Password resets]
relations:
  {kind}:
    - sector: {target}
{extra}
sources:
  - title: Notes
    publisher: Team
    url: https://example.com/help-desk
    date: 2026-01-01
"""


def project(tmp_path: Path, config: str = "") -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    text = 'content-roots = ["content"]\nignore = ["C001"]\n' + config
    (tmp_path / ".sectorlint.toml").write_text(text, encoding="utf-8")
    return tmp_path / "content"


def help_desk(root: Path, kind: str, target: str, extra: str = "") -> Path:
    path = root / "help-desk.yaml"
    path.write_text(HELP_DESK.format(kind=kind, target=target, extra=extra), encoding="utf-8")
    return path


REQUIRE_SUBSET = """
[taxonomy]
extend-required-relations = [
  { sector = "help-desk", kind = "subset_of", target = "call-center" },
]
"""


def test_fix_never_mirrors_an_overlap_the_taxonomy_says_is_a_subset(tmp_path: Path) -> None:
    root = project(tmp_path, REQUIRE_SUBSET)
    help_desk(root, "overlaps_with", "call-center", "      via: support")
    before = (root / "call-center.yaml").read_bytes()
    result = run_cli("check", "--fix", cwd=tmp_path)
    assert result.exit_code == 1
    assert "R003" in result.output and "must be a subset of 'call-center'" in result.output
    assert "R005" not in result.output  # one story: R003 beats R005
    assert "Fixed" not in result.output
    assert (root / "call-center.yaml").read_bytes() == before


def test_a_parent_overlapping_its_own_subset_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path)
    help_desk(root, "subset_of", "call-center")
    bpo = root / "bpo.yaml"
    overlap = "  overlaps_with:\n    - sector: help-desk\n      via: customer contact\n"
    bpo.write_text(bpo.read_text().replace("  overlaps_with:\n", overlap), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    result = run_cli("check", "--fix", cwd=tmp_path)
    assert result.exit_code == 1
    # help-desk is a subset of call-center, itself a subset of bpo: two levels down
    assert "R011 'help-desk' is a subset of 'bpo', so 'bpo' cannot overlap it" in result.output
    assert "R005" not in result.output
    assert {p.name: p.read_bytes() for p in root.iterdir()} == before


def test_a_suppressed_or_ignored_problem_is_not_fixed(tmp_path: Path) -> None:
    root = project(tmp_path)
    it = root / "it.yaml"
    overlap = "  overlaps_with:\n    - sector: call-center\n      via: contact software\n"
    it.write_text(it.read_text().replace("  overlaps_with:\n", overlap), encoding="utf-8")
    before = (root / "call-center.yaml").read_bytes()
    ignored = run_cli("check", "--fix", "--config", str(write_config(tmp_path)), cwd=tmp_path)
    assert "Fixed" not in ignored.output
    assert (root / "call-center.yaml").read_bytes() == before
    fixed = run_cli("check", "--fix", cwd=tmp_path)
    assert "Fixed content/call-center.yaml (+" in fixed.output
    assert "added 'it' via 'contact software' to relations.overlaps_with" in fixed.output


def write_config(tmp_path: Path) -> Path:
    path = tmp_path / "ignore-r005.toml"
    path.write_text('content-roots = ["content"]\nignore = ["C001", "R005"]\n', encoding="utf-8")
    return path


def test_a_fixed_set_passes_check_and_renders(tmp_path: Path) -> None:
    root = project(tmp_path)
    bpo = root / "bpo.yaml"
    text = bpo.read_text()
    start, end = text.index("relations:\n"), text.index("\nsources:")
    bpo.write_text(text[:start] + text[end + 1 :])  # bpo no longer declares the overlap back
    assert "R003" in run_cli("check", cwd=tmp_path).output
    assert run_cli("check", "--fix", cwd=tmp_path).exit_code == 0
    assert run_cli("check", cwd=tmp_path).exit_code == 0
    rendered = run_cli("render", "--format", "markdown", "--aspects", "overlaps_with", cwd=tmp_path)
    assert rendered.exit_code == 0, rendered.output
    assert rendered.output.count("IT-enabled services (ITES)") >= 2  # both columns show it


def test_a_fix_that_cannot_be_written_is_reported(tmp_path: Path) -> None:
    root = project(tmp_path)
    it = root / "it.yaml"
    overlap = "  overlaps_with:\n    - sector: call-center\n      via: contact software\n"
    it.write_text(it.read_text().replace("  overlaps_with:\n", overlap), encoding="utf-8")
    target = root / "call-center.yaml"
    # ruamel's round-trip reader refuses an impossible date: the formatter cannot rewrite it
    target.write_text(target.read_text().replace("date: 2024-01-09", "date: 2024-02-30"))
    before = target.read_bytes()
    result = run_cli("check", "--fix", cwd=tmp_path)
    assert result.exit_code == 1
    assert "content/call-center.yaml:1:1: Y015 cannot be rewritten" in result.output
    assert "R005" in result.output  # still there, and said so
    assert target.read_bytes() == before


def two_sectors(tmp_path: Path, it_relations: str, kpo_id: str, via: str) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / ".sectorlint.toml").write_text("select = ['R', 'S', 'Y']\n", encoding="utf-8")
    common = "scope: broad\ncore_functions: [Work]\ntech_dependency: high\nexamples: [E]\n"
    sources = "sources: [{title: N, publisher: T}]\n"
    (tmp_path / "content" / "it.yaml").write_text(
        f"id: it\nname: IT\nsummary: S.\ndefinition: D.\n{common}{it_relations}{sources}"
    )
    kpo = tmp_path / "content" / "kpo.yaml"
    overlap = f"relations:\n  overlaps_with:\n    - sector: it\n      via: {via}\n"
    kpo.write_text(
        f"id: {kpo_id}\nname: KPO\nsummary: S.\ndefinition: D.\n{common}{overlap}{sources}"
    )
    return tmp_path / "content" / "it.yaml"


def test_the_fix_copies_the_via_as_fmt_writes_it(tmp_path: Path) -> None:
    it = two_sectors(tmp_path, "", "kpo", "contact centre analytics")
    assert run_cli("check", "--fix", cwd=tmp_path).exit_code == 0
    assert "via: contact center analytics" in it.read_text()
    assert run_cli("check", cwd=tmp_path).exit_code == 0  # no R006 between the two spellings


def test_a_fix_never_writes_over_a_relations_block_of_the_wrong_shape(tmp_path: Path) -> None:
    relations = "relations:\n  overlaps_with:\n    sector: bpo  # forgot the dash\n    via: x\n"
    it = two_sectors(tmp_path, relations, "kpo", "analytics")
    before = it.read_bytes()
    result = run_cli("check", "--fix", cwd=tmp_path)
    assert (
        "content/it.yaml:1:1: Y015 the fix cannot be written: relations.overlaps_with is not a list"
        in result.output
    )
    assert it.read_bytes() == before


def test_a_fix_never_copies_an_id_the_schema_refuses(tmp_path: Path) -> None:
    it = two_sectors(tmp_path, "", "Knowledge_PO", "analytics")
    before = it.read_bytes()
    run_cli("check", "--fix", cwd=tmp_path)
    assert it.read_bytes() == before
