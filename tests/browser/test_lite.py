"""Run in the browser: a chapter opens in the book's own JupyterLite and all its
cells run on Pyodide in headless Chromium, with no request to any other host.

The in-browser part is built when ``make lite`` has fetched its inputs (CI does);
without them the book has no "Run in the browser" links and these tests skip,
except under CI, where a missing part is a failure.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .pagecheck import LOCAL_HOSTS

pytestmark = pytest.mark.browser

CHAPTER = "07-comparing-frameworks"
RUN_ALL_SECONDS = 420  # the stated limit: load Pyodide, install the package, run every cell


@pytest.fixture(scope="module")
def lite(built_html: Path, root: Path) -> Path:
    folder = built_html / "lite"
    if not (root / "_vendor_lite" / "READY.json").is_file():
        if os.environ.get("CI"):
            pytest.fail("CI builds the in-browser notebooks: run 'make lite' before 'make test'")
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


def test_a_chapter_runs_in_the_browser_offline(lite, browser, server):
    outside: list[str] = []

    def route(route):  # every tab, the service worker's fetches included
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    browser.route("**/*", route)
    try:
        chapter = browser.new_page()
        chapter.goto(f"{server}chapters/{CHAPTER}.html")
        link = chapter.get_by_role("link", name="Run in the browser")
        with browser.expect_page() as opened:
            link.click()  # the theme opens launch links in a new tab
        page = opened.value
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120000)
        start = time.monotonic()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
        limit = RUN_ALL_SECONDS * 1000
        # A number computed from the case data, printed by the chapter's code...
        counted = page.locator(".jp-OutputArea-output", has_text=re.compile(r"Assemblage: \d+ "))
        counted.first.wait_for(timeout=limit)
        # ...and the chapter's explorer, drawn by its widget in the notebook.
        page.locator(".jp-OutputArea-output section.cpx").first.wait_for(timeout=limit)
        # Every cell has run: none still waiting ("[*]"), and no error shown.
        page.wait_for_function(
            "() => ![...document.querySelectorAll('.jp-InputPrompt')]"
            ".some(p => p.textContent.includes('*'))",
            timeout=limit,
        )
        seconds = time.monotonic() - start
        shown = [
            t
            for t in page.locator(".jp-OutputArea-output").all_inner_texts()
            if "Traceback" in t or "Error" in t
        ]
        assert not shown, shown
        page.close()
        chapter.close()
    finally:
        browser.unroute("**/*", route)
    assert not outside, f"requests to other hosts: {sorted(set(outside))}"
    print(f"\n{CHAPTER}: every cell ran in the browser in {seconds:.0f} s")
