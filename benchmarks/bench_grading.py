#!/usr/bin/env python3
"""Benchmark grading: synthetic classes of 1,000, 5,000 and 10,000 submissions.

Each submission answers the example assessed set (``exercises/assessed/example-set.yaml``)
the way a class might: most questions answered, some more than once, about two
answers in three right, a short answer of about 60 words, and a valid chain (built
with :func:`coproduction.exercises.responses.link`, as ``record`` does, but without
rewriting the file for every answer). Each class is graded end to end in a fresh
process by ``coproduction-exercises grade``, writing every output (long CSV,
gradebook, problems, one feedback page per student, markers' sheets), and the
process's peak memory is read from the kernel. Submissions are streamed: memory
grows only with the results kept for each student (a few kilobytes), not with the
size of the files read.

Prints a Markdown table with the machine it ran on. A benchmark, not a test.
Run: ``.venv/bin/python benchmarks/bench_grading.py [--sizes 1000 5000 10000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from coproduction.resources import example

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import machine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = example("example-set.yaml")

CHILD = """
import json, resource, sys, time
from coproduction.exercises.cli import main
t0 = time.perf_counter()
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rc = main(["grade", sys.argv[1], sys.argv[2], "--out", sys.argv[3], "--no-progress",
           "--gradebook", "moodle"])
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rc": rc, "seconds": seconds, "rss_before_kb": rss0, "peak_kb": peak}),
      file=sys.stderr)
"""

SENTENCE = (
    "co-production and co-governance complemented each other because third sector "
    "organisations supplied a strategic view that experience alone could not while "
    "policymakers feared their own agendas might intimidate users and some saw the "
    "panels as a management tool that asked narrow questions so users voice became "
    "something several actors competed to speak for in the ecosystem"
)
WORDS = SENTENCE.split(" ")


def wrong_answer(item, rng: random.Random):
    """A plausible wrong answer of the right shape."""
    kind = item.kind
    if kind == "single":
        return rng.choice([o.id for o in item.options if not o.correct])
    if kind == "multiple":
        ids = [o.id for o in item.options]
        return rng.sample(ids, rng.randint(1, len(ids)))
    if kind == "classify":
        return rng.choice([c for c, _ in item.categories if c != item.answer])
    if kind == "matching":
        rights = [e.id for e in item.right]
        return {e.id: rng.choice(rights) for e in item.left}
    if kind == "ordering":
        order = [s.id for s in item.steps]
        rng.shuffle(order)
        return order
    if kind == "numeric":
        return item.answer + rng.choice([-2, -1, 1, 2])
    return " ".join(rng.choices(WORDS, k=rng.randint(40, 80)))


def submission(aset, student: str, rng: random.Random, start: datetime) -> dict:
    from coproduction.exercises import responses

    meta = {"set": aset.id, "fingerprint": aset.fingerprint, "student": student}
    rows, previous, now = [], "", start
    attempts: dict[str, int] = {}
    for item in aset.items:
        if rng.random() < 0.05:
            continue  # left unanswered
        for _ in range(1 if rng.random() < 0.8 else rng.randint(2, 3)):
            if item.kind == "short":
                answer = " ".join(rng.choices(WORDS, k=rng.randint(40, 80)))
            elif rng.random() < 0.67:
                answer = item.key()
            else:
                answer = wrong_answer(item, rng)
            now += timedelta(seconds=rng.randint(20, 400))
            attempts[item.id] = attempts.get(item.id, 0) + 1
            r = {
                "item": item.id,
                "attempt": attempts[item.id],
                "timestamp": now.isoformat(timespec="seconds"),
                "answer": answer,
            }
            previous = r["chain"] = responses.link(previous, meta, r)
            rows.append(r)
    return {
        "format": responses.FORMAT,
        "version": responses.VERSION,
        **meta,
        "responses": rows,
    }


def synthesise(folder: Path, n: int, seed: int = 1) -> int:
    """Write ``n`` submissions into ``folder``; return their total size in bytes."""
    from coproduction.exercises.responses import submission_path
    from coproduction.exercises.sets import load_set

    aset = load_set(EXAMPLE)
    rng = random.Random(seed)
    start = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for k in range(n):
        student = f"s{2000000 + k}"
        data = submission(aset, student, rng, start + timedelta(minutes=rng.randint(0, 5000)))
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        path = submission_path(folder, aset.id, student)
        path.write_text(text, encoding="utf-8")
        if data["responses"]:  # handed in at the last answer, as a real file would be
            last = datetime.fromisoformat(data["responses"][-1]["timestamp"]).timestamp()
            os.utime(path, (last, last))
        size += len(text.encode("utf-8"))
    return size


def grade(source: Path, out: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(EXAMPLE), str(source), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("{")]
    if not lines:
        raise SystemExit(f"grading failed:\n{proc.stderr}")
    result = json.loads(lines[-1])
    result["graded"] = sum(1 for _ in (out / "feedback").glob("*.html"))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        tmp = Path(tmp)
        for n in args.sizes:
            subs = tmp / f"subs-{n}"
            size = synthesise(subs, n)
            r = grade(subs, tmp / f"out-{n}")
            rows.append(("folder", n, size, r))
            shutil.rmtree(tmp / f"out-{n}")
        n = max(args.sizes)
        archive = tmp / f"class-{n}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted((tmp / f"subs-{n}").iterdir()):
                zf.write(path, f"submissions/{path.name}")
        r = grade(archive, tmp / "out-zip")
        rows.append(("zip", n, os.path.getsize(archive), r))

    print(f"Machine: {machine()}\n")
    print(
        "| source | submissions | input (MB) | seconds | submissions/s | "
        "memory after import (MB) | peak memory (MB) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind, n, size, r in rows:
        assert r["graded"] == n, f"graded {r['graded']} of {n}"
        print(
            f"| {kind} | {n:,} | {size / 1e6:.1f} | {r['seconds']:.1f} | "
            f"{n / r['seconds']:,.0f} | {r['rss_before_kb'] / 1024:.0f} | "
            f"{r['peak_kb'] / 1024:.0f} |"
        )
    print(
        "\nEach row is one fresh process running `coproduction-exercises grade` end to end "
        "(reading, checking chains, scoring, and writing every output, including one "
        "feedback page per student). Peak memory is the process's maximum resident set size; "
        "what it adds over the memory after import is the results kept per student."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
