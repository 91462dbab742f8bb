"""Rule examples made whole: the keys an example leaves out are filled with neutral values.

An example shows only the keys that matter to its rule. `complete` appends the other keys a
sector needs (after the example's own lines, so its line numbers stay as written), and
`expected` reads the markers that say where the rule must fire:

    - sector: outsorcing
    #         ^ R001              the line above, at the caret's column
    # expect R003 at 2:1          an explicit line and column
    # without: scope_detail       do not fill this key in
"""

from __future__ import annotations

import re

from sectorlint.source import parse_text

_CARET = re.compile(r"^\s*#(\s*)\^\s+([A-Z]\d{3})\s*$")
_EXPECT = re.compile(r"#\s*expect\s+([A-Z]\d{3})\s+at\s+(\d+):(\d+)")
_WITHOUT = re.compile(r"#\s*without:\s*([\w, ]+)")

_FILLER = {
    "summary": "summary: An example sector.",
    "definition": "definition: {definition}",
    "scope": "scope: moderate",
    "scope_detail": "scope_detail: Example work.",
    "core_functions": "core_functions: [Example work]",
    "tech_dependency": "tech_dependency: medium",
    "examples": "examples: [Example task]",
    "benefits": "benefits: [{title: Example benefit, detail: An example.}]",
    "challenges": "challenges: [{title: Example challenge, detail: An example.}]",
    "careers": "careers: [Example role]",
    "trends": "trends: [{title: Example trend, detail: An example.}]",
    "sources": "sources: [{title: Example source}]",
}


def shown(snippet: str) -> str:
    """The example as `sectorlint rule` prints it: without the markers, which are for tests."""
    return "".join(_unmarked(line) for line in snippet.splitlines(True))


def _unmarked(line: str) -> str:
    """The line without its marker: nothing for a marker line, the text before it otherwise."""
    if _CARET.match(line):
        return ""
    marker = _EXPECT.search(line) or _WITHOUT.search(line)
    if marker is None:
        return line
    before = line[: marker.start()].rstrip()
    return before + "\n" if before else ""


def shown_places(files: dict[str, str]) -> list[tuple[str, str, int, int]]:
    """(file, code, line, column) of each marked place, counted in the lines `shown` keeps."""
    places = []
    for name, code, line, column in sorted(expected(files)):
        lines = files[name].split("\n")[: line - 1]
        dropped = sum(1 for text in lines if not _unmarked(text + "\n"))
        places.append((name, code, line - dropped, column))
    return places


def display_name(sector_id: str) -> str:
    return sector_id.replace("-", " ").title()


def complete(name: str, snippet: str) -> str:
    parsed = parse_text(name, snippet)
    data = parsed.document.data if parsed.document is not None else {}
    sector_id = str(data.get("id", name.rsplit(".", 1)[0]))
    without = left_out(snippet)
    lines = snippet.rstrip("\n").split("\n")
    if "name" not in data:
        lines.append(f"name: {display_name(sector_id)}")
    for key, line in _FILLER.items():
        if key not in data and key not in without:
            lines.append(line.replace("{definition}", _definition(data)))
    return "\n".join(lines) + "\n"


def left_out(snippet: str) -> set[str]:
    """The keys an example's `# without:` markers say are not filled in."""
    return {k.strip() for m in _WITHOUT.finditer(snippet) for k in m.group(1).split(",")}


def _definition(data: dict[str, object]) -> str:
    """A neutral definition that names the parents, so prose and relations agree."""
    relations = data.get("relations")
    subset = relations.get("subset_of") if isinstance(relations, dict) else None
    parents = [
        display_name(entry["sector"])
        for entry in (subset if isinstance(subset, list) else [])
        if isinstance(entry, dict) and isinstance(entry.get("sector"), str)
    ]
    tail = f" It is a part of {' and '.join(parents)}." if parents else ""
    return f"An example sector.{tail}"


def expected(files: dict[str, str]) -> set[tuple[str, str, int, int]]:
    """(file, code, line, column) for every marker in an example's files."""
    found = set()
    for name, text in files.items():
        lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            caret = _CARET.match(line)
            if caret is not None:
                found.add((name, caret.group(2), number - 1, line.index("^") + 1))
            for code, at_line, at_column in _EXPECT.findall(line):
                found.add((name, code, int(at_line), int(at_column)))
    return found
