#!/usr/bin/env python3
"""Benchmark the book build: sequential and parallel clean builds, and two rebuilds.

One run measures, in a scratch copy of the repository (so the working tree is
never touched):

1. a clean build, sequential: ``jupyter-book build`` executes every notebook
   itself, one after another. Each notebook's execution time is read from the
   execution cache afterwards; Sphinx's own time is the total minus their sum;
2. a clean build, parallel, as ``make book`` does it: ``python -m
   coproduction.book.build`` executes the notebooks in a pool of processes into the
   cache, then ``jupyter-book build`` reads the cache. It is compared with the
   target: the slowest notebook, plus the rest shared among the cores, plus
   Sphinx's own time;
3. a rebuild with nothing changed (both steps);
4. a rebuild after a harmless edit to one chapter's code cell (a comment line
   appended to its first code cell; the file is restored afterwards). Exactly one
   notebook must be executed again.

The number of notebooks executed in each step is counted twice: from the cache
(records that appeared during the step) and from the logs (the pre-execution
report and jupyter-book's "Executing notebook" lines).

Prints Markdown tables with the machine it ran on. Run from the repository root:
``.venv/bin/python benchmarks/bench_build.py [--copy-to DIR | --root DIR]``.
A benchmark, not a test: it asserts nothing about time, but it exits with
status 1 if a build fails or if the one-chapter rebuild does not execute exactly
one notebook.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JB = Path(sys.executable).with_name("jupyter-book")
CACHE = Path("_build") / ".jupyter_cache"
EDITED = "chapters/03-osborne-typologies.md"
# Left out of the scratch copy: the environment, built output, history and caches.
# The in-browser notebooks (_vendor_lite, `make lite`) are left out: the figures are the book's.
SKIP_TOP = {".venv", "_build", ".git", "_vendor_lite"}
SKIP_ANY = {"__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", ".ipynb_checkpoints"}
EXECUTING_LINE = re.compile(r"^(\S+?\.\w+): Executing notebook using", re.M)
PREEXEC_LINE = re.compile(
    r"pre-execute: (\d+) notebooks, (\d+) already cached, (\d+) executed, (\d+) failed"
)


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


@dataclass
class Step:
    name: str
    preexec: float | None = None  # seconds of `python -m coproduction.book.build`
    build: float = 0.0  # seconds of `jupyter-book build`
    executed_cache: int = 0  # cache records that appeared during the step
    executed_pre: int = 0  # from the pre-execute report
    executed_jb: list[str] = field(default_factory=list)  # "Executing notebook" in the log
    executed_names: list[str] = field(default_factory=list)
    preexec_failed: int = 0  # notebooks the pre-execution could not run

    @property
    def executed_log(self) -> int:
        return self.executed_pre + len(self.executed_jb)

    @property
    def total(self) -> float:
        return (self.preexec or 0.0) + self.build


class Bench:
    def __init__(self, root: Path, jobs: int | None) -> None:
        self.root = root
        self.jobs = jobs
        path = os.environ.get("PYTHONPATH")
        # The copy's own package, not the working tree's editable install.
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(root / "src"), *([path] if path else [])]),
            "PYTHONUNBUFFERED": "1",
        }

    def _run(self, cmd: list[str], what: str) -> tuple[float, str]:
        start = time.perf_counter()
        proc = subprocess.run(
            cmd, cwd=self.root, env=self.env, capture_output=True, text=True, check=False
        )
        elapsed = time.perf_counter() - start
        log = proc.stdout + proc.stderr
        if proc.returncode != 0:
            raise BuildFailed(f"{what} failed (exit {proc.returncode}):\n{log[-4000:]}")
        return elapsed, log

    def records(self) -> dict[int, tuple[str, float]]:
        """Cache record id -> (notebook relative to the root, execution seconds)."""
        from jupyter_cache import get_cache

        cache_dir = self.root / CACHE
        if not cache_dir.is_dir():
            return {}
        out = {}
        for record in get_cache(str(cache_dir)).list_cache_records():
            uri = Path(record.uri)
            rel = uri.relative_to(self.root).as_posix() if uri.is_absolute() else uri.as_posix()
            out[record.pk] = (rel, float((record.data or {}).get("execution_seconds") or 0.0))
        return out

    def _relative(self, path: str) -> str:
        p = Path(path)
        return p.relative_to(self.root).as_posix() if p.is_relative_to(self.root) else path

    def step(self, name: str, clean: bool, parallel: bool) -> Step:
        if clean:
            shutil.rmtree(self.root / "_build", ignore_errors=True)
        before = self.records()
        result = Step(name)
        if parallel:
            cmd = [sys.executable, "-m", "coproduction.book.build", "--root", str(self.root)]
            if self.jobs:
                cmd += ["--jobs", str(self.jobs)]
            result.preexec, log = self._run(cmd, "python -m coproduction.book.build")
            match = PREEXEC_LINE.search(log)
            if match is None:
                raise BuildFailed(f"no pre-execute report in:\n{log[-2000:]}")
            # A notebook that failed here is executed again by jupyter-book (counted below).
            result.preexec_failed = int(match.group(4))
            result.executed_pre = int(match.group(3))
        result.build, log = self._run(
            [str(JB), "build", ".", "--builder", "html", "-W", "-n", "--keep-going"],
            "jupyter-book build",
        )
        result.executed_jb = sorted(
            self._relative(m) for m in EXECUTING_LINE.findall(log)
        )  # e.g. "/book/chapters/01-a.md: Executing notebook using local CWD [mystnb]"
        new = {pk: v for pk, v in self.records().items() if pk not in before}
        result.executed_cache = len(new)
        result.executed_names = sorted(f"{rel} ({sec:.1f} s)" for rel, sec in new.values())
        return result


class BuildFailed(RuntimeError):
    pass


def copy_repo(source: Path, target: Path) -> None:
    """Copy the working tree (without .venv, _build, .git and caches) to ``target``."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n in SKIP_ANY}
        if Path(folder).resolve() == source:
            skip |= {n for n in names if n in SKIP_TOP}
        return skip

    shutil.copytree(source, target, symlinks=True, ignore=ignore, dirs_exist_ok=True)


