"""`sectorlint render`: the comparison in every format, as a reader gets it."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import random
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from sectorlint.render.comparison import Column, Comparison, Link
from sectorlint.render.layout import layout
from sectorlint.render.terminal import display_width
from tests.conftest import CONTENT, DATA, PROJECT, run_cli

GOLDEN = DATA / "golden"
FORMATS = {"text": "txt", "markdown": "md", "csv": "csv", "json": "json", "html": "html"}


def render(*args: str, cwd: Path = PROJECT) -> str:
    result = run_cli("render", *args, cwd=cwd)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("fmt", "suffix"), FORMATS.items())
def test_every_format_matches_its_golden_file(fmt: str, suffix: str) -> None:
    output = render("--format", fmt, "--width", "100")
    path = GOLDEN / f"render.{suffix}"
    if os.environ.get("SECTORLINT_UPDATE_GOLDEN"):
        path.write_text(output, encoding="utf-8")
    assert output == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_identical_across_runs(fmt: str) -> None:
    assert render("--format", fmt) == render("--format", fmt)


def cells() -> dict[str, dict[str, str]]:
    document = json.loads(render("--format", "json"))
    return {row["key"]: {k: v["text"] for k, v in row["cells"].items()} for row in document["rows"]}


# Every cell of the sources' "Key Differences" table, as words the rendered cell must hold.
KEY_DIFFERENCES = {
    "definition": {
        "bpo": ["non-core business processes"],
        "call-center": ["BPO", "customers"],
        "it": ["Developing", "managing technology"],
    },
    "scope": {
        "bpo": ["Broad", "front-office", "back-office"],
        "call-center": ["Narrow", "customer service", "sales"],
        "it": ["Broad", "digital infrastructure", "services"],
    },
    "core_functions": {
        "bpo": ["Payroll", "accounting", "customer service"],
        "call-center": ["inbound customer calls", "outbound customer calls"],
        "it": ["Software development", "cybersecurity"],
    },
    "tech_dependency": {
        "bpo": ["Medium"],
        "call-center": ["High", "multi-channel support"],
        "it": ["Very high"],
    },
    "examples": {
        "bpo": ["Data entry", "HR outsourcing"],
        "call-center": ["Technical support", "telemarketing"],
        "it": ["AI development", "IT consulting"],
    },
    "subset_of": {"bpo": ["—"], "call-center": ["BPO"], "it": ["—"]},
    "overlaps_with": {
        "bpo": ["IT", "IT-enabled services (ITES)"],
        "call-center": ["—"],
        "it": ["BPO", "IT-enabled services (ITES)"],
    },
}


@pytest.mark.parametrize("aspect", KEY_DIFFERENCES)
def test_default_render_reproduces_the_key_differences_table(aspect: str) -> None:
    row = cells()[aspect]
    for sector, words in KEY_DIFFERENCES[aspect].items():
        missing = [w for w in words if w.lower() not in row[sector].lower()]
        assert missing == [], f"{aspect} / {sector}: {row[sector]!r}"


def test_ordinal_labels_are_normalized() -> None:
    row = cells()["tech_dependency"]
    assert row["it"] == "Very high"
    assert row["bpo"] == "Medium"
    assert row["call-center"] == "High (Modern multi-channel support depends on it)"


def test_sectors_and_aspects_pick_and_order() -> None:
    output = render("--format", "csv", "--sectors", "it,bpo", "--aspects", "examples,scope")
    rows = list(csv.reader(io.StringIO(output)))
    assert rows[0] == ["Aspect", "IT", "BPO"]  # short names, as the relation rows name them
    assert [r[0] for r in rows[1:]] == ["Examples", "Scope"]


def test_a_section_side_by_side() -> None:
    document = json.loads(render("--format", "json", "--section", "faqs"))
    assert document["title"] == "FAQs"
    first = document["rows"][0]["cells"]
    assert first["bpo"]["text"].startswith("Is BPO only for large companies? — No.")
    assert first["it"]["text"] == "—"  # IT has no FAQs
    assert len(document["rows"]) == 3  # the longest list sets the depth


@pytest.mark.parametrize(
    "args",
    [["--sectors", "bpo,nope"], ["--aspects", "colour"], ["--section", "gossip"]],
)
def test_unknown_choices_are_usage_errors(args: list[str]) -> None:
    result = run_cli("render", *args, cwd=PROJECT)
    assert result.exit_code == 2
    assert "known:" in result.output


def broken_copy(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    bpo = tmp_path / "content" / "bpo.yaml"
    bpo.write_text(bpo.read_text().replace("tech_dependency: medium", "tech_dependency: hihg"))
    return tmp_path


def test_content_with_errors_is_not_rendered(tmp_path: Path) -> None:
    result = run_cli("render", cwd=broken_copy(tmp_path))
    assert result.exit_code == 1
    assert "run `sectorlint check`" in result.output
    assert "Sector comparison" not in result.output


def test_force_renders_anyway(tmp_path: Path) -> None:
    result = run_cli("render", "--force", "--format", "json", cwd=broken_copy(tmp_path))
    assert result.exit_code == 0
    cells = json.loads(result.output)["rows"][3]["cells"]
    assert cells["bpo"]["text"] == "—"  # an unknown level shows as nothing, not as a guess


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    result = run_cli("render", "--format", "html", "-o", str(target), cwd=PROJECT)
    assert result.exit_code == 0 and result.output == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary left behind


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_color_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" not in render()
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[1m" in render()
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in render()


def test_terminal_table_wraps_to_the_width() -> None:
    for width in (60, 100, 160):
        lines = render("--width", str(width)).splitlines()[1:]
        assert max(len(line) for line in lines) <= width


HOSTILE = '<script>alert("x")</script> & <b>bold</b> | pipe'


def hostile_copy(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    it = tmp_path / "content" / "it.yaml"
    text = it.read_text().replace(
        "summary: Developing and managing technology.", f"summary: '{HOSTILE}'"
    )
    it.write_text(
        text.replace("name: Information Technology", "name: IT <img src=x onerror=alert(1)>")
    )
    return tmp_path


@pytest.mark.parametrize(
    ("fmt", "shown"), [("html", "&lt;script&gt;"), ("markdown", "\\<script\\>")]
)
def test_content_is_escaped(tmp_path: Path, fmt: str, shown: str) -> None:
    output = render("--format", fmt, cwd=hostile_copy(tmp_path))
    assert not re.search(r"(?<!\\)<(script|img)", output)  # no tag a browser would obey
    assert shown in output


def test_markdown_cells_do_not_format(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    it = tmp_path / "content" / "it.yaml"
    it.write_text(
        it.read_text().replace(
            "summary: Developing and managing technology.",
            "summary: '*bold* `code` [link](http://x) a|b'",
        )
    )
    output = render("--format", "markdown", cwd=tmp_path)
    assert "\\*bold\\* \\`code\\` \\[link\\](http://x) a\\|b" in output


@pytest.mark.parametrize("fmt", ["html", "markdown", "csv", "json", "text"])
def test_direction_overrides_and_controls_are_shown_not_obeyed(tmp_path: Path, fmt: str) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    it = tmp_path / "content" / "it.yaml"
    hostile = '"IT \\u202e reversed \\e[31m"'
    text = it.read_text().replace("name: Information Technology", f"name: {hostile}")
    it.write_text(text.replace("short_name: IT", f"short_name: {hostile}"))
    output = render("--format", fmt, "--force", cwd=tmp_path)
    assert "\u202e" not in output and "\x1b" not in output
    assert "\\u202e" in output


def test_csv_defuses_formulas_in_names_too(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    it = tmp_path / "content" / "it.yaml"
    it.write_text(
        it.read_text().replace("short_name: IT", "short_name: '=HYPERLINK(\"http://x\")'")
    )
    header = next(csv.reader(io.StringIO(render("--format", "csv", "--force", cwd=tmp_path))))
    assert header[-1] == '\'=HYPERLINK("http://x")'


def test_output_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("render", "-o", str(tmp_path / "nope" / "x.txt"), cwd=PROJECT)
    assert result.exit_code == 2
    assert "cannot write" in result.output


def test_aspects_and_section_together_are_refused() -> None:
    result = run_cli("render", "--section", "benefits", "--aspects", "scope", cwd=PROJECT)
    assert result.exit_code == 2


def test_titles_in_lists_keep_their_case() -> None:
    row = json.loads(render("--format", "json", "--aspects", "careers,core_functions"))["rows"]
    assert (
        row[0]["cells"]["it"]["text"]
        == "Software Developer, Cybersecurity Specialist, IT Consultant"
    )
    assert row[1]["cells"]["bpo"]["text"] == "Payroll, Accounting, Customer service"


def test_list_items_keep_their_case(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    it = tmp_path / "content" / "it.yaml"
    text = it.read_text().replace(
        "  - AI development\n",
        "  - AI development\n  - Amazon Web Services\n  - McKinsey reports\n",
    )
    it.write_text(text)
    row = json.loads(render("--format", "json", "--aspects", "examples", cwd=tmp_path))["rows"][0]
    assert "Amazon Web Services, McKinsey reports" in row["cells"]["it"]["text"]


# Content sets of many sectors: `sectors/` holds eight (nested subsets, a sector with two
# parents, overlaps, support); `triangle/` three sectors that pairwise share a subset.
MANY = DATA / "render"
EIGHT = MANY / "sectors"
FIVE = "outsourcing,contact-center,it-services,kpo,shared-services"  # long names, short names
TABLE_WIDTHS = [40, 60, 80, 100]


def render_many(*args: str, folder: Path = EIGHT) -> str:
    return render(str(folder), *args, cwd=MANY)


def table_blocks(output: str) -> list[list[str]]:
    """The table's rows as printed: runs of `|` lines between the rules."""
    blocks: list[list[str]] = [[]]
    for line in output.splitlines():
        if line.startswith("|"):
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def unwrapped(block: list[str]) -> list[str]:
    """Each column of a printed row, its lines joined again with single spaces."""
    columns = [line.strip("|").split("|") for line in block]
    return [
        " ".join(part.strip() for part in parts if part.strip())
        for parts in zip(*columns, strict=True)
    ]


