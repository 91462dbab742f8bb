"""Running the analysis unit in worker processes, when there are enough files to pay for them.

Each worker makes its own unit once (`make_unit`: its own cache connection, its own record of
how often files needed their spans), then gets batches of paths (with their bytes, when the
parent read them already to look them up in the cache); the unit reads each file the parent did
not, analyses it and writes its entry, there, in parallel, and plain results come back. Batches
keep the per-task overhead small; results come back in input order.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from sectorlint.analysis import FileResult

# (path, whether it gets the complete check, its bytes when they were read already: else the
# unit reads them)
Batch = list[tuple[str, bool, bytes | None]]
Unit = Callable[[Batch], list[FileResult]]

_IN_FLIGHT = 4  # batches out per worker: enough that no worker waits for the next

_worker_unit: Unit | None = None


def _start(make_unit: Callable[[], Unit]) -> None:
    global _worker_unit
    _worker_unit = make_unit()  # in the worker: a cache connection is never one across a fork


def _run(batch: Batch) -> list[FileResult]:
    assert _worker_unit is not None
    return _worker_unit(batch)


def analyse_in_parallel(
    batches: Iterable[Batch], make_unit: Callable[[], Unit], jobs: int
) -> Iterator[list[FileResult]]:
    """Each batch's results, in the order of `batches`. Only a few batches per worker are out
    at a time, so that neither the batches nor their results pile up in memory on a large run.
    `make_unit` must be picklable where workers are not forked."""
    # fork: a worker starts with the modules already imported, in milliseconds
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    waiting = iter(batches)
    with ProcessPoolExecutor(jobs, context, initializer=_start, initargs=(make_unit,)) as pool:
        out: deque[Future[list[FileResult]]] = deque()
        for batch in itertools.islice(waiting, _IN_FLIGHT * jobs):
            out.append(pool.submit(_run, batch))
        while out:
            finished = out.popleft().result()
            for batch in itertools.islice(waiting, 1):
                out.append(pool.submit(_run, batch))
            yield finished
