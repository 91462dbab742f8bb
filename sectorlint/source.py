"""Read one file, guard against hostile input, and parse it keeping every position.

The YAML parser's event stream is turned into plain data by a small builder with an explicit
stack (no recursion, so deep nesting cannot overflow), which records the span of every key and
value as it goes. Nothing is ever constructed from a tag, and anchors and aliases are refused
at the event that introduces them, before anything could expand them.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    ScalarEvent,
)

from sectorlint.problem import START_OF_FILE, Problem, Span

try:  # The C parser (ruamel.yaml.clib) is about 10x faster; the pure one is a fallback.
    from _ruamel_yaml import CParser
except ImportError:  # pragma: no cover - exercised only where the extension is missing
    CParser = None

JsonPath = tuple[str | int, ...]

DEFAULT_MAX_FILE_SIZE = 1024 * 1024
DEFAULT_MAX_DEPTH = 64

_BOM = b"\xef\xbb\xbf"
# Characters YAML 1.2 allows in a stream; anything else (C0 controls, DEL, C1 controls) is refused.
_FORBIDDEN_CHAR = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_STANDARD_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {"!"} | {_STANDARD_TAG + t for t in ("str", "int", "float", "bool", "null")}
_COLLECTION_TAGS = {"!", _STANDARD_TAG + "map", _STANDARD_TAG + "seq"}


@dataclass(frozen=True)
class Limits:
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_depth: int = DEFAULT_MAX_DEPTH


@dataclass
class Document:
    """A parsed file: its data and where every key and value of it sits."""

    path: str
    text: str
    data: dict[str, Any]
    key_spans: dict[JsonPath, Span] = field(repr=False)
    value_spans: dict[JsonPath, Span] = field(repr=False)

    def value_span(self, path: JsonPath) -> Span:
        """The span of the value at `path`, or of its closest ancestor that exists."""
        while path not in self.value_spans and path:
            path = path[:-1]
        return self.value_spans.get(path, START_OF_FILE)

    def spans_in_value(self, path: JsonPath, pattern: re.Pattern[str]) -> list[tuple[Span, str]]:
        """Where `pattern` matches inside the source text of the value at `path`.

        Searching the raw text (not the parsed value) gives the exact line and column even
        inside a folded, multi-line scalar; spaces in the pattern should be written `\\s+`.
        """
        span = self.value_spans.get(path)
        if span is None or span.end_line is None or span.end_column is None:
            return []
        start = self._offset(span.line, span.column)
        end = self._offset(span.end_line, span.end_column)
        return [
            (offset_span(self.text, m.start()), m.group())
            for m in pattern.finditer(self.text, start, end)
        ]

    def _offset(self, line: int, column: int) -> int:
        starts = self._line_starts
        return starts[min(line, len(starts)) - 1] + column - 1

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.text)]

    def key_span(self, path: JsonPath) -> Span:
        """The span of the key holding `path` (the line a reader looks for), else of its value."""
        while path:
            if path in self.key_spans:
                return self.key_spans[path]
            if path in self.value_spans:
                return self.value_spans[path]
            path = path[:-1]
        return self.value_spans.get((), START_OF_FILE)


@dataclass
class Parsed:
    """What reading one file gave: a document (when usable for validation) and problems."""

    path: str
    document: Document | None
    problems: list[Problem]


def read(path: str, limits: Limits = Limits()) -> Parsed:
    """Read and parse the file at `path`; every failure becomes a located problem."""
    raw, problem = _read_bytes(path, limits.max_file_size)
    if problem is not None:
        return Parsed(path, None, [problem])
    assert raw is not None
    return parse_bytes(path, raw, limits)


def parse_bytes(path: str, raw: bytes, limits: Limits = Limits()) -> Parsed:
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Parsed(path, None, [_not_utf8(path, raw, exc.start)])
    return parse_text(path, text, limits)


def parse_text(path: str, text: str, limits: Limits = Limits()) -> Parsed:
    bad_char = _FORBIDDEN_CHAR.search(text)
    if bad_char is not None:
        span = offset_span(text, bad_char.start())
        message = f"character U+{ord(bad_char.group()):04X} is not allowed in YAML text"
        return Parsed(path, None, [Problem(path, span, "Y001", message)])
    builder = _Builder(path, limits)
    try:
        for event in _events(text):
            builder.feed(event)
    except _Stop:
        pass
    except MarkedYAMLError as exc:
        builder.problems.append(_syntax_problem(path, text, exc))
        builder.usable = False
    except YAMLError as exc:  # reader errors carry no mark
        builder.problems.append(Problem(path, START_OF_FILE, "Y001", _one_line(str(exc))))
        builder.usable = False
    return builder.finish(text)


def offset_span(text: str, offset: int) -> Span:
    """The 1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Span(line, column)


