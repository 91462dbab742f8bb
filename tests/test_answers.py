"""A `check` run's answer is replayed only while nothing it read has changed (`answers`).

Each test runs the real command (`python -m sectorlint`) in a copy of the fixture project: once
to record, then after a change, comparing with what a run without any cache prints. A replay is
recognized by what it does not import: the command line's library (click).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sectorlint import answers

from .conftest import PROJECT


class Run:
    def __init__(self, completed: subprocess.CompletedProcess[str]) -> None:
        self.output = completed.stdout
        self.status = completed.returncode
        self.replayed = "click" not in {
            line.split("|")[-1].strip() for line in completed.stderr.splitlines()
        }
        self.errors = "\n".join(
            line for line in completed.stderr.splitlines() if not line.startswith("import time:")
        )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy)
    time.sleep(0.05)  # past the clock's tick: the files are settled before the first run
    return copy


# The command as installed (`python -m` would put the working directory on the import path,
# and then every file coming or going in the project's folder is a change of sectorlint's code)
SCRIPT = Path(sys.executable).with_name("sectorlint")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else ["-m", "sectorlint"]


def sectorlint(
    project: Path, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Run:
    environment = {**os.environ, **(env or {})}
    environment.pop("SECTORLINT_CACHE_DIR")  # the default: .sectorlint_cache in the project
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", *COMMAND, *args],
        cwd=cwd or project,
        env=environment,
        capture_output=True,
        text=True,
        errors="surrogateescape",
    )
    return Run(completed)


def fresh(project: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """What the run prints working everything out again."""
    return sectorlint(project, *args, "--no-cache", env=env)


def test_an_unchanged_run_is_replayed_with_its_output_and_status(project: Path) -> None:
    sector = project / "content" / "it.yaml"
    sector.write_text(sector.read_text() + "unknown_key: 1\n")
    time.sleep(0.05)
    first = sectorlint(project, "check", "content/it.yaml")
    again = sectorlint(project, "check", "content/it.yaml")
    assert not first.replayed and again.replayed
    assert (again.output, again.status) == (first.output, first.status)
    assert first.status == 1 and "unknown_key" in first.output


def _content(project: Path) -> Path:
    return project / "content"


def _no_bpo(project: Path) -> None:
    """Call centers are a subset of a sector no longer there (R001 in call-center.yaml)."""
    (_content(project) / "bpo.yaml").rename(project / "bpo.yaml")


def _edit(project: Path) -> None:
    bpo = _content(project) / "bpo.yaml"
    bpo.write_text(bpo.read_text().replace("id: bpo\n", "id: bpo-renamed\n"))


def _edit_keeping_size_and_time(project: Path) -> None:
    bpo = _content(project) / "bpo.yaml"
    before = bpo.stat()
    bpo.write_text(bpo.read_text().replace("id: bpo\n", "id: bpx\n"))
    os.utime(bpo, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (bpo.stat().st_size, bpo.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def _add_in_subfolder(project: Path) -> None:
    (_content(project) / "more").mkdir()
    time.sleep(0.05)  # the new folder's listing is a change of its own
    (project / "bpo.yaml").rename(_content(project) / "more" / "bpo.yaml")


def _ignore_r001(project: Path) -> None:
    config = project / ".sectorlint.toml"
    config.write_text(config.read_text() + 'ignore = ["R001"]\n')


def _configure_nearer(project: Path) -> None:
    (_content(project) / ".sectorlint.toml").write_text('content-roots = ["."]\nignore = ["R"]\n')


def _link_to_bpo(project: Path) -> None:
    os.symlink(project / "saved.yaml", _content(project) / "link.yaml")  # dangling


def _link_resolves(project: Path) -> None:
    (project / "bpo.yaml").rename(project / "saved.yaml")


def _nothing(project: Path) -> None:
    pass


# (what the project looks like at the first run, the change after it)
CHANGES: dict[str, tuple[Callable[[Path], None], Callable[[Path], None]]] = {
    "a file of the set edited": (_nothing, _edit),
    "edited keeping its size and modification time": (_nothing, _edit_keeping_size_and_time),
    "a file of the set deleted": (_nothing, _no_bpo),
    "a file added in a new subfolder": (_no_bpo, _add_in_subfolder),
    "the configuration edited": (_no_bpo, _ignore_r001),
    "a configuration added nearer the files": (_no_bpo, _configure_nearer),
    "a dangling link of the set now resolving": (_link_to_bpo, _link_resolves),
}


@pytest.mark.parametrize("target", ["content/call-center.yaml", "content"])
@pytest.mark.parametrize("change", CHANGES)
def test_any_change_to_what_a_run_read_is_seen(project: Path, change: str, target: str) -> None:
    before, after_it = CHANGES[change]
    before(project)
    if change == "a dangling link of the set now resolving":
        _no_bpo(project)
    time.sleep(0.05)
    first = sectorlint(project, "check", target)
    assert sectorlint(project, "check", target).replayed
    after_it(project)
    time.sleep(0.05)
    after = sectorlint(project, "check", target)
    assert not after.replayed
    expected = fresh(project, "check", target)
    assert (after.output, after.status) == (expected.output, expected.status)
    assert (after.output, after.status) != (first.output, first.status)  # the change shows


def test_each_command_line_and_environment_has_its_own_answer(project: Path) -> None:
    sectorlint(project, "check", "content")
    quiet = sectorlint(project, "check", "--quiet", "content")
    assert not quiet.replayed
    coloured = sectorlint(project, "check", "content", env={"FORCE_COLOR": "1"})
    assert not coloured.replayed
    assert sectorlint(project, "check", "content").replayed


@pytest.mark.parametrize(
    "option",
    [["--no-cache"], ["--fix"], ["--output-file", "report.txt"], ["--baseline", "base.json"]],
)
def test_runs_that_write_or_refuse_the_cache_are_never_replayed(
    project: Path, option: list[str]
) -> None:
    sectorlint(project, "check", *option, "content")
    assert not sectorlint(project, "check", *option, "content").replayed


def test_a_damaged_answers_file_is_worked_around(project: Path) -> None:
    sectorlint(project, "check", "content")
    (project / ".sectorlint_cache" / answers.FILE_NAME).write_bytes(b"not a database" * 100)
    run = sectorlint(project, "check", "content")
    assert not run.replayed and run.errors == ""
    assert (run.output, run.status) == (fresh(project, "check", "content").output, 0)


def test_an_input_changed_while_the_run_read_it_is_not_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(git's racily clean rule: a change in the run's clock tick may not show in the times.)"""
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("SECTORLINT_CACHE_DIR", str(cache))
    monkeypatch.setattr(answers, "invocation", ["check", "a.yaml"])
    sector = tmp_path / "a.yaml"
    sector.write_text("id: a\n")
    monkeypatch.setattr(answers, "STARTED", time.time_ns())  # the run began as it was written
    answers.remember([str(sector)], "output\n", 0, str(cache))
    assert answers.replay(["check", "a.yaml"]) is None
    monkeypatch.setattr(answers, "STARTED", time.time_ns() + 1_000_000_000)  # a second later
    answers.remember([str(sector)], "output\n", 0, str(cache))
    assert answers.replay(["check", "a.yaml"]) == 0


