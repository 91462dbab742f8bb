"""What the editor offers to do about a problem: its fix, a suppression, every fix at once, and
the file formatted. Each is the edit the command line makes: a `Replace` is what `fmt` writes,
an item to add is fmt's text with it (`fixing.item_edits`), "Fix all" is what `check --fix`
writes in the file, and formatting is `fmt`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.uris import to_fs_path
from pygls.workspace import PositionCodec

from sectorlint import fixing, fmt
from sectorlint.kinds import kind_of
from sectorlint.positions import split_lines
from sectorlint.problem import AddItem, Edit, Problem, Replace
from sectorlint.select import SUPPRESSION
from sectorlint.server.convert import text_edit
from sectorlint.session import Session

if TYPE_CHECKING:
    from sectorlint.server.app import SectorServer

FIX_ALL = types.CodeActionKind.SourceFixAll + ".sectorlint"
KINDS = [types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, FIX_ALL]


def code_actions(server: SectorServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """For each diagnostic in the range: its fix, and a suppression; then "Fix all"."""
    uri = params.text_document.uri
    server.flush()
    wanted = params.context.only
    actions: list[types.CodeAction] = []
    if _asked(wanted, types.CodeActionKind.QuickFix):
        lines = server.lines_of(uri)
        codec = server.workspace.position_codec
        for diagnostic, problem in server.published.get(uri, ()):
            if _overlaps(diagnostic.range, params.range):
                actions.extend(_fixes(server, diagnostic, problem))
                disable = disable_action(codec, uri, lines, diagnostic, problem)
                safe = _harmless(server, problem, uri, disable)
                if safe is not None:
                    actions.append(safe)
    # Fix all formats the whole file: only when it is asked for by its kind, or by a user
    # (not for each light bulb an editor asks about as the cursor moves)
    invoked = params.context.trigger_kind == types.CodeActionTriggerKind.Invoked
    if (wanted is not None or invoked) and _asked(wanted, FIX_ALL):
        everything = fix_all(server, uri)
        if everything is not None:
            actions.append(everything)
    return actions


def _asked(only: Sequence[str] | None, kind: str) -> bool:
    """Whether a client's `only` admits `kind` (`source.fixAll` admits its sub-kinds)."""
    return only is None or any(kind == o or kind.startswith(f"{o}.") for o in only)


def _fixes(
    server: SectorServer, diagnostic: types.Diagnostic, problem: Problem
) -> list[types.CodeAction]:
    fix = problem.fix
    session = server.session_of(problem.path)
    if fix is None or session is None:
        return []
    if isinstance(fix, AddItem) and fix not in fixing.plan(_reported(session)).get(fix.path, []):
        return []  # another problem says the item would copy a mistake: `--fix` leaves it too
    uri = server.uri_of(fix.path)
    text = server.text_of(uri)
    title = f"{diagnostic.code}: {fix.title}"
    if isinstance(fix, Replace):
        edits: tuple[Edit, ...] | None = fix.edits
    else:
        edits = fixing.item_edits(fix, text, session.options)
        if edits is None:
            edits = fixing.item_edits(fix, text, session.options, formatting=True)
            title += " (and format the file)"
    if not edits:
        return []
    return [_action(server, title, uri, edits, diagnostic, preferred=True)]


def _reported(session: Session) -> list[Problem]:
    """What the session reports, every file: what a fix is judged against, as `--fix` is."""
    return [p for problems in session.reported.values() for p in problems]


def fix_all(server: SectorServer, uri: str) -> types.CodeAction | None:
    """Every fix that lands in this file, and the canonical form: what `check --fix` writes."""
    path = to_fs_path(uri)
    session = server.session_of(path) if path else None
    if session is None or path is None:
        return None
    known = session.known(path) or path
    items = fixing.plan(_reported(session)).get(known, [])
    new = _formatted(session, known, server.text_of(uri), items)
    if new is None:
        return None
    edits = fixing.line_edits(server.text_of(uri), new)
    if not edits:
        return None
    return _action(server, "sectorlint: fix all", uri, edits, None, kind=FIX_ALL)


def formatting(server: SectorServer, uri: str) -> list[types.TextEdit] | None:
    """`textDocument/formatting`: what `sectorlint fmt` writes, as edits of the buffer."""
    server.flush()
    path = to_fs_path(uri)
    session = server.session_of(path) if path else None
    if session is None or path is None:
        return None
    text = server.text_of(uri)
    new = _formatted(session, session.known(path) or path, text, [])
    if new is None:
        return None
    lines = server.lines_of(uri)
    codec = server.workspace.position_codec
    return [text_edit(codec, lines, edit) for edit in fixing.line_edits(text, new)]


def _formatted(session: Session, path: str, text: str, items: list[AddItem]) -> str | None:
    options = session.options
    if len(text.encode("utf-8", "surrogatepass")) > options.limits.max_file_size:
        return None  # over the cap: fmt leaves it (Y008), and parsing it would block the server
    try:
        return fmt.format_text(
            path,
            text,
            session.taxonomy,
            items,
            options.limits,
            strict=fmt.strict_codes(options.config),
        )
    except fmt.FormatError:
        return None  # fmt would leave the file as it is: so does the editor


