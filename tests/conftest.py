from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sectorlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CONTENT = ROOT / "content"


def run_cli(*args: str, cwd: Path | None = None) -> Result:
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        return runner.invoke(main, list(args), catch_exceptions=False)
