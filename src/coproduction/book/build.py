"""Execute the book's notebooks in parallel before Sphinx reads them.

Jupyter Book 1 executes notebooks one after another while Sphinx reads the pages.
This module fills the same execution cache (jupyter-cache, in
``_build/.jupyter_cache``) first, running the notebooks that have no cached result
in a pool of processes, one per core. The book build then finds every notebook in
the cache and only reads and writes pages. A notebook is read exactly as myst-nb
reads it, so the cache key (its code cells and kernel) is the one the build asks
for; a notebook that fails is left out, and the build executes it again and
reports the error in the usual way.

The cache must also follow what the pages read besides their own cells (the
package and the case data): :func:`coproduction.book.sphinx_ext.inputs_digest` hashes
those, and a cache filled under another digest is cleared first, as the build does.

Run it as ``python -m coproduction.book.build [--jobs N]`` from the book's root
(``make book`` does).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jupyter_cache.base import JupyterCacheAbstract
    from nbformat import NotebookNode

CACHE = Path("_build") / ".jupyter_cache"
# How often a notebook's kernel is started before its failure to start is reported.
START_ATTEMPTS = 3


@dataclass
class Report:
    notebooks: int = 0
    cached: list[str] = field(default_factory=list)
    executed: dict[str, float] = field(default_factory=dict)  # path -> seconds
    failed: dict[str, str] = field(default_factory=dict)  # path -> error
    cleared: bool = False
    seconds: float = 0.0


def _read(path: Path) -> NotebookNode:
    """The notebook as myst-nb reads it for execution (same cache key)."""
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    nb: NotebookNode = read_myst_markdown_notebook(
        path.read_text(encoding="utf-8"), config=MdParserConfig(), add_source_map=True, path=path
    )
    return nb


def _pages(root: Path) -> set[Path]:
    """The book's pages: those ``_toc.yml`` lists, or every ``.md`` file if it has none.

    Reading the table of contents means a page in a new folder is pre-executed
    like the others, with nothing else to update.
    """
    if (root / "_toc.yml").is_file():
        from coproduction.book.facts import pages_in_order

        return {root / f"{page}.md" for page in pages_in_order(root)} & set(root.rglob("*.md"))
    return {
        p
        for p in root.rglob("*.md")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(root).parts[:-1])
    }


def notebooks(root: Path) -> list[Path]:
    """The book's MyST notebooks (pages with a jupytext header), sorted."""
    from myst_nb.core.read import is_myst_markdown_notebook

    return sorted(
        p for p in _pages(root) if is_myst_markdown_notebook(p.read_text(encoding="utf-8"))
    )


def _execute(path: str, timeout: int) -> tuple[str, str | None, float, str | None]:
    """Run one notebook in its own folder (a worker process); return it as JSON text."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    p = Path(path)
    for attempt in range(1, START_ATTEMPTS + 1):
        nb = _read(p)
        try:
            result = single_nb_execution(
                nb, cwd=str(p.parent), allow_errors=False, timeout=timeout, meta_override=True
            )
            break
        except Exception as err:  # the kernel failed, not a cell
            # A cell's error comes back in ``result.err``; an exception here means the
            # kernel did not start or died, e.g. "Kernel died before replying to
            # kernel_info" when another process took one of its ports in the moment
            # between choosing and binding them (likelier with several kernels
            # starting at once). Try again; if it keeps failing, report it like a
            # failed notebook so the build runs it and shows the error.
            if attempt == START_ATTEMPTS:
                return path, None, 0.0, f"{type(err).__name__}: {err}"
    if result.err is not None:
        return path, None, result.time, f"{type(result.err).__name__}: {result.err}"
    return path, nbformat.writes(nb), result.time, None


def check_inputs(root: Path, cache_dir: Path) -> bool:
    """Clear the cache if it was filled under other package or data files; True if cleared."""
    from coproduction.book.sphinx_ext import CACHE_STAMP, inputs_digest

    digest = inputs_digest(root)
    stamp = cache_dir / CACHE_STAMP
    cleared = False
    if cache_dir.is_dir() and not (stamp.is_file() and stamp.read_text().strip() == digest):
        shutil.rmtree(cache_dir)
        cleared = True
    cache_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest + "\n")
    return cleared


def preexecute(root: Path, jobs: int | None = None, timeout: int = 180) -> Report:
    """Execute every notebook without a cached result, ``jobs`` at a time."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    start = time.perf_counter()
    root = root.resolve()
    cache_dir = root / CACHE
    report = Report(cleared=check_inputs(root, cache_dir))
    cache = get_cache(str(cache_dir))
    pending = []
    for path in notebooks(root):
        report.notebooks += 1
        try:
            cache.match_cache_notebook(_read(path))
            report.cached.append(str(path.relative_to(root)))
        except KeyError:
            pending.append(path)
    # Longest first keeps both cores busy to the end; the last run time is a fair guide.
    pending.sort(key=lambda p: -_last_runtime(cache, p))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(pending) or 1))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_execute, str(p), timeout) for p in pending]
        for fut in as_completed(futures):
            done, text, seconds, error = fut.result()
            rel = str(Path(done).relative_to(root))
            if error is not None:
                report.failed[rel] = error
                continue
            cache.cache_notebook_bundle(
                CacheBundleIn(
                    nbformat.reads(text, as_version=4), done, data={"execution_seconds": seconds}
                ),
                check_validity=False,
                overwrite=True,
            )
            report.executed[rel] = seconds
    report.seconds = time.perf_counter() - start
    return report


def _last_runtime(cache: JupyterCacheAbstract, path: Path) -> float:
    """Seconds the notebook took when it was last cached (0 if never)."""
    best = 0.0
    for record in cache.list_cache_records():
        if record.uri == str(path):
            best = max(best, float((record.data or {}).get("execution_seconds") or 0))
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coproduction.book.build",
        description="Execute the book's notebooks in parallel into the execution cache "
        "that the book build reads (run from the book's root, before jupyter-book build).",
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="the book's root folder")
    parser.add_argument(
        "--jobs", type=int, default=None, help="notebooks run at once (default: one per core)"
    )
    parser.add_argument("--timeout", type=int, default=180, help="seconds per cell")
    args = parser.parse_args(argv)
    report = preexecute(args.root, args.jobs, args.timeout)
    cleared = ", cache cleared: package or data changed" if report.cleared else ""
    print(
        f"pre-execute: {report.notebooks} notebooks, {len(report.cached)} already cached, "
        f"{len(report.executed)} executed, {len(report.failed)} failed "
        f"({report.seconds:.1f} s{cleared})"
    )
    for path, error in report.failed.items():
        print(
            f"  {path}: {error} (the book build will run it again and show the error)",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
