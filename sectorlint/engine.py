"""The pipeline, and the only module that knows the order of its steps.

paths -> discover -> for each file, on its own (cached, in parallel): read and parse, validate,
single-sector rules -> the model of all sectors -> cross-file rules -> select/suppress -> report

When only some files are given (as pre-commit does), the rest of their content set is read too,
so cross-file rules see every sector; problems are reported for the given files, and for
cross-file problems that involve them.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sectorlint import __version__, analysis, kinds, reading
from sectorlint.analysis import FileResult, SpansNeeded
from sectorlint.cache import Cache, cache_key, default_directory
from sectorlint.config import Config
from sectorlint.discover import content_set_of, discover
from sectorlint.document import SpanLoader
from sectorlint.limits import Limits, TooManyFiles
from sectorlint.model import Gathered, Gathering, Model, ModelBuilder
from sectorlint.problem import Problem, Report, Severity
from sectorlint.select import Selector, Suppression
from sectorlint.taxonomy import Taxonomy

if TYPE_CHECKING:
    from sectorlint.pool import Batch

Progress = Callable[[int, int], None]  # (files done, files in all)
# A document's bytes, or the problem that says why there are none.
Reader = Callable[[str], tuple[bytes | None, Problem | None]]
_BATCH = 64  # files analysed at a time, in this process or in a worker, between cache writes


class Options:
    __slots__ = (
        "buffers", "config", "former_ids", "full_model", "jobs", "limits", "pool_from",
        "progress", "spans_first_share", "spill_from", "texts", "use_cache",
    )  # fmt: skip

    def __init__(
        self,
        config: Config | None = None,  # default: no configuration file, from here
        limits: Limits | None = None,
        jobs: int = 1,
        use_cache: bool = False,
        full_model: bool = False,  # sectors with all their data (render needs it)
        progress: Progress | None = None,
        # A whole content set given as bytes for its paths (git's index, a revision): these are
        # read instead of the disk, and they are the set: nothing else is discovered.
        texts: Mapping[str, bytes] | None = None,
        former_ids: frozenset[str] = frozenset(),  # the set's ids at a revision compared with
        # below this many files to analyse, starting workers costs more than it saves
        pool_from: int = 200,
        # from this many files on, the model is kept in a file, not in memory (`spill`);
        # None: 20,000, or what `default_spill_from` says where Options are made inside it
        spill_from: int | None = None,
        # Parse each file with its spans at once (not again when a problem needs them) while
        # more than this share of the last files did need them (0: always; 1: never).
        spans_first_share: float = 0.25,
        # Documents whose bytes are given (standard input, an editor's unsaved buffer): read
        # instead of the disk, which need not hold them; the rest of their set is read from
        # disk. They are the files reported on; each is given by its path as it is shown.
        buffers: Mapping[str, bytes] | None = None,
    ) -> None:
        self.config = config or Config(root=Path.cwd())
        self.limits = limits or Limits()
        self.jobs = jobs
        self.use_cache = use_cache
        self.full_model = full_model
        self.progress = progress
        self.texts = texts
        self.former_ids = former_ids
        self.pool_from = pool_from
        self.spill_from = _spill_from.get() if spill_from is None else spill_from
        self.spans_first_share = spans_first_share
        self.buffers = buffers


_spill_from: ContextVar[int] = ContextVar("spill_from", default=20_000)


@contextmanager
def default_spill_from(files: int) -> Iterator[None]:
    """Options made inside (by a caller, or by the command line) that do not say otherwise keep
    the model in a file from this many files on: the tests check every rule both ways so."""
    token = _spill_from.set(files)
    try:
        yield
    finally:
        _spill_from.reset(token)


class Result(NamedTuple):
    report: Report
    model: Model  # every sector read, the given files' and their content set's

    @property
    def has_errors(self) -> bool:
        return self.report.has_errors


def all_codes() -> dict[str, Severity]:
    """Every code sectorlint can report, with its default severity."""
    from sectorlint.catalog import default_severities

    return default_severities()


def check(paths: Sequence[str], options: Options | None = None) -> Report:
    """Check the given paths (the model of their content set is built only when needed)."""
    return _run(paths, options or Options(), model_wanted=False)[0]


def run(paths: Sequence[str], options: Options | None = None) -> Result:
    """Check the given paths; the model of their whole content set comes back too."""
    report, model = _run(paths, options or Options(), model_wanted=True)
    assert model is not None
    return Result(report, model)


def _run(paths: Sequence[str], options: Options, model_wanted: bool) -> tuple[Report, Model | None]:
    found = content_set(paths, options)
    plan = _Plan.of(found, options, model_wanted)
    taxonomy = options.config.taxonomy()
    cache = _open_cache(options, taxonomy)
    # (whole documents are never in the cache: nothing to look up for them)
    look_up = not cache.empty and not plan.whole_documents
    steps = _Steps(plan, options, taxonomy, cache, look_up, _Seen(plan, cache, look_up))
    unchanged = None if plan.model_wanted else _unchanged_set(found.files, steps)
    model = None
    if unchanged is not None:  # no file changed since a run that saw them all
        problems, suppressions, digests = unchanged
    else:
        problems, suppressions, model, set_key, digests = _analyse_into_model(found.files, steps)
        first_file = found.files[0] if found.files else ""
        problems = [*problems, *plan.involving(_set_problems(model, set_key, first_file, cache))]
    selector = Selector(options.config, all_codes)
    selected = selector.apply([*found.problems, *problems], suppressions, plan.reported)
    cache.close(live=len(found.files))
    read = (*found.files, *found.looked_at)
    return Report(tuple(found.given), tuple(selected), read, digests), model


def analyse_each(paths: Sequence[str], options: Options) -> tuple[ContentSet, list[FileResult]]:
    """The content set of `paths`, and each of its files analysed on its own as `check` does
    it (from the cache, and in workers, where the options say so): a session's start."""
    found = content_set(paths, options)
    plan = _Plan.of(found, options, model_wanted=True)
    taxonomy = options.config.taxonomy()
    cache = _open_cache(options, taxonomy)
    look_up = not cache.empty and not plan.whole_documents
    steps = _Steps(plan, options, taxonomy, cache, look_up, _Seen(plan, cache, look_up))
    try:
        return found, list(_analyse_all(found.files, steps))
    finally:
        cache.close(live=len(found.files))


