"""Printable handouts: scripts/handouts.py prints pages of the built book to A4 PDFs,
and the print stylesheet leaves out what needs a screen."""

from __future__ import annotations

import functools
import html
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .pagecheck import open_page

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "chapters/03-osborne-typologies.html"
# A4 in PostScript points; Chromium rounds the page to whole pixels (595.92 x 842.88).
A4 = (595, 842)


@functools.cache
def handouts() -> ModuleType:
    """``scripts/handouts.py`` as a module."""
    spec = importlib.util.spec_from_file_location("handouts_script", ROOT / "scripts/handouts.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def squash(text: str) -> str:
    """Text with no whitespace or soft hyphens, so PDF line breaks do not matter."""
    return re.sub(r"[\s\u00ad]+", "", text)


def read_pdf(path: Path):
    from pypdf import PdfReader

    reader = PdfReader(path)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return reader, text


def assert_a4_handout(path: Path) -> str:
    """Check that ``path`` is a valid A4 PDF of at least two pages; return its text."""
    assert path.read_bytes().startswith(b"%PDF-"), f"{path} is not a PDF"
    reader, text = read_pdf(path)
    assert len(reader.pages) >= 2, f"{path.name}: only {len(reader.pages)} page(s)"
    for n, page in enumerate(reader.pages, 1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert all(abs(got - want) < 1.5 for got, want in zip(size, A4, strict=True)), (
            f"{path.name}, page {n}: media box {size} is not A4 {A4}"
        )
    return text


def page_facts(context, url: str) -> dict:
    """What the page shows on screen: its title, the text of its first dropdown, the
    labels of its explorers' controls that occur nowhere else on the page, how many
    "Check" buttons its questions have and the first question's prompt."""
    page, _ = open_page(context, url)
    try:
        page.locator("section.cpx").first.wait_for(state="visible", timeout=15000)
        page.locator(".cpi-check").first.wait_for(state="visible", timeout=15000)
        facts = page.evaluate(
            """() => {
              const article = document.querySelector('article');
              const clone = article.cloneNode(true);
              for (const x of clone.querySelectorAll('section.cpx')) x.remove();
              const labels = [...document.querySelectorAll(
                'section.cpx legend, section.cpx .cpx-option label, section.cpx .cpx-title')]
                .map((e) => e.textContent.trim());
              const h1 = article.querySelector('h1').cloneNode(true);
              for (const a of h1.querySelectorAll('.headerlink, .section-number')) a.remove();
              const body = document.querySelector('details.sd-dropdown .sd-summary-content');
              return {
                title: h1.textContent.trim(),
                dropdown: body ? body.textContent.trim() : '',
                labels: [...new Set(labels)],
                elsewhere: clone.textContent,
                checkButtons: document.querySelectorAll('button.cpi-check').length,
                question: document.querySelector('.cpi-prompt').textContent.trim(),
              };
            }"""
        )
    finally:
        page.close()
    # Keep the labels found nowhere else on the page (figures included), since
    # those must not reach the paper.
    elsewhere = squash(facts.pop("elsewhere"))
    labels = facts.pop("labels")
    facts["explorerLabels"] = [t for t in labels if len(t) > 3 and squash(t) not in elsewhere]
    return facts


@pytest.mark.browser
def test_a_chapter_prints_to_an_a4_handout_without_its_controls(
    browser, server, built_html, tmp_path
):
    facts = page_facts(browser, server + CHAPTER)
    assert facts["checkButtons"] > 0 and facts["explorerLabels"], facts

    out = handouts().print_pdf(browser, server + CHAPTER, tmp_path / "chapter.pdf")
    text = assert_a4_handout(out)
    flat = squash(text)

    assert squash(facts["title"]) in flat
    # A sentence of the chapter's text and the caption of its figure for print.
    source = (ROOT / "chapters/03-osborne-typologies.md").read_text(encoding="utf-8")
    for sentence in (
        "Nobody invited you to co-produce it; you could not avoid doing so.",
        "The three modes of co-production and the levels they work on",
    ):
        assert sentence in source, "the chapter changed: pick another sentence"
        assert squash(sentence) in flat, sentence
    # The widgets had drawn themselves before the page was printed: the questions
    # of the self-check are on paper.
    assert squash(facts["question"]) in flat
    # Dropdowns print open.
    assert facts["dropdown"] and squash(facts["dropdown"][:80]) in flat
    # What needs a screen is left out: the buttons of the questions and the explorers'
    # controls (a note stands in for each explorer).
    lines = {line.strip() for line in text.splitlines()}
    assert not lines & {"Check", "Compare with the rubric", "Move up", "Move down"}
    leaked = [label for label in facts["explorerLabels"] if squash(label) in flat]
    assert not leaked, f"explorer controls printed: {leaked}"
    assert squash("An interactive explorer: open this page in the online book") in flat
    # Each page has the title in its header and page numbers in its footer.
    reader, _ = read_pdf(out)
    n = len(reader.pages)
    last = squash(reader.pages[-1].extract_text())
    assert squash(f"Page {n} of {n}") in last and squash(facts["title"]) in last


@pytest.mark.browser
def test_a_seminar_plan_prints_to_an_a4_handout(browser, server, built_html, tmp_path):
    h = handouts()
    chapters = h.chapter_pages(built_html)
    seminars, _ = h.seminar_pages(built_html, chapters)
    # Seminar plans are being added chapter by chapter; until one is built, print
    # another page for lecturers.
    path = seminars[0].path if seminars else "back/lecturers-guide.html"
    out = h.print_pdf(browser, server + path, tmp_path / "seminar.pdf")
    text = assert_a4_handout(out)
    source = (built_html / path).read_text(encoding="utf-8")
    # The page's own heading (the theme repeats it, with no link, for print).
    heading = next(h for h in re.findall(r"<h1>(.*?)</h1>", source, re.S) if "headerlink" in h)
    title = html.unescape(re.sub(r"<[^>]+>", "", heading.split('<a class="headerlink"')[0]))
    assert squash(title) in squash(text)
    assert "Check" not in {line.strip() for line in text.splitlines()}


@pytest.mark.browser
def test_print_stylesheet_hides_the_screen_furniture(browser, server):
    page, _ = open_page(browser, server + CHAPTER)
    try:
        page.set_viewport_size({"width": 1400, "height": 900})
        page.locator("section.cpx").first.wait_for(state="visible", timeout=15000)
        page.locator(".cpi-check").first.wait_for(state="visible", timeout=15000)

        def shown(selector: str) -> bool:
            return page.eval_on_selector(selector, "e => e.checkVisibility()")

        furniture = (".bd-sidebar-primary", ".bd-header", "section.cpx", ".cpi-check")
        assert all(shown(s) for s in furniture), "all shown on screen"
        assert (
            page.eval_on_selector(".bd-sidebar-primary", "e => getComputedStyle(e).display")
            != "none"
        )
        page.emulate_media(media="print")
        assert (
            page.eval_on_selector(".bd-sidebar-primary", "e => getComputedStyle(e).display")
            == "none"
        )
        for selector in furniture:
            assert not shown(selector), f"{selector} is printed"
        # A link out of the book shows its address on paper (a DOI is in the text).
        after = page.evaluate(
            """() => ['https://example.org/report', 'https://doi.org/10.1/x'].map((href) => {
                  const a = document.createElement('a');
                  a.className = 'reference external';
                  a.href = href;
                  a.textContent = 'a report';
                  document.querySelector('article p').append(a);
                  return getComputedStyle(a, '::after').content;
                })"""
        )
        assert "https://example.org/report" in after[0] and after[1] in ("none", "normal")
        # The questions themselves and the static figures stay.
        assert shown(".cpi legend")
        assert page.evaluate(
            """() => [...document.querySelectorAll('figure.coproduction-figure')]
                  .filter((f) => !f.closest('section.cpx'))
                  .every((f) => f.checkVisibility())"""
        )
    finally:
        page.close()


# The script's choice of pages (no browser needed) ---------------------------------


def _built(tmp_path: Path, pages: list[str]) -> Path:
    for rel in ["index.html", *pages]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<html></html>", encoding="utf-8")
    return tmp_path


def test_handouts_cover_every_chapter_and_list_missing_seminar_plans(tmp_path):
    h = handouts()
    book = _built(
        tmp_path,
        ["chapters/01-one.html", "chapters/02-two.html", "lecturers/seminar-02.html"],
    )
    chapters = h.chapter_pages(book)
    assert [c.pdf for c in chapters] == ["01-one.pdf", "02-two.pdf"]
    found, missing = h.seminar_pages(book, chapters)
    assert [s.pdf for s in found] == ["seminar-02.pdf"]
    assert missing == ["lecturers/seminar-01.html"]


def test_handouts_without_a_built_book_say_how_to_build_it(tmp_path, capsys):
    status = handouts().main(["--html", str(tmp_path / "nothing"), "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2
    assert str(tmp_path / "nothing") in err and "make book" in err
