"""Serve the built book on 127.0.0.1 and drive Debian's Chromium with Playwright.

Playwright comes from PyPI but never downloads a browser (``playwright install``
cannot work offline); it drives the system Chromium instead.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from coproduction.book.browser import CHROMIUM_FLAGS, find_chromium, serve


def chromium_path() -> str:
    found = find_chromium()
    if found is None:
        pytest.fail(
            "Debian's Chromium is needed for the browser tests: "
            "run 'sudo apt-get install chromium' (or set CHROMIUM to its path)"
        )
    return found


@pytest.fixture(scope="session")
def server(built_html: Path) -> Iterator[str]:
    """Serve the built book; yields its base URL on 127.0.0.1."""
    with serve(built_html) as base:
        yield base


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@contextmanager
def _chromium(pw) -> Iterator:
    """Debian's Chromium with a new, empty profile, closed afterwards."""
    with tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="session")
def browser(playwright):
    """One Chromium for the session's page tests."""
    with _chromium(playwright) as context:
        yield context


@pytest.fixture
def fresh_browser(playwright):
    """A Chromium of its own, for a test that must not share state with the others
    (the in-browser notebooks: a service worker, storage, a long-running kernel)."""
    with _chromium(playwright) as context:
        yield context
