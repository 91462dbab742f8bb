"""A content set kept alive between checks: what an editor's server needs.

`Session` reads a content set once; each `update` then re-checks one document, given as the
text of an unsaved buffer (or read again from disk), against the rest of the set, and returns
the problems of every file whose problems changed. What did not change is reused: each other
file's own analysis (its parse, schema and single-sector rules) and its sector in the model.
The cross-file rules run again over the model, as a run's do. Nothing is ever written.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from sectorlint import analysis, engine
from sectorlint.document import SpanLoader
from sectorlint.kinds import SUFFIXES, kind_of
from sectorlint.model import Model, Sector
from sectorlint.problem import Problem
from sectorlint.reading import read_bytes, within_cap
from sectorlint.select import Selector

Problems = dict[str, tuple[Problem, ...]]  # file -> its problems, in order


class Session:
    """The content set of `paths` (files or folders, as `check` takes them)."""

    def __init__(self, paths: Sequence[str], options: engine.Options | None = None) -> None:
        self.options = options or engine.Options()
        self.taxonomy = self.options.config.taxonomy()
        self.selector = Selector(self.options.config, engine.all_codes)
        self.buffers: dict[str, bytes] = {}  # unsaved texts, by path
        self.results: dict[str, analysis.FileResult] = {}
        self.sectors: dict[str, Sector] = {}
        self.reported: Problems = {}
        self.names: dict[str, str] = {}  # a file's resolved path -> the path the set knows
        self.spans = SpanLoader(lambda path: self._bytes(path)[0], self.options.limits)
        found = engine.content_set(paths, self.options)
        files, self.found = found.files, found.problems
        # where a document may join the set: the folders given, and those of the files given
        self.folders = [os.path.realpath(p if os.path.isdir(p) else os.path.dirname(p) or ".")
                        for p in paths]  # fmt: skip
        for path in files:
            self.names[os.path.realpath(path)] = path
            self._analyse(path)

    def check(self) -> Problems:
        """Every file's problems (files without any map to an empty tuple)."""
        self.reported = self._all_problems()
        return dict(self.reported)

    def update(self, path: str, text: str | None) -> Problems:
        """Check `path` again: as `text` (an editor's buffer), or as it is on disk when `text`
        is None (the buffer was saved or closed; a file gone from disk leaves the set). The
        problems of every file whose problems changed come back, () for a file now clean."""
        known = self._known(path)
        if known is None:
            return {}  # not a document of this content set: `check` would not read it either
        path = known
        if text is None:
            self.buffers.pop(path, None)
        else:
            self.buffers[path] = text.encode("utf-8", "surrogatepass")
        if text is None and not os.path.exists(path):
            self.results.pop(path, None)
            self.sectors.pop(path, None)
        else:
            self._analyse(path)
        now = self._all_problems()
        before, self.reported = self.reported, now
        return {p: now.get(p, ()) for p in {*now, *before} if now.get(p, ()) != before.get(p, ())}

    def _known(self, path: str) -> str | None:
        """The path the set knows a document by, however it is named (absolute, relative,
        through a link); a new one is taken as named. None for what the set cannot hold: not
        a content file, hidden, or outside the folders the session was given."""
        real = os.path.realpath(path)
        if real in self.names:
            return self.names[real]
        name = os.path.basename(real)
        if name.startswith(".") or not name.endswith(SUFFIXES):
            return None
        if not any(real.startswith(folder + os.sep) for folder in self.folders):
            return None
        self.names[real] = os.path.normpath(path)
        return self.names[real]

    def _bytes(self, path: str) -> tuple[bytes | None, Problem | None]:
        cap = self.options.limits.max_file_size
        if path not in self.buffers:
            return read_bytes(path, cap)
        return within_cap(path, self.buffers[path], cap)  # as if it were on disk

    def _analyse(self, path: str) -> None:
        raw, problem = self._bytes(path)
        if raw is None:
            result = analysis.FileResult(path, "", (problem,) if problem else ())
        else:
            result = kind_of(path).analyse(path, raw, self.options.limits, self.taxonomy)
        self.results[path] = result
        self.sectors.pop(path, None)
        if result.projection is not None:
            projection = dict(result.projection)  # the model takes its copy over
            self.sectors[path] = kind_of(path).joined(path, projection, self.spans)

    def _all_problems(self) -> Problems:
        from sectorlint.rules import run_set_rules

        model = Model(sorted(self.sectors.values(), key=lambda s: s.path), self.taxonomy)
        first = min(self.results, default="")
        set_problems, _ = run_set_rules(model, first)
        problems = list(self.found)
        suppressions = []
        for result in self.results.values():
            problems.extend(result.problems)
            for suppression in result.suppressions:
                suppression.used = None  # used in an earlier check: forgotten
                suppressions.append(suppression)
        problems.extend(set_problems)
        grouped: dict[str, list[Problem]] = {path: [] for path in self.results}
        for problem in self.selector.apply(problems, suppressions):
            grouped.setdefault(problem.path, []).append(problem)
        return {path: tuple(found) for path, found in grouped.items()}
