"""`sectorlint fmt` and `check --fix`: canonical form, nothing lost, idempotent, atomic."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from sectorlint import fmt, source, taxonomy
from sectorlint.problem import AddItem
from tests.conftest import CONTENT, run_cli

COMMENTED = """\
# yaml-language-server: $schema=../schema/sector.schema.json
# A file with comments in every corner.

name: Help Desk   # the display name
id: help-desk     # the id, after the name: fmt moves it first

summary: First-line support for staff.  # trailing comment
definition: >-
  A help desk answers staff questions about their computers and works like a small
  call centre for the company's own people.
# a comment between keys
scope: Narrow
scope_detail: 'Questions from staff.'   # quoted on purpose
core_functions:
  # a comment inside a list
  - Technical support   # on an item
  - Password resets
tech_dependency: Very High
examples: ["Account unlocks", 'Laptop set-up']
sources:
  - title: Notes   # where it comes from
    url: https://example.org/notes
# a comment at the end
"""


def formatted(text: str) -> str:
    return fmt.format_text("help-desk.yaml", text, taxonomy.load())


def test_canonical_form() -> None:
    out = formatted(COMMENTED)
    lines = out.splitlines()
    assert "scope: narrow" in lines and "tech_dependency: very-high" in lines
    assert "  call center for the company's own people." in lines  # preferred spelling
    assert "scope_detail: 'Questions from staff.'   # quoted on purpose" in lines
    assert """examples: ["Account unlocks", 'Laptop set-up']""" in lines


def test_keys_take_the_schema_order_and_trailing_comments_go_with_them() -> None:
    text = "name: Help Desk  # shown\nid: help-desk  # the id\nscope: narrow\n"
    assert formatted(text) == "id: help-desk  # the id\nname: Help Desk  # shown\nscope: narrow\n"


def test_a_file_with_comment_lines_between_keys_keeps_its_order() -> None:
    text = (
        "name: Help Desk\nid: help-desk\n# sectorlint: disable=C003\n"
        "summary: First-line technical support, TODO.\n"
    )
    out = formatted(text)
    assert out == text  # the suppression stays on the line above the key it speaks of


def test_every_comment_survives() -> None:
    out = formatted(COMMENTED)
    comments = [line[line.index("#") :] for line in COMMENTED.splitlines() if "#" in line]
    for comment in comments:
        assert comment in out


def test_data_is_kept_up_to_the_documented_normalizations() -> None:
    before = source.parse_text("a.yaml", COMMENTED).document
    after = source.parse_text("a.yaml", formatted(COMMENTED)).document
    assert before is not None and after is not None
    changed = {k for k in before.data if before.data[k] != after.data[k]}
    assert changed == {"definition", "scope", "tech_dependency"}


def test_formatting_twice_equals_formatting_once() -> None:
    once = formatted(COMMENTED)
    assert formatted(once) == once


def test_trailing_space_and_final_newline() -> None:
    out = formatted("id: a   \nname: A\t\n\n\n")
    assert out == "id: a\nname: A\n"


def test_trailing_spaces_inside_a_literal_block_are_data_and_stay() -> None:
    text = "id: a\ndefinition: |\n  keep   \n  these\n"
    assert formatted(text) == text


def test_the_shipped_content_is_already_canonical() -> None:
    for path in sorted(CONTENT.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert formatted(text) == text, path.name


def test_a_file_ruamel_cannot_read_is_normalized_in_place() -> None:
    text = "id: a  \nscope: Broad\nsources:\n  - title: t\n    date: 2024-02-30\n"
    assert formatted(text) == text.replace("Broad", "broad").replace("a  \n", "a\n")


@pytest.mark.parametrize(
    "text",
    [
        "id: 'open\n",
        "a: &x 1\nb: *x\n",
        "- a list\n",
        "a: !!python/object:x {}\n",
    ],
)
def test_what_cannot_be_read_is_refused(text: str) -> None:
    with pytest.raises(fmt.FormatError):
        formatted(text)


def copy_content(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def test_fmt_command_rewrites_keeps_mode_and_leaves_no_temporary(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    target = root / "it.yaml"
    target.write_text(target.read_text().replace("scope: broad", "scope: Broad"))
    target.chmod(0o640)
    result = run_cli("fmt", str(root))
    assert result.exit_code == 0
    assert (
        "reformatted" in result.output
        and "1 file reformatted, 2 files left unchanged." in result.output
    )
    assert "scope: broad" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in root.iterdir()) == ["bpo.yaml", "call-center.yaml", "it.yaml"]
    again = run_cli("fmt", str(root))
    assert "0 files reformatted, 3 files left unchanged." in again.output


def test_check_and_diff_change_nothing(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    target = root / "it.yaml"
    target.write_text(target.read_text().replace("scope: broad", "scope: Broad"))
    before = target.read_bytes()
    checked = run_cli("fmt", "--check", str(root))
    assert checked.exit_code == 1 and f"would reformat {target}" in checked.output
    diffed = run_cli("fmt", "--diff", str(root))
    assert diffed.exit_code == 1 and "-scope: Broad\n+scope: broad\n" in diffed.output
    assert target.read_bytes() == before


def test_a_file_that_fails_to_parse_is_reported_and_untouched(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    broken = root / "broken.yaml"
    broken.write_text("id: 'open\n")
    result = run_cli("fmt", str(root))
    assert result.exit_code == 1
    assert f"{broken}:2:1: Y001" in result.output
    assert broken.read_text() == "id: 'open\n"


def test_a_file_changed_meanwhile_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_content(tmp_path)
    target = root / "it.yaml"
    target.write_text(target.read_text().replace("scope: broad", "scope: Broad"))
    real = fmt.format_text

    def edit_meanwhile(*args: object, **kwargs: object) -> str:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        target.write_text(target.read_text() + "# someone else's edit\n")
        return result

    monkeypatch.setattr(fmt, "format_text", edit_meanwhile)
    outcome = fmt.format_paths([str(target)], taxonomy.load(), source.Limits())[0]
    assert outcome.problem is not None and "changed while" in outcome.problem.message
    assert target.read_text().endswith("# someone else's edit\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to read-only files")
def test_a_read_only_folder_is_reported_and_the_original_kept(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    target = root / "it.yaml"
    target.write_text(target.read_text().replace("scope: broad", "scope: Broad"))
    root.chmod(0o555)
    try:
        outcome = fmt.format_paths([str(target)], taxonomy.load(), source.Limits())[0]
    finally:
        root.chmod(0o755)
    assert outcome.problem is not None and "cannot write" in outcome.problem.message
    assert "scope: Broad" in target.read_text()


def test_a_failed_write_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_content(tmp_path)
    target = root / "it.yaml"
    target.write_text(target.read_text().replace("scope: broad", "scope: Broad"))
    before = target.read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    outcome = fmt.format_paths([str(target)], taxonomy.load(), source.Limits())[0]
    assert outcome.problem is not None and "No space left" in outcome.problem.message
    assert target.read_bytes() == before
    assert sorted(p.name for p in root.iterdir()) == ["bpo.yaml", "call-center.yaml", "it.yaml"]


def test_check_fix_adds_the_missing_side_of_an_overlap(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    kpo = (
        (root / "it.yaml")
        .read_text()
        .replace("id: it\n", "id: kpo\n")
        .replace("short_name: IT\n", "")
    )
    kpo = kpo.replace("name: Information Technology", "name: Knowledge Work").replace(
        "  - IT\n  - IT services\n", "  - KPO\n"
    )
    kpo = (
        kpo.split("relations:")[0]
        + "relations:\n  overlaps_with:\n    - sector: bpo\n      via: analytics\n\nsources:"
        + kpo.split("\nsources:")[1]
    )
    (root / "kpo.yaml").write_text(kpo)
    before = run_cli("check", str(root))
    assert "R005" in before.output
    fixed = run_cli("check", "--fix", str(root / "kpo.yaml"), cwd=tmp_path)
    assert (
        "Fixed content/bpo.yaml (+2 -0 lines): added 'kpo' via 'analytics' to "
        "relations.overlaps_with\n" in fixed.output
    )
    assert "R005" not in fixed.output
    bpo = (root / "bpo.yaml").read_text()
    assert "    - sector: kpo\n      via: analytics\n" in bpo
    assert "IT-enabled BPO" in bpo  # the comment-free rest of the file is as it was


def test_a_symlinked_file_is_rewritten_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = real / "it.yaml"
    target.write_text((CONTENT / "it.yaml").read_text().replace("scope: broad", "scope: Broad"))
    link = tmp_path / "it.yaml"
    link.symlink_to(target)
    assert run_cli("fmt", str(link)).exit_code == 0
    assert link.is_symlink()
    assert "scope: broad" in target.read_text()


def test_check_fix_writes_to_a_neighbour_when_run_inside_the_folder(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    bpo = root / "bpo.yaml"
    text = bpo.read_text()
    start, end = text.index("relations:\n"), text.index("\nsources:")
    bpo.write_text(text[:start] + text[end + 1 :])
    result = run_cli("check", "--fix", "it.yaml", cwd=root)
    assert "Fixed bpo.yaml (+4 -0 lines): added 'it' via " in result.output
    assert "    - sector: it\n      via: IT-enabled services (ITES)\n" in bpo.read_text()
    assert run_cli("check", cwd=tmp_path).exit_code == 0


# --- what a rewrite keeps (issue 12's reproductions, each failing before)


def twice(text: str) -> str:
    once = formatted(text)
    assert formatted(once) == once  # idempotent
    return once


def test_comments_inside_a_multi_line_flow_collection_are_kept() -> None:
    text = "id: bpo\nscope: Broad\nexamples: [  # lead\n  a,  # first\n  b,\n]\n"
    out = twice(text)
    assert "# lead" in out and "# first" in out
    assert "scope: broad" in out


def test_what_precedes_the_document_marker_is_kept() -> None:
    text = "# yaml-language-server: $schema=../schema/sector.schema.json\n---\nid: bpo\nname: N\n"
    assert twice(text) == text
    text = "%YAML 1.2\n---\nid: bpo\nscope: Broad\n"
    assert twice(text) == "%YAML 1.2\n---\nid: bpo\nscope: broad\n"


def test_crlf_stays_crlf_everywhere() -> None:
    out = twice("id: bpo\r\nname: N   \r\n# note\r\nsummary: s\r\n")
    assert out == "id: bpo\r\nname: N\r\n# note\r\nsummary: s\r\n"


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_bytes(b"\xef\xbb\xbfid: bpo\nscope: Broad\n")
    assert run_cli("fmt", str(target)).exit_code == 0
    assert target.read_bytes() == b"\xef\xbb\xbfid: bpo\nscope: broad\n"


def test_a_silenced_spelling_is_not_rewritten() -> None:
    text = (
        "id: bpo\n"
        "summary: A call centre.  # sectorlint: disable=T001\n"
        "# sectorlint: disable=T\n"
        "definition: Like a call centre.\n"
        "scope_detail: One call centre.\n"
    )
    out = twice(text)
    assert "summary: A call centre." in out and "definition: Like a call centre." in out
    assert "scope_detail: One call center." in out


SUPPORTS_IT = AddItem(
    "x.yaml", ("relations", "supports"), (("sector", "it"), ("how", "Runs its tools.")), "'it'"
)


def test_a_fix_adds_its_item_making_what_is_missing_where_the_schema_puts_it() -> None:
    """fmt knows no rule: a fix says what to add where, and it is written as fmt writes."""
    text = "id: help-desk\nsources:\n  - title: Notes  # kept\n"
    out = fmt.format_text("x.yaml", text, taxonomy.load(), [SUPPORTS_IT])
    assert out == (
        "id: help-desk\n"
        "relations:\n"
        "  supports:\n"
        "    - sector: it\n"
        "      how: Runs its tools.\n"
        "sources:\n"
        "  - title: Notes  # kept\n"
    )
    again = "relations:\n  supports:\n    - sector: bpo\n"
    out = fmt.format_text("x.yaml", f"id: x\n{again}", taxonomy.load(), [SUPPORTS_IT])
    assert out.endswith("    - sector: bpo\n    - sector: it\n      how: Runs its tools.\n")


def test_a_fix_never_writes_over_what_stands_in_the_place_of_its_mapping() -> None:
    with pytest.raises(fmt.FormatError) as refused:
        fmt.format_text("x.yaml", "id: x\nrelations: [bpo]\n", taxonomy.load(), [SUPPORTS_IT])
    assert refused.value.problem.code == "Y015"
    assert refused.value.problem.message == (
        "the fix cannot be written: relations is not a mapping (S003); left as it was"
    )


def test_a_json_file_stays_json_with_its_indentation() -> None:
    text = '{\n    "id": "it",\n    "scope": "Broad",\n    "name": "I\\u202eT"\n}\n'
    overlap = AddItem(
        "it.json",
        ("relations", "overlaps_with"),
        (("sector", "kpo"), ("via", "analytics")),
        "'kpo'",
    )
    out = fmt.format_text("it.json", text, taxonomy.load(), [overlap])
    assert json.loads(out) == {
        "id": "it",
        "name": "I\u202eT",
        "scope": "broad",
        "relations": {"overlaps_with": [{"sector": "kpo", "via": "analytics"}]},
    }
    assert out.startswith('{\n    "id": "it",\n    "name": "I\\u202eT",\n')  # still escaped
    assert fmt.format_text("it.json", out, taxonomy.load()) == out
    one_line = '{"id": "it", "scope": "Broad"}\n'
    assert (
        fmt.format_text("it.json", one_line, taxonomy.load()) == '{"id": "it", "scope": "broad"}\n'
    )


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_comment_after_a_line_separator_in_a_value_is_kept(separator: str) -> None:
    """YAML 1.2 reads U+2028, U+2029 and NEL as characters; counting them as line breaks put
    every comment after one on the wrong line, where it was not counted, and so not missed."""
    text = (
        f'id: bpo\nsummary: "x{separator}y"\nexamples: [a,  # kept\n'
        "  bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb]\nscope: Broad\n"
    )
    assert "# kept" in fmt.format_text("x.yaml", text, taxonomy.load())


def test_a_json_file_indented_with_tabs_keeps_its_tabs() -> None:
    text = '{\n\t"id": "bpo",\n\t"scope": "Broad"\n}\n'
    assert fmt.format_text("x.json", text, taxonomy.load()) == (
        '{\n\t"id": "bpo",\n\t"scope": "broad"\n}\n'
    )


def test_a_json_number_too_large_to_write_back_is_not_written_as_infinity() -> None:
    """`1e400` reads as infinity; `json.dumps` writes `Infinity`, which JSON does not allow."""
    text = '{"id": "bpo", "scope": "Broad", "x": 1e400}\n'
    with pytest.raises(fmt.FormatError) as refused:
        fmt.format_text("x.json", text, taxonomy.load())
    assert refused.value.problem.code == "Y015"


@pytest.mark.parametrize("escape", ["\\u202e", "\\u2066", "\\u200b", "\\u2060", "\\ufeff"])
def test_an_escaped_invisible_character_is_not_written_raw(escape: str) -> None:
    """ruamel writes `"\\u202e"` back as the raw character: the same data, but the file then
    hides a direction override (Trojan Source) where it showed an escape."""
    text = f'id: bpo\nname: "Safe{escape}evil"\nscope: Broad\n'
    out = fmt.format_text("x.yaml", text, taxonomy.load())
    assert escape in out.lower() and "scope: broad" in out


@pytest.mark.parametrize(
    "text",
    [
        "--- !!map\nid: bpo\nscope: Broad\n",
        "id: bpo\nscope: Broad\nexamples: !!seq\n  - a\n",
        "id: bpo\nscope: Broad\nrelations: !!map\n  subset_of: []\n",
    ],
)
def test_a_tag_on_a_collection_is_kept(text: str) -> None:
    """The data is the same without it, so only the tags tell ruamel's loss."""
    out = fmt.format_text("x.yaml", text, taxonomy.load())
    assert "scope: broad" in out and ("!!map" in out or "!!seq" in out)