class _Plan(NamedTuple):
    """What a run does, decided once from its options and the files found."""

    read: Reader  # a document's bytes: from disk, from the buffers given, or the texts given
    on_disk: bool  # documents are files (then a stat signature may say one is unchanged)
    # Every document kept whole (`render` needs all its data): none taken from the cache (its
    # entries hold projections), none analysed by a worker, none spilled.
    whole_documents: bool
    model_wanted: bool  # the model comes back (`run`): it is built though nothing changed
    reported: set[str] | None  # the files whose own problems are reported; None: every file
    buffers: Mapping[str, bytes]  # documents given as bytes in place of the disk's

    @classmethod
    def of(cls, found: ContentSet, options: Options, model_wanted: bool) -> _Plan:
        cap = options.limits.max_file_size
        texts = options.texts
        read: Reader = _FromDisk(cap)
        if texts is not None:
            read = _FromTexts(texts, cap)
        elif options.buffers:
            read = _FromBuffers(options.buffers, cap)
        return cls(
            read=read,
            on_disk=texts is None,
            whole_documents=options.full_model,
            model_wanted=model_wanted or options.full_model,
            # the given files, unless they are the whole set
            reported=set(found.given) if len(found.files) > len(found.given) else None,
            buffers=options.buffers or {},
        )

    def reports(self, path: str) -> bool:
        return self.reported is None or path in self.reported

    def complete(self, path: str) -> bool:
        """Whether a file gets the complete check (not only what the set rules read of it)."""
        return self.whole_documents or self.reports(path)

    def involving(self, problems: list[Problem]) -> list[Problem]:
        """The cross-file problems reported: in a reported file, or involving one."""
        reported = self.reported
        if reported is None:
            return problems
        return [p for p in problems if p.path in reported or reported.intersection(p.related)]


class _FromDisk:
    """(A class, not a function made here: a worker that is not forked gets it pickled.)"""

    __slots__ = ("cap",)

    def __init__(self, cap: int) -> None:
        self.cap = cap

    def __call__(self, path: str) -> tuple[bytes | None, Problem | None]:
        return reading.read_bytes(path, self.cap)


class _FromTexts:
    __slots__ = ("cap", "texts")

    def __init__(self, texts: Mapping[str, bytes], cap: int) -> None:
        self.texts = texts
        self.cap = cap

    def __call__(self, path: str) -> tuple[bytes | None, Problem | None]:
        return reading.within_cap(path, self.texts[path], self.cap)