def test_sectorlints_own_code_is_an_input() -> None:
    """An edited checkout (or an upgraded package) never replays an older version's answer."""
    code = answers._code()
    assert answers.__file__ in code and os.path.dirname(answers.__file__) in code


def test_a_file_name_that_is_not_utf8_is_remembered_and_replayed(project: Path) -> None:
    odd = os.fsdecode(b"caf\xe9.yaml")
    shutil.copy(project / "content" / "bpo.yaml", project / "content" / odd)
    time.sleep(0.05)
    first = sectorlint(project, "check", "content")
    again = sectorlint(project, "check", "content")
    assert first.errors == "" and again.replayed
    assert (again.output, again.status) == (first.output, first.status) and first.status == 1


def test_a_deleted_working_directory_does_not_stop_the_run(project: Path, tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f'cd {gone} && rmdir {gone} && exec "$@"'
    command = [sys.executable, *COMMAND, "check", "--no-cache", str(project / "content")]
    environment = {**os.environ, "SECTORLINT_CACHE_DIR": ""}
    done = subprocess.run(
        ["sh", "-c", script, "sh", *command], capture_output=True, text=True, env=environment
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("All checks passed")


def test_the_content_root_is_an_input_even_while_it_is_not_there(tmp_path: Path) -> None:
    """A file outside every root is checked with its folder; a root appearing (with no
    configuration, `content/`; here a link to that folder) makes the set the whole root,
    subfolders included."""
    project = tmp_path / "project"
    (project / "stuff" / "sub").mkdir(parents=True)
    for sector in ("bpo", "call-center", "it"):
        shutil.copy(PROJECT / "content" / f"{sector}.yaml", project / "stuff")
    (project / "stuff" / "sub" / "dup.yaml").write_text(
        (PROJECT / "content" / "it.yaml").read_text()
    )
    time.sleep(0.05)
    # (the first run makes the cache folder in the project's folder, where the missing root
    # is: that change, during the run, keeps its answer from being recorded)
    sectorlint(project, "check", "stuff/it.yaml")
    time.sleep(0.05)
    first = sectorlint(project, "check", "stuff/it.yaml")
    assert sectorlint(project, "check", "stuff/it.yaml").replayed
    os.symlink(project / "stuff", project / "content")
    time.sleep(0.05)
    after = sectorlint(project, "check", "stuff/it.yaml")
    expected = fresh(project, "check", "stuff/it.yaml")
    assert not after.replayed
    assert (
        (after.output, after.status)
        == (expected.output, expected.status)
        != (
            first.output,
            first.status,
        )
    )


@pytest.fixture
def recording(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder where answers are recorded, as a run begun at the command line records."""
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("SECTORLINT_CACHE_DIR", str(cache))
    monkeypatch.setattr(answers, "invocation", ["check", "a.yaml"])
    return cache


def test_an_input_gone_during_the_run_is_not_recorded(
    tmp_path: Path, recording: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    config = folder / ".sectorlint.toml"
    config.write_text("")
    time.sleep(0.05)
    monkeypatch.setattr(answers, "STARTED", time.time_ns())
    config.unlink()  # while the run reads the rest
    answers.remember([str(config)], "output\n", 0, str(recording))
    assert answers.replay(["check", "a.yaml"]) is None
    time.sleep(0.05)
    monkeypatch.setattr(answers, "STARTED", time.time_ns())  # absent all along: an answer
    answers.remember([str(config)], "output\n", 0, str(recording))
    assert answers.replay(["check", "a.yaml"]) == 0


def test_a_folder_that_cannot_be_listed_is_an_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(its permissions mended, it is listed: its change time changed)"""
    from sectorlint import discover

    locked = tmp_path / "content" / "locked"
    locked.mkdir(parents=True)
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(discover.os, "scandir", scandir)
    found = discover.discover([str(tmp_path / "content")])
    assert str(locked) in found.folders
    assert [p.code for p in found.problems] == ["Y009"]


def test_who_runs_is_part_of_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = answers._key(["check"])
    monkeypatch.setattr(os, "getgroups", lambda: [12345])
    assert answers._key(["check"]) != before


def test_the_working_directory_on_the_import_path_is_an_input(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(`python -m` puts it first: a module there would be imported instead of the installed)"""
    monkeypatch.setattr(sys, "path", ["", *sys.path])
    assert os.getcwd() in answers._code()


@pytest.mark.parametrize(
    "row",
    [
        (None, "", b"out", 0),
        (b"a.yaml", "f1:2:3:4", None, 0),
        (b"a.yaml", "f1:2:3:4", b"out", None),
        (b"a.yaml", "f1:2:3:4", b"out", "x"),
        ("a.yaml", "f1:2:3:4", b"out", 0),
        (b"", "", b"All checks passed\n", 0),  # no inputs: nothing says it still holds
    ],
)
def test_a_row_not_as_written_is_no_answer(
    recording: Path, row: tuple[object, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    db = sqlite3.connect(recording / answers.FILE_NAME)
    db.execute(
        "CREATE TABLE answers (key BLOB PRIMARY KEY, paths BLOB, stamps TEXT, output BLOB, "
        "status INTEGER, used INTEGER)"
    )
    db.execute("INSERT INTO answers VALUES (?, ?, ?, ?, ?, 0)", (answers._key(["check"]), *row))
    db.commit()
    db.close()
    assert answers.replay(["check"]) is None
    assert capsys.readouterr().out == ""