def test_a_warning_the_configuration_makes_an_error_stops_fmt(tmp_path: Path) -> None:
    """A closing bracket at its key's indentation is a warning (Y017) that fmt formats around;
    a project that makes it an error has fmt leave the file, as it leaves any invalid one."""
    content = tmp_path / "content"
    content.mkdir()
    text = "id: help-desk\nname: Help Desk\nscope: Broad\naliases: [\n  Service Desk,\n]\n"
    (content / "help-desk.yaml").write_text(text, encoding="utf-8")
    settings = '[severity]\nY017 = "error"\n'
    (tmp_path / ".sectorlint.toml").write_text('content-roots = ["content"]\n' + settings)
    result = run_cli("fmt", cwd=tmp_path)
    assert "Y017" in result.output
    assert (content / "help-desk.yaml").read_text(encoding="utf-8") == text
    (tmp_path / ".sectorlint.toml").write_text('content-roots = ["content"]\n')
    run_cli("fmt", cwd=tmp_path)
    assert "scope: broad" in (content / "help-desk.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "line",
    [
        'subset_of: [{"sector": "bpo"}]',
        "supports: [{sector: bpo}]",
        "subset_of: [{sector: bpo, note: One part.}]",
    ],
)
def test_a_one_key_mapping_alone_in_a_flow_list_keeps_its_braces(line: str) -> None:
    """(ruamel writes `[sector: bpo]`, the single-pair form, unless told otherwise)"""
    text = f"id: x\nrelations:\n  {line}\n"
    assert line in formatted(text)


