"""`check --fix`: the canonical form, plus the rules' fixes that nothing else in the run denies.

A rule's fix is applied only when its problem is among those the run reports (a suppressed or
ignored problem is not fixed) and no other cross-file problem of the run contradicts it: adding
the missing side of an overlap copies a relation, so when a rule says that relation is itself
wrong (R003: the taxonomy wants a subset there; R011: the two are parent and part), the fix
would spread the mistake and is left out. Every file changed is named with what changed; a file
that cannot be rewritten is reported as a problem, never skipped in silence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sectorlint import engine, fmt
from sectorlint.model import Model, Relation, Sector
from sectorlint.problem import Problem, json_path_text
from sectorlint.schema import is_valid_relation_target
from sectorlint.select import Selector

# What justifies adding the other side of an overlap: R005, or R003 when the taxonomy requires it.
_OVERLAP_CODES = ("R005", "R003")
_OVERLAPS = json_path_text(("relations", "overlaps_with"))


class Fixed(NamedTuple):
    """What `--fix` did: one line per file changed, and the files it could not change."""

    changes: list[str]
    refused: list[Problem]


def fix(paths: Sequence[str], options: engine.Options) -> Fixed:
    result = engine.run(paths, options)
    fixes = plan(result.model, result.report.problems)
    tax = options.config.taxonomy()
    root = options.config.root
    strict = Selector(options.config, engine.all_codes).made_errors()
    outcomes = fmt.format_paths(paths, tax, options.limits, fixes, root=root, strict=strict)
    # Fixes may land in files of the content set that were not among the paths given.
    others = [p for p in fixes if p not in {o.path for o in outcomes}]
    if others:
        outcomes += fmt.format_paths(others, tax, options.limits, fixes, root=root, strict=strict)
    changes = [_describe(o, fixes.get(o.path, [])) for o in outcomes if o.changed]
    refused = [o.problem for o in outcomes if o.problem is not None]
    return Fixed(changes, refused)


def plan(model: Model, reported: Sequence[Problem]) -> dict[str, list[fmt.AddOverlap]]:
    """The overlap fixes, file by file, that the reported problems call for and none denies."""
    from sectorlint.rules.one_sided_overlap import missing_sides

    wanted = {(p.path, p.json_path) for p in reported if p.code in _OVERLAP_CODES}
    fixes: dict[str, list[fmt.AddOverlap]] = {}
    for sector, relation, other in missing_sides(model):
        if (other.path, _OVERLAPS) not in wanted or _denied(sector, relation, reported):
            continue
        if not is_valid_relation_target("overlaps_with", sector.id):
            continue  # an id the schema refuses (S005) would be copied as a broken relation
        # the via as `fmt` writes it on the declaring side, or the two sides would differ (R006)
        via = fmt.canonical_text(relation.via, model.taxonomy) if relation.via else None
        fixes.setdefault(other.path, []).append(fmt.AddOverlap(sector.id, via))
    return fixes


def _denied(sector: Sector, relation: Relation, reported: Sequence[Problem]) -> bool:
    """Whether a cross-file rule reports the relation the fix would copy."""
    where = json_path_text(relation.path)
    return any(
        p.path == sector.path
        and p.code.startswith("R")
        and (p.json_path == where or p.json_path.startswith((f"{where}.", f"{where}[")))
        for p in reported
    )


def _describe(outcome: fmt.Outcome, fixes: list[fmt.AddOverlap]) -> str:
    lines = outcome.diff().splitlines()[2:]  # past the two file headers
    added = sum(1 for line in lines if line.startswith("+"))
    removed = sum(1 for line in lines if line.startswith("-"))
    done = [
        f"added '{f.sector}'{f' via {f.via!r}' if f.via else ''} to relations.overlaps_with"
        for f in fixes
    ]
    what = "; ".join(done) if done else "rewrote it in the canonical form"
    return f"Fixed {outcome.path} (+{added} -{removed} lines): {what}"
