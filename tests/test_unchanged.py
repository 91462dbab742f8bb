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

from sectorlint import engine, reading
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


def check(root: Path, *paths: Path, cache: bool = True) -> list[tuple[str, str, int, int]]:
    config = Config(root=root.parent, cache_dir=root.parent / "cache")
    options = engine.Options(config=config, use_cache=cache)
    report = engine.check([str(p) for p in paths or [root]], options)
    return [(Path(p.path).name, p.code, p.line, p.column) for p in report.problems]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files a run reads."""
    done: list[str] = []
    real = reading.read_bytes

    def counted(path: str, cap: int) -> tuple[bytes | None, object]:
        done.append(Path(path).name)
        return real(path, cap)

    monkeypatch.setattr(reading, "read_bytes", counted)
    return done


def test_a_warm_run_of_an_unchanged_set_reads_no_file(tmp_path: Path, reads: list[str]) -> None:
    root = project(tmp_path)
    first = check(root)
    assert len(reads) >= 3
    reads.clear()
    assert check(root) == first
    assert reads == []


def test_a_warm_run_reads_only_the_file_that_changed(tmp_path: Path, reads: list[str]) -> None:
    root = project(tmp_path)
    check(root)
    bpo = root / "bpo.yaml"
    bpo.write_text(bpo.read_text(encoding="utf-8").replace("scope: broad", "scope: brod"))
    time.sleep(0.05)
    reads.clear()
    problems = check(root)
    assert ("bpo.yaml", "S004") in {(name, code) for name, code, *_ in problems}
    assert set(reads) == {"bpo.yaml"}  # read to check it, and again for its positions


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


def test_render_reads_each_file_once(tmp_path: Path, reads: list[str]) -> None:
    """It needs every document whole: its analysis keeps it, and no file is read again."""
    root = project(tmp_path)
    config = Config(root=root.parent, cache_dir=root.parent / "cache")
    for cache in (False, True, True):
        reads.clear()
        result = engine.run([str(root)], engine.Options(config, full_model=True, use_cache=cache))
        assert sorted(reads) == ["bpo.yaml", "call-center.yaml", "it.yaml"]
        assert len(result.model.sectors) == 3
        assert all("definition" in s.data for s in result.model.sectors)  # whole, not projected
