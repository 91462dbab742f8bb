from __future__ import annotations

import functools
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
def model_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The model cross-file rules read: in memory, or (as for very large sets) in a file."""
    if request.param == "model spilled to a file":
        spilled = functools.partial(engine.Options, spill_from=0)
        monkeypatch.setattr(engine, "Options", spilled)
    return str(request.param)


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test gets its own results cache: no test sees another's results."""
    monkeypatch.setenv("SECTORLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
