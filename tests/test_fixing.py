"""A problem carries its fix, read as a specification: the rule that reports a problem says how
to mend it (`Problem.fix`), the fix goes wherever the problem goes (the cache, a warm run), and
`check --fix` applies the fixes of the problems it reports, unless another reported problem
denies them.

The content set is the fixture project's (IT overlaps BPO through IT-enabled services, and the
taxonomy requires it both ways; the call center is a subset of BPO), copied so each test can
break it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from sectorlint import engine, fixing
from sectorlint.analysis import FileResult
from sectorlint.cache import Cache, from_json, problem_with_path_json, to_json
from sectorlint.config import Config
from sectorlint.fixing import fix, plan
from sectorlint.problem import START_OF_FILE, AddItem, Edit, Problem, Severity, Span
from tests.conftest import CONTENT, run_cli

OVERLAPS = ("relations", "overlaps_with")
# IT declares an overlap with the call center, which does not declare it back (R005); the via
# uses a spelling the vocabulary rejects ("call centre")
IT_OVERLAP = "  overlaps_with:\n    - sector: call-center\n      via: call centre software\n"


def project(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (tmp_path / ".sectorlint.toml").write_text(
        'content-roots = ["content"]\nignore = ["C001"]\n', encoding="utf-8"
    )
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path, use_cache: bool = False) -> list[Problem]:
    config = Config(root=root.parent, ignore=("C001",), cache_dir=root.parent / "cache")
    result = engine.run([str(root)], engine.Options(config=config, use_cache=use_cache))
    return list(result.report.problems)


def only(found: list[Problem], code: str) -> Problem:
    (problem,) = [p for p in found if p.code == code]
    return problem


def it_overlaps_the_call_center(root: Path) -> None:
    edit(root / "it.yaml", "  overlaps_with:\n", IT_OVERLAP)


# --- the rule that reports a problem sets its fix


def test_a_one_sided_overlap_carries_the_missing_side_as_its_fix(tmp_path: Path) -> None:
    root = project(tmp_path)
    it_overlaps_the_call_center(root)
    problem = only(problems(root), "R005")
    call_center, it = str(root / "call-center.yaml"), str(root / "it.yaml")
    assert problem.path == call_center
    assert problem.fix == AddItem(
        path=call_center,  # the file that lacks the overlap
        at=OVERLAPS,
        item=(("sector", "it"), ("via", "call center software")),  # the via as fmt writes it
        label="'it' via 'call center software'",
        copies=(it, "$.relations.overlaps_with[0]"),  # the relation it mirrors
    )
    assert problem.fix.title == "add 'it' via 'call center software' to relations.overlaps_with"


def test_a_required_overlap_the_other_side_declares_carries_that_side_as_its_fix(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    bpo = remove_bpos_relations(root)
    found = problems(root)
    problem = only(found, "R003")  # the taxonomy requires it: R003 says so, not R005
    assert "R005" not in {p.code for p in found}
    assert problem.fix is not None
    assert (problem.fix.path, problem.fix.at) == (str(bpo), OVERLAPS)
    assert problem.fix.item == (("sector", "it"), ("via", "IT-enabled services (ITES)"))


def test_a_problem_with_no_safe_edit_carries_no_fix(tmp_path: Path) -> None:
    root = project(tmp_path)
    edit(
        root / "it.yaml",
        "  overlaps_with:\n    - sector: bpo\n",
        "  overlaps_with:\n    - sector: bop\n",
    )
    found = problems(root)
    assert {p.code for p in found} >= {"R001", "R003"}
    assert all(p.fix is None for p in found)  # a misspelt id is for the author to mend


# --- the fix goes where its problem goes


def test_a_fix_comes_back_from_the_cache_as_it_went_in(tmp_path: Path) -> None:
    root = project(tmp_path)
    it_overlaps_the_call_center(root)
    problem = only(problems(root), "R005")
    Cache.in_directory(tmp_path, "k" * 24).remember_set_problems("set", [problem])
    (back,) = Cache.in_directory(tmp_path, "k" * 24).set_problems("set") or []
    assert back == problem
    assert back.fix == problem.fix


def test_a_warm_run_reports_the_same_fixes_as_a_cold_one(tmp_path: Path) -> None:
    root = project(tmp_path)
    it_overlaps_the_call_center(root)
    cold = problems(root, use_cache=True)
    warm = problems(root, use_cache=True)
    assert only(cold, "R005").fix is not None
    assert warm == cold  # problems are equal with their fixes


def test_check_fix_on_a_set_unchanged_since_the_last_run_applies_the_cached_fixes(
    tmp_path: Path,
) -> None:
    """A warm run of a set that did not change reads no file and builds no model: the fixes
    come from the cache with their problems."""
    root = project(tmp_path)
    it_overlaps_the_call_center(root)
    dated_back(root)
    config = Config(root=tmp_path, ignore=("C001",), cache_dir=tmp_path / "cache")
    options = engine.Options(config=config, use_cache=True)
    assert "R005" in {p.code for p in engine.check([str(root)], options).problems}
    fixed = fix([str(root)], options)
    assert fixed.changes == [
        f"Fixed {root / 'call-center.yaml'} (+3 -0 lines): added 'it' via 'call center software' "
        "to relations.overlaps_with",
        f"Fixed {root / 'it.yaml'} (+1 -1 lines): rewrote it in the canonical form",
    ]
    assert "R005" not in {p.code for p in engine.check([str(root)], options).problems}


def dated_back(root: Path) -> None:
    """Every file modified well before now: a run takes it as unchanged from its signature."""
    past = time.time_ns() - 10_000_000_000
    for path in root.glob("*.yaml"):
        os.utime(path, ns=(past, past))
    time.sleep(0.05)  # the change time is now: let the clock's tick pass


def test_a_fix_in_a_files_entry_follows_the_file_not_the_path_it_was_stored_for() -> None:
    """A file's entry holds no path (equal bytes, equal result): nor does a fix of its file."""
    fix = AddItem("a.yaml", OVERLAPS, (("sector", "it"),), "'it'", ("a.yaml", "$.relations"))
    problem = Problem("a.yaml", Span(3, 1), "R005", "m", Severity.ERROR, "$.relations", (), fix)
    entry = to_json(FileResult("a.yaml", "digest", (problem,)))
    assert "a.yaml" not in repr(entry)
    (moved,) = from_json("b.yaml", "digest", entry).problems
    assert moved.fix == AddItem(
        "b.yaml", OVERLAPS, (("sector", "it"),), "'it'", ("b.yaml", "$.relations")
    )


