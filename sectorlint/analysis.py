"""Checking one file on its own: everything that needs no other file, from its bytes.

Parsing, the schema and the single-sector rules (the file is read, and its result cached, by
whoever calls: this module does no I/O); the result also carries the few fields the
cross-file rules read (the projection), so a cached or far-away (worker) result is all the
engine needs. Results are plain data: they cross process boundaries and go into the cache.
"""

from __future__ import annotations

import sys
from collections import deque
from typing import Any

from sectorlint import schema
from sectorlint.document import Document, Loader
from sectorlint.hashes import blake2b
from sectorlint.limits import Limits
from sectorlint.model import Model, Relation, Sector, relations_in
from sectorlint.problem import START_OF_FILE, Problem
from sectorlint.select import Suppression, find_suppressions
from sectorlint.taxonomy import Taxonomy

# The fields the cross-file rules read; everything else stays with the file.
PROJECTION = (
    "id", "name", "short_name", "aliases", "summary", "definition", "scope",
    "service_areas", "core_functions", "relations",
)  # fmt: skip


_KEEP = frozenset(PROJECTION)


class FileResult:
    __slots__ = (
        "complete", "digest", "document", "path", "problems", "projection", "suppressions",
    )  # fmt: skip

    def __init__(
        self,
        path: str,
        digest: str,
        problems: tuple[Problem, ...] = (),  # tuples: the empty one is shared, costs nothing
        projection: dict[str, Any] | None = None,  # None: no sector could be read from the file
        suppressions: tuple[Suppression, ...] = (),
        complete: bool = True,  # False: only what a file of the content set (not given) needs
    ) -> None:
        self.path = path
        self.digest = digest
        self.problems = problems
        self.projection = projection
        self.suppressions = suppressions
        self.complete = complete
        # The whole document, kept only when asked for (`render` needs all its data): never
        # cached, never sent between processes.
        self.document: Document | None = None


def project(data: dict[str, Any]) -> dict[str, Any]:
    """The fields cross-file rules read; relations as [kind, target, via, position] lists, only
    the well-formed ones (all a rule reads of them), which cost a fraction of the mappings."""
    projection = {k: data[k] for k in PROJECTION if k in data and k != "relations"}
    projection["relations"] = [list(r) for r in relations_in(data)]
    shared: dict[str, Any] = _shared(projection)
    return shared


def sector_of(path: str, projection: dict[str, Any], loader: Loader) -> Sector:
    """The sector of a projection, its positions read by `loader` when a problem needs them.
    It takes the projection over: the relations' lists become Relation objects, not a copy."""
    relations = tuple(map(Relation._make, projection.pop("relations")))
    return Sector(Document(path, projection, loader=loader), relations)


def _shared(value: Any) -> Any:
    """Short texts interned: the same scope, area, function or `via` across thousands of sectors
    is then one object, in the worker and (pickled once per batch) in the main process."""
    if isinstance(value, str):
        return sys.intern(value) if len(value) <= 64 else value
    if isinstance(value, dict):
        return {key: _shared(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shared(item) for item in value]
    return value


class SpansNeeded:
    """How often the last files needed their spans: state of one run (or one worker). A clean
    file is parsed without them (a third faster) and a file with a problem again with them;
    when most files have problems (a set being fixed), parsing each with them at once costs
    less than parsing twice."""

    def __init__(self, share: float = 0.25, window: int = 40) -> None:
        # (a parse with spans costs about 1.3 without; twice, 2.3: worth it above a quarter)
        self.share = share  # of recent files that needed them, above which: 0 always, 1 never
        self.recent: deque[bool] = deque(maxlen=window)

    def record(self, needed: bool) -> None:
        self.recent.append(needed)

    def often(self) -> bool:
        if self.share <= 0:
            return True
        return len(self.recent) >= 10 and sum(self.recent) > self.share * len(self.recent)


def digest(path: str, raw: bytes) -> str:
    """What a result depends on: the bytes, and whether they are read as JSON (which changes
    how escapes are read), never the file's name otherwise."""
    kind = b"json\0" if path.lower().endswith(".json") else b"yaml\0"
    return blake2b(kind + raw, digest_size=20).hexdigest()


def analyse(
    path: str,
    raw: bytes,
    limits: Limits,
    taxonomy: Taxonomy,
    complete: bool = True,
    keep_document: bool = False,
    spans: SpansNeeded | None = None,
) -> FileResult:
    """Everything one file needs on its own; with `complete` off (a file of the content set
    that was not given, whose own problems are not reported), only what the cross-file rules
    and suppressions need: the schema and single-sector rules are skipped. `spans`, the run's
    record of how often files needed their spans, says whether to parse them at once (without
    it, a file is parsed without them, and again with them if a problem needs them)."""
    from sectorlint.source import parse_bytes

    problems: list[Problem] = []
    result = FileResult(path, digest(path, raw), complete=complete)
    try:
        # A file not given: only the projection is built, unless it may hold a suppression
        # (telling a real comment from text in a value needs every value's position).
        keep = None if complete or b"sectorlint:" in raw.lower() else _KEEP
        positions = complete and spans is not None and spans.often()
        parsed = parse_bytes(path, raw, limits, positions=positions, keep=keep)
        problems.extend(parsed.problems)
        document = parsed.document
        if document is not None:
            problems.extend(schema.validate(document, taxonomy.extension) if complete else ())
            result.suppressions = tuple(find_suppressions(document))
            sector_id = document.data.get("id")
            if isinstance(sector_id, str) and sector_id:  # else no sector: nothing to project
                if complete:
                    from sectorlint.rules import FILE_RULES, found

                    one = Model([Sector(document)], taxonomy)
                    for rule in FILE_RULES.values():
                        problems.extend(found(rule, one))
                result.projection = project(document.data)
                result.document = document if keep_document else None
            if complete and not positions and spans is not None:
                spans.record(document.has_spans)
    except Exception as exc:  # a bug of ours must not cost the user the other files
        message = f"internal error, please report it: {type(exc).__name__}: {exc}"
        problems.append(Problem(path, START_OF_FILE, "Y000", message))
    result.problems = tuple(problems)
    return result