class _FromBuffers:
    """The buffers' bytes for their paths, the disk's for the rest of the set."""

    __slots__ = ("buffers", "disk")

    def __init__(self, buffers: Mapping[str, bytes], cap: int) -> None:
        self.buffers = buffers
        self.disk = _FromDisk(cap)

    def __call__(self, path: str) -> tuple[bytes | None, Problem | None]:
        raw = self.buffers.get(path)
        if raw is None:
            return self.disk(path)
        return reading.within_cap(path, raw, self.disk.cap)


class _Seen:
    """Each file's stat signature, and the digest of its bytes the cache knows from it, taken
    once a run: the unchanged-set check asks first, and the analysis, if it runs, again."""

    def __init__(self, plan: _Plan, cache: Cache, look_up: bool) -> None:
        self.cache = cache
        self.stat = plan.on_disk and cache.file is not None
        self.look_up = self.stat and look_up
        # a buffer's path on disk may hold other bytes: its signature says nothing of them
        self.buffers = plan.buffers
        self.taken: dict[str, tuple[reading.Signature | None, str | None]] = {}

    def of(self, path: str) -> tuple[reading.Signature | None, str | None]:
        taken = self.taken.get(path)
        if taken is None:
            taken = self.taken[path] = self._look(path)
        return taken

    def take(self, path: str) -> tuple[reading.Signature | None, str | None]:
        """(what `of` says, no longer kept)"""
        taken = self.taken.pop(path, None)
        return taken if taken is not None else self._look(path)

    def _look(self, path: str) -> tuple[reading.Signature | None, str | None]:
        now = reading.signature(path) if self.stat and path not in self.buffers else None
        return now, self.cache.known_digest(path, now) if now and self.look_up else None


class _Steps(NamedTuple):
    """What every step of one run reads: its plan, options, taxonomy, cache and signatures."""

    plan: _Plan
    options: Options
    taxonomy: Taxonomy
    cache: Cache
    look_up: bool  # whether the cache may know a result (it is not new; not for render)
    seen: _Seen


def _unchanged_set(
    files: list[str], steps: _Steps
) -> tuple[list[Problem], list[Suppression], dict[str, str]] | None:
    """What a run finds when no file of the set changed since the cache saw them all (each
    file's stat signature unchanged): the reported files' own problems, and the set's from the
    set rules' cache, without reading any file or building the model; and every file's digest.
    None otherwise."""
    plan, cache = steps.plan, steps.cache
    if not steps.seen.look_up:
        return None
    digests: dict[str, str] = {}
    for path in files:
        digest = steps.seen.of(path)[1]
        if digest is None:
            return None
        digests[path] = digest
    set_problems = cache.set_problems(_set_key(sorted(digests.items()), steps.options.former_ids))
    if set_problems is None:
        return None
    involving = plan.involving(set_problems)
    problems: list[Problem] = []
    suppressions: list[Suppression] = []
    # suppressions live where the problems they silence are, and unused ones are reported
    wanted = set(files) if plan.reported is None else plan.reported | {p.path for p in involving}
    for path in wanted:
        result = cache.result(path, digests[path]) if path in digests else None
        if result is None or (not result.complete and plan.complete(path)):
            return None
        if plan.reports(path):
            problems.extend(result.problems)
        suppressions.extend(result.suppressions)
    return [*problems, *involving], suppressions, digests


class ContentSet(NamedTuple):
    given: list[str]  # the files given, found in the paths given
    files: list[str]  # every file of their content set, the given first
    problems: list[Problem]  # finding them
    # every folder listed to find them, and every entry skipped (a link may come to resolve)
    looked_at: list[str]


def content_set(paths: Sequence[str], options: Options) -> ContentSet:
    if options.texts is not None:
        given, files, problems, looked_at = sorted(options.texts), sorted(options.texts), [], []
    else:
        buffers = options.buffers or {}
        found = discover([path for path in paths if path not in buffers])
        found.files[:0] = [path for path in buffers if path not in found.files]
        walked = [path for path in paths if os.path.isdir(path)]
        roots = options.config.content_root_paths()
        given, problems = found.files, found.problems
        extra = content_set_of(given, roots, walked)
        files = [*given, *extra.files]
        looked_at = [*found.folders, *found.skipped, *extra.folders, *extra.skipped]
    if len(files) > options.limits.max_files:
        raise TooManyFiles(
            f"{len(files):,} files to read, over the cap of {options.limits.max_files:,} "
            "(see --max-files)"
        )
    return ContentSet(given, files, problems, looked_at)


