"""The services continuum explorer (chapter 2) switches states in the built page, no kernel."""

from __future__ import annotations

import pytest

from .pagecheck import open_page
from .pagecheck import wait_for_state as _wait_state

pytestmark = pytest.mark.browser

PAGE = "chapters/02-services-management.html"
EXPLORER = 'section.cpx[aria-label="Services continuum explorer"]'


def test_continuum_explorer_by_mouse_and_keyboard(browser, server):
    page, report = open_page(browser, server + PAGE)
    try:
        explorer = page.locator(EXPLORER)
        explorer.wait_for(state="visible", timeout=15000)
        # Its first state is in the page or arrives with its states file, which is
        # loaded once it comes into view.
        explorer.scroll_into_view_if_needed()
        explorer.locator(".cpx-view[data-state]").wait_for(state="attached", timeout=15000)
        view = explorer.locator(".cpx-view")
        _wait_state(explorer, "residential-care")
        assert "High contact: 0.95" in view.inner_text()

        explorer.get_by_label("A disability benefit assessment (Scottish case)", exact=True).check()
        _wait_state(explorer, "benefits-assessment")
        text = view.inner_text()
        assert "Medium contact: 0.55" in text and "intrusive questioning" in text
        assert "Illustrative:" in text
        label = view.locator("svg[role=img]").get_attribute("aria-label")
        assert "Selected: A disability benefit assessment (Scottish case), at 0.55" in label

        # Keyboard: from the assessment, the next service down has less contact.
        explorer.get_by_label("A disability benefit assessment (Scottish case)", exact=True).focus()
        page.keyboard.press("ArrowRight")
        _wait_state(explorer, "council-contact-centre")
        assert "A telephone call to a council contact centre" in view.inner_text()

        explorer.get_by_label("Filing a tax return online", exact=True).check()
        _wait_state(explorer, "online-tax-return")
        text = view.inner_text()
        assert "Low contact: 0.08" in text and "Co-production: passive" in text

        assert not report.console_errors, report.console_errors
        assert not report.outside_requests, report.outside_requests
    finally:
        page.close()
