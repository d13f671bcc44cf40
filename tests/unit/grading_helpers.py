"""A small assessed set of every item kind, and synthetic submissions, for the grading tests."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from coproduction.exercises.cli import main
from coproduction.exercises.responses import record, submission_path
from coproduction.exercises.sets import AssessedSet, load_set

BANK_FILE = """
items:
  - id: bank-single
    kind: single
    prompt: Which mode aims at user-led innovation?
    source: osborne-strokosch2013, Table 1
    options:
      - {id: a, text: Consumer, correct: false, feedback: Its aim is user empowerment.}
      - {id: b, text: Enhanced, correct: true, feedback: It transforms the service.}
      - {id: c, text: Participative, correct: false, feedback: Its aim is participation.}
"""

SET_FILE = """
set: week-3
title: Week 3 quiz
deadline: 2026-12-04T17:00:00+00:00
instructions: Answer every question.
include: [chapter-90/bank-single]
items:
  - id: t-multiple
    kind: multiple
    prompt: Which processes are intrinsic in Public Service Logic?
    source: strokosch-osborne2020, Understanding value
    options:
      - {id: a, text: Co-experience, correct: true, feedback: Intrinsic - it happens in use.}
      - {id: b, text: Co-construction, correct: true, feedback: Intrinsic - in the user's life.}
      - {id: c, text: Co-design, correct: false, feedback: Extrinsic - it needs active agency.}
  - id: t-classify
    kind: classify
    scheme: levels
    prompt: At which level do users and staff meet in a service encounter?
    source: strokosch-osborne2020, Public service ecosystems
    note: The levels are the book's reading of the paper's ecosystem.
    answer: micro
    feedback:
      micro: The encounter is where value is co-experienced.
      meso: The meso level is between organisations.
      macro: The macro level shapes legislation.
  - id: t-matching
    kind: matching
    prompt: Match each mode to its aim.
    source: osborne-strokosch2013, Table 1
    left:
      - {id: consumer, text: Consumer co-production, feedback: Operational level.}
      - {id: participative, text: Participative co-production, feedback: Strategic level.}
      - {id: enhanced, text: Enhanced co-production, feedback: Both levels.}
    right:
      - {id: r, text: User empowerment, feedback: Empowerment in the encounter.}
      - {id: s, text: User participation, feedback: Participation in planning.}
      - {id: u, text: User-led innovation, feedback: A new kind of service.}
      - {id: w, text: User satisfaction, feedback: Not an aim in the typology.}
    key: {consumer: r, participative: s, enhanced: u}
  - id: t-ordering
    kind: ordering
    prompt: Put the events of the IPoA in order.
    source: cluley-radnor2021, Section one
    steps:
      - {id: m, text: A consultancy scopes the vision., feedback: This came first.}
      - {id: k, text: The partners resist the plan., feedback: This followed the plan.}
      - {id: t, text: A Gateway Review makes recommendations., feedback: End of phase one.}
      - {id: p, text: The team intends to consult the public., feedback: This lay ahead.}
  - id: t-numeric
    kind: numeric
    prompt: How many hours did the review take?
    source: invented for the tests
    answer: 17.25
    tolerance: 0.05
    unit: hours
    hints: [{value: 20, feedback: That includes the breaks.}]
    feedback: {right: Right - exactly seventeen and a quarter., wrong: Count the sessions.}
  - id: t-short
    kind: short
    prompt: Explain one tension between co-production and co-governance.
    source: strokosch-osborne2020, Findings
    max_words: 100
    rubric:
      - id: claim
        criterion: States a tension.
        levels:
          - {points: 0, descriptor: No tension stated.}
          - {points: 2, descriptor: "A tension from the paper, clearly stated."}
      - id: evidence
        criterion: Uses evidence.
        levels:
          - {points: 0, descriptor: No evidence given.}
          - {points: 1, descriptor: Some evidence from the paper.}
          - {points: 3, descriptor: Evidence from both sides of the tension.}
    model_answer: Third sector organisations saw the panels as a management tool.
"""

SHORT_ANSWER = "Some third sector organisations felt kept out by the panels."
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def make_set(tmp_path: Path) -> tuple[Path, Path, AssessedSet]:
    """Write the bank and the set into ``tmp_path``; return (set file, bank, loaded set)."""
    bank = tmp_path / "bank"
    bank.mkdir(exist_ok=True)
    (bank / "chapter-90.yaml").write_text(BANK_FILE, encoding="utf-8")
    private = tmp_path / "private"
    private.mkdir(exist_ok=True)
    set_file = private / "week-3.yaml"
    set_file.write_text(SET_FILE, encoding="utf-8")
    return set_file, bank, load_set(set_file, bank)


def right_answer(item) -> Any:
    return SHORT_ANSWER if item.kind == "short" else item.key()


def write_submission(
    folder: Path,
    aset: AssessedSet,
    student: str,
    answers: dict[str, Any] | None = None,
    *,
    when: datetime = T0,
    name: str | None = None,
) -> Path:
    """A submission written with :func:`responses.record`, one response per item.

    ``answers`` maps item ids to answers (default: every item answered right).
    The file's modification time is set to its last answer's time, as if it were
    handed in then (a file written now would be "handed in" after the deadline).
    """
    path = submission_path(folder, aset.id, student)
    if name is not None:
        path = folder / name
    answers = answers if answers is not None else {it.id: right_answer(it) for it in aset.items}
    for k, (item_id, answer) in enumerate(answers.items()):
        record(
            path,
            set_id=aset.id,
            fingerprint=aset.fingerprint,
            student=student,
            item=item_id,
            answer=answer,
            now=when + timedelta(minutes=k),
        )
    if path.exists():
        hand_in(path, when + timedelta(minutes=max(len(answers) - 1, 0)))
    return path


def hand_in(path: Path, when: datetime) -> Path:
    """Set a file's modification time: when it was handed in, for the grader."""
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))
    return path


#: The criterion columns of the test set's marking sheet, with the levels' points.
SHEET_HEADER = [
    "student",
    "answer",
    "words",
    "claim (0-2: levels 0 / 2)",
    "evidence (0-3: levels 0 / 1 / 3)",
    "comment",
]


def grade(tmp_path, set_file, bank, source, *extra, out: str = "out") -> tuple[int, Path]:
    """``coproduction-exercises grade`` into ``tmp_path / out``: (exit status, folder)."""
    path = tmp_path / out
    rc = main(
        ["grade", str(set_file), str(source), "--out", str(path), "--bank", str(bank),
         "--no-progress", *extra]
    )  # fmt: skip
    return rc, path


def class_setup(tmp_path: Path) -> tuple[Path, Path, AssessedSet, Path]:
    """The test set, its bank, the loaded set and an empty submissions folder."""
    set_file, bank, aset = make_set(tmp_path)
    subs = tmp_path / "subs"
    subs.mkdir()
    return set_file, bank, aset, subs
