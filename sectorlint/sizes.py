"""Byte sizes as people write them: `1048576`, `512KiB`, `2MB`."""

from __future__ import annotations

import re

_SIZE = re.compile(r"^\s*(\d+)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str) -> int:
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a size such as 1048576, 512KiB or 2MiB")
    return int(match.group(1)) * _UNITS[(match.group(2) or "").lower()[:1]]