FIX = [None, ["relations", "overlaps_with"], [["sector", "it"]], "'it'", None]


def damaged(position: int, value: Any) -> list[Any]:
    fix = list(FIX)
    fix[position] = value
    return fix


@pytest.mark.parametrize(
    "fix",
    [
        "add it",  # not a fix at all
        FIX[:4],  # a field short
        damaged(0, 7),  # a file that is no path
        damaged(1, []),  # a fix that edits no place
        damaged(1, "relations"),  # a place that is no list of keys
        damaged(1, ["relations", 0]),
        damaged(2, [["sector"]]),  # an item's key without its value
        damaged(2, [["sector", 1]]),
        damaged(2, {"sector": "it"}),
        damaged(3, None),  # no label
        damaged(4, ["it.yaml"]),  # where it copies from, without the JSON path
    ],
)
def test_a_damaged_fix_in_the_cache_is_recomputed_never_trusted(fix: Any, tmp_path: Path) -> None:
    problem = Problem("a.yaml", START_OF_FILE, "R005", "m", json_path="$.relations")
    entry = [*problem_with_path_json(problem)[:-1], fix]
    cache = Cache.in_directory(tmp_path, "k" * 24)
    cache.put_set("set", [entry])
    assert cache.set_problems("set") is None
    cache.put_set("set", [[*entry[:-1], FIX]])  # (the same entry, mended, is read)
    assert cache.set_problems("set") is not None


def test_an_entry_written_before_problems_carried_fixes_is_not_read_as_one(tmp_path: Path) -> None:
    problem = Problem("a.yaml", START_OF_FILE, "R005", "m", json_path="$.relations")
    cache = Cache.in_directory(tmp_path, "k" * 24)
    cache.put_set("set", [problem_with_path_json(problem)[:-1]])  # the form without a fix
    assert cache.set_problems("set") is None
    cache.put("digest", True, {**to_json(FileResult("a.yaml", "digest")), "problems": [[1, 1]]})
    cache.flush()
    assert cache.result("a.yaml", "digest") is None


