#!/usr/bin/env python3
"""Benchmark the explorers: live-kernel latency and time to interactive in the static book.

Live kernel: each explorer is built with ``precompute=False`` (as a reader's own
case would be), then every control value is chosen in turn; the time from
``choose()`` to the new HTML (model + figure + markup) is recorded, as is the
switch between precomputed states. Static book: the built chapter pages are
served on 127.0.0.1 and opened in Debian's Chromium; the time from navigation to
the explorer's controls being present is recorded.

Run from the repository root after ``make book``:
``.venv/bin/python benchmarks/bench_explorers.py``. A benchmark, not a test.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import statistics
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))  # for the browser flags shared with the tests
from bench_build import machine  # noqa: E402

# (label, module, builder, case, chapter page)
EXPLORERS = [
    ("Arnstein's ladder", "ladder", "ladder_explorer", None, "01-public-administration"),
    ("Services continuum", "continuum", "continuum_explorer", None, "02-services-management"),
    ("Modes of co-production", "typologies", "modes_explorer", None, "03-osborne-typologies"),
    ("Co-production matrix", "typologies", "matrix_explorer", None, "03-osborne-typologies"),
    (
        "Value lens",
        "value",
        "value_explorer",
        "scottish-social-security",
        "04-public-service-logic",
    ),
    ("Assemblage over time", "assemblage", "assemblage_explorer", "ipoa", "05-assemblage"),
    (
        "Service ecosystem",
        "ecosystem",
        "ecosystem_explorer",
        "scottish-social-security",
        "06-service-ecosystems",
    ),
]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def _combos(ex) -> list[dict[str, str]]:
    controls = ex.controls
    return [
        {c["id"]: o["value"] for c, o in zip(controls, combo, strict=True)}
        for combo in itertools.product(*(c["options"] for c in controls))
    ]


def live_latency(module: str, builder: str, case: str | None) -> tuple[list[float], list[float]]:
    """Per state: first render on demand (a reader's own case) and precomputed switch."""
    from coproduction.widgets.explorer import StateExplorer

    build = getattr(importlib.import_module(f"coproduction.widgets.{module}"), builder)
    args = (case,) if case else ()
    original = StateExplorer.__init__

    def lazy(self, spec, precompute=True, **kw):  # as a live kernel with a new case would
        original(self, spec, precompute=False, **kw)

    StateExplorer.__init__ = lazy
    try:
        lazy_ex = build(*args)
    finally:
        StateExplorer.__init__ = original
    renders = []
    for combo in _combos(lazy_ex):
        t = time.perf_counter()
        lazy_ex.choose(**combo)
        _ = lazy_ex.current_html
        renders.append(time.perf_counter() - t)
    ready = build(*args)
    switches = []
    for combo in _combos(ready):
        t = time.perf_counter()
        ready.choose(**combo)
        _ = ready.current_html
        switches.append(time.perf_counter() - t)
    return renders, switches


def model_latency() -> dict[str, list[float]]:
    """The model layer alone (no figure, no HTML), for every state of each explorer."""
    from coproduction.cases import load_case, load_frameworks
    from coproduction.models import assemblage, ecosystem, typologies, value

    fw = load_frameworks()
    ipoa, scot = load_case("ipoa"), load_case("scottish-social-security")
    from coproduction.models import continuum, ladder

    calls = {
        "Arnstein's ladder": [lambda p=p: ladder.place(fw, p) for p in fw.placements],
        "Services continuum": [lambda s=s: continuum.position(fw, s.id) for s in fw.continuum],
        "Modes of co-production": [
            lambda s=s: typologies.mode_for(fw, s) for s in typologies.scenarios_for(fw)
        ],
        "Co-production matrix": [
            lambda n=n, loc=loc: typologies.select_cell(fw, n, loc)
            for n in ("involuntary", "voluntary")
            for loc in ("individual-service", "service-system")
        ],
        "Value lens": [
            lambda f=f: value.stakeholder_summaries(value.value_grid(scot, fw, f))
            for f in ("all", "intrinsic", "extrinsic")
        ],
        "Assemblage over time": [
            lambda p=p.id, link=link: assemblage.assemblage_state(ipoa, p, link, fw)
            for p in ipoa.phases
            for link in (False, True)
        ],
        "Service ecosystem": [
            lambda p=p, h=h: ecosystem.ecosystem_view(scot, fw, p, h)
            for p, _ in ecosystem.process_options(fw)
            for h, _ in ecosystem.HIGHLIGHTS
        ],
    }
    out = {}
    for label, fns in calls.items():
        times = []
        for _ in range(5):
            for fn in fns:
                t = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t)
        out[label] = times
    return out


def static_interactive(pages: list[str]) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    html = ROOT / "_build" / "html"
    if not html.is_dir():
        return {}

    from tests.browser.conftest import CHROMIUM_FLAGS as flags
    from tests.browser.conftest import _QuietHandler

    handler = functools.partial(_QuietHandler, directory=str(html))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/chapters/"

    out = {}
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            profile, executable_path="/usr/bin/chromium", headless=True, args=flags
        )
        for page_name in pages:
            runs = []
            for _ in range(3):
                page = ctx.new_page()
                t = time.perf_counter()
                page.goto(base + page_name + ".html")
                page.locator("section.cpx input").first.wait_for(state="attached", timeout=30000)
                runs.append(time.perf_counter() - t)
                page.close()
            out[page_name] = statistics.median(runs)
        ctx.close()
    httpd.shutdown()
    return out


def main() -> int:
    rows = []
    models = model_latency()
    for label, module, builder, case, _ in EXPLORERS:
        renders, switches = live_latency(module, builder, case)
        rows.append(
            f"| {label} | {len(renders)} | {pct(models[label], 0.95) * 1000:.1f} | "
            f"{statistics.median(renders) * 1000:.0f} | {pct(renders, 0.95) * 1000:.0f} | "
            f"{pct(switches, 0.95) * 1000:.2f} |"
        )
    print(f"Machine: {machine()}\n")
    print("Live kernel: from a control change to the new output (ms)\n")
    print(
        "| explorer | states | model p95 | first render p50 | first render p95 "
        "| precomputed switch p95 |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    pages = sorted({p for *_, p in EXPLORERS})
    timings = static_interactive(pages)
    if timings:
        print("\nStatic book: navigation to explorer controls present (median of 3, s)\n")
        print("| chapter page | seconds |\n|---|---:|")
        for page_name, seconds in timings.items():
            print(f"| {page_name} | {seconds:.2f} |")
    else:
        print("\n(no built book: run `make book` for the static-page timings)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
