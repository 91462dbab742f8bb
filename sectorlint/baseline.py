"""A baseline: today's problems recorded once, so that only new ones are reported after that.

Problems are matched by file, code, JSON path and message, not by line: editing a file moves
lines, and a baseline must not turn every old problem into a "new" one because of that. Each
recorded problem excuses one occurrence, so a second copy of an old problem is still new.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from sectorlint.files import write_atomically
from sectorlint.problem import Problem, Report

FORMAT_VERSION = 1

Key = tuple[str, str, str, str]


class BaselineError(ValueError):
    """A baseline file that cannot be read."""


_LINE_NUMBER = re.compile(r"(line |:)\d+")


def problem_key(problem: Problem) -> Key:
    """What identifies a problem across edits: not its line, nor the lines its message names
    ("first at line 20"), which edits move too."""
    message = _LINE_NUMBER.sub(r"\1#", problem.message)
    return (Path(problem.path).as_posix(), problem.code, problem.json_path, message)


def record(report: Report, path: Path) -> None:
    entries = [
        {"path": p, "code": c, "json_path": j, "message": m}
        for p, c, j, m in sorted(problem_key(problem) for problem in report.problems)
    ]
    document = {"format_version": FORMAT_VERSION, "problems": entries}
    write_atomically(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def load(path: Path) -> Counter[Key]:
    if not path.is_file():  # a FIFO would block the read for ever
        raise BaselineError(f"cannot read baseline {path}: not a regular file")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return Counter(
            (e["path"], e["code"], e["json_path"], e["message"]) for e in document["problems"]
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc}") from exc


def only_new(report: Report, excused: Counter[Key]) -> Report:
    remaining = Counter(excused)
    fresh = []
    for problem in report.problems:
        key = problem_key(problem)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            fresh.append(problem)
    return report._replace(problems=tuple(fresh))
