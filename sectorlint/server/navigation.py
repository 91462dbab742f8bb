"""Finding one's way in a content set: hover, go to definition, rename and the outline.

Hover tells what a rule code means (in a suppression comment, or under a diagnostic) and which
sector a relation names; go to definition goes from a relation to the `id` of the sector it
names; rename changes a sector's id and every relation naming it, in every file of the set,
open or not (a file that does not parse now too, read from its text); the outline lists a
file's keys, each relation named by its target.

Each request reads the text the client has (its buffer, else the disk) and parses it again:
positions then always match what the client shows, whatever the session last checked. Which
sector a name stands for is the session's model's to say, as the rules read it.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.uris import to_fs_path

from sectorlint import catalog, scalars
from sectorlint.document import Document, JsonPath
from sectorlint.limits import Limits
from sectorlint.model import Sector
from sectorlint.positions import split_lines
from sectorlint.problem import Edit, Severity, Span
from sectorlint.rules.duplicate_name import claim_key
from sectorlint.schema import compile_validator
from sectorlint.select import SUPPRESSION
from sectorlint.server.completion import (
    BOM,
    Frame,
    Line,
    Outline,
    key_hover,
    read_line,
    unbroken,
    unquoted,
)
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
    server.flush()
    text = client_text(server, uri)
    at = _at(server, text, position)
    words = Words.for_client(server, _session(server, text))
    found = _suppressed_code(server, text, at, words) or _here(server, text, at, position, words)
    return found or _key_hover(server, uri, position)


class Words(NamedTuple):
    """Hover text as the client shows it: Markdown where it says it takes Markdown, else plain
    text (what `sectorlint rule CODE` prints, for a rule), with each rule's severity as the
    project's configuration makes it."""

    markdown: bool
    severity: Callable[[str], Severity] | None = None  # a code's in this project

    @classmethod
    def for_client(cls, server: SectorServer, session: Session | None) -> Words:
        text = server.client_capabilities.text_document
        formats = text.hover.content_format if text is not None and text.hover else None
        severity = session.selector.severity if session is not None else None
        return cls(formats is not None and types.MarkupKind.Markdown in formats, severity)

    def code(self, text: str) -> str:
        return f"`{text}`" if self.markdown else text

    def strong(self, text: str) -> str:
        return f"**{text}**" if self.markdown else text

    def link(self, text: str, uri: str) -> str:
        return f"[{text}]({uri})" if self.markdown else text

    def rule(self, code: str) -> str | None:
        """A rule's documentation: its page (`catalog.markdown`) or what `sectorlint rule`
        prints; None for a code sectorlint does not have."""
        entry = catalog.catalog().get(code.strip().upper())
        if entry is None:
            return None
        if self.markdown:
            page = catalog.markdown(entry.code)
            docs = _GENERATED_NOTE.sub("\n", page).strip()  # a note to whoever edits the page
        else:
            docs = catalog.explain(entry.code).strip()
        return self._in_force(docs, entry)

    def _in_force(self, docs: str, entry: catalog.Entry) -> str:
        """The documentation with the severity the project gives the rule, where its
        configuration (`[severity]`) makes it another than the catalog's default."""
        default = entry.severity.value
        in_force = self.severity(entry.code).value if self.severity is not None else default
        if in_force == default:
            return docs
        if self.markdown:  # the page's line
            said = f"{in_force} (this project; default {default})"
            return docs.replace(f"**Severity:** {default}", f"**Severity:** {said}", 1)
        title = f"{entry.code} {entry.name}"  # the first line `sectorlint rule` prints
        said = f"{in_force} in this project; default {default}"
        return docs.replace(f"{title} ({default})", f"{title} ({said})", 1)

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
    return key_hover(server, uri, position)


# --- definition --------------------------------------------------------------------------


