"""A relation names a sector that no file defines.

A relation must point at the `id` of a sector in the content set. A misspelt id, or a display
name used where the id belongs, silently drops the relation from every comparison. The message
suggests the id that was probably meant.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sectorlint.model import Model
from sectorlint.problem import Problem, Severity

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
""",
}
GOOD = {
    "outsourcing.yaml": "id: outsourcing\n",
    "help-desk.yaml": """\
id: help-desk
relations:
  subset_of:
    - sector: outsourcing
""",
}


def check(model: Model) -> Iterator[Problem]:
    for sector, relation in model.relations():
        if relation.target in model.by_id:
            continue
        message = f"'{relation.target}' is not the id of any sector in the content set"
        named = model.resolve(relation.target)
        if named is not None:
            message += f" (did you mean '{named.id}', the id of {named.text('name') or named.id}?)"
        else:
            # every id, streamed: ties go to the id that sorts last, whatever the order
            close = difflib.get_close_matches(relation.target, model.by_id, n=1, cutoff=0.6)
            if close:
                message += f" (did you mean '{close[0]}'?)"
        yield sector.problem(CODE, (*relation.path, "sector"), message)