# --- which fixes `check --fix` applies


def test_the_fixes_of_the_reported_problems_are_planned_file_by_file(tmp_path: Path) -> None:
    root = project(tmp_path)
    it_overlaps_the_call_center(root)
    problem = only(problems(root), "R005")
    assert plan(problems(root)) == {problem.path: [problem.fix]}


def test_a_suppressed_problem_is_not_fixed(tmp_path: Path) -> None:
    root = project(tmp_path)
    it_overlaps_the_call_center(root)
    call_center = root / "call-center.yaml"
    edit(call_center, "\nrelations:\n", "\n# sectorlint: disable=R005\nrelations:\n")
    assert "R005" not in {p.code for p in problems(root)}
    assert plan(problems(root)) == {}
    before = call_center.read_bytes()
    result = run_cli("check", "--fix", cwd=tmp_path)
    assert "Fixed content/call-center.yaml" not in result.output
    assert call_center.read_bytes() == before


COPIED = ("it.yaml", "$.relations.overlaps_with[1]")
MIRROR = AddItem("bpo.yaml", OVERLAPS, (("sector", "it"),), "'it'", COPIED)
ONE_SIDED = Problem(
    "bpo.yaml", Span(2, 1), "R005", "one-sided", json_path="$.relations", fix=MIRROR
)


def reported_at(path: str, json_path: str, code: str = "R003") -> Problem:
    return Problem(path, Span(9, 7), code, "another problem", json_path=json_path)


@pytest.mark.parametrize(
    "other",
    [
        reported_at("it.yaml", "$.relations.overlaps_with[1]"),  # the relation it copies
        reported_at("it.yaml", "$.relations.overlaps_with[1].via", "R006"),  # a part of it
        reported_at("it.yaml", "$.relations.overlaps_with[1]", "R011"),
        # the list it adds to names a sector that is not there: most likely the one meant
        reported_at("bpo.yaml", "$.relations.overlaps_with[0].sector", "R001"),
    ],
)
def test_a_fix_another_reported_problem_denies_is_not_planned(other: Problem) -> None:
    assert plan([ONE_SIDED, other]) == {}


@pytest.mark.parametrize(
    "other",
    [
        reported_at("bpo.yaml", "$.relations.overlaps_with[1]"),  # the same place, another file
        reported_at("it.yaml", "$.relations.overlaps_with[10]"),  # another relation
        reported_at("it.yaml", "$.relations.overlaps_with"),  # the list it stands in
        reported_at("it.yaml", "$.relations.overlaps_with[1]", "S004"),  # not a cross-file rule
    ],
)
def test_a_problem_elsewhere_does_not_deny_a_fix(other: Problem) -> None:
    assert plan([ONE_SIDED, other]) == {"bpo.yaml": [MIRROR]}


def remove_bpos_relations(root: Path) -> Path:
    bpo = root / "bpo.yaml"
    text = bpo.read_text(encoding="utf-8")
    start, end = text.index("relations:\n"), text.index("\nsources:")
    bpo.write_text(text[:start] + text[end + 1 :], encoding="utf-8")  # no overlap back to IT
    return bpo


def test_a_denied_fix_is_not_written(tmp_path: Path) -> None:
    """BPO lacks the overlap with IT the taxonomy requires (R003, whose fix copies IT's side);
    but IT's side is wrong too, through the wrong via (R003 again): copying it would spread the
    mistake to BPO."""
    root = project(tmp_path)
    bpo = remove_bpos_relations(root)
    edit(root / "it.yaml", "via: IT-enabled services (ITES)", "via: outsourcing")
    found = problems(root)
    lacking = [p for p in found if p.path == str(bpo) and p.code == "R003"]
    assert [p.fix is not None for p in lacking] == [True]
    assert plan(found) == {}
    before = bpo.read_bytes()
    result = run_cli("check", "--fix", cwd=tmp_path)
    assert "must be via 'IT-enabled services (ITES)', not 'outsourcing'" in result.output
    assert "Fixed" not in result.output
    assert bpo.read_bytes() == before


