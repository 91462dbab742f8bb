"""Configuration: `.sectorlint.toml`, or `[tool.sectorlint]` in `pyproject.toml`.

Found by searching upward from the working directory; the first directory that has either file
(a `pyproject.toml` counts only with a `[tool.sectorlint]` table) is the project root, and paths
in the configuration are relative to it. Unknown keys and bad values are errors (exit 2).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from sectorlint import extension, taxonomy
from sectorlint.limits import (
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_FILE_SIZE,
    DEFAULT_MAX_FILES,
    DEFAULT_MAX_LIST_ITEMS,
    MAX_DEPTH_LIMIT,
    Limits,
)
from sectorlint.problem import Severity

CONFIG_FILE = ".sectorlint.toml"


class ConfigError(ValueError):
    """A configuration that cannot be used; the message names the file and the key."""


class Config(NamedTuple):
    root: Path
    file: Path | None = None
    content_roots: tuple[str, ...] = ("content",)
    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # The empty defaults are shared, and never changed: a configuration is read-only.
    severity: dict[str, Severity] = {}  # noqa: RUF012
    per_file_ignores: dict[str, tuple[str, ...]] = {}  # noqa: RUF012
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_depth: int = DEFAULT_MAX_DEPTH
    max_list_items: int = DEFAULT_MAX_LIST_ITEMS
    max_files: int = DEFAULT_MAX_FILES
    taxonomy_overrides: dict[str, Any] = {}  # noqa: RUF012
    schema_extension: dict[str, Any] = {}  # noqa: RUF012  # [schema]: see `extension`
    cache_dir: Path | None = None  # default: .sectorlint_cache beside the configuration
    # A pyproject.toml with a [tool.sectorlint] table beside the .sectorlint.toml in force: it
    # is ignored, and the user is told so.
    shadowed: Path | None = None

    def taxonomy(self) -> taxonomy.Taxonomy:
        """The taxonomy in force, over the sector schema with the project's extension."""
        return taxonomy.load(self.taxonomy_overrides, self.schema_extension)

    def limits(self) -> Limits:
        return Limits(self.max_file_size, self.max_depth, self.max_list_items, self.max_files)

    def content_root_paths(self) -> list[Path]:
        return [self.root / root for root in self.content_roots]


_KEYS = {
    "content-roots", "select", "extend-select", "ignore", "severity", "per-file-ignores",
    "max-file-size", "max-depth", "max-list-items", "max-files", "taxonomy", "cache-dir",
    "schema",
}  # fmt: skip


# How a configuration file is read: from disk, or (for `check --staged`) from git's index.
# None: there is no such file there.
Reader = Callable[[Path], "bytes | None"]


def read_from_disk(path: Path) -> bytes | None:
    if not path.exists():
        return None
    if not path.is_file():  # a FIFO would block the read for ever
        raise ConfigError(f"{path}: not a regular file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror}") from exc


def find_settings(start: Path, read: Reader = read_from_disk) -> tuple[Path | None, dict[str, Any]]:
    """The configuration file in force from `start` (the first folder upward with a
    `.sectorlint.toml`, or a `pyproject.toml` with a `[tool.sectorlint]` table) and that table."""
    for directory in [start, *start.parents]:
        found = _settings_in(directory, read)
        if found is not None:
            return found
    return None, {}


def consulted(start: Path, explicit: Path | None, found: Path | None) -> list[Path]:
    """The files `load_config` looked at, in order, to find the configuration in force (`found`,
    or None): what says, unchanged, that it is the same."""
    if explicit is not None:
        return [explicit]
    looked = []
    start = Path(os.path.abspath(start))
    for directory in [start, *start.parents]:
        for name in (CONFIG_FILE, "pyproject.toml"):
            looked.append(directory / name)
            if found is not None and looked[-1] == found:
                # the pyproject.toml beside it too, where there is one: a [tool.sectorlint]
                # written there is shadowed, and a run says so
                beside = directory / "pyproject.toml"
                if name == CONFIG_FILE and beside.is_file():
                    looked.append(beside)
                return looked
    return looked


