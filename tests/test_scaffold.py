"""`sectorlint new`: a new sector file from the model's template, every key explained, and what
the author must still write shown by `check`, each at its line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from sectorlint import engine, fmt, scaffold, source
from sectorlint.config import Config, load_config
from tests.conftest import PROJECT

# The problems a fresh template has beside its placeholders (C003): the values no placeholder
# can stand for (a closed list, a web address, a date) and relations to other sectors.
ALLOWED_IN_A_FRESH_FILE = {"C003", "S004", "S005", "R001", "R010"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(PROJECT, tmp_path / "project", ignore=shutil.ignore_patterns(".sectorlint_*"))
    return tmp_path / "project"


def config_of(project: Path, extra: str = "") -> Config:
    if extra:
        toml = project / ".sectorlint.toml"
        toml.write_text(toml.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return load_config(project)


def problems(path: Path, config: Config) -> list[tuple[int, str, str]]:
    report = engine.check([str(path)], engine.Options(config=config))
    return [(p.span.line, p.code, p.message) for p in report.problems]


def keys_of(text: str) -> list[str]:
    """The top-level keys written (`omitted` counts where it is written as a comment)."""
    return re.findall(r"^(?:# )?([a-z_$]+):", text, re.MULTILINE)


def comment_above(text: str, key: str) -> str:
    """The comment lines just above the top-level `key`."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if re.match(rf"(# )?{key}:", line))
    above = []
    for line in reversed(lines[:at]):
        if not line.startswith("#"):
            break
        above.insert(0, line.removeprefix("# "))
    return " ".join(above)


def test_the_file_goes_in_the_first_content_root_and_reads_without_reader_errors(
    project: Path,
) -> None:
    config = config_of(project)
    path, text = scaffold.new_sector("help-desk", name=None, subset_of=None, config=config)
    assert path == project / "content" / "help-desk.yaml"
    scaffold.write_new(path, text)
    found = problems(path, config)
    assert {code for _, code, _ in found} <= ALLOWED_IN_A_FRESH_FILE
    # what the author must write is said at its line: each placeholder, each open value
    lines = text.splitlines()
    for line, code, _ in found:
        assert "TODO" in lines[line - 1] or code == "R010", (line, code)
    assert all(any(n == line for n, _, _ in found) for line in _todo_lines(text))


def _todo_lines(text: str) -> list[int]:
    return [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if "TODO" in line and not line.startswith("#")
    ]


def test_the_schema_errors_are_only_the_values_a_placeholder_cannot_stand_for(
    project: Path,
) -> None:
    config = config_of(project)
    path, text = scaffold.new_sector("help-desk", name=None, subset_of=None, config=config)
    scaffold.write_new(path, text)
    schema_errors = {
        message.split(":")[0] for _, code, message in problems(path, config) if code[0] == "S"
    }
    assert schema_errors == {
        "scope", "service_areas[0]", "tech_dependency", "skill_level", "delivery_models[0]",
        "channels[0]", "operating_formats[0]", "industry_focus", "sources[0].url",
        "sources[0].date",
    }  # fmt: skip


def test_fmt_leaves_the_template_as_it_is(project: Path) -> None:
    config = config_of(project)
    for options in ({"name": None, "subset_of": None}, {"name": "Help Desk", "subset_of": "bpo"}):
        path, text = scaffold.new_sector("help-desk", config=config, **options)
        assert fmt.format_text(str(path), text, config.taxonomy()) == text


def test_every_key_of_the_model_is_written_in_fmt_order_under_its_meaning(project: Path) -> None:
    config = config_of(project)
    _, text = scaffold.new_sector("help-desk", name=None, subset_of=None, config=config)
    schema = config.taxonomy().schema
    expected = [key for key in schema["properties"] if key != "$schema"]
    written = [key for key in keys_of(text) if key in schema["properties"]]
    assert written == expected
    for key in expected:
        node = schema["properties"][key]
        assert node["description"] in comment_above(text, key), key
        assert "(required)" in comment_above(text, key) or key not in schema["required"]
    assert "omitted" not in _data(text)  # an example only: it stands instead of an aspect


def _data(text: str) -> dict[str, Any]:
    parsed = source.parse_text("help-desk.yaml", text)
    assert parsed.document is not None and not parsed.problems
    return parsed.document.data


def test_closed_lists_and_scales_show_their_values(project: Path) -> None:
    config = config_of(project)
    _, text = scaffold.new_sector("help-desk", name=None, subset_of=None, config=config)
    assert "narrow < moderate < broad" in comment_above(text, "scope")
    assert "entry < skilled < specialist < expert" in comment_above(text, "skill_level")
    channels = comment_above(text, "channels")
    assert "phone, email, chat, social-media, sms, video, web, messaging" in channels
    assert "onshore (" not in comment_above(text, "delivery_models")
    assert "captive" in comment_above(text, "delivery_models")
    assert "`question` (required)" in comment_above(text, "faqs")


def test_a_teams_fields_and_values_are_in_the_template(project: Path) -> None:
    config = config_of(
        project,
        """
[schema.extend-values]
channels = ["ticketing"]
scope = ["global"]

[schema.fields.sla_hours]
type = "integer"
description = "Hours within which a ticket gets its first answer."

[schema.fields.tier]
type = "text"
description = "Which support tier the sector is."
values = ["first-line", "second-line"]

[taxonomy.extend-scales]
scope = ["narrow", "moderate", "broad", "global"]
""",
    )
    path, text = scaffold.new_sector("help-desk", name=None, subset_of=None, config=config)
    assert "messaging, ticketing." in comment_above(text, "channels")
    assert "narrow < moderate < broad < global" in comment_above(text, "scope")
    assert "Hours within which a ticket gets its first answer." in comment_above(text, "sla_hours")
    assert "Write a whole number." in comment_above(text, "sla_hours")
    assert "One of: first-line, second-line." in comment_above(text, "tier")
    assert keys_of(text)[-2:] == ["sla_hours", "tier"]  # after the model's own, as fmt puts them
    assert fmt.format_text(str(path), text, config.taxonomy()) == text


def test_name_and_subset_of_are_filled_with_what_a_part_must_be(project: Path) -> None:
    config = config_of(project)
    _, text = scaffold.new_sector(
        "help-desk", name="Help Desk: Tier 1", subset_of="call-center", config=config
    )
    data = _data(text)
    assert data["name"] == "Help Desk: Tier 1"  # quoted, so YAML reads the text back
    assert data["relations"]["subset_of"] == [{"sector": "call-center", "note": "TODO"}]
    # a part of a narrow, front-office-only sector can only be narrow and front-office
    assert data["scope"] == "narrow" and data["service_areas"] == ["front-office"]
    assert "no broader than it: narrow" in comment_above(text, "scope")
    assert "part of Call Center" in comment_above(text, "definition")


def test_subset_of_a_broad_sector_leaves_scope_to_the_author(project: Path) -> None:
    config = config_of(project)
    _, text = scaffold.new_sector("kpo", name=None, subset_of="BPO", config=config)
    data = _data(text)
    assert data["relations"]["subset_of"][0]["sector"] == "bpo"  # the name means its id
    assert data["scope"] == "TODO" and data["service_areas"] == ["TODO"]
    assert "front-office, back-office" in comment_above(text, "service_areas")


def test_relations_the_taxonomy_requires_are_written(project: Path) -> None:
    config = config_of(
        project,
        '\n[taxonomy]\nextend-required-relations = [{ sector = "kpo", kind = "overlaps_with", '
        'target = "it", via = "Analytics", why = "KPO runs on analytics." }]\n',
    )
    _, text = scaffold.new_sector("kpo", name=None, subset_of=None, config=config)
    overlaps = _data(text)["relations"]["overlaps_with"]
    assert overlaps == [{"sector": "it", "via": "Analytics", "note": "TODO"}]
    assert "requires this relation to 'it' (KPO runs on analytics)" in text


def test_two_new_sectors_do_not_claim_one_name(project: Path) -> None:
    config = config_of(project)
    for sector_id in ("help-desk", "kpo"):
        path, text = scaffold.new_sector(sector_id, name=None, subset_of=None, config=config)
        scaffold.write_new(path, text)
    report = engine.check([str(project / "content")], engine.Options(config=config))
    assert not [p for p in report.problems if p.code in ("R002", "R012")]


@pytest.mark.parametrize(
    ("sector_id", "said"),
    [
        ("Help Desk", "did you mean 'help-desk'?"),
        ("help--desk", "did you mean 'help-desk'?"),
        ("", "e.g. 'call-center'"),
        ("a" * 65, "at most 64 characters"),
    ],
)
def test_an_id_the_schema_refuses(project: Path, sector_id: str, said: str) -> None:
    with pytest.raises(ValueError, match=re.escape(said)) as refused:
        scaffold.new_sector(sector_id, name=None, subset_of=None, config=config_of(project))
    assert "^[a-z0-9]+(-[a-z0-9]+)*$" in str(refused.value)


def test_an_id_that_would_read_as_a_number_is_quoted(project: Path) -> None:
    _, text = scaffold.new_sector("2024", name=None, subset_of=None, config=config_of(project))
    assert _data(text)["id"] == "2024"


def test_an_id_or_name_the_set_has_already(project: Path) -> None:
    config = config_of(project)
    # the id of a file named otherwise
    (project / "content" / "call-center.yaml").rename(project / "content" / "calls.yaml")
    with pytest.raises(ValueError, match=r"id 'call-center' is taken: it is the id of sector"):
        scaffold.new_sector("call-center", name=None, subset_of=None, config=config)
    with pytest.raises(ValueError, match=r"name 'business process outsourcing' is taken"):
        scaffold.new_sector(
            "outsourcing", name="business process outsourcing", subset_of=None, config=config
        )
    (project / "content" / "help-desk.yaml").write_text("id: other\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"help-desk.yaml exists already"):
        scaffold.new_sector("help-desk", name=None, subset_of=None, config=config)


def test_an_unknown_parent_is_refused_with_the_closest_id(project: Path) -> None:
    config = config_of(project)
    with pytest.raises(ValueError, match=r"names no sector .* \(did you mean 'call-center'\?\)"):
        scaffold.new_sector("help-desk", name=None, subset_of="call-centers", config=config)
    with pytest.raises(ValueError, match=r"the sectors are: bpo, call-center, it"):
        scaffold.new_sector("help-desk", name=None, subset_of="zzz", config=config)


def test_write_new_never_overwrites_and_makes_a_missing_root(tmp_path: Path) -> None:
    config = Config(root=tmp_path)  # no configuration: ./content, not made yet
    path, text = scaffold.new_sector("help-desk", name=None, subset_of=None, config=config)
    scaffold.write_new(path, text)
    assert path.read_text(encoding="utf-8") == text
    with pytest.raises(FileExistsError) as refused:
        scaffold.write_new(path, "id: other\n")
    assert refused.value.filename == str(path)
    assert path.read_text(encoding="utf-8") == text


def test_the_editor_schema_line(project: Path, tmp_path: Path) -> None:
    _, text = scaffold.new_sector("kpo", name=None, subset_of=None, config=config_of(project))
    # as the set's files have it: their path to the schema
    assert text.startswith(
        "# yaml-language-server: $schema=../../../../schema/sector.schema.json\n"
    )
    for file in (project / "content").glob("*.yaml"):
        lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
        file.write_text("".join(lines[1:]), encoding="utf-8")
    _, text = scaffold.new_sector("kpo", name=None, subset_of=None, config=config_of(project))
    assert text.startswith("# For your editor to check this file as you type")  # out of project
    assert "`sectorlint schema > sector.schema.json`" in text


FILLED = {
    "summary": "A part of the call center that answers users' technical questions.",
    "definition": "A help desk is a part of the call center that solves technical questions.",
    "scope_detail": "First-line technical support.",
    "core_functions": "Technical support",
    "tech_dependency": "high",
    "tech_dependency_detail": "Ticketing and remote-support tools carry the work.",
    "skill_level": "skilled",
    "skill_level_detail": "Knowing the company's own systems.",
    "delivery_models": "in-house",
    "channels": "chat",
    "operating_formats": "inbound",
    "industry_focus": "cross-industry",
    "features": "Answers staff questions about their computers.",
    "offerings": "Password resets",
    "industry": "Software",
    "example": "Answering questions about accounts",
    "examples": "Resetting passwords for a company's staff",
    "title": "Quick answers",
    "detail": "Users get working again without waiting for an engineer.",
    "careers": "Help Desk Analyst",
    "question": "Does a help desk fix hardware?",
    "answer": "It finds the fault and sends an engineer when a part must be replaced.",
    "setting": "Bank",
    "role": "Answers the staff's technical questions.",
    "note": "A help desk is a call center for technical questions.",
    "short_name": "HD",
    "aliases": "Service desk",
    "publisher": "Example Team",
    "url": "https://example.com/help-desk",
    "date": "2026-01-01",
}


def fill_in(text: str) -> str:
    """Each TODO replaced as an author would, the relations that do not apply deleted, and
    the repeated titles of the lists of points made unique."""
    text = re.sub(r"  overlaps_with:\n(?:    .*\n)+", "", text)
    text = re.sub(r"  supports:\n(?:    .*\n)+", "", text)
    out, key, count = [], "", 0
    for line in text.splitlines():
        found = re.match(r"( *)(?:- )?([a-z_]+): ", line.lstrip("- ").rjust(len(line)))
        top = re.match(r"([a-z_]+):", line)
        key = top.group(1) if top else key
        if "TODO" in line and not line.startswith("#"):
            field = found.group(2) if found and ": TODO" in line else key
            count += 1
            value = FILLED[field] + (f" {count}" if field == "title" else "")
            line = re.sub(r"TODO\??", value, line)  # (no backslashes in the values)
        out.append(line)
    return "\n".join(out) + "\n"


def test_filled_in_the_new_file_checks_clean_with_its_set(project: Path) -> None:
    config = config_of(project)
    path, text = scaffold.new_sector(
        "help-desk", name="Help Desk", subset_of="call-center", config=config
    )
    scaffold.write_new(path, fill_in(text))
    report = engine.check([str(project / "content")], engine.Options(config=config))
    assert [(p.path, p.code, p.message) for p in report.problems] == []
    assert _todo_lines(path.read_text(encoding="utf-8")) == []
