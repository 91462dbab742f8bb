"""A problem marked fixable is one `fmt` (or `check --fix`) mends, and one not marked is one it
leaves: the replacements S004 and T001 carry are computed with the functions fmt uses, so the
mark never promises what fmt will not write. Read over generated values: enum values in other
spellings and styles, prose with rejected terms, in YAML and JSON files.
"""

from __future__ import annotations

import json
import random
import shutil
from collections import Counter
from pathlib import Path

from sectorlint import engine, fmt
from sectorlint.config import Config
from sectorlint.problem import Edit, Problem, Replace
from tests.conftest import CONTENT

ENUMS = {
    "scope": ["narrow", "moderate", "broad"],
    "tech_dependency": ["low", "medium", "high", "very-high"],
    "industry_focus": ["specialized", "cross-industry"],
}
TERMS = ["call centre", "Call-Centre", "callcenter", "B.P.O.", "contact centres", "call center"]


def _spelling(rng: random.Random, value: str) -> str:
    words = value.split("-")
    joiner = rng.choice(["-", " ", "_", "  ", "-"])
    text = joiner.join(rng.choice([w, w.upper(), w.title(), w.lower()]) for w in words)
    if rng.random() < 0.2:
        text = f" {text} "
    if rng.random() < 0.15:
        text = text[:-1]  # a misspelling: no fix, fmt leaves it
    return text


def _quoted(rng: random.Random, text: str) -> str:
    style = rng.choice(["plain", "plain", "single", "double"])
    if style == "plain" and text == text.strip():
        return text
    return f"'{text}'" if style == "single" else json.dumps(text)


def _prose(rng: random.Random) -> str:
    terms = rng.sample(TERMS, rng.randint(1, 3))
    return "A small " + " and ".join(terms) + " for staff."


def _sector(rng: random.Random, number: int) -> dict[str, str]:
    values = {key: _spelling(rng, rng.choice(allowed)) for key, allowed in ENUMS.items()}
    return {"id": f"generated-{number}", "name": f"Generated {number}", **values}


def _write(root: Path, rng: random.Random, number: int) -> None:
    data = _sector(rng, number)
    summary, definition = _prose(rng), _prose(rng)
    if number % 4 == 0:
        data |= {"summary": summary, "definition": definition}
        (root / f"generated-{number}.json").write_text(json.dumps(data, indent=2) + "\n")
        return
    lines = [f"{key}: {_quoted(rng, value)}" for key, value in data.items()]
    lines.append(f"summary: {summary}")
    if number % 3 == 0:  # a folded value over two lines, a term across the break
        lines.append(f"definition: >-\n  {definition.replace(' ', chr(10) + '  ', 3)}")
    else:
        lines.append(f"definition: {json.dumps(definition)}")
    (root / f"generated-{number}.yaml").write_text("\n".join(lines) + "\n")


def _project(tmp_path: Path, seed: int) -> tuple[Path, engine.Options]:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    rng = random.Random(seed)
    for number in range(24):
        _write(root, rng, number)
    config = Config(root=tmp_path, ignore=("C001",), cache_dir=tmp_path / "cache")
    return root, engine.Options(config=config, use_cache=False)


def _key(problem: Problem) -> tuple[str, str, str, str]:
    return problem.path, problem.code, problem.json_path, problem.message


def _marked(root: Path, options: engine.Options) -> tuple[Counter[tuple[str, ...]], ...]:
    found = [p for p in engine.check([str(root)], options).problems if p.code in ("S004", "T001")]
    fixed = Counter(_key(p) for p in found if p.fix is not None)
    left = Counter(_key(p) for p in found if p.fix is None)
    return fixed, left


def test_every_marked_problem_is_gone_after_fmt_and_every_other_stays(tmp_path: Path) -> None:
    for seed in range(3):
        here = tmp_path / str(seed)
        root, options = _project(here, seed)
        fixed, left = _marked(root, options)
        assert fixed, "the generated values hold fixable problems"
        tax = options.config.taxonomy()
        outcomes = fmt.format_paths([str(root)], tax, options.limits, root=here)
        assert [o.problem for o in outcomes if o.problem is not None] == []
        after_fixed, after_left = _marked(root, options)
        after = after_fixed + after_left
        assert [key for key in fixed if key in after] == []  # each marked one is gone
        assert after == left  # each other one stays, and none is new


def test_a_marked_problem_carries_the_edit_fmt_makes(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    path = root / "it.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("scope: broad", "scope: 'Broad'")
    text = text.replace("Develops, maintains", "A call centre develops, maintains")
    path.write_text(text, encoding="utf-8")
    config = Config(root=tmp_path, ignore=("C001",), cache_dir=tmp_path / "cache")
    report = engine.check([str(root)], engine.Options(config=config, use_cache=False))
    fixes = {p.code: p.fix for p in report.problems if p.path == str(path)}
    lines = text.splitlines()
    scope = next(n for n, line in enumerate(lines, 1) if line.startswith("scope:"))
    feature = next(n for n, line in enumerate(lines, 1) if "call centre" in line)
    column = lines[feature - 1].index("call centre") + 1
    assert fixes["S004"] == Replace(
        str(path), "$.scope", (Edit(scope, 8, scope, 15, "'broad'"),), "write 'broad'"
    )
    assert fixes["T001"] == Replace(
        str(path),
        "$.features[0]",
        (Edit(feature, column, feature, column + len("call centre"), "call center"),),
        "write 'call center' (preferred term)",
    )


def test_a_suppression_near_a_long_value_takes_the_mark_away(tmp_path: Path) -> None:
    # fmt leaves a value alone when a suppression covers any of its lines; the report drops
    # only the problem on the suppression's lines: the term two lines down is reported, and
    # not marked, since fmt will not write it
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    path = root / "it.yaml"
    text = path.read_text(encoding="utf-8")
    old = "definition: >-\n"
    text = text.replace(old, "# sectorlint: disable=T001\n" + old)
    text = text.replace("call centers are", "call centres are")
    path.write_text(text, encoding="utf-8")
    config = Config(root=tmp_path, ignore=("C001",), cache_dir=tmp_path / "cache")
    options = engine.Options(config=config, use_cache=False)
    (problem,) = [p for p in engine.check([str(root)], options).problems if p.code == "T001"]
    assert problem.fix is None
    fmt.format_paths([str(path)], config.taxonomy(), options.limits, root=tmp_path)
    assert "call centres are" in path.read_text(encoding="utf-8")  # fmt did leave it
