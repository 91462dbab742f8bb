"""`sectorlint server` driven as an editor drives it: a real client over standard input/output.

Each test copies the fixture project, starts `python -m sectorlint server` in it, and speaks
LSP to it with pytest-lsp's client (pygls). Diagnostics are compared with what `check` says of
the same text written to disk.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pygls.uris import to_fs_path
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from sectorlint import engine
from sectorlint.config import load_config
from tests.conftest import PROJECT, run_cli

BROKEN_RELATION = ("    - sector: bpo\n", "    - sector: nosuch\n")
Scenario = Callable[[LanguageClient, Path], Awaitable[None]]


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    return root


def run(
    tmp_path: Path,
    scenario: Scenario,
    encodings: Sequence[str] = (),
    prepare: Callable[[Path], None] = lambda root: None,
    options: dict[str, object] | None = None,
    capabilities: types.ClientCapabilities | None = None,
) -> None:
    """Start the server in a copy of the fixture project (after `prepare` has changed it) and
    play `scenario` against it; `options` are the initialization options, `capabilities` the
    client's (UTF-16 positions, push diagnostics, by default)."""
    root = project(tmp_path)
    prepare(root)

    async def session() -> None:
        client = recording_client()
        await client.start_io(sys.executable, "-m", "sectorlint", "server", cwd=str(root))
        general = types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind(e) for e in encodings] or None
        )
        wanted = capabilities or types.ClientCapabilities()
        wanted.general = wanted.general or general
        answer = await client.initialize_session(
            types.InitializeParams(
                capabilities=wanted,
                workspace_folders=[types.WorkspaceFolder(root.as_uri(), "project")],
                initialization_options=options,
            )
        )
        client.server_capabilities = answer.capabilities
        try:
            await scenario(client, root)
        finally:
            await client.shutdown_session()
            await client.stop()

    asyncio.run(session())


def recording_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publication in order (`client.published`)."""

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append((params.uri, params.diagnostics))

    client = LanguageClient(converter_factory=default_converter)
    client.published = []

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registered.extend(params.registrations)

    client.registered = []
    features = {
        **DEFAULT_CLIENT_FEATURES,
        types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
        types.CLIENT_REGISTER_CAPABILITY: register,
    }
    register_lsp_features(client, features)
    return client


async def diagnostics_of(
    client: LanguageClient,
    path: Path,
    wanted: Callable[[Sequence[types.Diagnostic]], bool] = lambda found: True,
) -> Sequence[types.Diagnostic]:
    """The diagnostics published for `path`, once they are as `wanted` (10 s at most)."""
    uri = path.as_uri()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = client.diagnostics.get(uri)
        if found is not None and wanted(found):
            return found
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics as wanted for {path.name}: {client.diagnostics.get(uri)}")


def open_file(client: LanguageClient, path: Path, text: str) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(path.as_uri(), "yaml", 1, text))
    )


def change_file(client: LanguageClient, path: Path, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version, path.as_uri()),
            [types.TextDocumentContentChangeWholeDocument(text)],
        )
    )


def checked(root: Path, path: Path, text: str) -> list[tuple[str, int, int]]:
    """What `check` says of `path` holding `text` (code, 1-based line, column in characters)."""
    path.write_text(text, encoding="utf-8")
    config = load_config(root)
    options = engine.Options(config=config, limits=config.limits())
    report = engine.check([str(root / "content")], options)
    return [(p.code, p.line, p.column) for p in report.problems if Path(p.path).name == path.name]


def messages(root: Path, path: Path, text: str) -> list[str]:
    """The messages `sectorlint check` prints for `path` holding `text`, in order."""
    path.write_text(text, encoding="utf-8")
    report = run_cli("check", "--no-cache", "--output-format", "json", "--exit-zero", cwd=root)
    found = json.loads(report.output)
    problems = found["problems"] if isinstance(found, dict) else found
    return [p["message"] for p in problems if Path(p["path"]).name == path.name]


def as_found(found: Sequence[types.Diagnostic], shift: int = 0) -> list[tuple[str, int, int]]:
    return [
        (str(d.code), d.range.start.line + 1, d.range.start.character + 1 - shift) for d in found
    ]


async def open_broken_relation(
    client: LanguageClient, path: Path
) -> tuple[str, Sequence[types.Diagnostic], types.Diagnostic]:
    """Open `path` with its relation to bpo naming an unknown sector: the text, the diagnostics
    published, and the one on the unknown sector's line."""
    text = path.read_text(encoding="utf-8").replace(*BROKEN_RELATION, 1)
    open_file(client, path, text)
    found = await diagnostics_of(client, path, lambda found: bool(found))
    line = text[: text.index("nosuch")].count("\n")
    [diagnostic] = [d for d in found if d.range.start.line == line]
    return text, found, diagnostic


