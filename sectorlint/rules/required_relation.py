"""A relation the taxonomy requires is missing or contradicted.

The taxonomy (`schema/taxonomy.json`, extended or replaced by configuration) states relations
that must hold between known sectors: a call center is a subset of BPO; IT and BPO overlap
through IT-enabled services. A content set that leaves one out, or declares something else in
its place, tells readers the wrong story. A missing relation is reported at the closest key that
should hold it.

A requirement whose sector is gone while the other side is still there is reported too, never
silently dropped, when the sector was renamed (a sector's name or alias still matches the missing
id; it is reported there) or, in a run compared with a revision (`--staged`, `--since`), when the
id existed then (a file deleted, an id renamed beyond recognition). A content set that never had
the sector is left alone: the requirement speaks of sectors it does not cover.
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model, Relation, Sector
from sectorlint.problem import Problem, Severity
from sectorlint.rules.one_sided_overlap import missing_side
from sectorlint.taxonomy import RequiredRelation, normalize

CODE = "R003"
NAME = "required-relation"
SEVERITY = Severity.ERROR

BAD = {
    "bpo.yaml": "id: bpo\n",
    "call-center.yaml": """\
id: call-center
relations:
  supports:
    - sector: bpo
#     ^ R003
      how: Answers the phone for BPO clients.
""",
}
GOOD = {
    "bpo.yaml": "id: bpo\n",
    "call-center.yaml": """\
id: call-center
relations:
  subset_of:
    - sector: bpo
""",
}

_WORDS = {"subset_of": "a subset of", "overlaps_with": "overlapping with", "supports": "supporting"}


def check(model: Model) -> Iterator[Problem]:
    for required in model.taxonomy.required_relations:
        sector = model.by_id.get(required.sector)
        target = model.by_id.get(required.target)
        if sector is not None and target is not None:
            yield from _check_one(model, sector, target, required)
        elif sector is not None or target is not None:
            missing = required.target if sector is not None else required.sector
            yield from _missing(model, missing, sector or target, required)


def _missing(
    model: Model, missing: str, present: Sector | None, required: RequiredRelation
) -> Iterator[Problem]:
    if present is None:
        return
    renamed = model.resolve(missing)  # by name or alias: the sector that was renamed
    # a requirement the project wrote names sectors it has: a typo (help-dsk) is told
    known = required.configured or missing in model.former_ids
    misspelt = _close_id(model, missing, present) if known and renamed is None else None
    if renamed is None and not known:
        return  # a shipped requirement of a sector this set never had: it does not apply
    wanted = f"'{required.sector}' to be {_WORDS[required.kind]} '{required.target}'"
    message = f"the taxonomy requires {wanted}, but no sector has the id '{missing}'"
    if renamed is not None:
        name = renamed.text("name") or renamed.id
        message += f" (did you mean '{renamed.id}', the id of {name}?); give it that id back, or"
    elif misspelt is not None:
        message += f" (did you mean '{misspelt.id}'?);"
    elif required.configured and missing not in model.former_ids:
        message += ";"
    else:
        message += " any more; restore it, or"
    message += " change required-relations in the configuration"
    where = renamed or present
    related = tuple(p for p in {present.path, (renamed or misspelt or present).path} - {where.path})
    yield where.problem(CODE, ("id",), message, related=related)


def _close_id(model: Model, missing: str, present: Sector) -> Sector | None:
    """The sector a misspelt id in the requirement probably means (`help-dsk`), if any."""
    from sectorlint.suggest import suggestion

    guess = suggestion(missing, (i for i in model.by_id if i != present.id))
    return model.by_id.get(guess) if guess is not None else None


def _check_one(
    model: Model, sector: Sector, target: Sector, required: RequiredRelation
) -> Iterator[Problem]:
    # a relation naming the target by name or alias (`sector: BPO`) counts: R001 tells how to
    # write it, and one mistake is one problem
    to_target = [r for r in sector.relations if model.meant(r.target) == required.target]
    matching = [r for r in to_target if r.kind == required.kind]
    why = f" ({required.why})" if required.why else ""
    via = f" via '{required.via}'" if required.via else ""
    wanted = f"{_WORDS[required.kind]} '{required.target}'{via}"
    if not matching:
        if to_target:
            found = to_target[0]
            message = f"declares '{required.target}' under {found.kind}, but must be {wanted}{why}"
            yield sector.problem(CODE, found.path, message, related=(target.path,))
        else:
            path = ("relations", required.kind)
            where = "name it in" if sector.relations_of(required.kind) else "add it under"
            message = f"'{sector.id}' must be {wanted}{why}; {where} relations.{required.kind}"
            problem = sector.problem(CODE, path, message, at_key=True, related=(target.path,))
            if required.kind == "overlaps_with":  # the target's side, copied, mends it
                problem = problem._replace(fix=missing_side(model, target, sector))
            yield problem
        return
    if required.via is not None:
        yield from _check_via(sector, target, matching[0], required.via)


def _check_via(sector: Sector, target: Sector, relation: Relation, via: str) -> Iterator[Problem]:
    if relation.via is not None and normalize(relation.via) != normalize(via):
        message = f"the overlap with '{target.id}' must be via '{via}', not '{relation.via}'"
        yield sector.problem(CODE, (*relation.path, "via"), message, related=(target.path,))
