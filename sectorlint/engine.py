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
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sectorlint import __version__, analysis, taxonomy
from sectorlint.cache import Cache, cache_key, default_directory
from sectorlint.config import Config
from sectorlint.discover import CONTENT_SUFFIXES, discover
from sectorlint.document import Document, Spans
from sectorlint.limits import Limits, TooManyFiles
from sectorlint.model import Model, Sector, build_model
from sectorlint.problem import START_OF_FILE, Problem, Severity
from sectorlint.select import Selector

Progress = Callable[[int, int], None]  # (files done, files in all)

_POOL_FROM = 200  # below this many files to analyse, starting workers costs more than it saves


@dataclass(frozen=True)
class Options:
    config: Config = field(default_factory=lambda: Config(root=Path.cwd()))
    limits: Limits = field(default_factory=Limits)
    jobs: int = 1
    use_cache: bool = False
    full_model: bool = False  # sectors with all their data (render needs it), not a projection
    progress: Progress | None = None


@dataclass(frozen=True)
class Report:
    files: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def files_with_problems(self) -> int:
        """Files (or folders) with a problem, including files a partial run's files involve."""
        return len({p.path for p in self.problems})


@dataclass(frozen=True)
class Result:
    report: Report
    model: Model  # every sector read, the given files' and their content set's

    @property
    def has_errors(self) -> bool:
        return any(p.severity == Severity.ERROR for p in self.report.problems)


def all_codes() -> dict[str, Severity]:
    """Every code sectorlint can report, with its default severity."""
    from sectorlint.catalog import default_severities

    return default_severities()


def check(paths: Sequence[str], options: Options | None = None) -> Report:
    return run(paths, options).report


def run(paths: Sequence[str], options: Options | None = None) -> Result:
    """Check the given paths; the model of their whole content set comes back too."""
    options = options or Options()
    found = discover(paths)
    given = found.files
    tax = taxonomy.load(options.config.taxonomy_overrides)
    cache = _open_cache(options, tax)
    walked = [path for path in paths if os.path.isdir(path)]
    files = [*given, *_context_files(given, options.config, walked)]
    if len(files) > options.limits.max_files:
        raise TooManyFiles(
            f"{len(files):,} files to read, over the cap of {options.limits.max_files:,} "
            "(see --max-files)"
        )
    results = _analyse_all(files, set(given), options, tax, cache)

    reported = set(given)
    problems = list(found.problems)
    problems += [p for path in given for p in results[path].problems]
    model = _model(results, options, tax)
    problems += [
        p
        for p in _set_problems(model, results, cache)
        if p.path in reported or reported.intersection(p.related)
    ]
    suppressions = [s for result in results.values() for s in result.suppressions]
    selector = Selector(options.config, all_codes)
    selected = selector.apply(problems, suppressions, report_unused_in=reported)
    cache.close(keep={r.digest for r in results.values()})
    return Result(Report(tuple(given), tuple(selected)), model)


def _open_cache(options: Options, tax: taxonomy.Taxonomy) -> Cache:
    if not options.use_cache:
        return Cache(None)
    from sectorlint.schema import schema_text

    limits = options.limits
    key = cache_key(
        __version__,
        _code_fingerprint(),
        schema_text(),
        json.dumps(asdict(tax), sort_keys=True),
        repr(limits),  # every cap changes what a file's check finds
    )
    directory = options.config.cache_dir or default_directory(options.config.root)
    return Cache.in_directory(Path(directory), key)


