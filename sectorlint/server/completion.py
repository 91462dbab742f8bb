"""Completion and key descriptions while a sector file is typed: the keys the schema allows where
the cursor is (a team's own fields too), the values of a closed list or an ordinal scale, and the
other sectors' ids after a relation's `sector:`; on hover, what a key means (`key_hover`, which
the navigation module's hover answers with where it has nothing of its own).

A buffer being typed seldom parses (`  sec` under a relation, `scope: ` with nothing after it):
where the cursor is comes from the text itself, by indentation and `- ` items (`Outline`), never
from a parsed document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from lsprotocol import types
from pygls.uris import to_fs_path

from sectorlint.document import JsonPath
from sectorlint.scalars import closing_quote
from sectorlint.schema import is_relation_target, keys_at, subschema_at, writes_plain
from sectorlint.server.convert import to_span
from sectorlint.session import Session

if TYPE_CHECKING:
    from sectorlint.server.app import SectorServer

# A space after `key:` or `- ` asks for the values there, a colon just typed too; any other
# character typed asks nothing (a space in indentation or in a sentence offers no keys).
TRIGGERS = [":", " "]
_YAML = (".yaml", ".yml")  # a JSON sector file is written by a program, not typed
INDENT = 2  # what fmt indents a key's mapping or list by (its `- ` too)


# --- where the cursor is: an outline of the text ---------------------------------------------


@dataclass(eq=False)  # frames are told apart by identity: two empty mappings are not one
class Frame:
    """A mapping or a list the text is inside: the column of its keys or dashes, its path in
    the document (None where the text above does not say), and what it holds so far."""

    column: int
    path: JsonPath | None
    is_list: bool
    keys: list[str] = field(default_factory=list)  # a mapping's keys
    open_key: str | None = None  # its last key, while nothing followed the colon on its line
    items: int = 0  # a list's items
    values: list[str] = field(default_factory=list)  # its items written as text on their line

    def child_path(self) -> JsonPath | None:
        """The path of what is nested under the entry this frame is at."""
        if self.path is None:
            return None
        if self.is_list:
            return (*self.path, max(self.items - 1, 0))
        return (*self.path, self.open_key) if self.open_key is not None else None


class Line(NamedTuple):
    """A line as the outline reads it: its `- ` markers, then a key and what follows its colon,
    or a text."""

    indent: int
    dashes: tuple[int, ...]  # the columns of its item markers
    column: int  # where what follows them starts
    key: str | None  # as YAML reads it: a quoted key without its quotes
    value: str  # what follows the key's colon (or the whole text, for no key), comment aside
    value_column: int
    key_end: int  # where the key as written ends (after its closing quote)
    colon: int  # the column of the colon after the key


_DOCUMENT_MARKER = re.compile(r"(---|\.\.\.)(\s|$)")
_KEY_SO_FAR = re.compile(r"[A-Za-z0-9_$-]*")
_QUOTES = ("'", '"')
_VALUE_OPENERS = (*_QUOTES, "[", "{", "|", ">", "&", "*", "!")
# A byte order mark before the first line is no text of it (nor indentation): the outline
# reads the line without it, and what it finds there is moved one column on.
BOM = "\ufeff"


def read_line(text: str) -> Line:
    """The parts of one line (with no line break)."""
    indent = len(text) - len(text.lstrip(" "))
    code = text[: _comment_start(text)]
    column, dashes = indent, []
    while code[column : column + 1] == "-" and code[column + 1 : column + 2] in ("", " "):
        dashes.append(column)
        column += 1
        column += len(code[column:]) - len(code[column:].lstrip(" "))
    rest = code[column:]
    found = _key(rest)
    if found is None:
        return Line(indent, tuple(dashes), column, None, rest.rstrip(), column, column, column)
    name, written, colon = found
    after = rest[colon + 1 :]
    start = column + colon + 1 + len(after) - len(after.lstrip())
    return Line(
        indent, tuple(dashes), column, name, after.strip(), start, column + written, column + colon
    )


def _key(rest: str) -> tuple[str, int, int] | None:
    """The key a text starts with: its name, the length it is written in, and where the colon
    that ends it is (a colon followed by a space, or ending the line). None for a text that is
    no key, or one in brackets."""
    if rest.startswith(_QUOTES):
        return _quoted_key(rest)
    if not rest or rest.startswith(_VALUE_OPENERS):
        return None
    for index, char in enumerate(rest):
        if char == ":" and rest[index + 1 : index + 2] in ("", " ", "\t"):
            name = rest[:index].rstrip()
            return name, len(name), index
    return None


def _quoted_key(rest: str) -> tuple[str, int, int] | None:
    """A key in quotes (`"id": a`, `'name': x`); None for a quoted text that no colon
    follows on its line (a value, or a key whose quotes go on to the next line)."""
    end = closing_quote(rest, 0)
    if end is None:
        return None
    after = rest[end + 1 :]
    colon = end + 1 + len(after) - len(after.lstrip(" \t"))
    if rest[colon : colon + 1] != ":" or rest[colon + 1 : colon + 2] not in ("", " ", "\t"):
        return None
    return unquoted(rest[: end + 1]), end + 1, colon


def unquoted(written: str) -> str:
    """A quoted scalar's text: a single-quoted one's doubled quotes as one, a double-quoted
    one's escapes as JSON reads them (as written, for one JSON does not read)."""
    if written.startswith("'"):
        return written[1:-1].replace("''", "'")
    try:
        text = json.loads(written)
    except ValueError:
        return written[1:-1]
    return text if isinstance(text, str) else written[1:-1]


