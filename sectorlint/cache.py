"""The cache: what checking each file gave, keyed on the file's bytes, so a second run is quick.

One JSON file per configuration: its name carries a hash of everything results depend on
(sectorlint's version, the schema, the taxonomy, the limits), so a change of any of them starts
a new cache instead of trusting an old one. Entries are keyed on a hash of a file's bytes.
Writes are atomic and merge with what another run wrote meanwhile, so runs that overlap (as
pre-commit's parallel batches do) never corrupt it; a cache that cannot be read is rebuilt.
JSON, never pickle: a cache file someone tampered with cannot run code.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from sectorlint.files import write_atomically

_MAX_SETS = 8  # cross-file results kept for this many content sets


class Cache:
    def __init__(self, directory: Path | None, key: str) -> None:
        self.file = directory / f"results-{key[:24]}.json" if directory else None
        self.files: dict[str, Any] = {}
        self.sets: dict[str, Any] = {}
        self.dirty = False
        self.stamp: tuple[int, int] | None = None
        if self.file is not None:
            self.stamp = _stamp(self.file)
            self.files, self.sets = _read(self.file)

    @property
    def enabled(self) -> bool:
        return self.file is not None

    def get(self, digest: str) -> Any:
        return self.files.get(digest)

    def put(self, digest: str, entry: Any) -> None:
        if self.file is not None:
            self.files[digest] = entry
            self.dirty = True

    def get_set(self, key: str) -> Any:
        return self.sets.get(key)

    def put_set(self, key: str, entry: Any) -> None:
        if self.file is not None:
            self.sets[key] = entry
            self.dirty = True

    def save(self, keep: set[str]) -> None:
        """Write the entries of `keep` (the digests this run saw) with any another run added."""
        if self.file is None or not self.dirty:
            return
        files: dict[str, Any] = {}
        sets: dict[str, Any] = {}
        if _stamp(self.file) != self.stamp:
            files, sets = _read(self.file)  # what a concurrent run wrote since this one read it
        files.update({d: e for d, e in self.files.items() if d in keep})
        sets.update(self.sets)
        sets = dict(list(sets.items())[-_MAX_SETS:])
        document = {"files": files, "sets": sets}
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            _ignore_in_git(self.file.parent)
            write_atomically(self.file, json.dumps(document, separators=(",", ":")))
        except OSError:
            pass  # a cache that cannot be written only costs speed


def cache_key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _read(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        document = json.loads(path.read_bytes())
        files, sets = document["files"], document["sets"]
        if isinstance(files, dict) and isinstance(sets, dict):
            return files, sets
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing or corrupt: start again
    return {}, {}


def _ignore_in_git(directory: Path) -> None:
    marker = directory / ".gitignore"
    if not marker.exists():
        marker.write_text("# written by sectorlint\n*\n", encoding="utf-8")


def default_directory(root: Path) -> Path:
    return Path(os.environ.get("SECTORLINT_CACHE_DIR") or root / ".sectorlint_cache")