def _code_fingerprint() -> str:
    """sectorlint's own files, by size and time: an edited checkout never reads stale results."""
    package = Path(__file__).parent
    stamps = []
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        stamps.append(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(stamps)


def _analyse_all(
    paths: list[str],
    given: set[str],
    options: Options,
    tax: taxonomy.Taxonomy,
    cache: Cache,
) -> dict[str, analysis.FileResult]:
    """Each file on its own: from the cache where its bytes are known, else analysed.

    Only paths travel to the workers, which read the files themselves: no file's bytes are
    held longer than it takes to hash them.
    """
    results: dict[str, analysis.FileResult] = {}
    misses: list[tuple[str, bool]] = []
    for path in paths:
        complete = path in given or options.full_model
        cached = _from_cache(path, options.limits, cache) if cache.enabled else None
        if cached is not None and (cached.complete or not complete):
            results[path] = cached
        else:
            misses.append((path, complete))
    analysed = _analyse(misses, options, tax, cache, len(results), len(paths))
    for result, (path, _) in zip(analysed, misses, strict=True):
        result.path = path  # one copy of each path string, not one more from every worker
        results[path] = result
    return {path: results[path] for path in paths}


def _from_cache(path: str, limits: Limits, cache: Cache) -> analysis.FileResult | None:
    from sectorlint.reading import read_bytes

    raw, _ = read_bytes(path, limits.max_file_size)
    if raw is None:
        return None  # analysed again, which reports why it cannot be read
    digest = analysis.digest(path, raw)
    entry = cache.get(digest)
    if entry is None:
        return None
    try:
        return analysis.from_json(path, digest, entry)
    except (ValueError, TypeError, KeyError, IndexError):
        return None  # a damaged entry is recomputed, never trusted


def _analyse(
    paths: list[tuple[str, bool]],
    options: Options,
    tax: taxonomy.Taxonomy,
    cache: Cache,
    done: int,
    total: int,
) -> list[analysis.FileResult]:
    """Whoever analyses a file also writes its cache entry: a worker, or this process."""
    report = options.progress or (lambda d, t: None)
    if options.jobs <= 1 or len(paths) < _POOL_FROM:
        results = []
        for index, (path, complete) in enumerate(paths, start=1):
            results.append(analysis.analyse_path(path, options.limits, tax, complete))
            if index % 100 == 0:
                report(done + index, total)
        analysis.remember(results, cache)
        return results
    from sectorlint.pool import analyse_in_parallel

    cache.flush()  # the workers write to the database too
    return analyse_in_parallel(
        paths, options.limits, tax, cache.file, options.jobs, done, total, report
    )


def _model(
    results: dict[str, analysis.FileResult], options: Options, tax: taxonomy.Taxonomy
) -> Model:
    if options.full_model:
        from sectorlint.source import read

        documents = []
        for path, result in results.items():
            document = read(path, options.limits).document if result.projection else None
            if document is not None:
                documents.append(document)
        return build_model(documents, tax)
    positions = _Positions(options.limits)
    sectors = [
        analysis.sector_of(path, result.projection, positions)
        for path, result in results.items()
        if result.projection is not None
    ]
    return Model(sorted(sectors, key=lambda s: s.path), tax)


class _Positions:
    """Reads a file again for its positions: only files a cross-file problem points into pay.
    One of these serves every document of a run."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def __call__(self, path: str) -> tuple[str, Spans, Spans]:
        from sectorlint.source import read

        document = read(path, self.limits).document
        if document is None:
            return "", {}, {}
        return document.text, document.key_spans, document.value_spans


def _set_problems(
    model: Model, results: dict[str, analysis.FileResult], cache: Cache
) -> list[Problem]:
    """The cross-file rules' problems; reused from the cache when no file of the set changed."""
    key = cache_key(*(f"{path}\0{r.digest}" for path, r in sorted(results.items())))
    cached = cache.get_set(key)
    if cached is not None:
        try:
            return [analysis.problem_from_json(item[0], item[1:]) for item in cached]
        except (ValueError, TypeError, IndexError):
            pass  # damaged: run the rules again
    from sectorlint.rules import SET_RULES

    problems: list[Problem] = []
    for code, rule in SET_RULES.items():
        try:
            problems.extend(rule.check(model))
        except Exception as exc:  # one broken rule must not hide the others' findings
            first = next(iter(results), "")
            message = f"internal error in rule {code}, please report it: {exc!r}"
            problems.append(Problem(first, START_OF_FILE, "Y000", message))
    cache.put_set(key, [analysis.problem_with_path_json(p) for p in problems])
    return problems


def _context_files(given: list[str], config: Config, walked: Sequence[str] = ()) -> list[str]:
    """The rest of the content set each given file belongs to.

    That is the configured content root holding it, or, for a file outside every root, the
    content files beside it in its folder: a file is never checked as if it were alone.
    """
    roots = [os.path.realpath(root) for root in config.content_root_paths()]
    roots = [root for root in roots if os.path.isdir(root)]
    folders: dict[str, str] = {}  # resolving each folder once, not each of 10,000 files

    def real(path: str) -> str:
        folder, name = os.path.split(path)
        if folder not in folders:
            folders[folder] = os.path.realpath(folder or ".")
        return os.path.join(folders[folder], name)

    seen = {real(path) for path in given}
    sets: list[str] = []
    for path in given:
        resolved = real(path)
        holder = next((r for r in roots if resolved.startswith(r + os.sep)), None)
        sets.append(holder if holder is not None else os.path.dirname(resolved))
    covered = [os.path.realpath(folder) for folder in walked]  # given whole: nothing to add
    extra: list[str] = []
    for folder in dict.fromkeys(sets):
        if any(folder == c or folder.startswith(c + os.sep) for c in covered):
            continue
        in_root = folder in roots
        members = discover([_display(Path(folder))]).files if in_root else _siblings(folder, seen)
        for path in members:
            resolved = real(path)
            if resolved not in seen:
                seen.add(resolved)
                extra.append(path)
    return extra


def _siblings(folder: str, seen: set[str]) -> list[str]:
    """The content files in `folder` not already among `seen` (resolved paths)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    shown = _display(Path(folder))
    found = []
    for name in names:
        if name.startswith(".") or not name.endswith(CONTENT_SUFFIXES):
            continue
        if os.path.join(folder, name) in seen:
            continue  # given already: most of a folder, when pre-commit passes it all
        path = os.path.normpath(os.path.join(shown, name))
        if os.path.isfile(path):
            found.append(path)
    return found


def _display(path: Path) -> str:
    """Relative to the working directory when below it, as users expect to see paths."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative
