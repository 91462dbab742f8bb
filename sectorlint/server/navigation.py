"""Finding one's way in a content set: hover, go to definition, rename and the outline.

Hover tells what a rule code means (in a suppression comment, or under a diagnostic) and which
sector a relation names; go to definition goes from a relation to the `id` of the sector it
names; rename changes a sector's id and every relation naming it, in every file of the set,
open or not; the outline lists a file's keys, each relation named by its target.

Each request reads the text the client has (its buffer, else the disk) and parses it again:
positions then always match what the client shows, whatever the session last checked. Which
sector a name stands for is the session's model's to say, as the rules read it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.uris import to_fs_path

from sectorlint import catalog, scalars
from sectorlint.document import Document, JsonPath
from sectorlint.limits import Limits
from sectorlint.model import Sector
from sectorlint.positions import split_lines
from sectorlint.problem import Edit, Span
from sectorlint.rules.duplicate_name import claim_key
from sectorlint.schema import compile_validator
from sectorlint.select import SUPPRESSION
from sectorlint.server.convert import span_range, text_edit, to_span
from sectorlint.session import Session
from sectorlint.source import parse_text

if TYPE_CHECKING:
    from sectorlint.server.app import SectorServer

ID = ("id",)
# A tag before a scalar (`!!str bpo`): kept as written, the value after it is what is renamed.
_TAGS = re.compile(r"(?:!\S*\s+)*")
_CODE = re.compile(r"\w+")
_GENERATED_NOTE = re.compile(r"\s*<!--.*?-->\s*", re.DOTALL)
_DETAIL_LENGTH = 60  # what the outline shows of a text value


class Text(NamedTuple):
    """A document as the client has it: its lines and what they parse into (None when they do
    not parse into a document)."""

    uri: str
    path: str
    lines: list[str]
    document: Document | None


class Named(NamedTuple):
    """A sector id written in a document: the `id` value, or a relation's `sector`."""

    path: JsonPath
    value: str
    span: Span  # the value as written, quotes and tag included


def client_text(server: SectorServer, uri: str) -> Text:
    path = to_fs_path(uri) or uri
    session = server.session_of(path)
    text = server.text_of(uri)
    limits = session.options.limits if session is not None else Limits()
    document = parse_text(path, text, limits).document
    return Text(uri, path, split_lines(text, keepends=True), document)


def flush_all(server: SectorServer) -> None:
    """Check every change still waiting for its debounce: what a name stands for may have
    changed in any buffer."""
    server.flush()


# --- what a position stands on ----------------------------------------------------------


def sector_names(data: dict[str, Any]) -> Iterator[tuple[JsonPath, str]]:
    """Where a document writes sector ids: its `id`, and each relation's `sector` (under any
    key of `relations`, a misspelt kind too: it still names the sector)."""
    if isinstance(data.get("id"), str):
        yield ID, data["id"]
    relations = data.get("relations")
    for kind, entries in relations.items() if isinstance(relations, dict) else ():
        for index, entry in enumerate(entries if isinstance(entries, list) else ()):
            if isinstance(entry, dict) and isinstance(entry.get("sector"), str):
                yield ("relations", kind, index, "sector"), entry["sector"]


def named_at(document: Document, at: Span) -> Named | None:
    for path, value in sector_names(document.data):
        span = document.value_spans.get(path)
        if span is not None and _holds(span, at):
            return Named(path, value, span)
    return None


def _holds(span: Span, at: Span) -> bool:
    """Whether a position is in a span, or just after it (a cursor after the last letter)."""
    end = (span.end_line or span.line, span.end_column or span.column)
    return (span.line, span.column) <= (at.line, at.column) <= end


def _contains(range_: types.Range, position: types.Position) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(range_.start) <= key(position) <= key(range_.end)


def _at(server: SectorServer, text: Text, position: types.Position) -> Span:
    return to_span(server.workspace.position_codec, text.lines, position)


def _range(server: SectorServer, text: Text, span: Span) -> types.Range:
    return span_range(server.workspace.position_codec, text.lines, span)


def _session(server: SectorServer, text: Text) -> Session | None:
    return server.session_of(text.path)


# --- hover -------------------------------------------------------------------------------


def hover(server: SectorServer, uri: str, position: types.Position) -> types.Hover | None:
    """A rule code in a suppression comment; else the sector a relation names and the rules
    of the diagnostics here; else what the schema says of a key (completion's `key_hover`)."""
    flush_all(server)
    text = client_text(server, uri)
    at = _at(server, text, position)
    words = Words.for_client(server)
    found = _suppressed_code(server, text, at, words) or _here(server, text, at, position, words)
    return found or _key_hover(server, uri, position)


