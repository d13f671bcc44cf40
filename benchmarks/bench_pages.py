#!/usr/bin/env python3
"""Page weight and speed of the built book in Debian's Chromium.

For every page: bytes transferred (all requests, cache disabled by a fresh
context), time to first contentful paint, and, for pages with widgets, the time
until the widgets' controls are present. Prints a Markdown table with the
machine. Run after `make book`: ``.venv/bin/python benchmarks/bench_pages.py
[--html DIR]`` (default: ``_build/html``). A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import machine  # noqa: E402

from coproduction.book.browser import CHROMIUM_FLAGS, serve  # noqa: E402

HTML = ROOT / "_build" / "html"


WIDGET_READY = "section.cpx input, fieldset.cpi button, .noUi-handle"


def measure(pw, url: str, has_widgets: bool) -> tuple[int, float, float | None]:
    with tempfile.TemporaryDirectory() as profile:
        ctx = pw.chromium.launch_persistent_context(
            profile, executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_FLAGS
        )
        page = ctx.new_page()
        sizes: list[int] = []
        page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
        start = time.perf_counter()
        page.goto(url, wait_until="load")
        widgets = None
        if has_widgets:
            page.locator(WIDGET_READY).first.wait_for(state="attached", timeout=30000)
            widgets = time.perf_counter() - start
        page.wait_for_timeout(300)
        fcp = page.evaluate(
            "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
        )
        ctx.close()
    return sum(sizes), (fcp or 0) / 1000, widgets


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=HTML, help="the built book")
    html = parser.parse_args(argv).html
    if not html.is_dir():
        raise SystemExit(f"no built book in {html}: run `make book` first")
    pages = sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not {"_static", "_sources"} & set(p.relative_to(html).parts)
    )
    rows = []
    with serve(html) as base, sync_playwright() as pw:
        for rel in pages:
            has_widgets = "widget-state+json" in (html / rel).read_text(encoding="utf-8")
            runs = [measure(pw, base + rel, has_widgets) for _ in range(2)]
            weight = runs[0][0]
            fcp = statistics.median(r[1] for r in runs)
            ready = statistics.median(r[2] for r in runs) if has_widgets else None
            html_kb = (html / rel).stat().st_size / 1024
            rows.append((rel, weight, html_kb, fcp, ready))
    print(f"Machine: {machine()}\n")
    print("| page | transferred (KB) | of which HTML (KB) | first paint (s) | widgets ready (s) |")
    print("|---|---:|---:|---:|---:|")
    for rel, weight, html_kb, fcp, ready in rows:
        r = f"{ready:.2f}" if ready is not None else "–"
        print(f"| {rel} | {weight / 1024:.0f} | {html_kb:.0f} | {fcp:.2f} | {r} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
