"""Command line: each command parses its options, calls one function, and exits.

Exit status: 0 clean, 1 problems found, 2 usage error.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from sectorlint import __version__
from sectorlint.config import (
    Config,
    ConfigError,
    Selection,
    away_from_content,
    load_config,
    project_folder,
    shadowed_warning,
    with_selection,
)
from sectorlint.escaping import terminal_safe as safe
from sectorlint.limits import MAX_DEPTH_LIMIT
from sectorlint.reporters import FORMAT_NAMES
from sectorlint.sizes import parse_size

_Command = TypeVar("_Command", bound=Callable[..., Any])


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


class _ConfigProblem(click.ClickException):
    """A configuration that cannot be used, or a run it leaves nothing to do: one line on
    standard error, `sectorlint: error: FILE: key: reason`, exit 2, no usage banner (the
    command line itself was right)."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(safe(message))

    def show(self, file: Any = None) -> None:
        click.echo(f"sectorlint: error: {self.format_message()}", err=True)


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
@click.version_option(__version__, "-V", "--version", prog_name="sectorlint")
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


_COLOR_OPTION = click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the output; auto: on a terminal, unless NO_COLOR (FORCE_COLOR: always).",
)


def _codes_option(name: str, meaning: str) -> Callable[[_Command], _Command]:
    return click.option(
        name,
        metavar="CODES",
        multiple=True,
        help=f"{meaning} (comma-separated codes or prefixes; repeatable).",
    )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, allow_dash=True))
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="Check standard input (given as -) as if it were PATH, with the rest of its set on disk.",
)
@_codes_option("--select", "Check only these codes, instead of the configured select")
@_codes_option("--extend-select", "Check these codes too")
@_codes_option("--ignore", "Do not report these codes")
@click.option(
    "--per-file-ignores",
    metavar="GLOB:CODES",
    multiple=True,
    help="Do not report CODES in files matching GLOB, instead of the configured table "
    "(GLOB:CODE,CODE or GLOB:CODE,GLOB:CODE; repeatable).",
)
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
    "--diff",
    is_flag=True,
    help="Change nothing; print the diff --fix would write; exit 1 if there is one.",
)
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
@_COLOR_OPTION
def check(
    paths: tuple[str, ...],
    stdin_filename: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    per_file_ignores: tuple[str, ...],
    output_format: str,
    output_file: Path | None,
    statistics: bool,
    quiet: bool,
    exit_zero: bool,
    baseline: Path | None,
    fix: bool,
    diff: bool,
    staged: bool,
    since: str | None,
    jobs: int | None,
    no_cache: bool,
    config_file: Path | None,
    max_file_size: int | None,
    max_depth: int | None,
    max_list_items: int | None,
    max_files: int | None,
    color: str,
) -> None:
    """Validate content files and directories (default: the configured content roots).

    Give - to check standard input: as if it were the file --stdin-filename names, with the
    rest of that file's content set read from disk, or else as a file `-` checked alone."""
    from sectorlint import engine
    from sectorlint.checking import CheckFailed, CheckRefused, CheckRequest, check_command
    from sectorlint.reporters import Style

    buffers, texts, paths = _standard_input(paths, stdin_filename)
    if (buffers or texts) and (fix or staged or since is not None):
        raise _Usage(
            "standard input is checked as it is: --fix, --staged and --since read or write "
            "the files on disk"
        )
    config = _load_config(config_file, paths, staged)
    config = _selected(config, select, extend_select, ignore, per_file_ignores)
    where = (_config_start(paths), config_file)
    paths = paths or _default_paths(config)
    config = away_from_content(config, _folders_checked(paths))
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
        texts=texts,
        buffers=buffers,
    )
    colored = output_file is None and output_format in ("text", "auto") and _use_color(color)
    request = CheckRequest(
        paths, options, where, output_format, Style(colored, quiet, statistics), exit_zero,
        fix, staged, since, baseline, to_file=output_file is not None, diff=diff,
        from_stdin=buffers is not None or texts is not None,
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


def _folders_checked(paths: tuple[str, ...]) -> list[Path]:
    """The folders whose content a run checks: the directories given, and given files' folders."""
    folders = (
        Path(path) if os.path.isdir(path) else Path(path).parent for path in paths if path != "-"
    )
    return [folder.resolve() for folder in folders]


def _standard_input(
    paths: tuple[str, ...], stdin_filename: str | None
) -> tuple[dict[str, bytes] | None, dict[str, bytes] | None, tuple[str, ...]]:
    """What `-` among the paths stands for: (buffers, texts, the paths to check). With
    --stdin-filename, standard input's bytes are that file's, the rest of its set on disk;
    without, a document named `-` checked alone (as ruff names it)."""
    if "-" not in paths and stdin_filename is not None and not paths:
        paths = ("-",)  # as ruff: a file name for standard input, and no path, reads it
    if "-" not in paths:
        if stdin_filename is not None:
            raise _Usage("--stdin-filename names what standard input is: give - as the path")
        return None, None, paths
    if len(paths) > 1:
        raise _Usage("- (standard input) is checked alone: give no other path with it")
    raw = _standard_input_bytes()
    if stdin_filename is None:
        return None, {"-": raw}, paths
    if os.path.isdir(stdin_filename):
        raise _Usage(f"--stdin-filename '{stdin_filename}' is a directory, not a file")
    return {stdin_filename: raw}, None, (stdin_filename,)


def _standard_input_bytes() -> bytes:
    return sys.stdin.buffer.read()


def _selected(
    config: Config,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    per_file_ignores: tuple[str, ...],
) -> Config:
    """The configuration with the command line's rule selection over it."""
    selection = Selection(
        _code_list(select) if select else None,
        _code_list(extend_select),
        _code_list(ignore),
        _per_file_table(per_file_ignores) if per_file_ignores else None,
    )
    if selection == Selection():
        return config
    try:
        return with_selection(config, selection)
    except ConfigError as exc:
        raise _Usage(str(exc)) from exc


def _code_list(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _per_file_table(values: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """`GLOB:CODES` items (comma-separated, as ruff takes them; a code after a comma without
    a glob of its own belongs to the glob before it) as a table of glob to codes."""
    table: dict[str, list[str]] = {}
    for value in values:
        glob = None
        for item in (part.strip() for part in value.split(",")):
            if not item:
                continue
            if ":" in item:
                glob, _, code = item.rpartition(":")
                glob, code = glob.strip(), code.strip()
            else:
                code = item
            if not glob or not code:
                raise _Usage(
                    f"--per-file-ignores: '{value}' is not GLOB:CODES (e.g. 'it.yaml:R001')"
                )
            table.setdefault(glob, []).append(code)
    return {glob: tuple(codes) for glob, codes in table.items()}


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
    with `staged`, as git's index holds it. A `.sectorlint.toml` that shadows a
    `[tool.sectorlint]` beside it is said, once."""
    try:
        if staged:
            from sectorlint import changes, revision

            try:
                config = changes.staged_config(_config_start(paths), explicit)
            except revision.GitError as exc:
                raise ConfigError(str(exc)) from exc
        else:
            config = load_config(_config_start(paths), explicit)
    except ConfigError as exc:
        raise _ConfigProblem(str(exc)) from exc
    warning = shadowed_warning(config)
    if warning is not None:
        click.echo(safe(warning), err=True)
    return config


def _config_start(paths: tuple[str, ...]) -> Path:
    if not paths:
        return Path.cwd()
    common = Path(os.path.commonpath([os.path.abspath(p) for p in paths]))
    return common if common.is_dir() else common.parent


def _default_paths(config: Config) -> tuple[str, ...]:
    roots = [root for root in config.content_root_paths() if root.is_dir()]
    if not roots:
        names = ", ".join(f"'{r}/'" for r in config.content_roots)
        where = f"{config.file}: content-roots: " if config.file is not None else ""
        raise _ConfigProblem(f"{where}no paths given and no content root ({names}) to check")
    return tuple(os.path.relpath(root) for root in roots)


_RENDER_FORMATS = click.Choice(["text", "markdown", "csv", "json", "html"])


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--output-format",
    type=_RENDER_FORMATS,
    help="text: a table for the terminal; html: a standalone page.  [default: text]",
)
@click.option("--format", "legacy_format", type=_RENDER_FORMATS, hidden=True)
@click.option("--sectors", help="Sector ids to show, in this order (comma-separated).")
@click.option("--aspects", help="Rows to show, in this order (comma-separated).")
@click.option("--section", help="Compare one list section side by side (benefits, faqs, ...).")
@click.option(
    "--output-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option(
    "-o", "--output", "legacy_output", type=click.Path(dir_okay=False, path_type=Path), hidden=True
)
@click.option("--width", type=click.IntRange(40, 1000), help="Terminal table width.")
@click.option("--force", is_flag=True, help="Render even when the content has errors.")
@_CONFIG_OPTION
@_COLOR_OPTION
def render(
    paths: tuple[str, ...],
    output_format: str | None,
    legacy_format: str | None,
    sectors: str | None,
    aspects: str | None,
    section: str | None,
    output_file: Path | None,
    legacy_output: Path | None,
    width: int | None,
    force: bool,
    config_file: Path | None,
    color: str,
) -> None:
    """Print the side-by-side comparison of the sectors (default: the content roots)."""
    from sectorlint import engine
    from sectorlint.render import ContentErrors, Request, Style, render_paths
    from sectorlint.render.comparison import RenderError

    # (--format and -o/--output: the names render had before it took check's)
    output_format = _one_of("--output-format", output_format, "--format", legacy_format) or "text"
    output = _one_of("--output-file", output_file, "-o/--output", legacy_output)
    config = _load_config(config_file, paths)
    paths = paths or _default_paths(config)
    style = Style(width=width or _terminal_width(), color=output is None and _use_color(color))
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


def _one_of(name: str, value: Any, old_name: str, old_value: Any) -> Any:
    if value is not None and old_value is not None and value != old_value:
        raise _Usage(f"{name} and {old_name} say the same thing: give one")
    return value if value is not None else old_value


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


def _use_color(choice: str = "auto") -> bool:
    """`--color always|never` decides; auto: colour on a terminal only, NO_COLOR turns it off,
    FORCE_COLOR on (no-color.org)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


@main.command(name="fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, allow_dash=True))
@click.option(
    "--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file would change."
)
@click.option("--diff", is_flag=True, help="Change nothing; print what would change as a diff.")
@click.option(
    "--only-content-roots",
    is_flag=True,
    help="Skip given files outside the configured content roots (as the pre-commit hook does).",
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="Format standard input (given as -) as if it were PATH, printing the result.",
)
@_CONFIG_OPTION
def format_command(
    paths: tuple[str, ...],
    check_only: bool,
    diff: bool,
    only_content_roots: bool,
    stdin_filename: str | None,
    config_file: Path | None,
) -> None:
    """Rewrite content files into the canonical form, keeping comments (default: content roots).

    Give - to format standard input and print the result (named by --stdin-filename)."""
    from sectorlint import fmt

    if "-" in paths or stdin_filename is not None:
        _format_standard_input(paths, stdin_filename, config_file, check_only, diff)
        return
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


def _format_standard_input(
    paths: tuple[str, ...],
    stdin_filename: str | None,
    config_file: Path | None,
    check_only: bool,
    diff: bool,
) -> None:
    """`fmt -`, as ruff's: the formatted text on standard output, exit 0; with --check or
    --diff, nothing but the diff, exit 1 when it would change; text that cannot be formatted
    prints nothing on standard output, its problem on standard error, exit 2."""
    from sectorlint import fmt, reading

    if paths not in (("-",), ()):
        raise _Usage("--stdin-filename formats standard input: give - as the only path")
    path = stdin_filename or "-"
    config = _load_config(config_file, (path,) if stdin_filename else ())
    limits = config.limits()
    raw = _standard_input_bytes()
    old, problem = (None, reading.within_cap(path, raw, limits.max_file_size)[1])
    if problem is None:
        old, problem = reading.decode(path, raw)
    new = None
    if old is not None:
        strict = fmt.strict_codes(config)
        try:
            new = fmt.format_text(path, old, config.taxonomy(), (), limits, strict=strict)
        except fmt.FormatError as exc:
            problem = exc.problem
    if old is None or new is None:
        assert problem is not None
        where = f"{safe(problem.path)}:{problem.line}:{problem.column}"
        click.echo(f"{where}: {problem.code} {safe(problem.message)}", err=True)
        sys.exit(2)
    outcome = fmt.Outcome(path, old, new)
    if diff:
        sys.stdout.write(outcome.diff())
    elif not check_only:
        bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""  # kept, as the editor wrote it
        sys.stdout.write(bom + new)
    elif outcome.changed:
        click.echo(f"would reformat {safe(path)}", err=True)
    sys.exit(1 if (check_only or diff) and outcome.changed else 0)


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


@main.command(name="completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def print_completion(shell: str) -> None:
    """Print the shell completion script for SHELL (add it to the shell's start-up file)."""
    from click.shell_completion import get_completion_class

    completion = get_completion_class(shell)
    assert completion is not None  # (every choice has one)
    script = completion(main, {}, "sectorlint", "_SECTORLINT_COMPLETE").source()
    click.echo(script.rstrip("\n"))


@main.command(name="server")
def server() -> None:
    """Run the language server over standard input and output (for editors)."""
    try:
        from sectorlint.server.app import serve
    except ImportError as exc:  # pygls is an optional dependency
        raise _Failure(
            f"the server needs pygls and lsprotocol: pip install 'sectorlint[server]' ({exc})"
        ) from exc
    serve()


@main.command(name="new")
@click.argument("sector_id", metavar="ID")
@click.option("--name", help="The sector's display name.")
@click.option("--subset-of", metavar="ID", help="A broader sector this one is part of.")
@click.option(
    "--output-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the new sector here instead of ID.yaml in the first content root.",
)
@_CONFIG_OPTION
def new_sector(
    sector_id: str,
    name: str | None,
    subset_of: str | None,
    output_file: Path | None,
    config_file: Path | None,
) -> None:
    """Write a new sector file from the template, every field explained (never overwrites)."""
    from sectorlint import scaffold

    config = _load_config(config_file, ())
    try:
        path, text = scaffold.new_sector(sector_id, name=name, subset_of=subset_of, config=config)
        path = output_file or path
        scaffold.write_new(path, text)
    except FileExistsError as exc:
        message = f"{exc.filename or path} exists already; it is not overwritten"
        raise _ConfigProblem(message) from exc
    except ValueError as exc:  # (an id or name taken, a value the schema refuses)
        raise _ConfigProblem(str(exc)) from exc
    except OSError as exc:
        raise _Failure(f"cannot write {path}: {exc.strerror}") from exc
    shown = safe(_shown(path))
    click.echo(f"Created {shown}; fill it in, then run `sectorlint check {shown}`")


def _shown(path: Path) -> str:
    """A path as users type it: relative to the working directory when below it."""
    relative = os.path.relpath(os.path.abspath(path))
    return str(path) if relative.startswith("..") else relative
