"""Text from files, made safe for where it is shown."""

from __future__ import annotations

import re

# Control characters and the invisible bidirectional overrides: shown raw, a file could drive the
# user's terminal or disguise what it says.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    return UNSAFE.sub(as_escape, text)


def as_escape(match: re.Match[str]) -> str:
    """The matched character as a `\\uXXXX` escape (for `re.sub`)."""
    return f"\\u{ord(match.group()):04x}"


# What json.dumps(ensure_ascii=False) leaves raw of the above (it escapes C0 controls itself).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_safe(dumped: str) -> str:
    """Dumped JSON with the remaining invisible controls as escapes: the same data, inert text."""
    return _JSON_UNSAFE.sub(as_escape, dumped)
