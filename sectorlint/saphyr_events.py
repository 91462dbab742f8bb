"""The events of pyrs-yaml (a YAML 1.2 parser in Rust, built on saphyr), as ruamel's events.

libyaml and ruamel's pure parser both reject some valid YAML 1.2 that pyrs-yaml reads (a tab
where the spec allows one, a multi-line implicit key in a flow collection, ...). pyrs-yaml
gives each event only where it starts, and a block scalar where its text starts; the marks
`builder` needs are worked out here from the text, as libyaml would place them: a scalar's end
after its closing quote or last character, a block scalar from its `|`/`>` header to the line
its indentation ends, a node with an anchor or tag from that property.
"""

from __future__ import annotations

import importlib.util
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from sectorlint.positions import line_starts
from sectorlint.scalars import closing_quote

# Imported when first needed: most runs never meet a file libyaml refuses, and pyrs-yaml's
# import (PyYAML, difflib, its plugins) would cost every start. A platform without its wheel
# keeps the two other parsers.
AVAILABLE = importlib.util.find_spec("pyrs_yaml") is not None

_STYLES = {"double_quoted": '"', "single_quoted": "'", "literal": "|", "folded": ">"}
_CORE_TAG = "tag:yaml.org,2002:"
_TOKEN_END = re.compile(r"[\s,\[\]{}]")
_VERBATIM_END = re.compile(r">")
_LINE_END = re.compile(r"[\r\n]")
_EMPTY = ("~", "")  # how pyrs-yaml gives a node with no text, which libyaml gives as ''


class Mark:
    """Where an event starts or ends, as ruamel's marks say it (all 0-based)."""

    __slots__ = ("column", "index", "line")

    def __init__(self, index: int, line: int, column: int) -> None:
        self.index, self.line, self.column = index, line, column


class SyntaxProblem(MarkedYAMLError):
    """pyrs-yaml's verdict, raised as the other parsers raise theirs."""


def feed(text: str, handle: Callable[[Event], None]) -> None:
    """Every event of `text`, as ruamel's classes with libyaml's marks, handed to `handle`."""
    import pyrs_yaml

    try:
        raw = [event for event in pyrs_yaml.parse_stream(text) or () if event is not None]
    except Exception as exc:  # its errors are one class with a message, no mark
        raise SyntaxProblem(problem=" ".join(str(exc).split())) from None
    for event in _Converter(text).events(raw):
        handle(event)


class _Level:
    """An open collection, as the converter needs it: which indicator introduces its next
    node (`-`, `?`, `:` or `,`)."""

    __slots__ = ("flow", "key", "mapping")

    def __init__(self, mapping: bool, flow: bool) -> None:
        self.mapping, self.flow, self.key = mapping, flow, True

    def indicators(self) -> str:
        if self.mapping and not self.key:
            return ":"
        if self.flow:
            return ",?"
        return "?" if self.mapping else "-"


