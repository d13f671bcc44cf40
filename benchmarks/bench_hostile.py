#!/usr/bin/env python3
"""Benchmark the hostile set: time and peak memory per input, each read in a process of
its own (as ``tests/unit/test_hostile.py`` runs it, under a 1 GB address-space limit).

Prints a Markdown table (reader, input, seconds, peak MB, first line the user sees)
with the machine it ran on, then the worst time and memory. The figures include
starting Python and importing the package (about 0.1 s and 35-40 MB). Run from the
repository root: ``.venv/bin/python benchmarks/bench_hostile.py``. A benchmark, not a
test: it asserts nothing about time, but it exits with status 1 if an input ends in a
traceback, a crash or a timeout.
"""

from __future__ import annotations

import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests" / "unit"
sys.path[:0] = [str(ROOT / "src"), str(TESTS)]

import hostile  # noqa: E402

LIMIT = 1024 * 1024 * 1024


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def main() -> int:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(TESTS)])}
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPU(s), {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}\n"
    )
    print("| reader | input | seconds | peak MB | the user sees |")
    print("|---|---|---:|---:|---|")
    worst_t = worst_m = (0.0, "")
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in hostile.build(Path(tmp)):
            try:
                proc = subprocess.run(
                    [sys.executable, str(TESTS / "hostile.py"), case.reader, str(case.path)],
                    capture_output=True,
                    text=True,
                    timeout=300,
                    preexec_fn=_limit,
                    env=env,
                )
            except subprocess.TimeoutExpired:
                print(f"| {case.reader} | {case.name} | timeout | | |")
                bad += 1
                continue
            stats = re.search(r"seconds=([\d.]+) peak_mb=([\d.]+)", proc.stdout)
            if proc.returncode or "Traceback" in proc.stdout + proc.stderr or not stats:
                print(f"| {case.reader} | {case.name} | failed | | {proc.stderr[-200:]!r} |")
                bad += 1
                continue
            t, m = float(stats.group(1)), float(stats.group(2))
            lines = [ln for ln in proc.stdout.splitlines() if case.expect in ln]
            shown = (lines[0] if lines else proc.stdout.splitlines()[0]).strip()[:110]
            print(
                f"| {case.reader} | {case.name} | {t:.3f} | {m:.0f} | {shown.replace('|', '/')} |"
            )
            key = f"{case.reader}/{case.name}"
            worst_t = max(worst_t, (t, key))
            worst_m = max(worst_m, (m, key))
    print(
        f"\nWorst time: {worst_t[0]:.3f} s ({worst_t[1]}); worst peak memory: "
        f"{worst_m[0]:.0f} MB ({worst_m[1]}); {bad} failure(s)."
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
