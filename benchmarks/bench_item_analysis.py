#!/usr/bin/env python3
"""Simulate a class answering a set drawn from the bank, grade it, and show the item analysis.

The set has 16 questions from the book's bank (every kind: single and multiple choice,
classify, matching, ordering, numeric and a short answer) and two planted bad ones
written into the set: ``planted-miskeyed``, a single-choice question whose key marks
the wrong option, and ``planted-no-signal``, whose answers do not depend on ability.
One distractor of a bank question (``ch3-enhanced-aim``, option ``d``) is made
unattractive to every student, so that it is chosen by nobody.

The model, seeded and reproducible (``--seed``):

- each student has an ability drawn from N(0, 1); each question a discrimination
  ``a`` (0.8 to 2.0) and a difficulty ``b`` (-1.5 to 1.0), and the chance of getting
  it right is ``c + (1 - c) / (1 + exp(-1.7 a (ability - b)))``, with ``c`` one over
  the number of options for choice and classify questions (a guess) and 0 otherwise.
  The planted no-signal question has ``a = 0``;
- a student who misses a choice or classify question picks a wrong option with
  fixed, per-option attractiveness. For the miskeyed question the option that is
  really right is not the keyed one: strong students choose it and score 0;
- multiple choice: each option is decided right (ticked if keyed, left if not) with
  that chance; matching: each pair; ordering: right with that chance, otherwise one
  or more adjacent steps swapped, more for weaker students; numeric: right, or one
  of the question's hint values (a known slip), or another value;
- 3% of answers are left blank; about one student in five answers a question twice
  (the last answer counts);
- the short answer is marked by a simulated marker: on each criterion, the level
  nearest to the student's chance of success times the top level, plus noise. One
  answer in ten is left unmarked, so the analysis shows "still to be marked".

The class is graded with the command line (``coproduction-exercises grade``), first
without marks (writing the markers' sheets), then again with the filled-in sheets
(``--marks``). The analysis is printed as Markdown, with timings and the machine,
and the script checks that the planted problems are flagged.

Run: ``.venv/bin/python benchmarks/bench_item_analysis.py [--students 200] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import machine  # noqa: E402

INCLUDE = [
    "chapter-02/ch2-moment-of-truth",
    "chapter-03/ch3-enhanced-aim",
    "chapter-04/ch4-who-creates-value",
    "chapter-06/ch6-cogovernance",
    "chapter-05/ch5-why-no-links",
    "chapter-04/ch4-intrinsic-extrinsic",
    "chapter-06/ch6-table1-enablers",
    "chapter-02/ch2-assessment-mode",
    "chapter-06/ch6-ipoa-partners-level",
    "chapter-02/ch2-concepts-matching",
    "chapter-03/ch3-matrix-examples",
    "chapter-03/ch3-ipoa-sequence",
    "chapter-06/ch6-promise-to-value",
    "chapter-03/ch3-modes-strategic-level",
    "chapter-06/ch6-interview-share",
    "chapter-06/ch6-coproduction-and-cogovernance",
]
NOBODY = ("ch3-enhanced-aim", "d")  # a distractor made unattractive to everyone

SET = """
set: simulated-class
title: Simulated class (chapters 2 to 6)
deadline: 2026-12-04T17:00:00+00:00
include:
{include}
items:
  - id: planted-miskeyed
    kind: single
    prompt: At which level do users and staff meet in a service encounter?
    source: strokosch-osborne2020, Public service ecosystems (planted with a wrong key)
    options:
      - {{id: a, text: The micro level, correct: false, feedback: Planted - this is really right.}}
      - {{id: b, text: The meso level, correct: true, feedback: Planted - the wrong key.}}
      - {{id: c, text: The macro level, correct: false, feedback: It shapes legislation.}}
      - {{id: d, text: No level, correct: false, feedback: Every encounter has a level.}}
  - id: planted-no-signal
    kind: single
    prompt: Which of these two equally defensible readings does the author prefer?
    source: invented for the benchmark (answers do not depend on ability)
    options:
      - {{id: a, text: The first reading, correct: true, feedback: Planted.}}
      - {{id: b, text: The second reading, correct: false, feedback: Planted.}}