class _Converter:
    """Marks as libyaml places them, found from where pyrs-yaml starts each node: a node's
    text starts at the first token after the indicator that introduces it (`-`, `?`, `:`,
    `,`), its anchor and tag coming first."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)
        self.levels: list[_Level] = []
        self.cursor = 0  # where the previous node's text ended

    def events(self, raw: list[dict[str, Any]]) -> Iterator[Event]:
        for index, item in enumerate(raw):
            event = self.event(item, raw[index + 1] if index + 1 < len(raw) else None)
            if event is not None:
                yield event

    def event(self, item: dict[str, Any], following: dict[str, Any] | None) -> Event | None:
        kind = item["type"]
        if kind == "scalar":
            return self.done(self.scalar(item))
        if kind in ("mapping_start", "sequence_start"):
            # a block mapping whose first key is a flow mapping starts at the same `{`
            keyed = (
                following is not None
                and following["type"] == "mapping_start"
                and ((following["line"], following["column"]) == (item["line"], item["column"]))
            )
            return self.collection_start(item, kind == "mapping_start", keyed)
        if kind in ("mapping_end", "sequence_end"):
            return self.done(self.collection_end(item, kind == "mapping_end"))
        if kind == "alias":
            at = self.index(item)
            end = self.mark(at + 1 + len(item["value"]))
            return self.done(AliasEvent(item["value"], self.mark(at), end))
        if kind == "document_start":
            at = self.index(item)
            if not self.text.startswith("---", at):  # implicit: it is where the content is
                return DocumentStartEvent(self.mark(at), self.mark(at))
            self.cursor = at + 3
            return DocumentStartEvent(self.mark(at), self.mark(at + 3))
        return None

    def done(self, event: Event) -> Event:
        """A node ended: the next one in its mapping is a value if it was a key, and so on."""
        self.cursor = event.end_mark.index
        if self.levels and self.levels[-1].mapping:
            self.levels[-1].key = not self.levels[-1].key
        return event

    def mark(self, index: int) -> Mark:
        line = bisect_right(self.starts, index) - 1
        return Mark(index, line, index - self.starts[line])

    def index(self, raw: dict[str, Any]) -> int:
        line = min(int(raw["line"]), len(self.starts) - 1)
        return min(self.starts[line] + int(raw["column"]), len(self.text))

    def scalar(self, item: dict[str, Any]) -> ScalarEvent:
        style = _STYLES.get(item["style"] or "")
        at, value = self.index(item), item["value"]
        most = (item["anchor"] is not None) + (item["tag"] is not None)
        first, after, properties = self._lead(most)
        lead = self._next_token(properties[-1][1]) if properties else first
        start = properties[0][0] if properties else None
        if style is None and value in _EMPTY and not self.text.startswith("~", at):
            value = ""
            if properties:
                end = properties[-1][1]
            else:
                end = after if after is not None and not self._in_flow() else lead
            start = end if start is None else start
        elif style in ("|", ">"):
            header = lead if self.text.startswith(style, lead) else at
            start, end = start if start is not None else header, self._block_end(header, at, value)
        else:
            end = _closing(self.text, at) if style else _plain_end(self.text, at, value)
            start = at if start is None else start
        return ScalarEvent(
            item["anchor"], _tag(item["tag"]), (style is None, False), value,
            self.mark(start), self.mark(end), style,
        )  # fmt: skip

    def collection_start(self, item: dict[str, Any], mapping: bool, keyed: bool) -> Event:
        at = self.index(item)
        flow = not keyed and self.text.startswith("{" if mapping else "[", at)
        first, _, properties = self._lead(skip="?" if mapping else "")
        if not flow:
            # a block collection starts at its first token; its own anchor and tag stand
            # before a line break, the ones on the line of its first key being that key's
            properties = [p for p in properties if self._line_break_after(p[1])]
            at = self._next_token(properties[-1][1]) if properties else first
        start = properties[0][0] if properties else at
        if start == 1 and self.text.startswith("\ufeff"):
            start = 0  # libyaml counts a byte order mark as the first node's start
        names = [self.text[s:e] for s, e in properties]
        anchor = item["anchor"] or next((n[1:] for n in names if n[0] == "&"), None)
        tag = _tag(item["tag"] or next((n for n in names if n[0] == "!"), None))
        self.levels.append(_Level(mapping, flow))
        self.cursor = at + 1 if flow else at
        kind = MappingStartEvent if mapping else SequenceStartEvent
        return kind(anchor, tag, tag is None, self.mark(start), self.mark(self.cursor), flow)

    def collection_end(self, item: dict[str, Any], mapping: bool) -> Event:
        at = self.index(item)
        flow = self.levels.pop().flow if self.levels else False
        kind = MappingEndEvent if mapping else SequenceEndEvent
        return kind(self.mark(at), self.mark(at + 1 if flow else at))

    def _in_flow(self) -> bool:
        return bool(self.levels) and self.levels[-1].flow

    def _lead(self, most: int = 2, skip: str = "") -> tuple[int, int | None, list[tuple[int, int]]]:
        """From the previous node's end: the first token after the indicators that introduce
        the next node, just past the last such indicator (None if there was none), and the
        (start, end) of each anchor and tag from there (`most` of them). An indicator in
        `skip` is the node's own (the `?` of a pair in a flow sequence)."""
        index, after = self._next_token(self.cursor), None
        allowed = self.levels[-1].indicators() if self.levels else ""
        allowed = "".join(c for c in allowed if c not in skip)
        while index < len(self.text) and self.text[index] in allowed:
            allowed = allowed.replace(self.text[index], "")
            after = index + 1
            index = self._next_token(after)
        first, properties = index, list[tuple[int, int]]()
        while len(properties) < most and self.text.startswith(("&", "!"), index):
            verbatim = self.text.startswith("!<", index)  # `!<tag:x.org,2002:y>`
            found = (_VERBATIM_END if verbatim else _TOKEN_END).search(self.text, index)
            end = found.end() if verbatim and found else found.start() if found else len(self.text)
            properties.append((index, end))
            index = self._next_token(end)
        return first, after, properties

    def _line_break_after(self, index: int) -> bool:
        """Whether only white space and a comment follow `index` on its line."""
        return (
            self._next_token(index) > index
            and _LINE_END.search(self.text, index, self._next_token(index)) is not None
        )

    def _next_token(self, index: int) -> int:
        text = self.text
        while index < len(text):
            if text[index] in " \t\r\n\ufeff":
                index += 1
            elif text[index] == "#":
                found = _LINE_END.search(text, index)
                index = found.start() if found else len(text)
            else:
                break
        return index

    def _block_end(self, header: int, content: int, value: str) -> int:
        """Where a block scalar ends: before the first line under its header that is not
        blank and less indented than its text (any such line when it has no text)."""
        line = bisect_right(self.starts, header) - 1
        has_text = value.strip(" \n") != ""
        indent = content - self.starts[bisect_right(self.starts, content) - 1] if has_text else 0
        for end_line in range(line + 1, len(self.starts)):
            body = self._line_text(end_line)
            if body.strip() and (not has_text or len(body) - len(body.lstrip(" ")) < indent):
                return self.starts[end_line]
        return len(self.text)

    def _line_text(self, line: int) -> str:
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[line] : end].rstrip("\r\n")


def _tag(tag: str | None) -> str | None:
    """A tag as libyaml gives it: `!!str` and `!<tag:yaml.org,2002:str>` in full."""
    if tag is not None and tag.startswith("!!"):
        return _CORE_TAG + tag[2:]
    if tag is not None and tag.startswith("!<") and tag.endswith(">"):
        return tag[2:-1]
    return tag


def _closing(text: str, at: int) -> int:
    """Just past the quote that closes the quoted scalar opening at `at` (the text's end where
    none does)."""
    close = closing_quote(text, at)
    return len(text) if close is None else close + 1


def _plain_end(text: str, at: int, value: str) -> int:
    """Just past a plain scalar's last character: its value is its text, lines folded (a line
    break and the indentation around it read as one space, or as line feeds when lines are
    blank)."""
    index = at
    for char in value:
        if index < len(text) and text[index] == char:
            index += 1
            continue
        while index < len(text) and text[index] in " \t\r\n":
            index += 1
        if char not in " \n" and index < len(text) and text[index] == char:
            index += 1
    return index
