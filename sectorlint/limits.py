"""Caps on what one file may cost to read, all configurable."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_FILE_SIZE = 1024 * 1024
DEFAULT_MAX_DEPTH = 64
MAX_DEPTH_LIMIT = 100  # deeper data would exhaust the recursion of the schema validator


@dataclass(frozen=True)
class Limits:
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_depth: int = DEFAULT_MAX_DEPTH
