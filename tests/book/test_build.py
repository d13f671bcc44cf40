"""The book builds with warnings as errors and every notebook executes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.book

WARNING = re.compile(r"(WARNING|ERROR|CRITICAL)[:\]]", re.MULTILINE)


def test_book_builds_with_warnings_as_errors(book_build):
    problems = [line for line in book_build.log.splitlines() if WARNING.search(line)]
    assert book_build.returncode == 0 and not problems, (
        "jupyter-book build -W -n --keep-going failed:\n"
        + "\n".join(problems or book_build.log.splitlines()[-40:])
    )


def test_sphinx_executes_no_notebook_and_every_page_has_a_cached_result(book_build, root):
    # The notebooks ran in parallel before Sphinx (or in an earlier build). Had the
    # cache key differed from the one myst-nb asks for, Sphinx would execute them
    # again, one by one. This holds whether Sphinx re-read every page or none.
    from jupyter_cache import get_cache

    from coproduction.book.build import CACHE, _read, notebooks

    assert "pre-execute:" in book_build.log
    assert "Executing notebook" not in book_build.log
    assert "Executed notebook" not in book_build.log
    cache = get_cache(str(root / CACHE))
    pages = notebooks(root)
    assert len(pages) >= 18
    missing = []
    for page in pages:
        try:
            cache.match_cache_notebook(_read(page))
        except KeyError:
            missing.append(str(page.relative_to(root)))
    assert not missing, f"pages with no cached result for their current code: {missing}"


def test_no_cell_raised_an_error(built_html: Path):
    # With allow_errors false a failing cell already fails the build; this also
    # catches tracebacks that a cell printed to its output instead of raising.
    for page in built_html.rglob("*.html"):
        if "_static" in page.parts or "lite" in page.relative_to(built_html).parts:
            continue
        text = page.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" not in text, f"{page} shows a traceback"
        assert 'class="output traceback' not in text, f"{page} shows an error output"


def test_every_toc_page_is_built(root: Path, built_html: Path):
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]] + [
        chapter["file"] for part in toc["parts"] for chapter in part["chapters"]
    ]
    missing = [f for f in files if not (built_html / f"{f}.html").is_file()]
    assert not missing, f"pages in _toc.yml that were not built: {missing}"


def test_widget_pages_load_the_books_widget_host(built_html: Path):
    """Widgets are drawn by book_static/widget-host.js from files of the book itself."""
    import json
    import re

    page = (built_html / "front" / "how-to-use.html").read_text(encoding="utf-8")
    assert "_static/widget-host.js" in page, "how-to-use.html does not load the widget host"
    assert (built_html / "_static" / "widget-host.js").is_file()
    for gone in ("require.js", "embed-amd.js", "application/vnd.jupyter.widget-state+json"):
        assert gone not in page, f"how-to-use.html still has {gone}"
    found = re.search(
        r'<script type="application/vnd.coproduction.widgets\+json">(.*?)</script>', page, re.S
    )
    assert found, "no widget models for the host in how-to-use.html"
    models = json.loads(found.group(1))["models"]
    for spec in models.values():
        for key in ("esm", "lazy", "lazy_gz"):
            if key in spec:
                target = (built_html / "front" / spec[key]).resolve()
                assert target.is_file(), f"{spec[key]} named in how-to-use.html is missing"
    assert "cdn.jsdelivr.net" not in page and "cdnjs.cloudflare.com" not in page
