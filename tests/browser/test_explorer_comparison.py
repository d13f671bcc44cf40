"""The comparison explorer (chapter 7) switches states in the built page with no kernel."""

from __future__ import annotations

import pytest

from .pagecheck import open_page
from .pagecheck import wait_for_state as _wait_for_state

pytestmark = pytest.mark.browser

PAGE = "chapters/07-comparing-frameworks.html"
TITLE = "Comparing the frameworks"


def test_comparison_explorer_switches_question_by_click_and_case_by_keyboard(browser, server):
    page, report = open_page(browser, server + PAGE)
    try:
        explorer = page.locator(f'section.cpx[aria-label="{TITLE}"]')
        explorer.wait_for(state="visible", timeout=15000)
        # Its first state is in the page or arrives with its states file, which is
        # loaded once it comes into view.
        explorer.scroll_into_view_if_needed()
        explorer.locator(".cpx-view[data-state]").wait_for(state="attached", timeout=15000)
        view = explorer.locator(".cpx-view")
        _wait_for_state(explorer, "question|none")
        table = view.locator("table")
        assert table.locator("caption").inner_text() == "What question was it built to answer?"
        assert table.locator('th[scope="row"]').count() == 7

        # click: the main control picks the question asked of every framework
        explorer.get_by_label("Who creates value", exact=True).check()
        _wait_for_state(explorer, "creator|none")
        text = view.inner_text()
        assert "not vice versa" in text and "No single element" in text
        assert "How does it read" not in text

        # keyboard: from "No case", ArrowRight moves to the IPoA and adds its column
        explorer.get_by_label("No case", exact=True).focus()
        page.keyboard.press("ArrowRight")
        _wait_for_state(explorer, "creator|ipoa")
        text = view.inner_text()
        assert "How does it read the IPoA?" in text and "thought bubble" in text
        assert "Illustrative" in text  # the book's readings say so in words
        assert view.locator('th[scope="col"]').count() == 3

        explorer.get_by_label("What it cannot explain", exact=True).check()
        _wait_for_state(explorer, "misses|ipoa")
        assert "What can it not explain?" in view.inner_text()

        assert not report.outside_requests, report.outside_requests
        assert not report.console_errors, report.console_errors
    finally:
        page.close()
