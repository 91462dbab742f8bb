"""Parser events -> plain data, with the span of every key and value.

An explicit stack (no recursion) lets deep nesting be capped instead of overflowing. Anchors and
aliases are refused at the event that introduces them, before anything could expand them, and
tags go through `scalars.resolve`, which never constructs anything.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any, NamedTuple

from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)

from sectorlint.document import JsonPath
from sectorlint.positions import LINE_BREAK, ParserText, split_lines
from sectorlint.problem import START_OF_FILE, Problem, Severity, Span
from sectorlint.scalars import COLLECTION_TAGS, TagError, resolve

_NO_KEY = object()  # the next node in this mapping is a key
_SKIP = object()  # the next node in this mapping is the value of a refused key


class Stop(Exception):
    """Parsing stops early: the file is already known to be unusable."""


class _Frame:
    __slots__ = ("container", "key", "path", "start")

    def __init__(
        self, container: dict[str, Any] | list[Any] | None, path: JsonPath, start: Span
    ) -> None:
        self.container = container  # None: a refused subtree being skipped
        self.path = path
        self.start = start
        self.key: Any = _NO_KEY


class _Skimmed:
    """An open level of a value that is skimmed: what its next event must be checked for."""

    __slots__ = ("expects_key", "items", "mapping")

    def __init__(self, mapping: bool) -> None:
        self.mapping = mapping
        self.expects_key = True  # (a mapping's next node is a key)
        self.items = 0  # (a list's items so far)


class Skimmer:
    """Reads the events of a value that is not kept (see `Builder`'s `keep`): nothing is
    decoded or placed, but every sign of trouble is refused through `refuse` (the caller then
    parses the file in full, which says exactly what is wrong): anchors and aliases, tags,
    collections as keys, lists too long, nesting too deep."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.levels: list[_Skimmed] = []

    def enter(self, mapping: bool) -> None:
        self.levels.append(_Skimmed(mapping))

    def feed(self, event: Event) -> None:
        builder = self.builder
        if getattr(event, "anchor", None) is not None or isinstance(event, AliasEvent):
            builder.count_anchor(event, "anchor or alias")
        if getattr(event, "tag", None) is not None:
            builder.refuse(START_OF_FILE, "Y006", "tag")
        if isinstance(event, CollectionEndEvent):
            self.levels.pop()
            return
        level = self.levels[-1]
        if level.mapping:
            if level.expects_key and isinstance(event, CollectionStartEvent):
                builder.refuse(START_OF_FILE, "Y012", "collection as a key")
            level.expects_key = not level.expects_key
        else:
            if level.items >= builder.max_items:
                builder.refuse(START_OF_FILE, "Y014", "list too long")
                raise Stop
            level.items += 1
        if isinstance(event, CollectionStartEvent):
            if len(builder.stack) + len(self.levels) >= builder.max_depth:
                builder.refuse(START_OF_FILE, "Y011", "nesting too deep")
                raise Stop
            self.enter(isinstance(event, MappingStartEvent))


class Built(NamedTuple):
    data: Any  # the document's root value; `EMPTY` when the file held no document
    key_spans: dict[JsonPath, Span]
    value_spans: dict[JsonPath, Span]
    problems: list[Problem]
    usable: bool  # False once the data can no longer be trusted for validation


EMPTY = object()  # what `Built.data` is when the file held no document


class Builder:
    """With `record` off, no positions are kept (a third faster): the caller parses again with
    them on when it turns out it needs them, as it does for any file with a problem.

    With `keep`, only those top-level keys are built; the values of the others go to the
    `Skimmer`, checked for whatever would make the file unusable (anchors, tags, nesting, list
    length, collections as keys) but neither decoded nor kept. A file of the content set that
    was not given needs only the fields the cross-file rules read, and most of its events are
    elsewhere.
    """

    def __init__(
        self,
        path: str,
        source: ParserText,
        max_depth: int,
        record: bool = True,
        max_items: int = 10_000,
        keep: frozenset[str] | None = None,
    ) -> None:
        self.path = path
        self.keep = keep
        self.skimmer = Skimmer(self)  # reads the values not kept
        self.max_items = max_items
        self.record = record
        self.source = source
        self.max_depth = max_depth
        self.problems: list[Problem] = []
        self.key_spans: dict[JsonPath, Span] = {}
        self.value_spans: dict[JsonPath, Span] = {}
        self.stack: list[_Frame] = []
        self.root: Any = EMPTY
        self.documents = 0
        self.usable = True
        self.first_anchor: tuple[Span, str] | None = None
        self.anchor_count = 0
        # Per open collection, the column its block entries stand at (None: a flow one), and
        # where the outermost open flow collection starts: see `_check_indentation`.
        self.columns: list[int | None] = []
        self.flow_start: Any = None

    def feed(self, event: Event) -> None:
        in_flow = self.flow_start is not None
        self._dispatch(event)
        if in_flow or self.flow_start is not None:
            self._check_flow_text(event)

    def _dispatch(self, event: Event) -> None:
        if self.skimmer.levels:
            self.skimmer.feed(event)
        elif isinstance(event, ScalarEvent):
            self._scalar(event)
        elif isinstance(event, CollectionStartEvent):
            self._open(event)
        elif isinstance(event, CollectionEndEvent):
            self._close(event)
        elif isinstance(event, AliasEvent):
            self.count_anchor(event, f"alias '*{event.anchor}'")
            self._place(None, self._span(event))
        elif isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.refuse(self._span(event), "Y010", "more than one YAML document ('---')")
                raise Stop

    @property
    def clean_mapping(self) -> bool:
        """Whether the file read as a mapping with nothing to report (nothing to locate)."""
        clean = self.usable and not self.problems and self.first_anchor is None
        return clean and isinstance(self.root, dict) and bool(self.root)

    def refuse(self, span: Span, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, span, code, message))
        self.usable = False

    def finish(self) -> Built:
        if self.first_anchor is not None:
            span, what = self.first_anchor
            more = self.anchor_count - 1
            tail = f" ({more} more in this file)" if more else ""
            message = f"{what}: anchors and aliases are not allowed{tail}"
            self.problems.append(Problem(self.path, span, "Y007", message))
        return Built(self.root, self.key_spans, self.value_spans, self.problems, self.usable)

    def _span(self, event: Event) -> Span:
        if not self.record:
            return START_OF_FILE
        return self.source.span(event.start_mark, event.end_mark)

    def _check_anchor(self, event: Event) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.count_anchor(event, f"anchor '&{anchor}'")

    def count_anchor(self, event: Event, what: str) -> None:
        """One problem per file: a bomb holds dozens of aliases, a reader needs the first."""
        self.anchor_count += 1
        self.usable = False
        if self.first_anchor is None:
            self.first_anchor = (self._span(event), what)

    def _scalar(self, event: ScalarEvent) -> None:
        self._check_anchor(event)
        if not event.style and "\ufeff" in event.value:
            message = "a byte order mark (U+FEFF) is only allowed at the start of the file"
            self.refuse(self._span(event), "Y001", message)
            raise Stop
        if event.style and event.style in "\"'|>" and _glued_comment(self.source.text, event):
            message = "a comment needs white space before its '#' (YAML does not allow it here)"
            self.refuse(self._span(event), "Y001", message)
            raise Stop
        if (
            event.style in ("'", '"')
            and event.end_mark.line > event.start_mark.line
            and self.flow_start is None
        ):
            self._check_indentation(event.start_mark, event.end_mark, "quoted text")
        elif event.style in ("|", ">"):
            self._check_leading_blank_lines(event)
        top = self.stack[-1] if self.stack else None
        if top is not None and top.container is None:
            return
        if top is not None and isinstance(top.container, dict) and top.key is _NO_KEY:
            if event.tag is not None:  # a key is taken as text: only its tag is checked
                self._resolve(event)
            self._key(top, event)
            return
        if self._skimmed():
            if event.tag is not None:
                self.refuse(START_OF_FILE, "Y006", "tag")
            return
        self._place(self._resolve(event), self._span(event))

    def _resolve(self, event: ScalarEvent) -> Any:
        try:
            return resolve(self.source.value(event.value), event.tag, not event.style)
        except TagError as exc:
            self.refuse(self._span(event), "Y006", str(exc))
            return None

    def _key(self, frame: _Frame, event: ScalarEvent) -> None:
        # Interned: thousands of files share their few dozen key names, one copy of each.
        key = sys.intern(self.source.value(str(event.value)))
        if not self.record:
            if isinstance(frame.container, dict) and key in frame.container:
                self.problems.append(Problem(self.path, START_OF_FILE, "Y002", "duplicate key"))
            frame.key = key
            return
        path = (*frame.path, key)
        span = self._span(event)
        first = self.key_spans.get(path)
        if first is not None:
            message = f"duplicate key '{key}' (first at line {first.line}); the first is kept"
            self.problems.append(Problem(self.path, span, "Y002", message))
            frame.key = _SKIP
            return
        self.key_spans[path] = span
        frame.key = key

    def _open(self, event: CollectionStartEvent) -> None:
        self._check_anchor(event)
        span = self._span(event)
        if event.tag is not None and event.tag not in COLLECTION_TAGS:
            self.refuse(span, "Y006", f"tag '{event.tag}' is not allowed; nothing is constructed")
        if len(self.stack) >= self.max_depth:
            message = f"nesting deeper than {self.max_depth} levels (see --max-depth)"
            self.refuse(span, "Y011", message)
            raise Stop
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.container, dict) and top.key is _NO_KEY:
            self.refuse(span, "Y012", "a mapping key must be plain text, not a list or mapping")
            top.key = _SKIP  # its value goes too
            self._enter(event)
            self.stack.append(_Frame(None, (), span))
            return
        mapping = isinstance(event, MappingStartEvent)
        if self._skimmed():
            self.skimmer.enter(mapping)
            return
        container: dict[str, Any] | list[Any] = {} if mapping else []
        path = self._place(container, span)
        self._enter(event)
        self.stack.append(_Frame(container if path is not None else None, path or (), span))

    def _skimmed(self) -> bool:
        """Whether the value about to be placed is that of a top-level key not kept (the key
        is then consumed: the value goes nowhere)."""
        if self.keep is None or len(self.stack) != 1:
            return False
        top = self.stack[0]
        if not isinstance(top.container, dict) or top.key in self.keep:
            return False
        if top.key is _NO_KEY:
            return False
        top.key = _NO_KEY
        return True

    def _enter(self, event: CollectionStartEvent) -> None:
        if not event.flow_style:
            # where its entries stand: libyaml's end mark is at the first key, or just past
            # the first `-` when an anchor or tag comes first
            end, start = event.end_mark, event.start_mark
            moved = isinstance(event, SequenceStartEvent) and end.index != start.index
            self.columns.append(end.column - 1 if moved else end.column)
            return
        if self.flow_start is None:
            self.flow_start = event.start_mark
        self.columns.append(None)

    def _close(self, event: Event) -> None:
        frame = self.stack.pop()
        if self.columns.pop() is None and None not in self.columns:
            start, self.flow_start = self.flow_start, None
            if event.end_mark.line > start.line:
                self._check_indentation(start, event.end_mark, "flow collection")
        if frame.container is not None and self.record:
            end_line, end_column = self.source.position(event.end_mark)
            start = frame.start
            self.value_spans[frame.path] = Span(start.line, start.column, end_line, end_column)

    def _place(self, value: Any, span: Span) -> JsonPath | None:
        """Attach a value to its parent; returns its path, or None when it is skipped."""
        if not self.stack:
            self.root = value
            self.value_spans[()] = span
            return ()
        top = self.stack[-1]
        if top.container is None:
            return None
        if isinstance(top.container, list):
            if len(top.container) >= self.max_items:
                message = f"a list of more than {self.max_items:,} items (see --max-list-items)"
                self.refuse(span, "Y014", message)
                raise Stop
            if not self.record:
                top.container.append(value)
                return ()
            path: JsonPath = (*top.path, len(top.container))
            top.container.append(value)
        else:
            key, top.key = top.key, _NO_KEY
            if key is _SKIP:
                return None
            top.container[key] = value
            if not self.record:
                return ()
            path = (*top.path, key)
        self.value_spans[path] = span
        return path

    def _check_indentation(self, start: Any, end: Any, what: str) -> None:
        """Every line of a flow collection or quoted text that spans lines must be indented
        past the block entries it belongs to (YAML 1.2, 8.2.3). libyaml does not check it;
        stricter parsers (js-yaml 5, YAML::PP, the spec's reference parser) refuse the file.
        A closing bracket at its key's indentation, which many parsers allow, is a warning."""
        needed = next((c for c in reversed(self.columns) if c is not None), -1) + 1
        if needed == 0:
            return
        lines = split_lines(self.source.text[start.index : end.index])
        for number, line in enumerate(lines[1:], start.line + 2):
            body = line.lstrip(" ")
            indent = len(line) - len(body)
            if (
                indent >= needed
                or not body.strip(" \t")
                or (what != "quoted text" and body[0] == "#")
            ):
                continue
            if number == end.line + 1 and _CLOSING_ONLY.match(body):
                message = (
                    f"the closing '{body[0]}' must be indented past the key it belongs to (at "
                    f"least {needed} spaces): YAML 1.2 requires it, and strict parsers refuse it"
                )
                self._strict(number, indent, "Y017", message, Severity.WARNING)
            else:
                message = (
                    f"this line of a {what} is indented {indent} spaces and must be indented "
                    f"past the key it belongs to (at least {needed}): YAML 1.2 requires it"
                )
                self._strict(number, indent, "Y016", message)
            return

    def _strict(
        self, line: int, indent: int, code: str, message: str, severity: Severity = Severity.ERROR
    ) -> None:
        """A rule of YAML 1.2 that libyaml does not check: the data stays usable."""
        tail = "; libyaml reads the file, but strict parsers refuse it"
        tail = "" if code == "Y017" else tail
        span = Span(line, indent + 1)
        self.problems.append(Problem(self.path, span, code, message + tail, severity))

    def _check_flow_text(self, event: Event) -> None:
        """What libyaml lets through in a flow collection: a `#` touching the token before it
        (`[a]#c`, `[a,#c`), and a plain `-`, `?` or `:` that is no value (`[-]`)."""
        text, end = self.source.text, event.end_mark.index
        if text.startswith("#", end) or text.startswith(",#", end):
            message = "a comment needs white space before its '#' (YAML does not allow it here)"
            self.refuse(self._span(event), "Y001", message)
            raise Stop
        if (
            isinstance(event, ScalarEvent)
            and not event.style
            and _LONE_INDICATOR.match(event.value)
        ):
            message = (
                f"a plain '{event.value[0]}' followed by a space or a bracket is not a value in "
                "a flow collection; quote it"
            )
            self.refuse(self._span(event), "Y001", message)
            raise Stop

    def _check_leading_blank_lines(self, event: ScalarEvent) -> None:
        """A block scalar's first line sets its indentation, and no blank line before it may
        have more spaces (YAML 1.2, 8.1.1.1). libyaml instead takes the most spaces of those
        lines, and so reads a first line that is less indented (`# note`) as a comment."""
        text, index = self.source.text, event.start_mark.index
        header = _BLOCK_HEADER.match(text, index)
        if header is None or any(c.isdigit() for c in header.group()):
            return
        most, line_number = 0, event.start_mark.line + 1
        for line in _lines_after(text, index):
            line_number += 1
            body = line.lstrip(" ")
            if body.strip(" \t"):
                indent = len(line) - len(body)
                parent = next((c for c in reversed(self.columns) if c is not None), -1)
                if parent < indent < most:
                    message = (
                        f"this first line of a block scalar is indented {indent} spaces, less "
                        f"than a blank line before it ({most}): YAML 1.2 forbids it"
                    )
                    self._strict(line_number, indent, "Y016", message)
                return
            most = max(most, len(line) - len(body))


def _lines_after(text: str, index: int) -> Iterator[str]:
    """The lines after the one `index` is on, read one at a time (a file can be large)."""
    breaks = LINE_BREAK.finditer(text, index)
    start = next(breaks, None)
    while start is not None:
        end = next(breaks, None)
        yield text[start.end() : end.start() if end is not None else len(text)]
        start = end


def _glued_comment(text: str, event: ScalarEvent) -> bool:
    """Whether a `#` touches a quoted scalar's closing quote (`"value"# note`) or a block
    scalar's header (`>#note`): invalid YAML that libyaml takes as a comment, and that `fmt`
    would otherwise rewrite into valid YAML without a word."""
    if event.style in "|>":
        header = _BLOCK_HEADER.match(text, event.start_mark.index)
        return header is not None and text.startswith("#", header.end())
    return text.startswith("#", event.end_mark.index)


_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*")
_CLOSING_ONLY = re.compile(r"[\]}][\]}, \t]*(?:#.*)?\Z")  # the line ends the collection
_LONE_INDICATOR = re.compile(r"[-?:](?:[ \t]|\Z)")