def _settings_in(directory: Path, read: Reader) -> tuple[Path, dict[str, Any]] | None:
    for name in (CONFIG_FILE, "pyproject.toml"):
        raw = read(directory / name)
        if raw is None:
            continue
        document = _parse_toml(raw, directory / name)
        if name == CONFIG_FILE:
            return directory / name, document
        if "sectorlint" in document.get("tool", {}):
            return directory / name, _table_of(document, directory / name)
    return None


def project_folder(start: Path) -> Path:
    """The folder of the configuration in force from `start` (searched from it as written),
    else `start` itself: the project `start` is in."""
    start = Path(os.path.abspath(start))
    for directory in [start, *start.parents]:
        try:
            if _settings_in(directory, read_from_disk) is not None:
                return directory.resolve()
        except ConfigError:  # a configuration that cannot be read still marks its project
            return directory.resolve()
    return start


def load_config(
    start: Path,
    explicit: Path | None = None,
    known_codes: tuple[str, ...] = (),
    read: Reader = read_from_disk,
) -> Config:
    """The configuration in force for a run started in `start` (or read from `explicit`)."""
    if explicit is not None:
        raw = read(explicit)
        if raw is None:
            raise ConfigError(f"{explicit}: no such configuration file")
        path: Path | None = explicit
        table = _table_of(_parse_toml(raw, explicit), explicit)
    else:
        # from the path as written: a link to a folder of another project does not make this
        # run that project's (nor its files that project's, to be rewritten)
        path, table = find_settings(Path(os.path.abspath(start)), read)
    if path is None:  # no configuration: the project is the working directory (./content)
        return Config(root=Path.cwd().resolve())
    config = parse_config(table, path, known_codes)
    if explicit is None and path.name == CONFIG_FILE:
        beside = path.parent / "pyproject.toml"
        try:
            raw = read(beside)
            document = _parse_toml(raw, beside) if raw is not None else {}
        except ConfigError:
            document = {}  # an unreadable pyproject.toml holds no settings to be shadowed
        tool = document.get("tool", {})
        if isinstance(tool, dict) and "sectorlint" in tool:
            config = config._replace(shadowed=beside)
    return config


def shadowed_warning(config: Config) -> str | None:
    """What a run says when a `.sectorlint.toml` shadows a `[tool.sectorlint]` beside it."""
    if config.shadowed is None or config.file is None:
        return None
    return (
        f"sectorlint: warning: using {config.file}; [tool.sectorlint] in {config.shadowed} "
        "is ignored"
    )


def away_from_content(config: Config, checked: list[Path]) -> Config:
    """With no configuration file (nor `SECTORLINT_CACHE_DIR`), the cache goes in the working
    directory; but where that directory is itself a folder being checked (`cd content &&
    sectorlint check .`), it goes beside the outermost such folder instead: never inside the
    content."""
    if config.file is not None or config.cache_dir is not None:
        return config
    if os.environ.get("SECTORLINT_CACHE_DIR"):
        return config
    here = Path.cwd().resolve()
    holding = [folder for folder in checked if folder == here or folder in here.parents]
    if not holding:
        return config
    outermost = min(holding, key=lambda folder: len(folder.parts))
    return config._replace(cache_dir=outermost.parent / ".sectorlint_cache")


