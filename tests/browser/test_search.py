"""The book's built-in search finds key terms, with no server behind it."""

from __future__ import annotations

import pytest

from .pagecheck import open_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("query", "expected_page"),
    [
        ("deterritorialisation", "chapters/05-assemblage.html"),
        ("co-governance", "chapters/06-service-ecosystems.html"),
        ("Arnstein", "chapters/01-public-administration.html"),
    ],
)
def test_search_finds_the_chapter_that_explains_a_term(browser, server, query, expected_page):
    page, report = open_page(browser, server + f"search.html?q={query}")
    try:
        results = page.locator("#search-results ul.search li a")
        results.first.wait_for(state="attached", timeout=15000)
        hrefs = results.evaluate_all("els => els.map(e => e.href)")
        assert any(expected_page in h for h in hrefs), hrefs[:10]
        assert not report.outside_requests
    finally:
        page.close()