def _read_bytes(path: str, cap: int) -> tuple[bytes | None, Problem | None]:
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; regular files ignore the flag.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return None, Problem(path, START_OF_FILE, "Y009", f"cannot read file: {exc.strerror}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, Problem(path, START_OF_FILE, "Y009", "not a regular file; skipped")
        if info.st_size > cap:
            return None, _too_large(path, info.st_size, cap)
        raw = _read_at_most(fd, cap + 1)  # the file may have grown since fstat
    except OSError as exc:
        return None, Problem(path, START_OF_FILE, "Y009", f"cannot read file: {exc.strerror}")
    finally:
        os.close(fd)
    if len(raw) > cap:
        return None, _too_large(path, len(raw), cap)
    return raw, None


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks = []
    while limit > 0 and (chunk := os.read(fd, min(limit, 1 << 20))):
        chunks.append(chunk)
        limit -= len(chunk)
    return b"".join(chunks)


def _too_large(path: str, size: int, cap: int) -> Problem:
    message = f"file is {size:,} bytes, over the {cap:,}-byte cap (see --max-file-size)"
    return Problem(path, START_OF_FILE, "Y008", message)


def _not_utf8(path: str, raw: bytes, offset: int) -> Problem:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    message = f"file is not valid UTF-8 (byte 0x{raw[offset]:02X}); save it as UTF-8"
    return Problem(path, Span(line, column), "Y004", message)


def _events(text: str) -> Iterator[Event]:
    if CParser is not None:
        parser = CParser(text)
        while (event := parser.get_event()) is not None:
            yield event
    else:  # pragma: no cover
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)


def _syntax_problem(path: str, text: str, exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    span = _clamp(text, mark.line + 1, mark.column + 1) if mark is not None else START_OF_FILE
    message = exc.problem or "invalid YAML"
    if exc.context:
        message = f"{message} ({exc.context}"
        if exc.context_mark is not None and exc.context_mark is not mark:
            message += f" started at line {exc.context_mark.line + 1}"
        message += ")"
    return Problem(path, span, "Y001", message)


def _clamp(text: str, line: int, column: int) -> Span:
    """Keep a parser's mark inside the file (it may point one past the last line)."""
    lines = text.split("\n")
    line = max(1, min(line, len(lines)))
    column = max(1, min(column, len(lines[line - 1]) + 1))
    return Span(line, column)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Stop(Exception):
    """Parsing stops early: the file is already known to be unusable."""


_NO_KEY = object()  # the next node in this mapping is a key
_SKIP = object()  # the next node in this mapping is the value of a refused key


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any] | None  # None: a refused subtree being skipped
    path: JsonPath
    start: Span
    key: Any = _NO_KEY


