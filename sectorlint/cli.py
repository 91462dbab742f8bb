"""Command line: each command parses its options, calls one function, and exits.

Exit status: 0 clean, 1 problems found, 2 usage error.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import click

from sectorlint import __version__

DEFAULT_CONTENT_ROOT = "content"

_SIZE = re.compile(r"^\s*(\d+)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class ByteSize(click.ParamType):  # type: ignore[type-arg]
    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = _SIZE.match(str(value))
        if not match:
            self.fail(f"{value!r} is not a size such as 1048576, 512KiB or 2MiB", param, ctx)
        unit = (match.group(2) or "").lower()[:1]
        return int(match.group(1)) * _UNITS[unit]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sectorlint")
def main() -> None:
    """Lint and validate business-sector comparison content."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--output-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How problems are printed.",
)
@click.option(
    "--max-file-size",
    type=ByteSize(),
    default="1MiB",
    show_default=True,
    help="Files larger than this are reported (Y008), not parsed.",
)
@click.option(
    "--max-depth",
    type=click.IntRange(1, 10_000),
    default=64,
    show_default=True,
    help="Deeper nesting is reported (Y011).",
)
def check(paths: tuple[str, ...], output_format: str, max_file_size: int, max_depth: int) -> None:
    """Validate content files and directories (default: ./content)."""
    from sectorlint import engine, reporters, source

    if not paths:
        if not os.path.isdir(DEFAULT_CONTENT_ROOT):
            raise click.UsageError(
                f"no paths given and no '{DEFAULT_CONTENT_ROOT}/' directory here to check"
            )
        paths = (DEFAULT_CONTENT_ROOT,)
    options = engine.Options(limits=source.Limits(max_file_size, max_depth))
    report = engine.check(paths, options)
    sys.stdout.write(reporters.REPORTERS[output_format](report))
    sys.exit(1 if report.problems else 0)


@main.command(name="schema")
def print_schema() -> None:
    """Print the sector JSON Schema (for editors' YAML language servers)."""
    from sectorlint.schema import schema_text

    sys.stdout.write(schema_text())
