"""Time a session's updates: one file edited again and again, as an editor sends its buffer.

Builds a `Session` over a generated content set, then applies edits to one call-center file in
turn: prose (the summary reworded, lines inserted above everything), an id renamed and renamed
back (every relation to it breaks, then mends), a relation pointed elsewhere and back, a name
and an alias claimed. Reports the median and 95th percentile of `update`, by kind of edit and
in all, and the time to build the session.

    python benchmarks/generate.py --count 10000 --project --broken 0 --out /tmp/set
    python benchmarks/session.py /tmp/set --edits 200
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from sectorlint import engine
from sectorlint.config import Config
from sectorlint.session import Session

Edit = Callable[[str, int], str]


def _sub(pattern: str, new: str) -> Edit:
    def edit(text: str, step: int) -> str:
        return re.sub(pattern, new.replace("{step}", str(step)), text, count=1, flags=re.M)

    return edit


# (kind, the edit, whether the next edit starts from the text before it: a rename undone)
EDITS: list[tuple[str, Edit, bool]] = [
    ("prose", _sub(r"^summary: .*$", "summary: Answers calls for clients, take {step}."), False),
    ("lines", _sub(r"^id:", "# a note\nid:"), False),
    ("id", _sub(r"^id: (.*)$", r"id: \1-renamed"), True),
    ("relation", _sub(r"(?<=    - sector: )bpo-(\d+)$", r"bpo-9\1"), True),
    ("name", _sub(r"^name: .*$", "name: Business Process Outsourcing 00000"), True),
    ("alias", _sub(r"^scope:", "aliases:\n  - Call Center 00000\nscope:"), True),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(folder: Path, edits: int) -> None:
    content = folder / "content"
    files = sorted(content.glob("*.yaml"))
    target = next(p for p in files if p.name.startswith("call-center-") and p != files[0])
    options = engine.Options(config=Config(root=folder))
    start = time.perf_counter()
    session = Session([str(content)], options)
    session.check()
    built = time.perf_counter() - start
    original = target.read_text(encoding="utf-8")
    text = original
    times: dict[str, list[float]] = {kind: [] for kind, _, _ in EDITS}
    answered: dict[str, int] = {}  # the most files one update of a kind said changed
    for step in range(edits):
        kind, edit, undone = EDITS[step % len(EDITS)]
        changed = edit(text, step)
        start = time.perf_counter()
        answer = session.update(str(target), changed)
        times[kind].append(time.perf_counter() - start)
        if undone:  # and back, timed as an edit too
            start = time.perf_counter()
            session.update(str(target), text)
            times[kind].append(time.perf_counter() - start)
        else:
            text = changed
        answered[kind] = max(answered.get(kind, 0), len(answer))
    every = [t for found in times.values() for t in found]
    print(f"{len(files):,} files: session built and checked in {built:.2f} s")
    print(f"{'edit':<10} {'updates':>7} {'median ms':>10} {'p95 ms':>8} {'files back':>10}")
    for kind, found in [*times.items(), ("all", every)]:
        median, p95 = statistics.median(found) * 1000, percentile(found, 0.95) * 1000
        back = answered.get(kind, max(answered.values()))
        print(f"{kind:<10} {len(found):>7} {median:>10.1f} {p95:>8.1f} {back:>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a project made by generate.py --project")
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    run(args.folder, args.edits)


if __name__ == "__main__":
    main()
