"""Write a benchmark corpus: N valid sector files made from the shipped content, plus a few broken.

Files come in groups of three (a BPO, a call center and an IT sector) related to each other as
the shipped ones are, with unique ids and names, so the whole corpus is one consistent content
set; every fifth file carries extra comments. Then `--broken` files get one mistake each.

    python benchmarks/generate.py --count 10000 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ("bpo", "call-center", "it")
NAMES = {
    "bpo": "Business Process Outsourcing",
    "call-center": "Call Center",
    "it": "Information Technology",
}
COMMENTS = "# Reviewed by the content team.\n# Keep relations in step with the sibling files.\n"
MISTAKES = [
    ("tech_dependency: medium", "tech_dependency: hihg"),
    ("scope: broad", "scpoe: broad"),
    ("  - Data Analyst\n", "  - Data Analyst\n  - data  analyst\n"),
    ("summary: Handing non-core", "summary: TODO handing non-core"),
]


def variant(template: str, text: str, group: int) -> str:
    """The template with this group's ids and names, and no names shared with other groups."""
    suffix = f"{group:05d}"
    text = re.sub(r"^short_name: .*\n", "", text, flags=re.M)
    text = re.sub(r"^aliases:\n(  - .*\n)+", "", text, flags=re.M)
    for sector in TEMPLATES:  # ids, in `id:` and in relations
        text = re.sub(
            rf"(^id: |sector: ){re.escape(sector)}$", rf"\g<1>{sector}-{suffix}", text, flags=re.M
        )
    text = text.replace(f"name: {NAMES[template]}", f"name: {NAMES[template]} {suffix}", 1)
    if template == "call-center":  # the prose names its parent, as R010 wants
        text = text.replace(
            "definition: >-\n", f"definition: >-\n  Part of {NAMES['bpo']} {suffix}.\n", 1
        )
    return text


def generate(count: int, out: Path, broken: int, seed: int) -> None:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    count -= count % 3  # whole groups: every relation has its other side
    texts = {t: (ROOT / "content" / f"{t}.yaml").read_text(encoding="utf-8") for t in TEMPLATES}
    for index in range(count):
        template = TEMPLATES[index % 3]
        text = variant(template, texts[template], index // 3)
        if index % 5 == 0:
            text = text.replace("\nscope:", f"\n{COMMENTS}scope:", 1)
        (out / f"{template}-{index // 3:05d}.yaml").write_text(text, encoding="utf-8")
    rng = random.Random(seed)
    # BPO files first (every mistake fits them), then the others, for a set mostly broken
    bpo_files = sorted(out.glob("bpo-*.yaml"))
    others = sorted(set(out.glob("*.yaml")) - set(bpo_files))
    chosen = rng.sample(bpo_files, min(broken, len(bpo_files)))
    chosen += rng.sample(others, min(max(broken - len(chosen), 0), len(others)))
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        fitting = [(old, new) for old, new in MISTAKES if old in text]
        if not fitting:  # (a call center or IT file may have no scope to misspell)
            fitting = [("\nname:", "\nnmae:")]
        old, new = rng.choice(fitting)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--broken", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--project",
        action="store_true",
        help="make OUT a project: files in OUT/content, a .sectorlint.toml naming it the root",
    )
    args = parser.parse_args()
    content = args.out / "content" if args.project else args.out
    generate(args.count, content, args.broken, args.seed)
    if args.project:
        (args.out / ".sectorlint.toml").write_text('content-roots = ["content"]\n')
    files = list(content.glob("*.yaml"))
    size = sum(f.stat().st_size for f in files)
    print(f"wrote {len(files)} files, {size / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
