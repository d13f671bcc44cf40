"""The chapter 3 explorers switch states in the built page, with no kernel."""

from __future__ import annotations

import pytest

from .pagecheck import open_page
from .pagecheck import wait_for_state as _wait_state

pytestmark = pytest.mark.browser

PAGE = "chapters/03-osborne-typologies.html"
MODES = 'section.cpx[aria-label="Modes of co-production explorer"]'
MATRIX = 'section.cpx[aria-label="Co-production matrix explorer"]'


def _explorer(page, selector: str):
    explorer = page.locator(selector)
    explorer.wait_for(state="visible", timeout=15000)
    # Its first state is in the page or arrives with its states file, which is
    # loaded once it comes into view.
    explorer.scroll_into_view_if_needed()
    explorer.locator(".cpx-view[data-state]").wait_for(state="attached", timeout=15000)
    return explorer


def test_modes_explorer_by_mouse_and_keyboard(browser, server):
    page, report = open_page(browser, server + PAGE)
    try:
        explorer = _explorer(page, MODES)
        view = explorer.locator(".cpx-view")
        assert view.get_attribute("data-state") == "residential-home"
        assert "Consumer co-production" in view.inner_text()

        explorer.get_by_label("Disabled adults creating alternatives to residential care").check()
        _wait_state(explorer, "disability-alternatives")
        text = view.inner_text()
        assert "Enhanced co-production" in text and "user-led innovation" in text
        svg = view.locator("svg[role=img]")
        assert "Highlighted: enhanced co-production" in svg.get_attribute("aria-label")

        first = explorer.get_by_label("Residents of a residential care home")
        first.check()
        _wait_state(explorer, "residential-home")
        first.focus()
        page.keyboard.press("ArrowRight")
        _wait_state(explorer, "adult-mental-health")
        assert "An adult in the mental health system" in view.inner_text()

        assert not report.console_errors, report.console_errors
        assert not report.outside_requests, report.outside_requests
    finally:
        page.close()


def test_matrix_explorer_scenario_overrides_and_ipoa_lights_no_cell(browser, server):
    page, report = open_page(browser, server + PAGE)
    try:
        explorer = _explorer(page, MATRIX)
        view = explorer.locator(".cpx-view")
        assert view.get_attribute("data-state") == "involuntary|individual-service|none"

        explorer.get_by_label("IPoA Gateway Review (users not yet involved)").check()
        _wait_state(explorer, "involuntary|individual-service|ipoa-no-users-yet")
        text = view.inner_text()
        assert "This scenario fits no cell" in text and "set aside" in text
        label = view.locator("svg[role=img]").get_attribute("aria-label")
        assert "No cell is highlighted" in label

        explorer.get_by_label("none: use the dimensions").check()
        explorer.get_by_label("Voluntary", exact=True).check()
        _wait_state(explorer, "voluntary|individual-service|none")
        assert "quadrant III: Co-management" in view.inner_text()

        explorer.get_by_label("Individual service", exact=True).focus()
        page.keyboard.press("ArrowRight")
        _wait_state(explorer, "voluntary|service-system|none")
        assert "quadrant IV: Co-design and Co-innovation" in view.inner_text()

        assert not report.console_errors, report.console_errors
        assert not report.outside_requests, report.outside_requests
    finally:
        page.close()