def _analyse_into_model(
    files: list[str], steps: _Steps
) -> tuple[list[Problem], list[Suppression], Model, str, dict[str, str]]:
    """Each file's problems (of the reported files) and suppressions, the model its sector
    joins, and the key of the set rules' results (every file's path and bytes). Results
    stream into the model: nothing else of a file is kept."""
    problems: list[Problem] = []
    suppressions: list[Suppression] = []
    digests: list[tuple[str, str]] = []
    builder = ModelBuilder(steps.taxonomy, _gathering(len(files), steps), steps.options.former_ids)
    for result in _analyse_all(files, steps):
        if steps.plan.reports(result.path):
            problems.extend(result.problems)
        suppressions.extend(result.suppressions)
        digests.append((result.path, result.digest))
        builder.add(result.path, result.projection, result.document)
    return (
        problems,
        suppressions,
        builder.model(),
        _set_key(sorted(digests), steps.options.former_ids),
        {path: digest for path, digest in digests if digest},
    )


def _gathering(count: int, steps: _Steps) -> Gathering:
    """Where the model's sectors are gathered: in memory, or for a very large set, in a
    temporary file (`spill`), so that memory does not grow with the number of files."""
    spans = SpanLoader(lambda path: steps.plan.read(path)[0], steps.options.limits)
    if count >= steps.options.spill_from and not steps.plan.whole_documents:
        from sectorlint.spill import Spill

        return Spill(spans)
    return Gathered(kinds.joining(spans))


def _analyse_all(files: list[str], steps: _Steps) -> Iterator[FileResult]:
    """Each file on its own: from the cache when its stat signature says which bytes it holds,
    else through the analysis unit (`Analyser`), which reads it once."""
    plan, cache = steps.plan, steps.cache
    misses: list[str] = []  # paths only: a large cold run misses every file
    seen: dict[str, reading.Signature] = {}  # the misses' signatures, taken before they are read
    for path in files:
        now, digest = steps.seen.take(path)
        cached = cache.result(path, digest) if digest is not None else None
        if cached is not None and (cached.complete or not plan.complete(path)):
            yield cached
            continue
        misses.append(path)
        if now is not None:
            seen[path] = now
    report = steps.options.progress or (lambda done, total: None)
    done = len(files) - len(misses)
    for result in _analysed(misses, steps):
        if result.path in seen and result.digest:
            now = seen[result.path]
            cache.remember_signature(result.path, now.text, result.digest, now.looked)
        done += 1
        if done % _BATCH == 0 or done == len(files):
            report(done, len(files))
        yield result


def _analysed(paths: list[str], steps: _Steps) -> Iterator[FileResult]:
    """The files through the one analysis unit: in this process, or in workers when there are
    enough files to analyse to pay for them. Where the cache may know a file's bytes, this
    process reads it to look it up, and the bytes go on to be analysed: never read again."""
    plan, options, cache = steps.plan, steps.options, steps.cache
    how = _Checking(
        options.limits,
        steps.taxonomy,
        steps.look_up,
        plan.whole_documents,
        options.spans_first_share,
    )
    unit = Analyser(plan.read, cache, how)
    known: list[FileResult] = []  # found in the cache while looking for what to analyse
    pending: Iterator[tuple[str, bool, bytes | None]]
    if steps.look_up:
        pending = unit.to_analyse(((path, plan.complete(path)) for path in paths), known)
    else:
        # (a buffer goes with its bytes: a worker reads the disk)
        pending = ((path, plan.complete(path), plan.buffers.get(path)) for path in paths)
    first = list(itertools.islice(pending, options.pool_from))  # (the bytes of a few at most)
    batches = _batches(itertools.chain(first, pending))
    in_workers = plan.on_disk and not plan.whole_documents
    analysed: Iterator[list[FileResult]]
    if options.jobs <= 1 or len(first) < options.pool_from or not in_workers:
        analysed = map(unit, batches)
    else:
        from sectorlint.pool import analyse_in_parallel

        cache.flush()  # the workers write to the database too
        analysed = analyse_in_parallel(batches, _InWorker(how, cache.file), options.jobs)
    originals = {path: path for path in paths}
    for results in itertools.chain(analysed, [[]]):
        yield from known
        known.clear()
        for result in results:
            result.path = originals[result.path]  # one copy of each path, not one per worker
            yield result


