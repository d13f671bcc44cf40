"""The student edition in a real Chromium: no lecturer notes to open, nothing broken."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coproduction.book.browser import serve
from tests.editions import student_edition_html

from .pagecheck import internal_target, open_page

pytestmark = pytest.mark.browser

# The chapter pages hold the notes; the others had sentences for lecturers cut.
PAGES = [
    "chapters/01-public-administration.html",
    "chapters/05-assemblage.html",
    "intro.html",
    "front/how-to-use.html",
    "front/learning-map.html",
]


@pytest.fixture(scope="module")
def student_server(root) -> Iterator[str]:
    """Serve the student edition on 127.0.0.1 (the book's own server serves the
    complete book); yields its base URL."""
    with serve(student_edition_html(root)) as base:
        yield base


@pytest.mark.parametrize("rel", PAGES)
def test_student_page_loads_cleanly_and_its_links_resolve(browser, student_server, rel):
    page, report = open_page(browser, student_server + rel)
    try:
        assert not report.console_errors, f"{rel}: console errors {report.console_errors}"
        assert not report.outside_requests, f"{rel}: outside requests {report.outside_requests}"
        assert not report.failed_requests, f"{rel}: failed requests {report.failed_requests}"
        broken = []
        for link in sorted(set(report.links)):
            target = internal_target(link, student_server)
            if target is None:
                continue
            response = page.request.get(student_server + target[0])
            if not response.ok:
                broken.append(f"{link} ({response.status})")
        assert not broken, f"{rel}: links to pages the student edition lacks: {broken}"
    finally:
        page.close()


def test_chapter_shows_its_seminar_questions_without_notes(browser, student_server):
    page, _ = open_page(browser, student_server + "chapters/01-public-administration.html")
    try:
        heading = page.get_by_role("heading", name="Discussion questions for seminars")
        assert heading.is_visible()
        summaries = page.locator("details summary").all_inner_texts()
        assert not [s for s in summaries if "What a good answer covers" in s], summaries
        assert page.locator(".instructor-only").count() == 0
        assert "What a good answer covers" not in page.locator("main").inner_text()
        # The questions themselves are still there, numbered as in the complete book.
        questions = page.locator("section#discussion-questions-for-seminars ol > li")
        assert questions.count() == 5
    finally:
        page.close()