class Words(NamedTuple):
    """Hover text as the client shows it: Markdown where it says it takes Markdown, else plain
    text (what `sectorlint rule CODE` prints, for a rule)."""

    markdown: bool

    @classmethod
    def for_client(cls, server: SectorServer) -> Words:
        text = server.client_capabilities.text_document
        formats = text.hover.content_format if text is not None and text.hover else None
        return cls(formats is not None and types.MarkupKind.Markdown in formats)

    def code(self, text: str) -> str:
        return f"`{text}`" if self.markdown else text

    def strong(self, text: str) -> str:
        return f"**{text}**" if self.markdown else text

    def link(self, text: str, uri: str) -> str:
        return f"[{text}]({uri})" if self.markdown else text

    def rule(self, code: str) -> str | None:
        """A rule's documentation: its page (`catalog.markdown`) or what `sectorlint rule`
        prints; None for a code sectorlint does not have."""
        as_markdown = getattr(catalog, "markdown", None) if self.markdown else None
        try:
            if as_markdown is None:
                explained = catalog.explain(code)
                return f"```text\n{explained}```" if self.markdown else explained.strip()
            page: str = as_markdown(code)
        except KeyError:
            return None
        return _GENERATED_NOTE.sub("\n", page).strip()  # a note to whoever edits the page

    def hover(self, parts: Sequence[str], place: types.Range | None) -> types.Hover:
        kind = types.MarkupKind.Markdown if self.markdown else types.MarkupKind.PlainText
        joined = ("\n\n---\n\n" if self.markdown else "\n\n").join(parts)
        return types.Hover(contents=types.MarkupContent(kind=kind, value=joined), range=place)


def _suppressed_code(
    server: SectorServer, text: Text, at: Span, words: Words
) -> types.Hover | None:
    line = text.lines[at.line - 1] if 0 < at.line <= len(text.lines) else ""
    for match in SUPPRESSION.finditer(line):
        if text.document is not None and text.document.inside_scalar(at.line, match.start() + 1):
            continue  # text that only looks like a comment
        for code in _CODE.finditer(match.group(2) or ""):
            start, end = match.start(2) + code.start(), match.start(2) + code.end()
            if start <= at.column - 1 <= end:
                span = Span(at.line, start + 1, at.line, end + 1)
                return words.hover([_silenced(code.group(), words)], _range(server, text, span))
    return None


def _silenced(written: str, words: Words) -> str:
    """What a code in a suppression silences: the rule, or each rule it is a prefix of (a
    suppression silences every code starting with what it names)."""
    docs = words.rule(written)
    if docs is not None:
        return docs
    prefix = written.upper()
    starting = [entry for code, entry in catalog.catalog().items() if code.startswith(prefix)]
    if not starting:
        return f"{words.code(written)} is not a sectorlint code: it silences nothing."
    listed = "\n".join(f"- {words.code(entry.code)} {entry.name}" for entry in starting)
    return f"{words.code(written)} silences every code starting with it:\n\n{listed}"


def _here(
    server: SectorServer, text: Text, at: Span, position: types.Position, words: Words
) -> types.Hover | None:
    """The sector a relation names, and the documentation of each rule a diagnostic here
    reports (a diagnostic over several lines counts on its first)."""
    parts: list[str] = []
    place: types.Range | None = None
    named = named_at(text.document, at) if text.document is not None else None
    if named is not None and named.path != ID:
        parts.append(_sector_text(server, text, named.value, words))
        place = _range(server, text, named.span)
    codes: list[str] = []
    for diagnostic, problem in server.published.get(text.uri, ()):
        on_first_line = diagnostic.range.start.line == position.line
        if on_first_line and _contains(diagnostic.range, position) and problem.code not in codes:
            codes.append(problem.code)
            place = place or diagnostic.range
    parts += [docs for docs in map(words.rule, codes) if docs]
    return words.hover(parts, place) if parts else None


def _sector_text(server: SectorServer, text: Text, name: str, words: Words) -> str:
    session = _session(server, text)
    sector = session.model.resolve(name) if session is not None else None
    if sector is None:
        return f"No sector of this content set has the id, name or alias {words.code(name)}."
    lines = [f"{words.strong(sector.text('name') or sector.id)} ({words.code(sector.id)})"]
    if sector.id != name:
        lines.append(
            f"{words.code(name)} is a name or alias of this sector; "
            f"its id is {words.code(sector.id)}."
        )
    if sector.text("summary"):
        lines.append(sector.text("summary"))
    where = words.link(relative(server, sector.path), server.uri_of(sector.path))
    lines.append(f"Defined in {where}")
    return "\n\n".join(lines)


