"""Time `sectorlint server` as an editor meets it: a real LSP client over standard input/output.

Starts the installed `sectorlint server` in a project made by `generate.py --project`, speaks
LSP to it with pygls's client (initialize with the project as workspace folder and
`initializationOptions={"debounce": 0}`, initialized, didOpen of one call-center file), then
applies the edits of `benchmarks/session.py` to that file (prose, lines, an id renamed and back,
a relation pointed at a missing sector and back, a name and an alias claimed and given up), each
as a whole-document didChange with a new version, one at a time.

What is timed: from writing a didChange to receiving the publishDiagnostics for the edited file
that answers it. The server publishes only for files whose problems changed, so every didChange
also plants or removes a placeholder (`TODO` at the end of `scope_detail`, C003), alternately:
the edited file's problems then change on every edit, and the first publish for its URI after
the didChange is the answer (checked: the placeholder's diagnostic is there exactly when it was
planted). A cross-file edit also publishes other files (the id rename breaks a relation in an
IT file); to time those too, a codeAction request follows each answer as a barrier: the server
handles messages in order (and a code action first runs any change still waiting), so when it
is answered, everything the didChange caused has been published, and "all files" is the time to
the last of those publishes. The code action's own round trip is reported too: an editor asks
for one after changes, and a didChange sent meanwhile waits behind it. The next didChange is
sent only after the barrier, so no timed edit waits behind another request.

Also reported: start-up (process start to the initialize response, which builds the session;
and initialize sent to the opened file's first diagnostics), the server's peak resident memory
(VmHWM of /proc/PID/status, after start-up and at the end), and what an editor would wait for
without the server after saving the same edit: `sectorlint check FILE` in the project (warm
cache, the file changed, so its cross-file rules run again) and `check-jsonschema` on the file
alone (schema only), as ratios, since absolute times drift between runs on these machines.

    python benchmarks/generate.py --count 50 --project --broken 0 --out /tmp/set50
    python benchmarks/server.py /tmp/set50 --edits 200

To see where the server's time goes, run it under a profiler (written when the server exits):

    python benchmarks/server.py /tmp/set50 --no-peers \\
        --server "python -m cProfile -o /tmp/server.prof -m sectorlint server"
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from session import EDITS, percentile

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "sector.schema.json"
PLACEHOLDER = "C003"
ANSWER_TIMEOUT = 60.0  # seconds; an edit not answered by then is a failure, not a slow edit


def planted(text: str, on: bool) -> str:
    """`text` with a placeholder added at the end of its scope detail, or as it is."""
    return re.sub(r"^(scope_detail: .*)$", r"\1 TODO", text, count=1, flags=re.M) if on else text


@dataclass
class Publish:
    at: float  # perf_counter when the client had it
    uri: str
    codes: list[str]


@dataclass
class Timings:
    """What one run measured, in seconds (memory in kB)."""

    answer: dict[str, list[float]] = field(default_factory=dict)  # kind -> edited file
    everything: dict[str, list[float]] = field(default_factory=dict)  # kind -> all files
    files_back: dict[str, int] = field(default_factory=dict)  # kind -> most files published
    code_action: list[float] = field(default_factory=list)  # the barrier's round trip
    to_initialized: float = 0.0  # process start -> initialize response
    to_first: float = 0.0  # initialize sent -> the opened file's diagnostics
    hwm_started: int = 0
    hwm_end: int = 0
    rss_end: int = 0


class Client:
    """pygls's client, with every publishDiagnostics timed as it arrives."""

    def __init__(self) -> None:
        self.lsp = LanguageClient("sectorlint-benchmark", "1")
        self.published: list[Publish] = []
        self.arrived = asyncio.Event()
        self.stderr: list[bytes] = []

        def on_publish(params: types.PublishDiagnosticsParams) -> None:
            codes = [str(d.code) for d in params.diagnostics]
            self.published.append(Publish(time.perf_counter(), params.uri, codes))
            self.arrived.set()

        self.lsp.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(on_publish)

    async def start(self, command: list[str], cwd: Path) -> int:
        await self.lsp.start_io(command[0], *command[1:], cwd=str(cwd))
        process = self.lsp._server
        assert process is not None and process.stderr is not None
        self.drain = asyncio.create_task(self._drain(process.stderr))
        return process.pid

    async def _drain(self, stream: asyncio.StreamReader) -> None:
        """Read the server's stderr so that a chatty server never blocks on a full pipe."""
        while line := await stream.readline():
            self.stderr = [*self.stderr[-20:], line]

    async def answer(self, uri: str, since: int) -> Publish:
        """The first publish for `uri` at or after index `since` of `published`."""
        deadline = time.monotonic() + ANSWER_TIMEOUT
        while True:
            for publish in self.published[since:]:
                if publish.uri == uri:
                    return publish
            self.arrived.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                tail = b"".join(self.stderr).decode(errors="replace")
                raise TimeoutError(f"no diagnostics for {uri} in {ANSWER_TIMEOUT} s\n{tail}")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.arrived.wait(), left)

    async def barrier(self, uri: str) -> float:
        """A request answered only after everything sent before it has been handled: the code
        actions at the top of the file, as an editor asks for its light bulb after a change
        (no `only`: fix-all included). Returns its round trip."""
        here = types.Range(types.Position(0, 0), types.Position(0, 0))
        sent = time.perf_counter()
        await self.lsp.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(uri), here, types.CodeActionContext(diagnostics=[])
            )
        )
        return time.perf_counter() - sent


