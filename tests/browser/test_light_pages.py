"""Pages with widgets load light: the book's own widget host, states fetched lazily,
no widget manager, readable explorer figures on a phone, and pages that work from disk."""

from __future__ import annotations

import re

import pytest

from .pagecheck import book_pages, open_page

pytestmark = pytest.mark.browser

CHAPTER = "chapters/05-assemblage.html"
EXPLORER = 'section.cpx[aria-label="Assemblage over time: IPoA"]'
DEMO = 'section.cpx[aria-label="Modes of co-production (demonstration)"]'
MANAGER = re.compile(r"require\.js|embed-amd\.js|widget-state\+json|html-manager")
HTML_LIMIT = 250 * 1024
# Files the theme writes into every page that these pages do not need.
UNUSED = ("scripts/fontawesome.js", "searchindex.js")


def _widget_pages(built_html) -> list[str]:
    return [
        rel
        for rel in book_pages(built_html)
        if "data-cpw-view" in (built_html / rel).read_text(encoding="utf-8")
    ]


def test_widget_pages_use_the_book_host_and_stay_small(built_html):
    pages = _widget_pages(built_html)
    # Every chapter, every exercises page and the demo on "How to use this book".
    assert sum(p.startswith("chapters/") for p in pages) == 7, pages
    assert sum(p.startswith("exercises/") for p in pages) == 7, pages
    assert "front/how-to-use.html" in pages
    too_big, manager = [], []
    for rel in pages:
        text = (built_html / rel).read_text(encoding="utf-8")
        if MANAGER.search(text):
            manager.append(rel)
        if len(text.encode()) > HTML_LIMIT:
            too_big.append(f"{rel}: {len(text.encode()) // 1024} KB")
        assert "widget-host.js" in text, rel
    assert not manager, f"pages still loading the ipywidgets manager: {manager}"
    assert not too_big, f"pages over {HTML_LIMIT // 1024} KB: {too_big}"


def test_no_page_loads_the_unused_theme_scripts(built_html):
    for rel in book_pages(built_html):
        text = (built_html / rel).read_text(encoding="utf-8")
        assert "fontawesome.js" not in text, rel
        if rel != "search.html":
            assert "searchindex.js" not in text, rel
    assert "searchindex.js" in (built_html / "search.html").read_text(encoding="utf-8")


def _requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    return seen


def test_explorer_states_are_fetched_when_the_explorer_comes_into_view(browser, server):
    page = browser.new_page()
    page.set_viewport_size({"width": 1200, "height": 600})
    try:
        seen = _requests(page)
        page.goto(server + CHAPTER, wait_until="load")
        explorer = page.locator(EXPLORER)
        explorer.wait_for(state="attached", timeout=15000)
        host = page.locator(f"div.cpw:has({EXPLORER})")
        page.wait_for_timeout(500)
        # Far below the first screen: controls are drawn, its states not fetched.
        assert explorer.locator("input").count() > 0
        assert host.get_attribute("data-cpw-states") is None
        assert not any("/_static/cpw/z-" in u or "/_static/cpw/s-" in u for u in seen), seen
        assert not any(MANAGER.search(u) for u in seen), seen
        assert not any(u.endswith(UNUSED) or any(x in u for x in UNUSED) for u in seen), seen

        explorer.scroll_into_view_if_needed()
        page.locator(f'div.cpw[data-cpw-states="loaded"]:has({EXPLORER})').wait_for(
            state="attached", timeout=15000
        )
        # The compressed copy (this browser can inflate it), exactly once.
        fetched = [u for u in seen if "/_static/cpw/" in u and re.search(r"/[sz]-", u)]
        assert len(fetched) == 1 and "/z-" in fetched[0], fetched
        explorer.get_by_label("Agreeing a model and consulting the public", exact=True).check()
        explorer.locator('.cpx-view[data-state="consultation|off"]').wait_for(
            state="attached", timeout=5000
        )
        assert "phase 4 of 5" in explorer.locator(".cpx-view svg").get_attribute("aria-label")
    finally:
        page.close()


def test_plain_states_serve_a_browser_that_cannot_inflate(browser, server):
    page = browser.new_page()
    try:
        page.add_init_script("delete window.DecompressionStream;")
        seen = _requests(page)
        page.goto(server + CHAPTER, wait_until="load")
        explorer = page.locator(EXPLORER)
        explorer.scroll_into_view_if_needed(timeout=15000)
        explorer.get_by_label("Gateway Review at the end of phase one", exact=True).check()
        explorer.locator('.cpx-view[data-state="gateway-review|off"]').wait_for(
            state="attached", timeout=15000
        )
        fetched = [u for u in seen if "/_static/cpw/" in u and re.search(r"/[sz]-", u)]
        assert fetched and all("/s-" in u for u in fetched), fetched
    finally:
        page.close()


