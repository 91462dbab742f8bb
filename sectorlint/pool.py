"""Analysing files in worker processes, when there are enough of them to pay for the workers.

Each worker gets the taxonomy and limits once, then batches of paths; it reads those files
itself, writes their cache entries and sends back plain results. Batches keep the per-task
overhead small; results come back in input order.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from sectorlint.analysis import FileResult, analyse_path
from sectorlint.cache import Cache
from sectorlint.limits import Limits
from sectorlint.taxonomy import Taxonomy

_BATCH = 64
_IN_FLIGHT = 4  # batches out per worker: enough that no worker waits for the next

_worker_limits: Limits | None = None
_worker_taxonomy: Taxonomy | None = None
_worker_cache = Cache(None)


def _start(limits: Limits, taxonomy: Taxonomy, cache_file: Path | None) -> None:
    global _worker_limits, _worker_taxonomy, _worker_cache
    _worker_limits, _worker_taxonomy = limits, taxonomy
    _worker_cache = Cache(cache_file)  # a connection of its own: never one across a fork


def _run(batch: list[tuple[str, bool]]) -> list[FileResult]:
    assert _worker_limits is not None and _worker_taxonomy is not None
    limits, taxonomy = _worker_limits, _worker_taxonomy
    results = [analyse_path(path, limits, taxonomy, complete) for path, complete in batch]
    _worker_cache.remember(results)  # encoded and written here, in parallel, not by the parent
    return results


def analyse_in_parallel(
    pending: list[str],
    complete: Callable[[str], bool],
    limits: Limits,
    taxonomy: Taxonomy,
    cache_file: Path | None,
    jobs: int,
    done: int,
    total: int,
    progress: Callable[[int, int], None],
) -> Iterator[FileResult]:
    """Results in the order of `pending`; `complete` tells which files get the complete check.
    Only a few batches per worker are out at a time, so that neither the batches nor their
    results pile up in memory on a large run."""
    # fork: a worker starts with the modules already imported, in milliseconds
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    starts = iter(range(0, len(pending), _BATCH))

    def batch(start: int) -> list[tuple[str, bool]]:
        return [(path, complete(path)) for path in pending[start : start + _BATCH]]

    with ProcessPoolExecutor(
        jobs, context, initializer=_start, initargs=(limits, taxonomy, cache_file)
    ) as pool:
        out: deque[Future[list[FileResult]]] = deque()
        for start in itertools.islice(starts, _IN_FLIGHT * jobs):
            out.append(pool.submit(_run, batch(start)))
        while out:
            finished = out.popleft().result()
            for start in itertools.islice(starts, 1):
                out.append(pool.submit(_run, batch(start)))
            done += len(finished)
            progress(done, total)
            yield from finished