def _comment_start(text: str) -> int:
    """Where a comment starts on the line (its length for none): a `#` at the start or after a
    space, outside quotes."""
    quote = ""
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"" and (index == 0 or text[index - 1] in " [{,"):
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            return index
    return len(text)


class Outline:
    """The mappings and lists open at a point of the text, read line by line from the top."""

    def __init__(self) -> None:
        self.stack: list[Frame] = []
        # Lines indented beyond this column continue a text (a plain or quoted scalar over
        # several lines, a block scalar's lines): they are no keys, whatever they look like.
        self.text_beyond: int | None = None

    def continues_text(self, text: str) -> bool:
        indent = len(text) - len(text.lstrip(" "))
        return self.text_beyond is not None and indent > self.text_beyond

    def feed(self, text: str) -> Frame | None:
        """Read one more line (its line break aside): the mapping a key on it went into, if
        it has one."""
        if not text.strip() or self.continues_text(text):
            return None
        line = read_line(text)
        if line.indent == 0 and _DOCUMENT_MARKER.match(text):
            self.stack.clear()
            self.text_beyond = None
            return None
        if not line.dashes and line.key is None and not line.value:
            return None  # a comment
        self.text_beyond = None
        for dash in line.dashes:
            self.dash(dash)
        if line.key is not None:
            return self.key(line.column, line.key, has_value=bool(line.value))
        if line.value:
            if line.dashes and self.stack:
                self.stack[-1].values.append(line.value)
            self.text_beyond = line.dashes[-1] if line.dashes else line.column
        return None

    def dash(self, column: int) -> Frame:
        """An item marker at `column`: the list it is an item of."""
        while self.stack and (
            self.stack[-1].column > column
            # a mapping whose last key has nothing after its colon may have its list's dashes
            # at its own column
            or (self.stack[-1].column == column and not self._holds_list(self.stack[-1]))
        ):
            self.stack.pop()
        top = self.stack[-1] if self.stack else None
        if top is None or not top.is_list or top.column != column:
            top = self._push(column, is_list=True)
        top.items += 1
        return top

    @staticmethod
    def _holds_list(frame: Frame) -> bool:
        return frame.is_list or frame.open_key is not None

    def mapping_at(self, column: int) -> Frame:
        """The mapping a key at `column` belongs to."""
        while self.stack and (
            self.stack[-1].column > column
            or (self.stack[-1].column == column and self.stack[-1].is_list)
        ):
            self.stack.pop()
        top = self.stack[-1] if self.stack else None
        if top is not None and not top.is_list and top.column == column:
            return top
        return self._push(column, is_list=False)

    def key(self, column: int, name: str, has_value: bool) -> Frame:
        frame = self.mapping_at(column)
        frame.keys.append(name)
        frame.open_key = None if has_value else name
        if has_value:
            self.text_beyond = column
        return frame

    def _push(self, column: int, is_list: bool) -> Frame:
        parent = self.stack[-1].child_path() if self.stack else ()
        frame = Frame(column, parent, is_list)
        self.stack.append(frame)
        return frame


class Place(NamedTuple):
    """What the cursor is typing: a key of the mapping at `path` (`in_new_item`: right after
    a list's `- `, where the list's items may be texts), or the value at `path`."""

    is_key: bool
    path: JsonPath
    start: int  # the column of what is typed
    end: int  # the end of what a completion replaces
    typed: str
    spaced: bool  # a value: a space separates it from its colon (else one is written)
    keys: tuple[str, ...] = ()  # the mapping's keys elsewhere in the text
    items: tuple[str, ...] = ()  # right after `- `: the list's items written as texts
    in_new_item: bool = False
    shift: int = 0  # the columns a byte order mark takes before the line's text

    def columns(self) -> tuple[int, int]:
        """The columns of the line a completion replaces, the mark counted."""
        return self.start + self.shift, self.end + self.shift


def locate(lines: Sequence[str], line_number: int, column: int) -> Place | None:
    """Where the cursor at `column` (in characters) of line `line_number` is, read from the
    text alone; None inside a comment, a text, or anything that is no key or plain value."""
    outline = Outline()
    for text in lines[:line_number]:
        outline.feed(unbroken(text))
    current = unbroken(lines[line_number]) if line_number < len(lines) else ""
    shift = _bom_columns(lines, line_number)
    column = max(column - shift, 0)
    before, after = current[:column], current[column:]
    if outline.continues_text(current) or _comment_start(before) < len(before):
        return None
    line = read_line(before)
    listing = None
    for dash in line.dashes:
        listing = outline.dash(dash)
    if line.key is not None:
        found = _value_place(outline, line, line.key, column, after)
        return found._replace(shift=shift) if found is not None else None
    typed = before[line.column :]
    tail = _KEY_SO_FAR.match(after)
    end = column + (len(tail.group()) if tail else 0)
    if not _KEY_SO_FAR.fullmatch(typed) or current[end:].strip():
        return None  # a text being written, or a key with its colon already after it
    frame = outline.mapping_at(line.column)
    watched = [frame] if listing is None else [frame, listing]
    outline.text_beyond = None  # the cursor's line is a key's: what follows is no text of it
    for text in lines[line_number + 1 :]:  # the keys written below the cursor are present too
        if not any(f in outline.stack for f in watched):
            break
        outline.feed(unbroken(text))
    if frame.path is None:
        return None
    return Place(
        is_key=True,
        path=frame.path,
        start=line.column,
        end=end,
        typed=typed,
        spaced=bool(typed) or listing is None or before[-1:].isspace(),  # not after `-` alone
        keys=tuple(frame.keys),
        items=tuple(listing.values) if listing is not None else (),
        in_new_item=listing is not None,
        shift=shift,
    )


def _value_place(outline: Outline, line: Line, key: str, column: int, after: str) -> Place | None:
    """The cursor after `key:`: the value's place, up to the end of the word it is in."""
    frame = outline.key(line.column, key, has_value=True)
    if frame.path is None or line.value.startswith(_VALUE_OPENERS):
        return None
    tail = re.match(r"[^\s#]*", after)
    return Place(
        is_key=False,
        path=(*frame.path, key),
        start=line.value_column,
        end=column + (len(tail.group()) if tail else 0),
        typed=line.value,
        spaced=line.value_column > line.colon + 1,
    )


def unbroken(text: str) -> str:
    """A line as the outline reads it: its line break and a byte order mark aside."""
    return text.rstrip("\r\n").removeprefix(BOM)


def _bom_columns(lines: Sequence[str], line_number: int) -> int:
    """The columns a byte order mark takes at the start of a line (one, or none)."""
    return int(line_number < len(lines) and lines[line_number].startswith(BOM))


# --- what is offered ------------------------------------------------------------------------


class Choice(NamedTuple):
    """A value that may be written: the text, what the list shows beside it, and more."""

    value: str
    detail: str | None = None
    documentation: str | None = None
    written: str | None = None  # as YAML writes it, where that is not the text itself

    @classmethod
    def of(cls, value: str, detail: str | None, documentation: str | None) -> Choice:
        """A text value: in quotes where YAML would read it as something else (`no`)."""
        written = None if writes_plain(value) else json.dumps(value, ensure_ascii=False)
        return cls(value, detail, documentation, written)


def completions(
    server: SectorServer,
    uri: str,
    position: types.Position,
    context: types.CompletionContext | None,
) -> list[types.CompletionItem]:
    """What the cursor at `position` may write; nothing outside a sector file of a content set,
    and, for a typed trigger character, only the values right after `key: ` or `- `."""
    server.flush()
    session = _session(server, uri)
    if session is None:
        return []
    lines = server.lines_of(uri)
    line_number, column = _position(server, lines, position)
    place = locate(lines, line_number, column)
    if place is None:
        return []
    if _typed_trigger(context) and (place.typed or (place.is_key and not place.in_new_item)):
        return []
    extension = session.taxonomy.extension
    if place.is_key and not _offers_values(place, extension):
        return _key_items(server, lines, line_number, place, extension)
    choices = _choices(server, session, uri, place, extension)
    markdown = _takes_markdown(_completion_formats(server))
    return [
        _value_item(server, lines, line_number, place, choice, i, markdown) for i, choice in choices
    ]


def _typed_trigger(context: types.CompletionContext | None) -> bool:
    return (
        context is not None and context.trigger_kind == types.CompletionTriggerKind.TriggerCharacter
    )


def _session(server: SectorServer, uri: str) -> Session | None:
    path = to_fs_path(uri)
    if path is None or not path.endswith(_YAML):
        return None
    return server.session_of(path)


def _position(
    server: SectorServer, lines: Sequence[str], position: types.Position
) -> tuple[int, int]:
    """The 0-based line and character column of a client's position."""
    if position.line >= len(lines):
        return position.line, 0  # the empty line after the last line break
    at = to_span(server.workspace.position_codec, lines, position)
    return at.line - 1, at.column - 1


def _offers_values(place: Place, extension: str) -> bool:
    """Right after `- `: the list's items are values unless they are mappings."""
    if not place.in_new_item:
        return False
    return not subschema_at(place.path, extension).get("properties")


def _key_items(
    server: SectorServer, lines: Sequence[str], line_number: int, place: Place, extension: str
) -> list[types.CompletionItem]:
    required = subschema_at(place.path, extension).get("required", [])
    markdown = _takes_markdown(_completion_formats(server))
    items = []
    for index, (name, node) in enumerate(keys_at(place.path, extension).items()):
        if name in place.keys:
            continue
        column = place.start if place.spaced else place.start + 1
        text = _key_text(name, node, column, lines)
        edit = types.TextEdit(
            _range(server, lines, line_number, *place.columns()),
            text if place.spaced else f" {text}",
        )
        items.append(
            types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.Property,
                detail="required" if name in required else None,
                documentation=_documentation(markdown, node.get("title"), node.get("description")),
                sort_text=f"{index:04}",
                filter_text=name,
                text_edit=edit,
                insert_text_mode=types.InsertTextMode.AsIs,
            )
        )
    return items


