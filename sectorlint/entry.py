"""The `sectorlint` command: a remembered answer when nothing it read changed, else the CLI.

Nothing here imports the command line (click) before knowing it is needed (`answers`).
"""

from __future__ import annotations

import sys

from sectorlint import answers


def main() -> None:
    arguments = sys.argv[1:]
    status = answers.replay(arguments)
    if status is not None:
        sys.exit(status)
    answers.invocation = arguments
    from sectorlint.cli import main as command_line

    command_line()