def _action(
    server: SectorServer,
    title: str,
    uri: str,
    edits: Sequence[Edit],
    diagnostic: types.Diagnostic | None,
    preferred: bool = False,
    kind: str = types.CodeActionKind.QuickFix,
) -> types.CodeAction:
    lines = server.lines_of(uri)
    codec = server.workspace.position_codec
    server.edits_offered([uri])
    return types.CodeAction(
        title=title,
        kind=kind,
        diagnostics=[diagnostic] if diagnostic is not None else None,
        is_preferred=preferred or None,
        edit=types.WorkspaceEdit(changes={uri: [text_edit(codec, lines, e) for e in edits]}),
    )


def disable_action(
    codec: PositionCodec,
    uri: str,
    lines: Sequence[str],
    diagnostic: types.Diagnostic,
    problem: Problem,
) -> types.CodeAction:
    """ "Disable CODE for this line": the code added to a suppression already on the line, or
    on its own line above it; else `# sectorlint: disable=CODE` on a line of its own above,
    indented as the line is (a suppression on its own line silences the next line)."""
    line = diagnostic.range.start.line
    text = lines[line] if line < len(lines) else ""
    above = lines[line - 1] if 0 < line <= len(lines) else ""
    at = _codes_end(line, text, alone=False) or _codes_end(line - 1, above, alone=True)
    if at is not None:
        place = codec.range_to_client_units(lines, types.Range(at, at))
        edit = types.TextEdit(place, f",{problem.code}")
    else:
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        start = types.Position(line, 0)
        comment = f"{indent}# sectorlint: disable={problem.code}{_line_end(lines, line)}"
        edit = types.TextEdit(types.Range(start, start), comment)
    return types.CodeAction(
        title=f"Disable {problem.code} for this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


def _harmless(
    server: SectorServer, problem: Problem, uri: str, action: types.CodeAction
) -> types.CodeAction | None:
    """The suppression, if inserting it leaves the file's data as it was (a comment line in a
    multi-line text would become text, or break it; a lookalike inside a quoted text is no
    suppression); else `disable-file=CODE` on the first line, if that is harmless; else none.
    None too for a file that was not read as YAML: no suppression applies there."""
    session = server.session_of(problem.path)
    result = session.results.get(session.known(problem.path) or "") if session else None
    if session is None or result is None or result.projection is None:
        return None
    text = server.text_of(uri)
    before = _data_of(session, problem.path, text)
    assert action.edit is not None and action.edit.changes is not None
    if _data_of(session, problem.path, _applied(text, action.edit.changes[uri])) == before:
        return action
    lines = split_lines(text, keepends=True)
    top = types.Position(0, 0)
    whole_file = types.TextEdit(
        types.Range(top, top), f"# sectorlint: disable-file={problem.code}{_line_end(lines, 0)}"
    )
    if _data_of(session, problem.path, _applied(text, [whole_file])) != before:
        return None
    return types.CodeAction(
        title=f"Disable {problem.code} for this file",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=action.diagnostics,
        edit=types.WorkspaceEdit(changes={uri: [whole_file]}),
    )


def _data_of(session: Session, path: str, text: str) -> object:
    raw = text.encode("utf-8", "surrogatepass")
    result = kind_of(path).analyse(path, raw, session.options.limits, session.taxonomy)
    return result.projection


def _applied(text: str, edits: Sequence[types.TextEdit]) -> str:
    """`text` with insertions made (positions in characters: the edits made here are at a
    line's start or after ASCII codes, where every encoding counts alike)."""
    lines = split_lines(text, keepends=True) or [""]
    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        line, column = edit.range.start.line, edit.range.start.character
        while len(lines) <= line:
            lines.append("")
        lines[line] = lines[line][:column] + edit.new_text + lines[line][column:]
    return "".join(lines)


def _line_end(lines: Sequence[str], line: int) -> str:
    """The line break the file uses at `line` (its first line's, for a last line without)."""
    for text in [lines[line] if line < len(lines) else "", *lines[:1]]:
        if text.endswith(("\r\n", "\r", "\n")):
            return "\r\n" if text.endswith("\r\n") else text[-1]
    return "\n"


def _codes_end(line: int, text: str, alone: bool) -> types.Position | None:
    """Where the codes of a `disable=` suppression on `text` end (in characters; the comment
    must be the whole line when `alone`); None where there is none to extend."""
    if line < 0:
        return None
    for match in SUPPRESSION.finditer(text):
        if match.group(1).lower() != "disable" or not (match.group(2) or "").strip():
            continue
        if alone and text[: match.start()].strip():
            continue
        codes = match.group(2)
        return types.Position(line, match.start(2) + len(codes.rstrip()))
    return None


def _overlaps(a: types.Range, b: types.Range) -> bool:
    """Whether two ranges touch (an empty range at a diagnostic's edge counts, as a cursor)."""

    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def register(server: SectorServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=KINDS),
    )
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        return code_actions(server, params)

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def format_document(params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
        return formatting(server, params.text_document.uri)
