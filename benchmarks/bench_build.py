#!/usr/bin/env python3
"""Benchmark the book build: clean, rebuild with no change, and after touching one page.

Prints a Markdown table with the machine it ran on. Run from the repository root:
``.venv/bin/python benchmarks/bench_build.py``. This is a benchmark, not a test:
it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JB = Path(sys.executable).with_name("jupyter-book")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def build() -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [str(JB), "build", str(ROOT), "--builder", "html", "-W", "-n", "--keep-going"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return elapsed


def touch_page(rel: str) -> None:
    page = ROOT / rel
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n", encoding="utf-8")
    page.write_text(text, encoding="utf-8")  # content back as it was, mtime is new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="front/how-to-use.md", help="page to touch")
    args = parser.parse_args(argv)

    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    rows = [("clean build (execution cache empty)", build())]
    rows.append(("rebuild, nothing changed", build()))
    touch_page(args.page)
    rows.append((f"rebuild after touching {args.page}", build()))

    print(f"Machine: {machine()}\n")
    print("| build | seconds |\n|---|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
