#!/usr/bin/env python3
"""Benchmark the distribution: wheel and sdist sizes, and how long a newcomer waits
for ``pip install coproduction-*.whl`` in a fresh virtual environment.

Builds the wheel and sdist with ``python -m build`` (the environment's hatchling,
no download), then times ``pip install`` of the wheel into new virtual
environments made outside the repository: once with pip's cache disabled, as on
a machine that has never installed any of the dependencies (every file comes from
the package registry), and once with pip's cache warm. Also reports the size of
the installed environment. Prints a Markdown table with the machine it ran on.
A benchmark, not a test.

Run: ``.venv/bin/python benchmarks/bench_install.py``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import machine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _install(wheel: Path, where: Path, *pip_args: str) -> float:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    start = time.perf_counter()
    subprocess.run(
        [str(where / "bin" / "python"), "-m", "pip", "install", "--quiet", *pip_args, str(wheel)],
        check=True,
        cwd=where,
    )
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dist"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
            check=True,
            capture_output=True,
        )
        built = time.perf_counter() - start
        (wheel,) = out.glob("*.whl")
        (sdist,) = out.glob("*.tar.gz")
        cold = _install(wheel, Path(tmp) / "cold", "--no-cache-dir")
        warm = _install(wheel, Path(tmp) / "warm")
        env_mb = _size(Path(tmp) / "warm") / 1e6
        wheel_kb, sdist_kb = wheel.stat().st_size / 1e3, sdist.stat().st_size / 1e3
    print(f"Machine: {machine()}\n")
    print("| what | figure |\n|---|---:|")
    print(f"| `python -m build` (sdist, then the wheel from it) | {built:.1f} s |")
    print(f"| wheel `{wheel.name}` | {wheel_kb:.0f} KB |")
    print(f"| sdist `{sdist.name}` | {sdist_kb:.0f} KB |")
    print(f"| `pip install` of the wheel, fresh venv, no pip cache | {cold:.1f} s |")
    print(f"| `pip install` of the wheel, fresh venv, warm pip cache | {warm:.1f} s |")
    print(f"| the fresh environment afterwards | {env_mb:.0f} MB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
