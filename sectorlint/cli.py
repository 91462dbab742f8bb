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
from sectorlint.config import Config, ConfigError, load_config, project_folder
from sectorlint.escaping import terminal_safe as safe
from sectorlint.limits import MAX_DEPTH_LIMIT
from sectorlint.reporters import FORMAT_NAMES
from sectorlint.sizes import parse_size


class _Usage(click.UsageError):
    """A usage mistake: exit 2, with the reason. The reason may quote a file's name, a key of
    the configuration or an argument, any of which may hold control characters: it reaches the
    terminal made safe."""

    def __init__(self, message: str) -> None:
        super().__init__(safe(message))


class _Failure(click.ClickException):
    """The run could not be done (not a usage mistake): exit 2, with the reason (made safe)."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(safe(message))


class ByteSize(click.ParamType):  # type: ignore[type-arg]
    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except ValueError as exc:
            self.fail(safe(str(exc)), param, ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sectorlint")
def main() -> None:
    """Lint and validate business-sector comparison content."""
    # A terminal or file that cannot show a character gets an escape, never a traceback.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    _exit_cleanly_on_signals()


def _exit_cleanly_on_signals() -> None:
    """SIGTERM and SIGHUP (a killed hook, a closed terminal) end the run as an exception does,
    so every `finally` runs: no temporary file of a rewrite is left behind."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, stop)


