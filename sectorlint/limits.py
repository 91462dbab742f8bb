"""Caps on what one file may cost to read, all configurable."""

from __future__ import annotations

from typing import NamedTuple

DEFAULT_MAX_FILE_SIZE = 1024 * 1024
DEFAULT_MAX_DEPTH = 64
MAX_DEPTH_LIMIT = 100  # deeper data would exhaust the recursion of the schema validator
DEFAULT_MAX_LIST_ITEMS = 10_000
DEFAULT_MAX_FILES = 500_000


class Limits(NamedTuple):
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_depth: int = DEFAULT_MAX_DEPTH
    max_list_items: int = DEFAULT_MAX_LIST_ITEMS
    max_files: int = DEFAULT_MAX_FILES


class TooManyFiles(ValueError):
    """A run over more files than the cap: refused whole rather than cut short."""


class SpillError(Exception):
    """The temporary file that holds a large run's sectors cannot be written or read (a full
    disk, most likely). Defined here, not in `spill`, so that catching it loads nothing."""
