"""Every command the README shows is run, and what it prints is what the README says.

The README's `console` blocks are one session, run in order in a repository made of the
fixture project (tests/data/project) and the schema: each `$ ` line is run with `sh`, and what
it prints (standard output and standard error together, without colour, 100 columns wide) must
be the lines under it, up to the next command. `README_UPDATE=1 python3 -m pytest
tests/test_readme_commands.py` writes what the commands print into the README instead (review
the diff before committing).

The commands of `sh` blocks cannot run here as they stand (they install sectorlint, or run a
long campaign): each is named below with the test that runs it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT, ROOT

README = ROOT / "README.md"
CONSOLE = re.compile(r"(```console\n)(.*?)(```)", re.DOTALL)
SHELL = re.compile(r"```sh\n(.*?)```", re.DOTALL)

# The commands of `sh` blocks, and where each is run.
RUN_ELSEWHERE = {
    "python3 -m pip install . && sectorlint check content": ".ci/run's fresh install, and the "
    "shipped content's check in test_content.py",
    "python3 -m pip install -e '.[test]' && python3 -m pytest": ".ci/run (test_readme.py holds "
    "it to the README's line)",
    "HYPOTHESIS_PROFILE=long python3 -m pytest tests/test_fuzz.py --hypothesis-show-statistics": (
        "tests/test_fuzz.py, with the suite's profile"
    ),
    'eval "$(sectorlint completion bash)"    # bash, in ~/.bashrc': "test_cli_conventions.py "
    "evaluates it in bash and finds the completion",
    'eval "$(sectorlint completion zsh)"     # zsh, in ~/.zshrc': "test_cli_conventions.py "
    "prints each shell's script",
    "sectorlint completion fish | source     # fish, in ~/.config/fish/config.fish": (
        "test_cli_conventions.py prints each shell's script"
    ),
}


def blocks() -> list[list[tuple[str, str]]]:
    """Each console block's (command, what it prints)."""
    found = []
    for match in CONSOLE.finditer(README.read_text(encoding="utf-8")):
        session: list[tuple[str, list[str]]] = []
        for line in match.group(2).splitlines():
            if line.startswith("$ "):
                session.append((line[2:], []))
            elif session:
                session[-1][1].append(line)
        found.append([(command, "".join(f"{x}\n" for x in out)) for command, out in session])
    return found


def workspace(tmp_path: Path) -> Path:
    """A repository as the README's reader has it: the schema, the fixture project's content set
    as `content/` (the three sectors the project started with: a team's own content changes
    nothing here) and its configuration, and the fixtures the README names."""
    work = tmp_path / "repo"
    work.mkdir()
    shutil.copytree(ROOT / "schema", work / "schema")
    shutil.copytree(PROJECT / "content", work / "content")
    for sector in (work / "content").iterdir():  # the schema line, as in a repository's content/
        text = sector.read_text(encoding="utf-8")
        sector.write_text(text.replace("../../../../schema/", "../schema/"), encoding="utf-8")
    shutil.copy(PROJECT / ".sectorlint.toml", work)
    for fixture in ("broken", "readme"):
        if (ROOT / "tests" / "data" / fixture).is_dir():
            shutil.copytree(ROOT / "tests" / "data" / fixture, work / "tests" / "data" / fixture)
    return work


def run(command: str, work: Path, cache: Path) -> str:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SECTORLINT_", "FORCE_"))},
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "SECTORLINT_CACHE_DIR": str(cache),
    }
    done = subprocess.run(
        ["sh", "-c", command],
        cwd=work,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    return done.stdout


def test_every_console_command_prints_what_the_readme_shows(tmp_path: Path) -> None:
    work, cache = workspace(tmp_path), tmp_path / "cache"
    printed = [[run(command, work, cache) for command, _ in block] for block in blocks()]
    if os.environ.get("README_UPDATE"):
        _update(printed)
        return
    differing = [
        f"$ {command}\n--- the README shows:\n{shown}--- it prints:\n{actual}"
        for block, outputs in zip(blocks(), printed, strict=True)
        for (command, shown), actual in zip(block, outputs, strict=True)
        if shown != actual
    ]
    assert not differing, "\n".join(differing)


def test_the_readme_shows_commands_with_what_they_print() -> None:
    sessions = blocks()
    commands = [command for block in sessions for command, _ in block]
    assert len(sessions) >= 4 and "sectorlint new help-desk" in " ".join(commands)
    assert all(block for block in sessions)


def test_every_shell_command_is_run_by_a_test() -> None:
    shown = [
        line.strip()
        for block in SHELL.findall(README.read_text(encoding="utf-8"))
        for line in block.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert sorted(shown) == sorted(RUN_ELSEWHERE)


def _update(printed: list[list[str]]) -> None:
    text = README.read_text(encoding="utf-8")
    outputs = iter(printed)

    def rewrite(match: re.Match[str]) -> str:
        commands = [line[2:] for line in match.group(2).splitlines() if line.startswith("$ ")]
        said = next(outputs)
        body = "".join(f"$ {command}\n{out}" for command, out in zip(commands, said, strict=True))
        return f"{match.group(1)}{body}{match.group(3)}"

    README.write_text(CONSOLE.sub(rewrite, text), encoding="utf-8")
    pytest.skip("README rewritten with what its commands print")