_CONFIG_OPTION = click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read this configuration file instead of searching upward for one.",
)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--output-format",
    type=click.Choice(FORMAT_NAMES),
    default="text",
    show_default=True,
    help="How problems are printed; auto: github inside GitHub Actions, else text.",
)
@click.option(
    "--output-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@click.option("--statistics", is_flag=True, help="Count problems per code instead of listing them.")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only: no summary line.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report only problems not in this file; a missing file is created with today's.",
)
@click.option("--fix", is_flag=True, help="Apply the safe fixes first, then report what is left.")
@click.option(
    "--staged",
    is_flag=True,
    help="Check the commit being made: the content set in git's index against HEAD.",
)
@click.option(
    "--since",
    metavar="REV",
    help="Report problems in files changed since git revision REV, and problems they cause.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 256),
    help="Worker processes for large runs. [default: the machine's cores]",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache.")
@_CONFIG_OPTION
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
@click.option(
    "--max-list-items",
    type=click.IntRange(1),
    help="Longer lists are reported (Y014). [default: 10000]",
)
@click.option(
    "--max-files",
    type=click.IntRange(1),
    help="A run over more files than this is refused (exit 2). [default: 500000]",
)
def check(
    paths: tuple[str, ...],
    output_format: str,
    output_file: Path | None,
    statistics: bool,
    quiet: bool,
    exit_zero: bool,
    baseline: Path | None,
    fix: bool,
    staged: bool,
    since: str | None,
    jobs: int | None,
    no_cache: bool,
    config_file: Path | None,
    max_file_size: int | None,
    max_depth: int | None,
    max_list_items: int | None,
    max_files: int | None,
) -> None:
    """Validate content files and directories (default: the configured content roots)."""
    from sectorlint import engine
    from sectorlint.checking import CheckFailed, CheckRefused, CheckRequest, check_command
    from sectorlint.reporters import Style

    config = _load_config(config_file, paths, staged)
    where = (_config_start(paths), config_file)
    paths = paths or _default_paths(config)
    given = {
        "max_file_size": max_file_size,
        "max_depth": max_depth,
        "max_list_items": max_list_items,
        "max_files": max_files,
    }
    limits = config.limits()._replace(**{name: value for name, value in given.items() if value})
    options = engine.Options(
        config=config,
        limits=limits,
        jobs=jobs or os.cpu_count() or 1,
        use_cache=not no_cache,
        progress=_progress_display(),
    )
    color = output_file is None and output_format in ("text", "auto") and _use_color()
    request = CheckRequest(
        paths, options, where, output_format, Style(color, quiet, statistics), exit_zero,
        fix, staged, since, baseline, to_file=output_file is not None,
    )  # fmt: skip
    try:
        outcome = check_command(request)
    except CheckRefused as exc:
        raise _Usage(str(exc)) from exc
    except CheckFailed as exc:
        raise _Failure(str(exc)) from exc
    for note in outcome.notes:
        click.echo(safe(note), err=True)
    _emit(outcome.text, output_file)
    sys.exit(outcome.status)


def _progress_display() -> Any:
    """A progress line on a terminal, once a run has taken more than a second and a half."""
    if not sys.stderr.isatty():
        return None
    import time

    started = time.monotonic()

    def show(done: int, total: int) -> None:
        if time.monotonic() - started > 1.5:
            end = "\n" if done >= total else ""
            sys.stderr.write(f"\rchecked {done:,} of {total:,} files{end}")
            sys.stderr.flush()

    return show


def _emit(text: str, output_file: Path | None) -> None:
    if output_file is None:
        sys.stdout.write(text)
        return
    from sectorlint.files import Refused, write_atomically

    try:
        write_atomically(output_file, text)
    except Refused as exc:
        raise _Usage(f"cannot write {output_file}: {exc}") from exc
    except OSError as exc:
        raise _Usage(f"cannot write {output_file}: {exc.strerror}") from exc


def _load_config(explicit: Path | None, paths: tuple[str, ...], staged: bool = False) -> Config:
    """The configuration nearest the given paths (their common folder), else the working dir;
    with `staged`, as git's index holds it."""
    try:
        if staged:
            from sectorlint import changes, revision

            try:
                return changes.staged_config(_config_start(paths), explicit)
            except revision.GitError as exc:
                raise ConfigError(str(exc)) from exc
        return load_config(_config_start(paths), explicit)
    except ConfigError as exc:
        raise _Usage(str(exc)) from exc


def _config_start(paths: tuple[str, ...]) -> Path:
    if not paths:
        return Path.cwd()
    common = Path(os.path.commonpath([os.path.abspath(p) for p in paths]))
    return common if common.is_dir() else common.parent


def _default_paths(config: Config) -> tuple[str, ...]:
    roots = [root for root in config.content_root_paths() if root.is_dir()]
    if not roots:
        names = ", ".join(f"'{r}/'" for r in config.content_roots)
        raise _Usage(f"no paths given and no content root ({names}) to check")
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
@_CONFIG_OPTION
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
    from sectorlint.render import ContentErrors, Request, Style, render_paths
    from sectorlint.render.comparison import RenderError

    config = _load_config(config_file, paths)
    paths = paths or _default_paths(config)
    style = Style(width=width or _terminal_width(), color=output is None and _use_color())
    request = Request(output_format, _split(sectors), _split(aspects), section, style, force)
    try:
        rendered = render_paths(paths, engine.Options(config=config, full_model=True), request)
    except ContentErrors as exc:
        click.echo(
            f"sectorlint: {exc}; run `sectorlint check` to see them, or render anyway with --force",
            err=True,
        )
        sys.exit(1)
    except RenderError as exc:
        raise _Usage(str(exc)) from exc
    if rendered.unread:
        what = ", ".join(rendered.unread)
        click.echo(f"sectorlint: not shown, could not be read: {safe(what)}", err=True)
    _emit(rendered.text, output)


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts:
        raise _Usage(f"{value!r} names nothing; give comma-separated ids")
    return parts


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


@main.command(name="fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file would change."
)
@click.option("--diff", is_flag=True, help="Change nothing; print what would change as a diff.")
@click.option(
    "--only-content-roots",
    is_flag=True,
    help="Skip given files outside the configured content roots (as the pre-commit hook does).",
)
@_CONFIG_OPTION
def format_command(
    paths: tuple[str, ...],
    check_only: bool,
    diff: bool,
    only_content_roots: bool,
    config_file: Path | None,
) -> None:
    """Rewrite content files into the canonical form, keeping comments (default: content roots)."""
    from sectorlint import fmt

    config = _load_config(config_file, paths)
    if only_content_roots:
        paths = _in_content_roots(paths, config)
        if not paths:
            return  # nothing of the content staged: nothing to format
    paths = paths or _default_paths(config)
    write = not (check_only or diff)
    outcomes = fmt.format_command(paths, config, write, project_folder(Path.cwd()))
    from sectorlint.reporters import formatting

    report = formatting.render(outcomes, write, diff)
    click.echo(report.text, nl=False)
    click.echo(report.summary, err=diff)
    sys.exit(report.status)


def _in_content_roots(paths: tuple[str, ...], config: Config) -> tuple[str, ...]:
    """The given paths that lie under a configured content root."""
    roots = [os.path.realpath(root) for root in config.content_root_paths()]
    return tuple(
        path
        for path in paths
        if any(os.path.realpath(path).startswith(root + os.sep) for root in roots)
    )


@main.command(name="rules")
def list_rules() -> None:
    """List every code sectorlint reports."""
    from sectorlint.catalog import catalog

    for entry in catalog().values():
        click.echo(f"{entry.code}  {entry.name:<24} {entry.severity.value:<8} {entry.summary}")


@main.command(name="rule")
@click.argument("code")
def explain_rule(code: str) -> None:
    """Explain one code: what it means and why, a bad and a good example, and the fix."""
    from sectorlint.catalog import explain

    try:
        click.echo(explain(code), nl=False)
    except KeyError:
        raise _Usage(f"no code '{code}'; `sectorlint rules` lists them") from None


@main.command(name="schema")
@_CONFIG_OPTION
def print_schema(config_file: Path | None) -> None:
    """Print the sector JSON Schema, with the project's extensions (for editors)."""
    import json

    from sectorlint.escaping import json_safe
    from sectorlint.schema import schema_text

    config = _load_config(config_file, ())
    if not config.schema_extension:
        sys.stdout.write(schema_text())  # byte for byte the shipped file
        return
    schema = json.dumps(config.taxonomy().schema, indent=2, ensure_ascii=False)
    sys.stdout.write(json_safe(schema) + "\n")
