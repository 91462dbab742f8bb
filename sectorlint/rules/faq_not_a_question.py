"""An FAQ question is not phrased as a question.

An FAQ entry's `question` is shown as a heading readers scan for their own question; a
statement or a bare topic there ("Pricing") reads as a broken page. It should end with "?".
"""

from __future__ import annotations

from collections.abc import Iterator

from sectorlint.model import Model
from sectorlint.problem import Problem, Severity

CODE = "C004"
NAME = "faq-not-a-question"
SEVERITY = Severity.WARNING
SCOPE = "file"  # needs only the sector itself: runs as each file is read

BAD = {
    "help-desk.yaml": """\
id: help-desk
faqs:
  - question: Opening hours
#             ^ C004
    answer: Around the clock.
""",
}
GOOD = {
    "help-desk.yaml": """\
id: help-desk
faqs:
  - question: When is the help desk open?
    answer: Around the clock.
""",
}


def check(model: Model) -> Iterator[Problem]:
    for sector in model.sectors:
        faqs = sector.data.get("faqs")
        for index, faq in enumerate(faqs if isinstance(faqs, list) else []):
            question = faq.get("question") if isinstance(faq, dict) else None
            if (
                isinstance(question, str)
                and question.strip()
                and not question.strip().endswith("?")
            ):
                message = f"FAQ question '{question.strip()}' does not end with '?'"
                yield sector.problem(CODE, ("faqs", index, "question"), message)
