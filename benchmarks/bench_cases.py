#!/usr/bin/env python3
"""Benchmark loading the cases: cold (a fresh process) and warm (cached in-process).

Prints a Markdown table with the machine it ran on. A benchmark, not a test.
Run: ``.venv/bin/python benchmarks/bench_cases.py``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import machine  # noqa: E402

COLD = """
import time
t0 = time.perf_counter()
from coproduction.cases import case_ids, load_case, load_frameworks
t1 = time.perf_counter()
load_frameworks()
t2 = time.perf_counter()
for c in case_ids():
    load_case(c)
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def main() -> int:
    runs = [
        [float(x) for x in subprocess.check_output([sys.executable, "-c", COLD], text=True).split()]
        for _ in range(5)
    ]
    imp, fw, cases = (statistics.median(col) for col in zip(*runs, strict=True))

    from coproduction.cases import case_ids, load_case

    load_case(case_ids()[0])
    warm = []
    for _ in range(200):
        t = time.perf_counter()
        for c in case_ids():
            load_case(c)
        warm.append(time.perf_counter() - t)

    print(f"Machine: {machine()}\n")
    print("| step (median of 5 fresh processes) | ms |\n|---|---:|")
    print(f"| import coproduction.cases | {imp * 1000:.0f} |")
    print(f"| load and validate the frameworks | {fw * 1000:.0f} |")
    print(f"| load and validate every shipped case ({len(case_ids())}) | {cases * 1000:.0f} |")
    print(f"| total, cold | {(imp + fw + cases) * 1000:.0f} |")
    print(
        f"| every case again, warm (cached; median of 200) | {statistics.median(warm) * 1000:.2f} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
