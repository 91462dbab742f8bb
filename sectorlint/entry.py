"""The `sectorlint` command: a remembered answer when nothing it read changed, else the CLI.

Nothing here imports the command line (click) before knowing it is needed (`answers`), nor
SQLite for a command that is never replayed.
"""

from __future__ import annotations

import sys


def main() -> None:
    arguments = sys.argv[1:]
    if arguments[:1] == ["check"]:
        from sectorlint import answers  # (its import marks when the run began)

        status = answers.replay(arguments)
        if status is not None:
            sys.exit(status)
        answers.invocation = arguments
    from sectorlint.cli import main as command_line

    command_line()
