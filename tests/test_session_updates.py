"""A session after any sequence of edits says what a fresh `check` of the same texts says.

The edits are generated: ids renamed (onto another sector's id too), relations pointed
elsewhere (by id, name, a typo, the sector itself), names and aliases claimed twice, scopes and
`via`s changed, prose that claims a relation, lines inserted above everything (every position
moves), suppressions, broken YAML, files deleted and new ones. After each edit the session's
problems equal `engine.check` over the texts the session holds (the engine's texts seam), and
`update` returned exactly the files whose problems changed.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sectorlint import engine
from sectorlint.config import Config
from sectorlint.problem import Problem
from sectorlint.session import Session
from tests.conftest import CONTENT

FILES = ("bpo.yaml", "call-center.yaml", "it.yaml", "kpo.yaml", "help-desk.yaml")
IDS = ("bpo", "it", "call-center", "kpo", "help-desk", "BPO", "kpo-2")
TARGETS = (*IDS, "Call Center", "business process outsourcing", "bpoo", "nobody", "")
NAMES = ("Call Center", "Business Process Outsourcing", "Help Desk", "Information Technology")
PROSE = (
    "A part of Call Center that answers questions.",
    "It overlaps with BPO in places.",
    "Work that is not a part of IT.",
    "Plain words.",
)
VIAS = ("IT-enabled services (ITES)", "it-enabled  services (ites)", "IT outsourcing")
SCOPES = ("broad", "moderate", "narrow")
KINDS = ("subset_of", "overlaps_with", "supports")
SUPPRESSIONS = (
    "# sectorlint: disable-file R005",
    "# sectorlint: disable R001",
    "# sectorlint: disable",
)


def _sub(text: str, pattern: str, new: str, occurrence: int = 0) -> str:
    """`text` with the `occurrence`-th match of `pattern` (counted round) replaced."""
    found = list(re.finditer(pattern, text, flags=re.M))
    if not found:
        return text
    match = found[occurrence % len(found)]
    return text[: match.start()] + new + text[match.end() :]


def _relation(kind: str, target: str) -> str:
    how = "\n      how: Helps." if kind == "supports" else ""
    return f"  {kind}:\n    - sector: {target}{how}\n"


EDITS: dict[str, Any] = {
    "id": (st.sampled_from(IDS), lambda t, v, n: _sub(t, r"^id: .*$", f"id: {v}")),
    "target": (
        st.sampled_from(TARGETS),
        lambda t, v, n: _sub(t, r"(?<=sector: ).*$", v, n),
    ),
    "relation": (
        st.tuples(st.sampled_from(KINDS), st.sampled_from(TARGETS)),
        lambda t, v, n: _sub(t, r"^relations:\n", "relations:\n" + _relation(*v)),
    ),
    "name": (st.sampled_from(NAMES), lambda t, v, n: _sub(t, r"^name: .*$", f"name: {v}")),
    "alias": (
        st.sampled_from(NAMES),
        lambda t, v, n: _sub(t, r"^aliases:\n", f"aliases:\n  - {v}\n"),
    ),
    "prose": (st.sampled_from(PROSE), lambda t, v, n: _sub(t, r"^summary: .*$", f"summary: {v}")),
    "lines": (st.integers(1, 3), lambda t, v, n: _sub(t, r"^id:", "# moved\n" * v + "id:")),
    "scope": (st.sampled_from(SCOPES), lambda t, v, n: _sub(t, r"^scope: .*$", f"scope: {v}")),
    "via": (st.sampled_from(VIAS), lambda t, v, n: _sub(t, r"(?<=via: ).*$", v, n)),
    "suppress": (st.sampled_from(SUPPRESSIONS), lambda t, v, n: _sub(t, r"^id:", f"{v}\nid:")),
    "break": (st.just("id: [\n"), lambda t, v, n: v),
}


def operations() -> st.SearchStrategy[tuple[str, str, Any, int, str]]:
    """(edit, file, value, which occurrence, template for a file not in the set)."""
    files, templates = st.sampled_from(FILES), st.sampled_from(FILES[:3])
    return st.one_of(
        *(
            st.tuples(st.just(name), files, value, st.integers(0, 3), templates)
            for name, (value, _) in EDITS.items()
        ),
        *(
            st.tuples(st.just(name), files, st.none(), st.just(0), templates)
            for name in ("delete", "disk", "new")
        ),
    )


def fresh(root: Path, texts: dict[str, str]) -> dict[str, tuple[Problem, ...]]:
    """What `check` says of the texts, file by file (files with problems only)."""
    options = engine.Options(
        config=Config(root=root.parent), texts={p: t.encode("utf-8") for p, t in texts.items()}
    )
    found: dict[str, list[Problem]] = {}
    for problem in engine.check([], options).problems:
        found.setdefault(problem.path, []).append(problem)
    return {path: tuple(problems) for path, problems in found.items()}


def with_problems(found: dict[str, tuple[Problem, ...]]) -> dict[str, tuple[Problem, ...]]:
    return {path: problems for path, problems in found.items() if problems}


@settings(
    max_examples=int(os.environ.get("SESSION_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.lists(operations(), min_size=1, max_size=12))
def test_a_session_after_any_edits_says_what_a_fresh_check_says(
    tmp_path_factory: Any, edits: list[tuple[str, str, Any, int, str]]
) -> None:
    root = tmp_path_factory.mktemp("session") / "content"
    shutil.copytree(CONTENT, root)
    texts = {str(root / p.name): p.read_text(encoding="utf-8") for p in sorted(root.glob("*"))}
    session = Session([str(root)], engine.Options(config=Config(root=root.parent)))
    session.check()
    before = fresh(root, texts)
    assert with_problems(session.reported) == before
    for edit, name, value, occurrence, template in edits:
        path = str(root / name)
        if edit == "delete":
            Path(path).unlink(missing_ok=True)
            texts.pop(path, None)
            changed = session.update(path, None)
        elif edit == "disk":  # the buffer closed: back to what is on disk
            if not Path(path).exists():
                continue
            texts[path] = Path(path).read_text(encoding="utf-8")
            changed = session.update(path, None)
        elif edit == "new" or path not in texts:
            source = texts.get(str(root / template)) or (CONTENT / template).read_text("utf-8")
            stem = name.removesuffix(".yaml")
            texts[path] = _sub(source, r"^id: .*$", f"id: {stem}")
            changed = session.update(path, texts[path])
        else:
            texts[path] = EDITS[edit][1](texts[path], value, occurrence)
            changed = session.update(path, texts[path])
        now = fresh(root, texts)
        assert with_problems(session.reported) == now, (edit, name, value)
        expected = {
            p: now.get(p, ()) for p in {*before, *now} if now.get(p, ()) != before.get(p, ())
        }
        assert changed == expected
        before = now
