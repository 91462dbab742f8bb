"""The HTML page opened in a real headless Chromium (Debian's `chromium`), as a reader opens it.

`.ci/run` installs Chromium and sets SECTORLINT_REQUIRE_BROWSER=1, so there a missing browser is
a failure; elsewhere these tests are skipped without one.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT, run_cli
from tests.test_render import (
    EIGHT,
    HOSTILE,
    MANY,
    ancestors,
    boxes_meet,
    hostile_copy,
    inside,
    render,
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HAVE_PLAYWRIGHT = importlib.util.find_spec("playwright") is not None
if os.environ.get("SECTORLINT_REQUIRE_BROWSER") != "1" and not (CHROMIUM and HAVE_PLAYWRIGHT):
    pytest.skip("no Chromium or Playwright on this machine", allow_module_level=True)

# The flags a sandboxed, offline machine needs (no background connections, no GPU, no sandbox).
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "Chromium is not installed (apt-get install chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


class Visit:
    """A page opened from disk, with everything it asked for and complained about."""

    def __init__(self, browser: Any, page_file: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on(
            "console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None
        )
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = page_file.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")


def render_page(tmp_path: Path, cwd: Path = PROJECT) -> Path:
    target = tmp_path / "comparison.html"
    result = run_cli("render", "--format", "html", "-o", str(target), cwd=cwd)
    assert result.exit_code == 0, result.output
    return target


def test_page_shows_the_table_and_the_picture(browser: Any, tmp_path: Path) -> None:
    visit = Visit(browser, render_page(tmp_path))
    page = visit.page
    headers = page.locator("table.comparison thead th").all_inner_texts()
    assert headers == ["Aspect", "BPO", "Call Center", "IT"]  # short names, spelled out on hover
    assert page.locator("table.comparison thead abbr").first.get_attribute("title") == (
        "Business Process Outsourcing"
    )
    assert page.locator("table.comparison tbody tr").count() == 8
    # The picture: call center drawn inside BPO; IT apart, joined to BPO by a line naming ITES.
    bpo = page.locator('svg g.sector[data-id="bpo"] rect').bounding_box()
    call = page.locator('svg g.sector[data-id="call-center"] rect').bounding_box()
    it = page.locator('svg g.sector[data-id="it"] rect').bounding_box()
    assert bpo["x"] < call["x"] and call["x"] + call["width"] < bpo["x"] + bpo["width"]
    assert bpo["y"] < call["y"] and call["y"] + call["height"] < bpo["y"] + bpo["height"]
    assert bpo["x"] + bpo["width"] < it["x"]  # an overlap is a line, not regions overlapping
    overlap = page.locator('svg g.link-label[data-kind="overlaps_with"]')
    assert overlap.text_content() == "IT-enabled services (ITES)"
    page.screenshot(path=str(tmp_path / "comparison.png"), full_page=True)
    assert (tmp_path / "comparison.png").stat().st_size > 10_000
    assert visit.console_errors == []
    assert visit.requests == [visit.url]  # nothing but the page itself was fetched


def test_script_in_content_shows_as_text(browser: Any, tmp_path: Path) -> None:
    visit = Visit(browser, render_page(tmp_path, cwd=hostile_copy(tmp_path)))
    page = visit.page
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0
    assert HOSTILE in page.locator("table.comparison").inner_text()
    label = page.locator('svg g.sector[data-id="it"] tspan').all_text_contents()
    assert " ".join(label) == "IT <img src=x onerror=alert(1)>"
    assert visit.dialogs == [] and visit.console_errors == []
    assert visit.requests == [visit.url]


# The pictures of 1 to 8 sectors and of harder relation graphs: (folder, sectors shown).
CASES = {
    "1 sector": (EIGHT, "outsourcing"),
    "2 sectors, a subset": (EIGHT, "outsourcing,contact-center"),
    "3 sectors, an overlap": (EIGHT, "outsourcing,contact-center,it-services"),
    "4 sectors, two parents": (EIGHT, "outsourcing,contact-center,it-services,tech-support"),
    "5 sectors": (EIGHT, "outsourcing,contact-center,it-services,tech-support,kpo"),
    "6 sectors, nested subsets": (
        EIGHT, "outsourcing,contact-center,it-services,tech-support,kpo,collections",
    ),
    "7 sectors, supports": (
        EIGHT, "outsourcing,contact-center,it-services,tech-support,kpo,collections,cloud",
    ),
    "8 sectors": (EIGHT, ""),
    "subsets without their parents": (EIGHT, "collections,tech-support,kpo,cloud,shared-services"),
    "three parents pairwise sharing a subset": (MANY / "triangle", ""),
}  # fmt: skip

GEOMETRY = """() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  const svg = document.querySelector("figure svg");
  const point = (p) => new DOMPoint(p.x, p.y).matrixTransform(svg.getScreenCTM());
  const sectors = [...svg.querySelectorAll("g.sector")].map((g) => ({
    id: g.dataset.id, copy: g.dataset.copy || null,
    shape: box(g.querySelector("rect")), label: box(g.querySelector("text")),
  }));
  const lines = [...svg.querySelectorAll("g.link")].map((g) => {
    const path = g.querySelector("path"), style = getComputedStyle(path);
    return {
      kind: g.dataset.kind, source: g.dataset.source, target: g.dataset.target,
      start: point(path.getPointAtLength(0)),
      end: point(path.getPointAtLength(path.getTotalLength())),
      look: [style.stroke, style.strokeDasharray, style.strokeWidth,
             path.getAttribute("marker-start"), path.getAttribute("marker-end")].join(" "),
    };
  });
  const labels = [...svg.querySelectorAll("g.link-label text")].map((t) => box(t));
  const legend = [...document.querySelectorAll("ul.legend li")].map((li) => li.textContent);
  return {sectors, lines, labels, legend};
}"""


def on_bottom_edge(point: dict[str, float], shape: list[float]) -> bool:
    return shape[0] < point["x"] < shape[2] and abs(point["y"] - shape[3]) < 2


@pytest.mark.parametrize("case", CASES)
def test_picture_draws_every_relation_kind_one_way(browser: Any, tmp_path: Path, case: str) -> None:
    folder, shown = CASES[case]
    choice = ["--sectors", shown] if shown else []
    document = json.loads(render(str(folder), "--format", "json", *choice, cwd=MANY))
    ids = [s["id"] for s in document["sectors"]]
    relations = [(r["source"], r["kind"], r["target"]) for r in document["relations"]]
    page_file = tmp_path / "picture.html"
    render(str(folder), "--format", "html", *choice, "-o", str(page_file), cwd=MANY)
    visit = Visit(browser, page_file)
    drawn = visit.page.evaluate(GEOMETRY)
    visit.page.locator("section.relations").screenshot(path=str(tmp_path / "picture.png"))
    assert_regions(drawn, ids, relations)
    assert_lines(drawn, relations)
    legend = [item.split(":")[0] for item in drawn["legend"]]
    assert legend[:3] == ["Subset of", "Overlaps with", "Supports"]
    assert (tmp_path / "picture.png").stat().st_size > 2_000
    assert visit.console_errors == [] and visit.requests == [visit.url]


def assert_regions(drawn: Any, ids: list[str], relations: list[tuple[str, str, str]]) -> None:
    """Every sector drawn, inside each of its parents; regions meet only where nested or where
    a subset of both lies; a name lies inside its own region and no region but those around it;
    no two labels meet."""
    sectors = drawn["sectors"]
    assert sorted({s["id"] for s in sectors}) == sorted(ids)
    parents = {i: {t for s, k, t in relations if s == i and k == "subset_of"} for i in ids}
    around = {i: ancestors(i, parents) for i in ids}
    shapes = {i: [s["shape"] for s in sectors if s["id"] == i] for i in ids}
    for child, parent in [(s, t) for s, k, t in relations if k == "subset_of"]:
        assert any(inside(c, p) for c in shapes[child] for p in shapes[parent]), (child, parent)
    for n, a in enumerate(sectors):
        for b in sectors[n + 1 :]:
            if boxes_meet(a["shape"], b["shape"]):
                nested = a["id"] in around[b["id"]] or b["id"] in around[a["id"]]
                shared = any(a["id"] in around[i] and b["id"] in around[i] for i in ids)
                assert nested or shared, f"{a['id']} and {b['id']} drawn meeting"
    for sector in sectors:
        holding = {o["id"] for o in sectors if inside(sector["label"], o["shape"])}
        assert sector["id"] in holding and holding <= {sector["id"], *around[sector["id"]]}
    labels = [s["label"] for s in sectors] + drawn["labels"]
    assert not [(a, b) for n, a in enumerate(labels) for b in labels[n + 1 :] if boxes_meet(a, b)]


def assert_lines(drawn: Any, relations: list[tuple[str, str, str]]) -> None:
    """One line per overlap and per support, none for a subset (that is containment), each
    from one region's bottom edge to the other's, all lines of a kind drawn alike and unlike
    the other kind."""
    lines = drawn["lines"]
    overlaps = {tuple(sorted((s, t))) for s, k, t in relations if k == "overlaps_with"}
    supports = sorted((s, t) for s, k, t in relations if k == "supports")
    pairs = {
        kind: [(li["source"], li["target"]) for li in lines if li["kind"] == kind] for kind in LOOKS
    }
    assert sorted(tuple(sorted(p)) for p in pairs["overlaps_with"]) == sorted(overlaps)
    assert sorted(pairs["supports"]) == supports
    assert {li["kind"] for li in lines} <= set(LOOKS)
    # A sector drawn more than once has its lines at its first drawing ("1 of 2").
    first = {
        s["id"]: s["shape"] for s in drawn["sectors"] if (s["copy"] or "1 of").startswith("1 of")
    }
    for line in lines:
        assert on_bottom_edge(line["start"], first[line["source"]])
        assert on_bottom_edge(line["end"], first[line["target"]])
    looks = {kind: {li["look"] for li in lines if li["kind"] == kind} for kind in LOOKS}
    assert all(len(look) <= 1 for look in looks.values())
    assert not looks["overlaps_with"] & looks["supports"]


LOOKS = ("overlaps_with", "supports")
