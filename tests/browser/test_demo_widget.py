"""The demo explorer control responds in the built page with no kernel."""

from __future__ import annotations

import pytest

from .pagecheck import open_page

pytestmark = pytest.mark.browser

HEADING = ".coproduction-stepper .coproduction-panel h4"


def _wait_for_heading(page, text: str) -> None:
    page.locator(HEADING, has_text=text).wait_for(state="visible", timeout=5000)
    assert page.locator(HEADING).inner_text() == text


def test_slider_steps_through_precomputed_states_by_keyboard(browser, server):
    page, report = open_page(browser, server + "front/how-to-use.html")
    try:
        handle = page.locator(".coproduction-stepper .noUi-handle")
        handle.wait_for(state="visible", timeout=15000)
        _wait_for_heading(page, "Consumer co-production")
        # Named after the slider's visible label (book_static/widgets-local.js).
        assert handle.get_attribute("aria-label") == "Mode of co-production"

        handle.focus()
        page.keyboard.press("ArrowRight")
        _wait_for_heading(page, "Participative co-production")

        page.keyboard.press("End")
        _wait_for_heading(page, "Enhanced co-production")

        page.keyboard.press("Home")
        _wait_for_heading(page, "Consumer co-production")
        assert not report.outside_requests, report.outside_requests
        assert not report.console_errors, report.console_errors
    finally:
        page.close()


def test_slider_responds_to_a_mouse_click(browser, server):
    page, _ = open_page(browser, server + "front/how-to-use.html")
    try:
        track = page.locator(".coproduction-stepper .noUi-target")
        track.wait_for(state="visible", timeout=15000)
        track.scroll_into_view_if_needed()
        box = track.bounding_box()
        page.mouse.click(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
        _wait_for_heading(page, "Enhanced co-production")
    finally:
        page.close()
