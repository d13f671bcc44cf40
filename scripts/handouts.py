"""Print the built book's chapters and seminar plans to A4 PDF handouts.

Usage (from the repository root, after ``make book``)::

    python scripts/handouts.py [--html _build/html] [--student-html DIR] [--out _build/handouts]

One PDF per chapter (``chapters/*``) and one per seminar plan
(``lecturers/seminar-NN``) goes into the output folder, named after the page
(``03-osborne-typologies.pdf``, ``seminar-03.pdf``). A seminar plan that has not
been written yet is listed as skipped.

Chapters are handed to students, so they are printed from the student edition
when one has been built (``--student-html``; by default
``_build/student/_build/html``, where ``make student-edition`` puts it): its pages
carry no lecturer notes. With no
student edition they come from ``--html``, the complete book, which holds the
lecturers' notes too (printed open). Seminar plans always come from ``--html``.

The pages are printed by Debian's Chromium, driven by Playwright (never
``playwright install``), from the built folder served on 127.0.0.1, so the
widgets load as they do for a reader, and nothing is fetched from outside: the
script works offline. Before printing it waits for every widget and for MathJax
to render, opens every dropdown and switches to the print stylesheet
(``@media print`` in ``book_static/book.css``), which hides what needs a screen
(sidebars, search, buttons, the explorers, whose static "For print" figures
stand in for them). Each sheet has the page's title at the top, and the book's
title and "Page N of M" at the bottom.

Exit status: 0 when every page was printed, 1 when a page could not be (the others
are still printed), 2 when there is nothing to print (no built book).
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from coproduction.book.browser import CHROMIUM_FLAGS, find_chromium, serve

ROOT = Path(__file__).resolve().parent.parent

#: Where ``scripts/edition.py student`` builds the student edition, relative to
#: the repository root.
STUDENT_EDITION = Path("_build/student/_build/html")

WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'

# True once every widget on the page has drawn itself and MathJax has typeset.
# html-manager puts a .widget-subarea beside each widget's <script>; the widget
# (explorer, question) then draws into it. An explorer still "Working…" is not done.
_RENDERED_JS = """() => {
  const views = 'script[type="application/vnd.jupyter.widget-view+json"]';
  for (const script of document.querySelectorAll(views)) {
    const sub = script.parentElement.querySelector('.widget-subarea');
    if (!sub) return false;
    if (!sub.textContent.trim() && !sub.querySelector('svg, img, input, select')) return false;
  }
  if (document.querySelector('.cpx-missing')) return false;
  const mj = window.MathJax;
  if (mj && mj.startup && mj.startup.promise && !window.__handoutsMathJax) {
    mj.startup.promise.then(() => { window.__handoutsMathJax = true; });
    return false;
  }
  return document.readyState === 'complete';
}"""

# Open every dropdown (sphinx-design's and the outputs' <details>), put the page in
# its light theme, and list the choices of each matching question under it: on
# paper its drop-down lists are boxes to write a letter in.
_PREPARE_JS = """() => {
  for (const d of document.querySelectorAll('details')) d.open = true;
  document.documentElement.dataset.theme = 'light';
  document.documentElement.dataset.mode = 'light';
  for (const list of document.querySelectorAll('.cpi-matching')) {
    if (list.nextElementSibling && list.nextElementSibling.matches('.cpi-print-choices')) continue;
    const select = list.querySelector('select');
    if (!select) continue;
    const choices = document.createElement('ol');
    choices.className = 'cpi-print-choices';
    choices.type = 'A';
    for (const o of select.options) {
      if (!o.value) continue;
      const li = document.createElement('li');
      li.textContent = o.text;
      choices.append(li);
    }
    const lead = document.createElement('p');
    lead.className = 'cpi-hint cpi-print-choices';
    lead.textContent = 'Write the letter of the matching choice in each box:';
    list.before(lead);
    list.after(choices);
  }
}"""

_TEMPLATE_STYLE = (
    "font-family: sans-serif; font-size: 8pt; color: #000; width: 100%; "
    "margin: 0 15mm; display: flex; justify-content: space-between;"
)


class HandoutError(RuntimeError):
    """A handout could not be printed; the message says which page and why."""


class NothingToPrint(HandoutError):
    """There is no built book (or no chapter) where the pages were looked for."""


@dataclass(frozen=True)
class Page:
    """A page to print: its path in the built book and the PDF it becomes."""

    path: str  # e.g. "chapters/03-osborne-typologies.html"
    pdf: str  # e.g. "03-osborne-typologies.pdf"


@dataclass
class Handouts:
    """What a run printed and what it skipped (with the reason)."""

    printed: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


# Finding the pages ---------------------------------------------------------------


def _is_built_book(folder: Path) -> bool:
    return (folder / "index.html").is_file() or (folder / "intro.html").is_file()


def student_edition(root: Path = ROOT) -> Path | None:
    """The built student edition (:data:`STUDENT_EDITION`), if there is one."""
    folder = root / STUDENT_EDITION
    return folder if _is_built_book(folder) else None


def chapter_pages(html_dir: Path) -> list[Page]:
    """Every chapter of a built book, in order."""
    return [
        Page(f"chapters/{p.name}", f"{p.stem}.pdf")
        for p in sorted((html_dir / "chapters").glob("*.html"))
    ]


def seminar_pages(html_dir: Path, chapters: Sequence[Page]) -> tuple[list[Page], list[str]]:
    """The seminar plans that exist (one expected per chapter), and those that do not."""
    found, missing = [], []
    numbers = [c.pdf[:2] for c in chapters if c.pdf[:2].isdigit()]
    extra = sorted(
        p.stem[len("seminar-") :]
        for p in (html_dir / "lecturers").glob("seminar-*.html")
        if p.stem[len("seminar-") :] not in numbers
    )
    for n in [*numbers, *extra]:
        rel = f"lecturers/seminar-{n}.html"
        if (html_dir / rel).is_file():
            found.append(Page(rel, f"seminar-{n}.pdf"))
        else:
            missing.append(rel)
    return found, missing


# Serving and printing ------------------------------------------------------------


def chromium_path() -> str:
    found = find_chromium()
    if found is None:
        raise HandoutError(
            "Chromium was not found: install Debian's package ('sudo apt-get install "
            "chromium') or set CHROMIUM to the browser's path"
        )
    return found


def header_footer(title: str, book: str) -> tuple[str, str]:
    """Chromium's header and footer templates: the page's title at the top, the
    book's title and "Page N of M" at the bottom."""
    header = f'<div style="{_TEMPLATE_STYLE}"><span>{html.escape(title)}</span></div>'
    footer = (
        f'<div style="{_TEMPLATE_STYLE}"><span>{html.escape(book)}</span>'
        '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span>'
        "</span></div>"
    )
    return header, footer


