"""Text holds control characters or invisible direction overrides.

YAML's escapes (`"\\e"`, `"\\u202e"`) let a file carry characters that never show in an
editor: terminal escape sequences, and direction overrides that make text display differently
from what it says ("Trojan Source"). In published content they are at best noise and at worst
a disguise. Tabs and line breaks are fine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sectorlint.model import Model
from sectorlint.problem import Problem, Severity

CODE = "C006"
NAME = "hidden-characters"
SEVERITY = Severity.ERROR
SCOPE = "file"  # needs only the sector itself: runs as each file is read

BAD = {
    "help-desk.yaml": """\
id: help-desk
summary: "Answers questions\\u202e fast."
#        ^ C006
""",
}
GOOD = {
    "help-desk.yaml": """\
id: help-desk
summary: "Answers questions fast."
""",
}

HIDDEN = re.compile(
    "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]"
)


def check(model: Model) -> Iterator[Problem]:
    for sector in model.sectors:
        if not HIDDEN.search(sector.joined_text):
            continue
        for path, text in sector.all_strings:
            match = HIDDEN.search(text)
            if match is not None:
                message = f"invisible character U+{ord(match.group()):04X} in the text; remove it"
                yield sector.problem(CODE, path, message)
