"""A sector leaves out an aspect the comparison shows.

The side-by-side comparison has a row for every aspect the taxonomy lists
(`comparison_aspects`: summary, scope detail, benefits, careers, ...). A sector that leaves one
out shows an empty cell next to its neighbours' full ones. Aspects the schema already requires
are left to it (S001); this rule covers the rest.

A sector with nothing worth listing for an aspect says so, with the reason, under `omitted`
(`careers: The roles are those of a call center.`); the comparison shows the reason instead of
an empty cell. Which aspects are asked of which sectors is configurable: `comparison-aspects`
for all, `aspects-for` for the sectors whose ids match (glob patterns). Listing an aspect and
also omitting it is reported too: the two say opposite things.
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model, Sector
from sectorlint.problem import Problem, Severity

CODE = "C001"
NAME = "comparison-completeness"
SEVERITY = Severity.WARNING
SCOPE = "file"  # needs only the sector itself: runs as each file is read

BAD = {
    "help-desk.yaml": """\
id: help-desk
# expect C001 at 1:1
scope: narrow
# without: scope_detail
""",
}
GOOD = {
    "help-desk.yaml": """\
id: help-desk
scope: narrow
scope_detail: First-line technical questions.
""",
}


def check(model: Model) -> Iterator[Problem]:
    required = set(model.taxonomy.schema.get("required", []))
    for sector in model.sectors:
        omitted = sector.data.get("omitted")
        omitted = omitted if isinstance(omitted, dict) else {}
        for aspect in omitted:
            if not _is_blank(sector.data.get(aspect)):
                message = f"'{sector.id}' lists {aspect} and also says it omits them; keep one"
                yield sector.problem(CODE, ("omitted", aspect), message, at_key=True)
        aspects = [a for a in model.taxonomy.aspects_of(sector.id) if a not in required]
        missing = [a for a in aspects if _is_blank(sector.data.get(a)) and a not in omitted]
        missing = [a for a in missing if a not in _misspelt(sector, model)]
        if missing:
            listed = ", ".join(missing)
            every = "every sector" if not model.taxonomy.aspects_for else "this sector"
            message = (
                f"'{sector.id}' has no {listed}; the comparison shows them for {every} "
                "(list them, or say why not under `omitted`)"
            )
            yield sector.problem(CODE, (missing[0],), message, at_key=True)


def _misspelt(sector: Sector, model: Model) -> set[str]:
    """The keys a misspelt key was meant to be (`benefit:` for `benefits`): S002 reports that
    one mistake, and it must not also read as a missing aspect."""
    known = model.taxonomy.schema["properties"]
    unknown = [key for key in sector.data if key not in known]
    if not unknown:
        return set()
    from sectorlint.suggest import suggestion

    return {meant for key in unknown if (meant := suggestion(str(key), known)) is not None}


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)