def memory(pid: int) -> dict[str, int]:
    """VmHWM (peak resident) and VmRSS of a process, in kB."""
    found: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            found[key] = int(value.split()[0])
    return found


def target_of(folder: Path) -> Path:
    """The edited file: the first call-center file, as `session.py` picks it."""
    files = sorted((folder / "content").glob("*.yaml"))
    return next(p for p in files if p.name.startswith("call-center-") and p != files[0])


async def serve_and_edit(folder: Path, command: list[str], edits: int) -> Timings:
    timings = Timings()
    client = Client()
    pid, uri, original = await start_up(client, folder, command, timings)
    await edit_again_and_again(client, uri, original, edits, timings)
    found = memory(pid)
    timings.hwm_end, timings.rss_end = found["VmHWM"], found["VmRSS"]
    await client.lsp.shutdown_async(None)
    client.lsp.exit(None)
    await client.lsp.stop()  # type: ignore[no-untyped-call]  # unannotated in pygls
    await client.drain
    return timings


async def start_up(
    client: Client, folder: Path, command: list[str], timings: Timings
) -> tuple[int, str, str]:
    """Start the server, initialize it and open the edited file: its pid, URI and text."""
    target = target_of(folder)
    uri = target.as_uri()
    started = time.perf_counter()
    pid = await client.start(command, folder)
    sent = time.perf_counter()
    await client.lsp.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            workspace_folders=[types.WorkspaceFolder(folder.as_uri(), folder.name)],
            initialization_options={"debounce": 0},
        )
    )
    timings.to_initialized = time.perf_counter() - started
    client.lsp.initialized(types.InitializedParams())
    original = target.read_text(encoding="utf-8")
    since = len(client.published)
    client.lsp.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, original))
    )
    await client.answer(uri, since)
    timings.to_first = time.perf_counter() - sent
    await client.barrier(uri)
    timings.hwm_started = memory(pid)["VmHWM"]
    return pid, uri, original


async def edit_again_and_again(
    client: Client, uri: str, original: str, edits: int, timings: Timings
) -> None:
    """The edits of session.py, each a didChange timed to its answer (see the docstring)."""
    version, on, text = 1, False, original

    async def change(kind: str, new: str) -> None:
        nonlocal version, on
        version, on = version + 1, not on
        since = len(client.published)
        sent = time.perf_counter()
        client.lsp.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version, uri),
                [types.TextDocumentContentChangeWholeDocument(planted(new, on))],
            )
        )
        answer = await client.answer(uri, since)
        if (PLACEHOLDER in answer.codes) != on:
            raise AssertionError(f"{kind} edit {version}: answered with {answer.codes}")
        timings.code_action.append(await client.barrier(uri))
        caused = client.published[since:]
        timings.answer.setdefault(kind, []).append(answer.at - sent)
        timings.everything.setdefault(kind, []).append(max(p.at for p in caused) - sent)
        back = len({p.uri for p in caused})
        timings.files_back[kind] = max(timings.files_back.get(kind, 0), back)

    for step in range(edits):
        kind, edit, undone = EDITS[step % len(EDITS)]
        changed = edit(text, step)
        await change(kind, changed)
        if undone:  # and back, timed as an edit too
            await change(kind, text)
        else:
            text = changed


