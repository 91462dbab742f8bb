"""Rewrites never write what the user did not mean: through a link out of the project, over a
read-only file, into one of several hard links; they keep the owner, never block on a file that
became a FIFO, and leave no temporary file behind, even when killed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sectorlint.files import Refused, check_inside, write_atomically
from tests.conftest import CONTENT, run_cli

UNFORMATTED = ("scope: broad", "scope: Broad")


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(CONTENT, root / "content")
    (root / ".sectorlint.toml").write_text('content-roots = ["content"]\n', encoding="utf-8")
    return root


def unformatted(path: Path) -> bytes:
    path.write_text(path.read_text().replace(*UNFORMATTED), encoding="utf-8")
    return path.read_bytes()


def test_a_link_out_of_the_project_is_not_written_through(tmp_path: Path) -> None:
    root = project(tmp_path)
    victim = tmp_path / "outside" / "victim.yaml"
    victim.parent.mkdir()
    shutil.copy(root / "content" / "it.yaml", victim)
    before = unformatted(victim)
    (root / "content" / "link.yaml").symlink_to(victim)
    result = run_cli("fmt", cwd=root)
    assert "content/link.yaml:1:1: Y009 not rewritten: it is a link to" in result.output
    assert "outside the project" in result.output
    assert victim.read_bytes() == before
    # named on the command line, a file outside the project is the user's explicit choice
    assert run_cli("fmt", str(victim), cwd=root).exit_code == 0
    assert b"scope: broad" in victim.read_bytes()


def test_a_file_with_other_hard_links_is_left_as_it_was(tmp_path: Path) -> None:
    root = project(tmp_path)
    target = root / "content" / "it.yaml"
    before = unformatted(target)
    os.link(target, tmp_path / "other-link.yaml")
    result = run_cli("fmt", cwd=root)
    assert "content/it.yaml:1:1: Y009 not rewritten: it has 2 hard links" in result.output
    assert target.read_bytes() == before == (tmp_path / "other-link.yaml").read_bytes()


def test_a_read_only_file_is_left_as_it_was(tmp_path: Path) -> None:
    root = project(tmp_path)
    target = root / "content" / "it.yaml"
    before = unformatted(target)
    target.chmod(0o444)
    result = run_cli("fmt", cwd=root)
    assert "content/it.yaml:1:1: Y009 not rewritten: it is read-only" in result.output
    assert target.read_bytes() == before


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another user")
def test_the_owner_and_group_are_kept(tmp_path: Path) -> None:
    root = project(tmp_path)
    target = root / "content" / "it.yaml"
    unformatted(target)
    os.chown(target, 65534, 65534)
    assert run_cli("fmt", cwd=root).exit_code == 0
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (65534, 65534)
    assert b"scope: broad" in target.read_bytes()


def test_a_file_that_became_a_fifo_is_not_waited_for(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("id: x\n")
    target.unlink()
    os.mkfifo(target)
    outcome: list[BaseException] = []

    def write() -> None:
        try:
            write_atomically(target, "id: y\n", expected=b"id: x\n")
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=write, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "blocked on the FIFO"
    assert outcome and isinstance(outcome[0], Refused)
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]  # no temporary file left


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_killed_rewrite_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    """A killed hook (SIGTERM) or a closed terminal (SIGHUP) ends a rewrite through its
    clean-up."""
    target = tmp_path / "x.yaml"
    target.write_text("id: x\n")
    script = (
        "import os, time, sys\n"
        "from pathlib import Path\n"
        "from sectorlint.cli import _exit_cleanly_on_signals\n"
        "from sectorlint import files\n"
        "_exit_cleanly_on_signals()\n"
        "os.fsync = lambda fd: time.sleep(30)  # a slow disk: the kill comes mid-write\n"
        f"files.write_atomically(Path({str(target)!r}), 'id: y\\n')\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 20
    while not any(p.suffix == ".tmp" for p in tmp_path.iterdir()):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.02)
    process.send_signal(signum)
    assert process.wait(timeout=20) == 128 + signum
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]
    assert target.read_text() == "id: x\n"


def test_a_configuration_or_baseline_that_is_a_fifo_is_refused_not_waited_for(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    os.mkfifo(root / "fifo.toml")
    os.mkfifo(root / "fifo.json")
    result = run_cli("check", "--config", str(root / "fifo.toml"), cwd=root)
    assert result.exit_code == 2 and "not a regular file" in result.output
    result = run_cli("check", "--baseline", str(root / "fifo.json"), cwd=root)
    assert result.exit_code == 2 and "not a regular file" in result.output


def other_project(tmp_path: Path, config: str = 'content-roots = ["content"]\n') -> Path:
    """A second project beside the first, with a file `fmt` would change."""
    other = tmp_path / "other"
    (other / "content").mkdir(parents=True)
    (other / ".sectorlint.toml").write_text(config, encoding="utf-8")
    shutil.copy(CONTENT / "it.yaml", other / "content" / "victim.yaml")
    unformatted(other / "content" / "victim.yaml")
    return other


@pytest.mark.parametrize(
    ("link_to", "named"),
    [
        ("content", "content/shared/victim.yaml"),  # the other project's content folder
        (".", "content/shared/content/victim.yaml"),  # the other project itself, its config too
    ],
)
@pytest.mark.parametrize("command", [("fmt",), ("check", "--fix", "--no-cache")])
def test_a_file_reached_through_a_folder_link_into_another_project_is_not_written(
    tmp_path: Path, link_to: str, named: str, command: tuple[str, ...]
) -> None:
    root = project(tmp_path)
    other = other_project(tmp_path)
    before = (other / "content" / "victim.yaml").read_bytes()
    (root / "content" / "shared").symlink_to(other / link_to, target_is_directory=True)
    for path in (named, str(Path(named).parent)):  # the file, and the folder holding it
        result = run_cli(*command, path, cwd=root)
        assert f"{named}:1:1: Y009 not rewritten: it is a link to" in result.output
        assert f"outside the project ({root.resolve()})" in result.output
        assert "Traceback" not in result.output
        assert (other / "content" / "victim.yaml").read_bytes() == before


def test_a_file_reached_through_a_folder_link_is_checked_with_the_configuration_as_written(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    (root / ".sectorlint.toml").write_text('content-roots = ["content"]\nignore = ["S"]\n')
    other = other_project(tmp_path, 'content-roots = ["content"]\nignore = ["C"]\n')
    (other / "content" / "victim.yaml").write_text("id: victim\nname: Victim\n")
    (root / "content" / "shared").symlink_to(other / "content", target_is_directory=True)
    result = run_cli("check", "--no-cache", "content/shared/victim.yaml", cwd=root)
    assert "C001" in result.output  # the project's ignore (S), not the link target's (C)
    assert "S001" not in result.output


def test_the_project_folder_itself_is_inside_and_a_folder_link_out_of_it_is_not(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    other = other_project(tmp_path)
    (root / "content" / "shared").symlink_to(other / "content", target_is_directory=True)
    check_inside(root, root)
    check_inside(root / "content", root)
    with pytest.raises(Refused, match="outside the project"):
        check_inside(root / "content" / "shared", root)
    check_inside(other / "content" / "victim.yaml", root)  # not in the project as written