def _batches(items: Iterator[tuple[str, bool, bytes | None]]) -> Iterator[Batch]:
    while batch := list(itertools.islice(items, _BATCH)):
        yield batch


class _Checking(NamedTuple):
    """How the analysis unit checks a file, the same in this process and in every worker."""

    limits: Limits
    taxonomy: Taxonomy
    look_up: bool  # whether the cache may know the result (it is not new; not for render)
    keep_documents: bool  # (render)
    spans_first_share: float  # (`Options`)


class Analyser:
    """The one unit of analysis, in this process or in a worker: each file's bytes read once
    (here, or by the process that looked them up in the cache), and analysed by its kind from
    them, a batch at a time; the entries of those analysed are written."""

    __slots__ = ("cache", "how", "read", "spans")

    def __init__(self, read: Reader, cache: Cache, how: _Checking) -> None:
        self.read = read
        self.cache = cache
        self.how = how
        self.spans = SpansNeeded(how.spans_first_share)  # how often files needed them, here

    def to_analyse(
        self, files: Iterable[tuple[str, bool]], known: list[FileResult]
    ) -> Iterator[tuple[str, bool, bytes | None]]:
        """Each file with the bytes to analyse it from, but those the cache knows (their results
        go to `known`) and those that cannot be read (their problem)."""
        for path, complete in files:
            raw, problem = self.read(path)
            if raw is None:
                known.append(FileResult(path, "", (problem,) if problem else ()))
                continue
            cached = self.cache.result(path, analysis.digest(path, raw))
            if cached is not None and (cached.complete or not complete):
                known.append(cached)
                continue
            yield path, complete, raw

    def __call__(self, batch: Batch) -> list[FileResult]:
        results = [self.result(path, complete, raw) for path, complete, raw in batch]
        self.cache.remember(results)
        return results

    def result(self, path: str, complete: bool, raw: bytes | None) -> FileResult:
        if raw is None:
            raw, problem = self.read(path)
            if raw is None:
                return FileResult(path, "", (problem,) if problem else ())
        how = self.how
        return kinds.kind_of(path).analyse(
            path, raw, how.limits, how.taxonomy, complete, how.keep_documents, self.spans
        )


class _InWorker:
    """What a worker makes its unit of (in the worker: a cache connection of its own, never
    one across a fork); a worker reads from disk."""

    __slots__ = ("cache_file", "how")

    def __init__(self, how: _Checking, cache_file: Path | None) -> None:
        self.how = how
        self.cache_file = cache_file

    def __call__(self) -> Analyser:
        return Analyser(_FromDisk(self.how.limits.max_file_size), Cache(self.cache_file), self.how)


def _open_cache(options: Options, tax: Taxonomy) -> Cache:
    if not options.use_cache:
        return Cache(None)
    from sectorlint.schema import schema_text

    limits = options.limits
    key = cache_key(
        __version__,
        _code_fingerprint(),
        schema_text(),
        json.dumps(tax.as_json(), sort_keys=True),
        repr(limits),  # every cap changes what a file's check finds
    )
    directory = options.config.cache_dir or default_directory(options.config.root)
    return Cache.in_directory(Path(directory), key)


def _code_fingerprint() -> str:
    """sectorlint's own files, by size and time: an edited checkout never reads stale results."""
    package = os.path.dirname(__file__)
    stamps = []
    for folder, subfolders, names in os.walk(package):
        subfolders.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                where = os.path.relpath(os.path.join(folder, name), package)
                stamps.append(f"{where}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(stamps)


def _set_key(pairs: Iterable[tuple[str, str]], former_ids: frozenset[str]) -> str:
    """What the cross-file rules' results depend on: every file's path and bytes."""
    former = " ".join(sorted(former_ids))  # R003 reads them
    return cache_key(former, *(f"{path}\0{digest}" for path, digest in pairs))


def _set_problems(model: Model, key: str, first_file: str, cache: Cache) -> list[Problem]:
    """The cross-file rules' problems; reused from the cache when no file of the set changed."""
    cached = cache.set_problems(key)
    if cached is not None:
        return cached
    from sectorlint.rules import run_set_rules

    problems, failed = run_set_rules(model, first_file)
    if not failed:  # a failure is never remembered as the set's answer
        cache.remember_set_problems(key, problems)
    return problems
