"""Hover, go to definition, rename and the outline, driven by a real client over stdio.

The project is the fixture project with a fourth sector, help-desk (tests/data/server-nav/),
that no required relation of the taxonomy names, so that it may be renamed; it.yaml names it
on a line whose emoji comes before the id (positions in UTF-16 count it twice).
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from sectorlint import catalog, engine
from sectorlint.config import load_config
from sectorlint.source import parse_text
from tests import test_server
from tests.conftest import DATA
from tests.test_server import Scenario, applied, diagnostics_of, open_file, run

HELP_DESK = DATA / "server-nav" / "help-desk.yaml"
WIDE_RELATION = '    - {how: "\U0001f600 Runs its ticket tools", sector: help-desk}\n'
BEFORE_CALL_CENTER = "    - sector: call-center\n"


def with_help_desk(root: Path) -> None:
    shutil.copy(HELP_DESK, root / "content" / "help-desk.yaml")
    it = root / "content" / "it.yaml"
    text = it.read_text(encoding="utf-8")
    it.write_text(text.replace(BEFORE_CALL_CENTER, WIDE_RELATION + BEFORE_CALL_CENTER, 1), "utf-8")


def run_with_help_desk(
    tmp_path: Path, scenario: Scenario, capabilities: types.ClientCapabilities | None = None
) -> None:
    run(tmp_path, scenario, prepare=with_help_desk, capabilities=capabilities)


# What VS Code says it takes: versioned document edits, an outline with children, Markdown hovers.
RICHER = types.ClientCapabilities(
    workspace=types.WorkspaceClientCapabilities(
        workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True)
    ),
    text_document=types.TextDocumentClientCapabilities(
        document_symbol=types.DocumentSymbolClientCapabilities(
            hierarchical_document_symbol_support=True
        ),
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
    ),
)


def position(text: str, needle: str, into: int = 0) -> types.Position:
    """Where `needle` (its first occurrence) starts, `into` characters further, as a client
    counts it: UTF-16 code units."""
    index = text.index(needle) + into
    line_start = text.rindex("\n", 0, index) + 1 if "\n" in text[:index] else 0
    before = text[line_start:index]
    return types.Position(text[:index].count("\n"), len(before.encode("utf-16-le")) // 2)


def span_of(text: str, needle: str) -> types.Range:
    start = position(text, needle)
    return types.Range(start, types.Position(start.line, start.character + len(needle)))


def problems(root: Path) -> list[tuple[str, str, int, int, str]]:
    """What `sectorlint check` reports of the content set on disk."""
    config = load_config(root)
    options = engine.Options(config=config, limits=config.limits())
    report = engine.check([str(root / "content")], options)
    return [(Path(p.path).name, p.code, p.line, p.column, p.message) for p in report.problems]


def hover_text(hover: types.Hover | None, kind: str = types.MarkupKind.Markdown) -> str:
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == kind
    return hover.contents.value


async def hover(client: LanguageClient, path: Path, at: types.Position) -> types.Hover | None:
    params = types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), at)
    return await client.text_document_hover_async(params)


def rule_title(code: str) -> str:
    return f"{code} {catalog.catalog()[code].name}"


# --- hover -------------------------------------------------------------------------------


def test_hover_on_a_relation_names_the_sector_its_summary_and_file(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it = root / "content" / "it.yaml"
        text = it.read_text(encoding="utf-8")
        open_file(client, it, text)
        found = await hover(client, it, position(text, "help-desk}", into=4))
        shown = hover_text(found)
        assert "**Help Desk** (`help-desk`)" in shown
        assert "A part of the call center that solves customers' technical problems." in shown
        assert "content/help-desk.yaml" in shown
        assert (root / "content" / "help-desk.yaml").as_uri() in shown
        assert found is not None and found.range == span_of(text, "help-desk")
        # the emoji before it counts twice in UTF-16: a server counting characters is 1 short
        assert (
            found.range.start.character
            == text.splitlines()[found.range.start.line].index("help-desk") + 1
        )

    run_with_help_desk(tmp_path, scenario, capabilities=copy.deepcopy(RICHER))


def test_hover_on_an_unknown_sector_says_so_with_its_rule_in_plain_text_for_a_plain_client(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it = root / "content" / "it.yaml"
        text, _, diagnostic = await test_server.open_broken_relation(client, it)
        found = await hover(client, it, position(text, "nosuch", into=2))
        shown = hover_text(found, types.MarkupKind.PlainText)
        assert "No sector of this content set has the id, name or alias nosuch." in shown
        assert diagnostic.code == "R001"
        assert catalog.explain("R001").strip() in shown, "what `sectorlint rule R001` prints"
        assert found is not None and found.range == span_of(text, "nosuch")
        next_line = types.Position(diagnostic.range.start.line + 1, 8)
        off_the_line = await hover(client, it, next_line)
        assert off_the_line is None or rule_title("R001") not in str(off_the_line.contents)

    run(tmp_path, scenario)


def test_hover_on_a_code_in_a_suppression_comment_shows_that_rule_only(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "call-center.yaml"
        comment = "# \U0001f600 wide # sectorlint: disable=T001,C003,R00,\n"
        text = comment + path.read_text(encoding="utf-8")
        open_file(client, path, text)
        found = await hover(client, path, position(text, "C003", into=1))
        shown = hover_text(found)
        assert rule_title("C003") in shown
        assert rule_title("T001") not in shown
        assert "<!--" not in shown, "the note to the docs' editors is not for the user"
        assert found is not None and found.range == span_of(text, "C003")
        first = hover_text(await hover(client, path, position(text, "T001", into=4)))
        assert rule_title("T001") in first and rule_title("C003") not in first
        prefix = hover_text(await hover(client, path, position(text, "R00,", into=1)))
        assert "`R001` unknown-sector" in prefix and "C003" not in prefix

    run(tmp_path, scenario, capabilities=copy.deepcopy(RICHER))


def made_an_error(root: Path) -> None:
    """A project whose configuration makes T001 (a warning by default) an error."""
    config = root / ".sectorlint.toml"
    config.write_text(config.read_text(encoding="utf-8") + '[severity]\nT001 = "error"\n', "utf-8")


def test_a_rules_hover_gives_the_severity_the_projects_configuration_gives_it(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "call-center.yaml"
        summary = "summary: A part of BPO"
        text = "# sectorlint: disable=C003\n" + path.read_text(encoding="utf-8").replace(
            summary, "summary: An ecommerce part of BPO", 1
        )
        open_file(client, path, text)
        found = await diagnostics_of(client, path, lambda found: "T001" in [d.code for d in found])
        [t001] = [d for d in found if d.code == "T001"]
        assert t001.severity == types.DiagnosticSeverity.Error
        shown = hover_text(await hover(client, path, t001.range.start))
        assert "**Severity:** error (this project; default warning)" in shown
        assert "**Severity:** warning" not in shown
        untouched = hover_text(await hover(client, path, position(text, "C003", into=1)))
        assert f"**Severity:** {catalog.catalog()['C003'].severity.value}\n" in untouched

    run(tmp_path, scenario, prepare=made_an_error, capabilities=copy.deepcopy(RICHER))


def test_a_rules_hover_in_plain_text_gives_the_severity_in_force_on_its_first_line(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "call-center.yaml"
        text = "# sectorlint: disable=T001\n" + path.read_text(encoding="utf-8")
        open_file(client, path, text)
        shown = hover_text(
            await hover(client, path, position(text, "T001", into=2)), types.MarkupKind.PlainText
        )
        assert shown.splitlines()[0] == (
            f"{rule_title('T001')} (error in this project; default warning)"
        )

    run(tmp_path, scenario, prepare=made_an_error)


# --- definition --------------------------------------------------------------------------


def test_definition_goes_from_a_relation_to_the_id_of_the_sector_it_names(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it = root / "content" / "it.yaml"
        help_desk = root / "content" / "help-desk.yaml"
        text = it.read_text(encoding="utf-8")
        open_file(client, it, text)
        params = types.DefinitionParams(
            types.TextDocumentIdentifier(it.as_uri()), position(text, "help-desk}", into=9)
        )
        found = await client.text_document_definition_async(params)
        assert isinstance(found, types.Location)
        assert found.uri == help_desk.as_uri()
        assert found.range == span_of(help_desk.read_text(encoding="utf-8"), '"help-desk"')
        params.position = position(text, "via:")
        assert await client.text_document_definition_async(params) is None

    run_with_help_desk(tmp_path, scenario)


# --- rename ------------------------------------------------------------------------------


def rename_params(path: Path, at: types.Position, new: str) -> types.RenameParams:
    return types.RenameParams(types.TextDocumentIdentifier(path.as_uri()), at, new)


def changes_of(edit: types.WorkspaceEdit | None) -> dict[str, Sequence[types.TextEdit]]:
    assert edit is not None and edit.changes is not None and edit.document_changes is None
    return edit.changes


def versioned_of(edit: types.WorkspaceEdit | None) -> dict[str, tuple[int | None, list[Any]]]:
    assert edit is not None and edit.document_changes is not None and edit.changes is None
    found = {}
    for change in edit.document_changes:
        assert isinstance(change, types.TextDocumentEdit)
        found[change.text_document.uri] = (change.text_document.version, change.edits)
    return found


def apply_to_disk(root: Path, texts: dict[str, str], edits: dict[str, Sequence[Any]]) -> None:
    """Write each file as the editor has it with the rename's edits made (UTF-16)."""
    for path in (root / "content").glob("*.yaml"):
        text = texts.get(path.as_uri(), path.read_text(encoding="utf-8"))
        path.write_text(applied(text, edits.get(path.as_uri(), [])), encoding="utf-8")