def test_demo_explorer_steps_through_three_modes_by_keyboard(browser, server):
    page, report = open_page(browser, server + "front/how-to-use.html")
    try:
        demo = page.locator(DEMO)
        demo.wait_for(state="visible", timeout=15000)
        view = demo.locator(".cpx-view")
        assert view.locator("h4").inner_text() == "Consumer co-production"
        demo.get_by_label("Consumer co-production", exact=True).focus()
        page.keyboard.press("ArrowRight")
        demo.locator('.cpx-view[data-state="participative"]').wait_for(timeout=5000)
        assert view.locator("h4").inner_text() == "Participative co-production"
        demo.get_by_label("Enhanced co-production", exact=True).click()
        demo.locator('.cpx-view[data-state="enhanced"]').wait_for(timeout=5000)
        assert view.locator("h4").inner_text() == "Enhanced co-production"
        assert not report.console_errors, report.console_errors
        assert not report.outside_requests, report.outside_requests
    finally:
        page.close()


def test_explorer_figure_is_readable_on_a_phone(browser, server, tmp_path):
    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(server + CHAPTER, wait_until="load")
        explorer = page.locator(EXPLORER)
        explorer.scroll_into_view_if_needed(timeout=15000)
        explorer.locator(".cpx-view[data-state] svg").wait_for(timeout=15000)
        figure = explorer.locator(".cpx-view figure").first
        figure.scroll_into_view_if_needed()
        sizes = figure.evaluate(
            """f => ({svg: f.querySelector('svg').getBoundingClientRect().width,
                     natural: f.querySelector('svg').viewBox.baseVal.width * 4 / 3,
                     scroll: f.scrollWidth, client: f.clientWidth,
                     page: document.documentElement.scrollWidth})"""
        )
        # Drawn at no less than 80 % of its natural size (pt to px), where shrinking
        # it to the screen's width would leave under half: its text stays readable.
        assert sizes["svg"] >= 0.8 * min(sizes["natural"], 800), sizes
        assert sizes["client"] < sizes["scroll"], sizes
        # The figure scrolls in its own box; the page itself does not scroll sideways.
        assert sizes["page"] <= 390, sizes
        assert figure.get_attribute("tabindex") == "0"
        assert figure.get_attribute("aria-label")
        figure.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("f => f.scrollLeft > 0", arg=figure.element_handle())
        shot = tmp_path / "explorer-390.png"
        explorer.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        page.close()


def test_chapter_works_opened_from_disk(browser, built_html):
    """file:// pages: every book file loads by <script> tag, which a browser allows."""
    page = browser.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file:", "blob:", "data:")) else outside.append(r.url),
    )
    try:
        page.goto((built_html / CHAPTER).as_uri(), wait_until="load")
        explorer = page.locator(EXPLORER)
        explorer.scroll_into_view_if_needed(timeout=15000)
        explorer.get_by_label("Agreeing a model and consulting the public", exact=True).check()
        explorer.locator('.cpx-view[data-state="consultation|off"]').wait_for(
            state="attached", timeout=15000
        )
        assert not errors, errors
        assert not outside, outside
    finally:
        page.close()


ICON_GLYPHS = """
() => {
  const found = new Set();
  const els = [...document.querySelectorAll('body *')];
  for (const el of els) {
    for (const pseudo of ['::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      if (!/Font Awesome 6 Free/.test(style.fontFamily) || style.fontWeight !== '900') continue;
      for (const ch of style.content.replace(/^"|"$/g, '')) {
        const cp = ch.codePointAt(0);
        if (cp >= 0xe000 && cp <= 0xf8ff) found.add(cp);
      }
    }
  }
  return [...found];
}
"""


@pytest.mark.parametrize("rel", ["intro.html", CHAPTER, "search.html", "back/glossary.html"])
def test_every_icon_shown_is_in_the_books_cut_icon_font(browser, server, built_html, rel):
    from fontTools.ttLib import TTFont

    cmap = TTFont(built_html / "_static" / "cpw" / "fa-solid-900-subset.woff").getBestCmap()
    page = browser.new_page()
    try:
        seen = _requests(page)
        page.goto(server + rel, wait_until="load")
        page.wait_for_timeout(300)
        shown = page.evaluate(ICON_GLYPHS)
        # The theme's icons are drawn from the font (its icon script is left out).
        assert shown, "no icon found on the page: has the theme changed how it draws them?"
        missing = sorted(hex(cp) for cp in shown if cp not in cmap)
        assert not missing, f"icons on {rel} missing from the cut font: {missing}"
        assert not any("fa-solid-900.woff2" in u or "fa-solid-900.ttf" in u for u in seen), seen
    finally:
        page.close()
