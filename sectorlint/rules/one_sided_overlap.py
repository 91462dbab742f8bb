"""An overlap is declared by one sector only.

An overlap is mutual: if IT overlaps BPO through IT-enabled services, BPO overlaps IT too. When
only one side says so, a reader of the other side's page never learns of it, and the comparison
shows the overlap in one column only. The problem is reported in the file that lacks the
overlap, at the closest key that should hold it.
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model, Relation, Sector
from sectorlint.problem import AddItem, Problem, Severity, json_path_text
from sectorlint.rules._each import each_sector, related_of
from sectorlint.rules.overlap_with_parent import ancestors
from sectorlint.schema import is_valid_relation_target

CODE = "R005"
NAME = "one-sided-overlap"
SEVERITY = Severity.ERROR

BAD = {
    "outsourcing.yaml": """\
id: outsourcing
relations:
# expect R005 at 2:1
  supports:
    - sector: software
      how: Runs software vendors' support desks.
""",
    "software.yaml": """\
id: software
relations:
  overlaps_with:
    - sector: outsourcing
      via: IT-enabled services
""",
}
GOOD = {
    "outsourcing.yaml": """\
id: outsourcing
relations:
  overlaps_with:
    - sector: software
      via: IT-enabled services
""",
    "software.yaml": """\
id: software
relations:
  overlaps_with:
    - sector: outsourcing
      via: IT-enabled services
""",
}


def _required(model: Model, sector: str, target: str) -> set[str]:
    """The kinds of relation the taxonomy requires from `sector` to `target`."""
    return {
        r.kind
        for r in model.taxonomy.required_relations
        if (r.sector, r.target) == (sector, target)
    }


_OVERLAPS = ("relations", "overlaps_with")


def missing_sides(model: Model, sector: Sector) -> Iterator[tuple[Relation, Sector]]:
    """(its overlap, the other sector) for each overlap of `sector` the other side lacks."""
    for relation, other in related_of(model, sector, "overlaps_with"):
        if _one_sided(model, sector, other):
            yield relation, other


def _one_sided(model: Model, sector: Sector, other: Sector) -> bool:
    """Whether `other` lacks the overlap `sector` declares with it, and adding it would mend
    that. An overlap with one's own parent is left out: it is wrong on both sides (R011), and
    adding the other side would not mend it."""
    if other == sector:
        return False
    if any(r.target == sector.id for r in other.relations_of("overlaps_with")):
        return False
    return other.id not in ancestors(model, sector.id) and sector.id not in ancestors(
        model, other.id
    )


def missing_side(model: Model, declaring: Sector, lacking: Sector) -> AddItem | None:
    """The fix adding to `lacking` the overlap `declaring` declares with it, if there is one to
    copy (R003 carries it when the taxonomy requires that overlap)."""
    for relation in declaring.relations_of("overlaps_with"):
        if relation.target == lacking.id and _one_sided(model, declaring, lacking):
            return _mirror(model, declaring, relation, lacking)
    return None


def _mirror(model: Model, sector: Sector, relation: Relation, other: Sector) -> AddItem | None:
    """The fix adding the other side of `sector`'s overlap to `other`: `{sector, via}`, the via
    as `fmt` writes it on the declaring side (or the two sides would differ, R006). None for an
    id the schema refuses (S005): it would be copied as a broken relation."""
    if not is_valid_relation_target("overlaps_with", sector.id):
        return None
    via = model.taxonomy.with_preferred_terms(relation.via) if relation.via else None
    item = (("sector", sector.id),) + ((("via", via),) if via else ())
    label = f"'{sector.id}'{f' via {via!r}' if via else ''}"
    copies = (sector.path, json_path_text(relation.path))
    return AddItem(other.path, _OVERLAPS, item, label, copies)


def check_sector(model: Model, sector: Sector) -> Iterator[Problem]:
    """The overlaps `sector` declares that their other sides lack: reported in those."""
    for relation, other in missing_sides(model, sector):
        if "overlaps_with" in _required(model, other.id, sector.id):
            continue  # the taxonomy requires this overlap: R003 already reports it
        if _required(model, sector.id, other.id) - {"overlaps_with"}:
            continue  # the taxonomy wants another relation here: R003 says so, and mirroring
            # this overlap would spread the mistake to the other file
        line = sector.document.value_span(relation.path).line
        via = f" via '{relation.via}'" if relation.via else ""
        message = (
            f"'{sector.id}' declares an overlap with '{other.id}'{via} ({sector.path}:{line}) "
            f"that '{other.id}' does not declare back; add '{sector.id}' to the "
            f"relations.overlaps_with of '{other.id}'"
        )
        problem = other.problem(CODE, _OVERLAPS, message, at_key=True, related=(sector.path,))
        yield problem._replace(fix=_mirror(model, sector, relation, other))


check = each_sector(check_sector)