class Selection(NamedTuple):
    """Rule selection given on the command line; None or empty: as the configuration says."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] | None = None


def with_selection(config: Config, selection: Selection) -> Config:
    """The configuration with the command line's rule selection over it, as ruff layers them
    (the command line is a later layer): `--select` starts a new selection, setting aside the
    configured `select`, `extend-select` and `ignore`; `--extend-select` enables codes over the
    configured `ignore`; `--ignore` adds to it; `--per-file-ignores` replaces the configured
    table. An unknown code is a ConfigError naming the option, the code and the code it most
    likely means."""
    for option, codes in (
        ("--select", selection.select or ()),
        ("--extend-select", selection.extend_select),
        ("--ignore", selection.ignore),
        (
            "--per-file-ignores",
            [c for cs in (selection.per_file_ignores or {}).values() for c in cs],
        ),
    ):
        for code in codes:
            try:
                _check_code(code, option, ())
            except ValueError as exc:
                raise ConfigError(str(exc)) from exc
    changes: dict[str, Any] = {}
    extended = _upper(selection.extend_select)
    if selection.select is not None:  # a new selection: the configured one is set aside
        changes["select"], changes["extend_select"] = _upper(selection.select), extended
        ignore: tuple[str, ...] = ()
    else:  # what the command line adds wins over what the configuration ignores
        changes["extend_select"] = (*config.extend_select, *extended)
        ignore = tuple(i for i in config.ignore if not i.startswith(extended or ("\0",)))
    changes["ignore"] = (*ignore, *_upper(selection.ignore))
    if selection.per_file_ignores is not None:
        changes["per_file_ignores"] = {
            _from_here(pattern, config.root): _upper(codes)
            for pattern, codes in selection.per_file_ignores.items()
        }
    chosen_config = config._replace(**changes)
    if not chosen_config.select and not chosen_config.extend_select:
        raise ConfigError("--select: nothing would be checked")
    return chosen_config


def _from_here(pattern: str, root: Path) -> str:
    """A glob typed on the command line, which means paths from the working directory, as the
    configuration's globs are written: from the project's folder (as typed when outside it).
    A file name alone (no folder in it) matches that name anywhere, and stays as it is."""
    if "/" not in pattern:
        return pattern
    if os.path.isabs(pattern):
        inside = pattern.startswith(f"{root.as_posix()}/")
        return pattern[len(root.as_posix()) + 1 :] if inside else pattern
    here = Path.cwd().resolve()
    if here != root and root not in here.parents:
        return pattern
    prefix = here.relative_to(root).as_posix()
    return pattern if prefix == "." else f"{prefix}/{pattern}"


def _upper(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code.upper() if code != "ALL" else code for code in codes)


def _table_of(document: dict[str, Any], path: Path) -> dict[str, Any]:
    if path.name != "pyproject.toml":
        return document
    table = document.get("tool", {}).get("sectorlint", {})
    return table if isinstance(table, dict) else {}


def parse_config(table: dict[str, Any], path: Path, known_codes: tuple[str, ...]) -> Config:
    where = f"{path}" if path.name != "pyproject.toml" else f"[tool.sectorlint] in {path}"
    unknown = sorted(set(table) - _KEYS)
    if unknown == ["tool"] and path.name == CONFIG_FILE:
        raise ConfigError(
            f"{where}: unknown key 'tool'; in {CONFIG_FILE} the keys stand at the top level "
            "(`[tool.sectorlint]` is how pyproject.toml holds them): drop the `tool.sectorlint` "
            "from the table names"
        )
    if unknown:
        import difflib

        hint = difflib.get_close_matches(unknown[0], sorted(_KEYS), n=1)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise ConfigError(f"{where}: unknown key '{unknown[0]}'{suggestion}")
    try:
        config = Config(
            root=path.parent.resolve(),
            file=path,
            content_roots=_content_roots(table, path.parent.resolve()),
            select=tuple(_codes(table, "select", ["ALL"], known_codes)),
            extend_select=tuple(_codes(table, "extend-select", [], known_codes)),
            ignore=tuple(_codes(table, "ignore", [], known_codes)),
            severity=_severities(table.get("severity", {}), known_codes),
            per_file_ignores=_per_file_ignores(table.get("per-file-ignores", {}), known_codes),
            max_file_size=_positive_int(table, "max-file-size", DEFAULT_MAX_FILE_SIZE),
            max_depth=_depth(table),
            max_list_items=_positive_int(table, "max-list-items", DEFAULT_MAX_LIST_ITEMS),
            max_files=_positive_int(table, "max-files", DEFAULT_MAX_FILES),
            taxonomy_overrides=_table(table, "taxonomy"),
            schema_extension=extension.check(table.get("schema", {})),
            cache_dir=_cache_dir(table, path.parent.resolve()),
        )
        config.taxonomy()  # fail now, not halfway through a run
        missing = [r for r in config.content_roots if not (config.root / r).is_dir()]
        if "content-roots" in table and missing:
            raise ValueError(f"content root '{missing[0]}' is not a directory under {config.root}")
        if not config.select and not config.extend_select:
            raise ValueError("'select' is empty: nothing would be checked")
    except (ValueError, taxonomy.TaxonomyError) as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    return config


def _parse_toml(raw: bytes, path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: most runs have no file to read
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        document: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 text (byte {exc.start + 1}); save it as UTF-8"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    except RecursionError as exc:  # arrays nested a thousand deep
        raise ConfigError(f"{path}: nested too deeply to read") from exc
    return document


def _content_roots(table: dict[str, Any], root: Path) -> tuple[str, ...]:
    roots = _strings(table, "content-roots", ["content"])
    if not roots:
        raise ValueError("'content-roots' is empty: no folder would hold the content")
    for value in roots:
        _inside(root, value, "content-roots")
    return tuple(roots)


def _strings(table: dict[str, Any], key: str, default: list[str]) -> list[str]:
    value = table.get(key, default)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"'{key}' must be a list of non-empty strings")
    return value


def _codes(
    table: dict[str, Any], key: str, default: list[str], known: tuple[str, ...]
) -> list[str]:
    codes = _strings(table, key, default)
    for code in codes:
        _check_code(code, key, known)
    return [code.upper() if code != "ALL" else code for code in codes]


def _check_code(code: str, key: str, known: tuple[str, ...]) -> None:
    if code == "ALL":
        return
    known = known or _all_codes()
    if not any(k.startswith(code) for k in known):
        from sectorlint.suggest import did_you_mean

        hint = did_you_mean(code, known) or " (see `sectorlint rules`)"
        name = key if key.startswith("--") else f"'{key}'"
        raise ValueError(f"{name}: '{code}' is not a rule code or prefix{hint}")


@cache
def _all_codes() -> tuple[str, ...]:
    """Loaded only when the configuration names codes (it loads every rule's module)."""
    from sectorlint.catalog import catalog

    return tuple(catalog())


def _severities(value: Any, known: tuple[str, ...]) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ValueError('\'severity\' must be a table of CODE = "error" | "warning"')
    levels = {s.value: s for s in Severity}
    out = {}
    for code, level in value.items():
        _check_code(code, "severity", known)
        if level not in levels:
            raise ValueError(f'\'severity\': {code} must be "error" or "warning", not {level!r}')
        out[code] = levels[level]
    return out


def _per_file_ignores(value: Any, known: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ValueError("'per-file-ignores' must be a table of \"glob\" = [codes]")
    out = {}
    for pattern, codes in value.items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ValueError(f"'per-file-ignores': \"{pattern}\" must map to a list of codes")
        if not codes:
            raise ValueError(
                f"'per-file-ignores.\"{pattern}\"' is empty: it would ignore nothing in the "
                "files it matches (list the codes, or remove it)"
            )
        for code in codes:
            _check_code(code, "per-file-ignores", known)
        out[pattern] = tuple(codes)
    return out


def _positive_int(table: dict[str, Any], key: str, default: int) -> int:
    value = table.get(key, default)
    if isinstance(value, str) and key == "max-file-size":
        from sectorlint.sizes import parse_size

        value = parse_size(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"'{key}' must be a positive whole number, not {value!r}")
    return value


def _cache_dir(table: dict[str, Any], root: Path) -> Path | None:
    value = table.get("cache-dir")
    if value is None:
        return None
    if not isinstance(value, str) or not value or "://" in value:
        raise ValueError("'cache-dir' must be a local folder path")
    return _inside(root, value, "cache-dir")


def _inside(root: Path, value: str, key: str) -> Path:
    """`value` as a path below the project's folder: a configuration file (perhaps a cloned
    repository's) must not make sectorlint read or write elsewhere. A folder outside the project
    is named on the command line or in an environment variable instead."""
    path = (root / value).resolve()
    if path != root and root not in path.parents:
        raise ValueError(f"'{key}': '{value}' is outside the project ({root})")
    return path


def _depth(table: dict[str, Any]) -> int:
    depth = _positive_int(table, "max-depth", DEFAULT_MAX_DEPTH)
    if depth > MAX_DEPTH_LIMIT:
        raise ValueError(f"'max-depth' can be at most {MAX_DEPTH_LIMIT}, not {depth}")
    return depth


def _table(table: dict[str, Any], key: str) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise ValueError(f"'{key}' must be a table")
    return value