def test_a_broken_relation_is_shown_at_its_place_as_check_shows_it(tmp_path: Path) -> None:
    async def by_line(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        text, found, diagnostic = await open_broken_relation(client, path)
        assert diagnostic.source == "sectorlint"
        assert diagnostic.severity == types.DiagnosticSeverity.Error
        assert "nosuch" in diagnostic.message
        column = text.index("nosuch") - text.rindex("\n", 0, text.index("nosuch")) - 1
        assert diagnostic.range.start.character == column
        assert as_found(found) == checked(root, path, text)
        assert [d.message for d in found] == messages(root, path, text)

    run(tmp_path, by_line)


def test_an_id_changed_in_a_buffer_reaches_a_file_not_open_and_mending_it_clears_it(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        bpo = root / "content" / "bpo.yaml"
        call_center = root / "content" / "call-center.yaml"
        text = bpo.read_text(encoding="utf-8")
        open_file(client, bpo, text)
        await diagnostics_of(client, bpo)
        change_file(client, bpo, text.replace("id: bpo\n", "id: bpo-renamed\n", 1), 2)
        found = await diagnostics_of(client, call_center, lambda found: bool(found))
        assert any(d.range.start.line + 1 == _line_of(call_center, "sector: bpo") for d in found)
        change_file(client, bpo, text, 3)
        assert not await diagnostics_of(client, call_center, lambda found: not found)

    run(tmp_path, scenario)


def test_closing_an_unsaved_buffer_goes_back_to_the_file_on_disk(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        bpo = root / "content" / "bpo.yaml"
        call_center = root / "content" / "call-center.yaml"
        text = bpo.read_text(encoding="utf-8")
        open_file(client, bpo, text.replace("id: bpo\n", "id: bpo-renamed\n", 1))
        await diagnostics_of(client, call_center, lambda found: bool(found))
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(bpo.as_uri()))
        )
        assert not await diagnostics_of(client, call_center, lambda found: not found)

    run(tmp_path, scenario)


def _line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def test_garbage_and_half_typed_yaml_never_take_the_server_down(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        text = path.read_text(encoding="utf-8")
        open_file(client, path, text)
        await diagnostics_of(client, path)
        buffers = [
            "\x00\x01\ufffd\udcff garbage \x7f" * 50,
            text[: len(text) // 2] + "\n  - [unclosed: {\n",
            "id: it\nname: [",
            "",
            "\ufeff---\n...\n---\n- - - :\n",
        ]
        for version, buffer in enumerate(buffers, start=2):
            change_file(client, path, buffer, version)
        broken = text.replace(*BROKEN_RELATION, 1)
        expected = checked(root, path, broken)
        change_file(client, path, broken, len(buffers) + 2)
        assert expected, "the last buffer has a problem: the server answered it"
        await diagnostics_of(client, path, lambda found: as_found(found) == expected)

    run(tmp_path, scenario)


def test_columns_count_utf16_code_units_unless_the_client_takes_utf32(tmp_path: Path) -> None:
    entry = "    - sector: call-center\n      how: Runs call center tools"
    flow = '    - {how: "\U0001f600 wide", sector: nosuch}\n      # was: Runs call center tools'

    def scenario_for(shift: int) -> Scenario:
        async def scenario(client: LanguageClient, root: Path) -> None:
            path = root / "content" / "it.yaml"
            text = path.read_text(encoding="utf-8").replace(entry, flow, 1)
            open_file(client, path, text)
            found = await diagnostics_of(client, path, lambda found: bool(found))
            expected = checked(root, path, text)
            line = text[: text.index("nosuch")].count("\n") + 1
            assert any(code_line == line for _, code_line, _ in expected)
            others = [d for d in found if d.range.start.line + 1 != line]
            assert as_found(others) == [e for e in expected if e[1] != line]
            [wide] = [d for d in found if d.range.start.line + 1 == line]
            column = next(col for _, ln, col in expected if ln == line)
            assert wide.range.start.character == column - 1 + shift

        return scenario

    run(tmp_path / "utf16", scenario_for(1))
    run(tmp_path / "utf32", scenario_for(0), encodings=["utf-8", "utf-32"])


BROAD = ("scope: broad\n", "scope: Broad\n")


def test_files_with_problems_on_disk_are_shown_at_start_up_unopened(tmp_path: Path) -> None:
    def respell(root: Path) -> None:
        path = root / "content" / "it.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(*BROAD, 1), encoding="utf-8")

    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        found = await diagnostics_of(client, path, lambda found: bool(found))
        assert as_found(found) == checked(root, path, path.read_text(encoding="utf-8"))
        assert [str(d.code) for d in found] == ["S004"]

    run(tmp_path, scenario, prepare=respell)


async def code_actions(
    client: LanguageClient, path: Path, diagnostic: types.Diagnostic
) -> Sequence[types.CodeAction]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(path.as_uri()),
            diagnostic.range,
            types.CodeActionContext([diagnostic]),
        )
    )
    return [action for action in found or () if isinstance(action, types.CodeAction)]


def applied(text: str, edits: Sequence[types.TextEdit]) -> str:
    """`text` with `edits` made, as an editor makes them (positions in UTF-16 code units)."""
    lines = [*text.splitlines(keepends=True), ""]

    def offset(position: types.Position) -> int:
        line = lines[position.line].encode("utf-16-le")[: 2 * position.character]
        return sum(len(ln) for ln in lines[: position.line]) + len(line.decode("utf-16-le"))

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def edits_of(action: types.CodeAction, path: Path) -> Sequence[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    assert list(action.edit.changes) == [path.as_uri()]
    return action.edit.changes[path.as_uri()]


def formatted(root: Path, path: Path, text: str) -> str:
    """What `sectorlint fmt` writes for `path` holding `text`."""
    fmt = [sys.executable, "-m", "sectorlint", "fmt", "--stdin-filename", str(path), "-"]
    done = subprocess.run(fmt, input=text, cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def test_a_respelt_enum_value_offers_the_fix_fmt_writes(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        text = path.read_text(encoding="utf-8").replace(*BROAD, 1)
        open_file(client, path, text)
        [diagnostic] = await diagnostics_of(client, path, lambda found: bool(found))
        assert diagnostic.code == "S004"
        actions = await code_actions(client, path, diagnostic)
        [fix] = [a for a in actions if a.is_preferred]
        assert fix.kind == types.CodeActionKind.QuickFix
        assert "broad" in fix.title
        fixed = applied(text, edits_of(fix, path))
        assert "scope: broad\n" in fixed
        assert fixed == formatted(root, path, text)
        change_file(client, path, fixed, 2)
        assert not await diagnostics_of(client, path, lambda found: not found)

    run(tmp_path, scenario)


def test_disable_for_this_line_silences_the_problem_once_the_buffer_is_sent_back(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        text, found, diagnostic = await open_broken_relation(client, path)
        line = diagnostic.range.start.line
        actions = await code_actions(client, path, diagnostic)
        assert not any(a.is_preferred for a in actions), "no text fix for an unknown sector"
        [disable] = [a for a in actions if a.title == f"Disable {diagnostic.code} for this line"]
        silenced = applied(text, edits_of(disable, path))
        comment = f"    # sectorlint: disable={diagnostic.code}\n    - sector: nosuch\n"
        assert comment in silenced
        change_file(client, path, silenced, 2)
        silenced_one = (str(diagnostic.code), line + 1, diagnostic.range.start.character + 1)
        others = [entry for entry in as_found(found) if entry != silenced_one]
        moved_down = [(code, ln + 1 if ln > line else ln, col) for code, ln, col in others]
        expected = checked(root, path, silenced)
        assert expected == moved_down, "only the silenced problem goes, and no X001 comes"
        await diagnostics_of(client, path, lambda found: as_found(found) == expected)

    run(tmp_path, scenario)


def publications(client: LanguageClient, path: Path) -> list[Sequence[types.Diagnostic]]:
    return [found for uri, found in client.published if uri == path.as_uri()]


PLANTED = ("summary: Developing and managing technology.\n", "summary: TODO {}.\n")


def test_changes_typed_within_the_debounce_are_checked_once_as_the_last_text(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        text = path.read_text(encoding="utf-8")
        open_file(client, path, text)
        await diagnostics_of(client, path)
        before = len(publications(client, path))
        texts = [text.replace(PLANTED[0], PLANTED[1].format("y" * n), 1) for n in range(1, 4)]
        started = time.monotonic()
        for version, typed in enumerate([*texts[:2], texts[2].replace("TODO", "Mended")], 2):
            change_file(client, path, typed, version)
        await asyncio.sleep(0.1)
        assert len(publications(client, path)) == before, "nothing before the debounce ends"
        change_file(client, path, texts[2], 5)
        found = await diagnostics_of(client, path, lambda found: bool(found))
        assert time.monotonic() - started >= 0.4
        assert [str(d.code) for d in found] == ["C003"]
        assert len(publications(client, path)) == before + 1, "one answer, to the last text"

    run(tmp_path, scenario, options={"debounce": 400})


def test_with_no_debounce_every_change_is_answered(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        text = path.read_text(encoding="utf-8")
        open_file(client, path, text)
        await diagnostics_of(client, path)
        planted = text.replace(PLANTED[0], PLANTED[1].format("y"), 1)
        for version, typed in enumerate([planted, text, planted, text], 2):
            change_file(client, path, typed, version)
        await diagnostics_of(client, path, lambda found: len(publications(client, path)) >= 5)
        assert [bool(found) for found in publications(client, path)] == [
            False, True, False, True, False
        ]  # fmt: skip

    run(tmp_path, scenario, options={"debounce": 0})


PULLS = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        diagnostic=types.DiagnosticClientCapabilities(related_document_support=True)
    ),
    workspace=types.WorkspaceClientCapabilities(
        diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    ),
)


async def pulled(client: LanguageClient, path: Path, previous: str | None = None) -> Any:
    return await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            types.TextDocumentIdentifier(path.as_uri()), previous_result_id=previous
        )
    )


def test_a_client_that_pulls_is_answered_and_asked_to_pull_again_not_pushed_to(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it, bpo = root / "content" / "it.yaml", root / "content" / "bpo.yaml"
        text = it.read_text(encoding="utf-8").replace(*BROKEN_RELATION, 1)
        open_file(client, it, text)
        change_file(client, it, text, 2)  # pulled before the debounce is over: still answered
        assert client.server_capabilities.diagnostic_provider is not None
        report = await pulled(client, it)
        assert as_found(report.items) == checked(root, it, text)
        assert report.result_id
        assert (await pulled(client, it, report.result_id)).kind == "unchanged"
        bpo_text = bpo.read_text(encoding="utf-8")
        open_file(client, bpo, bpo_text)
        change_file(client, bpo, bpo_text.replace("id: bpo\n", "id: bpo-renamed\n", 1), 2)
        await pulled(client, bpo)
        call_center = (root / "content" / "call-center.yaml").as_uri()
        workspace = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams([]))
        reported = {item.uri: item for item in workspace.items}
        assert reported[call_center].items, "a file not open, broken by the rename"
        assert client.diagnostic_refresh_count >= 1
        assert client.published == [], "a client that pulls is never pushed to"

    run(tmp_path, scenario, capabilities=PULLS)


def test_a_client_that_pulls_but_cannot_be_asked_again_is_pushed_to_as_neovim_needs(
    tmp_path: Path,
) -> None:
    """Neovim 0.11 pulls, but has no refresh: it would never see what another file causes."""
    pulls_only = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            diagnostic=types.DiagnosticClientCapabilities()
        )
    )

    async def scenario(client: LanguageClient, root: Path) -> None:
        assert client.server_capabilities.diagnostic_provider is None
        bpo = root / "content" / "bpo.yaml"
        text = bpo.read_text(encoding="utf-8")
        open_file(client, bpo, text)
        change_file(client, bpo, text.replace("id: bpo\n", "id: bpo-renamed\n", 1), 2)
        call_center = root / "content" / "call-center.yaml"
        assert await diagnostics_of(client, call_center, lambda found: bool(found))

    run(tmp_path, scenario, capabilities=pulls_only)


def test_every_diagnostic_links_its_codes_documentation(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        _, found, _ = await open_broken_relation(client, path)
        for diagnostic in found:
            assert diagnostic.code_description is not None
            href = diagnostic.code_description.href
            assert href.startswith("file://") and href.endswith(f"/{diagnostic.code}.md")
            page = Path(to_fs_path(href) or "").read_text(encoding="utf-8")
            assert page.startswith(f"# {diagnostic.code} ")

    run(tmp_path, scenario)


ONE_SIDED = (
    "  supports:\n",
    "    - sector: call-center\n      via: Contact center software\n  supports:\n",
)


def test_a_one_sided_overlap_points_at_the_other_side_and_offers_the_missing_one(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it, call_center = root / "content" / "it.yaml", root / "content" / "call-center.yaml"
        text = it.read_text(encoding="utf-8").replace(*ONE_SIDED, 1)
        open_file(client, it, text)
        found = await diagnostics_of(client, call_center, lambda found: bool(found))
        [one_sided] = [d for d in found if d.code == "R005"]
        [related] = one_sided.related_information or []
        assert related.location.uri == it.as_uri()
        line = text[: text.index("- sector: call-center\n      via:")].count("\n")
        assert related.location.range.start.line == line, "at the overlap, not the support"
        actions = await code_actions(client, call_center, one_sided)
        [fix] = [a for a in actions if a.is_preferred]
        assert "(and format" not in fix.title
        fixed = applied(call_center.read_text(encoding="utf-8"), edits_of(fix, call_center))
        assert fixed == fixed_by_check(root, it, text, call_center)
        open_file(client, call_center, fixed)
        assert not await diagnostics_of(client, call_center, lambda found: not found)

    run(tmp_path, scenario)


def fixed_by_check(root: Path, path: Path, text: str, read: Path | None = None) -> str:
    """What `sectorlint check --fix` writes in `read` (default `path`) when `path` holds `text`;
    the files are put back as they were."""
    read = read or path
    originals = {p: p.read_bytes() for p in (path, read)}
    path.write_text(text, encoding="utf-8")
    try:
        run_cli("check", "--fix", "--no-cache", "--exit-zero", cwd=root)
        return read.read_text(encoding="utf-8")
    finally:
        for p, raw in originals.items():
            p.write_bytes(raw)


def test_fix_all_writes_what_check_fix_writes_in_the_file(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it = root / "content" / "it.yaml"
        text = it.read_text(encoding="utf-8").replace(*BROAD, 1)
        text = text.replace("tech_dependency: very-high\n", "tech_dependency: Very High\n")
        text = text.replace("short_name: IT\n", "short_name:   IT   # kept\n")
        open_file(client, it, text)
        await diagnostics_of(client, it, lambda found: len(found) >= 2)

        async def asked(context: types.CodeActionContext) -> Sequence[Any]:
            nowhere = types.Range(types.Position(0, 0), types.Position(0, 0))
            params = types.CodeActionParams(
                types.TextDocumentIdentifier(it.as_uri()), nowhere, context
            )
            return await client.text_document_code_action_async(params) or []

        automatic = types.CodeActionTriggerKind.Automatic
        assert await asked(types.CodeActionContext([], trigger_kind=automatic)) == [], (
            "not formatted for a light bulb"
        )
        invoked = types.CodeActionContext([], trigger_kind=types.CodeActionTriggerKind.Invoked)
        assert [a.kind for a in await asked(invoked)] == ["source.fixAll.sectorlint"]
        [fix_all] = await asked(
            types.CodeActionContext([], only=[types.CodeActionKind.SourceFixAll])
        )
        assert fix_all.kind == "source.fixAll.sectorlint"
        fixed = applied(text, edits_of(fix_all, it))
        assert fixed == fixed_by_check(root, it, text)
        change_file(client, it, fixed, 2)
        assert not await diagnostics_of(client, it, lambda found: not found)

    run(tmp_path, scenario)


def test_formatting_a_buffer_is_what_fmt_writes(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it = root / "content" / "it.yaml"
        text = it.read_text(encoding="utf-8").replace(*BROAD, 1)
        text = text.replace("short_name: IT\n", "short_name:    'IT'   # kept\n")
        open_file(client, it, text)
        edits = await client.text_document_formatting_async(
            types.DocumentFormattingParams(
                types.TextDocumentIdentifier(it.as_uri()), types.FormattingOptions(2, True)
            )
        )
        assert edits
        assert applied(text, edits) == formatted(root, it, text)
        assert "# kept" in applied(text, edits)

    run(tmp_path, scenario)


def test_disable_adds_the_code_to_a_suppression_already_above_the_line(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        text = path.read_text(encoding="utf-8").replace(
            "    - sector: bpo\n", "    # sectorlint: disable=T001\n    - sector: nosuch\n", 1
        )
        open_file(client, path, text)
        found = await diagnostics_of(client, path, lambda found: bool(found))
        [unknown] = [d for d in found if d.code == "R001"]
        [disable] = [
            a for a in await code_actions(client, path, unknown) if a.title.startswith("Disable")
        ]
        silenced = applied(text, edits_of(disable, path))
        assert "    # sectorlint: disable=T001,R001\n    - sector: nosuch\n" in silenced
        assert checked(root, path, silenced) == [
            entry for entry in checked(root, path, text) if entry[0] != "R001"
        ], "R001 silenced; T001's suppression still silences nothing (X001)"

    run(tmp_path, scenario)


WATCHES = types.ClientCapabilities(
    workspace=types.WorkspaceClientCapabilities(
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=True
        )
    )
)


def files_changed(client: LanguageClient, *changes: tuple[Path, types.FileChangeType]) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(path.as_uri(), kind) for path, kind in changes]
        )
    )


def test_files_deleted_created_and_renamed_on_disk_count_without_a_restart(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        bpo, call_center = root / "content" / "bpo.yaml", root / "content" / "call-center.yaml"
        moved = root / "content" / "outsourcing.yaml"
        bpo.rename(moved)  # renamed: the set is the same
        files_changed(
            client, (bpo, types.FileChangeType.Deleted), (moved, types.FileChangeType.Created)
        )
        moved.unlink()
        files_changed(client, (moved, types.FileChangeType.Deleted))
        found = await diagnostics_of(client, call_center, lambda found: bool(found))
        assert {str(d.code) for d in found} >= {"R001"}
        shutil.copy(PROJECT / "content" / "bpo.yaml", bpo)
        files_changed(client, (bpo, types.FileChangeType.Created))
        assert not await diagnostics_of(client, call_center, lambda found: not found)
        assert publications(client, moved) == [], "renamed away with no problem of its own"

    run(tmp_path, scenario, capabilities=WATCHES)


def test_a_configuration_changed_on_disk_takes_effect_without_a_restart(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        text = path.read_text(encoding="utf-8").replace(*BROKEN_RELATION, 1)
        path.write_text(text, encoding="utf-8")
        files_changed(client, (path, types.FileChangeType.Changed))
        await diagnostics_of(client, path, lambda found: "R001" in [d.code for d in found])
        config = root / ".sectorlint.toml"
        config.write_text('ignore = ["R001"]\n', encoding="utf-8")
        files_changed(client, (config, types.FileChangeType.Created))
        await diagnostics_of(client, path, lambda found: "R001" not in [d.code for d in found])
        config.write_text('ignore = ["R001"]\n[taxonomy]\nnot-a-key = 1\n', encoding="utf-8")
        files_changed(client, (config, types.FileChangeType.Changed))
        await asyncio.sleep(0.5)
        assert not client.diagnostics[path.as_uri()], "a broken configuration: nothing checked"
        assert any("not-a-key" in m.message for m in client.messages)

    run(tmp_path, scenario, capabilities=WATCHES)


def test_incremental_changes_land_on_the_lines_the_editor_counts(tmp_path: Path) -> None:
    """Lines break at \\n, \\r\\n and \\r only: U+2028 or a form feed in text is a character."""

    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        text = path.read_text(encoding="utf-8").replace(
            "scope_detail: Digital infrastructure and services.",
            'scope_detail: "Digital\u2028infrastructure\x0cand services."',
        )
        open_file(client, path, text)
        await diagnostics_of(client, path)
        line = text[: text.index("    - sector: bpo\n")].count("\n")
        start = types.Position(line, len("    - sector: "))
        change = types.TextDocumentContentChangePartial(
            types.Range(start, types.Position(line, len("    - sector: bpo"))), "nosuch"
        )
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(2, path.as_uri()), [change]
            )
        )
        expected = checked(root, path, text.replace(*BROKEN_RELATION, 1))
        await diagnostics_of(client, path, lambda found: as_found(found) == expected)

    run(tmp_path, scenario)


def test_workspace_folders_added_and_removed_start_and_stop_their_checks(tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(PROJECT, other)
    broken = other / "content" / "it.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace(*BROKEN_RELATION, 1), encoding="utf-8"
    )

    def folders(
        added: Sequence[Path], removed: Sequence[Path]
    ) -> types.WorkspaceFoldersChangeEvent:
        return types.WorkspaceFoldersChangeEvent(
            added=[types.WorkspaceFolder(p.as_uri(), p.name) for p in added],
            removed=[types.WorkspaceFolder(p.as_uri(), p.name) for p in removed],
        )

    async def scenario(client: LanguageClient, root: Path) -> None:
        client.workspace_did_change_workspace_folders(
            types.DidChangeWorkspaceFoldersParams(folders([other], []))
        )
        await diagnostics_of(client, broken, lambda found: bool(found))
        client.workspace_did_change_workspace_folders(
            types.DidChangeWorkspaceFoldersParams(folders([], [other]))
        )
        assert not await diagnostics_of(client, broken, lambda found: not found)

    run(tmp_path, scenario)


def test_client_positions_become_character_columns_at_line_ends_and_past_the_last_line() -> None:
    from pygls.workspace import PositionCodec

    from sectorlint.server.convert import to_span

    lines = ["a\U0001f600b\n", "cd\r\n", "ef"]
    codec = PositionCodec(types.PositionEncodingKind.Utf16)
    at = [
        (p.line, p.column)
        for p in (
            to_span(codec, lines, types.Position(line, character))
            for line, character in [(0, 3), (0, 4), (0, 9), (1, 2), (1, 9), (2, 2), (3, 0)]
        )
    ]
    assert at == [(1, 3), (1, 4), (1, 4), (2, 3), (2, 3), (3, 3), (4, 1)]


def test_a_workspace_path_with_a_space_is_answered_from_the_buffer_not_the_disk(
    tmp_path: Path,
) -> None:
    """The client's URI has `%20`; formatting an unsaved buffer edits the buffer's lines."""

    async def scenario(client: LanguageClient, root: Path) -> None:
        assert "%20" in root.as_uri()
        it = root / "content" / "it.yaml"
        text = "# draft\n# notes\n" + it.read_text(encoding="utf-8").replace(*BROAD, 1)
        open_file(client, it, text)
        edits = await client.text_document_formatting_async(
            types.DocumentFormattingParams(
                types.TextDocumentIdentifier(it.as_uri()), types.FormattingOptions(2, True)
            )
        )
        assert applied(text, edits or []) == formatted(root, it, text)

    run(tmp_path / "my documents", scenario)


def test_a_buffer_over_the_size_cap_is_not_formatted_as_fmt_leaves_it(tmp_path: Path) -> None:
    def small_cap(root: Path) -> None:
        (root / ".sectorlint.toml").write_text('max-file-size = "2KiB"\n', encoding="utf-8")

    async def scenario(client: LanguageClient, root: Path) -> None:
        it = root / "content" / "it.yaml"
        text = it.read_text(encoding="utf-8").replace(*BROAD, 1)
        assert len(text.encode()) > 2048
        open_file(client, it, text)
        assert [d.code for d in await diagnostics_of(client, it, bool)] == ["Y008"]
        edits = await client.text_document_formatting_async(
            types.DocumentFormattingParams(
                types.TextDocumentIdentifier(it.as_uri()), types.FormattingOptions(2, True)
            )
        )
        assert not edits

    run(tmp_path, scenario, prepare=small_cap)


def test_a_request_sees_a_change_still_waiting_for_its_debounce_in_another_buffer(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        bpo, call_center = root / "content" / "bpo.yaml", root / "content" / "call-center.yaml"
        text = bpo.read_text(encoding="utf-8")
        open_file(client, bpo, text)
        open_file(client, call_center, call_center.read_text(encoding="utf-8"))
        await pulled(client, call_center)
        change_file(client, bpo, text.replace("id: bpo\n", "id: bpo-renamed\n", 1), 2)
        report = await pulled(client, call_center)  # long before the debounce ends
        assert "R001" in [d.code for d in report.items]

    run(tmp_path, scenario, options={"debounce": 5000}, capabilities=PULLS)


def test_a_debounce_that_is_no_number_of_milliseconds_is_the_default(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        text = path.read_text(encoding="utf-8")
        open_file(client, path, text)
        change_file(client, path, text.replace(*BROKEN_RELATION, 1), 2)
        await diagnostics_of(client, path, bool)

    for value in (float("nan"), float("inf"), "fast", True):
        run(tmp_path / str(value), scenario, options={"debounce": value})


def test_disable_keeps_the_files_crlf_line_ends(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        text = path.read_text(encoding="utf-8").replace(*BROKEN_RELATION, 1).replace("\n", "\r\n")
        open_file(client, path, text)
        found = await diagnostics_of(client, path, bool)
        [unknown] = [d for d in found if d.code == "R001"]
        [disable] = [
            a for a in await code_actions(client, path, unknown) if a.title.startswith("Disable")
        ]
        [edit] = edits_of(disable, path)
        assert edit.new_text == "    # sectorlint: disable=R001\r\n"

    run(tmp_path, scenario)


def test_a_problem_at_a_word_covers_the_word_so_a_cursor_inside_finds_its_fix(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        path = root / "content" / "it.yaml"
        text = path.read_text(encoding="utf-8").replace(
            "summary: Developing and managing technology.",
            "summary: Developing ecommerce technology, TODO.",
        )
        open_file(client, path, text)
        found = await diagnostics_of(client, path, lambda found: len(found) >= 2)
        line = text[: text.index("summary:")].count("\n")
        spans = {
            str(d.code): (d.range.start.character, d.range.end.character)
            for d in found
            if d.range.start.line == line
        }
        start = len("summary: Developing ")
        assert spans["T001"] == (start, start + len("ecommerce"))
        todo = text.splitlines()[line].index("TODO")
        assert spans["C003"] == (todo, todo + len("TODO"))
        inside = types.Range(types.Position(line, start + 4), types.Position(line, start + 4))
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(path.as_uri()), inside, types.CodeActionContext([])
            )
        )
        assert any(a.is_preferred and "e-commerce" in a.title for a in actions or [])

    run(tmp_path, scenario)


def test_messages_name_other_files_as_check_run_in_the_project_does(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        it, call_center = root / "content" / "it.yaml", root / "content" / "call-center.yaml"
        text = it.read_text(encoding="utf-8").replace(*ONE_SIDED, 1)
        open_file(client, it, text)
        found = await diagnostics_of(client, call_center, bool)
        [one_sided] = [d.message for d in found if d.code == "R005"]
        assert "(content/it.yaml:" in one_sided and str(root) not in one_sided
        it.write_text(text, encoding="utf-8")
        report = run_cli("check", "--no-cache", "--output-format", "json", "--exit-zero", cwd=root)
        problems = json.loads(report.output)
        problems = problems["problems"] if isinstance(problems, dict) else problems
        wanted = [p["message"] for p in problems if Path(p["path"]).name == call_center.name]
        assert [d.message for d in found] == wanted

    run(tmp_path, scenario)


def test_disable_never_changes_a_texts_value_and_falls_back_to_the_whole_file(
    tmp_path: Path,
) -> None:
    """Inside a multi-line text a comment line would be text (or break the file), and a
    suppression lookalike inside a quoted text is no suppression."""
    cases = {
        "block": "definition: >-\n  Information Technology\n  TODO covers the computers.\n",
        "quoted": 'definition: "Information Technology\n  TODO covers the computers."\n',
        "lookalike": 'definition: "Write # sectorlint: disable=X001 for ecommerce."\n',
    }

    def scenario_for(label: str) -> Scenario:
        async def scenario(client: LanguageClient, root: Path) -> None:
            path = root / "content" / "it.yaml"
            original = path.read_text(encoding="utf-8")
            start, end = original.index("definition: >-"), original.index("\nscope: ")
            text = original[:start] + cases[label] + original[end + 1 :]
            open_file(client, path, text)
            found = await diagnostics_of(client, path, bool)
            [problem] = [d for d in found if d.code in ("C003", "T001")]
            actions = await code_actions(client, path, problem)
            [disable] = [a for a in actions if a.title.startswith("Disable")]
            assert disable.title == f"Disable {problem.code} for this file", label
            silenced = applied(text, edits_of(disable, path))
            assert silenced.startswith(f"# sectorlint: disable-file={problem.code}\n"), label
            assert problem.code not in [code for code, _, _ in checked(root, path, silenced)]

        return scenario

    for label in cases:
        run(tmp_path / label, scenario_for(label))
