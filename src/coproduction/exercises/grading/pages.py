"""The grader's HTML pages (students' feedback, marking guides, the item analysis):
one skeleton and one escape, so that every page is self-contained, declares its
language and shows a student's or a lecturer's text only as text."""

from __future__ import annotations

import html
from typing import Any

__all__ = ["esc", "page"]


def esc(text: Any) -> str:
    """Text for HTML: ``<script>`` in an answer is shown, never run.

    >>> esc("<b>&'")
    '&lt;b&gt;&amp;&#x27;'
    """
    return html.escape(str(text), quote=True)


def page(title: str, css: str, body: str) -> str:
    """A whole page: English, UTF-8, readable on a phone, its style inline and nothing
    loaded from outside; ``body`` (ending in a new line) goes inside ``<main>``."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n<main>\n"
        f"{body}</main>\n</body>\n</html>\n"
    )