def relative(server: SectorServer, path: str) -> str:
    """A file as the user knows it: relative to the workspace folder that holds it."""
    real = os.path.realpath(path)
    for folder in sorted(server.folders, key=len, reverse=True):
        base = os.path.realpath(folder)
        if real.startswith(base + os.sep):
            return os.path.relpath(real, base).replace(os.sep, "/")
    return path


def _key_hover(server: SectorServer, uri: str, position: types.Position) -> types.Hover | None:
    """What completion says of a schema key, when it says anything (it owns the schema)."""
    from sectorlint.server import completion

    key_hover = getattr(completion, "key_hover", None)
    if key_hover is None:
        return None
    found: types.Hover | None = key_hover(server, uri, position)
    return found


# --- definition --------------------------------------------------------------------------


def definition(server: SectorServer, uri: str, position: types.Position) -> types.Location | None:
    """From a relation's sector to the `id` of the sector it names (by id, name or alias)."""
    flush_all(server)
    text = client_text(server, uri)
    named = named_at(text.document, _at(server, text, position)) if text.document else None
    session = _session(server, text)
    if named is None or named.path == ID or session is None:
        return None
    sector = session.model.resolve(named.value)
    return id_location(server, sector.path) if sector is not None else None


def id_location(server: SectorServer, path: str) -> types.Location | None:
    there = client_text(server, server.uri_of(path))
    if there.document is None or ID not in there.document.value_spans:
        return None
    return types.Location(there.uri, _range(server, there, there.document.value_spans[ID]))


# --- rename ------------------------------------------------------------------------------


def refused(message: str) -> JsonRpcException:
    """An answer the client shows its user: why this rename cannot be made."""
    return JsonRpcException(message=message, code=types.LSPErrorCodes.RequestFailed)


class Renamed(NamedTuple):
    session: Session
    sector: Sector
    named: Named
    text: Text


def renamed_at(server: SectorServer, uri: str, position: types.Position) -> Renamed | None:
    """The sector whose id stands at a position (its `id`, or a relation naming it by id);
    None where no id stands. Raises (`refused`) where one stands that cannot be renamed."""
    flush_all(server)
    text = client_text(server, uri)
    named = named_at(text.document, _at(server, text, position)) if text.document else None
    session = _session(server, text)
    if named is None or session is None:
        return None
    if named.path == ID:
        own = server.sector_of(uri)
        sector = own[1] if own is not None else None
    else:
        sector = session.model.by_id.get(named.value)
    if sector is None or sector.id != named.value:
        raise refused(_not_an_id(session, named.value))
    return Renamed(session, sector, named, text)


def _not_an_id(session: Session, name: str) -> str:
    named = session.model.resolve(name)
    if named is not None:
        return f"'{name}' names sector '{named.id}' by its name or alias: rename from its id"
    return f"no sector has the id '{name}'"


def prepare_rename(
    server: SectorServer, uri: str, position: types.Position
) -> types.PrepareRenamePlaceholder | None:
    found = renamed_at(server, uri, position)
    if found is None or found.text.document is None:
        return None
    written = _written(found.text.document, found.named.span)
    span = written.span if written is not None else found.named.span
    return types.PrepareRenamePlaceholder(
        range=_range(server, found.text, span), placeholder=found.sector.id
    )


def rename(
    server: SectorServer, uri: str, position: types.Position, new: str
) -> types.WorkspaceEdit | None:
    """The sector's `id` and every relation naming it by id, in every file of the set (the
    buffer where one is open, else the disk), each edit only the value's text."""
    found = renamed_at(server, uri, position)
    if found is None:
        return None
    old = found.sector.id
    if new == old:
        return None
    _check_new_id(server, found.session, found.sector, new)
    files = [found.sector.path]
    files += [s.path for s, r in found.session.model.relations() if r.target == old]
    edits: dict[str, list[types.TextEdit]] = {}
    for path in dict.fromkeys(files):
        made = _edits_in(server, client_text(server, server.uri_of(path)), path, found.sector, new)
        if made:
            edits[server.uri_of(path)] = made
    _warn_of_requirements(server, found.session, old, new)
    return _workspace_edit(server, edits)


def _warn_of_requirements(server: SectorServer, session: Session, old: str, new: str) -> None:
    """The taxonomy's required relations name sectors by id, and live in the configuration
    (or are the shipped ones): a rename cannot edit them, so say what R003 will report."""
    required = [r for r in session.taxonomy.required_relations if old in (r.sector, r.target)]
    if required:
        server.window_show_message(
            types.ShowMessageParams(
                types.MessageType.Warning,
                f"sectorlint: the taxonomy's required relations name '{old}' "
                f"({len(required)} of them): R003 reports them until the configuration's "
                f"required-relations name '{new}'",
            )
        )


