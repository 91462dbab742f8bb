"""A parsed sector file: its data, and where every key and value of it sits in the text.

The positions may be filled in later: a file known only from the cache (or from a worker
process) carries just its data, and reads and parses its text again the first time a problem
needs a line and column in it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from sectorlint.limits import Limits
from sectorlint.positions import line_starts
from sectorlint.problem import START_OF_FILE, Span

JsonPath = tuple[str | int, ...]
Spans = dict[JsonPath, Span]
# path -> text, key spans, value spans; one loader may serve thousands of documents
Loader = Callable[[str], tuple[str, Spans, Spans]]


class Document:
    # Slots: a large content set holds thousands of these at once.
    __slots__ = (
        "_key_spans", "_loader", "_scalars", "_starts", "_text", "_value_spans", "data", "path",
    )  # fmt: skip

    def __init__(
        self,
        path: str,
        data: dict[str, Any],
        text: str | None = None,
        key_spans: Spans | None = None,
        value_spans: Spans | None = None,
        loader: Loader | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self._text = text
        self._key_spans = key_spans
        self._value_spans = value_spans
        self._loader = loader
        self._starts: list[int] | None = None
        self._scalars: tuple[list[tuple[int, int]], list[Span]] | None = None

    @property
    def has_spans(self) -> bool:
        """Whether the spans are at hand (parsed with the data, or read since)."""
        return self._key_spans is not None

    def _load(self) -> None:
        if self._loader is None:
            self._text = self._text or ""
            self._key_spans = self._key_spans if self._key_spans is not None else {}
            self._value_spans = self._value_spans if self._value_spans is not None else {}
        else:
            self._text, self._key_spans, self._value_spans = self._loader(self.path)
            self._loader = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._load()
        assert self._text is not None
        return self._text

    @property
    def key_spans(self) -> Spans:
        if self._key_spans is None:
            self._load()
        assert self._key_spans is not None
        return self._key_spans

    @property
    def value_spans(self) -> Spans:
        if self._value_spans is None:
            self._load()
        assert self._value_spans is not None
        return self._value_spans

    def value_span(self, path: JsonPath) -> Span:
        """The span of the value at `path`, or of its closest ancestor that exists."""
        spans = self.value_spans
        while path not in spans and path:
            path = path[:-1]
        return spans.get(path, START_OF_FILE)

    def key_span(self, path: JsonPath) -> Span:
        """The span of the key holding `path` (the line a reader looks for), else of its value."""
        keys, values = self.key_spans, self.value_spans
        while path:
            if path in keys:
                return keys[path]
            if path in values:
                return values[path]
            path = path[:-1]
        return values.get((), START_OF_FILE)

    def spans_in_value(self, path: JsonPath, pattern: re.Pattern[str]) -> list[tuple[Span, str]]:
        """Where `pattern` matches inside the source text of the value at `path`.

        Searching the raw text (not the parsed value) gives the exact line and column even
        inside a folded, multi-line scalar; spaces in the pattern should be written `\\s+`.
        """
        span = self.value_spans.get(path)
        if span is None or span.end_line is None or span.end_column is None:
            return []
        start = self.offset(span.line, span.column)
        end = self.offset(span.end_line, span.end_column)
        matches = pattern.finditer(self.text, start, end)
        return [(self.position(m.start()), m.group()) for m in matches]

    def offset(self, line: int, column: int) -> int:
        starts = self._line_starts()
        return starts[min(line, len(starts)) - 1] + column - 1

    def position(self, offset: int) -> Span:
        """The 1-based line and column of a character offset (a search, not a scan: a file can
        hold thousands of matches)."""
        starts = self._line_starts()
        line = bisect_right(starts, offset)
        return Span(line, offset - starts[line - 1] + 1)

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = line_starts(self.text)
        return self._starts

    def inside_scalar(self, line: int, column: int) -> bool:
        """Whether a position lies inside a key or a text value (where `#` is not a comment)."""
        if self._scalars is None:
            spans = sorted(self._scalar_spans(), key=_extent)
            self._scalars = ([(s.line, s.column) for s in spans], spans)
        starts, spans = self._scalars
        # scalars never overlap: only the last one starting at or before it can hold it
        index = bisect_right(starts, (line, column)) - 1
        if index < 0:
            return False
        found = spans[index]
        return (line, column) < (found.end_line or 0, found.end_column or 0)

    def _scalar_spans(self) -> list[Span]:
        spans = list(self.key_spans.values())
        pending: list[tuple[JsonPath, Any]] = [((), self.data)]
        while pending:
            path, value = pending.pop()
            if isinstance(value, dict):
                pending.extend(((*path, k), v) for k, v in value.items())
            elif isinstance(value, list):
                pending.extend(((*path, i), v) for i, v in enumerate(value))
            elif path in self.value_spans:
                spans.append(self.value_spans[path])
        return spans


def _extent(span: Span) -> tuple[int, int, int, int]:
    return span.line, span.column, span.end_line or 0, span.end_column or 0


class SpanLoader:
    """A document's spans, when they were not parsed with its data (a clean file is parsed
    without them): its text, got by `read`, parsed again. One serves every document of a run;
    only a document a problem points into pays."""

    __slots__ = ("limits", "read")

    def __init__(self, read: Callable[[str], bytes | str | None], limits: Limits) -> None:
        self.read = read
        self.limits = limits

    def __call__(self, path: str) -> tuple[str, Spans, Spans]:
        from sectorlint.source import parse_bytes, parse_text  # (the parser, only when needed)

        raw = self.read(path)
        if raw is None:
            return "", {}, {}
        if isinstance(raw, str):
            document = parse_text(path, raw, self.limits).document
        else:
            document = parse_bytes(path, raw, self.limits).document
        if document is None:  # (cannot happen for a text that parsed before)
            return raw if isinstance(raw, str) else "", {}, {}
        return document.text, document.key_spans, document.value_spans
