"""The README opens with exactly the two commands a new user runs, and CI runs the second."""

from __future__ import annotations

import re
from pathlib import Path

from sectorlint.config import load_config
from sectorlint.engine import all_codes
from tests.conftest import ROOT


def opening_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert first_block is not None
    return [line for line in first_block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_two_commands() -> None:
    install_and_run, install_and_test = opening_commands()
    assert "pip install ." in install_and_run and "sectorlint check" in install_and_run
    assert "[test]" in install_and_test and "pytest" in install_and_test


def test_ci_runs_the_readme_test_command() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert opening_commands()[1] in ci_lines


def test_readme_configuration_example_is_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", readme, re.DOTALL)
    [block] = [b for b in blocks if "[tool.sectorlint]" in b]  # (the others: editors' set-ups)
    (tmp_path / "pyproject.toml").write_text(block, encoding="utf-8")
    (tmp_path / "content").mkdir()
    config = load_config(tmp_path, known_codes=tuple(all_codes()))
    assert config.ignore == ("C002",)
    config.taxonomy()  # the taxonomy and schema extensions apply cleanly


def test_readme_lists_every_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| ([A-Z]\d{3}) \|", readme, re.MULTILINE))
    assert listed == set(all_codes())