def edit_first_code_cell(page: Path) -> str:
    """Append a comment line to the page's first code cell; return the original text."""
    text = page.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = next(
        (i for i, ln in enumerate(lines) if ln.startswith("```{code-cell}")), None
    )  # the opening fence of the first code cell
    if start is None:
        raise BuildFailed(f"{page}: no code cell to edit; pass another page with --edit")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].rstrip() == "```")
    lines.insert(end, "# benchmark: a harmless edit that changes only this cell's source\n")
    page.write_text("".join(lines), encoding="utf-8")
    return text


def fmt(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:.1f}"


def run(root: Path, jobs: int | None, edited: str) -> int:
    bench = Bench(root, jobs)
    cores = jobs or os.cpu_count() or 1

    seq = bench.step("clean build, sequential (jupyter-book executes every notebook)", True, False)
    seq_times = {rel: s for rel, s in bench.records().values()}
    par = bench.step(f"clean build, parallel ({cores} jobs, then jupyter-book)", True, True)
    par_times = {rel: s for rel, s in bench.records().values()}
    same = bench.step("rebuild, nothing changed (both steps)", False, True)
    page = root / edited
    stat = page.stat()
    original = edit_first_code_cell(page)
    try:
        one = bench.step(f"rebuild after editing a code cell of {edited}", False, True)
    finally:
        page.write_text(original, encoding="utf-8")
        os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    steps = [seq, par, same, one]
    print(f"Machine: {machine()}\n")
    print(f"Built in a copy of the working tree; {len(seq_times)} notebooks.\n")
    print(
        "| build | pre-execute (s) | jupyter-book build (s) | total (s) | "
        "of clean sequential | of clean parallel | notebooks executed (pre-execute + "
        "jupyter-book) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for s in steps:
        if s.preexec is None:
            count = str(s.executed_log)
        else:
            count = f"{s.executed_pre} + {len(s.executed_jb)} = {s.executed_log}"
        if s.executed_log != s.executed_cache:
            count += f" (new cache records: {s.executed_cache})"
        print(
            f"| {s.name} | {fmt(s.preexec)} | {fmt(s.build)} | {fmt(s.total)} | "
            f"{s.total / seq.total:.2f} | {s.total / par.total:.2f} | {count} |"
        )

    print("\nExecution time per notebook (s), longest first:\n")
    print("| notebook | sequential, in jupyter-book | in the pool (parallel) |")
    print("|---|---:|---:|")
    for rel, seconds in sorted(seq_times.items(), key=lambda kv: -kv[1]):
        print(f"| {rel} | {seconds:.1f} | {fmt(par_times.get(rel))} |")
    execution = sum(seq_times.values())
    sphinx = seq.build - execution
    print(f"| **sum** | **{execution:.1f}** | **{sum(par_times.values()):.1f}** |")

    slowest_name, slowest = max(seq_times.items(), key=lambda kv: kv[1])
    rest = execution - slowest
    target = slowest + rest / cores + sphinx
    print(f"\nSphinx's own time (sequential clean build minus notebook execution): {sphinx:.1f} s.")
    print(
        f"Speed-up of the parallel clean build over the sequential one: "
        f"{seq.total / par.total:.2f}x ({seq.total:.1f} s -> {par.total:.1f} s)."
    )
    print(
        f"Target for the parallel clean build: slowest notebook ({slowest_name}, "
        f"{slowest:.1f} s) + the rest shared among {cores} cores ({rest:.1f} s / {cores} = "
        f"{rest / cores:.1f} s) + Sphinx's own time ({sphinx:.1f} s) = {target:.1f} s. "
        f"Measured: {par.total:.1f} s, {par.total - target:+.1f} s "
        f"({par.total / target:.2f} of the target)."
    )
    print(
        f"The one-chapter rebuild executed {one.executed_cache} notebook(s): "
        f"{', '.join(one.executed_names) or 'none'} (expected exactly 1: {edited})."
    )
    for s in steps:
        if s.preexec_failed:
            print(
                f"Note: in '{s.name}', {s.preexec_failed} notebook(s) failed in the pre-execution "
                "and jupyter-book executed them itself."
            )
        if s.preexec is not None and s.executed_jb:
            print(
                f"Note: in '{s.name}', jupyter-book executed {len(s.executed_jb)} notebook(s) "
                f"after the pre-execution: {', '.join(s.executed_jb)}."
            )
    if one.executed_cache != 1 or one.executed_log != 1:
        print("UNEXPECTED: the one-chapter rebuild must execute exactly one notebook.")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--copy-to",
        type=Path,
        help="copy the repository here (a new or empty folder) and keep it, with the built "
        "book in its _build/html (default: a temporary copy, removed afterwards)",
    )
    where.add_argument(
        "--root",
        type=Path,
        help="build this book in place instead of a copy (its _build is deleted first)",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="pre-execution jobs (default: cores)"
    )
    parser.add_argument(
        "--edit", default=EDITED, help=f"page whose first code cell is edited (default: {EDITED})"
    )
    args = parser.parse_args(argv)

    try:
        if args.root:
            root = args.root.resolve()
            if not (root / "_config.yml").is_file():
                parser.error(f"--root {args.root}: no _config.yml there; give the book's root")
            return run(root, args.jobs, args.edit)
        if args.copy_to:
            target = args.copy_to.resolve()
            if target.exists() and any(target.iterdir()):
                parser.error(f"--copy-to {args.copy_to}: the folder is not empty; give a new one")
            copy_repo(ROOT, target)
            return run(target, args.jobs, args.edit)
        with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
            copy_repo(ROOT, Path(tmp))
            return run(Path(tmp), args.jobs, args.edit)
    except BuildFailed as err:
        print(f"bench_build: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
