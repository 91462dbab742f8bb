"""A problem as the client shows it, pushed by the server or pulled by the client.

Each diagnostic carries the problem's code, a link to the code's documentation (shipped with
the package, one Markdown file per code), its severity, and, for a problem other files take
part in, where in each of them: the relation there that names this file's sector (the other
side of an overlap), else that file's `id`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.uris import to_fs_path

from sectorlint import catalog
from sectorlint.document import JsonPath
from sectorlint.model import Sector, claimed_at
from sectorlint.problem import Problem, Replace, Severity, Span, json_path_text
from sectorlint.rules.duplicate_name import claim_key
from sectorlint.server.convert import span_range

if TYPE_CHECKING:
    from sectorlint.server.app import SectorServer

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
}


def diagnostic(server: SectorServer, problem: Problem, lines: Sequence[str]) -> types.Diagnostic:
    codec = server.workspace.position_codec
    return types.Diagnostic(
        range=span_range(codec, lines, _extent(problem, lines)),
        message=_as_check_says(server, problem),
        severity=SEVERITIES.get(problem.severity, types.DiagnosticSeverity.Error),
        code=problem.code,
        code_description=_documentation(problem.code),
        source="sectorlint",
        related_information=_related(server, problem) or None,
    )


def _extent(problem: Problem, lines: Sequence[str]) -> Span:
    """The problem's span; one located at a point only (a phrase: a term, a placeholder) runs
    to its fix's end or its word's, so that a cursor anywhere on the word finds it."""
    span = problem.span
    if span.end_line is not None:
        return span
    fix = problem.fix
    if isinstance(fix, Replace) and fix.edits:
        first = fix.edits[0]
        if (first.line, first.column) == (span.line, span.column) and first.line == first.end_line:
            return Span(span.line, span.column, first.end_line, first.end_column)
    text = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
    if text[span.column - 1 : span.column] == "#":  # a comment (a suppression): all of it
        end = len(text.rstrip("\r\n").rstrip()) + 1
        return Span(span.line, span.column, span.line, max(end, span.column))
    word = _WORD.match(text, max(span.column - 1, 0))
    if word is None or not word.group():
        return span
    return Span(span.line, span.column, span.line, span.column + len(word.group()))


_WORD = re.compile(r"[^\s,;:!?()\[\]{}\"']*[^\s,;:!?()\[\]{}\"'.]|[^\s]?")


def _as_check_says(server: SectorServer, problem: Problem) -> str:
    """The message as `check` run in the project prints it: other files named from the project's
    folder, not by the absolute paths the session holds."""
    session = server.session_of(problem.path)
    if session is None:
        return problem.message
    return problem.message.replace(f"{session.options.config.root}{os.sep}", "")


@cache  # a code's page does not move while the server runs
def _documentation(code: str) -> types.CodeDescription | None:
    found = catalog.doc_file(code)
    return types.CodeDescription(href=found.as_uri()) if found is not None else None


def _related(server: SectorServer, problem: Problem) -> list[types.DiagnosticRelatedInformation]:
    related = []
    for other in problem.related:
        if not os.path.isfile(other):
            continue
        uri = server.uri_of(other)
        lines = server.lines_of(uri)
        place = span_range(
            server.workspace.position_codec, lines, _matching(server, problem, other)
        )
        related.append(
            types.DiagnosticRelatedInformation(
                types.Location(uri, place), _described(server, other, problem)
            )
        )
    return related


def _matching(server: SectorServer, problem: Problem, other: str) -> Span:
    """Where in `other` the problem's counterpart stands: its relation naming the problem's
    sector, else its `id`, else its first line."""
    here = server.sector_of(server.uri_of(problem.path))
    there = server.sector_of(server.uri_of(other))
    if there is None:
        return Span(1, 1)
    _, sector = there
    document = sector.document
    if problem.code == "R002" and here is not None:
        return document.value_span(_claim(here[1], sector, problem.json_path))
    naming = [r for r in sector.relations if here is not None and r.target == here[1].id]
    # of those, one of the kind the problem is about (an overlap's other side, not a support)
    naming.sort(key=lambda relation: f".{relation.kind}" not in problem.json_path)
    return document.value_span(naming[0].path if naming else ("id",))


def _claim(sector: Sector, other: Sector, json_path: str) -> JsonPath:
    """Where `other` claims the name `sector` has at `json_path` (R002's other side)."""
    for path, name in sector.names():
        if json_path_text(path) == json_path:
            return claimed_at(other, claim_key, claim_key(path, name)) or ("id",)
    return ("id",)


def _described(server: SectorServer, other: str, problem: Problem) -> str:
    there = server.sector_of(server.uri_of(other))
    name = there[1].id if there is not None else Path(other).name
    return f"{problem.code}: {name} ({Path(other).name}) takes part"


def report(server: SectorServer, uri: str) -> list[types.Diagnostic]:
    """What the client pulls for one document: its problems as they are now."""
    server.flush()
    path = to_fs_path(uri)
    session = server.session_of(path) if path else None
    if session is None or path is None:
        return []
    known = session.known(path) or path
    problems = session.reported.get(known, ())
    if [p for _, p in server.published.get(uri, [])] != list(problems):
        lines = server.lines_of(uri)
        server.published[uri] = [(diagnostic(server, p, lines), p) for p in problems]
    return [d for d, _ in server.published[uri]] if uri in server.published else []


def result_id(diagnostics: Sequence[types.Diagnostic]) -> str:
    """The same diagnostics, the same id: a client sending it back gets 'unchanged'."""
    text = repr([(d.code, d.range, d.message, d.severity) for d in diagnostics])
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


def register(server: SectorServer) -> None:
    options = types.DiagnosticOptions(
        identifier="sectorlint", inter_file_dependencies=True, workspace_diagnostics=True
    )

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, options)
    def document_diagnostic(
        params: types.DocumentDiagnosticParams,
    ) -> types.DocumentDiagnosticReport:
        found = report(server, params.text_document.uri)
        rid = result_id(found)
        if params.previous_result_id == rid:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=rid)
        return types.RelatedFullDocumentDiagnosticReport(items=found, result_id=rid)

    @server.feature(types.WORKSPACE_DIAGNOSTIC)
    def workspace_diagnostic(
        params: types.WorkspaceDiagnosticParams,
    ) -> types.WorkspaceDiagnosticReport:
        server.flush()
        previous = {p.uri: p.value for p in params.previous_result_ids}
        items: list[types.WorkspaceDocumentDiagnosticReport] = []
        for session in server.sessions:
            for file in sorted(session.reported):
                uri = server.uri_of(file)
                if not session.reported[file] and uri not in previous:
                    continue  # clean, and the client shows nothing for it
                found = report(server, uri)
                rid = result_id(found)
                if previous.get(uri) == rid:
                    items.append(
                        types.WorkspaceUnchangedDocumentDiagnosticReport(
                            result_id=rid, uri=uri, version=None
                        )
                    )
                else:
                    items.append(
                        types.WorkspaceFullDocumentDiagnosticReport(
                            uri=uri, items=found, version=None, result_id=rid
                        )
                    )
        return types.WorkspaceDiagnosticReport(items=items)
