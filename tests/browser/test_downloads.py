"""Self-learners can download each executed page as a notebook with its outputs."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from .pagecheck import open_page

pytestmark = pytest.mark.browser


def _executed_pages(built_html: Path) -> list[str]:
    executed = built_html.parent / "jupyter_execute"
    return sorted(
        p.relative_to(executed).with_suffix("").as_posix() for p in executed.rglob("*.ipynb")
    )


def test_every_executed_page_offers_its_executed_notebook(browser, server, built_html):
    pages = _executed_pages(built_html)
    assert "chapters/05-assemblage" in pages and "front/how-to-use" in pages
    for name in pages:
        page, _ = open_page(browser, server + f"{name}.html")
        try:
            link = page.locator("a[href$='.ipynb']:not([href*='lite/'])").first
            href = link.get_attribute("href")
            assert href and href.endswith(f"_sources/{name}.ipynb"), (name, href)
            response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + href)
            assert response.ok, (name, response.status)
            nb = nbformat.reads(response.text(), as_version=4)
            nbformat.validate(nb)
            code = [c for c in nb.cells if c.cell_type == "code"]
            assert code and any(c.outputs for c in code), f"{name}: no outputs in the download"
        finally:
            page.close()


def test_downloaded_chapter_keeps_its_explorer(built_html):
    nb = json.loads((built_html / "_sources" / "chapters" / "05-assemblage.ipynb").read_text())
    assert "widgets" in nb["metadata"], "widget state lets the explorer show in Jupyter too"