def renamed_in(
    report: list[tuple[str, str, int, int, str]],
) -> list[tuple[str, str, int, int, str]]:
    return [(f, c, ln, col, m.replace("help-desk", "ticket-desk")) for f, c, ln, col, m in report]


def test_rename_from_a_relation_edits_the_id_in_a_file_not_open(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it = root / "content" / "it.yaml"
        help_desk = root / "content" / "help-desk.yaml"
        text = it.read_text(encoding="utf-8")
        before = problems(root)
        open_file(client, it, text)
        at = position(text, "help-desk}", into=3)
        prepared = await client.text_document_prepare_rename_async(
            types.PrepareRenameParams(types.TextDocumentIdentifier(it.as_uri()), at)
        )
        assert isinstance(prepared, types.PrepareRenamePlaceholder)
        assert prepared.placeholder == "help-desk"
        assert prepared.range == span_of(text, "help-desk")
        edits = changes_of(
            await client.text_document_rename_async(rename_params(it, at, "ticket-desk"))
        )
        assert sorted(edits) == sorted([it.as_uri(), help_desk.as_uri()])
        old_desk = help_desk.read_text(encoding="utf-8")
        apply_to_disk(root, {it.as_uri(): text}, edits)
        new_desk = help_desk.read_text(encoding="utf-8")
        assert new_desk == old_desk.replace('id: "help-desk"', 'id: "ticket-desk"', 1)
        new_it = it.read_text(encoding="utf-8")
        assert new_it == text.replace("sector: help-desk}", "sector: ticket-desk}", 1)
        assert problems(root) == renamed_in(before)

    run_with_help_desk(tmp_path, scenario)


def test_a_rename_written_to_disk_by_a_client_that_says_nothing_of_it_is_seen(
    tmp_path: Path,
) -> None:
    """The open buffer's change comes first, the file not open is written after, untold."""

    async def scenario(client: LanguageClient, root: Path) -> None:
        it = root / "content" / "it.yaml"
        help_desk = root / "content" / "help-desk.yaml"
        text = it.read_text(encoding="utf-8")
        open_file(client, it, text)
        await diagnostics_of(client, it)
        at = position(text, "help-desk}", into=3)
        edits = changes_of(
            await client.text_document_rename_async(rename_params(it, at, "ticket-desk"))
        )
        renamed = applied(text, edits[it.as_uri()])
        test_server.change_file(client, it, renamed, 2)
        await diagnostics_of(client, it, lambda found: "R001" in [d.code for d in found])
        desk = help_desk.read_text(encoding="utf-8")
        help_desk.write_text(applied(desk, edits[help_desk.as_uri()]), encoding="utf-8")
        await diagnostics_of(client, it, lambda found: "R001" not in [d.code for d in found])

    run_with_help_desk(tmp_path, scenario)


def test_rename_from_an_unsaved_id_sends_versioned_edits_of_the_buffer(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it = root / "content" / "it.yaml"
        help_desk = root / "content" / "help-desk.yaml"
        disk = help_desk.read_text(encoding="utf-8")
        buffer = "# \U0001f600 moved down a line, not saved\n" + disk
        open_file(client, help_desk, disk)
        test_server.change_file(client, help_desk, buffer, 2)
        before = problems(root)
        at = position(buffer, '"help-desk"', into=1)
        found = versioned_of(
            await client.text_document_rename_async(rename_params(help_desk, at, "ticket-desk"))
        )
        assert found[help_desk.as_uri()][0] == 2, "the buffer's version: stale edits are refused"
        assert found[it.as_uri()][0] is None, "a file on disk has no version"
        edits = {uri: made for uri, (_, made) in found.items()}
        apply_to_disk(root, {help_desk.as_uri(): buffer}, edits)
        assert help_desk.read_text(encoding="utf-8") == buffer.replace("help-desk", "ticket-desk")
        shifted = [(f, c, ln + (f == help_desk.name), col, m) for f, c, ln, col, m in before]
        assert problems(root) == renamed_in(shifted)

    run_with_help_desk(tmp_path, scenario, capabilities=copy.deepcopy(RICHER))


@pytest.mark.parametrize(
    ("new", "said"),
    [
        (
            "Ticket Desk",
            "'Ticket Desk' is not a sector id (a lowercase slug: letters, digits and single",
        ),
        ("it", "'it' is already claimed by sector 'it' (content/it.yaml)"),
        ("contact-center", "'contact-center' is already claimed by sector 'call-center'"),
    ],
)
def test_rename_refuses_what_is_no_id_or_is_another_sectors_name(
    tmp_path: Path, new: str, said: str
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        help_desk = root / "content" / "help-desk.yaml"
        text = help_desk.read_text(encoding="utf-8")
        open_file(client, help_desk, text)
        params = rename_params(help_desk, position(text, "help-desk"), new)
        with pytest.raises(JsonRpcException) as refused:
            await client.text_document_rename_async(params)
        assert said in refused.value.message

    run_with_help_desk(tmp_path, scenario)


def test_a_sector_the_taxonomy_requires_is_renamed_with_a_warning_of_what_r003_will_say(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it = root / "content" / "it.yaml"
        text = it.read_text(encoding="utf-8")
        open_file(client, it, text)
        await diagnostics_of(client, it)
        at = position(text, "sector: bpo", into=len("sector: ") + 1)
        edit = await client.text_document_rename_async(rename_params(it, at, "outsourcing"))
        assert edit is not None and edit.changes is not None
        assert (root / "content" / "bpo.yaml").as_uri() in edit.changes
        assert any(
            "required relations name 'bpo'" in m.message and "'outsourcing'" in m.message
            for m in client.messages
        )
        nowhere = types.PrepareRenameParams(
            types.TextDocumentIdentifier(it.as_uri()), position(text, "how:")
        )
        assert await client.text_document_prepare_rename_async(nowhere) is None

    run_with_help_desk(tmp_path, scenario)


# A relation to help-desk in block style, its id quoted, beside it.yaml's flow one
BLOCK_RELATION = "  overlaps_with:\n    - sector: 'help-desk'\n      via: ticket tools\n"
HALF_TYPED = ("short_name: IT\n", "short_name: [IT\n")  # an unclosed `[`: the file does not parse


def test_rename_edits_the_relations_of_a_buffer_that_does_not_parse_from_its_text(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it = root / "content" / "it.yaml"
        help_desk = root / "content" / "help-desk.yaml"
        whole = it.read_text(encoding="utf-8").replace("  overlaps_with:\n", BLOCK_RELATION, 1)
        it.write_text(whole, encoding="utf-8")
        before = problems(root)
        typing = whole.replace(*HALF_TYPED, 1)
        assert parse_text(str(it), typing).document is None
        open_file(client, it, typing)
        await diagnostics_of(client, it, lambda found: "Y001" in [d.code for d in found])
        desk = help_desk.read_text(encoding="utf-8")
        at = position(desk, '"help-desk"', into=1)
        edits = changes_of(
            await client.text_document_rename_async(rename_params(help_desk, at, "ticket-desk"))
        )
        assert sorted(edits) == sorted([it.as_uri(), help_desk.as_uri()])
        assert applied(typing, edits[it.as_uri()]) == typing.replace(
            "sector: 'help-desk'", "sector: 'ticket-desk'", 1
        ).replace("sector: help-desk}", "sector: ticket-desk}", 1)
        assert not [m for m in client.messages if "parse" in m.message]
        apply_to_disk(root, {it.as_uri(): typing}, edits)
        it.write_text(it.read_text(encoding="utf-8").replace(*reversed(HALF_TYPED)), "utf-8")
        assert problems(root) == renamed_in(before), "the user finishes typing: nothing broke"

    run_with_help_desk(tmp_path, scenario)


def test_a_relation_the_text_of_a_file_that_does_not_parse_hides_is_named_in_a_warning(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it = root / "content" / "it.yaml"
        call_center = root / "content" / "call-center.yaml"
        text = call_center.read_text(encoding="utf-8")
        # all on the `relations:` line, and its mapping not closed: no list of a kind is seen
        hiding = text.replace(
            "relations:\n  subset_of:\n",
            "relations: {supports: [{sector: help-desk}],\n  subset_of:\n",
        )
        assert parse_text(str(call_center), hiding).document is None
        open_file(client, call_center, hiding)
        it_text = it.read_text(encoding="utf-8")
        open_file(client, it, it_text)
        await diagnostics_of(client, call_center, lambda found: bool(found))
        at = position(it_text, "help-desk}", into=2)
        edits = changes_of(
            await client.text_document_rename_async(rename_params(it, at, "ticket-desk"))
        )
        helped = root / "content" / "help-desk.yaml"
        assert sorted(edits) == sorted([it.as_uri(), helped.as_uri()]), "the rest is renamed"
        line = hiding[: hiding.index("{supports")].count("\n") + 1
        [warning] = [m for m in client.messages if "parse" in m.message]
        assert warning.type == types.MessageType.Warning
        assert f"content/call-center.yaml:{line}" in warning.message
        assert "'help-desk'" in warning.message

    run_with_help_desk(tmp_path, scenario)


# --- the outline -------------------------------------------------------------------------


def walk(symbols: Sequence[types.DocumentSymbol]) -> Iterator[types.DocumentSymbol]:
    for symbol in symbols:
        yield symbol
        yield from walk(symbol.children or ())


async def outline(client: LanguageClient, path: Path, kind: type[Any]) -> tuple[str, list[Any]]:
    """Open `path` as it is on disk: its text, and its outline (each symbol of `kind`)."""
    text = path.read_text(encoding="utf-8")
    open_file(client, path, text)
    found = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(path.as_uri()))
    )
    assert found is not None
    assert all(isinstance(symbol, kind) for symbol in found)
    return text, list(found)


def test_the_outline_lists_top_level_keys_and_each_relation_by_its_target(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it = root / "content" / "it.yaml"
        text, symbols = await outline(client, it, types.DocumentSymbol)
        document = parse_text(str(it), text).document
        assert document is not None
        assert [s.name for s in symbols] == list(document.data), "every top-level key, in order"
        [relations] = [s for s in symbols if s.name == "relations"]
        assert [k.name for k in relations.children or ()] == ["overlaps_with", "supports"]
        supports = (relations.children or [])[1]
        assert [r.name for r in supports.children or ()] == ["bpo", "help-desk", "call-center"]
        wide = (supports.children or [])[1]
        assert wide.selection_range == span_of(text, "help-desk")
        assert [c.name for c in wide.children or ()] == ["how", "sector"]
        assert symbols[0].selection_range == span_of(text, "id")
        assert symbols[0].detail == "it"
        for symbol in walk(symbols):
            start, end = symbol.range.start, symbol.range.end
            inner = symbol.selection_range
            assert (start.line, start.character) <= (inner.start.line, inner.start.character)
            assert (inner.end.line, inner.end.character) <= (end.line, end.character)

    run_with_help_desk(tmp_path, scenario, capabilities=copy.deepcopy(RICHER))


def test_the_outline_is_flat_for_a_client_without_hierarchy(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "call-center.yaml"
        text, flat = await outline(client, path, types.SymbolInformation)
        [bpo] = [s for s in flat if s.name == "bpo"]
        assert bpo.container_name == "subset_of"
        assert bpo.location.range.start == position(text, "sector: bpo")

    run(tmp_path, scenario)