@pytest.mark.parametrize("width", TABLE_WIDTHS)
@pytest.mark.parametrize("sectors", [FIVE, "", "kpo"])
def test_terminal_table_never_exceeds_the_width(width: int, sectors: str) -> None:
    output = render_many("--width", str(width), *(["--sectors", sectors] if sectors else []))
    too_wide = [line for line in output.splitlines() if display_width(line) > width]
    assert too_wide == []


@pytest.mark.parametrize("width", TABLE_WIDTHS)
def test_terminal_table_breaks_lines_only_between_words(width: int) -> None:
    """Every cell, its lines joined with spaces, reads exactly as the content: no word was cut
    (none of these words is longer than a column), and every sector is shown once, in order,
    under its short name where it has one."""
    document = json.loads(render_many("--format", "json", "--sectors", FIVE))
    expected = {
        row["label"]: [cell["text"] for cell in row["cells"].values()] for row in document["rows"]
    }
    headers = [s["label"] for s in document["sectors"]]
    seen_headers: list[str] = []
    seen: dict[str, list[str]] = {}
    for block in table_blocks(render_many("--width", str(width), "--sectors", FIVE)):
        label, *cells = unwrapped(block)
        if label == "":
            seen_headers += cells
        else:
            seen.setdefault(label, []).extend(cells)
    assert seen_headers == headers == ["BPO", "Contact Center Outsourcing", "IT", "KPO", "SSC"]
    assert seen == expected


