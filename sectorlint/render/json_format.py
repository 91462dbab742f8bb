"""JSON for other tools: a stable, documented structure (see the README)."""

from __future__ import annotations

import json
from typing import Any

from sectorlint.escaping import json_safe
from sectorlint.render.comparison import Comparison

FORMAT_VERSION = 1


def render(comparison: Comparison) -> str:
    document: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "title": comparison.title,
        "sectors": [
            {"id": c.id, "name": c.name, "label": c.label, "path": c.path}
            for c in comparison.columns
        ],
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "cells": {
                    column.id: {"text": cell.text, "items": list(cell.items)}
                    for column, cell in zip(comparison.columns, row.cells, strict=True)
                },
            }
            for row in comparison.rows
        ],
        "relations": [
            {
                "source": link.source,
                "kind": link.kind,
                "target": link.target,
                "via": link.via,
                "how": link.how,
            }
            for link in comparison.links
        ],
    }
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
