"""The shape of the code: layers that import only downward, and what a plain run must not load.

Each module of `sectorlint` sits in one layer; a module may import (at the top or inside a
function) from its own layer and the ones below, never from a layer above. Read bottom-up:
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT, ROOT

PACKAGE = ROOT / "sectorlint"

LAYERS = [
    # 1. plain values and helpers: problems, caps, text and positions, file bytes
    {"sectorlint", "problem", "limits", "hashes", "escaping", "sizes", "scalars", "forms",
     "suggest", "positions", "reading", "codes", "stamps"},
    # 2. reading one YAML or JSON file into data and spans
    {"document", "builder", "saphyr_events", "source"},
    # 3. what content must be: the schema, the taxonomy, the model the rules read
    {"extension", "schema", "taxonomy", "model", "rules._walk"},
    # 4. the checks: rules
    {"rules", "rules.*"},
    # 5. what decides about them: the catalog of codes, the configuration, suppressions and
    #    severities
    {"catalog", "config", "select"},
    # 6. one document and the set it belongs to: its analysis and kind, discovery, git, the
    #    spilled model, safe writes, the baseline
    {"analysis", "kinds", "discover", "revision", "spill", "files", "baseline"},
    # 7. running them: the cache, the workers, the pipeline, a session kept alive, partial
    #    runs, fixes, the formatter; a run's answer remembered; a new sector's file from the
    #    template
    {"cache", "pool", "engine", "session", "changes", "fixing", "fmt", "answers", "scaffold"},
    # 8. what users see: reports, renderings, the command line and its entry
    {"reporters", "reporters.*", "render", "render.*", "checking", "cli", "entry", "__main__",
     "server", "server.*"},
]  # fmt: skip


def layer_of(module: str) -> int:
    for number, members in enumerate(LAYERS):
        prefix = module.rsplit(".", 1)[0] + ".*"
        if module in members or ("." in module and prefix in members):
            return number
    raise AssertionError(f"sectorlint.{module} belongs to no layer: add it to LAYERS")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) or "sectorlint"


def imports_of(path: Path) -> set[str]:
    """Every sectorlint module `path` imports, wherever the import stands: absolute, relative,
    or by name (`importlib.import_module`, `__import__`; a name built at run time counts as
    every module below its constant prefix)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, path)
            if base == "sectorlint" or base.startswith("sectorlint."):
                found.add(base.removeprefix("sectorlint").removeprefix(".") or "sectorlint")
                found.update(_submodules(base, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found.update(
                a.name.removeprefix("sectorlint.")
                for a in node.names
                if a.name.startswith("sectorlint.")
            )
        elif isinstance(node, ast.Call) and _imports_by_name(node):
            found.update(_named(node.args[0]))
    return found


def _absolute(module: str | None, level: int, path: Path) -> str:
    if level == 0:
        return module or ""
    here = ["sectorlint", *path.relative_to(PACKAGE).parent.parts]  # the module's package
    parts = here[: len(here) + 1 - level]
    return ".".join([*parts, *([module] if module else [])])


def _submodules(package: str, names: list[str]) -> set[str]:
    """The names imported from a package that are modules of it (`from sectorlint import cli`)."""
    folder = PACKAGE.joinpath(*package.split(".")[1:])
    found = set()
    for name in names:
        if (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file():
            found.add(f"{package}.{name}".removeprefix("sectorlint."))
    return found


def _imports_by_name(call: ast.Call) -> bool:
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    return name in ("import_module", "__import__") and bool(call.args)


def _named(argument: ast.expr) -> set[str]:
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        text = argument.value
    elif isinstance(argument, ast.JoinedStr) and argument.values:
        first = argument.values[0]
        text = first.value if isinstance(first, ast.Constant) else ""
        text = text.rstrip(".") + ".*" if text else ""
    else:
        return set()
    return {text.removeprefix("sectorlint.")} if text.startswith("sectorlint.") else set()


def test_every_module_imports_only_its_own_layer_and_the_ones_below() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        for imported in imports_of(path):
            if layer_of(imported) > layer_of(module):
                upward.append(f"{module} (layer {layer_of(module) + 1}) imports {imported}")
    assert upward == []


def test_the_layers_name_every_module() -> None:
    for path in PACKAGE.rglob("*.py"):
        layer_of(module_name(path))


def test_the_layer_check_catches_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "x.py"
    module.write_text("def f():\n    from sectorlint.engine import run\n")
    assert imports_of(module) == {"engine"}
    assert layer_of("engine") > layer_of("model")


def test_the_layer_check_sees_relative_and_named_imports() -> None:
    """(written where the package's modules are, as a module of it would be)"""
    module = PACKAGE / "rules" / "_layer_probe.py"
    module.write_text(
        "import importlib\n"
        "from ..engine import run\n"
        "from . import placeholder\n"
        "importlib.import_module('sectorlint.cli')\n"
        "importlib.import_module(f'sectorlint.render.{name}')\n"
        "__import__('sectorlint.fmt')\n"
    )
    try:
        found = imports_of(module)
    finally:
        module.unlink()
    assert found == {"engine", "rules", "rules.placeholder", "cli", "render.*", "fmt"}


# What a clean one-file `check` must not load: the pure-Python validator (only an invalid file
# needs its explanations), the third YAML parser (only a file two others refuse), the formatter
# and its round-trip reader's dumper, renderings, other reporters, workers, the spilled model.
NOT_LOADED_BY_A_CLEAN_CHECK = [
    "jsonschema", "pyrs_yaml", "yaml", "multiprocessing", "concurrent.futures",
    "sectorlint.fmt", "sectorlint.render", "sectorlint.spill", "sectorlint.pool",
    "sectorlint.reporters.json_report", "sectorlint.reporters.sarif", "sectorlint.changes",
]  # fmt: skip


def test_a_clean_one_file_check_loads_only_what_it_needs(tmp_path: Path) -> None:
    program = (
        "import sys\n"
        "from sectorlint.cli import main\n"
        "try:\n"
        "    main(['check', '--no-cache', sys.argv[1]])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    path = PROJECT / "content" / "it.yaml"
    done = subprocess.run(
        [sys.executable, "-c", program, str(path)],
        capture_output=True, text=True, cwd=PROJECT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "sectorlint.engine" in loaded  # (the run did happen)
    assert sorted(m for m in NOT_LOADED_BY_A_CLEAN_CHECK if m in loaded) == []


def test_a_replayed_check_loads_neither_the_command_line_nor_the_engine(tmp_path: Path) -> None:
    """A run whose answer is remembered (`answers`) costs Python's start and SQLite's import."""
    program = (
        "import sys\n"
        "sys.argv = ['sectorlint', 'check', 'content/it.yaml']\n"
        "from sectorlint.entry import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    environment = {**os.environ, "SECTORLINT_CACHE_DIR": str(tmp_path)}
    command = [sys.executable, "-c", program]
    runs = [
        subprocess.run(command, capture_output=True, text=True, cwd=PROJECT, env=environment)
        for _ in range(2)
    ]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    recorded, replayed = (set(run.stdout.split()) for run in runs)
    assert {"click", "sectorlint.cli", "sectorlint.engine"} <= recorded
    ours = sorted(m for m in replayed if m.startswith("sectorlint"))
    assert ours == ["sectorlint", "sectorlint.answers", "sectorlint.entry", "sectorlint.stamps"]
    assert not {"click", "pathlib", "json", "hashlib"} & replayed