def test_five_sectors_at_80_columns_are_shown_a_few_at_a_time() -> None:
    output = render_many("--width", "80", "--sectors", FIVE)
    header_rows = [unwrapped(b) for b in table_blocks(output) if unwrapped(b)[0] == ""]
    assert [len(h) - 1 for h in header_rows] == [2, 3]  # as even as the widths allow


def test_terminal_key_spells_out_short_names() -> None:
    output = render_many("--width", "100", "--sectors", FIVE)
    key = " ".join(output[output.index("Key:") :].split())
    assert key == (
        "Key: BPO = Business Process Outsourcing; IT = Information Technology Services; "
        "KPO = Knowledge Process Outsourcing; SSC = Shared Services Centres."
    )


def test_a_word_longer_than_its_column_is_cut_and_only_then(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    it = tmp_path / "content" / "it.yaml"
    word = "https://example.com/a/very/long/address/that/cannot/fit"
    it.write_text(
        it.read_text().replace(
            "summary: Developing and managing technology.", f"summary: Developing {word} today."
        )
    )
    output = render("--width", "40", "--sectors", "it", "--aspects", "definition", cwd=tmp_path)
    lines = [line for line in output.splitlines() if line.startswith("|")]
    assert max(display_width(line) for line in lines) <= 40
    column = [line.strip("|").split("|")[1].strip() for line in lines[1:]]
    assert column[0] == "Developing"  # the long word starts a line of its own
    assert "".join(column[1:]) == f"{word} today."
    assert all(piece.endswith("/") for piece in column[1:-1])  # cut after a slash where one fits


def test_wide_characters_count_twice(tmp_path: Path) -> None:
    output = render_many("--width", "40", "--sectors", "kpo", "--aspects", "examples")
    line = next(line for line in output.splitlines() if "市場調査" in line)
    assert display_width(line) == 40 and len(line) == 36


def test_markdown_headers_use_short_names_and_a_key() -> None:
    output = render_many("--format", "markdown", "--sectors", FIVE)
    assert output.splitlines()[2] == (
        "| Aspect | BPO | Contact Center Outsourcing | IT | KPO | SSC |"
    )
    assert (
        "Key: BPO = Business Process Outsourcing; IT = Information Technology Services;" in output
    )


def test_mermaid_draws_each_relation_kind_one_way() -> None:
    """A subset is an edge for every pair alike, the second parent too; an overlap is one
    two-way link naming the shared ground; support a dotted arrow."""
    output = render_many("--format", "markdown")
    diagram = output[output.index("```mermaid") :]
    assert "subgraph" not in diagram
    ids = dict(re.findall(r'^  (s\d+)\["([^"]+)"\]$', diagram, re.MULTILINE))
    node = {name: key for key, name in ids.items()}
    assert len(ids) == 8
    technical, contact, it = (
        node["Technical Support"],
        node["Contact Center Outsourcing"],
        node["Information Technology Services"],
    )
    assert f"  {technical} -- subset of --> {contact}" in diagram
    assert f"  {technical} -- subset of --> {it}" in diagram
    assert diagram.count("<-->") == 3  # three overlaps, each declared by both sides
    assert diagram.count("-. supports .->") == 2


def test_json_lists_every_relation_among_many_sectors() -> None:
    document = json.loads(render_many("--format", "json"))
    assert len(document["sectors"]) == 8
    kinds = [r["kind"] for r in document["relations"]]
    assert (kinds.count("subset_of"), kinds.count("overlaps_with"), kinds.count("supports")) == (
        6, 6, 2,
    )  # fmt: skip


def random_relations(count: int, seed: int) -> Comparison:
    """`count` sectors, each a subset of up to two earlier ones, with overlaps and support."""
    rng = random.Random(seed)
    columns = tuple(Column(f"s{i}", f"Sector number {i}", f"S{i}", "") for i in range(count))
    links = [
        Link(f"s{i}", "subset_of", f"s{p}", None)
        for i in range(1, count)
        for p in rng.sample(range(i), min(i, rng.randint(0, 2)))
    ]
    for _ in range(count // 2):
        a, b = rng.sample(range(count), 2)
        links.append(Link(f"s{a}", "overlaps_with", f"s{b}", "shared ground"))
        links.append(Link(f"s{b}", "supports", f"s{a}", None, "tools"))
    return Comparison("Sector comparison", columns, (), tuple(links))


def boxes_meet(a: Sequence[float], b: Sequence[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(("count", "seed"), [(9, 0), (12, 1), (20, 2), (40, 3)])
def test_any_relation_graph_is_drawn_by_the_same_rules(count: int, seed: int) -> None:
    """Whatever the graph (here, random ones, cycles aside): every sector is drawn, inside each
    of its parents (a sector that cannot be is drawn once per parent); regions meet only where
    nested or sharing a subset; names and line labels never meet; every overlap and support is
    a line from one region's bottom edge to the other's."""
    comparison = random_relations(count, seed)
    drawn = layout(comparison)
    shapes = {r.index: (r.left, r.top, r.right, r.bottom) for r in drawn.regions}
    assert {r.sector for r in drawn.regions} == {c.id for c in comparison.columns}
    parents: dict[str, set[str]] = {c.id: set() for c in comparison.columns}
    for link in comparison.links:
        if link.kind == "subset_of":
            parents[link.source].add(link.target)
    around = {sector: ancestors(sector, parents) for sector in parents}
    drawings = {
        c.id: [shapes[r.index] for r in drawn.regions if r.sector == c.id]
        for c in comparison.columns
    }
    for sector, ups in parents.items():
        for parent in ups:
            assert any(inside(a, b) for a in drawings[sector] for b in drawings[parent])
    for n, a in enumerate(drawn.regions):
        for b in drawn.regions[n + 1 :]:
            if boxes_meet(shapes[a.index], shapes[b.index]):
                nested = a.sector in around[b.sector] or b.sector in around[a.sector]
                shared = any(a.sector in up and b.sector in up for up in around.values())
                assert nested or shared or a.sector == b.sector
    names = [
        (r.label_x, r.label_y, r.label_x + r.label_width, r.label_y + r.label_height)
        for r in drawn.regions
    ]
    labels = [
        (li.label_x - li.label_width / 2, li.y + 3, li.label_x + li.label_width / 2, li.y + 18)
        for li in drawn.lines
    ]
    boxes = names + labels
    assert not [(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1 :] if boxes_meet(a, b)]
    for line in drawn.lines:
        assert line.source.left < line.start_x < line.source.right
        assert line.target.left < line.end_x < line.target.right
        assert line.y > max(r.bottom for r in drawn.regions)
    kinds = [li.link.kind for li in drawn.lines]
    assert kinds.count("supports") == count // 2
    assert layout(comparison) == drawn  # the same graph, the same picture


def inside(inner: Sequence[float], outer: Sequence[float]) -> bool:
    """Whether box `inner` (left, top, right, bottom) lies strictly inside box `outer`."""
    return (
        outer[0] < inner[0] and inner[2] < outer[2] and outer[1] < inner[1] and inner[3] < outer[3]
    )


def ancestors(sector: str, parents: dict[str, set[str]]) -> set[str]:
    """Every sector `sector` lies inside, at any depth."""
    found: set[str] = set()
    stack = list(parents[sector])
    while stack:
        parent = stack.pop()
        if parent not in found:
            found.add(parent)
            stack.extend(parents[parent])
    return found


def test_no_two_line_legs_run_as_one_on_a_crowded_edge() -> None:
    """Nine sectors, found by an outside try: a support arrow's leg ran one pixel beside an
    overlap's, so the dashed line hid under the solid one."""
    page = render(str(DATA / "render" / "crowded"), "--format", "html")
    svg = page[page.index("<svg") : page.index("</svg>")]
    legs = sorted(
        (int(x), int(y))
        for x1, y1, x2, y2 in re.findall(r'<path d="M(\d+),(\d+) V\d+ H(\d+) V(\d+)"', svg)
        for x, y in ((x1, y1), (x2, y2))
    )
    assert len(legs) >= 8
    for (x, y), (next_x, next_y) in itertools.pairwise(legs):
        assert next_x - x >= 4 or y != next_y, (x, next_x)  # legs down from one edge
