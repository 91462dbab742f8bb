"""The cross-file rules kept up to date while one sector at a time changes: what a session runs.

A rule's work is cut into units: one per sector for a rule that looks from one sector at a time
(`check_sector`), one for the whole set otherwise. Each unit's problems are kept with what it
read of the model (a `model.Reads`: the keys it looked up and the sectors it found, the sectors
its problems point into, whether it listed every id or walked the set). When a sector is
replaced, the model says what changed (`model.Changed`), and only the units that read it run
again: an edit to one file's prose re-checks that file's sector, an id renamed re-checks the
sectors that looked that id up. The problems are those `run_set_rules` finds on the same model.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator

from sectorlint.model import Changed, LiveModel, Reads, Sector
from sectorlint.problem import START_OF_FILE, Problem
from sectorlint.rules import SET_RULES, Rule, born, found
from sectorlint.rules._each import SectorCheck

Unit = tuple[str, str]  # (rule code, the path of the sector it looks from; "": the whole set)
_WHOLE = ""


def _sector_check(rule: Rule) -> SectorCheck | None:
    check: SectorCheck | None = getattr(rule, "check_sector", None)
    return check


class LiveSetRules:
    """Every cross-file rule's problems over a live model, kept up to date by `replace`."""

    def __init__(self, model: LiveModel, first_file: Callable[[], str]) -> None:
        self.model = model
        self.first_file = first_file  # where a failing rule's Y000 goes
        self._problems: dict[Unit, list[Problem]] = {}
        # what each unit read, as keys of `_readers` (a tuple, not its `Reads`: 90,000 units
        # for 10,000 sectors, most of which read little)
        self._reads: dict[Unit, tuple[Hashable, ...]] = {}
        # the units that read each thing: (table, key), a sector's path, ("across", what
        # finds it), ("walk", "every" | "graph" | "ids")
        self._readers: dict[Hashable, set[Unit]] = {}
        self._in_file: dict[str, dict[Unit, list[Problem]]] = {}
        # rules run as one unit: those with no `check_sector`, and any that failed in a unit
        self._whole = {code for code, rule in SET_RULES.items() if _sector_check(rule) is None}
        paths = [sector.path for sector in model.store]
        for code in SET_RULES:
            for path in [_WHOLE] if code in self._whole else paths:
                self._run((code, path))

    def problems_in(self, path: str) -> list[Problem]:
        """The set rules' problems in one file."""
        return [p for problems in self._in_file.get(path, {}).values() for p in problems]

    def replace(self, path: str, sector: Sector | None) -> set[str]:
        """Put `sector` in the model in place of the sector of `path` (None: none now), and run
        again what read what that changed: the files whose set problems may have changed."""
        changed = self.model.replace(path, sector)
        touched: set[str] = set()
        for unit in sorted(self._stale(changed)):
            touched |= self._run(unit)
        return touched

    def _stale(self, changed: Changed) -> set[Unit]:
        read: list[Hashable] = [changed.path, *changed.keys, ("walk", "every")]
        read += [("walk", "graph")] if changed.graph else []
        read += [("walk", "ids")] if changed.ids else []
        read += [("across", of) for of in changed.across]
        stale: set[Unit] = set()
        for thing in read:
            stale |= self._readers.get(thing, set())
        # the replaced sector's own units: run for the new one, or dropped with the old
        stale.update((code, changed.path) for code in SET_RULES if code not in self._whole)
        return stale

    def _run(self, unit: Unit) -> set[str]:
        """Run one unit again (or drop it, its sector gone): the files its problems were or
        are in."""
        touched = self._forget(unit)
        code, path = unit
        rule = SET_RULES[code]
        check = _sector_check(rule)
        sector = self.model.sector_at(path) if path else None
        if path and (sector is None or check is None or code in self._whole):
            return touched
        reads = Reads(relations_only=getattr(rule, "READS", "") == "relations")
        self.model.reading = reads
        try:
            if check is not None and sector is not None:
                reads.sectors.add(sector.path)
                problems = list(born(rule, check(self.model, sector)))
            else:
                problems = self._whole_rule(rule, reads)
        except Exception:  # a unit that fails: the rule runs whole from now on, as a run's does
            self.model.reading = None
            return touched | self._run_whole(code)
        finally:
            self.model.reading = None
        self._remember(unit, problems, reads)
        return touched | {p.path for p in problems}

    def _whole_rule(self, rule: Rule, reads: Reads) -> list[Problem]:
        """The rule over the whole model; failing, what it found before and a Y000, as
        `run_set_rules` reports it (and run again at every change, as the first file may)."""
        problems: list[Problem] = []
        try:
            problems.extend(found(rule, self.model))
        except Exception as exc:
            message = f"internal error in rule {rule.CODE}, please report it: {exc!r}"
            problems.append(Problem(self.first_file(), START_OF_FILE, "Y000", message))
            reads.every = True
        return problems

    def _run_whole(self, code: str) -> set[str]:
        self._whole.add(code)
        touched: set[str] = set()
        for unit in [u for u in self._reads if u[0] == code]:
            touched |= self._forget(unit)
        return touched | self._run((code, _WHOLE))

    def _remember(self, unit: Unit, problems: list[Problem], reads: Reads) -> None:
        for problem in problems:  # where a problem points, and the lines its message names
            reads.sectors.add(problem.path)
            reads.sectors.update(problem.related)
            self._in_file.setdefault(problem.path, {}).setdefault(unit, []).append(problem)
        if problems:
            self._problems[unit] = problems
        read = self._reads[unit] = tuple(self._read(reads))
        for thing in read:
            self._readers.setdefault(thing, set()).add(unit)

    def _forget(self, unit: Unit) -> set[str]:
        """Drop a unit's problems and reads: the files its problems were in."""
        for thing in self._reads.pop(unit, ()):
            units = self._readers.get(thing)
            if units is not None:
                units.discard(unit)
                if not units:
                    del self._readers[thing]
        touched = set()
        for problem in self._problems.pop(unit, ()):
            touched.add(problem.path)
            in_file = self._in_file.get(problem.path)
            if in_file is not None:
                in_file.pop(unit, None)
                if not in_file:
                    del self._in_file[problem.path]
        return touched

    def _read(self, reads: Reads) -> Iterator[Hashable]:
        """What `reads` holds, each as a key of `_readers`."""
        yield from reads.keys  # (table, key)
        yield from reads.sectors  # a path
        yield from (("across", of) for of in reads.across)
        walked = ("every", reads.every), ("graph", reads.graph), ("ids", reads.all_ids)
        yield from (("walk", name) for name, walks in walked if walks)
