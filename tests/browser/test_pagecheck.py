"""The page checker itself catches what the book's pages are tested for."""

from __future__ import annotations

import pytest

from .pagecheck import internal_target, is_allowed, open_page

pytestmark = pytest.mark.browser

BAD_PAGE = """<!doctype html><html><head><title></title></head><body>
<img src="http://example.invalid/tracker.png" alt="">
<a href="missing.html#nowhere">broken</a>
<script>console.error("something broke");</script>
<script src="not-there.js"></script>
</body></html>"""


def test_checker_reports_outside_requests_console_errors_and_404s(browser, tmp_path):
    from coproduction.book.browser import serve

    (tmp_path / "bad.html").write_text(BAD_PAGE)
    with serve(tmp_path) as base:
        page, report = open_page(browser, base + "bad.html")
        page.close()
    assert report.outside_requests == ["http://example.invalid/tracker.png"]
    assert "something broke" in report.console_errors
    assert any(r.endswith("/not-there.js") and r.startswith("404") for r in report.failed_requests)
    assert report.title == ""
    assert internal_target(base + "missing.html#nowhere", base) == ("missing.html", "nowhere")


def test_allowlist_is_narrow():
    assert not is_allowed("SyntaxError: Identifier 'THEBE_JS_URL' has already been declared")
    assert not is_allowed("Uncaught ReferenceError: require is not defined")
    assert not is_allowed("Failed to load resource: 404")
