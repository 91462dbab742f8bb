"""Time sectorlint against its peers on one corpus, alternating, and print medians and ratios.

Every command runs `--repeat` times, in turn with the others (so drift hits all alike); the
table gives the median wall time, the median peak memory (GNU time's maximum resident set), and
each median as a ratio to check-jsonschema's. Ratios are what to compare across machines.

    python benchmarks/generate.py --count 10000 --out /tmp/corpus
    python benchmarks/run.py --corpus /tmp/corpus --repeat 5

Peers (check-jsonschema, yamllint, PyYAML) are found on PATH or beside this Python; a missing
one is left out of the table with a note. `pip install -r benchmarks/requirements.txt` installs
them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "sector.schema.json"
C_PARSE = (
    "import sys, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, 'rb') as f: yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


@dataclass
class Case:
    name: str
    command: list[str]
    before: list[str] | None = None  # run (untimed) before each timed run, e.g. to warm a cache
    seconds: list[float] = field(default_factory=list)
    kilobytes: list[int] = field(default_factory=list)


def tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def cases(files: list[str], cache: str, only: set[str] | None) -> list[Case]:
    script = tool("sectorlint")  # as users run it; `python -m` costs a little more
    program = [script] if script else [sys.executable, "-m", "sectorlint"]
    sectorlint = [*program, "check", "--quiet", "--exit-zero"]
    found: list[Case] = [
        # cold: an empty cache, which this run fills, as a first run after a clone does
        Case("sectorlint, cold", [*sectorlint, *files]),
        Case("sectorlint, warm cache", [*sectorlint, *files], before=[*sectorlint, *files]),
    ]
    peers = {
        "check-jsonschema": tool("check-jsonschema"),
        "yamllint": tool("yamllint"),
    }
    if peers["check-jsonschema"]:
        found.append(
            Case(
                "check-jsonschema", [peers["check-jsonschema"], "--schemafile", str(SCHEMA), *files]
            )
        )
    if peers["yamllint"]:
        found.append(Case("yamllint", [peers["yamllint"], "-d", "relaxed", *files]))
    try:
        import yaml  # noqa: F401

        found.append(Case("PyYAML C loader, parse only", [sys.executable, "-c", C_PARSE, *files]))
    except ImportError:
        pass
    os.environ["SECTORLINT_CACHE_DIR"] = cache
    return [c for c in found if only is None or c.name.split(",")[0] in only]


def timed(case: Case, cwd: str) -> None:
    if case.before:
        subprocess.run(case.before, cwd=cwd, capture_output=True, check=False)
    gnu_time = shutil.which("time") or "/usr/bin/time"
    started = time.perf_counter()
    completed = subprocess.run(
        [gnu_time, "-f", "%M", *case.command], cwd=cwd, capture_output=True, text=True, check=False
    )
    case.seconds.append(time.perf_counter() - started)
    case.kilobytes.append(int(completed.stderr.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of sector files")
    parser.add_argument("--files", type=int, help="use only the first N files of the corpus")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", help="comma-separated: sectorlint, check-jsonschema, ...")
    parser.add_argument(
        "--staged",
        action="store_true",
        help="pre-commit's case: CORPUS is a project (generate.py --project); every command "
        "checks one of its files, sectorlint reading the rest of the content set itself",
    )
    args = parser.parse_args()

    if args.staged:
        content = sorted(str(p) for p in (args.corpus / "content").glob("*.yaml"))
        files = [os.path.relpath(content[len(content) // 2], args.corpus)]
        cwd = str(args.corpus)
    else:
        files = sorted(str(p) for p in args.corpus.glob("*.yaml"))[: args.files]
        cwd = str(ROOT)
    only = set(args.only.split(",")) if args.only else None
    # Installed, every tool runs from compiled bytecode (pip compiles on install); a checkout
    # under PYTHONDONTWRITEBYTECODE would otherwise compile sectorlint afresh on every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "sectorlint")], check=True)
    with tempfile.TemporaryDirectory() as cache:
        table = cases(files, cache, only)
        if args.staged:  # the peers read only the file; sectorlint reads its whole set
            table = [c for c in table if not c.name.startswith("PyYAML")]
        for _ in range(args.repeat):
            for case in table:  # alternating: each round runs every command once
                if case.name == "sectorlint, cold":
                    shutil.rmtree(cache, ignore_errors=True)
                timed(case, cwd)
    report(table, len(files), args.repeat, args.staged)


def report(table: list[Case], count: int, repeat: int, staged: bool) -> None:
    baseline = next((c for c in table if c.name == "check-jsonschema"), None)
    base = statistics.median(baseline.seconds) if baseline else None
    base_memory = statistics.median(baseline.kilobytes) if baseline else None
    what = "one staged file of a content set" if staged else f"{count} files"
    print(f"{what}, {repeat} runs each, medians")
    print(f"{'command':<30} {'seconds':>9} {'ratio':>7} {'peak MB':>9} {'ratio':>7}")
    for case in table:
        seconds, memory = statistics.median(case.seconds), statistics.median(case.kilobytes)
        ratio = f"{seconds / base:.3f}x" if base else "-"
        memory_ratio = f"{memory / base_memory:.2f}x" if base_memory else "-"
        print(f"{case.name:<30} {seconds:>9.3f} {ratio:>7} {memory / 1024:>9.1f} {memory_ratio:>7}")


if __name__ == "__main__":
    main()
