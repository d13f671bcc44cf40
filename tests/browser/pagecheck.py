"""Open one page of the built book and record what a strict reader would object to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

# Console messages that are not faults of the page, each with its reason.
# Console messages that are not faults of the page, each with its reason. Keep it
# short: every entry hides a message from every page. (sphinx-thebe's duplicate
# THEBE_JS_URL declaration is fixed at its source by coproduction.book.sphinx_ext.)
CONSOLE_ALLOWLIST: list[re.Pattern[str]] = []

LOCAL_HOSTS = {"127.0.0.1"}

# Folders of the built book that hold no pages of its own: static files, page
# sources, images, and the in-browser JupyterLite app (tested in test_lite.py).
NOT_PAGES = {"_static", "_sources", "_images", "lite"}


def book_pages(built_html) -> list[str]:
    """The book's own HTML pages, relative to the built folder, sorted."""
    return sorted(
        p.relative_to(built_html).as_posix()
        for p in built_html.rglob("*.html")
        if not NOT_PAGES & set(p.relative_to(built_html).parts)
    )


@dataclass
class PageReport:
    url: str
    title: str = ""
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


def is_allowed(message: str) -> bool:
    return any(p.search(message) for p in CONSOLE_ALLOWLIST)


def open_page(context, url: str, settle_ms: int = 300):
    """Open ``url`` in a new tab; return (page, report) with the page still open."""
    report = PageReport(url=url)
    page = context.new_page()

    def route(route):
        host = urlsplit(route.request.url).hostname
        if host in LOCAL_HOSTS:
            route.continue_()
        else:
            report.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", route)

    def on_console(msg) -> None:
        if msg.type == "error" and not is_allowed(msg.text):
            report.console_errors.append(msg.text)

    def on_page_error(err) -> None:
        if not is_allowed(str(err)):
            report.console_errors.append(f"uncaught: {err}")

    def on_response(resp) -> None:
        if resp.status >= 400:
            report.failed_requests.append(f"{resp.status} {resp.url}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("response", on_response)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(settle_ms)
    report.title = page.title()
    report.ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
    report.ids |= set(page.eval_on_selector_all("a[name]", "els => els.map(e => e.name)"))
    report.links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    return page, report


def internal_target(link: str, base: str) -> tuple[str, str] | None:
    """Split a link on the book's own server into (path, fragment), else None."""
    if not link.startswith(base):
        return None
    url, fragment = urldefrag(link)
    path = url[len(base) :].split("?", 1)[0]
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path, fragment


def find_explorer(page, title: str):
    """The explorer section with this title, once its controls are drawn."""
    explorer = page.locator(f'section.cpx[aria-label="{title}"]')
    explorer.wait_for(state="visible", timeout=15000)
    # Its first state is in the page or arrives with its states file, which is
    # loaded once it comes into view.
    explorer.scroll_into_view_if_needed()
    explorer.locator(".cpx-view[data-state]").wait_for(state="attached", timeout=15000)
    return explorer


def wait_for_state(explorer, key: str) -> None:
    """Wait until the explorer shows the precomputed state with this key."""
    explorer.locator(f'.cpx-view[data-state="{key}"]').wait_for(state="attached", timeout=5000)
