"""Command line: each command parses its options, calls one function, and exits.

Exit status: 0 clean, 1 problems found, 2 usage error.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

import click

from sectorlint import __version__
from sectorlint.config import Config, ConfigError, load_config
from sectorlint.sizes import parse_size
from sectorlint.source import MAX_DEPTH_LIMIT


class ByteSize(click.ParamType):  # type: ignore[type-arg]
    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sectorlint")
def main() -> None:
    """Lint and validate business-sector comparison content."""
    # A terminal or file that cannot show a character gets an escape, never a traceback.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


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
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read this configuration file instead of searching upward for one.",
)
@click.option(
    "--max-file-size",
    type=ByteSize(),
    help="Files larger than this are reported (Y008), not parsed. [default: 1MiB]",
)
@click.option(
    "--max-depth",
    type=click.IntRange(1, MAX_DEPTH_LIMIT),
    help="Deeper nesting is reported (Y011); at most 100. [default: 64]",
)
def check(
    paths: tuple[str, ...],
    output_format: str,
    config_file: Path | None,
    max_file_size: int | None,
    max_depth: int | None,
) -> None:
    """Validate content files and directories (default: the configured content roots)."""
    from sectorlint import engine, reporters, source

    config = _load_config(config_file, paths)
    if not paths:
        paths = _default_paths(config)
    limits = source.Limits(
        max_file_size=max_file_size or config.max_file_size,
        max_depth=max_depth or config.max_depth,
    )
    report = engine.check(paths, engine.Options(config=config, limits=limits))
    sys.stdout.write(reporters.REPORTERS[output_format](report))
    sys.exit(1 if report.problems else 0)


def _load_config(explicit: Path | None, paths: tuple[str, ...]) -> Config:
    """The configuration nearest the given paths (their common folder), else the working dir."""
    from sectorlint.engine import all_codes

    start = Path.cwd()
    if paths:
        common = Path(os.path.commonpath([os.path.abspath(p) for p in paths]))
        start = common if common.is_dir() else common.parent
    try:
        return load_config(start, explicit, tuple(all_codes()))
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc


def _default_paths(config: Config) -> tuple[str, ...]:
    roots = [root for root in config.content_root_paths() if root.is_dir()]
    if not roots:
        names = ", ".join(f"'{r}/'" for r in config.content_roots)
        raise click.UsageError(f"no paths given and no content root ({names}) to check")
    return tuple(os.path.relpath(root) for root in roots)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "csv", "json", "html"]),
    default="text",
    show_default=True,
    help="text: a table for the terminal; html: a standalone page.",
)
@click.option("--sectors", help="Sector ids to show, in this order (comma-separated).")
@click.option("--aspects", help="Rows to show, in this order (comma-separated).")
@click.option("--section", help="Compare one list section side by side (benefits, faqs, ...).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option("--width", type=click.IntRange(40, 1000), help="Terminal table width.")
@click.option("--force", is_flag=True, help="Render even when the content has errors.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read this configuration file instead of searching upward for one.",
)
def render(
    paths: tuple[str, ...],
    output_format: str,
    sectors: str | None,
    aspects: str | None,
    section: str | None,
    output: Path | None,
    width: int | None,
    force: bool,
    config_file: Path | None,
) -> None:
    """Print the side-by-side comparison of the sectors (default: the content roots)."""
    from sectorlint import engine
    from sectorlint.render import FORMATS, Style
    from sectorlint.render.comparison import RenderError, build

    config = _load_config(config_file, paths)
    paths = paths or _default_paths(config)
    result = engine.run(paths, engine.Options(config=config))
    if result.has_errors and not force:
        errors = sum(1 for p in result.report.problems if p.severity == "error")
        click.echo(
            f"sectorlint: the content has {errors} error{'s' if errors != 1 else ''}; "
            "run `sectorlint check` to see them, or render anyway with --force",
            err=True,
        )
        sys.exit(1)
    given = set(result.report.files)
    shown = _split(sectors) or [s.id for s in result.model.sectors if s.path in given]
    try:
        comparison = build(result.model, shown, _split(aspects), section)
    except RenderError as exc:
        raise click.UsageError(str(exc)) from exc
    style = Style(width=width or _terminal_width(), color=output is None and _use_color())
    text = FORMATS[output_format](comparison, style)
    if output is None:
        sys.stdout.write(text)
    else:
        from sectorlint.files import write_atomically

        write_atomically(output, text)


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _terminal_width() -> int:
    import shutil

    return max(40, shutil.get_terminal_size((100, 24)).columns)


def _use_color() -> bool:
    """Colour on a terminal only; NO_COLOR turns it off, FORCE_COLOR on (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


@main.command(name="rules")
def list_rules() -> None:
    """List every code sectorlint reports."""
    from sectorlint.codes import CODES
    from sectorlint.rules import RULES, summary

    rows = [(c.code, c.name, c.severity.value, c.summary) for c in CODES.values()]
    rows += [(r.CODE, r.NAME, r.SEVERITY.value, summary(r)) for r in RULES.values()]
    for code, name, severity, text in sorted(rows):
        click.echo(f"{code}  {name:<24} {severity:<8} {text}")


@main.command(name="rule")
@click.argument("code")
def explain_rule(code: str) -> None:
    """Explain one rule, with its bad and good examples."""
    from sectorlint.codes import CODES
    from sectorlint.rules import RULES, rationale, summary
    from sectorlint.rules.examples import shown

    code = code.upper()
    if code in CODES:
        known = CODES[code]
        click.echo(f"{known.code} {known.name} ({known.severity.value})\n\n{known.summary}")
        return
    rule = RULES.get(code)
    if rule is None:
        raise click.UsageError(f"no rule '{code}'; `sectorlint rules` lists them")
    click.echo(f"{rule.CODE} {rule.NAME} ({rule.SEVERITY.value})\n")
    click.echo(f"{summary(rule)}\n\n{rationale(rule)}\n")
    for title, files in (("Bad", rule.BAD), ("Good", rule.GOOD)):
        click.echo(f"{title} example (keys not shown are filled with neutral values):")
        for name, text in files.items():
            click.echo(f"\n  # {name}")
            lines = shown(text).splitlines()
            click.echo("".join(f"  {line}\n" if line else "\n" for line in lines))


@main.command(name="schema")
def print_schema() -> None:
    """Print the sector JSON Schema (for editors' YAML language servers)."""
    from sectorlint.schema import schema_text

    sys.stdout.write(schema_text())