def seconds_of(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - started


def tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def without_server(folder: Path, runs: int) -> dict[str, list[float]]:
    """What a save and a re-run cost: the edited file written with a summary it never had
    (the prose edit), with and without the placeholder in turn, then each command timed on it,
    after an untimed `check` of the file as it was (so sectorlint's cache holds the rest of the
    set). The file is put back as it was."""
    target = target_of(folder)
    original = target.read_text(encoding="utf-8")
    relative = str(target.relative_to(folder))
    script = tool("sectorlint")
    sectorlint = [script] if script else [sys.executable, "-m", "sectorlint"]
    commands = {"sectorlint check FILE": [*sectorlint, "check", "--quiet", "--exit-zero", relative]}
    jsonschema = tool("check-jsonschema")
    if jsonschema:
        commands["check-jsonschema FILE"] = [jsonschema, "--schemafile", str(SCHEMA), relative]
    found: dict[str, list[float]] = {name: [] for name in commands}
    prose = next(edit for kind, edit, _ in EDITS if kind == "prose")
    with tempfile.TemporaryDirectory() as cache:
        saved = os.environ.get("SECTORLINT_CACHE_DIR")
        os.environ["SECTORLINT_CACHE_DIR"] = cache
        try:
            for step in range(runs):
                # untimed, on the file as it was: the cache then holds every other file, even
                # if sectorlint's code (part of the cache key) changed since the last run
                target.write_text(original, encoding="utf-8")
                seconds_of(commands["sectorlint check FILE"], folder)
                edited = prose(original, 1_000_000 + step)  # no answer to replay
                target.write_text(planted(edited, step % 2 == 0), encoding="utf-8")
                for name, command in commands.items():
                    found[name].append(seconds_of(command, folder))
        finally:
            target.write_text(original, encoding="utf-8")
            if saved is None:
                del os.environ["SECTORLINT_CACHE_DIR"]
            else:
                os.environ["SECTORLINT_CACHE_DIR"] = saved
    return found


def ms(values: list[float], share: float | None = None) -> str:
    value = statistics.median(values) if share is None else percentile(values, share)
    return f"{value * 1000:.1f}"


def report(folder: Path, timings: Timings, peers: dict[str, list[float]]) -> None:
    count = len(list((folder / "content").glob("*.yaml")))
    print(f"{count:,} files; load {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    print(
        f"start-up: initialize answered {timings.to_initialized:.2f} s after the process "
        f"started; first diagnostics {timings.to_first:.2f} s after initialize was sent"
    )
    print(
        f"server memory: peak {timings.hwm_started / 1024:.1f} MB after start-up, "
        f"{timings.hwm_end / 1024:.1f} MB at the end (resident then {timings.rss_end / 1024:.1f})"
    )
    print(
        f"{'edit':<10} {'changes':>7} {'median ms':>10} {'p95 ms':>8} "
        f"{'all-files median':>17} {'all p95':>8} {'files back':>10}"
    )
    every = [t for found in timings.answer.values() for t in found]
    all_files = [t for found in timings.everything.values() for t in found]
    rows = [(k, v, timings.everything[k]) for k, v in timings.answer.items()]
    for kind, answer, everything in [*rows, ("all", every, all_files)]:
        back = timings.files_back.get(kind, max(timings.files_back.values()))
        print(
            f"{kind:<10} {len(answer):>7} {ms(answer):>10} {ms(answer, 0.95):>8} "
            f"{ms(everything):>17} {ms(everything, 0.95):>8} {back:>10}"
        )
    actions = timings.code_action
    print(f"codeAction after each answer: median {ms(actions)} ms, p95 {ms(actions, 0.95)} ms")
    p95, median = percentile(every, 0.95), statistics.median(every)
    for name, found in peers.items():
        peer = statistics.median(found)
        print(
            f"{name}: median {peer * 1000:.0f} ms over {len(found)} runs; the server's "
            f"median is {median / peer:.3f}x of it, its p95 {p95 / peer:.3f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a project made by generate.py --project")
    parser.add_argument("--edits", type=int, default=200, help="as in session.py")
    parser.add_argument("--peer-runs", type=int, default=5, help="runs of each peer command")
    parser.add_argument("--no-peers", action="store_true", help="time the server only")
    parser.add_argument("--server", help="the server's command line (default: sectorlint server)")
    args = parser.parse_args()
    folder = args.folder.resolve()
    script = tool("sectorlint")
    command = shlex.split(args.server) if args.server else [script or "sectorlint", "server"]
    # Installed, the server runs from compiled bytecode; under PYTHONDONTWRITEBYTECODE a
    # checkout would compile every module at each start (as run.py does before timing).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "sectorlint")], check=True)
    timings = asyncio.run(serve_and_edit(folder, command, args.edits))
    peers = {} if args.no_peers else without_server(folder, args.peer_runs)
    report(folder, timings, peers)


if __name__ == "__main__":
    main()