def _check_new_id(server: SectorServer, session: Session, sector: Sector, new: str) -> None:
    """Refuse what the schema does not take as an id, and a name another sector claims (R002
    would report the two)."""
    schema = session.taxonomy.schema
    node = {**schema["properties"]["id"], "$defs": schema.get("$defs", {})}
    errors = [error.message for error in compile_validator(node).iter_errors(new)]
    if errors:
        described = _described(schema, schema["properties"]["id"])
        raise refused(f"'{new}' is not a sector id ({described}): {errors[0]}")
    other = session.model.first_claim(claim_key)(claim_key(ID, new))
    if other is not None and other.path != sector.path:
        raise refused(
            f"'{new}' is already claimed by sector '{other.id}' ({relative(server, other.path)}): "
            "each sector's id, name and aliases are its own (R002)"
        )


def _described(schema: dict[str, Any], node: dict[str, Any]) -> str:
    """What the schema says an id is (the description of the definition it refers to)."""
    ref = node.get("$ref", "")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        node = schema.get("$defs", {}).get(ref.removeprefix("#/$defs/"), node)
    described = str(node.get("description", "a slug")).rstrip(".")
    return described[:1].lower() + described[1:]


def _edits_in(
    server: SectorServer, text: Text, path: str, sector: Sector, new: str
) -> list[types.TextEdit]:
    """The edits of one file: its `id` if it is the renamed sector's file, and each relation
    naming the sector by its id."""
    if text.document is None:
        return []
    own = os.path.realpath(path) == os.path.realpath(sector.path)
    edits = []
    for at, value in sector_names(text.document.data):
        span = text.document.value_spans.get(at)
        if value != sector.id or span is None or (at == ID and not own):
            continue
        written = _written(text.document, span)
        if written is not None:
            edit = Edit(*_bounds(written.span), written.as_new(new))
            edits.append(text_edit(server.workspace.position_codec, text.lines, edit))
    return edits


class Written(NamedTuple):
    """The text of a value to replace: inside its quotes, or the whole plain scalar."""

    span: Span
    quoted: bool

    def as_new(self, new: str) -> str:
        if self.quoted or isinstance(scalars.resolve_plain(new), str):
            return new
        return f'"{new}"'  # plain, `true` or `123` would not be read as text


def _written(document: Document, span: Span) -> Written | None:
    """Where a value's own text is in its span: after a tag, inside quotes; a block scalar's
    line ends stay. None for a span whose end is unknown."""
    if span.end_line is None or span.end_column is None:
        return None
    start = document.offset(span.line, span.column)
    raw = document.text[start : document.offset(span.end_line, span.end_column)]
    tags = _TAGS.match(raw)
    skip = tags.end() if tags is not None else 0
    body = raw[skip:].rstrip()
    quoted = len(body) >= 2 and body[0] in "\"'" and body[-1] == body[0]
    first, last = start + skip + quoted, start + skip + len(body) - quoted
    at, end = document.position(first), document.position(last)
    return Written(Span(at.line, at.column, end.line, end.column), quoted)


def _bounds(span: Span) -> tuple[int, int, int, int]:
    return span.line, span.column, span.end_line or span.line, span.end_column or span.column


def _workspace_edit(
    server: SectorServer, edits: dict[str, list[types.TextEdit]]
) -> types.WorkspaceEdit:
    """Versioned document edits where the client takes them (an open buffer's version, none
    for a file on disk), else plain changes."""
    server.edits_offered(list(edits))
    workspace = server.client_capabilities.workspace
    taken = workspace.workspace_edit if workspace is not None else None
    if taken is None or not taken.document_changes:
        return types.WorkspaceEdit(changes=edits)
    changes: list[types.TextDocumentEdit] = []
    for uri, made in edits.items():
        document = server.buffer(uri)
        version = document.version if document is not None else None
        identifier = types.OptionalVersionedTextDocumentIdentifier(version=version, uri=uri)
        changes.append(types.TextDocumentEdit(text_document=identifier, edits=list(made)))
    return types.WorkspaceEdit(document_changes=changes)


# --- the outline -------------------------------------------------------------------------