def definition(server: SectorServer, uri: str, position: types.Position) -> types.Location | None:
    """From a relation's sector to the `id` of the sector it names (by id, name or alias)."""
    server.flush()
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
    server.flush()
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
    buffer where one is open, else the disk), each edit only the value's text; in a file that
    does not parse now, the relations its text shows, and a warning of what it may hide."""
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
    missed = []
    for text in _not_parsing(server, found.session):
        made, hidden = _edits_in_text(server, text, old, new)
        if made:
            edits[text.uri] = made
        missed += [f"{relative(server, text.path)}:{line}" for line in hidden]
    _warn_of_requirements(server, found.session, old, new)
    _warn_of_missed(server, old, missed)
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


# --- rename in a file that does not parse ------------------------------------------------
#
# A buffer being typed seldom parses (one unclosed `[` anywhere), and then holds no sector of
# the model and no parsed document: its relations are read from its text, by indentation as
# completion reads where the cursor is. What the reading cannot place, the user is told of.


def _not_parsing(server: SectorServer, session: Session) -> Iterator[Text]:
    """The files of the set that do not parse now (as the client has them): those the set
    holds no sector of."""
    for path in session.results:
        if path not in session.sectors:
            text = client_text(server, server.uri_of(path))
            if text.document is None:
                yield text


def _edits_in_text(
    server: SectorServer, text: Text, old: str, new: str
) -> tuple[list[types.TextEdit], list[int]]:
    """The edits of each relation naming `old` that the text shows, and the lines (1-based)
    where it seems to name `old` in a way the reading could not place."""
    found = [t for t in relation_targets(text.lines) if t.value == old]
    edits = []
    for target in found:
        span = Span(target.line + 1, target.start + 1, target.line + 1, target.end + 1)
        edit = Edit(*_bounds(span), Written(span, target.quoted).as_new(new))
        edits.append(text_edit(server.workspace.position_codec, text.lines, edit))
    placed = {(t.line, t.start) for t in found}
    mention = re.compile(_MENTION.format(re.escape(old)))
    hidden = [
        number + 1
        for number, line in enumerate(text.lines)
        for match in mention.finditer(line)
        if (number, match.start("id")) not in placed
    ]
    return edits, list(dict.fromkeys(hidden))


# what looks like a relation naming an id in any text (`sector: a`, `"sector": "a"`)
_MENTION = r"""(?<![\w-])(["']?)sector\1[ \t]*:[ \t]*(?:!\S*[ \t]+)*["']?(?P<id>{})(?![\w-])"""


def _warn_of_missed(server: SectorServer, old: str, missed: Sequence[str]) -> None:
    if missed:
        server.window_show_message(
            types.ShowMessageParams(
                types.MessageType.Warning,
                f"sectorlint: not renamed where a file does not parse now: {', '.join(missed)} "
                f"may name '{old}' (rename it there, or rename again once the file parses)",
            )
        )


class Target(NamedTuple):
    """A relation's `sector` found in a text: its line (0-based), the columns of its own text
    (inside quotes), what it reads as, and whether it is quoted."""

    line: int
    start: int
    end: int
    value: str
    quoted: bool


def relation_targets(lines: Sequence[str]) -> Iterator[Target]:
    """Each relation's `sector` a text writes, read from the text alone: `- sector: a` in a
    list under `relations`, `{sector: a}` as an item of such a list or in one written in
    flow (`supports: [{sector: a}]`), over several lines too. What the text's indentation does
    not place under a kind of `relations` is not read."""
    outline = Outline()
    flow: Flow | None = None
    for number, raw in enumerate(lines):
        text, shift = unbroken(raw), int(raw.startswith(BOM))
        if flow is not None and (not text.strip() or outline.continues_text(text)):
            flow.add(number, shift, text)
            continue
        if flow is not None:
            yield from flow.targets()
        frame = outline.feed(text)
        line = read_line(text)
        flow = _flow_opened(outline, frame, line)
        if flow is not None:
            flow.add(number, shift + line.value_column, text[line.value_column :])
        elif frame is not None and frame.path is not None and _is_target((*frame.path, line.key)):
            at = _scalar(line.value)
            if at is not None:
                start, end, value, quoted = at
                column = shift + line.value_column
                yield Target(number, column + start, column + end, value, quoted)
    if flow is not None:
        yield from flow.targets()


def _is_target(path: tuple[Any, ...]) -> bool:
    """Whether a path is a relation's `sector` (an item's of a kind's list)."""
    return (
        len(path) == 4 and _is_kind(path[:2]) and isinstance(path[2], int) and path[3] == "sector"
    )


def _flow_opened(outline: Outline, frame: Frame | None, line: Line) -> Flow | None:
    """Flow text holding relations that starts on a line: a kind's list (`supports: [`),
    or an item of one (`- {`)."""
    if frame is not None:
        is_kind = frame.path == ("relations",)
        return Flow(("[", "{")) if is_kind and line.value.startswith("[") else None
    top = outline.stack[-1] if outline.stack and line.dashes else None
    in_kind = top is not None and top.is_list and _is_kind(top.path)
    return Flow(("{",)) if in_kind and line.value.startswith("{") else None


def _is_kind(path: tuple[Any, ...] | None) -> bool:
    """Whether a path is a kind of relation's (any key under `relations`)."""
    return path is not None and len(path) == 2 and path[0] == "relations"


def _scalar(written: str) -> tuple[int, int, str, bool] | None:
    """A scalar as written (a tag before it kept): the columns of its own text in `written`,
    what it reads as, whether quoted; None for what is no text scalar."""
    tags = _TAGS.match(written)
    skip = tags.end() if tags is not None else 0
    body = written[skip:].rstrip()
    if body.startswith(("'", '"')):
        close = scalars.closing_quote(body, 0)
        if close != len(body) - 1:
            return None
        return skip + 1, skip + close, unquoted(body), True
    if not body or body.startswith(("[", "{", "|", ">", "&", "*", "!")) or "\n" in body:
        return None
    value = scalars.resolve_plain(body)
    return (skip, skip + len(body), value, False) if isinstance(value, str) else None


class Flow:
    """Flow text over one line or more, with where each of its characters is; `depth`: the
    brackets a relation's mapping is inside."""

    def __init__(self, depth: tuple[str, ...]) -> None:
        self.depth = depth
        self.text = ""
        self.starts: list[int] = []  # where each line's part starts in `text`
        self.places: list[tuple[int, int]] = []  # its line, and column

    def add(self, line: int, column: int, text: str) -> None:
        if self.starts:
            self.text += "\n"
        self.starts.append(len(self.text))
        self.places.append((line, column))
        self.text += text

    def at(self, offset: int) -> tuple[int, int]:
        part = bisect.bisect_right(self.starts, offset) - 1
        line, column = self.places[part]
        return line, column + offset - self.starts[part]

    def targets(self) -> Iterator[Target]:
        """Each `sector: VALUE` of a mapping at `depth`."""
        tokens = list(flow_tokens(self.text))
        brackets: list[str] = []
        for index, (kind, _, _) in enumerate(tokens):
            if kind in "{[":
                brackets.append(kind)
            elif kind in "}]":
                brackets = brackets[:-1]
            elif kind == "text" and tuple(brackets) == self.depth:
                found = self._target(tokens, index)
                if found is not None:
                    yield found

    def _target(self, tokens: Sequence[tuple[str, int, int]], index: int) -> Target | None:
        """The value at `tokens[index + 2]` where `tokens[index]` is the key `sector`."""
        key = _scalar(self.text[tokens[index][1] : tokens[index][2]])
        after = [kind for kind, _, _ in tokens[index + 1 : index + 4]]
        is_key = index > 0 and tokens[index - 1][0] in "{," and after[:2] == [":", "text"]
        if not is_key or after[2:] not in ([], [","], ["}"]) or key is None or key[2] != "sector":
            return None
        _, start, end = tokens[index + 2]
        found = _scalar(self.text[start:end])
        if found is None:
            return None
        line, column = self.at(start)
        return Target(line, column + found[0], column + found[1], found[2], found[3])


def flow_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """The tokens of flow text, each with where it starts and ends: a mark (`{ } [ ] , :`)
    or a scalar ("text"); comments aside, nothing after a quote that does not close."""
    index, after_quoted = 0, False
    while index < len(text):
        char = text[index]
        if char in " \t\n":
            index += 1
        elif char == "#" and (index == 0 or text[index - 1] in " \t\n"):
            line_end = text.find("\n", index)
            index = len(text) if line_end < 0 else line_end
        elif char in _FLOW_MARKS or (char == ":" and (after_quoted or _indicates(text, index))):
            yield char, index, index + 1
            index, after_quoted = index + 1, False
        elif char in "'\"":
            close = scalars.closing_quote(text, index)
            if close is None:
                return
            yield "text", index, close + 1
            index, after_quoted = close + 1, True
        else:
            end = _plain_end(text, index)
            yield "text", index, end
            index, after_quoted = end, False


_FLOW_MARKS = "{}[],"


def _indicates(text: str, colon: int) -> bool:
    """Whether a colon in flow text ends a key: one a space, a line end or a mark follows."""
    return text[colon + 1 : colon + 2] in ("", " ", "\t", "\n", *_FLOW_MARKS)


def _plain_end(text: str, start: int) -> int:
    """Where a plain scalar of flow text that starts at `start` ends (trailing spaces aside)."""
    index = start + 1
    while index < len(text):
        char = text[index]
        if char in _FLOW_MARKS or (char == ":" and _indicates(text, index)):
            break
        if char == "#" and text[index - 1] in " \t\n":
            break
        index += 1
    return len(text[:index].rstrip())


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
    server.flush()
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
