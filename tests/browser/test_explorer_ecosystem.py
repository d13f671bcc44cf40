"""The service ecosystem explorer works in the built chapter page with no kernel."""

from __future__ import annotations

import pytest

from coproduction.widgets.ecosystem import TITLE

from .pagecheck import open_page
from .pagecheck import wait_for_state as _wait_for_state

pytestmark = pytest.mark.browser

PAGE = "chapters/06-service-ecosystems.html"


def test_ecosystem_explorer_switches_states_by_mouse_and_keyboard(browser, server):
    page, report = open_page(browser, server + PAGE)
    try:
        explorer = page.locator(f'section.cpx[aria-label="{TITLE}"]')
        explorer.wait_for(state="visible", timeout=15000)
        # Its first state is in the page or arrives with its states file, which is
        # loaded once it comes into view.
        explorer.scroll_into_view_if_needed()
        explorer.locator(".cpx-view[data-state]").wait_for(state="attached", timeout=15000)
        view = explorer.locator(".cpx-view")
        assert view.get_attribute("data-state") == "all|none"
        assert "Showing 9 of 9 interactions (all processes)" in view.inner_text()

        explorer.get_by_label("Co-governance", exact=True).check()
        _wait_for_state(explorer, "co-governance|none")
        text = view.inner_text()
        assert "Showing 3 of 9 interactions (co-governance)" in text
        assert "Stakeholder reference groups through which TSOs" in text
        assert "Service encounters between users" not in text
        assert "Illustrative: added by the book" in text
        svg = view.locator("svg[role='img']")
        assert "co-governance interactions only" in svg.get_attribute("aria-label")

        # Keyboard: from the checked "None" highlight, ArrowRight moves to the goals.
        explorer.get_by_label("None", exact=True).focus()
        page.keyboard.press("ArrowRight")
        _wait_for_state(explorer, "co-governance|goals")
        assert explorer.get_by_label("Goal congruence and tension", exact=True).is_checked()
        text = view.inner_text()
        assert "Congruent goals (3 pairs)" in text and "Goals in tension (5 pairs)" in text

        page.keyboard.press("ArrowRight")
        _wait_for_state(explorer, "co-governance|factors")
        assert "Legacy of UK system" in view.inner_text()

        assert not report.console_errors, report.console_errors
        assert not report.outside_requests, report.outside_requests
    finally:
        page.close()


def test_ecosystem_print_figure_has_alt_text(browser, server):
    page, report = open_page(browser, server + PAGE)
    try:
        figure = page.locator("figure.coproduction-figure svg[role='img']").last
        figure.wait_for(state="attached", timeout=15000)
        alt = figure.get_attribute("aria-label")
        assert alt.startswith("Service ecosystem of Scottish social security")
        assert "Congruent goals join" in alt and "Goals in tension join" in alt
        assert not report.console_errors, report.console_errors
    finally:
        page.close()
