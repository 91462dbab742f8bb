"""(being written)"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sectorlint.server.app import SectorServer


def register(server: SectorServer) -> None:
    pass
