"""Run in the browser: a chapter opens in the book's own JupyterLite and all its
cells run on Pyodide in headless Chromium, with no request to any other host.

The in-browser part is built when ``make lite`` has fetched its inputs; without
them the book has no "Run in the browser" links and these tests skip. CI does not
run ``make lite`` yet: the end-to-end run is not reliable there.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from .pagecheck import LOCAL_HOSTS, open_page

pytestmark = pytest.mark.browser

CHAPTER = "07-comparing-frameworks"
# What the chapter's last code cell shows: value_explorer(mine) on the example case.
LAST_OUTPUT = "Value by stakeholder group: Library at home"
RUN_ALL_SECONDS = 420  # the stated limit: load Pyodide, install the package, run every cell


@pytest.fixture(scope="module")
def lite(built_html: Path, root: Path) -> Path:
    folder = built_html / "lite"
    if not (root / "_vendor_lite" / "READY.json").is_file():
        pytest.skip("the in-browser notebooks are built by 'make lite' (not run here)")
    assert (folder / "notebooks" / "index.html").is_file(), "make lite did not write lite/"
    return folder


def test_every_chapter_links_to_its_notebook_in_the_browser(lite, built_html):
    chapters = sorted((built_html / "chapters").glob("*.html"))
    assert len(chapters) == 7
    for page in chapters:
        html = page.read_text(encoding="utf-8")
        link = re.search(r'href="([^"]*lite/notebooks/index\.html\?path=chapters/([^"]+))"', html)
        assert link, f"{page.name} has no 'Run in the browser' link"
        assert link.group(2) == page.stem + ".ipynb"
        assert (lite / "files" / "chapters" / link.group(2)).is_file()


def test_a_chapter_runs_in_the_browser_offline(lite, fresh_browser, server):
    browser = fresh_browser
    # The page aborts any request to another host (open_page routes them). Its Web
    # Workers, where Pyodide runs, must not be routed (interception stalls the
    # kernel), so their requests are watched instead: none may leave 127.0.0.1.
    outside: list[str] = []

    def watch(request):
        if urlsplit(request.url).hostname not in LOCAL_HOSTS:
            outside.append(request.url)

    browser.on("request", watch)
    try:
        page, report = open_page(browser, f"{server}chapters/{CHAPTER}.html")
        link = page.get_by_role("link", name="Run in the browser")
        page.goto(urljoin(page.url, link.get_attribute("href")))  # same tab, still routed
        page.bring_to_front()  # a background tab is throttled
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120000)
        start = time.monotonic()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
        limit = RUN_ALL_SECONDS * 1000
        # A number computed from the case data, printed by the chapter's code...
        counted = page.locator(".jp-OutputArea-output", has_text=re.compile(r"Assemblage: \d+ "))
        counted.first.wait_for(state="attached", timeout=limit)
        # ...and the chapter's explorers, drawn by their widget in the notebook.
        explorer = page.locator(".jp-OutputArea-output section.cpx").first
        explorer.wait_for(state="attached", timeout=limit)
        assert explorer.locator("input[type=radio]").count() >= 2
        # Every cell has run: the last one's explorer is there (a cell that fails
        # stops the cells queued after it), and no error is shown.
        last = page.locator(".jp-OutputArea-output section.cpx", has_text=LAST_OUTPUT)
        last.first.wait_for(state="attached", timeout=limit)
        seconds = time.monotonic() - start
        shown = [
            t
            for t in page.locator(".jp-OutputArea-output").all_inner_texts()
            if "Traceback" in t or "Error" in t
        ]
        assert not shown, shown
        page.close()
    finally:
        browser.remove_listener("request", watch)
    assert not report.outside_requests and not outside, report.outside_requests + outside
    print(f"\n{CHAPTER}: every cell ran in the browser in {seconds:.0f} s")
