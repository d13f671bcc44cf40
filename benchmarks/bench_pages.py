#!/usr/bin/env python3
"""Page weight and speed of the built book in Debian's Chromium.

For every page of the book, each in a fresh Chromium profile (empty cache):

- **first visit**: bytes transferred over the network until the page has loaded
  (and settled for 300 ms); then **used**: the total once every explorer on the
  page has been scrolled into view (which fetches lazily loaded states);
- **warm**: bytes transferred by a visit to the page after the reader has already
  visited two other pages of the book (``intro.html`` and another page with
  widgets), so the shared theme and widget files are in the browser's cache, the
  page's own files are not;
- **HTML**: the size of the page's own HTML file;
- **same, gzip**: the first visit's files as a server that compresses would send
  them (each file's gzip -6 size; the test server itself does not compress);
- **first paint** (seconds after navigation);
- **widgets ready**: seconds after navigation until a widget's controls exist;
- **responds**: for pages with an explorer, milliseconds from the page's load
  event until the first explorer shows a new state after a click on one of its
  options (the click is made as soon as the control exists, so this includes any
  wait for the controls and for the states to arrive).

Bytes are what the network carried (Chrome DevTools Protocol ``encodedDataLength``:
bodies and headers; the test server sends no compression). Prints a Markdown
table and the machine. Run after ``make book``:
``.venv/bin/python benchmarks/bench_pages.py [--html DIR] [--runs N] [--only SUBSTR]``.
A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import machine  # noqa: E402

from coproduction.book.browser import CHROMIUM_FLAGS, find_chromium, serve  # noqa: E402

HTML = ROOT / "_build" / "html"
NOT_PAGES = {"_static", "_sources", "_images", "lite"}
WIDGET_READY = "section.cpx input, fieldset.cpi button, fieldset.cpi input, .noUi-handle"
# Pages that have a widget: the old embedded widget state, or the book's own host.
WIDGET_MARKERS = ("widget-state+json", "data-cpw-view")
WARM_FROM = "intro.html"

# Clicks the first explorer's first option that is not chosen, and resolves with
# the milliseconds from the load event until the view shows the new state.
RESPOND_JS = """
async () => {
  const loadAt = performance.getEntriesByType('navigation')[0].loadEventEnd
    || performance.now();
  const deadline = performance.now() + 30000;
  let input = null;
  while (performance.now() < deadline) {
    input = document.querySelector('section.cpx input[type=radio]:not(:checked)');
    if (input) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  if (!input) return null;
  const view = input.closest('section.cpx').querySelector('.cpx-view');
  input.scrollIntoView();
  input.click();
  const want = input.value;
  while (performance.now() < deadline) {
    const state = view.dataset.state || '';
    if (state.split('|').includes(want) && !view.querySelector('.cpx-missing')) {
      return performance.now() - loadAt;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return null;
}
"""


@dataclass
class Row:
    page: str
    first: int
    used: int
    warm: int
    html_kb: float
    fcp: float
    ready: float | None
    respond_ms: float | None
    first_gz: int = 0


_GZIP: dict[Path, int] = {}


def gzipped(path: Path) -> int:
    """The size of a book file as a server that compresses (gzip -6) would send it."""
    if path not in _GZIP:
        _GZIP[path] = len(gzip.compress(path.read_bytes(), 6))
    return _GZIP[path]


class Meter:
    """Counts the bytes a page's network requests carry (CDP Network domain), and
    what the same files would take from a server that compresses them."""

    def __init__(self, page, base: str = "", html: Path | None = None):
        self.total = 0
        self.compressed = 0
        self.base, self.html = base, html
        self.urls: dict[str, str] = {}
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event) -> None:
        size = int(event.get("encodedDataLength", 0))
        self.total += size
        url = self.urls.get(event["requestId"], "")
        path = None
        if self.html is not None and url.startswith(self.base):
            rel = unquote(urlsplit(url).path)[len(urlsplit(self.base).path) :]
            path = self.html / (rel or "index.html")
        if path is not None and path.is_file() and size > 0:
            self.compressed += gzipped(path)
        else:
            self.compressed += size


def _context(pw, profile: str):
    return pw.chromium.launch_persistent_context(
        profile, executable_path=find_chromium(), headless=True, args=CHROMIUM_FLAGS
    )


def _scroll_through(page) -> None:
    """Bring every explorer into view in turn, as a reader scrolling down would."""
    count = page.locator("section.cpx").count()
    for i in range(count):
        page.locator("section.cpx").nth(i).scroll_into_view_if_needed()
        page.wait_for_timeout(150)
    page.wait_for_timeout(500)


def measure(pw, base: str, rel: str, has_widgets: bool, has_explorer: bool, warm_from, html):
    with tempfile.TemporaryDirectory() as profile:
        ctx = _context(pw, profile)
        page = ctx.new_page()
        meter = Meter(page, base, html)
        start = time.perf_counter()
        page.goto(base + rel, wait_until="load")
        ready = None
        if has_widgets:
            page.locator(WIDGET_READY).first.wait_for(state="attached", timeout=30000)
            ready = time.perf_counter() - start
        page.wait_for_timeout(300)
        first, first_gz = meter.total, meter.compressed
        fcp = page.evaluate(
            "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
        )
        _scroll_through(page)
        used = meter.total
        ctx.close()
    respond = None
    if has_explorer:
        with tempfile.TemporaryDirectory() as profile:
            ctx = _context(pw, profile)
            page = ctx.new_page()
            page.goto(base + rel, wait_until="load")
            respond = page.evaluate(RESPOND_JS)
            ctx.close()
    with tempfile.TemporaryDirectory() as profile:
        ctx = _context(pw, profile)
        page = ctx.new_page()
        for other in warm_from:
            page.goto(base + other, wait_until="load")
            page.wait_for_timeout(300)
        page.close()
        page = ctx.new_page()
        meter = Meter(page)
        page.goto(base + rel, wait_until="load")
        page.wait_for_timeout(300)
        warm = meter.total
        ctx.close()
    return first, used, warm, (fcp or 0) / 1000, ready, respond, first_gz


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=HTML, help="the built book")
    parser.add_argument("--runs", type=int, default=2, help="runs per page (median)")
    parser.add_argument("--only", default="", help="only pages whose path contains this")
    args = parser.parse_args(argv)
    html = args.html
    if not html.is_dir():
        raise SystemExit(f"no built book in {html}: run `make book` first")
    if find_chromium() is None:
        raise SystemExit("Debian's Chromium is needed: sudo apt-get install chromium")
    every = sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not NOT_PAGES & set(p.relative_to(html).parts)
    )
    pages = [p for p in every if args.only in p]
    with_widgets = [
        p for p in every if any(m in (html / p).read_text(encoding="utf-8") for m in WIDGET_MARKERS)
    ]
    rows = []
    with serve(html) as base, sync_playwright() as pw:
        for rel in pages:
            text = (html / rel).read_text(encoding="utf-8")
            has_widgets = any(m in text for m in WIDGET_MARKERS)
            has_explorer = has_widgets and (
                "StateExplorer" in text or "explorer.js" in text or "cpx" in text
            )
            other = next((p for p in with_widgets if p != rel), None)
            warm_from = [WARM_FROM] + ([other] if other else [])
            runs = [
                measure(pw, base, rel, has_widgets, has_explorer, warm_from, html)
                for _ in range(args.runs)
            ]

            def med(i, runs=runs):
                values = [r[i] for r in runs if r[i] is not None]
                return statistics.median(values) if values else None

            rows.append(
                Row(
                    page=rel,
                    first=int(med(0)),
                    used=int(med(1)),
                    warm=int(med(2)),
                    html_kb=(html / rel).stat().st_size / 1024,
                    fcp=med(3),
                    ready=med(4),
                    respond_ms=med(5),
                    first_gz=int(med(6)),
                )
            )
    print(f"Machine: {machine()}; {args.runs} runs per page, medians\n")
    print(
        "| page | first visit (KB) | same, gzip (KB) | explorers used (KB) | warm cache (KB) "
        "| HTML (KB) | first paint (s) | widgets ready (s) | responds (ms after load) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")

    def fmt(v, spec):
        return format(v, spec) if v is not None else "–"

    for r in rows:
        print(
            f"| {r.page} | {r.first / 1024:.0f} | {r.first_gz / 1024:.0f} | {r.used / 1024:.0f} "
            f"| {r.warm / 1024:.0f} "
            f"| {r.html_kb:.0f} | {r.fcp:.2f} | {fmt(r.ready, '.2f')} "
            f"| {fmt(r.respond_ms, '.0f')} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
