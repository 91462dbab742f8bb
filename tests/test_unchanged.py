"""A warm run trusts a file's stat signature, as git's index does: what did not change is not read.

A file changed in the same tick of the file system's clock as a run saw it is "racily clean"
and read again (`reading.unchanged`): the tests let a tick pass after writing their files.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from sectorlint import engine, kinds, reading
from sectorlint.config import Config
from tests.conftest import CONTENT


def dated_back(root: Path) -> None:
    past = time.time_ns() - 10_000_000_000
    for path in root.glob("*.yaml"):
        os.utime(path, ns=(past, past))
    time.sleep(0.05)  # the change time is now: let the clock's tick pass


def project(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    dated_back(root)
    return root


def check(
    root: Path, *paths: Path, cache: bool = True, jobs: int = 1
) -> list[tuple[str, str, int, int]]:
    config = Config(root=root.parent, cache_dir=root.parent / "cache")
    options = engine.Options(config=config, use_cache=cache, jobs=jobs, pool_from=0)
    report = engine.check([str(p) for p in paths or [root]], options)
    return [(Path(p.path).name, p.code, p.line, p.column) for p in report.problems]


class Reads(list[str]):
    """The files a run reads, in this process or in its workers (which write them down in a
    file: a forked worker's list would not be this one)."""

    def __init__(self, log: Path) -> None:
        super().__init__()
        self.log = log

    def taken(self) -> list[str]:
        done = [*self, *self.log.read_text(encoding="utf-8").split()]
        self.clear()
        self.log.write_text("", encoding="utf-8")
        return done


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Reads:
    done = Reads(tmp_path / "reads.log")
    done.log.write_text("", encoding="utf-8")
    real = reading.read_bytes
    parent = os.getpid()

    def counted(path: str, cap: int) -> tuple[bytes | None, object]:
        if os.getpid() == parent:
            done.append(Path(path).name)
        else:
            with done.log.open("a", encoding="utf-8") as log:
                log.write(Path(path).name + "\n")
        return real(path, cap)

    monkeypatch.setattr(reading, "read_bytes", counted)
    return done


IN_PROCESS_AND_IN_WORKERS = pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "workers"])


@IN_PROCESS_AND_IN_WORKERS
def test_a_cold_run_reads_each_file_once(tmp_path: Path, reads: Reads, jobs: int) -> None:
    """(A file with a problem of its own is parsed again for its spans, from the bytes read.)"""
    root = project(tmp_path)
    bpo = root / "bpo.yaml"
    bpo.write_text(bpo.read_text(encoding="utf-8").replace("scope: broad", "scope: brod"))
    dated_back(root)
    assert [code for _, code, *_ in check(root, jobs=jobs)] == ["S004"]
    assert sorted(reads.taken()) == ["bpo.yaml", "call-center.yaml", "it.yaml"]


@IN_PROCESS_AND_IN_WORKERS
def test_a_warm_run_of_an_unchanged_set_reads_no_file(
    tmp_path: Path, reads: Reads, jobs: int
) -> None:
    root = project(tmp_path)
    first = check(root, jobs=jobs)
    assert len(reads.taken()) == 3
    assert check(root, jobs=jobs) == first
    assert reads.taken() == []


@IN_PROCESS_AND_IN_WORKERS
def test_a_warm_run_reads_only_the_file_that_changed_and_once(
    tmp_path: Path, reads: Reads, jobs: int
) -> None:
    root = project(tmp_path)
    check(root, jobs=jobs)
    bpo = root / "bpo.yaml"
    bpo.write_text(bpo.read_text(encoding="utf-8").replace("scope: broad", "scope: brod"))
    time.sleep(0.05)
    reads.taken()
    problems = check(root, jobs=jobs)
    assert ("bpo.yaml", "S004") in {(name, code) for name, code, *_ in problems}
    assert reads.taken() == ["bpo.yaml"]  # read once: hashed, looked up, checked, located


@IN_PROCESS_AND_IN_WORKERS
def test_a_changed_file_whose_bytes_the_cache_knows_is_read_once_and_not_checked_again(
    tmp_path: Path, reads: Reads, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(a checkout that rewrites a file with the bytes it had: its signature changed)"""
    root = project(tmp_path)
    first = check(root, jobs=jobs)
    bpo = root / "bpo.yaml"
    bpo.write_bytes(bpo.read_bytes())
    time.sleep(0.05)
    reads.taken()
    monkeypatch.setattr(kinds.SECTOR_FILES, "analyse", None)  # nothing may be analysed
    assert check(root, jobs=jobs) == first
    assert reads.taken() == ["bpo.yaml"]


def test_an_edit_that_keeps_the_size_and_the_time_is_seen(tmp_path: Path) -> None:
    """The change time and the inode say what the size and a restored time would not."""
    root = project(tmp_path)
    assert check(root) == []
    bpo = root / "bpo.yaml"
    before = bpo.stat()
    text = bpo.read_text(encoding="utf-8")
    bpo.write_text(text.replace("scope: broad", "scope: BROAD", 1), encoding="utf-8")
    os.utime(bpo, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert bpo.stat().st_size == before.st_size and bpo.stat().st_mtime_ns == before.st_mtime_ns
    assert check(root) == check(root, cache=False) != []


def test_a_file_changed_just_before_a_run_saw_it_is_read_again(tmp_path: Path) -> None:
    """The earlier run's time is taken before it looked at the file: a change in the same tick
    of the file system's clock after that look may not show in the file's times."""
    path = tmp_path / "a.yaml"
    path.write_text("id: a\n")
    now = reading.signature(str(path))
    assert now is not None and now.looked < now.settled  # (just written)
    written = path.stat().st_ctime_ns
    assert reading.unchanged(now, (now.text, "abc", written + 5_000_000_000)) == "abc"
    assert reading.unchanged(now, (now.text, "abc", written + 1_000_000)) is None  # same tick
    assert reading.unchanged(now, ("other", "abc", written + 5_000_000_000)) is None
    assert reading.unchanged(now, None) is None


def test_a_partial_warm_run_of_an_unchanged_set_reports_what_a_full_check_does(
    tmp_path: Path,
) -> None:
    """A cross-file problem of the given file, located in another file, whose suppression is
    in that file; and an unused suppression in the given file."""
    root = project(tmp_path)
    call = root / "call-center.yaml"
    call.write_text(call.read_text(encoding="utf-8").replace("subset_of:\n", "subset_of: []\nx:\n"))
    it = root / "it.yaml"
    it.write_text("# sectorlint: disable-file=T001\n" + it.read_text(encoding="utf-8"))
    dated_back(root)
    cold = check(root, call, cache=False)
    assert cold
    assert check(root, call) == cold  # fills the cache
    assert check(root, call) == cold  # from the signatures alone
    assert check(root, it) == check(root, it, cache=False)


def test_render_reads_each_file_once(tmp_path: Path, reads: Reads) -> None:
    """It needs every document whole: its analysis keeps it, and no file is read again."""
    root = project(tmp_path)
    config = Config(root=root.parent, cache_dir=root.parent / "cache")
    for cache in (False, True, True):
        result = engine.run([str(root)], engine.Options(config, full_model=True, use_cache=cache))
        assert sorted(reads.taken()) == ["bpo.yaml", "call-center.yaml", "it.yaml"]
        assert len(result.model.sectors) == 3
        assert all("definition" in s.data for s in result.model.sectors)  # whole, not projected
