"""Run in the browser: a chapter opens in the book's own JupyterLite and all its
cells run on Pyodide in headless Chromium, with no request to any other host.

The in-browser part is built when ``make lite`` has fetched its inputs (CI runs it);
without them the book has no "Run in the browser" links and these tests skip.

The end-to-end test opens chapter 7's notebook, waits until its kernel has started,
clears the outputs stored by the book's build, runs all cells and waits, within
``RUN_ALL_SECONDS`` of the notebook appearing, for a number computed from the case
data and for the chapter's explorers; every cell must have run once, in order, in
that kernel. On failure it reports the cells, the kernel's messages and the console.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from .pagecheck import LOCAL_HOSTS, open_page

pytestmark = pytest.mark.browser

CHAPTER = "07-comparing-frameworks"
# What the chapter's last code cell shows: value_explorer(mine) on the example case.
LAST_OUTPUT = "Value by stakeholder group: Library at home"
RUN_ALL_SECONDS = 420  # the stated limit: start Pyodide, install the package, run every cell


@pytest.fixture(scope="module")
def lite(built_html: Path, root: Path) -> Path:
    folder = built_html / "lite"
    if not (root / "_vendor_lite" / "READY.json").is_file():
        pytest.skip("the in-browser notebooks are built by 'make lite' (not run here)")
    assert (folder / "notebooks" / "index.html").is_file(), "make lite did not write lite/"
    return folder


def test_every_chapter_links_to_its_notebook_in_the_browser(lite, built_html):
    chapters = sorted((built_html / "chapters").glob("*.html"))
    assert len(chapters) == 7
    for page in chapters:
        html = page.read_text(encoding="utf-8")
        link = re.search(r'href="([^"]*lite/notebooks/index\.html\?path=chapters/([^"]+))"', html)
        assert link, f"{page.name} has no 'Run in the browser' link"
        assert link.group(2) == page.stem + ".ipynb"
        assert (lite / "files" / "chapters" / link.group(2)).is_file()


class Diagnosis:
    """What the in-browser run said, for the message of a failing test: the page's
    console (which includes its workers', where the kernel runs), workers started and
    closed, and the notebook's state."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.t0 = time.monotonic()
        page.on("console", lambda msg: self._log("page", msg.type, msg.text))
        page.on("pageerror", lambda err: self._log("page", "uncaught", str(err)))
        page.on("worker", self._worker)
        # Requests of the page, its workers and the service worker that fail.
        page.context.on("requestfailed", lambda r: self._log("request", "failed", r.url))
        page.context.on(
            "response",
            lambda r: r.status >= 400 and self._log("request", str(r.status), r.url),
        )

    def _log(self, source: str, kind: str, text: str) -> None:
        self.console.append(f"{time.monotonic() - self.t0:6.1f}s {source} {kind}: {text[:300]}")

    def _worker(self, worker) -> None:
        # What a worker logs reaches the page's console too; its start and end do not.
        self._log("worker", "started", worker.url)
        worker.on("close", lambda w: self._log("worker", "closed", w.url))

    def notebook(self) -> str:
        """Cells run, the cell running, the kernel's status and the outputs' errors."""
        try:
            state = self.page.evaluate(NOTEBOOK_STATE)
        except Exception as err:  # the page itself may be gone
            return f"(notebook state unavailable: {err})"
        return "\n".join(f"{k}: {v}" for k, v in state.items())

    def kernel(self) -> list[str]:
        try:
            return self.page.evaluate("() => window.kernelLog || ['(not started)']")[-80:]
        except Exception as err:
            return [f"(kernel messages unavailable: {err})"]

    def report(self, what: str) -> str:
        lines = [what, "", "notebook:", self.notebook(), "", "kernel messages (last 80):"]
        lines += self.kernel() + ["", "console (last 60):"]
        return "\n".join(lines + self.console[-60:])


# The notebook's kernel has started and waits for work. JupyterLite exposes its app
# as window.jupyterapp (exposeAppInBrowser, set by scripts/lite.py).
KERNEL_READY = """() => {
  const context = window.jupyterapp?.shell?.currentWidget?.sessionContext;
  const kernel = context?.session?.kernel;
  return !!(context?.isReady && kernel && kernel.status === 'idle'
            && kernel.connectionStatus === 'connected');
}"""

# Keep the kernel's messages (type, and what matters for widgets) in the page.
KERNEL_LOG = """() => {
  const context = window.jupyterapp.shell.currentWidget.sessionContext;
  const log = window.kernelLog = [];
  const t0 = performance.now();
  const note = (what) => log.push(((performance.now() - t0) / 1000).toFixed(1) + 's ' + what);
  context.session.kernel.anyMessage.connect((_, {msg, direction}) => {
    const c = msg.content || {};
    const detail = c.execution_state || c.target_name || c.ename || c.data?.method ||
      (c.data && Object.keys(c.data).join(',')) || '';
    note(`${direction} ${msg.channel} ${msg.header.msg_type} ${detail}`.trim());
  });
  context.statusChanged.connect((_, status) => note(`session ${status}`));
  context.kernelChanged.connect(() => note('kernel changed'));
}"""

# Read in the page when the run fails: which cells ran, which one is running, the
# kernel's status as the notebook shows it, and outputs that hold an error or a
# widget that did not render.
NOTEBOOK_STATE = """() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  const prompt = c => (c.querySelector('.jp-InputPrompt')?.textContent || '').trim();
  const source = c => (c.querySelector('.jp-InputArea-editor')?.textContent || '')
    .trim().split('\\n')[0].slice(0, 80);
  const running = cells.map((c, i) => [i + 1, prompt(c), source(c)])
    .filter(([, p]) => p.includes('*'));
  const ran = cells.filter(c => /\\[\\d+\\]/.test(prompt(c))).length;
  const status = [...document.querySelectorAll(
    '.jp-Notebook-ExecutionIndicator, .jp-KernelStatus, [data-status], .jp-Toolbar-kernelName')]
    .map(e => (e.getAttribute('data-status') || '') + ' ' + (e.getAttribute('title') ||
              e.getAttribute('aria-label') || e.textContent || '').trim())
    .filter(t => t.trim());
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')].map(o => o.innerText);
  const shown = c => [...c.querySelectorAll('.jp-OutputArea-output')].map(o =>
    [o.dataset.mimeType || '',
     o.className.replace(/jp-OutputArea-output|jp-RenderedHTMLCommon/g, '').trim(),
     o.innerText.trim().slice(0, 60)].join(' '));
  return {
    'code cells': cells.length,
    'cells that ran': ran,
    'running': JSON.stringify(running),
    'kernel': JSON.stringify(status),
    'service worker controls the page': !!navigator.serviceWorker?.controller,
    'widget outputs': document.querySelectorAll('.jp-OutputArea-output section.cpx').length,
    'outputs not rendered': JSON.stringify(outputs.filter(t =>
      /Loading widget|Error displaying widget|model not found/i.test(t)).map(t => t.slice(0, 200))),
    'outputs with errors': JSON.stringify(outputs.filter(t =>
      /Traceback|Error/.test(t)).map(t => t.slice(0, 400))),
    'cells': '\\n' + cells.map((c, i) =>
      `  ${i + 1} ${prompt(c)} ${source(c)}\\n` + shown(c).map(o => `      -> ${o}`).join('\\n'))
      .join('\\n'),
  };
}"""


def test_a_chapter_runs_in_the_browser_offline(lite, fresh_browser, server):
    browser = fresh_browser
    # The page aborts any request to another host (open_page routes them). Its Web
    # Workers, where Pyodide runs, must not be routed (interception stalls the
    # kernel), so their requests are watched instead: none may leave 127.0.0.1.
    outside: list[str] = []

    def watch(request):
        if urlsplit(request.url).hostname not in LOCAL_HOSTS:
            outside.append(request.url)

    browser.on("request", watch)
    try:
        page, report = open_page(browser, f"{server}chapters/{CHAPTER}.html")
        diagnosis = Diagnosis(page)
        link = page.get_by_role("link", name="Run in the browser")
        step = "open the notebook"
        try:
            page.goto(urljoin(page.url, link.get_attribute("href")))  # same tab, still routed
            page.bring_to_front()  # a background tab is throttled
            page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120000)
            start = time.monotonic()
            deadline = start + RUN_ALL_SECONDS

            def left() -> float:  # ms of the stated limit still left
                return max(1.0, (deadline - time.monotonic()) * 1000)

            # Run All only once the notebook's kernel has started: pressed while its
            # session is still being set up, it starts a second kernel, one of the two
            # is dropped ("Session ... not found") and no cell runs.
            step = "start the kernel"
            page.wait_for_function(KERNEL_READY, timeout=left(), polling=250)
            page.evaluate(KERNEL_LOG)
            # The notebook opens with the outputs of the book's own build; cleared,
            # whatever appears next was computed here, in the browser.
            step = "clear the stored outputs"
            page.get_by_role("menuitem", name="Edit", exact=True).click()
            page.get_by_role("menuitem", name=re.compile(r"^Clear Outputs of All Cells")).click()
            page.locator(".jp-Notebook .jp-OutputArea-output").first.wait_for(
                state="detached", timeout=left()
            )
            step = "run all cells"
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
            # A number computed from the case data, printed by the chapter's code...
            step = "wait for a computed number"
            counted = page.locator(
                ".jp-OutputArea-output", has_text=re.compile(r"Assemblage: \d+ ")
            )
            counted.first.wait_for(state="attached", timeout=left())
            # ...and the chapter's explorers, drawn by their widget in the notebook.
            step = "wait for the first explorer"
            explorer = page.locator(".jp-OutputArea-output section.cpx").first
            explorer.wait_for(state="attached", timeout=left())
            assert explorer.locator("input[type=radio]").count() >= 2
            # Every cell has run: the last one's explorer is there (a cell that fails
            # stops the cells queued after it), and no error is shown.
            step = "wait for the last cell's explorer"
            last = page.locator(".jp-OutputArea-output section.cpx", has_text=LAST_OUTPUT)
            last.first.wait_for(state="attached", timeout=left())
            # ...in this kernel, once each and in order, the set-up cell first.
            prompts = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").all_inner_texts()
            assert [p.strip() for p in prompts] == [f"[{i}]:" for i in range(1, len(prompts) + 1)]
        except (PlaywrightError, AssertionError) as err:
            pytest.fail(diagnosis.report(f"{CHAPTER} in the browser, at '{step}': {err}"))
        seconds = time.monotonic() - start
        shown = [
            t
            for t in page.locator(".jp-OutputArea-output").all_inner_texts()
            if "Traceback" in t or "Error" in t
        ]
        assert not shown, shown
        page.close()
    finally:
        browser.remove_listener("request", watch)
    assert not report.outside_requests and not outside, report.outside_requests + outside
    print(f"\n{CHAPTER}: every cell ran in the browser in {seconds:.0f} s")
