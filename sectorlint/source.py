"""Read one file, guard against hostile input, and parse it keeping every position.

Bytes are capped before they are read, decoded as strict UTF-8 (a BOM is fine), checked for
characters YAML does not allow, and only then parsed; `builder` turns the parser's events into
data and spans. Every failure becomes a problem located as precisely as the input allows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import Event

from sectorlint import saphyr_events
from sectorlint.builder import EMPTY, Builder, Stop
from sectorlint.document import Document, JsonPath, Loader, SpanLoader
from sectorlint.limits import DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_SIZE, MAX_DEPTH_LIMIT, Limits
from sectorlint.positions import ParserText, clamp, for_parser, offset_span
from sectorlint.problem import START_OF_FILE, Problem, Span
from sectorlint.reading import decode, read_bytes

try:  # The C parser (ruamel.yaml.clib) is about 10x faster; the pure one is a fallback.
    from _ruamel_yaml import CParser
except ImportError:  # pragma: no cover - exercised only where the extension is missing
    CParser = None

__all__ = [
    "DEFAULT_MAX_DEPTH", "DEFAULT_MAX_FILE_SIZE", "MAX_DEPTH_LIMIT",
    "Document", "JsonPath", "Limits", "Parsed", "offset_span", "parse_text", "read",
]  # fmt: skip


# Characters YAML 1.2 allows in a stream; anything else (C0 controls, DEL, C1 controls) is refused.
# What YAML allows is tab, line breaks, printable ASCII, NEL and [U+00A0, U+10FFFF] less the
# surrogates and U+FFFE/U+FFFF; this class lists the rest (a few ranges: it compiles in a
# fraction of the time the negated class of allowed ranges takes, at every start).
_FORBIDDEN_CHAR = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


# `%YAML 1.2#note`: libyaml takes the `#` for a comment; YAML wants white space before it.
# (at a line's start: after CR too, which `(?m)^` does not know)
_GLUED_DIRECTIVE_COMMENT = re.compile(r"(?:^|(?<=[\r\n]))%YAML[ \t]+[^ \t\r\n#]+#")


class Parsed(NamedTuple):
    """What reading one file gave: a document (when usable for validation) and problems."""

    path: str
    document: Document | None
    problems: list[Problem]


def read(path: str, limits: Limits | None = None) -> Parsed:
    """Read and parse the file at `path`; every failure becomes a located problem."""
    limits = limits or Limits()
    raw, problem = read_bytes(path, limits.max_file_size)
    if raw is None:
        return Parsed(path, None, [problem] if problem else [])
    return parse_bytes(path, raw, limits)


def parse_bytes(
    path: str,
    raw: bytes,
    limits: Limits | None = None,
    positions: bool = True,
    keep: frozenset[str] | None = None,
) -> Parsed:
    text, problem = decode(path, raw)
    if text is None:
        return Parsed(path, None, [problem] if problem else [])
    return parse_text(path, text, limits, positions, keep)


def parse_text(
    path: str,
    text: str,
    limits: Limits | None = None,
    positions: bool = True,
    keep: frozenset[str] | None = None,
) -> Parsed:
    """Parse `text`. Without `positions`, a clean file is parsed faster and its positions are
    worked out later, only if asked for; a file with any problem is parsed with them at once.
    `keep` (without positions only): the top-level keys to build, see `Builder`.
    A byte order mark the text starts with (an editor's buffer may hold one) is dropped, as
    `decode` drops it from bytes: columns on line 1 count what an editor shows, in one way
    for every reading (the parser skips it, and offsets into the text did not)."""
    limits = limits or Limits()
    text = text.removeprefix("\ufeff")
    bad_char = _FORBIDDEN_CHAR.search(text)
    if bad_char is not None:
        span = offset_span(text, bad_char.start())
        message = f"character U+{ord(bad_char.group()):04X} is not allowed in YAML text"
        return Parsed(path, None, [Problem(path, span, "Y001", message)])
    glued = _GLUED_DIRECTIVE_COMMENT.search(text) if "%YAML" in text else None
    if glued is not None:
        span = offset_span(text, glued.end() - 1)
        message = "a comment needs white space before its '#' (YAML does not allow it here)"
        return Parsed(path, None, [Problem(path, span, "Y001", message)])
    is_json = path.lower().endswith(".json")
    not_json = _json_problem(path, text) if is_json else None
    if not_json is not None:
        return Parsed(path, None, [not_json])
    source = for_parser(text, is_json)
    builder = _built(path, text, source, limits, positions, None if positions else keep)
    if positions:
        return _document(path, text, builder)
    if not builder.clean_mapping:  # a file with anything to say is read again, with spans
        return _document(path, text, _built(path, text, source, limits, True, None))
    return _document(path, text, builder, later=SpanLoader(lambda _: text, limits))


def _built(
    path: str,
    text: str,
    source: ParserText,
    limits: Limits,
    positions: bool,
    keep: frozenset[str] | None,
) -> Builder:
    """The builder fed with the text's events. libyaml rejects valid YAML 1.2 that writers
    write (a URL in a flow mapping, a tab in a literal block, a reserved directive): on a syntax
    error, other opinions, paid only by such files, first from ruamel's pure parser, whose
    events and marks are the same kind, then from pyrs-yaml."""

    def build(feed: Feed) -> tuple[Builder, bool]:
        """A builder fed by `feed`, and whether the parser found a syntax error."""
        builder = Builder(path, source, limits.max_depth, positions, limits.max_list_items, keep)
        try:
            feed(source.text, builder.feed)
        except Stop:
            pass
        except MarkedYAMLError as exc:
            builder.refuse(_syntax_span(text, source, exc), "Y001", _syntax_message(exc))
            return builder, True
        except YAMLError as exc:  # reader errors carry no mark
            builder.refuse(START_OF_FILE, "Y001", " ".join(str(exc).split()))
        return builder, False

    builder, syntax_error = build(_feed)
    for other in _SECOND_OPINIONS if syntax_error else ():
        try:
            second, still = build(other)
        except Exception:  # it fails in ways of its own (a `%YAML 1.3` is an AssertionError)
            continue
        if not still and not _has_surrogates(second.root):
            return second  # (YAML has no surrogate escapes, which the pure parser takes)
    return builder


def tags_in(text: str) -> list[str]:
    """Every tag written in `text`, in order (`!!map`, `!!str`, ...): what a rewrite must keep
    although the data does not show it. Empty where libyaml cannot read the text."""
    found: list[str] = []

    def collect(event: Event) -> None:
        tag = getattr(event, "tag", None)
        if tag is not None:
            found.append(tag)

    try:
        _feed(for_parser(text, False).text, collect)
    except YAMLError:
        return []
    return found


def _json_problem(path: str, text: str) -> Problem | None:
    """Why a `.json` file is not JSON, or None. The YAML reader would take a trailing comma,
    a comment or single quotes, which every JSON tool then refuses."""
    import json

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not a JSON number")

    try:
        json.loads(text, parse_constant=refuse)
    except json.JSONDecodeError as exc:
        return Problem(path, Span(exc.lineno, exc.colno), "Y001", f"not valid JSON: {exc.msg}")
    except ValueError as exc:
        return Problem(path, START_OF_FILE, "Y001", f"not valid JSON: {exc}")
    except RecursionError:
        return None  # nested too deeply for Python's JSON reader: the YAML reader reports it
    return None


def _document(path: str, text: str, builder: Builder, later: Loader | None = None) -> Parsed:
    built = builder.finish()
    problems = built.problems
    if not built.usable:
        return Parsed(path, None, problems)
    if built.data is EMPTY or built.data is None:
        return Parsed(
            path, None, [*problems, Problem(path, START_OF_FILE, "Y003", "file is empty")]
        )
    if not isinstance(built.data, dict):
        kind = "a list" if isinstance(built.data, list) else "a single value"
        message = f"the document is {kind}; a sector file must be a mapping of keys to values"
        return Parsed(
            path, None, [*problems, Problem(path, built.value_spans[()], "Y005", message)]
        )
    if later is not None:
        return Parsed(path, Document(path, built.data, text, loader=later), problems)
    document = Document(path, built.data, text, built.key_spans, built.value_spans)
    return Parsed(path, document, problems)


Feed = Callable[[str, Callable[[Event], None]], None]


def _has_surrogates(value: object) -> bool:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if any("\ud800" <= c <= "\udfff" for c in item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _feed(text: str, feed: Callable[[Event], None]) -> None:
    """Every parser event of `text`, handed to `feed` (a plain loop: this is the hot path)."""
    if CParser is None:  # pragma: no cover
        _feed_pure(text, feed)
        return
    next_event = CParser(text).get_event
    while (event := next_event()) is not None:
        feed(event)


def _feed_pure(text: str, feed: Callable[[Event], None]) -> None:
    from ruamel.yaml import YAML

    for event in YAML(typ="safe", pure=True).parse(text):
        feed(event)


_SECOND_OPINIONS: tuple[Feed, ...] = (
    *((_feed_pure,) if CParser is not None else ()),
    *((saphyr_events.feed,) if saphyr_events.AVAILABLE else ()),
)


def _syntax_span(text: str, source: ParserText, exc: MarkedYAMLError) -> Span:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return START_OF_FILE
    return clamp(text, *source.position(mark))


def _syntax_message(exc: MarkedYAMLError) -> str:
    message = exc.problem or "invalid YAML"
    if exc.context:
        message = f"{message} ({exc.context}"
        if exc.context_mark is not None and exc.problem_mark is not None:
            message += f" started at line {exc.context_mark.line + 1}"
        message += ")"
    return message
