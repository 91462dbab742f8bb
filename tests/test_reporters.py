"""Reports for CI: every format as the CI system that reads it expects."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from tests.conftest import DATA, PROJECT, run_cli

SARIF_SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def check(*args: str) -> tuple[int, str]:
    result = run_cli("check", *args, "broken", cwd=DATA)
    return result.exit_code, result.output


def test_sarif_is_valid_against_the_official_schema() -> None:
    code, output = check("--output-format", "sarif")
    assert code == 1
    document = json.loads(output)
    errors = sorted(Draft4Validator(SARIF_SCHEMA).iter_errors(document), key=str)
    assert errors == []
    run = document["runs"][0]
    results = run["results"]
    assert len(results) == 30
    typo = next(r for r in results if "hihg" in r["message"]["text"])
    location = typo["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "broken/typo.yaml", "uriBaseId": "SRCROOT"}
    assert location["region"]["startLine"] == 8 and location["region"]["startColumn"] == 18
    rule = run["tool"]["driver"]["rules"][typo["ruleIndex"]]
    assert rule["id"] == typo["ruleId"] == "S004"


def test_sarif_of_a_clean_run_is_valid_too() -> None:
    result = run_cli("check", "--output-format", "sarif", cwd=PROJECT)
    assert result.exit_code == 0
    assert list(Draft4Validator(SARIF_SCHEMA).iter_errors(json.loads(result.output))) == []


def test_github_annotations() -> None:
    _, output = check("--output-format", "github")
    line = next(line for line in output.splitlines() if "hihg" in line)
    assert line.startswith("::error file=broken/typo.yaml,line=8,col=18,endLine=8,endColumn=22,")
    assert "title=S004 invalid-value::tech_dependency: 'hihg'" in line  # the message keeps ':'
    assert "title=S004 invalid-value::tech_dependency%3A" not in line  # only properties escape ':'
    assert line.endswith("(did you mean 'high'?)")
    assert any(line.startswith("::warning ") for line in output.splitlines())


def test_github_annotations_escape_control_characters(tmp_path: Path) -> None:
    hostile = tmp_path / "bad\x1b[2Kname.yaml"
    hostile.write_text('id: x\n"\\e[2K\\e[1Afake\\u202e\\a": 1\n', encoding="utf-8")
    output = run_cli("check", "--output-format", "github", str(hostile)).output
    assert "\x1b" not in output and "\u202e" not in output and "\x07" not in output
    assert "\\u001b[2K\\u001b[1Afake\\u202e\\u0007" in output  # shown, as text shows it
    assert "name.yaml" in output


def test_auto_picks_github_inside_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert check("--output-format", "auto")[1].startswith("::")
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert check("--output-format", "auto")[1].startswith("broken/")


def test_junit_xml() -> None:
    _, output = check("--output-format", "junit")
    root = ET.fromstring(output.encode())
    suite = root.find("testsuite")
    assert suite is not None
    # a test case per file (11 files, each with problems), each problem a failure of its case
    assert suite.get("tests") == suite.get("failures") == "11"
    assert len(suite.findall("testcase")) == 11
    failures = suite.findall("testcase/failure")
    assert len(failures) == 30
    assert any(f.get("type") == "S004" and "hihg" in (f.get("message") or "") for f in failures)


def test_junit_passing_files_are_passing_cases() -> None:
    result = run_cli("check", "--output-format", "junit", cwd=PROJECT)
    suite = ET.fromstring(result.output.encode()).find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "3" and suite.get("failures") == "0"


def test_gitlab_code_quality() -> None:
    _, output = check("--output-format", "gitlab")
    issues = json.loads(output)
    assert len(issues) == 30
    assert len({i["fingerprint"] for i in issues}) == 30
    typo = next(i for i in issues if "hihg" in i["description"])
    assert typo["severity"] == "major" and typo["check_name"] == "S004"
    assert typo["location"]["path"] == "broken/typo.yaml"
    assert typo["location"]["positions"]["begin"] == {"line": 8, "column": 18}


def test_gitlab_fingerprints_survive_moved_lines(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\nscpoe: x\nscpoe: y\n")  # Y002 names line 2
    first = json.loads(run_cli("check", "--output-format", "gitlab", str(tmp_path)).output)
    (tmp_path / "a.yaml").write_text("# a comment\n\nid: a\nscpoe: x\nscpoe: y\n")
    second = json.loads(run_cli("check", "--output-format", "gitlab", str(tmp_path)).output)
    assert {i["fingerprint"] for i in first} == {i["fingerprint"] for i in second}


def test_statistics() -> None:
    _, output = check("--statistics")
    lines = output.splitlines()
    assert lines[0].split() == ["5", "C001", "comparison-completeness"]
    assert lines[-1].startswith("Found 30 problems")


def test_quiet_prints_problems_only() -> None:
    _, output = check("--quiet")
    assert not output.splitlines()[-1].startswith("Found")
    assert run_cli("check", "--quiet", cwd=PROJECT).output == ""


def test_exit_zero() -> None:
    assert check("--exit-zero")[0] == 0


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    code, output = check("--output-format", "sarif", "--output-file", str(target))
    assert code == 1 and output == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"


def test_color_on_request_only(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" not in check()[1]
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[31mS004\x1b[0m" in check()[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in check()[1]


def test_baseline_reports_only_new_problems(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    sector = project / "a.yaml"
    sector.write_text("id: a\nscpoe: x\n")
    baseline = tmp_path / "baseline.json"
    first = run_cli("check", "--baseline", str(baseline), str(project))
    assert first.exit_code == 0 and "Recorded 3 problems" in first.output
    assert "All checks passed" not in first.output
    assert run_cli("check", "--baseline", str(baseline), str(project)).exit_code == 0
    sector.write_text("# moved down\n\nid: a\nscpoe: x\ncolour: blue\n")
    later = run_cli("check", "--baseline", str(baseline), str(project))
    assert later.exit_code == 1
    assert later.output.splitlines()[:-1] == [f"{sector}:5:1: S002 unknown key 'colour'"]


def test_a_broken_baseline_is_a_usage_error(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text("{not json")
    assert run_cli("check", "--baseline", str(baseline), cwd=PROJECT).exit_code == 2


def test_a_baseline_survives_messages_that_name_other_lines(tmp_path: Path) -> None:
    sector = tmp_path / "p" / "a.yaml"
    sector.parent.mkdir()
    sector.write_text("id: a\nid: b\n")
    baseline = tmp_path / "baseline.json"
    run_cli("check", "--baseline", str(baseline), str(sector.parent))
    sector.write_text("# moved\nid: a\nid: b\n")  # "first at line 1" is now "line 2"
    assert run_cli("check", "--baseline", str(baseline), str(sector.parent)).exit_code == 0


# --- fixable problems: marked in text, carried by JSON and SARIF


def _fixable_project(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "p"
    shutil.copytree(PROJECT, root)
    it = root / "content" / "it.yaml"
    text = it.read_text(encoding="utf-8").replace("scope: broad", "scope: Broad")
    text = text.replace("  - Cybersecurity\n", "  - Cybersecurity\n  - Call centre software\n")
    text = text.replace("  overlaps_with:\n", "  overlaps_with:\n    - sector: call-center\n")
    it.write_text(text, encoding="utf-8")
    return root


def test_text_marks_fixable_problems_and_says_by_which_command(tmp_path: Path) -> None:
    root = _fixable_project(tmp_path)
    output = run_cli("check", "content", cwd=root).output
    lines = output.splitlines()
    assert any(" S004 [*] scope: 'Broad' is not allowed" in line for line in lines)
    assert any(" T001 [*] 'Call centre': write 'call center'" in line for line in lines)
    assert any(" R005 [*] 'it' declares an overlap" in line for line in lines)
    assert lines[-1] == (
        "[*] 3 fixable with `sectorlint check --fix` (2 of them with `sectorlint fmt` too)."
    )
    assert "[*]" not in run_cli("check", "--quiet", "content", cwd=root).output.splitlines()[-1]
    run_cli("fmt", "content", cwd=root)
    after = run_cli("check", "content", cwd=root).output.splitlines()
    assert after[-1] == "[*] 1 fixable with `sectorlint check --fix`."


def test_json_carries_each_problems_fix(tmp_path: Path) -> None:
    root = _fixable_project(tmp_path)
    output = run_cli("check", "--output-format", "json", "content", cwd=root).output
    problems = json.loads(output)["problems"]
    by_code = {p["code"]: p for p in problems}
    assert list(by_code["S004"])[-2:] == ["json_path", "fix"]  # the old fields, in order
    line = by_code["S004"]["line"]
    assert by_code["S004"]["fix"] == {
        "kind": "replace",
        "title": "write 'broad'",
        "command": "fmt",
        "path": "content/it.yaml",
        "edits": [
            {"line": line, "column": 8, "end_line": line, "end_column": 13, "new_text": "broad"}
        ],
    }
    assert by_code["R005"]["fix"] == {
        "kind": "add-item",
        "title": "add 'it' to relations.overlaps_with",
        "command": "check --fix",
        "path": "content/call-center.yaml",
        "at": "$.relations.overlaps_with",
        "item": {"sector": "it"},
    }
    assert all(p["fix"] is None for p in problems if p["code"] not in ("S004", "T001", "R005"))


def test_sarif_carries_the_replacements_and_stays_valid(tmp_path: Path) -> None:
    root = _fixable_project(tmp_path)
    output = run_cli("check", "--output-format", "sarif", "content", cwd=root).output
    document = json.loads(output)
    assert sorted(Draft4Validator(SARIF_SCHEMA).iter_errors(document), key=str) == []
    results = {r["ruleId"]: r for r in document["runs"][0]["results"]}
    (fix,) = results["T001"]["fixes"]
    assert fix["description"] == {"text": "write 'Call center' (preferred term)"}
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "content/it.yaml", "uriBaseId": "SRCROOT"}
    (replacement,) = change["replacements"]
    region = replacement["deletedRegion"]
    assert region["endColumn"] - region["startColumn"] == len("Call centre")
    assert replacement["insertedContent"] == {"text": "Call center"}
    assert "fixes" not in results["R005"]  # an item to add: fmt writes its text
