"""The server itself: one `session.Session` per workspace folder, kept alive; each buffer the
editor opens, changes, saves or closes updates it, and the problems of every file whose problems
changed reach the client, open or not (a relation broken in one file shows where the problem
belongs). Diagnostics are pushed, or pulled by a client that says it pulls (as ruff's server
chooses). The feature modules register their own handlers (`register`).
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument, Workspace

from sectorlint import __version__, engine
from sectorlint.config import Config, ConfigError, load_config
from sectorlint.model import Sector
from sectorlint.positions import split_lines
from sectorlint.problem import Problem
from sectorlint.session import Problems, Session

# What a change waits for more typing before it is checked, unless the client says otherwise.
DEFAULT_DEBOUNCE_MS = 100
MAX_DEBOUNCE_MS = 10_000  # (more is a typo, not a wish never to be answered while typing)
# How long the files an offered edit changes are looked for on disk, in seconds.
AWAIT_EDITS_S = 30.0


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
        if not Settings.of(params).pulls:
            # a client that pulls but cannot be asked to pull again would never see a problem
            # another file causes: it is pushed to, and must not pull as well (twice shown)
            result.capabilities.diagnostic_provider = None
        made = self._workspace  # no document is open yet: the workspace can be replaced
        if made is not None:
            self._workspace = EditorWorkspace(
                made.root_uri, made._sync_kind, list(made.folders.values()), made.position_encoding
            )
        return result


_SURROGATE = re.compile("[\ud800-\udfff]")


class EditorDocument(TextDocument):
    """A buffer whose lines are the lines YAML and editors count: pygls splits at U+2028, form
    feeds and the like too, and would apply an incremental change to the wrong line."""

    @property
    def lines(self) -> Sequence[str]:
        return tuple(split_lines(self.source, keepends=True))

    def apply_change(self, change: types.TextDocumentContentChangeEvent) -> None:
        """pygls joins the pieces as Python strings: a surrogate pair the client completed by
        a change (its high half typed, then the low) would stay two lone halves."""
        super().apply_change(change)
        text = self._source
        if text is not None and _SURROGATE.search(text):
            self._source = text.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")


class EditorWorkspace(Workspace):
    def _create_text_document(
        self,
        doc_uri: str,
        source: str | None = None,
        version: int | None = None,
        language_id: str | None = None,
    ) -> TextDocument:
        return EditorDocument(
            doc_uri,
            source=source,
            version=version,
            language_id=language_id,
            sync_kind=self._sync_kind,
            position_codec=self._position_codec,
        )


@dataclass
class Settings:
    """What the client chose at initialization."""

    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    # The client pulls diagnostics (textDocument/diagnostic) and can be asked to pull again
    # (workspace/diagnostic/refresh) when another file's problems change.
    pulls: bool = False

    @classmethod
    def of(cls, params: types.InitializeParams) -> Settings:
        options = params.initialization_options
        debounce = options.get("debounce") if isinstance(options, dict) else None
        valid = (
            isinstance(debounce, (int, float))
            and not isinstance(debounce, bool)
            and math.isfinite(debounce)
        )
        text = params.capabilities.text_document
        workspace = params.capabilities.workspace
        refresh = workspace.diagnostics if workspace is not None else None
        refreshes = bool(refresh is not None and refresh.refresh_support)
        return cls(
            debounce_ms=min(max(int(debounce), 0), MAX_DEBOUNCE_MS)  # type: ignore[arg-type]
            if valid
            else DEFAULT_DEBOUNCE_MS,
            pulls=text is not None and text.diagnostic is not None and refreshes,
        )


class SectorServer(LanguageServer):
    """The server: its sessions, and the URIs the client names its documents by."""

    def __init__(self) -> None:
        super().__init__(
            "sectorlint",
            __version__,
            protocol_cls=SectorProtocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.settings = Settings()
        self.folders: list[str] = []
        self.configs: list[Config | None] = []  # each folder's, None where it has an error
        self.sessions: list[Session] = []
        self.uris: dict[str, str] = {}  # a document's resolved path -> the client's URI
        # What was last found for each URI, with the problem each diagnostic came from: a code
        # action finds a diagnostic's fix here, a pull answers from it.
        self.published: dict[str, list[tuple[types.Diagnostic, Problem]]] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}  # debounced changes, by URI
        self.refresh_wanted = False
        # documents not open that an offered edit changes, with their stat signature then
        self.awaited: dict[str, tuple[int, int] | None] = {}
        self.polling: asyncio.TimerHandle | None = None

    # --- sessions -------------------------------------------------------------------------

    def start_sessions(self, folders: Sequence[str]) -> None:
        """A session over the content roots of each workspace folder, as `check` finds them."""
        self.folders = list(folders)
        self.sessions = []
        self.configs = [self._config(folder, tell=True) for folder in folders]
        for config in self.configs:
            roots = [str(r) for r in config.content_root_paths() if r.is_dir()] if config else []
            if config is not None and roots:
                # as `check` runs: its cache, and workers for a large set
                options = engine.Options(
                    config=config,
                    limits=config.limits(),
                    jobs=os.cpu_count() or 1,
                    use_cache=True,
                )
                session = Session(roots, options)
                session.check()  # what is reported from now on is what changes
                self.sessions.append(session)

    def _config(self, folder: str, tell: bool = False) -> Config | None:
        try:
            return load_config(Path(folder))
        except ConfigError as exc:
            if tell:
                self.show_error(str(exc))
            return None

    def restart(self, folders: Sequence[str] | None = None) -> None:
        """Where a folder's configuration (with its taxonomy and schema extension) changed, or
        the workspace's folders did, start every session again, with the open buffers as they
        are, and publish every file whose problems changed."""
        folders = self.folders if folders is None else list(folders)
        if folders == self.folders and [self._config(f) for f in folders] == self.configs:
            return
        before = dict(self.published)
        self.start_sessions(folders)
        for uri, document in list(self.workspace.text_documents.items()):
            path = to_fs_path(uri)
            session = self.session_of(path) if path else None
            if session is not None and path is not None:
                self.guarded(session, lambda s=session, p=path, d=document: s.update(p, d.source))
        found = {self.uri_of(f): ps for s in self.sessions for f, ps in s.reported.items()}
        for uri in {*before, *found}:
            problems = found.get(uri, ())
            if [p for _, p in before.get(uri, [])] != list(problems):
                self.publish(uri, problems)
        self.refresh()

    def session_of(self, path: str) -> Session | None:
        """The session whose content set holds (or may hold) the document at `path`."""
        return next((s for s in self.sessions if s.known(path) is not None), None)

    def sector_of(self, uri: str) -> tuple[Session, Sector] | None:
        """The sector a document holds as its session knows it (None while it does not parse
        into one, or is no document of a content set). A request calls `flush` first, so that
        a change still waiting for its debounce is in."""
        path = to_fs_path(uri)
        session = self.session_of(path) if path else None
        if session is None or path is None:
            return None
        sector = session.sectors.get(session.known(path) or "")
        return (session, sector) if sector is not None else None

    # --- updates --------------------------------------------------------------------------

    def update(self, uri: str, text: str | None, opened: bool = False) -> None:
        """Re-check one document (its buffer, or the disk for None) and publish what changed;
        on open, the document's own diagnostics whether they changed or not."""
        self.cancel(uri)
        self.catch_up()
        path = to_fs_path(uri)
        if path is None:
            return
        self.uris[os.path.realpath(path)] = uri
        for session in self.sessions:
            changed = self.guarded(session, lambda s=session: s.update(path, text))
            if opened:
                changed = {**self._own(session, path), **changed}
            for file, problems in changed.items():
                self.publish(self.uri_of(file), problems)
        self.refresh()

    def changed(self, uri: str) -> None:
        """A buffer changed: check it after the debounce (at once for 0); a newer change
        replaces a pending one."""
        self.cancel(uri)
        if self.settings.debounce_ms <= 0:
            self.update(uri, self.workspace.get_text_document(uri).source)
            return
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(self.settings.debounce_ms / 1000, self.flush, uri)

    def edits_offered(self, uris: Sequence[str]) -> None:
        """An edit the server offered changes these documents: those not open, the client may
        write straight to disk and never say so (a client without file watching); each is
        checked again once its file is seen changed (`catch_up`)."""
        for uri in uris:
            path = to_fs_path(uri)
            if path is not None and self.buffer(uri) is None:
                self.awaited[uri] = _signature(path)
        if self.awaited and self.polling is None:
            self._poll(time.monotonic() + AWAIT_EDITS_S)

    def _poll(self, until: float) -> None:
        """Look for the awaited files a few times a second, for a while (a client may write
        them after telling of the open buffers' changes, or never)."""
        self.polling = None
        self.catch_up()
        if self.awaited and time.monotonic() < until:
            loop = asyncio.get_running_loop()
            self.polling = loop.call_later(0.2, self._poll, until)

    def catch_up(self) -> None:
        """Check again each awaited file that changed on disk since its edit was offered."""
        for uri, before in list(self.awaited.items()):
            path = to_fs_path(uri)
            if path is None or self.buffer(uri) is not None:
                del self.awaited[uri]  # open: its buffer is what counts now
            elif _signature(path) != before:
                del self.awaited[uri]
                self.update(uri, None)

    def flush(self, uri: str | None = None) -> None:
        """Check the changes still waiting for their debounce now: a request needs the set
        current (what a name stands for may have changed in any buffer). `uri`: that one's
        only (its debounce ended)."""
        self.catch_up()
        for waiting in [uri] if uri is not None else list(self.pending):
            if self.pending.pop(waiting, None) is not None:
                self.update(waiting, self.workspace.get_text_document(waiting).source)

    def cancel(self, uri: str) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def guarded(self, session: Session, work: Any) -> Problems:
        """`work` on a session, or nothing if it fails: say it, and keep answering."""
        try:
            result: Problems = work()
            return result
        except Exception as exc:  # never down
            self.window_log_message(
                types.LogMessageParams(types.MessageType.Error, f"sectorlint: {exc!r}")
            )
            return {}

    def publish_all(self) -> None:
        """At start-up, every file of each session that has problems, open or not."""
        for session in self.sessions:
            for file, problems in session.reported.items():
                if problems:
                    self.publish(self.uri_of(file), problems)

    def _own(self, session: Session, path: str) -> Problems:
        real = os.path.realpath(path)
        return {f: ps for f, ps in session.reported.items() if os.path.realpath(f) == real}

    def publish(self, uri: str, problems: Sequence[Problem]) -> None:
        """Keep a file's diagnostics; push them, or mark that a pulling client should pull."""
        from sectorlint.server.diagnostics import diagnostic

        lines = self.lines_of(uri)
        pairs = [(diagnostic(self, problem, lines), problem) for problem in problems]
        self.published[uri] = pairs
        if not self.settings.pulls:
            params = types.PublishDiagnosticsParams(uri=uri, diagnostics=[d for d, _ in pairs])
            self.text_document_publish_diagnostics(params)
        else:
            self.refresh_wanted = True

    def refresh(self) -> None:
        """Ask a pulling client to pull again, once for all the files that changed."""
        if self.refresh_wanted:
            self.refresh_wanted = False
            self.workspace_diagnostic_refresh(None)

    # --- documents ------------------------------------------------------------------------

    def uri_of(self, path: str) -> str:
        known = self.uris.get(os.path.realpath(path))
        return known or from_fs_path(os.path.abspath(path)) or Path(path).absolute().as_uri()

    def lines_of(self, uri: str) -> list[str]:
        """The text the client counts positions in: its buffer when open, else the disk."""
        return split_lines(self.text_of(uri), keepends=True)

    def buffer(self, uri: str) -> TextDocument | None:
        """The client's buffer of a document, if open (pygls keeps them by the unquoted URI: a
        path with a space is `%20` in the client's)."""
        found: TextDocument | None = self.workspace.text_documents.get(unquote(uri))
        return found

    def text_of(self, uri: str) -> str:
        document = self.buffer(uri)
        if document is not None:
            source: str = document.source
            return source
        try:
            with open(to_fs_path(uri) or "", "rb") as file:
                text: str = file.read().decode("utf-8", "replace")
                return text
        except OSError:
            return ""

    def show_error(self, message: str) -> None:
        self.window_show_message(
            types.ShowMessageParams(types.MessageType.Error, f"sectorlint: {message}")
        )