def _titles(page) -> tuple[str, str]:
    """The page's own title (its first heading) and the book's (from the <title>)."""
    heading = page.evaluate(
        """() => {
          const h = document.querySelector('article h1, main h1');
          if (!h) return '';
          const c = h.cloneNode(true);
          for (const a of c.querySelectorAll('.headerlink')) a.remove();
          return c.textContent.trim().replace(/\\s+/g, ' ');
        }"""
    )
    parts = [t.strip() for t in page.title().split(" \u2014 ")]
    return heading or parts[0], parts[-1] if len(parts) > 1 else ""


def print_pdf(context, url: str, out: Path, *, timeout_ms: float = 60_000) -> Path:
    """Print one page of a served book to an A4 PDF at ``out``.

    ``context`` is a Playwright browser context of a headless Chromium. Requests to
    any host other than 127.0.0.1 are refused, so the page prints as it reads
    offline. Waits until the widgets have rendered, opens the dropdowns, and prints
    with the print stylesheet, the page title in the header and page numbers in the
    footer.
    """
    page = context.new_page()
    errors: list[str] = []
    try:

        def route(r):
            if urlsplit(r.request.url).hostname == "127.0.0.1":
                r.continue_()
            else:
                r.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda err: errors.append(str(err)))
        response = page.goto(url, wait_until="load", timeout=timeout_ms)
        if response is None or response.status >= 400:
            status = response.status if response is not None else "no response"
            raise HandoutError(f"{url}: the page did not load ({status}); build the book first")
        try:
            page.wait_for_function(_RENDERED_JS, timeout=timeout_ms, polling=200)
        except Exception as err:  # noqa: BLE001 - Playwright's TimeoutError
            pending = page.locator(WIDGET_VIEW).count()
            raise HandoutError(
                f"{url}: the widgets did not finish rendering within {timeout_ms / 1000:.0f} s "
                f"({pending} not drawn; page errors: {'; '.join(errors) or 'none'}). Check "
                "that the book was built with the vendored front end ('make book')."
            ) from err
        page.evaluate(_PREPARE_JS)
        page.emulate_media(media="print", color_scheme="light")
        header, footer = header_footer(*_titles(page))
        out.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(
            path=str(out),
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template=header,
            footer_template=footer,
            margin={"top": "20mm", "bottom": "20mm", "left": "15mm", "right": "15mm"},
        )
    finally:
        page.close()
    return out


