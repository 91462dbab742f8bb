"""`sectorlint server`: the content set checked as you type, over the Language Server Protocol.

One `session.Session` per workspace folder keeps that folder's content roots alive; each
buffer the editor opens, changes, saves or closes updates it, and the diagnostics of every file
whose problems changed are published, open or not (a relation broken in one file shows where
the problem belongs). Problem spans are 1-based and count characters; LSP positions are 0-based
and count code units of the negotiated encoding (UTF-16 unless the client offers another), so
each range is converted through the workspace's position codec, against the text the client
has (its buffer) or the file on disk.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import from_fs_path, to_fs_path

from sectorlint import __version__, engine
from sectorlint.config import ConfigError, load_config
from sectorlint.problem import Problem, Replace, Severity
from sectorlint.session import Problems, Session

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
}


class SectorProtocol(LanguageServerProtocol):
    """pygls's protocol, but taking UTF-32 whenever the client offers it: Problem columns count
    characters, so no column needs converting then."""

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(
        self, params: types.InitializeParams
    ) -> Generator[Any, Any, types.InitializeResult]:
        general = params.capabilities.general
        offered = general.position_encodings if general is not None else None
        if general is not None and offered and types.PositionEncodingKind.Utf32 in offered:
            general.position_encodings = [types.PositionEncodingKind.Utf32]
        result: types.InitializeResult = yield from super().lsp_initialize(params)
        return result


class SectorServer(LanguageServer):
    """The server: its sessions, and the URIs the client names its documents by."""

    def __init__(self) -> None:
        super().__init__(
            "sectorlint",
            __version__,
            protocol_cls=SectorProtocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
        )
        self.sessions: list[Session] = []
        self.uris: dict[str, str] = {}  # a document's resolved path -> the client's URI
        # What was last published for each URI, with the problem each diagnostic came from:
        # a code action finds a diagnostic's fix here.
        self.published: dict[str, list[tuple[types.Diagnostic, Problem]]] = {}

    def start_sessions(self, folders: Sequence[str]) -> None:
        """A session over the content roots of each workspace folder, as `check` finds them."""
        for folder in folders:
            try:
                config = load_config(Path(folder))
            except ConfigError as exc:
                self.window_show_message(
                    types.ShowMessageParams(types.MessageType.Error, f"sectorlint: {exc}")
                )
                continue
            roots = [str(root) for root in config.content_root_paths() if root.is_dir()]
            if roots:
                options = engine.Options(config=config, limits=config.limits())
                session = Session(roots, options)
                session.check()  # what is reported from now on is what changes
                self.sessions.append(session)

    def update(self, uri: str, text: str | None, opened: bool = False) -> None:
        """Re-check one document (its buffer, or the disk for None) and publish what changed;
        on open, the document's own diagnostics whether they changed or not."""
        path = to_fs_path(uri)
        if path is None:
            return
        self.uris[os.path.realpath(path)] = uri
        for session in self.sessions:
            try:
                changed = session.update(path, text)
            except Exception as exc:  # never down: say it, and keep answering
                self.window_log_message(
                    types.LogMessageParams(types.MessageType.Error, f"sectorlint: {exc!r}")
                )
                continue
            if opened:
                changed = {**self._own(session, path), **changed}
            for file, problems in changed.items():
                self.publish(file, problems)

    def publish_all(self) -> None:
        """At start-up, every file of each session that has problems, open or not."""
        for session in self.sessions:
            for file, problems in session.reported.items():
                self.publish(file, problems)

    def _own(self, session: Session, path: str) -> Problems:
        real = os.path.realpath(path)
        return {f: ps for f, ps in session.reported.items() if os.path.realpath(f) == real}

    def publish(self, path: str, problems: Sequence[Problem]) -> None:
        uri = self.uri_of(path)
        lines = self.lines_of(uri)
        pairs = [(self.diagnostic(problem, lines), problem) for problem in problems]
        self.published[uri] = pairs
        diagnostics = [diagnostic for diagnostic, _ in pairs]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
        )

    def uri_of(self, path: str) -> str:
        known = self.uris.get(os.path.realpath(path))
        return known or from_fs_path(os.path.abspath(path)) or Path(path).absolute().as_uri()

    def lines_of(self, uri: str) -> list[str]:
        """The text the client counts positions in: its buffer when open, else the disk."""
        document = self.workspace.text_documents.get(uri)
        if document is not None:
            return list(document.lines)
        path = to_fs_path(uri)
        try:
            with open(path or "", "rb") as file:
                return file.read().decode("utf-8", "replace").splitlines(keepends=True)
        except OSError:
            return []

    def diagnostic(self, problem: Problem, lines: list[str]) -> types.Diagnostic:
        span = problem.span
        start = types.Position(max(span.line - 1, 0), max(span.column - 1, 0))
        end = start
        if span.end_line is not None and span.end_column is not None:
            end = types.Position(max(span.end_line - 1, 0), max(span.end_column - 1, 0))
        in_characters = types.Range(start, end)
        related = [
            types.DiagnosticRelatedInformation(
                types.Location(self.uri_of(other), types.Range(types.Position(0, 0),
                                                               types.Position(0, 0))),
                f"{problem.code} involves this file too",
            )
            for other in problem.related
            if os.path.isfile(other)
        ]  # fmt: skip
        return types.Diagnostic(
            range=self.workspace.position_codec.range_to_client_units(lines, in_characters),
            message=problem.message,
            severity=SEVERITIES.get(problem.severity, types.DiagnosticSeverity.Error),
            code=problem.code,
            source="sectorlint",
            related_information=related or None,
        )

    def code_actions(self, uri: str, wanted: types.Range) -> list[types.CodeAction]:
        """For each diagnostic in `wanted`: its fix when it has a text one, and a suppression."""
        actions: list[types.CodeAction] = []
        lines = self.lines_of(uri)
        for diagnostic, problem in self.published.get(uri, ()):
            if not _overlaps(diagnostic.range, wanted):
                continue
            if isinstance(problem.fix, Replace):
                actions.append(self.quick_fix(diagnostic, problem.fix))
            actions.append(disable_action(uri, lines, diagnostic, problem))
        return actions

    def quick_fix(self, diagnostic: types.Diagnostic, fix: Replace) -> types.CodeAction:
        uri = self.uri_of(fix.path)
        lines = self.lines_of(uri)
        codec = self.workspace.position_codec
        edits = [
            types.TextEdit(
                range=codec.range_to_client_units(
                    lines,
                    types.Range(
                        types.Position(edit.line - 1, edit.column - 1),
                        types.Position(edit.end_line - 1, edit.end_column - 1),
                    ),
                ),
                new_text=edit.text,
            )
            for edit in fix.edits
        ]
        return types.CodeAction(
            title=f"{diagnostic.code}: {fix.title}",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            is_preferred=True,
            edit=types.WorkspaceEdit(changes={uri: edits}),
        )


