"""Positions between the two worlds: problem spans are 1-based and count characters; LSP
positions are 0-based and count the code units of the encoding client and server agreed on
(UTF-16 unless the client offers another). Every conversion goes through the workspace's
position codec, against the lines the client has."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace import PositionCodec

from sectorlint.problem import Edit, Span


def span_range(codec: PositionCodec, lines: Sequence[str], span: Span) -> types.Range:
    """The client's range of a span (an empty range at its start when its end is unknown)."""
    start = types.Position(max(span.line - 1, 0), max(span.column - 1, 0))
    end = start
    if span.end_line is not None and span.end_column is not None:
        end = types.Position(max(span.end_line - 1, 0), max(span.end_column - 1, 0))
    return codec.range_to_client_units(list(lines), types.Range(start, end))


def edit_range(codec: PositionCodec, lines: Sequence[str], edit: Edit) -> types.Range:
    span = Span(edit.line, edit.column, edit.end_line, edit.end_column)
    return span_range(codec, lines, span)


def text_edit(codec: PositionCodec, lines: Sequence[str], edit: Edit) -> types.TextEdit:
    return types.TextEdit(range=edit_range(codec, lines, edit), new_text=edit.text)


def to_span(codec: PositionCodec, lines: Sequence[str], position: types.Position) -> Span:
    """The 1-based line and character column of a client's position: past a line's end, at
    its end; past the last line, on the empty line after it (pygls's own conversion moves a
    position beyond the end back one character, and one past the last line onto it)."""
    if position.line >= len(lines):
        return Span(len(lines) + 1, 1)
    line = lines[position.line]
    units = 0
    for index, char in enumerate(line):
        if units >= position.character or char in "\r\n":
            return Span(position.line + 1, index + 1)
        units += codec.client_num_units(char)
    return Span(position.line + 1, len(line) + 1)
