"""The chapter 1 ladder explorer switches states in the built page, with no kernel."""

from __future__ import annotations

import pytest

from .pagecheck import open_page
from .pagecheck import wait_for_state as _wait_state

pytestmark = pytest.mark.browser

PAGE = "chapters/01-public-administration.html"
LADDER = 'section.cpx[aria-label="Ladder of citizen participation explorer"]'


def test_ladder_explorer_by_mouse_and_keyboard(browser, server):
    page, report = open_page(browser, server + PAGE)
    try:
        explorer = page.locator(LADDER)
        explorer.wait_for(state="visible", timeout=15000)
        # Its first state is in the page or arrives with its states file, which is
        # loaded once it comes into view.
        explorer.scroll_into_view_if_needed()
        explorer.locator(".cpx-view[data-state]").wait_for(state="attached", timeout=15000)
        view = explorer.locator(".cpx-view")
        assert view.get_attribute("data-state") == "engagement-event-decision-made"
        assert "1 of 8: Manipulation" in view.inner_text()

        explorer.get_by_label("Scotland: the consultation on the 2018 Act", exact=True).check()
        _wait_state(explorer, "scottish-act-consultation")
        text = view.inner_text()
        assert "4 of 8: Consultation" in text and "Tokenism" in text
        assert "To reach rung 5, placation" in text
        assert "Illustrative: this placement is the book's judgement." in text
        label = view.locator("svg[role=img]").get_attribute("aria-label")
        assert "An arrow marks Scotland: the consultation on the 2018 Act on rung 4" in label

        panels = explorer.get_by_label("Scotland: the experience panels", exact=True)
        panels.check()
        _wait_state(explorer, "scottish-experience-panels")
        panels.focus()
        page.keyboard.press("ArrowRight")
        _wait_state(explorer, "scottish-stakeholder-reference-groups")
        assert "5 of 8: Placation" in view.inner_text()

        assert not report.console_errors, report.console_errors
        assert not report.outside_requests, report.outside_requests
    finally:
        page.close()