def _span(event: Event) -> Span:
    start, end = event.start_mark, event.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class _Builder:
    """Turns parser events into plain data plus key and value spans."""

    def __init__(self, path: str, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.problems: list[Problem] = []
        self.key_spans: dict[JsonPath, Span] = {}
        self.value_spans: dict[JsonPath, Span] = {}
        self.stack: list[_Frame] = []
        self.root: Any = _NO_KEY
        self.documents = 0
        self.usable = True  # False once the data can no longer be trusted for validation
        self.first_anchor: tuple[Span, str] | None = None
        self.anchor_count = 0

    def feed(self, event: Event) -> None:
        if isinstance(event, ScalarEvent):
            self._scalar(event)
        elif isinstance(event, CollectionStartEvent):
            self._open(event)
        elif isinstance(event, AliasEvent):
            self._count_anchor(event, f"alias '*{event.anchor}'")
            self._place(None, _span(event))
        elif isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._refuse(event, "Y010", "more than one YAML document ('---'); use one per file")
                raise _Stop
        elif isinstance(event, CollectionEndEvent):
            self._close(event)

    def finish(self, text: str) -> Parsed:
        document = None
        if self.first_anchor is not None:
            span, what = self.first_anchor
            more = self.anchor_count - 1
            tail = f" ({more} more in this file)" if more else ""
            message = f"{what}: anchors and aliases are not allowed{tail}"
            self.problems.append(Problem(self.path, span, "Y007", message))
        if self.root is _NO_KEY or (self.root is None and self.usable):
            self.problems.append(Problem(self.path, START_OF_FILE, "Y003", "file is empty"))
        elif self.usable and not isinstance(self.root, dict):
            kind = "a list" if isinstance(self.root, list) else "a single value"
            message = f"the document is {kind}; a sector file must be a mapping of keys to values"
            self.problems.append(Problem(self.path, self.value_spans[()], "Y005", message))
        elif self.usable:
            document = Document(self.path, text, self.root, self.key_spans, self.value_spans)
        return Parsed(self.path, document, self.problems)

    def _refuse(self, event: Event, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, _span(event), code, message))
        self.usable = False

    def _check_anchor(self, event: Event) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._count_anchor(event, f"anchor '&{anchor}'")

    def _count_anchor(self, event: Event, what: str) -> None:
        """One problem per file: a bomb holds dozens of aliases, a reader needs the first."""
        self.anchor_count += 1
        self.usable = False
        if self.first_anchor is None:
            self.first_anchor = (_span(event), what)

    def _scalar(self, event: ScalarEvent) -> None:
        self._check_anchor(event)
        top = self.stack[-1] if self.stack else None
        if top is not None and top.container is None:
            return
        if top is not None and isinstance(top.container, dict) and top.key is _NO_KEY:
            self._key(top, event)
            return
        self._place(self._resolve(event), _span(event))

    def _key(self, frame: _Frame, event: ScalarEvent) -> None:
        key = str(event.value)
        path = (*frame.path, key)
        span = _span(event)
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
        if event.tag is not None and event.tag not in _COLLECTION_TAGS:
            self._refuse(event, "Y006", f"tag '{event.tag}' is not allowed; nothing is constructed")
        if len(self.stack) >= self.limits.max_depth:
            message = f"nesting deeper than {self.limits.max_depth} levels (see --max-depth)"
            self._refuse(event, "Y011", message)
            raise _Stop
        span = _span(event)
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.container, dict) and top.key is _NO_KEY:
            self._refuse(event, "Y012", "a mapping key must be plain text, not a list or mapping")
            top.key = _SKIP  # its value goes too
            self.stack.append(_Frame(None, (), span))
            return
        container: dict[str, Any] | list[Any] = {} if isinstance(event, MappingStartEvent) else []
        path = self._place(container, span)
        self.stack.append(_Frame(container if path is not None else None, path or (), span))

    def _close(self, event: Event) -> None:
        frame = self.stack.pop()
        if frame.container is not None:
            start, end = frame.start, event.end_mark
            self.value_spans[frame.path] = Span(
                start.line, start.column, end.line + 1, end.column + 1
            )

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
            path: JsonPath = (*top.path, len(top.container))
            top.container.append(value)
        else:
            key, top.key = top.key, _NO_KEY
            if key is _SKIP:
                return None
            path = (*top.path, key)
            top.container[key] = value
        self.value_spans[path] = span
        return path

    def _resolve(self, event: ScalarEvent) -> Any:
        value: str = event.value
        tag = event.tag
        if tag is None:
            return resolve_plain(value) if not event.style else value
        if tag == "!" or tag == _STANDARD_TAG + "str":
            return value
        if tag in _ALLOWED_TAGS:
            return resolve_plain(value)
        self._refuse(event, "Y006", f"tag '{tag}' is not allowed; nothing is constructed")
        return None


_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_SPECIAL = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "-.inf": float("-inf"), "-.Inf": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}  # fmt: skip
_MAY_NOT_BE_TEXT = frozenset("0123456789+-.~nNtTfF")


def resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar by the YAML 1.2 core schema (so `no` stays text)."""
    if value and value[0] not in _MAY_NOT_BE_TEXT:
        return value  # the common case: ordinary prose
    if value in _SPECIAL:
        return _SPECIAL[value]
    try:
        if _INT.match(value):
            return int(value)
        if value[:2] in ("0x", "0o"):
            return int(value, 0)
        if _FLOAT.match(value):
            return float(value)
    except ValueError:  # e.g. an integer longer than Python will convert
        return value
    return value