def document_symbols(
    server: SectorServer, uri: str
) -> list[types.DocumentSymbol] | list[types.SymbolInformation] | None:
    """The file's top-level keys, a mapping's keys under it, each relation under its kind named
    by the sector it names; flat, with container names, for a client without hierarchy."""
    flush_all(server)
    text = client_text(server, uri)
    if text.document is None or not isinstance(text.document.data, dict):
        return None
    tree = _symbols(server, text, (), text.document.data)
    document = server.client_capabilities.text_document
    symbols = document.document_symbol if document is not None else None
    if symbols is not None and symbols.hierarchical_document_symbol_support:
        return tree
    return list(_flat(uri, tree, None))


def _symbols(
    server: SectorServer, text: Text, path: JsonPath, mapping: dict[Any, Any]
) -> list[types.DocumentSymbol]:
    assert text.document is not None
    found = []
    for key, value in mapping.items():
        at = (*path, key)
        key_span = text.document.key_spans.get(at)
        if key_span is None:
            continue
        value_span = text.document.value_spans.get(at, key_span)
        found.append(
            types.DocumentSymbol(
                name=str(key) or '""',
                kind=_kind(value),
                range=_range(server, text, _joined(key_span, value_span)),
                selection_range=_range(server, text, key_span),
                detail=_detail(value),
                children=_children(server, text, at, value) or None,
            )
        )
    return found


def _children(
    server: SectorServer, text: Text, path: JsonPath, value: Any
) -> list[types.DocumentSymbol]:
    if isinstance(value, dict):
        return _symbols(server, text, path, value)
    if isinstance(value, list) and len(path) == 2 and path[0] == "relations":
        return [
            symbol
            for index, entry in enumerate(value)
            if (symbol := _relation(server, text, (*path, index), entry)) is not None
        ]
    return []


def _relation(
    server: SectorServer, text: Text, path: JsonPath, entry: Any
) -> types.DocumentSymbol | None:
    """A relation, named by the sector it names; its keys under it."""
    assert text.document is not None
    span = text.document.value_spans.get(path)
    if span is None or not isinstance(entry, dict):
        return None
    target = entry.get("sector")
    name_span = text.document.value_spans.get((*path, "sector"), span)
    via = entry.get("via")
    return types.DocumentSymbol(
        name=target if isinstance(target, str) and target else f"[{path[-1]}]",
        kind=types.SymbolKind.Object,
        range=_range(server, text, span),
        selection_range=_range(server, text, name_span),
        detail=_detail(via) if isinstance(via, str) else None,
        children=_symbols(server, text, path, entry) or None,
    )


def _joined(start: Span, end: Span) -> Span:
    """From a key to the end of its value (or of the key, for a value without an end)."""
    last = max((start.end_line or start.line, start.end_column or start.column),
               (end.end_line or end.line, end.end_column or end.column))  # fmt: skip
    return Span(start.line, start.column, *last)


def _kind(value: Any) -> types.SymbolKind:
    if isinstance(value, dict):
        return types.SymbolKind.Object
    if isinstance(value, list):
        return types.SymbolKind.Array
    if isinstance(value, bool):
        return types.SymbolKind.Boolean
    if isinstance(value, (int, float)):
        return types.SymbolKind.Number
    if value is None:
        return types.SymbolKind.Null
    return types.SymbolKind.String


def _detail(value: Any) -> str | None:
    """What the outline shows beside a key: a short value (the start of a long text)."""
    if isinstance(value, (dict, list)) or value is None:
        return None
    shown = " ".join(str(value).split())
    if len(shown) > _DETAIL_LENGTH:
        shown = shown[: _DETAIL_LENGTH - 1].rstrip() + "…"
    return shown


def _flat(
    uri: str, symbols: Sequence[types.DocumentSymbol], container: str | None
) -> Iterator[types.SymbolInformation]:
    for symbol in symbols:
        yield types.SymbolInformation(
            name=symbol.name,
            kind=symbol.kind,
            location=types.Location(uri, symbol.range),
            container_name=container,
        )
        yield from _flat(uri, symbol.children or (), symbol.name)


# --- handlers ----------------------------------------------------------------------------


def register(server: SectorServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(params: types.HoverParams) -> types.Hover | None:
        return hover(server, params.text_document.uri, params.position)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def on_definition(params: types.DefinitionParams) -> types.Location | None:
        return definition(server, params.text_document.uri, params.position)

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def on_prepare_rename(
        params: types.PrepareRenameParams,
    ) -> types.PrepareRenamePlaceholder | None:
        return prepare_rename(server, params.text_document.uri, params.position)

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def on_rename(params: types.RenameParams) -> types.WorkspaceEdit | None:
        return rename(server, params.text_document.uri, params.position, params.new_name)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def on_document_symbol(
        params: types.DocumentSymbolParams,
    ) -> list[types.DocumentSymbol] | list[types.SymbolInformation] | None:
        return document_symbols(server, params.text_document.uri)