def disable_action(
    uri: str, lines: Sequence[str], diagnostic: types.Diagnostic, problem: Problem
) -> types.CodeAction:
    """`# sectorlint: disable=CODE` on the line above the problem's, indented as that line is
    (a suppression on its own line silences the next line)."""
    line = diagnostic.range.start.line
    text = lines[line] if line < len(lines) else ""
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    comment = f"{indent}# sectorlint: disable={problem.code}\n"
    at = types.Position(line, 0)
    return types.CodeAction(
        title=f"Disable {problem.code} for this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(types.Range(at, at), comment)]}),
    )


def _overlaps(a: types.Range, b: types.Range) -> bool:
    """Whether two ranges touch (an empty range at a diagnostic's edge counts, as a cursor)."""

    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def make_server() -> SectorServer:
    server = SectorServer()

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        folders = [to_fs_path(f.uri) for f in params.workspace_folders or ()]
        if not folders and params.root_uri:
            folders = [to_fs_path(params.root_uri)]
        if not folders and params.root_path:
            folders = [params.root_path]
        server.start_sessions([f for f in folders if f] or [os.getcwd()])

    @server.feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        server.publish_all()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        return server.code_actions(params.text_document.uri, params.range)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.update(params.text_document.uri, params.text_document.text, opened=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.update(uri, server.workspace.get_text_document(uri).source)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.update(uri, server.workspace.get_text_document(uri).source)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.update(params.text_document.uri, None)  # the file as it is on disk

    return server


def serve() -> None:
    """Answer a client over standard input and output until it exits."""
    make_server().start_io()
