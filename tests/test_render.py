"""`sectorlint render`: the comparison in every format, as a reader gets it."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import CONTENT, DATA, PROJECT, run_cli

GOLDEN = DATA / "golden"
FORMATS = {"text": "txt", "markdown": "md", "csv": "csv", "json": "json", "html": "html"}


def render(*args: str, cwd: Path = PROJECT) -> str:
    result = run_cli("render", *args, cwd=cwd)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("fmt", "suffix"), FORMATS.items())
def test_every_format_matches_its_golden_file(fmt: str, suffix: str) -> None:
    output = render("--format", fmt, "--width", "100")
    path = GOLDEN / f"render.{suffix}"
    if os.environ.get("SECTORLINT_UPDATE_GOLDEN"):
        path.write_text(output, encoding="utf-8")
    assert output == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_identical_across_runs(fmt: str) -> None:
    assert render("--format", fmt) == render("--format", fmt)


def cells() -> dict[str, dict[str, str]]:
    document = json.loads(render("--format", "json"))
    return {row["key"]: {k: v["text"] for k, v in row["cells"].items()} for row in document["rows"]}


# Every cell of the sources' "Key Differences" table, as words the rendered cell must hold.
KEY_DIFFERENCES = {
    "definition": {
        "bpo": ["non-core business processes"],
        "call-center": ["BPO", "customers"],
        "it": ["Developing", "managing technology"],
    },
    "scope": {
        "bpo": ["Broad", "front-office", "back-office"],
        "call-center": ["Narrow", "customer service", "sales"],
        "it": ["Broad", "digital infrastructure", "services"],
    },
    "core_functions": {
        "bpo": ["Payroll", "accounting", "customer service"],
        "call-center": ["inbound customer calls", "outbound customer calls"],
        "it": ["Software development", "cybersecurity"],
    },
    "tech_dependency": {
        "bpo": ["Medium"],
        "call-center": ["High", "multi-channel support"],
        "it": ["Very high"],
    },
    "examples": {
        "bpo": ["Data entry", "HR outsourcing"],
        "call-center": ["Technical support", "telemarketing"],
        "it": ["AI development", "IT consulting"],
    },
    "subset_of": {"bpo": ["—"], "call-center": ["BPO"], "it": ["—"]},
    "overlaps_with": {
        "bpo": ["IT", "IT-enabled services (ITES)"],
        "call-center": ["—"],
        "it": ["BPO", "IT-enabled services (ITES)"],
    },
}


@pytest.mark.parametrize("aspect", KEY_DIFFERENCES)
def test_default_render_reproduces_the_key_differences_table(aspect: str) -> None:
    row = cells()[aspect]
    for sector, words in KEY_DIFFERENCES[aspect].items():
        missing = [w for w in words if w not in row[sector]]
        assert missing == [], f"{aspect} / {sector}: {row[sector]!r}"


def test_ordinal_labels_are_normalized() -> None:
    row = cells()["tech_dependency"]
    assert row["it"] == "Very high"
    assert row["bpo"] == "Medium"
    assert row["call-center"] == "High (modern multi-channel support depends on it)"


def test_sectors_and_aspects_pick_and_order() -> None:
    output = render("--format", "csv", "--sectors", "it,bpo", "--aspects", "examples,scope")
    rows = list(csv.reader(io.StringIO(output)))
    assert rows[0] == ["Aspect", "Information Technology", "Business Process Outsourcing"]
    assert [r[0] for r in rows[1:]] == ["Examples", "Scope"]


def test_a_section_side_by_side() -> None:
    document = json.loads(render("--format", "json", "--section", "faqs"))
    assert document["title"] == "FAQs"
    first = document["rows"][0]["cells"]
    assert first["bpo"]["text"].startswith("Is BPO only for large companies? — No.")
    assert first["it"]["text"] == "—"  # IT has no FAQs
    assert len(document["rows"]) == 3  # the longest list sets the depth


@pytest.mark.parametrize(
    "args",
    [["--sectors", "bpo,nope"], ["--aspects", "colour"], ["--section", "gossip"]],
)
def test_unknown_choices_are_usage_errors(args: list[str]) -> None:
    result = run_cli("render", *args, cwd=PROJECT)
    assert result.exit_code == 2
    assert "known:" in result.output


def broken_copy(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    bpo = tmp_path / "content" / "bpo.yaml"
    bpo.write_text(bpo.read_text().replace("tech_dependency: medium", "tech_dependency: hihg"))
    return tmp_path


def test_content_with_errors_is_not_rendered(tmp_path: Path) -> None:
    result = run_cli("render", cwd=broken_copy(tmp_path))
    assert result.exit_code == 1
    assert "run `sectorlint check`" in result.output
    assert "Sector comparison" not in result.output


def test_force_renders_anyway(tmp_path: Path) -> None:
    result = run_cli("render", "--force", "--format", "json", cwd=broken_copy(tmp_path))
    assert result.exit_code == 0
    cells = json.loads(result.output)["rows"][3]["cells"]
    assert cells["bpo"]["text"] == "—"  # an unknown level shows as nothing, not as a guess


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    result = run_cli("render", "--format", "html", "-o", str(target), cwd=PROJECT)
    assert result.exit_code == 0 and result.output == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary left behind


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_color_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" not in render()
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[1m" in render()
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in render()


def test_terminal_table_wraps_to_the_width() -> None:
    for width in (60, 100, 160):
        lines = render("--width", str(width)).splitlines()[1:]
        assert max(len(line) for line in lines) <= width


HOSTILE = '<script>alert("x")</script> & <b>bold</b> | pipe'


def hostile_copy(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    it = tmp_path / "content" / "it.yaml"
    text = it.read_text().replace(
        "summary: Developing and managing technology.", f"summary: '{HOSTILE}'"
    )
    it.write_text(
        text.replace("name: Information Technology", "name: IT <img src=x onerror=alert(1)>")
    )
    return tmp_path


@pytest.mark.parametrize(
    ("fmt", "shown"), [("html", "&lt;script&gt;"), ("markdown", "\\<script\\>")]
)
def test_content_is_escaped(tmp_path: Path, fmt: str, shown: str) -> None:
    output = render("--format", fmt, cwd=hostile_copy(tmp_path))
    assert not re.search(r"(?<!\\)<(script|img)", output)  # no tag a browser would obey
    assert shown in output


def test_markdown_cells_do_not_format(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    it = tmp_path / "content" / "it.yaml"
    it.write_text(
        it.read_text().replace(
            "summary: Developing and managing technology.",
            "summary: '*bold* `code` [link](http://x) a|b'",
        )
    )
    output = render("--format", "markdown", cwd=tmp_path)
    assert "\\*bold\\* \\`code\\` \\[link\\](http://x) a\\|b" in output


@pytest.mark.parametrize("fmt", ["html", "markdown", "csv", "json", "text"])
def test_direction_overrides_and_controls_are_shown_not_obeyed(tmp_path: Path, fmt: str) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    it = tmp_path / "content" / "it.yaml"
    it.write_text(
        it.read_text().replace(
            "name: Information Technology", 'name: "IT \\u202e reversed \\e[31m"'
        )
    )
    output = render("--format", fmt, "--force", cwd=tmp_path)
    assert "\u202e" not in output and "\x1b" not in output
    assert "\\u202e" in output


def test_csv_defuses_formulas_in_names_too(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    it = tmp_path / "content" / "it.yaml"
    it.write_text(
        it.read_text().replace("name: Information Technology", "name: '=HYPERLINK(\"http://x\")'")
    )
    header = next(csv.reader(io.StringIO(render("--format", "csv", "--force", cwd=tmp_path))))
    assert header[-1] == '\'=HYPERLINK("http://x")'


def test_output_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("render", "-o", str(tmp_path / "nope" / "x.txt"), cwd=PROJECT)
    assert result.exit_code == 2
    assert "cannot write" in result.output


def test_aspects_and_section_together_are_refused() -> None:
    result = run_cli("render", "--section", "benefits", "--aspects", "scope", cwd=PROJECT)
    assert result.exit_code == 2


def test_titles_in_lists_keep_their_case() -> None:
    row = json.loads(render("--format", "json", "--aspects", "careers,core_functions"))["rows"]
    assert (
        row[0]["cells"]["it"]["text"]
        == "Software Developer, Cybersecurity Specialist, IT Consultant"
    )
    assert row[1]["cells"]["bpo"]["text"] == "Payroll, accounting, customer service"
