"""A plain (non-editable) install carries the schema and the rule pages inside the package."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from sectorlint.catalog import catalog
from tests.conftest import ROOT


def test_wheel_install_finds_its_schema_and_rule_pages(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("sectorlint-*.whl")
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        assert "sectorlint/schema/sector.schema.json" in archive.namelist()
        pages = {n for n in archive.namelist() if n.startswith("sectorlint/docs/rules/")}
        assert pages == {f"sectorlint/docs/rules/{code}.md" for code in catalog()}
        archive.extractall(installed)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "sector.yaml").write_text("id: x\n")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sectorlint", *args],
            cwd=elsewhere, env={"PYTHONPATH": str(installed), "PATH": "/usr/bin:/bin"},
            capture_output=True, text=True, check=False,
        )  # fmt: skip

    printed = run("schema")
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout)["title"] == "Sector"
    checked = run("check", "sector.yaml")
    assert checked.returncode == 1
    assert "sector.yaml:1:1: S001 top level: missing required keys 'name'" in checked.stdout
    located = subprocess.run(
        [sys.executable, "-c", "import sectorlint.schema as s, sectorlint.catalog as c; "
         "print(s.schema_dir()); print(c.doc_file('s004'))"],
        cwd=elsewhere, env={"PYTHONPATH": str(installed)}, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    package = installed / "sectorlint"
    page = package / "docs" / "rules" / "S004.md"
    assert located.stdout.splitlines() == [str(package / "schema"), str(page)]
