"""The chapter 5 assemblage explorer switches states in the built page, with no kernel."""

from __future__ import annotations

import pytest

from .pagecheck import open_page
from .pagecheck import wait_for_state as _wait_state

pytestmark = pytest.mark.browser

PAGE = "chapters/05-assemblage.html"
EXPLORER = 'section.cpx[aria-label="Assemblage over time: IPoA"]'
LINKS = "Show illustrative links (the paper draws none)"


def _explorer(page):
    explorer = page.locator(EXPLORER)
    explorer.wait_for(state="visible", timeout=15000)
    # Its first state is in the page or arrives with its states file, which is
    # loaded once it comes into view.
    explorer.scroll_into_view_if_needed()
    explorer.locator(".cpx-view[data-state]").wait_for(state="attached", timeout=15000)
    return explorer


def test_phase_radio_and_links_checkbox_switch_states(browser, server):
    page, report = open_page(browser, server + PAGE)
    try:
        explorer = _explorer(page)
        view = explorer.locator(".cpx-view")
        assert view.get_attribute("data-state") == "scoping|off"
        text = view.inner_text()
        assert "Phase 1 of 5: Scoping the vision and business plan" in text
        assert "No links are drawn, as in the paper" in text
        # The caution is always visible, in the view and as the caption.
        assert "not a model" in explorer.locator(".cpx-caption").inner_text()
        assert view.locator("svg[aria-label*='phase 1 of 5']").count() == 1

        # Mouse: choose the consultation phase by its label.
        explorer.get_by_label("Agreeing a model and consulting the public", exact=True).check()
        _wait_state(explorer, "consultation|off")
        text = view.inner_text()
        assert "Became actual (left the thought bubble)" in text
        assert "Service users" in text and "The IPoA business plan" in text
        assert view.locator("svg[aria-label*='phase 4 of 5']").count() == 1

        # Keyboard: the next phase with the arrow key ...
        explorer.get_by_label("Agreeing a model and consulting the public", exact=True).focus()
        page.keyboard.press("ArrowRight")
        _wait_state(explorer, "service-in-use|off")
        assert "This phase is illustrative" in view.inner_text()

        # ... and the illustrative links with Space.
        explorer.get_by_label(LINKS, exact=True).focus()
        page.keyboard.press("Space")
        _wait_state(explorer, "service-in-use|on")
        text = view.inner_text()
        assert "Illustrative links shown (dashed)" in text
        assert "a teaching prompt, not a finding" in text
        assert explorer.get_by_label(LINKS, exact=True).is_checked()

        assert not report.console_errors, report.console_errors
        assert not report.outside_requests, report.outside_requests
    finally:
        page.close()
