"""A content set kept alive between checks: what an editor's server needs.

`Session` reads a content set once; each `update` then re-checks one document, given as the
text of an unsaved buffer (or read again from disk), against the rest of the set, and returns
the problems of every file whose problems changed. It starts as `check` does (each file from the
cache, or analysed in workers, as the options say). What did not change is reused: each other
file's own analysis (its parse, schema and single-sector rules), its sector in the model (which
is updated in place, `model.LiveModel`), and the cross-file rules' findings that read nothing
the change touched (`rules.live`). Selection (suppressions, severities) is worked out again for
the files whose problems may have changed only: it never looks across files. Nothing but the
cache (at the start, where the options use it) is ever written.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from sectorlint import analysis, engine
from sectorlint.document import SpanLoader
from sectorlint.kinds import SUFFIXES, kind_of
from sectorlint.model import LiveModel, Sector
from sectorlint.problem import Problem
from sectorlint.reading import read_bytes, within_cap
from sectorlint.rules.live import LiveSetRules
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
        # each file analysed as `check` analyses it: from its cache, in workers, when the
        # options say so
        found, results = engine.analyse_each(paths, self.options)
        self.found: dict[str, list[Problem]] = {}  # finding the set, by path
        for problem in found.problems:
            self.found.setdefault(problem.path, []).append(problem)
        # where a document may join the set: the folders given, and those of the files given
        self.folders = [os.path.realpath(p if os.path.isdir(p) else os.path.dirname(p) or ".")
                        for p in paths]  # fmt: skip
        for result in results:
            self.names[os.path.realpath(result.path)] = result.path
            self._keep(result)
        self.model = LiveModel(list(self.sectors.values()), self.taxonomy)
        self.set_rules = LiveSetRules(self.model, lambda: min(self.results, default=""))

    def check(self) -> Problems:
        """Every file's problems (files without any map to an empty tuple)."""
        self.reported = {}
        for path in {*self.results, *self.found}:
            self._report(path)
        return dict(self.reported)

    def update(self, path: str, text: str | None) -> Problems:
        """Check `path` again: as `text` (an editor's buffer), or as it is on disk when `text`
        is None (the buffer was saved or closed; a file gone from disk leaves the set). The
        problems of every file whose problems changed come back, () for a file now clean."""
        known = self.known(path)
        if known is None:
            return {}  # not a document of this content set: `check` would not read it either
        path = known
        if text is None:
            self.buffers.pop(path, None)
        else:
            self.buffers[path] = text.encode("utf-8", "surrogatepass")
        before = self.results.get(path)
        if text is None and not os.path.exists(path):
            self.results.pop(path, None)
            self.sectors.pop(path, None)
        elif self._analyse(path) and before is not None and before.digest:
            self.results[path] = before  # the same bytes: the same findings, and positions
            return {}
        touched = {path, *self.set_rules.replace(path, self.sectors.get(path))}
        changed = {}
        for file in touched:
            was = self.reported.get(file, ())
            if self._report(file) != was:
                changed[file] = self.reported.get(file, ())
        return changed

    def known(self, path: str) -> str | None:
        """The path the set knows a document by, however it is named (absolute, relative,
        through a link); a new one is taken as named. None for what the set cannot hold: not
        a content file, hidden, or outside the folders the session was given."""
        real = os.path.realpath(path)
        if real in self.names:
            return self.names[real]
        name = os.path.basename(real)
        if name.startswith(".") or not name.endswith(SUFFIXES):
            return None
        within = [f for f in self.folders if real.startswith(f + os.sep)]
        # below a hidden folder (`.history/`, an editor's backups): discovery skips those too
        if not any(_visible(os.path.relpath(real, folder)) for folder in within):
            return None
        self.names[real] = os.path.normpath(path)
        return self.names[real]

    def _bytes(self, path: str) -> tuple[bytes | None, Problem | None]:
        cap = self.options.limits.max_file_size
        if path not in self.buffers:
            return read_bytes(path, cap)
        return within_cap(path, self.buffers[path], cap)  # as if it were on disk

    def _analyse(self, path: str) -> bool:
        """Analyse the document again: whether its bytes are those analysed before."""
        raw, problem = self._bytes(path)
        if raw is None:
            result = analysis.FileResult(path, "", (problem,) if problem else ())
        else:
            result = kind_of(path).analyse(path, raw, self.options.limits, self.taxonomy)
        before = self.results.get(path)
        if before is not None and result.digest and result.digest == before.digest:
            return True
        self._keep(result)
        return False

    def _keep(self, result: analysis.FileResult) -> None:
        """A document's analysis, and its sector in the set (none where it has none)."""
        path = result.path
        self.results[path] = result
        self.sectors.pop(path, None)
        if result.projection is not None:
            projection = dict(result.projection)  # the model takes its copy over
            self.sectors[path] = kind_of(path).joined(path, projection, self.spans)

    def _report(self, path: str) -> tuple[Problem, ...]:
        """Select the problems of one file again (selection never looks across files: a
        suppression silences problems in its own file only) and keep them as reported."""
        result = self.results.get(path)
        problems = [*self.found.get(path, ()), *self.set_rules.problems_in(path)]
        suppressions = list(result.suppressions) if result is not None else []
        for suppression in suppressions:
            suppression.used = None  # used in an earlier check: forgotten
        if result is not None:
            problems.extend(result.problems)
        selected = tuple(self.selector.apply(problems, suppressions))
        if result is not None or selected:
            self.reported[path] = selected
        else:
            self.reported.pop(path, None)
        return selected


def _visible(relative: str) -> bool:
    return not any(part.startswith(".") for part in relative.split(os.sep))
