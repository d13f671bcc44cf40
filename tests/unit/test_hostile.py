"""Hostile and careless input: every reader ends in a result or a clear message, in a
process of its own under a memory limit (1 GB of address space) and a timeout, and
never prints a traceback or a linked file's text. The inputs are in ``hostile.py``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SRC = HERE.parents[1] / "src"
sys.path.insert(0, str(HERE))

import hostile  # noqa: E402

MEMORY = 1024 * 1024 * 1024  # bytes of address space for the reading process
TIMEOUT = 120  # seconds; a generous bound on a busy machine, not a benchmark


@pytest.fixture(scope="module")
def hostile_set(tmp_path_factory: pytest.TempPathFactory) -> dict[str, hostile.Case]:
    root = tmp_path_factory.mktemp("hostile")
    return {f"{c.reader}/{c.name}": c for c in hostile.build(root)}


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _run(case: hostile.Case) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(HERE)])}
    proc = subprocess.run(
        [sys.executable, str(HERE / "hostile.py"), case.reader, str(case.path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limit,
        env=env,
    )
    shown = proc.stdout + proc.stderr
    assert proc.returncode == 0, shown
    return shown


def test_every_hostile_input_is_refused_clearly(hostile_set: dict[str, hostile.Case]) -> None:
    failures = []
    for key, case in hostile_set.items():
        try:
            shown = _run(case)
        except (AssertionError, subprocess.TimeoutExpired) as err:
            failures.append(f"{key}: {err}")
            continue
        wrong = [
            why
            for why, bad in (
                ("a traceback", "Traceback" in shown),
                (f"no {case.expect!r}", case.expect not in shown),
                ("the linked file's text", bool(case.never) and case.never in shown),
                # the rest of the class is graded and gets a page
                ("no page for s-good", case.reader == "submissions" and "s-good.html" not in shown),
            )
            if bad
        ]
        if wrong:
            failures.append(f"{key}: {', '.join(wrong)}:\n{shown[-1500:]}")
    assert not failures, "\n\n".join(failures)


def test_every_reader_has_hostile_inputs(hostile_set: dict[str, hostile.Case]) -> None:
    readers = {key.split("/")[0] for key in hostile_set}
    assert readers == {
        "case",
        "frameworks",
        "comparison",
        "bank",
        "set",
        "submissions",
        "zip",
        "marks",
        "roster",
    }


def test_a_page_that_cannot_be_written_stops_nothing(tmp_path: Path) -> None:
    from grading_helpers import make_set, write_submission

    from coproduction.exercises.grading import Grader, Submissions

    _, _, aset = make_set(tmp_path)
    subs = tmp_path / "subs"
    subs.mkdir()
    for sid in ("s-a", "s-b", "学" * 150):
        write_submission(subs, aset, sid)
    report = Grader(aset).run(iter(Submissions(subs)), progress=False)
    (tmp_path / "out" / "feedback" / "s-a.html").mkdir(parents=True)  # blocks one page
    report.write(tmp_path / "out")
    pages = {p.name for p in (tmp_path / "out" / "feedback").glob("*.html") if p.is_file()}
    assert "s-b.html" in pages and len(pages) == 2
    assert all(len(name.encode()) <= 105 for name in pages)
    problems = (tmp_path / "out" / "problems.csv").read_text(encoding="utf-8-sig")
    assert "not-written" in problems and "s-a" in problems
    index = (tmp_path / "out" / "feedback" / "pages.csv").read_text(encoding="utf-8")
    assert "学" * 150 in index and "s-a.html" not in index
