from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sectorlint import engine
from sectorlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# The content set behaviour tests read: a copy of the three sectors the project started with,
# so that a team adding sectors to content/ never turns the suite red.
PROJECT = DATA / "project"  # a project of its own: .sectorlint.toml and content/
CONTENT = PROJECT / "content"
SHIPPED = ROOT / "content"  # only for tests of the shipped content itself


def run_cli(*args: str, cwd: Path | None = None) -> Result:
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        return runner.invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(params=["model in memory", "model spilled to a file"])
def model_kind(request: pytest.FixtureRequest) -> Iterator[str]:
    """The model cross-file rules read: in memory, or (as for very large sets) in a file; every
    `engine.Options` made during the test, by the test or by the command line, keeps it so."""
    spill_from = 0 if request.param == "model spilled to a file" else 1 << 62
    with engine.default_spill_from(spill_from):
        yield str(request.param)


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test gets its own results cache: no test sees another's results."""
    monkeypatch.setenv("SECTORLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
