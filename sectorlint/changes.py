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
from pathlib import Path
from typing import NamedTuple

from sectorlint import engine, revision
from sectorlint.analysis import digest
from sectorlint.baseline import only_new, problem_key
from sectorlint.config import (
    Config,
    ConfigError,
    Reader,
    find_settings,
    load_config,
    read_from_disk,
)
from sectorlint.problem import Report


class Where(NamedTuple):
    """Where the run's configuration was looked for: the folder, or the file given."""

    start: Path
    explicit: Path | None


def check_staged(roots: Sequence[str], options: engine.Options, where: Where) -> Report:
    """The commit being made: the index against HEAD."""
    now = revision.listing(revision.INDEX, roots)
    before = revision.listing("HEAD", roots)
    config_changed = _config_changed(where, "HEAD", _reader(revision.INDEX))
    if now == before and not config_changed:
        return Report(tuple(sorted(now)), ())  # nothing of the set changes
    contents = revision.read_blobs([*now.values(), *before.values()])
    now_texts = {path: contents[blob] for path, blob in now.items()}
    before_texts = {path: contents[blob] for path, blob in before.items()}
    return _compare(before_texts, now_texts, None, options, config_changed)


def check_since(base: str, roots: Sequence[str], options: engine.Options, where: Where) -> Report:
    """The working tree (untracked files included) against revision `base`."""
    before = revision.texts(revision.listing(base, roots))
    changed = _config_changed(where, base, read_from_disk)
    return _compare(before, None, roots, options, changed)


def _compare(
    before: Mapping[str, bytes],
    now: Mapping[str, bytes] | None,  # None: the files on disk under `roots`
    roots: Sequence[str] | None,
    options: engine.Options,
    everything_changed: bool,
) -> Report:
    past = engine.run([], _but(options, texts=before))  # (its model: the ids the set had)
    former_ids = frozenset(sector.id for sector in past.model.sectors)
    if now is None:
        present = engine.check(list(roots or ()), _but(options, former_ids=former_ids))
    else:
        present = engine.check([], _but(options, texts=now, former_ids=former_ids))
    changed = set(present.files) if everything_changed else _changed(present, before)
    excused = Counter(problem_key(p) for p in past.report.problems if p.path not in changed)
    return only_new(present, excused)


def _changed(present: Report, before: Mapping[str, bytes]) -> set[str]:
    """The files the change adds or edits, told by the digest of the bytes the run read (no
    file is read again)."""
    return {
        path
        for path in present.files
        if (old := before.get(path)) is None or present.digests.get(path) != digest(path, old)
    }


def staged_config(start: Path, explicit: Path | None) -> Config:
    """The configuration as the commit records it: read from git's index, so an untracked or
    unstaged configuration, or one outside the repository, does not decide what is checked."""
    return load_config(start, explicit, read=_reader(revision.INDEX))


def _config_changed(where: Where, base: str, now: Reader) -> bool:
    """Whether sectorlint's settings differ between `base` and now: its table only, so a
    `pyproject.toml` edited for another tool changes nothing here, while a configuration added,
    deleted or moved does."""

    def settings(read: Reader) -> object:
        try:
            if where.explicit is not None:
                return load_config(where.start, where.explicit, read=read)
            # from the path as written, as load_config looks (a link may lead elsewhere)
            return find_settings(Path(os.path.abspath(where.start)), read)
        except ConfigError:
            return None  # unreadable then: any readable one now is a change

    return settings(_reader(base)) != settings(now)


def _reader(where: str) -> Reader:
    def read(path: Path) -> bytes | None:
        return revision.read_file(str(path), where)

    return read


def _but(options: engine.Options, **changes: object) -> engine.Options:
    changed = copy.copy(options)
    for name, value in changes.items():
        setattr(changed, name, value)
    return changed
