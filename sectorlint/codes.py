"""Stable codes for problems found while reading files and validating them against the schema.

Cross-sector rules carry their own codes in `sectorlint.rules`; these are the ones the reader
(`Y`) and the schema validator (`S`) emit. Codes never change meaning once released.
"""

from __future__ import annotations

from dataclasses import dataclass

from sectorlint.problem import Severity


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    summary: str
    severity: Severity = Severity.ERROR


_CODES = [
    Code("Y000", "internal-error", "sectorlint itself failed on this file; please report it."),
    Code(
        "Y001",
        "yaml-syntax",
        "The file is not valid YAML (or JSON); located where the parser stopped.",
    ),
    Code("Y002", "duplicate-key", "A mapping defines the same key twice; the first one is kept."),
    Code("Y003", "empty-file", "The file holds no document (empty, or only comments)."),
    Code("Y004", "not-utf8", "The file's bytes are not UTF-8 text."),
    Code("Y005", "not-a-mapping", "The document is a list or a scalar; a sector is a mapping."),
    Code(
        "Y006", "forbidden-tag", "A YAML tag other than the standard ones (e.g. !!python/object)."
    ),
    Code(
        "Y007", "anchor-or-alias", "Anchors and aliases are refused before anything expands them."
    ),
    Code("Y008", "file-too-large", "The file is larger than the size cap (--max-file-size)."),
    Code("Y009", "unreadable", "A file or directory could not be read."),
    Code("Y010", "multiple-documents", "The file holds more than one YAML document."),
    Code("Y011", "too-deep", "Nesting is deeper than the cap (--max-depth)."),
    Code("Y012", "complex-key", "A mapping key is a list or mapping; keys must be plain strings."),
    Code(
        "Y013",
        "skipped-file",
        "A FIFO, device, socket, broken link or link loop was skipped.",
        Severity.WARNING,
    ),
    Code("Y014", "too-many-items", "A list holds more items than the cap (--max-list-items)."),
    Code(
        "Y015",
        "not-rewritable",
        "fmt could not rewrite the file without changing its data; it was left as it was.",
    ),
    Code("S001", "missing-key", "A required key is missing; located at the mapping that lacks it."),
    Code("S002", "unknown-key", "A key the schema does not define (usually a typo)."),
    Code("S003", "wrong-type", "A value of the wrong type (a list where text is expected, ...)."),
    Code("S004", "invalid-value", "A value outside the allowed set (ordinal scales, enums)."),
    Code("S005", "bad-format", "Text that does not match the required format (slug, URL, date)."),
    Code("S006", "bad-length", "Empty text or list, or one that is too long."),
    Code("S007", "duplicate-item", "A list that must hold unique items repeats one."),
    Code("S099", "schema-violation", "Any other violation of the sector schema."),
]

CODES: dict[str, Code] = {c.code: c for c in _CODES}
