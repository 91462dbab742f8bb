"""A relation names a sector that no file defines, or names it by something other than its id.

A relation must point at the `id` of a sector in the content set. A misspelt id, or a display
name used where the id belongs, silently drops the relation from every comparison. The message
says what the value is (the name, short name or alias of a sector, an id written another way, or
not a well-formed id at all) and which id to write; the file of the sector it suggests is named
too, so checking that file alone (after renaming its id, say) still shows the relations left
behind. A relation's `sector` is reported here only, never also by the schema (S005).
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.document import JsonPath
from sectorlint.model import Model, Sector, loose_key
from sectorlint.problem import Problem, Severity
from sectorlint.rules._each import each_sector
from sectorlint.schema import is_valid_relation_target

CODE = "R001"
NAME = "unknown-sector"
SEVERITY = Severity.ERROR

BAD = {
    "outsourcing.yaml": "id: outsourcing\n",
    "help-desk.yaml": """\
id: help-desk
relations:
  subset_of:
    - sector: outsorcing
#             ^ R001
  supports:
    - sector: Outsourcing
#             ^ R001
      how: Takes the calls the outsourcing teams pass on.
""",
}
GOOD = {
    "outsourcing.yaml": "id: outsourcing\n",
    "help-desk.yaml": """\
id: help-desk
relations:
  subset_of:
    - sector: outsourcing
  supports:
    - sector: outsourcing
      how: Takes the calls the outsourcing teams pass on.
""",
}


def check_sector(model: Model, sector: Sector) -> Iterator[Problem]:
    for relation in sector.relations:
        well_formed = is_valid_relation_target(relation.kind, relation.target)
        if well_formed and relation.target in model.by_id:
            continue
        message, meant = _explained(model, relation.target, well_formed, sector)
        related = (meant.path,) if meant is not None and meant != sector else ()
        yield sector.problem(CODE, (*relation.path, "sector"), message, related=related)


check = each_sector(check_sector)


def _explained(
    model: Model, target: str, well_formed: bool, asking: Sector
) -> tuple[str, Sector | None]:
    """What is wrong with a relation's target and what to write, and the sector meant."""
    from sectorlint.forms import slug_like  # loaded only when there is something to explain
    from sectorlint.suggest import suggestion

    if not target.strip():
        return "the relation names no sector; write the id of one", None
    named = model.resolve(target)
    if named is not None and named.id != target:
        return _by_name(named, target), named
    if named is not None:  # a sector's id, as ill-formed as the value naming it
        fixed = slug_like(target)
        return (
            f"'{target}' is the id of the sector in {named.path}, but not a valid one; change "
            f"both to lowercase letters, digits and hyphens{f', e.g. {fixed!r}' if fixed else ''}",
            named,
        )
    # never the sector's own id: a relation to itself is never what was meant
    if well_formed and target in model.former_ids:  # the change being checked removed it
        return (
            f"'{target}' is no sector's id any more (the change removed or renamed it); "
            "write the id of one, or restore it",
            None,
        )
    guess = suggestion(target, (i for i in model.by_id if i != asking.id))
    meant = model.by_id.get(guess) if guess is not None else None
    hint = f" (did you mean '{guess}'?)" if guess is not None else ""
    if not well_formed:
        if hint:
            return f"'{target}' is not a valid id, and no sector has that name{hint}", meant
        return (
            f"'{target}' is not a valid id, and no sector has that name; write the id of a "
            "sector (lowercase letters, digits and hyphens)",
            None,
        )
    unknown = f"'{target}' is not the id of any sector in the content set"
    if hint:
        return unknown + hint, meant
    return f"{unknown}; write the id of one, or add the file of sector '{target}'", None


_NAME_KINDS = {"id": "id", "name": "name", "short_name": "short name", "aliases": "alias"}


def _by_name(named: Sector, target: str) -> str:
    """`'BPO' is the short name of sector 'bpo', not its id; write 'bpo'`."""
    path, name = _name_matching(named, target)
    kind = _NAME_KINDS.get(str(path[0]), "name") if path else "name"
    if kind == "id":
        return f"'{target}' is not how the id is written; write '{named.id}'"
    article = "an" if kind == "alias" else "the"
    if name == target:
        what = f"{article} {kind} of sector '{named.id}'"
        return f"'{target}' is {what}, not its id; write '{named.id}'"
    what = f"{article} {kind} '{name}' of sector '{named.id}'"
    return f"'{target}' is not an id, but matches {what}; write '{named.id}'"


def _name_matching(named: Sector, target: str) -> tuple[JsonPath, str]:
    """The name of `named` that `target` is: written the same, else in another case, else
    with other spacing and hyphens (how `Model.resolve` found it)."""
    names = named.names()
    key = loose_key((), target)
    for same in (
        lambda name: name == target,
        lambda name: name.casefold() == target.casefold(),
        lambda name: loose_key((), name) == key,
    ):
        found = next(((path, name) for path, name in names if same(name)), None)
        if found is not None:
            return found
    return (), target
