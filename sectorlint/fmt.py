"""`sectorlint fmt` and `check --fix`: rewrite content files into their canonical form.

The canonical form: keys in the order the schema declares them, ordinal and enum values spelled
as the schema spells them (`Very High` -> `very-high`), preferred terminology in prose
(`call centre` -> `call center`), no trailing white space, no blank lines before the first
line, one final newline. `--fix` adds
the safe fixes the rules' problems carry on top (`problem.AddItem`: an item added to a list, such as
the missing side of an overlap), without knowing which rule asked for them.

ruamel.yaml's round-trip mode keeps comments, blank lines and quoting. A file is only ever
rewritten after its new text has been parsed back and its data found equal to the old data with
the same normalizations applied; a file that fails to parse, or that somebody changed meanwhile,
is reported and left as it was. Writes are atomic and keep the file's mode.
"""

from __future__ import annotations

import copy
import difflib
import io
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sectorlint import reading, source
from sectorlint.discover import discover
from sectorlint.document import Document
from sectorlint.escaping import json_safe
from sectorlint.files import ChangedMeanwhile, Refused, write_atomically
from sectorlint.positions import split_lines
from sectorlint.problem import START_OF_FILE, AddItem, Problem, Severity, dotted
from sectorlint.schema import respelling
from sectorlint.taxonomy import Taxonomy, is_prose

if TYPE_CHECKING:
    from sectorlint.config import Config

_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