def _key_text(name: str, node: dict[str, Any], column: int, lines: Sequence[str]) -> str:
    """`key: `, or for a list or a mapping the key and a new line where its first item or
    key goes, as fmt indents it."""
    kinds = node.get("type")
    below = _line_break(lines) + " " * (column + INDENT)
    if kinds == "array":
        return f"{name}:{below}- "
    if kinds == "object":
        return f"{name}:{below}"
    return f"{name}: "


def _line_break(lines: Sequence[str]) -> str:
    return "\r\n" if lines and lines[0].endswith("\r\n") else "\n"


def _choices(
    server: SectorServer, session: Session, uri: str, place: Place, extension: str
) -> list[tuple[int, Choice]]:
    """The values that may be written at the place, numbered in the order to show them;
    those already in the list aside."""
    if is_relation_target(place.path):
        found = _sector_ids(server, session, uri)
    else:
        found = closed_values(session, place.path, extension)
    return [(i, c) for i, c in enumerate(found) if c.value not in place.items]


def _sector_ids(server: SectorServer, session: Session, uri: str) -> list[Choice]:
    """Every sector of the set but the file's own (by its place in the set, and by the id its
    text gives, as the buffer may not parse), by id."""
    path = to_fs_path(uri)
    own = session.known(path) if path else None
    own_id = _own_id(server.text_of(uri))
    choices = [
        Choice.of(sector_id, sector.text("name") or None, sector.text("summary") or None)
        for sector_id, sector in session.model.by_id.items()
        if sector.path != own and sector_id != own_id
    ]
    return sorted(choices)


_ID_LINE = re.compile(r"^\ufeff?([\"']?)id\1[ \t]*:.*", re.MULTILINE)


def _own_id(text: str) -> str | None:
    """The id a text gives on a line of its own at the top (`id: a`, `"id": 'a'`)."""
    found = _ID_LINE.search(text)
    line = read_line(unbroken(found.group())) if found else None
    if line is None or line.key != "id" or not line.value:
        return None
    if line.value.startswith(_QUOTES):
        end = closing_quote(line.value, 0)
        return unquoted(line.value) if end == len(line.value) - 1 else None
    return line.value


def closed_values(session: Session, path: JsonPath, extension: str) -> list[Choice]:
    """The values the schema allows at `path`, where it lists them: an ordinal scale's in
    the taxonomy's order (a team's configuration may extend it), an enum's in the schema's,
    true and false for a yes-or-no field."""
    node = subschema_at(path, extension)
    title, description = node.get("title"), node.get("description")
    scale = session.taxonomy.scales.get(str(path[0])) if len(path) == 1 else None
    if scale:
        ends = f"{scale[0]} to {scale[-1]}"
        return [
            Choice.of(level, f"{title or path[0]}: {rank} of {len(scale)}, {ends}", description)
            for rank, level in enumerate(scale, 1)
        ]
    allowed = node.get("enum")
    if isinstance(allowed, list):
        return [Choice.of(str(value), title, description) for value in allowed]
    if node.get("type") == "boolean":
        return [Choice("true", title, description), Choice("false", title, description)]
    return []


def _value_item(
    server: SectorServer,
    lines: Sequence[str],
    line_number: int,
    place: Place,
    choice: Choice,
    index: int,
    markdown: bool,
) -> types.CompletionItem:
    text = choice.written or choice.value
    edit = types.TextEdit(
        _range(server, lines, line_number, *place.columns()),
        text if place.spaced else f" {text}",
    )
    return types.CompletionItem(
        label=choice.value,
        kind=types.CompletionItemKind.EnumMember,
        detail=choice.detail,
        documentation=_documentation(markdown, None, choice.documentation),
        sort_text=f"{index:04}",
        filter_text=choice.value,
        text_edit=edit,
    )


