"""The cache and the worker pool change how fast a run is, never what it reports."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from sectorlint import analysis, engine, kinds, source
from sectorlint.cache import Cache
from sectorlint.config import Config
from tests.conftest import CONTENT


def content_set(tmp_path: Path, copies: int = 1) -> Path:
    root = tmp_path / "content"
    root.mkdir()
    for index in range(copies):
        for path in CONTENT.glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            if copies > 1:  # unique ids, still a consistent set
                for sector in ("bpo", "call-center", "it"):
                    text = text.replace(f"id: {sector}\n", f"id: {sector}-{index}\n")
                    text = text.replace(f"sector: {sector}\n", f"sector: {sector}-{index}\n")
            (root / f"{path.stem}-{index}.yaml").write_text(text, encoding="utf-8")
    return root


def run(
    root: Path, cache: Path | None, jobs: int = 1, pool_from: int = 200, **more: Any
) -> list[tuple[str, str, int, int, str]]:
    config = Config(root=root.parent, cache_dir=cache)
    use_cache = cache is not None
    options = engine.Options(config, jobs=jobs, use_cache=use_cache, pool_from=pool_from, **more)
    report = engine.check([str(root)], options)
    return [(Path(p.path).name, p.code, p.line, p.column, p.message) for p in report.problems]


def break_one(root: Path) -> None:
    target = next(root.glob("bpo-0.yaml"))
    target.write_text(target.read_text().replace("scope: broad", "scope: brod"))


def test_a_warm_run_reports_what_a_cold_one_does(tmp_path: Path) -> None:
    root = content_set(tmp_path)
    break_one(root)
    cold = run(root, None)
    cache = tmp_path / "cache"
    assert run(root, cache) == cold  # fills the cache
    assert run(root, cache) == cold  # reads it
    assert cold and cold[0][1] == "S004"


def test_one_changed_file_is_checked_again_with_its_cross_file_problems(tmp_path: Path) -> None:
    root = content_set(tmp_path)
    cache = tmp_path / "cache"
    assert run(root, cache) == []
    it = root / "it-0.yaml"
    it.write_text(
        it.read_text().replace(
            "  supports:\n", "    - sector: call-center\n      via: software\n  supports:\n"
        )
    )
    problems = run(root, cache)
    assert [(name, code) for name, code, *_ in problems] == [("call-center-0.yaml", "R005")]
    assert problems == run(root, None)


def test_a_corrupt_cache_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    root = content_set(tmp_path)
    break_one(root)
    cache = tmp_path / "cache"
    expected = run(root, cache)
    (cache_file,) = cache.glob("results-*.sqlite")
    with sqlite3.connect(cache_file) as db:
        db.execute("""UPDATE files SET entry = '{"problems": [["nonsense"]]}'""")
        db.execute("""UPDATE sets SET entry = '"not a list"'""")
    db.close()
    assert run(root, cache) == expected
    with sqlite3.connect(cache_file) as db:
        db.execute("UPDATE files SET entry = '{ truncated'")
    db.close()
    assert run(root, cache) == expected
    for damaged in (
        '{"problems": [], "projection": null, "complete": true, '
        '"suppressions": [[1, 1, [7], null]]}',
        '{"problems": [[1e400, 1, null, null, "S001", "m", "error", "", []]], "projection": null, '
        '"complete": true, "suppressions": []}',
        "[" * 100_000 + "]" * 100_000,
    ):
        with sqlite3.connect(cache_file) as db:
            db.execute("UPDATE files SET entry = ?", (damaged,))
        db.close()
        assert run(root, cache) == expected  # decodes, but is not what it should be: recomputed
    for suffix in ("-wal", "-shm"):
        Path(f"{cache_file}{suffix}").unlink(missing_ok=True)
    cache_file.write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)  # a database, damaged
    assert run(root, cache) == expected
    assert run(root, cache) == expected  # and rebuilt: it is a working database again
    with sqlite3.connect(cache_file) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone() == (3,)
    db.close()


def test_workers_write_the_cache_a_later_run_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = content_set(tmp_path, copies=6)
    break_one(root)
    cache = tmp_path / "cache"
    expected = run(root, None)
    assert run(root, cache, jobs=2, pool_from=10) == expected
    (cache_file,) = cache.glob("results-*.sqlite")
    with sqlite3.connect(cache_file) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone() == (18,)
    db.close()
    for path in root.glob("*.yaml"):  # the same bytes, a new signature: each file is read
        path.write_bytes(path.read_bytes())
    monkeypatch.setattr(kinds.SECTOR_FILES, "analyse", None)  # and none analysed again
    assert run(root, cache, jobs=2, pool_from=10) == expected


def test_overlapping_runs_leave_a_cache_that_works(tmp_path: Path) -> None:
    root = content_set(tmp_path)
    break_one(root)
    cache = tmp_path / "cache"
    expected = run(root, None)
    outcomes: list[object] = []
    threads = [threading.Thread(target=lambda: outcomes.append(run(root, cache))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == [expected] * 4
    assert run(root, cache) == expected
    assert not list(cache.glob(".*.tmp"))  # no temporary file left behind


def test_the_cache_is_not_shared_across_configurations(tmp_path: Path) -> None:
    root = content_set(tmp_path)
    cache = tmp_path / "cache"
    run(root, cache)
    options = engine.Options(
        config=Config(
            root=root.parent,
            cache_dir=cache,
            taxonomy_overrides={"extend-vocabulary": {"outsourcing": ["out-sourcing"]}},
        ),
        use_cache=True,
    )
    engine.check([str(root)], options)
    assert len(list(cache.glob("results-*.sqlite"))) == 2


@pytest.mark.parametrize("jobs", [2])
def test_workers_report_what_one_process_does(
    tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = content_set(tmp_path, copies=6)
    break_one(root)
    parallel = run(root, None, jobs=jobs, pool_from=10)
    assert parallel == run(root, None, jobs=1)
    assert ("bpo-0.yaml", "S004") in {(name, code) for name, code, *_ in parallel}


def test_the_same_bytes_as_json_and_as_yaml_are_not_one_cache_entry(tmp_path: Path) -> None:
    text = '{"id": "a", "name": "A",}\n'  # a trailing comma: YAML, but not JSON
    (tmp_path / "y").mkdir()
    (tmp_path / "j").mkdir()
    (tmp_path / "y" / "a.yaml").write_text(text)
    (tmp_path / "j" / "a.json").write_text(text)
    cache = tmp_path / "cache"
    yaml_first = run(tmp_path / "y", cache)
    json_after = run(tmp_path / "j", cache)
    assert json_after == run(tmp_path / "j", None)
    assert "Y001" not in {code for _, code, *_ in yaml_first}
    assert "Y001" in {code for _, code, *_ in json_after}


def test_every_cap_is_part_of_the_cache_key(tmp_path: Path) -> None:
    root = content_set(tmp_path)
    cache = tmp_path / "cache"
    capped = engine.Options(
        config=Config(root=root.parent, cache_dir=cache),
        limits=engine.Limits(max_list_items=2),
        use_cache=True,
    )
    assert {p.code for p in engine.check([str(root)], capped).problems} == {"Y014"}
    assert run(root, cache) == []


def test_a_file_first_seen_as_context_is_checked_fully_when_given(tmp_path: Path) -> None:
    root = content_set(tmp_path)
    break_one(root)  # bpo-0.yaml has a schema problem
    cache = tmp_path / "cache"
    options = engine.Options(
        config=Config(root=root.parent, content_roots=("content",), cache_dir=cache), use_cache=True
    )
    assert engine.check([str(root / "it-0.yaml")], options).problems == ()  # bpo-0 read as context
    problems = engine.check([str(root / "bpo-0.yaml")], options).problems
    assert [p.code for p in problems] == ["S004"]


def test_entries_of_files_long_gone_are_dropped_once_they_outnumber_the_live_ones(
    tmp_path: Path,
) -> None:
    cache = Cache.in_directory(tmp_path, "k" * 24)
    cache.put("live", True, {"n": -1})
    for index in range(3000):
        cache.put(f"gone-{index}", True, {"n": index})
    cache.close(live=10)
    assert cache.file is not None
    with sqlite3.connect(cache.file) as db:
        db.execute("UPDATE files SET used = used - 3 * 24 * 3600")  # three days ago
    db.close()
    reading = Cache.in_directory(tmp_path, "k" * 24)
    assert reading.get("live") == {"n": -1}  # read now: used most recently
    reading.close(live=10)
    with sqlite3.connect(cache.file) as db:
        (count,) = db.execute("SELECT count(*) FROM files").fetchone()
        live = db.execute("SELECT count(*) FROM files WHERE digest = 'live'").fetchone()
    db.close()
    assert count <= 2 * 10 + 1000 and live == (1,)


def test_entries_used_in_the_last_day_stay_though_this_set_is_small(tmp_path: Path) -> None:
    """Another content set may share the cache: its recent entries are not this run's to drop."""
    cache = Cache.in_directory(tmp_path, "k" * 24)
    for index in range(3000):
        cache.put(f"other-{index}", True, {"n": index})
    cache.close(live=10)
    assert Cache.in_directory(tmp_path, "k" * 24).get("other-0") == {"n": 0}


