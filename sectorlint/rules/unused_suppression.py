"""A suppression comment suppresses nothing.

`# sectorlint: disable=CODE` silences a problem on its line (or, alone on a line, on the next
line); `# sectorlint: disable-file=CODE` silences it in the whole file. Codes may be prefixes and
are not case-sensitive; several are separated by commas; with no codes at all, every code is
silenced. Once the problem is fixed, the comment stays behind and would hide the next real
problem: each code that silences nothing is reported, and so is a code sectorlint does not
know. This rule's problems come from the selection step, where suppressions are applied.
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model
from sectorlint.problem import Problem, Severity

CODE = "X001"
NAME = "unused-suppression"
SEVERITY = Severity.WARNING

BAD = {
    "help-desk.yaml": """\
id: help-desk
definition: A help desk answers questions.  # sectorlint: disable=T001
#                                           ^ X001
""",
}
GOOD = {
    "help-desk.yaml": """\
id: help-desk
definition: A help desk is a small call centre.  # sectorlint: disable=T001
""",
}


def check(model: Model) -> Iterator[Problem]:
    """Nothing to see in the model: see `sectorlint.select.Selector.apply`."""
    return iter(())
