#!/usr/bin/env python3
"""Benchmark import time: the package's entry points and each chapter's first cell.

Each import runs in a fresh interpreter, five times; the table gives the median
minus the median start-up of a bare interpreter (``python -c pass``). Compiled
bytecode is kept in a temporary folder (``PYTHONPYCACHEPREFIX``) and filled by a
first, untimed run, so the figures are those a reader sees from the second run on,
and the working tree gets no ``__pycache__`` folders. For the slowest import,
``python -X importtime`` names the five packages that cost most (cumulative time,
a package's own imports included).

The chapters' rows time exactly the imports of each chapter's first code cell
(read from ``chapters/*.md``), which is what a reader waits for before anything
else in the chapter runs.

Prints Markdown tables with the machine it ran on. A benchmark, not a test.
Run: ``.venv/bin/python benchmarks/bench_imports.py [--runs 5]``.
"""

from __future__ import annotations

import argparse
import ast
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import machine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# (what, statement): the package's entry points, lightest first.
MODULES = [
    ("coproduction", "import coproduction"),
    ("coproduction.cases", "import coproduction.cases"),
    ("coproduction.models.typologies", "import coproduction.models.typologies"),
    ("coproduction.models.ecosystem (networkx)", "import coproduction.models.ecosystem"),
    ("coproduction.exercises.items", "import coproduction.exercises.items"),
    ("coproduction.exercises.cli (grading command)", "import coproduction.exercises.cli"),
    ("coproduction.exercises.notebook", "import coproduction.exercises.notebook"),
    ("coproduction.widgets.explorer", "import coproduction.widgets.explorer"),
    ("coproduction.figures (matplotlib)", "import coproduction.figures"),
]


def first_cell_imports(page: Path) -> str:
    """The import statements of the page's first code cell, one per line."""
    lines = page.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("```{code-cell}"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].rstrip() == "```")
    body = [ln for ln in lines[start + 1 : end] if not ln.startswith(":")]  # cell options
    tree = ast.parse("\n".join(body))
    imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    return "\n".join(ast.unparse(n) for n in imports)


def chapters() -> list[tuple[str, str]]:
    return [
        (f"{page.stem}: first cell's imports", first_cell_imports(page))
        for page in sorted((ROOT / "chapters").glob("*.md"))
    ]


class Runner:
    def __init__(self, pycache: str, runs: int) -> None:
        self.runs = runs
        self.env = {**os.environ, "PYTHONPYCACHEPREFIX": pycache}
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)

    def once(self, code: str, *flags: str) -> tuple[float, str]:
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, *flags, "-c", code],
            cwd=tempfile.gettempdir(),  # not the repository: nothing is found there by accident
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"bench_imports: `{code}` failed:\n{proc.stderr[-3000:]}")
        return elapsed, proc.stderr

    def median(self, code: str) -> float:
        self.once(code)  # compile and cache the bytecode; not timed
        return statistics.median(self.once(code)[0] for _ in range(self.runs))


def offenders(stderr: str, top: int = 5) -> list[tuple[str, str, float, float]]:
    """Modules outside the package by cumulative import time.

    Returns (module, the module that imported it, cumulative ms, own ms). The
    output of ``-X importtime`` lists a module after everything it imports, one
    indentation step deeper per level, so a module's importer is the next line
    less indented.
    """
    entries = []  # (depth, name, own, cumulative), in printed order
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        own, cumulative, name = line[len("import time:") :].split("|")
        if not own.strip().isdigit():
            continue  # the header line
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        entries.append((depth, name.strip(), int(own) / 1000, int(cumulative) / 1000))
    rows = []
    for i, (depth, name, own, cumulative) in enumerate(entries):
        if name.split(".")[0] == "coproduction":
            continue
        parent = next((e[1] for e in entries[i + 1 :] if e[0] < depth), "(the statement)")
        rows.append((name, parent, cumulative, own))
    return sorted(rows, key=lambda r: -r[2])[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per import (median)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-imports-") as pycache:
        runner = Runner(pycache, args.runs)
        bare = runner.median("pass")
        rows = [(what, code, runner.median(code) - bare) for what, code in MODULES + chapters()]
        slowest = max(rows, key=lambda r: r[2])
        _, stderr = runner.once(slowest[1], "-X", "importtime")

    print(f"Machine: {machine()}\n")
    print(
        f"Import time in a fresh interpreter, median of {args.runs} runs minus the bare "
        f"interpreter's start-up ({bare * 1000:.0f} ms); bytecode cached.\n"
    )
    print("| import | ms |\n|---|---:|")
    for what, _, seconds in rows:
        ms = seconds * 1000
        print(f"| {what} | {ms:.0f} |" if ms >= 1 else f"| {what} | < 1 |")
    print(f"\nSlowest: {slowest[0]}. Where its time goes (`python -X importtime`):\n")
    print("| module | imported by | cumulative ms | own ms |\n|---|---|---:|---:|")
    for name, parent, cumulative, own in offenders(stderr):
        print(f"| {name} | {parent} | {cumulative:.0f} | {own:.1f} |")
    print(
        "\nCumulative time includes everything a module imports itself, so nested rows "
        "overlap; -X importtime adds its own overhead, so its figures run higher than the "
        "medians above."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