def _signature(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns)


def make_server() -> SectorServer:
    from sectorlint.server import actions, completion, diagnostics, navigation, watch

    server = SectorServer()

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        server.settings = Settings.of(params)
        folders = [to_fs_path(f.uri) for f in params.workspace_folders or ()]
        if not folders and params.root_uri:
            folders = [to_fs_path(params.root_uri)]
        if not folders and params.root_path:
            folders = [params.root_path]
        server.folders = [f for f in folders if f] or [os.getcwd()]

    @server.feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        # built once the client has its answer (a large set takes seconds; some clients give
        # up waiting for one); what the client sends meanwhile waits its turn
        server.start_sessions(server.folders)
        server.publish_all()
        watch.start(server)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders_changed(params: types.DidChangeWorkspaceFoldersParams) -> None:
        gone = {to_fs_path(f.uri) for f in params.event.removed}
        added = [to_fs_path(f.uri) for f in params.event.added]
        kept = [f for f in server.folders if f not in gone]
        server.restart([*kept, *(f for f in added if f and f not in kept)])

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.update(params.text_document.uri, params.text_document.text, opened=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.update(uri, server.workspace.get_text_document(uri).source)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.update(params.text_document.uri, None)  # the file as it is on disk

    for module in (diagnostics, actions, navigation, completion, watch):
        module.register(server)
    return server


def serve() -> None:
    """Answer a client over standard input and output until it exits."""
    make_server().start_io()
