"""A model a team can extend without forking: values, fields, which aspects C001 asks for, and
function phrases, all from the configuration; and the shipped model wide enough for a KPO and a
help desk (tests/data/teams/knowledge, a content set written for this)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CONTENT, DATA, run_cli

TEAM = DATA / "teams" / "knowledge"


def project(tmp_path: Path, config: str) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / ".sectorlint.toml").write_text(
        'content-roots = ["content"]\n' + config, encoding="utf-8"
    )
    return tmp_path / "content"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_kpo_and_a_help_desk_need_no_filler() -> None:
    result = run_cli("check", cwd=TEAM)
    assert result.output == "All checks passed (4 files checked).\n"


def test_omitted_aspects_need_a_reason_and_cannot_also_be_listed(tmp_path: Path) -> None:
    shutil.copytree(TEAM, tmp_path / "team")
    help_desk = tmp_path / "team" / "content" / "help-desk.yaml"
    edit(help_desk, "  trends: Nothing beyond the call center's own trends.\n", "")
    edit(help_desk, "omitted:\n", "careers:\n  - Support Agent\nomitted:\n")
    result = run_cli("check", cwd=tmp_path / "team")
    assert "C001 'help-desk' has no trends" in result.output
    assert "C001 'help-desk' lists careers and also says it omits them" in result.output


EXTENDED = """
[schema.extend-values]
channels = ["ticketing"]
delivery_models = ["near-campus"]

