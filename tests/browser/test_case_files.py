"""The case-file appendix pages render each case's data as readable tables."""

from __future__ import annotations

import pytest

from coproduction.casefile import status_counts

from .pagecheck import open_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("page_name", "case_id"),
    [("case-ipoa", "ipoa"), ("case-scottish-social-security", "scottish-social-security")],
)
def test_case_file_shows_every_record_with_its_status_in_words(browser, server, page_name, case_id):
    page, report = open_page(browser, server + f"back/{page_name}.html")
    try:
        counts = status_counts(case_id)
        reported = sum(r for r, _ in counts.values())
        illustrative = sum(i for _, i in counts.values())
        # One status per record; an illustrative goal inside a reported actor's row
        # carries its own mark besides.
        shown = page.locator(".casefile-status:not(.casefile-goal-illustrative)")
        assert shown.count() == reported + illustrative
        goals = page.locator(".casefile-goal-illustrative").all_inner_texts()
        assert set(goals) <= {"illustrative"}
        labels = shown.all_inner_texts()
        assert labels.count("reported") == reported
        assert labels.count("illustrative") == illustrative
        # Each table is captioned and has column headers, for screen readers.
        tables = page.locator(".casefile-table table")
        assert tables.count() == sum(1 for r, i in counts.values() if r + i)
        assert page.locator(".casefile-table caption").count() == tables.count()
        assert page.locator(".casefile-table th[scope=col]").count() >= 3 * tables.count()
        assert not report.console_errors and not report.outside_requests
    finally:
        page.close()


def test_guide_to_adding_a_case_shows_the_checkers_report(browser, server):
    page, _ = open_page(browser, server + "back/adding-your-own-case.html")
    try:
        text = page.locator("main").inner_text()
        assert "3 problems found; nothing was loaded" in text
        assert "'parliament' is not an actor" in text
        assert "Housebound readers" in text  # the example case's own table
    finally:
        page.close()
