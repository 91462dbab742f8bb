"""The pipeline, and the only module that knows the order of its steps.

paths -> discover -> for each file, on its own (cached, in parallel): read and parse, validate,
single-sector rules -> the model of all sectors -> cross-file rules -> select/suppress -> report

When only some files are given (as pre-commit does), the rest of their content set is read too,
so cross-file rules see every sector; problems are reported for the given files, and for
cross-file problems that involve them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sectorlint import __version__, analysis, kinds, reading, taxonomy
from sectorlint.cache import Cache, cache_key, default_directory
from sectorlint.config import Config
from sectorlint.discover import content_set_of, discover
from sectorlint.document import SpanLoader
from sectorlint.limits import Limits, TooManyFiles
from sectorlint.model import Model, Sector
from sectorlint.problem import START_OF_FILE, Problem, Report, Severity
from sectorlint.select import Selector, Suppression

if TYPE_CHECKING:
    from sectorlint.spill import Spill

Progress = Callable[[int, int], None]  # (files done, files in all)


class Options:
    __slots__ = (
        "config", "former_ids", "full_model", "jobs", "limits", "pool_from", "progress",
        "spill_from", "texts", "use_cache",
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
        # from this many files on, the model is kept in a file, not in memory (`spill`)
        spill_from: int = 20_000,
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
        self.spill_from = spill_from


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
    return _run(paths, options or Options(), need_model=False)[0]


def run(paths: Sequence[str], options: Options | None = None) -> Result:
    """Check the given paths; the model of their whole content set comes back too."""
    report, model = _run(paths, options or Options(), need_model=True)
    assert model is not None
    return Result(report, model)


def _run(paths: Sequence[str], options: Options, need_model: bool) -> tuple[Report, Model | None]:
    found = content_set(paths, options)
    given, files = found.given, found.files
    tax = options.config.taxonomy()
    cache = _open_cache(options, tax)
    # `reported`: the given files, None when they are the whole set
    reported = set(given) if len(files) > len(given) else None
    unchanged = None if need_model else _unchanged_set(files, reported, options, cache)
    model = None
    if unchanged is not None:  # no file changed since a run that saw them all
        problems, suppressions = unchanged
    else:
        problems, suppressions, builder = _analyse_into_model(files, reported, options, tax, cache)
        model = builder.model()
        model.former_ids = options.former_ids
        first_file = files[0] if files else ""
        set_problems = _set_problems(model, builder.set_key(), first_file, cache)
        problems = [*problems, *_involving(set_problems, reported)]
    selector = Selector(options.config, all_codes)
    selected = selector.apply([*found.problems, *problems], suppressions, reported)
    cache.close(live=len(files))
    return Report(tuple(given), tuple(selected), (*files, *found.looked_at)), model


def _unchanged_set(
    files: list[str], reported: set[str] | None, options: Options, cache: Cache
) -> tuple[list[Problem], list[Suppression]] | None:
    """What a run finds when no file of the set changed since the cache saw them all (each
    file's stat signature unchanged): the reported files' own problems, and the set's from the
    set rules' cache, without reading any file or building the model. None otherwise."""
    if options.texts is not None or cache.file is None or cache.empty:
        return None
    digests: dict[str, str] = {}
    for path in files:
        now = reading.signature(path)
        digest = cache.known_digest(path, now) if now else None
        if digest is None:
            return None
        digests[path] = digest
    set_problems = cache.set_problems(_set_key(sorted(digests.items()), options.former_ids))
    if set_problems is None:
        return None
    involving = _involving(set_problems, reported)
    problems: list[Problem] = []
    suppressions: list[Suppression] = []
    # suppressions live where the problems they silence are, and unused ones are reported
    for path in set(files) if reported is None else reported | {p.path for p in involving}:
        result = cache.result(path, digests[path]) if path in digests else None
        if result is None or (not result.complete and (reported is None or path in reported)):
            return None
        if reported is None or path in reported:
            problems.extend(result.problems)
        suppressions.extend(result.suppressions)
    return [*problems, *involving], suppressions


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
        found = discover(paths)
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
    files: list[str],
    reported: set[str] | None,
    options: Options,
    tax: taxonomy.Taxonomy,
    cache: Cache,
) -> tuple[list[Problem], list[Suppression], _ModelBuilder]:
    """Each file's problems (of the reported files) and suppressions, and the model its sector
    joins. Results stream into the model: nothing else of a file is kept."""
    problems: list[Problem] = []
    suppressions: list[Suppression] = []
    builder = _ModelBuilder(len(files), options, tax)
    for result in _analyse_all(files, reported, options, tax, cache):
        if reported is None or result.path in reported:
            problems.extend(result.problems)
        suppressions.extend(result.suppressions)
        builder.add(result)
    return problems, suppressions, builder


def _involving(problems: list[Problem], reported: set[str] | None) -> list[Problem]:
    """The cross-file problems a partial run reports: in a reported file, or involving one."""
    if reported is None:
        return problems
    return [p for p in problems if p.path in reported or reported.intersection(p.related)]


def _open_cache(options: Options, tax: taxonomy.Taxonomy) -> Cache:
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


