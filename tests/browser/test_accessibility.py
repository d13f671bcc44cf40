"""axe-core finds no serious or critical accessibility violations on any page.

axe-core is pinned in scripts/fetch_vendor.py (TEST_PINS) and injected from the
local copy in _vendor_tests/, so the scan works offline and never ships in the
book. Pages with widgets are scanned after their widgets have rendered.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .pagecheck import book_pages, open_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "_vendor_tests" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
RUN_AXE = """async () => {
  const r = await axe.run(document);
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run '.venv/bin/python scripts/fetch_vendor.py --tests'")
    return AXE.read_text(encoding="utf-8")


def _pages(built_html: Path) -> list[str]:
    return book_pages(built_html)


def _violations(browser, url: str, axe_source: str) -> list[dict]:
    page, _ = open_page(browser, url)
    try:
        if page.locator("div.cpw[data-cpw-view]").count():
            # Scan the rendered widgets, not the empty placeholders.
            page.wait_for_function(
                "[...document.querySelectorAll('div.cpw[data-cpw-view]')]"
                ".every(d => d.dataset.cpwReady)",
                timeout=15000,
            )
            page.wait_for_timeout(500)
        page.add_script_tag(content=axe_source)
        return [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
    finally:
        page.close()


def test_no_page_has_serious_or_critical_violations(browser, server, built_html, axe_source):
    found = {}
    for rel in _pages(built_html):
        bad = _violations(browser, server + rel, axe_source)
        if bad:
            found[rel] = bad
    assert not found, "axe violations:\n" + json.dumps(found, indent=1)


def test_the_scan_catches_a_violation(browser, tmp_path, axe_source):
    from coproduction.book.browser import serve

    (tmp_path / "bad.html").write_text(
        "<!doctype html><html lang='en'><head><title>x</title></head>"
        "<body><main><input type='text'><img src='data:,'></main></body></html>"
    )
    with serve(tmp_path) as base:
        ids = {v["id"] for v in _violations(browser, base + "bad.html", axe_source)}
    assert {"label", "image-alt"} <= ids


@pytest.mark.parametrize(
    "page_name",
    ["chapters/05-assemblage.html", "chapters/03-osborne-typologies.html", "front/how-to-use.html"],
)
def test_explorers_stay_legible_in_dark_mode(browser, server, axe_source, page_name):
    page, _ = open_page(browser, server + page_name)
    try:
        page.evaluate("localStorage.setItem('mode', 'dark')")
        page.reload()
        explorers = page.locator("section.cpx")
        explorers.first.wait_for(state="attached", timeout=15000)
        # Each explorer's figure is checked too: bring each into view so its states load.
        for i in range(explorers.count()):
            explorers.nth(i).scroll_into_view_if_needed()
            explorers.nth(i).locator(".cpx-view[data-state]").wait_for(timeout=15000)
        page.wait_for_timeout(500)
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        page.add_script_tag(content=axe_source)
        bad = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
        assert not bad, json.dumps(bad, indent=1)
    finally:
        page.evaluate("localStorage.setItem('mode', 'auto')")
        page.close()