def test_a_key_a_fix_adds_first_goes_above_the_comment_on_the_key_that_was_first() -> None:
    """The comment speaks of `supports:`; `overlaps_with`, which the schema puts first, is added
    above it, not between the comment and its key."""
    overlap = AddItem("x.yaml", ("relations", "overlaps_with"), (("sector", "it"),), "'it'")
    text = (
        "id: help-desk\n"
        "relations:\n"
        "  # help desks run on IT's tools\n"
        "  supports:\n"
        "    - sector: it\n"
    )
    out = fmt.format_text("x.yaml", text, taxonomy.load(), [overlap])
    assert out == (
        "id: help-desk\n"
        "relations:\n"
        "  overlaps_with:\n"
        "    - sector: it\n"
        "  # help desks run on IT's tools\n"
        "  supports:\n"
        "    - sector: it\n"
    )


def test_a_fix_to_a_list_that_is_there_leaves_the_comments_where_they_are() -> None:
    overlap = AddItem("x.yaml", ("relations", "overlaps_with"), (("sector", "it"),), "'it'")
    text = "id: help-desk\nrelations:\n  # ours\n  overlaps_with:\n    - sector: bpo\n"
    out = fmt.format_text("x.yaml", text, taxonomy.load(), [overlap])
    assert out == text + "    - sector: it\n"


@pytest.mark.parametrize("text", ["", "# a new sector, to be written\n"])
def test_a_file_with_no_document_is_left_as_it_is(text: str, tmp_path: Path) -> None:
    """(an empty file, or one of comments only, is no error to format: there is nothing to)"""
    new = tmp_path / "content" / "new.yaml"
    new.parent.mkdir()
    new.write_text(text)
    result = run_cli("fmt", str(new), cwd=tmp_path)
    assert (result.exit_code, new.read_text()) == (0, text)
    assert "1 file left unchanged" in result.output
