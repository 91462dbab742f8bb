"""The commands as one call each, as the command line calls them (specifications)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sectorlint import engine
from sectorlint.config import load_config
from sectorlint.fmt import Outcome
from sectorlint.problem import START_OF_FILE, Problem
from sectorlint.render import ContentErrors, Request, render_paths
from sectorlint.reporters import formatting

from .conftest import PROJECT


def options_in(project: Path) -> engine.Options:
    return engine.Options(config=load_config(project), full_model=True)


def test_render_shows_the_given_files_sectors_against_their_whole_set() -> None:
    one = str(PROJECT / "content" / "call-center.yaml")
    rendered = render_paths([one], options_in(PROJECT), Request("csv"))
    header = rendered.text.splitlines()[0]
    assert "Call" in header and "BPO" not in header  # bpo.yaml is read, not shown
    assert rendered.unread == []


def test_render_refuses_content_with_errors_unless_forced(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    it = project / "content" / "it.yaml"
    it.write_text(it.read_text().replace("scope: broad", "scope: vast"))
    content = [str(project / "content")]
    with pytest.raises(ContentErrors, match=r"the content has 1 error$"):
        render_paths(content, options_in(project), Request("csv"))
    forced = render_paths(content, options_in(project), Request("csv", force=True))
    scope = next(line for line in forced.text.splitlines() if line.startswith("Scope,"))
    assert "Broad (Digital" not in scope  # IT's scope as it stands, not as it was


def test_fmt_reports_each_file_and_fails_a_check_that_would_change_one() -> None:
    problem = Problem("b.yaml", START_OF_FILE, "Y001", "broken")
    outcomes = [
        Outcome("a.yaml", "x: 1\n", "x: 2\n"),
        Outcome("b.yaml", problem=problem),
        Outcome("c.yaml", "y: 1\n", "y: 1\n"),
    ]
    checked = formatting.render(outcomes, written=False, diff=False)
    assert checked.text == "would reformat a.yaml\nb.yaml:1:1: Y001 broken\n"
    assert checked.summary == (
        "1 file would be reformatted, 1 file left unchanged, 1 file could not be formatted."
    )
    assert checked.status == 1
    written = formatting.render([outcomes[0], outcomes[2]], written=True, diff=False)
    assert (written.text, written.status) == ("reformatted a.yaml\n", 0)
    assert "+x: 2" in formatting.render(outcomes[:1], written=False, diff=True).text
