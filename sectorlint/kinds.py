"""The kinds of document a content set holds, behind one protocol.

A kind has a name (what a spilled model stores beside each document's projection, to join it
back through the same kind), says how its documents are found (their file suffixes), checked on
their own (bytes in, a plain result out, cached and sent between processes as any result is),
and how what the cross-file rules read of one (its projection) joins the model. Today there is
one kind, sector files in YAML or JSON; Markdown articles are the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sectorlint.analysis import FileResult, SpansNeeded
    from sectorlint.document import Document, Loader
    from sectorlint.limits import Limits
    from sectorlint.model import Join, Sector
    from sectorlint.taxonomy import Taxonomy


class Kind(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def analyse(
        self,
        path: str,
        raw: bytes,
        limits: Limits,
        taxonomy: Taxonomy,
        complete: bool = True,
        keep_document: bool = False,
        spans: SpansNeeded | None = None,
    ) -> FileResult:
        """Everything one document needs on its own (`analysis.analyse` says what the
        arguments mean)."""
        ...

    def joined(
        self,
        path: str,
        projection: dict[str, Any],
        loader: Loader,
        document: Document | None = None,
    ) -> Sector:
        """What the model holds of a document: the whole `document` when it was kept (`render`
        needs all its data), else what its projection says; `loader` gives its spans when a
        problem points into it. It takes the projection over."""
        ...


class _SectorFiles:
    name = "sector"
    suffixes: tuple[str, ...] = (".yaml", ".yml", ".json")

    def analyse(self, *args: Any, **kwargs: Any) -> FileResult:
        from sectorlint.analysis import analyse

        return analyse(*args, **kwargs)

    def joined(
        self,
        path: str,
        projection: dict[str, Any],
        loader: Loader,
        document: Document | None = None,
    ) -> Sector:
        from sectorlint.analysis import sector_of

        if document is not None:
            from sectorlint.model import Sector

            return Sector(document)
        return sector_of(path, projection, loader)


SECTOR_FILES: Kind = _SectorFiles()
KINDS: tuple[Kind, ...] = (SECTOR_FILES,)
SUFFIXES = tuple(suffix for kind in KINDS for suffix in kind.suffixes)
_BY_NAME = {kind.name: kind for kind in KINDS}


def kind_of(path: str) -> Kind:
    """The kind of the document at `path`, by its suffix; a file named on the command line
    with another suffix is read as a sector file, as it always was."""
    return next((kind for kind in KINDS if path.endswith(kind.suffixes)), SECTOR_FILES)


def named(name: str) -> Kind:
    """The kind of this name (`Kind.name`)."""
    return _BY_NAME[name]


def joining(loader: Loader) -> Join:
    """How each document joins a model: through its kind, its spans read by `loader`."""

    def join(path: str, projection: dict[str, Any], document: Document | None) -> Sector:
        return kind_of(path).joined(path, projection, loader, document)

    return join