def _analyse_all(
    paths: list[str],
    given: set[str] | None,
    options: Options,
    tax: taxonomy.Taxonomy,
    cache: Cache,
) -> Iterator[analysis.FileResult]:
    """Each file on its own: from the cache where its bytes are known, else analysed.

    Only paths travel to the workers, which read the files themselves: no file's bytes are
    held longer than it takes to hash them.
    """

    def complete(path: str) -> bool:
        return given is None or options.full_model or path in given

    use_signatures = options.texts is None and cache.file is not None
    misses: list[str] = []  # paths only: a large cold run misses every file
    seen: dict[str, reading.Signature] = {}  # the misses' signatures, taken before they are read
    for path in paths:
        now = reading.signature(path) if use_signatures else None
        # (a full model needs every document: each file is read once, by its analysis)
        looked_up = not cache.empty and not options.full_model
        cached = _from_cache(path, options, cache, now) if looked_up else None
        if cached is not None and (cached.complete or not complete(path)):
            yield cached
            continue
        misses.append(path)
        if now is not None:
            seen[path] = now
    analysed = _analyse(misses, complete, options, tax, cache, len(paths) - len(misses), len(paths))
    for result, path in zip(analysed, misses, strict=True):
        result.path = path  # one copy of each path string, not one more from every worker
        if path in seen and result.digest:
            cache.remember_signature(path, seen[path].text, result.digest, seen[path].looked)
        yield result


def _from_cache(
    path: str,
    options: Options,
    cache: Cache,
    now: reading.Signature | None,
) -> analysis.FileResult | None:
    """The cached result of the file's bytes. A file whose stat signature is unchanged since
    an earlier run (and was not changed just before it) is not read at all."""
    digest = cache.known_digest(path, now) if now is not None else None
    if digest is None:
        raw, _ = _read(path, options)
        if raw is None:
            return None  # analysed again, which reports why it cannot be read
        digest = analysis.digest(path, raw)
        if now is not None:
            cache.remember_signature(path, now.text, digest, now.looked)
    return cache.result(path, digest)


def _analyse(
    paths: list[str],
    complete: Callable[[str], bool],
    options: Options,
    tax: taxonomy.Taxonomy,
    cache: Cache,
    done: int,
    total: int,
) -> Iterator[analysis.FileResult]:
    """Whoever analyses a file also writes its cache entry: a worker, or this process."""
    report = options.progress or (lambda d, t: None)
    # Workers read files from disk, and send back no documents: a set given as texts, and a
    # full model, are analysed here.
    in_process = options.texts is not None or options.full_model
    if options.jobs <= 1 or len(paths) < options.pool_from or in_process:
        for start in range(0, len(paths), 100):
            batch = paths[start : start + 100]
            results = [_analyse_one(p, options, tax, complete(p)) for p in batch]
            cache.remember(results)
            report(done + start + len(batch), total)
            yield from results
        return
    from sectorlint.pool import analyse_in_parallel

    cache.flush()  # the workers write to the database too
    yield from analyse_in_parallel(
        paths, complete, options.limits, tax, cache.file, options.jobs, done, total, report
    )


def _read(path: str, options: Options) -> tuple[bytes | None, Problem | None]:
    """A file's bytes: from the texts given for the set, else from disk within the caps."""
    if options.texts is not None:
        raw = options.texts[path]
        cap = options.limits.max_file_size
        if len(raw) > cap:
            message = f"file is {len(raw):,} bytes, over the {cap:,}-byte cap (see --max-file-size)"
            return None, Problem(path, START_OF_FILE, "Y008", message)
        return raw, None
    from sectorlint.reading import read_bytes

    return read_bytes(path, options.limits.max_file_size)


def _analyse_one(
    path: str, options: Options, tax: taxonomy.Taxonomy, complete: bool
) -> analysis.FileResult:
    raw, problem = _read(path, options)
    if raw is None:
        return analysis.FileResult(path, "", (problem,) if problem else ())
    kind = kinds.kind_of(path)
    return kind.analyse(path, raw, options.limits, tax, complete, options.full_model)


class _ModelBuilder:
    """The model, built as results arrive: sectors in memory, or for a very large set, spilled
    to a temporary file (`spill`) so that memory does not grow with the number of files."""

    def __init__(self, count: int, options: Options, tax: taxonomy.Taxonomy) -> None:
        self.options = options
        self.taxonomy = tax
        self.positions = SpanLoader(lambda path: _read(path, options)[0], options.limits)
        self.sectors: list[Sector] = []
        self.digests: list[tuple[str, str]] = []
        self.spill: Spill | None = None
        if count >= options.spill_from and not options.full_model:
            from sectorlint.spill import Spill

            self.spill = Spill()

    def add(self, result: analysis.FileResult) -> None:
        self.digests.append((result.path, result.digest))
        if result.projection is None:
            return
        if self.spill is not None:
            self.spill.add(result.path, result.projection)
            return
        if self.options.full_model:
            if result.document is not None:
                self.sectors.append(Sector(result.document))
        else:
            joined = kinds.kind_of(result.path).joined(
                result.path, result.projection, self.positions
            )
            self.sectors.append(joined)

    def model(self) -> Model:
        if self.spill is not None:
            return Model(self.spill.sectors(self.positions), self.taxonomy)
        return Model(self.sectors, self.taxonomy)

    def set_key(self) -> str:
        """What the cross-file rules' results depend on: every file's path and bytes."""
        return _set_key(sorted(self.digests), self.options.former_ids)


def _set_key(pairs: Iterable[tuple[str, str]], former_ids: frozenset[str]) -> str:
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
