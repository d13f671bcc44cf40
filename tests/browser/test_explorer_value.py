"""The value explorer (chapter 4) switches states in the built page with no kernel."""

from __future__ import annotations

import pytest

from .pagecheck import open_page
from .pagecheck import wait_for_state as _wait_for_state

pytestmark = pytest.mark.browser

PAGE = "chapters/04-public-service-logic.html"
TITLE = "Value by stakeholder group: Scottish social security"


def test_value_explorer_switches_group_by_click_and_filter_by_keyboard(browser, server):
    page, report = open_page(browser, server + PAGE)
    try:
        explorer = page.locator(f'section.cpx[aria-label="{TITLE}"]')
        explorer.wait_for(state="visible", timeout=15000)
        # Its first state is in the page or arrives with its states file, which is
        # loaded once it comes into view.
        explorer.scroll_into_view_if_needed()
        explorer.locator(".cpx-view[data-state]").wait_for(state="attached", timeout=15000)
        view = explorer.locator(".cpx-view")
        _wait_for_state(explorer, "all|all")
        assert "All groups" in view.inner_text()

        explorer.get_by_label("Third sector organisations", exact=True).check()
        _wait_for_state(explorer, "third-sector-organisations|all")
        text = view.inner_text()
        assert "window dressing" in text and "value contested" in text
        svg_label = view.locator("svg[role=img]").get_attribute("aria-label")
        assert "Selected: Third sector organisations" in svg_label

        # keyboard: focus the "Show" group's first option and move right to "Intrinsic"
        explorer.get_by_label("All processes", exact=True).focus()
        page.keyboard.press("ArrowRight")
        _wait_for_state(explorer, "third-sector-organisations|intrinsic")
        assert "No views from Third sector organisations come through intrinsic" in (
            view.inner_text()
        )

        explorer.get_by_label("Service users", exact=True).check()
        _wait_for_state(explorer, "service-users|intrinsic")
        assert "through co-experience (intrinsic)" in view.inner_text()

        assert not report.outside_requests, report.outside_requests
        assert not report.console_errors, report.console_errors
    finally:
        page.close()