def print_pages(
    context, base_url: str, pages: Sequence[Page], out_dir: Path, result: Handouts
) -> None:
    """Print pages of the book served at ``base_url`` into ``out_dir``; a page that
    cannot be printed is reported and the others are still printed."""
    for p in pages:
        try:
            path = print_pdf(context, base_url + p.path, out_dir / p.pdf)
        except HandoutError as err:
            print(f"  {p.path}: not printed: {err}", file=sys.stderr, flush=True)
            result.failed.append(p.path)
            continue
        print(f"  {path} ({path.stat().st_size / 1024:.0f} KB)", flush=True)
        result.printed.append(path)


def make_handouts(
    html_dir: Path,
    out_dir: Path,
    student_html: Path | None = None,
    chromium: str | None = None,
) -> Handouts:
    """Print every chapter and every seminar plan there is; see the module docstring."""
    from playwright.sync_api import sync_playwright

    if not _is_built_book(html_dir):
        raise NothingToPrint(
            f"{html_dir}: no built book here (no index.html); run 'make book' first, or give "
            "the built HTML folder with --html"
        )
    if student_html is not None and not _is_built_book(student_html):
        raise NothingToPrint(
            f"{student_html}: no built student edition here (no index.html); build it first "
            "or leave out --student-html"
        )
    chapters_dir = student_html or html_dir
    chapters = chapter_pages(chapters_dir)
    if not chapters:
        raise NothingToPrint(f"{chapters_dir / 'chapters'}: no chapter pages to print")
    seminars, missing = seminar_pages(html_dir, chapter_pages(html_dir) or chapters)
    result = Handouts(skipped=[(m, "not built (no such page yet)") for m in missing])
    start = time.perf_counter()
    browser_path = chromium or chromium_path()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=browser_path, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            context = browser.new_context()
            if student_html:
                print(f"Chapters from the student edition ({chapters_dir}):", flush=True)
            else:
                print(
                    f"Chapters from the complete book ({chapters_dir}), lecturers' notes "
                    "included: build the student edition first for students' copies.",
                    flush=True,
                )
            with serve(chapters_dir) as base:
                print_pages(context, base, chapters, out_dir, result)
            if seminars:
                print(f"Seminar plans from {html_dir}:", flush=True)
                with serve(html_dir) as base:
                    print_pages(context, base, seminars, out_dir, result)
        finally:
            browser.close()
    result.seconds = time.perf_counter() - start
    return result


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description="Print the built book's chapters and seminar plans to A4 PDF handouts.",
        epilog="Exit status: 0 all printed, 1 a page could not be printed, 2 nothing to print.",
    )
    p.add_argument(
        "--html",
        type=Path,
        default=ROOT / "_build" / "html",
        help="the built book (default: _build/html); seminar plans come from here",
    )
    p.add_argument(
        "--student-html",
        type=Path,
        default=None,
        help="a built student edition to print the chapters from (default: the student "
        "edition under _build if there is one, else --html)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=ROOT / "_build" / "handouts",
        help="where to write the PDFs (default: _build/handouts)",
    )
    args = p.parse_args(argv)
    student = args.student_html or student_edition()
    try:
        result = make_handouts(args.html, args.out, student)
    except NothingToPrint as err:
        print(f"handouts: {err}", file=sys.stderr)
        return 2
    except HandoutError as err:
        print(f"handouts: {err}", file=sys.stderr)
        return 1
    for page, why in result.skipped:
        print(f"Skipped {page}: {why}")
    print(
        f"Wrote {len(result.printed)} PDF(s) to {args.out} in {result.seconds:.1f} s"
        + (f"; skipped {len(result.skipped)}" if result.skipped else "")
        + (f"; {len(result.failed)} could not be printed (see above)." if result.failed else ".")
    )
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