# --- check --diff: what --fix would write, as a diff, writing nothing


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _breaks_two_ways(root: Path) -> None:
    it_overlaps_the_call_center(root)  # R005: the call center lacks the other side (--fix)
    edit(root / "it.yaml", "scope: broad", "scope: Broad")  # S004: fmt respells it


def test_the_diff_is_what_fix_writes_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sectorlint.fixing import check_fixed, fix_diff

    root = project(tmp_path)
    _breaks_two_ways(root)
    monkeypatch.chdir(tmp_path)
    config = Config(root=tmp_path, ignore=("C001",), cache_dir=tmp_path / "cache")
    options = engine.Options(config=config, use_cache=False)
    before = _tree(root)
    diff = fix_diff(["content/it.yaml"], options, tmp_path)
    assert _tree(root) == before  # no byte, no modification time changed
    assert "--- content/call-center.yaml\n+++ content/call-center.yaml\n" in diff  # a file of
    # the set the fix lands in, though not named
    assert "-scope: Broad\n+scope: broad\n" in diff
    assert "+    - sector: it\n" in diff

    copy = tmp_path / "copy"
    shutil.copytree(root, copy / "content")
    done = subprocess.run(
        ["patch", "-p0", "--quiet"], input=diff, text=True, cwd=copy, capture_output=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    check_fixed(["content/it.yaml"], options, tmp_path)
    fixed = {name: data for name, (data, _) in _tree(root).items()}
    patched = {name: data for name, (data, _) in _tree(copy / "content").items()}
    assert patched == fixed != {name: data for name, (data, _) in before.items()}
    assert fix_diff(["content/it.yaml"], options, tmp_path) == ""  # nothing left to write


def test_the_edits_of_an_item_to_add_make_what_fmt_writes(tmp_path: Path) -> None:
    from sectorlint import fmt
    from sectorlint.fixing import edits

    root = project(tmp_path)
    it_overlaps_the_call_center(root)
    config = Config(root=tmp_path, ignore=("C001",), cache_dir=tmp_path / "cache")
    options = engine.Options(config=config, use_cache=False)
    call_center = root / "call-center.yaml"
    fmt.format_paths([str(call_center)], config.taxonomy(), options.limits)  # canonical first
    problem = only(problems(root), "R005")
    assert problem.fix is not None
    text = call_center.read_text(encoding="utf-8")
    found = edits(problem.fix, options)
    assert found  # the file is canonical: its edits are known
    lines = text.splitlines(keepends=True)
    for made in sorted(found, reverse=True):
        lines[made.line - 1 : made.end_line - 1] = [made.text]
    expected = fmt.format_text(str(call_center), text, config.taxonomy(), (problem.fix,))
    assert "".join(lines) == expected != text


def test_after_a_rename_fix_does_not_add_the_sector_again_beside_its_old_id(
    tmp_path: Path,
) -> None:
    """IT is renamed; BPO's overlap still names 'it' (R001 says write the new id). The overlap
    IT declares is one-sided now, but adding the new id beside the old one would leave BPO
    naming IT twice once R001 is fixed: --fix leaves BPO's list to R001."""
    root = project(tmp_path)
    edit(root / "it.yaml", "id: it\n", "id: info-tech\n")
    bpo = root / "bpo.yaml"
    before = bpo.read_bytes()
    result = run_cli("check", "--fix", cwd=tmp_path)
    assert "R001" in result.output
    assert bpo.read_bytes() == before


def test_line_edits_count_lines_as_yaml_does_past_a_u2028_in_text() -> None:
    """The edits an editor applies: a U+2028 or form feed inside a value is no line break."""
    old = 'a: "x\u2028y\x0cz"\nb: 1\n'
    assert fixing.line_edits(old, old.replace("b: 1", "b: 2")) == (Edit(2, 1, 3, 1, "b: 2\n"),)


def test_line_edits_between_long_shared_runs_of_lines_are_placed_after_them() -> None:
    old = "\n" * 5000 + "a: 1\n" + "# c\n" * 5000
    new = old.replace("a: 1\n", "a: 2\nb: 3\n")
    assert fixing.line_edits(old, new) == (Edit(5001, 1, 5002, 1, "a: 2\nb: 3\n"),)
    assert fixing.line_edits(old, old) == ()