def test_a_partial_entry_never_replaces_a_complete_one(tmp_path: Path) -> None:
    cache = Cache.in_directory(tmp_path, "k" * 24)
    cache.put("d", True, {"complete": True})
    cache.flush()
    cache.put("d", False, {"complete": False})
    cache.close()
    assert Cache.in_directory(tmp_path, "k" * 24).get("d") == {"complete": True}


def test_a_database_with_damaged_pages_is_removed_and_rebuilt(tmp_path: Path) -> None:
    root = content_set(tmp_path, copies=40)  # enough entries for several pages
    break_one(root)
    cache = tmp_path / "cache"
    expected = run(root, cache)
    (cache_file,) = cache.glob("results-*.sqlite")
    damaged = bytearray(cache_file.read_bytes())
    damaged[8192:] = b"\x55" * (len(damaged) - 8192)  # the header and schema page survive
    cache_file.write_bytes(bytes(damaged))
    assert run(root, cache) == expected  # gives the damaged database up, and removes it
    assert run(root, cache) == expected  # a new one, filled again
    with sqlite3.connect(cache_file) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone() == (120,)
    db.close()


def test_parsing_with_spans_first_finds_what_parsing_twice_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When most recent files had problems, each is parsed with its spans at once (cheaper
    than parsing twice): the findings are the same, position for position."""
    root = content_set(tmp_path, copies=4)
    for path in sorted(root.glob("*.yaml"))[::2]:
        path.write_text(path.read_text().replace("scope: broad", "scope: brod"))
    twice = run(root, None, spans_first_share=1)
    assert run(root, None, spans_first_share=0) == twice and twice
    parsed: list[bool] = []
    real = source.parse_bytes

    def counted(*args: Any, **kwargs: Any) -> Any:
        parsed.append(kwargs["positions"])
        return real(*args, **kwargs)

    monkeypatch.setattr(source, "parse_bytes", counted)
    run(root, None, spans_first_share=0)
    assert parsed == [True] * 12  # each file once, with its spans
    parsed.clear()
    run(root, None, spans_first_share=1)
    assert parsed == [False] * 12  # each without (a problem's spans are found after)


def test_spans_are_parsed_first_once_a_quarter_of_recent_files_needed_them() -> None:
    needed = analysis.SpansNeeded(window=40)
    for _ in range(9):
        needed.record(True)
    assert not needed.often()  # too few files to tell
    needed.record(True)
    assert needed.often()
    for _ in range(40):
        needed.record(False)
    assert not needed.often()
    for _ in range(11):
        needed.record(True)
    assert needed.often()  # 11 of the last 40
