"""The HTML page opened in a real headless Chromium (Debian's `chromium`), as a reader opens it.

`.ci/run` installs Chromium and sets SECTORLINT_REQUIRE_BROWSER=1, so there a missing browser is
a failure; elsewhere these tests are skipped without one.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT, run_cli
from tests.test_render import HOSTILE, hostile_copy

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
    assert headers == [
        "Aspect",
        "Business Process Outsourcing",
        "Call Center",
        "Information Technology",
    ]
    assert page.locator("table.comparison tbody tr").count() == 8
    # The picture: call center drawn inside BPO, IT overlapping BPO with ITES named in between.
    bpo = page.locator('svg g.sector[data-id="bpo"] rect').bounding_box()
    call = page.locator('svg g.sector[data-id="call-center"] rect').bounding_box()
    it = page.locator('svg g.sector[data-id="it"] rect').bounding_box()
    assert bpo["x"] < call["x"] and call["x"] + call["width"] < bpo["x"] + bpo["width"]
    assert bpo["y"] < call["y"] and call["y"] + call["height"] < bpo["y"] + bpo["height"]
    assert it["x"] < bpo["x"] + bpo["width"] < it["x"] + it["width"]  # they overlap
    label = page.locator("svg text.overlap").bounding_box()
    assert it["x"] <= label["x"] and label["x"] + label["width"] <= bpo["x"] + bpo["width"]
    assert "IT-enabled services" in page.locator("svg text.overlap").text_content()
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
