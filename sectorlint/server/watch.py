"""Changes made outside the editor's buffers take effect without a restart: files of the content
set created, changed, deleted or renamed on disk (`workspace/didChangeWatchedFiles`, asked for
with the client's dynamic registration), and the configuration (its file, and with it the
taxonomy and the schema's extension, which live there) changed on disk or in the client's
settings (`workspace/didChangeConfiguration`).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.uris import to_fs_path

from sectorlint.config import CONFIG_FILE
from sectorlint.kinds import SUFFIXES

if TYPE_CHECKING:
    from sectorlint.server.app import SectorServer

CONFIG_FILES = (CONFIG_FILE, "pyproject.toml")
WATCHED = [
    *(f"**/*{suffix}" for suffix in SUFFIXES),
    *(f"**/{name}" for name in CONFIG_FILES),
]


def start(server: SectorServer) -> None:
    """Ask the client to tell of files changed on disk, where it can be asked."""
    workspace = server.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace is not None else None
    if watched is None or not watched.dynamic_registration:
        return
    watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
    registration = types.Registration(
        id="sectorlint-watched-files",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
    )
    server.client_register_capability(types.RegistrationParams([registration]))


def changed_on_disk(server: SectorServer, changes: list[types.FileEvent]) -> None:
    paths = [(to_fs_path(change.uri), change.type) for change in changes]
    if any(path and os.path.basename(path) in CONFIG_FILES for path, _ in paths):
        server.restart()  # the rules themselves may have changed: everything again
        return
    for path, kind in paths:
        if path is None:
            continue
        for file in _files(server, path, kind):
            uri = server.uri_of(file)
            if server.buffer(uri) is None:  # an open buffer is what counts
                server.update(uri, None)


def _files(server: SectorServer, path: str, kind: types.FileChangeType) -> list[str]:
    """The documents an event touches: the file; for a folder, every document below it (a
    client may tell of a folder alone: deleted, or renamed, which is deleted and created)."""
    if os.path.splitext(path)[1] in SUFFIXES:
        return [path]
    if kind == types.FileChangeType.Created and os.path.isdir(path):
        # (a document below a hidden folder the session refuses, as discovery skips it)
        return [
            os.path.join(top, name)
            for top, _, names in os.walk(path)
            for name in names
            if name.endswith(SUFFIXES)
        ]
    if kind != types.FileChangeType.Deleted:
        return []
    below = os.path.realpath(path) + os.sep
    return [
        file
        for session in server.sessions
        for file in list(session.results)
        if os.path.realpath(file).startswith(below)
    ]


def register(server: SectorServer) -> None:
    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        changed_on_disk(server, list(params.changes))

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        server.restart()