"""
TRUTH = {"planted-miskeyed": "a"}  # the option strong students choose, whatever the key
NO_SIGNAL = "planted-no-signal"

SENTENCE = (
    "co-production and co-governance complemented each other because third sector "
    "organisations supplied a strategic view that experience alone could not"
)


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class Model:
    """The simulated questions: parameters and how a student of a given ability answers."""

    def __init__(self, aset: Any, rng: random.Random):
        self.rng = rng
        self.params: dict[str, tuple[float, float]] = {}
        self.weights: dict[str, dict[str, float]] = {}
        for it in aset.items:
            a = 0.0 if it.id == NO_SIGNAL else rng.uniform(0.8, 2.0)
            self.params[it.id] = (a, rng.uniform(-1.5, 1.0))
            ids = self.choices(it)
            self.weights[it.id] = {c: rng.uniform(0.2, 1.0) for c in ids}
        self.weights[NOBODY[0]][NOBODY[1]] = 0.0

    @staticmethod
    def choices(it: Any) -> list[str]:
        if it.kind in ("single", "multiple"):
            return [o.id for o in it.options]
        if it.kind == "classify":
            return [c for c, _ in it.categories]
        if it.kind == "matching":
            return [e.id for e in it.right]
        return []

    def chance(self, it: Any, ability: float) -> float:
        a, b = self.params[it.id]
        k = len(self.choices(it)) if it.kind in ("single", "classify") else 0
        c = 1 / k if k else 0.0
        return c + (1 - c) * sigmoid(1.7 * a * (ability - b))

    def pick(self, it: Any, exclude: str) -> str:
        w = {c: x for c, x in self.weights[it.id].items() if c != exclude and x > 0}
        return self.rng.choices(list(w), weights=list(w.values()))[0]

    def answer(self, it: Any, ability: float) -> Any:
        rng, p = self.rng, self.chance(it, ability)
        right = rng.random() < p
        if it.kind in ("single", "classify"):
            truth = TRUTH.get(it.id, it.key())
            return truth if right else self.pick(it, truth)
        if it.kind == "multiple":
            keyed = set(it.key())
            return [o.id for o in it.options if (o.id in keyed) == (rng.random() < p)]
        if it.kind == "matching":
            rights = [e.id for e in it.right]
            return {
                left: (v if rng.random() < p else rng.choice([r for r in rights if r != v]))
                for left, v in it.key().items()
            }
        if it.kind == "ordering":
            order = list(it.key())
            if not right:
                for _ in range(1 + sum(rng.random() > p for _ in range(len(order) - 2))):
                    k = rng.randrange(len(order) - 1)
                    order[k], order[k + 1] = order[k + 1], order[k]
            return order
        if it.kind == "numeric":
            if right:
                return it.answer
            if it.hints and rng.random() < 0.6:
                return rng.choice(it.hints)[0]
            return it.answer + rng.choice([-10, -2, -1, 1, 2, 10])
        return " ".join(rng.choices(SENTENCE.split(), k=rng.randint(30, 60)))  # short

    def marks(self, it: Any, ability: float) -> dict[str, float]:
        p = sigmoid(1.7 * self.params[it.id][0] * (ability - self.params[it.id][1]))
        out = {}
        for c in it.rubric:
            levels = sorted({pts for pts, _ in c.levels})
            k = round(p * (len(levels) - 1) + self.rng.gauss(0, 0.5))
            out[c.id] = levels[max(0, min(len(levels) - 1, k))]
        return out


def submission(aset: Any, model: Model, student: str, ability: float, start: datetime) -> dict:
    from coproduction.exercises import responses

    rng = model.rng
    meta = {"set": aset.id, "fingerprint": aset.fingerprint, "student": student}
    rows: list[dict[str, Any]] = []
    previous, now = "", start
    for it in aset.items:
        if rng.random() < 0.03:
            continue  # left blank
        tries = 2 if rng.random() < 0.2 else 1
        for attempt in range(1, tries + 1):
            now += timedelta(seconds=rng.randint(20, 300))
            r = {
                "item": it.id,
                "attempt": attempt,
                "timestamp": now.isoformat(timespec="seconds"),
                "answer": model.answer(it, ability),
            }
            previous = r["chain"] = responses.link(previous, meta, r)
            rows.append(r)
    return {"format": responses.FORMAT, "version": responses.VERSION, **meta, "responses": rows}


def fill_sheets(aset: Any, model: Model, abilities: dict[str, float], sheets: Path, out: Path):
    """The markers' work: marks on 90% of the answers in each short-answer sheet."""
    out.mkdir(parents=True, exist_ok=True)
    for it in aset.items:
        if it.kind != "short":
            continue
        with open(sheets / f"{it.id}.csv", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        header, body = rows[0], rows[1:]
        cols = {c.id: next(j for j, h in enumerate(header) if h.startswith(c.id + " ("))
                for c in it.rubric}  # fmt: skip
        for row in body:
            if model.rng.random() < 0.1:
                continue  # left for later
            for cid, v in model.marks(it, abilities[row[0]]).items():
                row[cols[cid]] = f"{v:g}"
        with open(out / f"{it.id}.csv", "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([header, *body])


def grade(set_file: Path, subs: Path, out: Path, *extra: str) -> tuple[int, float, str]:
    from coproduction.exercises.cli import main

    buf = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(buf):
        rc = main(["grade", str(set_file), str(subs), "--out", str(out), "--no-progress", *extra])
    return rc, time.perf_counter() - t0, buf.getvalue()


def analysis_time(set_file: Path, subs: Path, marks: Path, out: Path) -> float:
    """Seconds for the item analysis alone (computing it and writing its three files)."""
    from coproduction.exercises.grading import Grader, Submissions
    from coproduction.exercises.grading.analysis import analyse, write_analysis
    from coproduction.exercises.sets import load_set

    report = Grader(load_set(set_file), None, None, "accept").run(
        iter(Submissions(subs)), progress=False
    )
    report.apply_marks(marks)
    out.mkdir(parents=True, exist_ok=True)
    write_analysis(out, analyse(report.set, report.kept))  # warm: matplotlib imported
    t0 = time.perf_counter()
    write_analysis(out, analyse(report.set, report.kept))
    return time.perf_counter() - t0


def table(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def markdown(rows: list[dict[str, str]]) -> str:
    lines = [
        "| Q | item | kind | answered | to mark | facility | discrimination | upper-lower "
        "| flags |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        disc = r["discrimination"] or f"({r['not_computed']})"
        lines.append(
            f"| {r['number']} | {r['item']} | {r['kind']} | {r['answered']} | "
            f"{r['to_be_marked']} | {r['facility']} | {disc} | {r['upper_lower']} | "
            f"{r['flags'] or '-'} |"
        )
    return "\n".join(lines)


def pearson(x: list[float], y: list[float]) -> float:
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sx = math.sqrt(sum((a - mx) ** 2 for a in x))
    sy = math.sqrt(sum((b - my) ** 2 for b in y))
    return sxy / (sx * sy)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", metavar="DIR", help="copy the graded results here")
    args = parser.parse_args()

    from coproduction.exercises.sets import load_set

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-item-analysis-") as tmp_name:
        tmp = Path(tmp_name)
        set_file = tmp / "simulated-class.yaml"
        include = "\n".join(f"  - {ref}" for ref in INCLUDE)
        set_file.write_text(SET.format(include=include), encoding="utf-8")
        aset = load_set(set_file)
        model = Model(aset, rng)
        subs = tmp / "submissions"
        subs.mkdir()
        abilities: dict[str, float] = {}
        start = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
        for k in range(args.students):
            student = f"s{3000000 + k}"
            abilities[student] = rng.gauss(0, 1)
            data = submission(aset, model, student, abilities[student], start)
            path = subs / f"{aset.id}-{student}.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            last = max(r["timestamp"] for r in data["responses"])  # handed in at once
            stamp = datetime.fromisoformat(last).timestamp()
            os.utime(path, (stamp, stamp))

        rc1, first, _ = grade(set_file, subs, tmp / "first")
        fill_sheets(aset, model, abilities, tmp / "first" / "short-answers", tmp / "marked")
        rc2, second, said = grade(set_file, subs, tmp / "out", "--marks", str(tmp / "marked"))
        alone = analysis_time(set_file, subs, tmp / "marked", tmp / "again")
        out = tmp / "out"
        rows = table(out / "item-analysis.csv")
        options = table(out / "item-options.csv")
        html = (out / "item-analysis.html").read_text(encoding="utf-8")
        if args.keep:
            shutil.copytree(out, args.keep, dirs_exist_ok=True)

    by_item = {r["item"]: r for r in rows}
    flags = {r["item"]: r["flags"] for r in rows}
    checks = {
        "planted-miskeyed has negative discrimination": "negative discrimination"
        in flags["planted-miskeyed"],
        "its really-right option a is flagged as chosen more by stronger students": any(
            o["item"] == "planted-miskeyed"
            and o["option"] == TRUTH["planted-miskeyed"]
            and o["flag"] == "chosen more by stronger students"
            for o in options
        ),
        "planted-no-signal has low or negative discrimination": "discrimination"
        in flags[NO_SIGNAL],
        f"{NOBODY[0]} option {NOBODY[1]} is flagged as chosen by nobody": any(
            o["item"] == NOBODY[0] and o["option"] == NOBODY[1] and o["flag"] == "chosen by nobody"
            for o in options
        ),
        "the page has the plot with alt text": '<svg role="img" aria-label="' in html,
    }
    planted = {"planted-miskeyed", NO_SIGNAL}
    false_alarms = [
        r["item"]
        for r in rows
        if r["item"] not in planted and "negative discrimination" in r["flags"]
    ]
    # Questions scored right or wrong by the same model (single choice and classify); the
    # miskeyed one is left out: its simulated `a` is that of the really-right option.
    fair = [
        r for r in rows if r["kind"] in ("single", "classify") and r["item"] != "planted-miskeyed"
    ]
    true_a = [model.params[r["item"]][0] for r in fair]
    est = [float(r["discrimination"]) for r in fair]

    print(f"Machine: {machine()}\n")
    print(
        f"Simulated class: {args.students} students, {len(aset.items)} questions "
        f"(seed {args.seed}). Exit status {rc1} (first grading), {rc2} (with marks).\n"
    )
    print(markdown(rows))
    print(
        f"\nGrading with `coproduction-exercises grade` (in process, every output written): "
        f"{first:.2f} s without marks, {second:.2f} s with `--marks`; the item analysis alone "
        f"(computing it and writing its three files, matplotlib already imported): "
        f"{alone:.2f} s."
    )
    print(
        f"\nSimulated against estimated: the correlation between each question's simulated "
        f"discrimination `a` and its item-rest correlation is {pearson(true_a, est):.2f} "
        f"over the {len(est)} single-choice and classify questions scored right or wrong "
        "(the miskeyed one left out; the item-rest correlation also depends on difficulty "
        "and guessing). Questions other than the "
        f"planted ones flagged negative: {', '.join(false_alarms) or 'none'}."
    )
    print(
        f"\nShort answer ({by_item['ch6-coproduction-and-cogovernance']['to_be_marked']} of "
        f"{by_item['ch6-coproduction-and-cogovernance']['answered']} answers still to be "
        "marked): facility and discrimination over the marked answers."
    )
    print("\nChecks:")
    for what, ok in checks.items():
        print(f"- [{'x' if ok else ' '}] {what}")
    summary = [ln for ln in said.splitlines() if ln.startswith("Wrote")]
    assert summary and "item-analysis.html" in summary[0], said
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