@dataclass
class Outcome:
    path: str
    old: str = ""
    new: str = ""
    problem: Problem | None = None  # why the file was left untouched

    @property
    def changed(self) -> bool:
        return self.problem is None and self.new != self.old

    def diff(self) -> str:
        lines = difflib.unified_diff(
            split_lines(self.old, True), split_lines(self.new, True), self.path, self.path
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


class FormatError(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def format_text(
    path: str,
    text: str,
    taxonomy: Taxonomy,
    fixes: Sequence[AddItem] = (),
    limits: source.Limits | None = None,
    *,
    strict: frozenset[str] = frozenset(),
) -> str:
    """The canonical form of `text`; raises FormatError when it cannot be made safely.

    What comes back keeps every comment of `text`, its line ends (CRLF stays CRLF) and whatever
    precedes a `---` marker; a normalization whose problem the file silences (a
    `# sectorlint: disable=T001` over a spelling) is not applied. It is settled: formatting it
    again changes nothing (ruamel's output is not always: it may move a comment, and the value
    a suppression covered, on each run; then the values are edited in place instead).
    `strict`: the reader's warnings the configuration makes errors (a file with one is refused).
    """
    try:
        return _settled(_Job(path, taxonomy, tuple(fixes), limits, strict), text, depth=2)
    except FormatError as exc:
        if exc.problem.code == "Y003" and not fixes:
            return text  # no document (empty, or comments only: a new file): nothing to format
        raise


class _Job(NamedTuple):
    """What stays the same while one file is formatted."""

    path: str
    taxonomy: Taxonomy
    fixes: tuple[AddItem, ...]
    limits: source.Limits | None
    strict: frozenset[str]


def _settled(job: _Job, text: str, depth: int) -> str:
    """The first faithful rewrite that formatting again would keep (`depth` says how far that
    is looked into; the text itself, when faithful, is kept as it is); else the first."""
    found = _formatted(job, text)
    first = next(found)
    for candidate in itertools.chain([first], found):
        if candidate == text or depth == 0:
            return candidate
        try:
            again = _settled(job._replace(fixes=()), candidate, depth - 1)
        except FormatError:
            continue
        if again == candidate:
            return candidate
    return first


def _formatted(job: _Job, text: str) -> Iterator[str]:
    """Every faithful rewrite of `text`, best first: ruamel's, then values edited in place.
    Raises FormatError, before the first, when there is none."""
    path, taxonomy, fixes, limits, strict = job
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n") if crlf else text
    document, warned = _readable(path, text, limits, strict)
    silenced = _silenced(document)
    expected = copy.deepcopy(document.data)
    _normalize(expected, taxonomy.schema, taxonomy, (), silenced=silenced)
    try:
        _apply_fixes(expected, fixes, taxonomy, plain=True)
    except _Unfixable as exc:
        message = f"the fix cannot be written: {exc}; left as it was"
        raise FormatError(Problem(path, START_OF_FILE, "Y015", message)) from exc
    if path.lower().endswith(".json"):
        try:
            yield _with_line_ends(_as_json(text, expected), crlf)
        except _Unfixable as exc:
            message = f"cannot be rewritten: {exc}; left as it was"
            raise FormatError(Problem(path, START_OF_FILE, "Y015", message)) from exc
        return
    comments = _comments(document)
    invisible = _invisible(text)
    tags = source.tags_in(text)

    def faithful(candidate: str) -> bool:
        parsed = source.parse_text(path, candidate, limits)
        check = parsed.document
        return (
            check is not None
            and check.data == expected
            and _comments(check) == comments
            and [p.code for p in parsed.problems] == warned  # no new bracket, none repaired
            and _invisible(candidate) <= invisible  # `\u202e` stays an escape, never raw
            and source.tags_in(candidate) == tags  # ruamel drops `!!map` and `!!seq`
        )

    found = False
    for candidate in _candidates(text, taxonomy, fixes, silenced, document, path, expected, limits):
        if candidate is not None and faithful(candidate):
            found = True
            yield _with_line_ends(candidate, crlf)
    if not found:
        message = (
            "cannot be rewritten without changing its data or losing a comment; left as it was"
        )
        raise FormatError(Problem(path, START_OF_FILE, "Y015", message))


def _candidates(
    text: str,
    taxonomy: Taxonomy,
    fixes: Sequence[AddItem],
    silenced: Silenced,
    document: Document,
    path: str,
    expected: dict[str, Any],
    limits: source.Limits | None,
) -> Iterator[str | None]:
    """Rewrites to try, in order of preference (each still to be checked)."""
    preamble, body = _preamble(text)
    # Trailing white space goes first (ruamel's parser trips over a trailing tab); where it was
    # data, in a literal block, the result differs from what is expected and the text is kept.
    for candidate in dict.fromkeys((_TRAILING_SPACE.sub("", body), body)):
        new_body = _rewrite(candidate, taxonomy, fixes, silenced, not _keeps_order(document))
        yield None if new_body is None else preamble + new_body
    # ruamel drops comments inside multi-line flow collections: edit the values in place instead
    if not fixes:
        for candidate in dict.fromkeys((_TRAILING_SPACE.sub("", text), text)):
            edited = _edit_in_place(candidate, path, expected, limits)
            # one final newline, unless it would be data (the end of a literal block)
            yield from [_final_newline(edited), edited] if edited is not None else []


def _as_json(original: str, data: dict[str, Any]) -> str:
    """A JSON file stays JSON: the data dumped with the original's indentation (none for a
    file on one line), hidden characters as escapes. JSON has no comments to keep."""
    lines = split_lines(original.strip())
    second = lines[1] if len(lines) > 1 else ""
    leading = second[: len(second) - len(second.lstrip(" \t"))]
    indent: str | None = leading or (None if len(lines) == 1 else "  ")
    try:  # a number JSON cannot hold (`1e400` reads as infinity) would come out as `Infinity`
        dumped = json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:
        raise _Unfixable("a number too large for JSON would be written as Infinity") from exc
    return json_safe(dumped) + "\n"


def _readable(
    path: str, text: str, limits: source.Limits | None, strict: frozenset[str]
) -> tuple[Document, list[str]]:
    """The checker's reading of `text`, and the codes of its warnings; a file it refuses is
    never rewritten (nor one with a warning the configuration makes an error)."""
    parsed = source.parse_text(path, text, limits)
    # a closing bracket at its key's indentation (Y017, a warning) is left where it stands
    problems = [p for p in parsed.problems if p.severity is Severity.ERROR or p.code in strict]
    refusals = [p for p in problems if p.code != "Y002"] or problems
    if parsed.document is None or problems:
        problem = refusals[0] if refusals else Problem(path, START_OF_FILE, "Y003", "file is empty")
        raise FormatError(problem)
    return parsed.document, [p.code for p in parsed.problems]


def _rewrite(
    text: str,
    taxonomy: Taxonomy,
    fixes: Sequence[AddItem],
    silenced: Silenced,
    reorder: bool,
) -> str | None:
    """The rewritten text, or None when ruamel's round-trip reading cannot take the file (it
    is stricter than the checker's reader in places: a trailing tab, an impossible date)."""
    try:
        tree = _round_trip().load(text)
        _normalize(tree, taxonomy.schema, taxonomy, (), reorder, silenced)
        _apply_fixes(tree, fixes, taxonomy, plain=False)
        return _dump(tree, text)
    except Exception:  # any failure of the round trip leaves the file as it is
        return None


# --- what a rewrite must keep: comments, what precedes `---`, line ends, suppressions

# Characters that do not show, or reorder what does (Trojan Source): written as escapes, ruamel
# writes them raw; a rewrite may not hold more of them than the file did.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


def _invisible(text: str) -> int:
    return len(_INVISIBLE.findall(text, 1 if text.startswith("\ufeff") else 0))


def _comments(document: Document) -> Counter[str]:
    """Every comment: a `#` at a line's start or after white space, outside every key and text
    value, to the end of its line (trailing white space aside)."""
    found: Counter[str] = Counter()
    # lines as YAML 1.2 counts them: U+2028, U+2029 and NEL are characters, not line breaks
    for number, line in enumerate(split_lines(document.text), start=1):
        start = line.find("#")
        while start != -1:
            after_space = start == 0 or line[start - 1] in " \t"
            if after_space and (
                not document.inside_scalar(number, start + 1) or _BLOCK_HEADER.search(line[:start])
            ):
                found[line[start:].rstrip()] += 1
                break
            start = line.find("#", start + 1)
    return found


# A block scalar's header (`- |`, `key: >-`): a `#` after it is a comment, though the scalar's
# span starts at the header.
_BLOCK_HEADER = re.compile(r"(?:^|[\s:-])[|>][1-9+-]*[ \t]+$")


def _preamble(text: str) -> tuple[str, str]:
    """(what precedes the document's content, the rest): the comments, blank lines and
    directives before a `---` marker, with the marker's line, which ruamel would not keep."""
    lines = split_lines(text, keepends=True)
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped == "---" or stripped.startswith(("--- #", "---\t#")):
            return "".join(lines[: index + 1]), "".join(lines[index + 1 :])
        if stripped and not stripped.startswith(("#", "%")):
            break
    return "", text


def _with_line_ends(text: str, crlf: bool) -> str:
    return text.replace("\n", "\r\n") if crlf else text


def _final_newline(text: str) -> str:
    return text.lstrip("\n").rstrip("\n") + "\n"


# A normalization's code and the path of the value it changes -> whether the file silences it.
Silenced = Callable[[str, tuple[Any, ...]], bool]


def _silenced(document: Document) -> Silenced:
    """Which normalizations the file's suppression comments forbid: `fmt` must not rewrite a
    spelling on a line under `# sectorlint: disable=T001` and leave a stale suppression."""
    from sectorlint.select import find_suppressions

    suppressions = find_suppressions(document)
    if not suppressions:
        return lambda code, path: False

    def silenced(code: str, path: tuple[Any, ...]) -> bool:
        span = document.value_span(path)
        last = span.end_line or span.line
        if span.end_column == 1 and last > span.line:
            last -= 1  # a block scalar's span ends at the start of the line after it
        lines = set(range(span.line, last + 1))
        return any(
            (not s.codes or any(code.startswith(c) for c in s.codes))
            and (s.lines is None or lines.intersection(s.lines))
            for s in suppressions
        )

    return silenced


def _edit_in_place(
    text: str, path: str, expected: dict[str, Any], limits: source.Limits | None
) -> str | None:
    """`text` with each text value that normalizes differently replaced where it stands, for a
    file ruamel cannot rewrite whole; None where a value is not a one-line scalar whose source
    is its text (plain, or quoted with nothing to escape)."""
    document = source.parse_text(path, text, limits).document
    if document is None:
        return None
    edits = []
    for value_path, span in document.value_spans.items():
        old, new = _at(document.data, value_path), _at(expected, value_path)
        if not isinstance(old, str) or old == new:
            continue
        if not isinstance(new, str) or span.end_line != span.line or span.end_column is None:
            return None
        start = document.offset(span.line, span.column)
        end = document.offset(span.line, span.end_column)
        replacement = _same_source(text[start:end], old, new)
        if replacement is None:
            return None
        edits.append((start, end, replacement))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _same_source(source_text: str, old: str, new: str) -> str | None:
    """`new` written as `old` was written, where that needs no escaping."""
    if source_text == old and not any(mark in new for mark in (": ", " #", "\n")):
        return new
    quote = source_text[:1]
    if quote in "'\"" and source_text == f"{quote}{old}{quote}" and "\\" not in source_text:
        return None if quote in new or "\\" in new else f"{quote}{new}{quote}"
    return None


def _format_safely(path: str, *args: Any) -> Outcome:
    try:
        return _format_file(path, *args)
    except Exception as exc:  # a bug of ours must not cost the user the other files
        message = f"internal error, please report it: {type(exc).__name__}: {exc}"
        return Outcome(path, problem=Problem(path, START_OF_FILE, "Y000", message))


def format_command(
    paths: Sequence[str], config: Config, write: bool, project: Path
) -> list[Outcome]:
    """`sectorlint fmt`: every file at `paths` formatted (written when `write`, never through a
    link out of `project`, the working directory's), with the configuration's taxonomy, limits,
    and severities (a reader's warning configured as an error refuses the file)."""
    from sectorlint.files import writable

    outcomes: list[Outcome] = []
    if write:
        paths, refused = writable(paths, project)
        outcomes = [Outcome(problem.path, problem=problem) for problem in refused]
    if paths:
        strict = strict_codes(config)
        outcomes += format_paths(
            paths, config.taxonomy(), config.limits(), write=write, root=config.root, strict=strict
        )
    return outcomes


def strict_codes(config: Config) -> frozenset[str]:
    """The reader's warnings the configuration makes errors: a file with one is not rewritten."""
    from sectorlint.catalog import default_severities
    from sectorlint.select import Selector

    return Selector(config, default_severities).made_errors()


def format_paths(
    paths: Sequence[str],
    taxonomy: Taxonomy,
    limits: source.Limits,
    fixes: dict[str, list[AddItem]] | None = None,
    write: bool = True,
    root: Path | None = None,  # the project's folder: no link out of it is written through
    strict: frozenset[str] = frozenset(),  # the reader's warnings configured as errors
) -> list[Outcome]:
    outcomes = []
    for path in discover(paths).files:
        fixes_here = (fixes or {}).get(path, [])
        outcomes.append(_format_safely(path, taxonomy, limits, fixes_here, write, root, strict))
    return outcomes


def _format_file(
    path: str,
    taxonomy: Taxonomy,
    limits: source.Limits,
    fixes: list[AddItem],
    write: bool,
    root: Path | None,
    strict: frozenset[str],
) -> Outcome:
    raw, problem = reading.read_bytes(path, limits.max_file_size)
    if raw is None:
        return Outcome(path, problem=problem)
    text, problem = reading.decode(path, raw)
    if text is None:
        return Outcome(path, problem=problem)
    try:
        new_text = format_text(path, text, taxonomy, fixes, limits, strict=strict)
    except FormatError as exc:
        return Outcome(path, problem=exc.problem)
    outcome = Outcome(path, text, new_text)
    if write and outcome.changed:
        bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""  # kept, as the editor wrote it
        try:
            write_atomically(Path(path), bom + new_text, expected=raw, inside=root)
        except ChangedMeanwhile:
            message = "the file changed while it was being formatted; left as it is now"
            return Outcome(path, problem=Problem(path, START_OF_FILE, "Y009", message))
        except Refused as exc:
            message = f"not rewritten: {exc}; left as it was"
            return Outcome(path, problem=Problem(path, START_OF_FILE, "Y009", message))
        except OSError as exc:
            message = f"cannot write the file ({exc.strerror}); left as it was"
            return Outcome(path, problem=Problem(path, START_OF_FILE, "Y009", message))
    return outcome


def _round_trip() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line: wrapping is the author's choice
    yaml.indent(mapping=2, sequence=4, offset=2)
    # `[{sector: bpo}]` stays so: ruamel would drop the braces of a mapping of one key alone in
    # a flow list (`[sector: bpo]`, a form few writers use and some readers misread)
    yaml.brace_single_entry_mapping_in_flow_sequence = True
    return yaml


def _dump(tree: Any, original: str) -> str:
    out = io.StringIO()
    _round_trip().dump(tree, out)
    text = out.getvalue().lstrip("\n")  # no blank lines before the first line
    if original.startswith("---"):
        text = text if text.startswith("---") else "---\n" + text
    return text.rstrip("\n") + "\n"


# --- normalizations, applied alike to plain data and to ruamel's round-trip tree ---


def _resolve(node: dict[str, Any], taxonomy: Taxonomy) -> dict[str, Any]:
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/"):
        resolved: dict[str, Any] = taxonomy.schema["$defs"][ref.removeprefix("#/$defs/")]
        return resolved
    return node


def _keeps_order(document: Document) -> bool:
    """Whether the file keeps its key order: when a comment line follows the first key (ruamel
    keeps such a comment with the key before it, so reordering would move it away from the key
    it speaks about), or when the file holds a suppression (a `# sectorlint: disable` line
    covers the line below it, which reordering would change). A line of a text value that
    starts with `#` is no comment."""
    if _has_suppression(document):
        return True
    lines = split_lines(document.text)
    first_key = next(
        (i for i, line in enumerate(lines) if line[:1] not in ("#", "", " ", "-")), None
    )
    if first_key is None:
        return False
    return any(
        line.lstrip().startswith("#")
        and not document.inside_scalar(number, len(line) - len(line.lstrip()) + 1)
        for number, line in enumerate(lines[first_key + 1 :], start=first_key + 2)
    )


def _has_suppression(document: Document) -> bool:
    from sectorlint.select import find_suppressions

    return bool(find_suppressions(document))


def _normalize(
    value: Any,
    schema: dict[str, Any],
    taxonomy: Taxonomy,
    path: tuple[Any, ...],
    reorder: bool = True,
    silenced: Silenced = lambda code, path: False,
) -> Any:
    """Normalize `value` in place where it is a container; returns the (new) scalar otherwise."""
    schema = _resolve(schema, taxonomy)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        if reorder:
            _reorder(value, list(properties))
        for key in list(value.keys()):
            child = properties.get(key, {})
            value[key] = _normalize(value[key], child, taxonomy, (*path, key), reorder, silenced)
        return value
    if isinstance(value, list):
        items = schema.get("items", {})
        for index, item in enumerate(value):
            value[index] = _normalize(item, items, taxonomy, (*path, index), reorder, silenced)
        return value
    if isinstance(value, str):
        if "enum" in schema:
            return value if silenced("S004", path) else _enum_spelling(value, schema["enum"])
        if is_prose(path):
            return value if silenced("T001", path) else _preferred_terms(value, taxonomy)
    return value


def _reorder(mapping: dict[str, Any], order: list[str]) -> None:
    keys = list(mapping.keys())
    rank = {key: i for i, key in enumerate(order)}
    wanted = sorted(keys, key=lambda k: rank.get(k, len(order)))  # stable: ties keep their order
    if wanted == keys:
        return
    move = getattr(mapping, "move_to_end", None)  # ruamel's maps move keys with their comments
    for key in wanted:
        if move is not None:
            move(key)
        else:
            mapping[key] = mapping.pop(key)


def _enum_spelling(value: str, allowed: list[Any]) -> str:
    new = respelling(value, allowed)  # what S004's fix says (`schema._respelt`)
    return value if new is None else _same_style(value, new)


def _preferred_terms(value: str, taxonomy: Taxonomy) -> str:
    pattern = taxonomy.rejected_pattern
    if pattern is None or not pattern.search(value):
        return value
    return _edited(value, taxonomy.preferred_edits(value))


def _edited(value: str, edits: list[tuple[int, int, str]]) -> str:
    pieces, position = [], 0
    for start, end, replacement in edits:
        pieces.append(value[position:start] + replacement)
        position = end
    text = "".join(pieces) + value[position:]
    result = _same_style(value, text)
    fold_positions = getattr(value, "fold_pos", None)
    if fold_positions:  # a folded scalar remembers where its lines broke; move those along
        result.fold_pos = [_shifted(p, edits) for p in fold_positions]  # type: ignore[attr-defined]
    return result


def _shifted(position: int, edits: list[tuple[int, int, str]]) -> int:
    delta = 0
    for start, end, replacement in edits:
        if start < position:
            delta += len(replacement) - (end - start)
    return position + delta


def _same_style(original: str, text: str) -> str:
    """`text` with the scalar style (quoted, folded, literal) of `original`."""
    kind = type(original)
    return text if kind is str else kind(text)


def _apply_fixes(tree: Any, fixes: Sequence[AddItem], taxonomy: Taxonomy, plain: bool) -> None:
    """Each fix's item added to its list, in plain data or in ruamel's tree alike."""
    for fix in fixes:
        node, schema, holder = tree, taxonomy.schema, None
        for depth, key in enumerate(fix.at):
            properties = _resolve(schema, taxonomy).get("properties", {})
            is_list = depth == len(fix.at) - 1
            new = key not in node
            made = _made(node, fix.at[: depth + 1], list(properties), is_list, plain)
            if new and not plain:
                _keep_leading_comment(node, key, holder)
            node, holder = made, (node, key)
            schema = properties.get(key, {})
        item = dict(fix.item)
        node.append(item if plain else _map(item))


def _made(parent: Any, at: tuple[str, ...], order: list[str], is_list: bool, plain: bool) -> Any:
    """The mapping (or, last, the list) at `at`, made where missing and put where the schema's
    `order` puts it; what the user wrote in its place (a list where a mapping belongs) is
    never written over."""
    key, kind = at[-1], (list if is_list else dict)
    child = parent.get(key)
    if child is not None and not isinstance(child, kind):
        raise _Unfixable(f"{dotted(at)} is not {'a list' if is_list else 'a mapping'} (S003)")
    if child is None:
        child = kind() if plain else _seq() if is_list else _map()
        parent[key] = child
        _reorder(parent, order)
    return child


def _keep_leading_comment(mapping: Any, added: str, holder: tuple[Any, str] | None) -> None:
    """A comment above a mapping's first key speaks of that key (ruamel keeps it as the
    mapping's own, and its holder's): a key added before it goes above the comment."""
    keys = list(mapping)
    lines = mapping.ca.comment[1] if mapping.ca.comment else None
    if len(keys) < 2 or keys[0] != added or not lines:
        return
    mapping.ca.comment[1] = []
    mapping.ca.items.setdefault(keys[1], [None, None, None, None])[1] = lines
    if holder is not None:
        entry = holder[0].ca.items.get(holder[1])
        if entry is not None and len(entry) > 3:
            entry[3] = None


class _Unfixable(ValueError):
    """A change fmt cannot write as it should be (a fix over what the user wrote, a number
    JSON cannot hold)."""


def canonical_text(value: str, taxonomy: Taxonomy) -> str:
    """A prose value as `fmt` writes it (the preferred spellings)."""
    return str(_preferred_terms(value, taxonomy))


def _map(items: dict[str, Any] | None = None) -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap(items or {})


def _seq() -> Any:
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq()
