"""Every page of the built book works offline in a real Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from .pagecheck import book_pages, internal_target, open_page

pytestmark = pytest.mark.browser


def _pages(built_html: Path) -> list[str]:
    return book_pages(built_html)


@pytest.fixture(scope="module")
def reports(browser, server, built_html):
    """Visit every page once; the tests below read what was seen."""
    seen = {}
    for rel in _pages(built_html):
        page, report = open_page(browser, server + rel)
        page.close()
        seen[rel] = report
    return seen


def test_there_are_pages(reports):
    assert "intro.html" in reports and len(reports) >= 10


def test_no_page_requests_an_outside_host(reports):
    outside = {rel: r.outside_requests for rel, r in reports.items() if r.outside_requests}
    assert not outside, f"pages asked hosts other than 127.0.0.1: {outside}"


def test_no_console_errors(reports):
    errors = {rel: r.console_errors for rel, r in reports.items() if r.console_errors}
    assert not errors, f"console errors: {errors}"


def test_no_failed_requests(reports):
    failed = {rel: r.failed_requests for rel, r in reports.items() if r.failed_requests}
    assert not failed, f"requests to the book's own server failed: {failed}"


def test_every_page_has_a_title(reports):
    untitled = [rel for rel, r in reports.items() if not r.title.strip()]
    assert not untitled, f"pages with no <title>: {untitled}"


def test_internal_links_and_anchors_resolve(reports, server, built_html):
    broken = []
    for rel, report in reports.items():
        for link in report.links:
            target = internal_target(link, server)
            if target is None:
                continue
            path, fragment = target
            if not (built_html / path).is_file():
                broken.append(f"{rel} -> {path} (no such file)")
            elif fragment and path in reports and fragment not in reports[path].ids:
                broken.append(f"{rel} -> {path}#{fragment} (no such anchor)")
    assert not broken, "broken internal links:\n" + "\n".join(sorted(set(broken)))


def test_every_toc_page_is_reachable_from_the_navigation(root, reports, server):
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text())
    wanted = {f"{c['file']}.html" for part in toc["parts"] for c in part["chapters"]}
    linked = {
        t[0] for t in (internal_target(link, server) for link in reports["intro.html"].links) if t
    }
    assert wanted <= linked, f"pages not linked from the landing page: {wanted - linked}"
