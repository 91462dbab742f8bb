"""What a change to the content set caused: the rule that makes a commit safe.

A change is checked as the content set it leaves behind, against the set it started from:

- every problem in a file the change adds or edits is reported, old ones too (a file you touch
  you leave clean, or you record its problems in a baseline);
- any other problem is reported only when the set before the change did not have it: a
  cross-file problem the change caused (a relation left dangling by a rename or a deletion, an
  overlap one side no longer declares), in whichever file it shows.

So a commit can never leave the set with a cross-file problem it caused, and an unrelated commit
is never blocked by an old problem in a file it does not touch. Problems are matched as a
baseline matches them (file, code, JSON path, message; not lines). A change to the configuration
changes what every rule checks: then every problem of the set is reported.

`check --staged` compares the index (what the commit records) with HEAD; `check --since REV`
compares the working tree with REV.
"""

from __future__ import annotations

import copy
import os
from collections import Counter
from collections.abc import Mapping, Sequence

from sectorlint import engine, revision
from sectorlint.baseline import only_new, problem_key
from sectorlint.reading import read_bytes


def check_staged(roots: Sequence[str], options: engine.Options) -> engine.Report:
    """The commit being made: the index against HEAD."""
    now = revision.listing(revision.INDEX, roots)
    before = revision.listing("HEAD", roots)
    config_changed = _config_changed(options, revision.INDEX)
    if now == before and not config_changed:
        return engine.Report(tuple(sorted(now)), ())  # nothing of the set changes
    contents = revision.read_blobs([*now.values(), *before.values()])
    now_texts = {path: contents[blob] for path, blob in now.items()}
    before_texts = {path: contents[blob] for path, blob in before.items()}
    return _compare(before_texts, now_texts, None, options, config_changed)


def check_since(base: str, roots: Sequence[str], options: engine.Options) -> engine.Report:
    """The working tree (untracked files included) against revision `base`."""
    before = revision.texts(revision.listing(base, roots))
    return _compare(before, None, roots, options, _config_changed(options, None, base))


def _compare(
    before: Mapping[str, bytes],
    now: Mapping[str, bytes] | None,  # None: the files on disk under `roots`
    roots: Sequence[str] | None,
    options: engine.Options,
    everything_changed: bool,
) -> engine.Report:
    past = engine.run([], _but(options, texts=before))
    former_ids = frozenset(sector.id for sector in past.model.sectors)
    if now is None:
        present = engine.run(list(roots or ()), _but(options, former_ids=former_ids)).report
    else:
        present = engine.run([], _but(options, texts=now, former_ids=former_ids)).report
    changed = set(present.files) if everything_changed else _changed(present.files, before, now)
    excused = Counter(problem_key(p) for p in past.report.problems if p.path not in changed)
    return only_new(present, excused)


def _changed(
    files: Sequence[str], before: Mapping[str, bytes], now: Mapping[str, bytes] | None
) -> set[str]:
    """The files the change adds or edits."""
    changed = set()
    for path in files:
        old = before.get(path)
        new = now[path] if now is not None else read_bytes(path, 1 << 62)[0]
        if old is None or old != new:
            changed.add(path)
    return changed


def _config_changed(options: engine.Options, where: str | None, base: str = "HEAD") -> bool:
    """Whether sectorlint's settings differ between `base` and the index (or the disk): its
    table only, so a `pyproject.toml` edited for another tool changes nothing here."""
    file = options.config.file
    if file is None:
        return False
    then = revision.blob_of(str(file), base)
    if then is None:
        return True  # a configuration the change adds
    if where == revision.INDEX:
        now = revision.blob_of(str(file), where)
        raw = revision.read_blobs([now]).get(now) if now is not None else None
    else:
        raw, _ = read_bytes(os.fspath(file), 1 << 62)
    old = revision.read_blobs([then])[then]
    return raw != old and _settings(raw, file.name) != _settings(old, file.name)


def _settings(raw: bytes | None, name: str) -> object:
    """The sectorlint table of a configuration file's bytes (None where it cannot be read)."""
    from sectorlint.config import parse_toml

    table = parse_toml(raw) if raw is not None else None
    if name == "pyproject.toml" and table is not None:
        return table.get("tool", {}).get("sectorlint")
    return table


def _but(options: engine.Options, **changes: object) -> engine.Options:
    changed = copy.copy(options)
    for name, value in changes.items():
        setattr(changed, name, value)
    return changed