[schema.fields.sla_hours]
type = "integer"
title = "First answer (hours)"
description = "Hours within which a ticket gets its first answer."
"""


def test_extended_values_and_fields_are_validated(tmp_path: Path) -> None:
    root = project(tmp_path, EXTENDED)
    call_center = root / "call-center.yaml"
    edit(call_center, "  - social-media\n", "  - social-media\n  - ticketing\nsla_hours: 4\n")
    assert run_cli("check", cwd=tmp_path).exit_code == 0
    edit(call_center, "sla_hours: 4", "sla_hours: soon")
    result = run_cli("check", cwd=tmp_path)
    assert result.exit_code == 1
    assert "S003 sla_hours:" in result.output
    # without the extension, the same values are what they always were: unknown
    (tmp_path / ".sectorlint.toml").write_text('content-roots = ["content"]\n')
    result = run_cli("check", cwd=tmp_path)
    assert "S004 channels[4]: 'ticketing' is not allowed" in result.output
    assert "S002 unknown key 'sla_hours'" in result.output


def test_the_schema_command_prints_the_extended_schema(tmp_path: Path) -> None:
    project(tmp_path, EXTENDED)
    printed = json.loads(run_cli("schema", cwd=tmp_path).output)
    assert "ticketing" in printed["$defs"]["channel"]["enum"]
    assert printed["properties"]["sla_hours"]["type"] == "integer"
    assert printed["properties"]["sla_hours"]["description"].startswith("Hours within")


def test_fmt_orders_and_spells_extended_values(tmp_path: Path) -> None:
    root = project(tmp_path, EXTENDED)
    call_center = root / "call-center.yaml"
    edit(call_center, "  - social-media\n", "  - social-media\n  - Ticketing\n")
    assert run_cli("fmt", cwd=tmp_path).exit_code == 0
    assert "  - ticketing\n" in call_center.read_text()


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("[schema.extend-values]\nchanels = ['x']\n", "'chanels' has no closed list of values"),
        ("[schema.extend-values]\nchannels = ['Tick eting']\n", "must be lowercase words"),
        ("[schema.extend-values]\nchannels = ['phone']\n", "'phone' is already allowed"),
        ("[schema.fields.sla]\ntype = 'integer'\n", "schema.fields.sla.description is required"),
        ("[schema.fields.sla]\ntype = 'int'\ndescription = 'x'\n", "type must be one of"),
        ("[schema.fields.scope]\ntype = 'text'\ndescription = 'x'\n", "a field of the model"),
        ("[schema]\nfeilds = {}\n", "schema: unknown key 'feilds'"),
        ("[schema.extend-values]\nscope = ['global']\n", "scales: 'scope' must order exactly"),
        (
            "[schema.extend-values]\nscope = ['global']\n"
            "[taxonomy.scales]\nscope = ['narrow', 'moderate', 'broad', 'global']\n",
            "scales: 'skill_level' has no order any more",
        ),
    ],
)
def test_an_extension_that_cannot_work_is_a_usage_error(
    tmp_path: Path, config: str, message: str
) -> None:
    project(tmp_path, config)
    result = run_cli("check", cwd=tmp_path)
    assert result.exit_code == 2
    assert message in result.output


def test_a_new_scale_level_goes_with_its_place_on_the_scale(tmp_path: Path) -> None:
    config = (
        "[schema.extend-values]\nscope = ['global']\n[taxonomy.extend-scales]\nscope = ['global']\n"
    )
    root = project(tmp_path, config)
    edit(root / "bpo.yaml", "scope: broad", "scope: global")
    assert run_cli("check", cwd=tmp_path).exit_code == 0


def test_aspects_are_asked_per_set_of_sectors(tmp_path: Path) -> None:
    config = (
        "[[taxonomy.aspects-for]]\nsectors = ['call-*']\n"
        "aspects = ['summary', 'definition', 'scope']\n"
    )
    root = project(tmp_path, config)
    for name in ("call-center.yaml", "it.yaml"):
        path = root / name
        text = path.read_text()
        start, end = text.index("careers:\n"), text.index("\ntrends:")
        path.write_text(text[:start] + text[end + 1 :])
    result = run_cli("check", cwd=tmp_path)
    assert "C001 'it' has no careers" in result.output
    assert "'call-center'" not in result.output


def test_function_phrases_from_the_configuration_reach_the_office_rules(tmp_path: Path) -> None:
    config = "[taxonomy.extend-functions]\nback-office = ['claims adjudication']\n"
    root = project(tmp_path, config)
    edit(
        root / "call-center.yaml",
        "  - Making outbound customer calls\n",
        "  - Making outbound customer calls\n  - Claims adjudication\n",
    )
    result = run_cli("check", cwd=tmp_path)
    assert "R009" in result.output and "claims adjudication" in result.output.lower()
    (tmp_path / ".sectorlint.toml").write_text('content-roots = ["content"]\n')
    assert "R009" not in run_cli("check", cwd=tmp_path).output


def test_knowledge_work_counts_as_back_office(tmp_path: Path) -> None:
    shutil.copytree(TEAM, tmp_path / "team")
    help_desk = tmp_path / "team" / "content" / "help-desk.yaml"
    edit(help_desk, "  - Password resets\n", "  - Password resets\n  - Data analytics\n")
    result = run_cli("check", cwd=tmp_path / "team")
    assert "R009" in result.output and "core function 'Data analytics'" in result.output


def test_render_shows_a_teams_field_and_the_skill_level(tmp_path: Path) -> None:
    root = project(tmp_path, EXTENDED)
    edit(
        root / "call-center.yaml",
        "tech_dependency: high\n",
        "tech_dependency: high\nsla_hours: 4\n",
    )
    edit(
        root / "it.yaml",
        "tech_dependency: very-high\n",
        "tech_dependency: very-high\nskill_level: specialist\n",
    )
    result = run_cli(
        "render", "--format", "markdown", "--aspects", "sla_hours,skill_level", cwd=tmp_path
    )
    assert result.exit_code == 0, result.output
    assert "| **First answer (hours)** | — | 4 | — |" in result.output
    assert "| **Skill level** | — | — | Specialist |" in result.output


def test_render_says_why_an_omitted_aspect_is_empty() -> None:
    result = run_cli("render", "--format", "markdown", "--aspects", "careers,trends", cwd=TEAM)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("| **Careers**"))
    assert "Not listed (The roles are those of a call center, with technical training)" in row
    trends = next(line for line in result.output.splitlines() if "Future trends" in line)
    assert "More automation" in trends  # a list of points, by their titles