def _range(
    server: SectorServer, lines: Sequence[str], line_number: int, start: int, end: int
) -> types.Range:
    """The client's range of the columns `start` to `end` (characters) of a line."""
    characters = types.Range(types.Position(line_number, start), types.Position(line_number, end))
    return server.workspace.position_codec.range_to_client_units(list(lines), characters)


def _words(markdown: bool, title: Any, *paragraphs: Any) -> types.MarkupContent | None:
    """A title and paragraphs, as markdown if the client shows it; None for no words."""
    head = (f"**{title}**" if markdown else str(title)) if title else None
    text = "\n\n".join(str(part) for part in (head, *paragraphs) if part)
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.MarkupContent(kind, text) if text else None


def _documentation(
    markdown: bool, title: Any, *paragraphs: Any
) -> str | types.MarkupContent | None:
    """A completion item's words: a plain string for a client that names no format (a
    string needs none)."""
    words = _words(markdown, title, *paragraphs)
    return words.value if words is not None and not markdown else words


def _takes_markdown(formats: Sequence[types.MarkupKind] | None) -> bool:
    return formats is not None and types.MarkupKind.Markdown in formats


def _completion_formats(server: SectorServer) -> Sequence[types.MarkupKind] | None:
    text = server.client_capabilities.text_document
    item = text.completion.completion_item if text and text.completion else None
    return item.documentation_format if item else None


def _hover_formats(server: SectorServer) -> Sequence[types.MarkupKind] | None:
    text = server.client_capabilities.text_document
    return text.hover.content_format if text and text.hover else None


# --- hover on a key -------------------------------------------------------------------------


def key_hover(server: SectorServer, uri: str, position: types.Position) -> types.Hover | None:
    """What the key under the cursor means, as the schema (with the team's extension) says it;
    None off a key, or for a key the schema does not describe."""
    server.flush()
    session = _session(server, uri)
    lines = server.lines_of(uri)
    if session is None or position.line >= len(lines):
        return None
    line_number, column = _position(server, lines, position)
    found = key_under(lines, line_number, column)
    if found is None:
        return None
    path, start, end = found
    extension = session.taxonomy.extension
    node = subschema_at(path, extension)
    if not node.get("title") and not node.get("description"):
        return None
    markdown = _takes_markdown(_hover_formats(server))
    values = closed_values(session, path, extension)
    if node.get("type") == "array":
        values = closed_values(session, (*path, 0), extension)  # what its items may be
    quoted = [f"`{choice.value}`" if markdown else choice.value for choice in values]
    listed = f"Values: {', '.join(quoted)}" if quoted else None
    words = _words(markdown, node.get("title"), node.get("description"), listed)
    where = _range(server, lines, line_number, start, end)
    return types.Hover(words, where) if words is not None else None


def key_under(
    lines: Sequence[str], line_number: int, column: int
) -> tuple[JsonPath, int, int] | None:
    """The path of the key the cursor is on (or just after), and the columns the key is
    written between (its quotes, and a byte order mark before it, counted)."""
    outline = Outline()
    for text in lines[:line_number]:
        outline.feed(unbroken(text))
    current = unbroken(lines[line_number])
    shift = _bom_columns(lines, line_number)
    if outline.continues_text(current):
        return None
    line = read_line(current)
    if line.key is None or not line.column <= column - shift <= line.key_end:
        return None
    for dash in line.dashes:
        outline.dash(dash)
    frame = outline.mapping_at(line.column)
    if frame.path is None:
        return None
    return (*frame.path, line.key), line.column + shift, line.key_end + shift


def register(server: SectorServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGERS)
    )
    def completion(params: types.CompletionParams) -> list[types.CompletionItem]:
        return completions(server, params.text_document.uri, params.position, params.context)
