"""Grading submission files one at a time against an assessed set.

:class:`Grader` reads each file (an :class:`~.submissions.Entry`), checks that it is a
submission to this release of the set by a known student, with an unbroken hash
chain, and keeps the last answer to each item with its score. It never raises for
bad input: every problem is recorded (:data:`~.records.PROBLEMS`) and grading
carries on. :meth:`Grader.report` gives the :class:`~.report.Report`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import PurePosixPath
from typing import Any

from coproduction.exercises import responses
from coproduction.exercises.grading.cells import parse_time, shorten
from coproduction.exercises.grading.records import Answer, Graded, GradeError, Problem
from coproduction.exercises.grading.report import Report
from coproduction.exercises.grading.submissions import Entry, decode, load_json
from coproduction.exercises.kinds import AnswerError
from coproduction.exercises.sets import AssessedSet


@dataclass
class _Tally:
    """What one submission's responses add up to, before scoring."""

    last: dict[str, tuple[Any, bool]] = field(default_factory=dict)  # item -> (answer, late)
    attempts: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    unknown: dict[str, int] = field(default_factory=dict)
    late_n: int = 0
    latest: datetime | None = None
    latest_late: datetime | None = None


class Grader:
    """Grades submission files one at a time, keeping only the results.

    Parameters
    ----------
    aset:
        The assessed set, with its key.
    roster:
        Optional: student id -> roster row. Students not on it are reported as
        foreign; roster students with no file as missing.
    deadline:
        Overrides the set's deadline.
    late_policy:
        ``"accept"`` (count late answers and flag them) or ``"drop"`` (ignore answers
        given after the deadline).
    """

    def __init__(
        self,
        aset: AssessedSet,
        roster: Mapping[str, Mapping[str, str]] | None = None,
        deadline: datetime | None = None,
        late_policy: str = "accept",
    ):
        if late_policy not in ("accept", "drop"):
            raise GradeError(f"late policy must be 'accept' or 'drop', not {late_policy!r}")
        self.set = aset
        self.items = {it.id: it for it in aset.items}
        self.roster = dict(roster) if roster is not None else None
        self._roster_keys = (
            {sid.strip().casefold(): sid for sid in self.roster} if self.roster is not None else {}
        )
        self.deadline = deadline or aset.deadline
        self.late_policy = late_policy
        self.kept: dict[str, Graded] = {}
        self.problems: list[Problem] = []
        self.rejected_students: set[str] = set()
        self.files = 0

    # -- one file --

    def add(self, entry: Entry) -> None:
        """Grade one file (or record why it was not read). Never raises for bad input."""
        self.files += 1
        if entry.problem:
            self.problems.append(Problem(entry.name, "", entry.problem, entry.detail))
            return
        try:
            graded = self._grade(entry.name, entry.data or b"")
        except RecursionError:
            self.problems.append(
                Problem(
                    entry.name, "", "corrupt", "not a submission: the data is nested too deeply"
                )
            )
            return
        if graded is not None:
            self._keep(graded)

    def _reject(self, name: str, student: str, kind: str, detail: str) -> None:
        self.problems.append(Problem(name, student, kind, detail))
        if student:
            self.rejected_students.add(student.casefold())

    def _grade(self, name: str, raw: bytes) -> Graded | None:
        data = self._open(name, raw)
        if data is None:
            return None
        student = self._student(name, data)
        if student is None:
            return None
        rows = data.get("responses")
        if not isinstance(rows, list):
            self._reject(name, student, "corrupt", "the file has no list of responses")
            return None
        problems = self._file_name_problems(name, student, data)
        rows = self._chained(name, student, data, rows, problems)
        return self._score(name, student, rows, problems)

    def _open(self, name: str, raw: bytes) -> dict[str, Any] | None:
        """The submission's JSON, or None (rejected) if it is not a submission we read."""
        text, why = decode(raw)
        if text is None:
            self._reject(name, "", "corrupt", why)
            return None
        data, why = load_json(text)
        if why:
            self._reject(name, "", "corrupt", why)
            return None
        if not isinstance(data, dict) or data.get("format") != responses.FORMAT:
            what = "not a submission file of this book"
            if isinstance(data, dict) and data.get("format") == "coproduction-release":
                what = "the release of the set (the questions), not a student's answers"
            self._reject(name, "", "corrupt", f'{what}; expected "format": "{responses.FORMAT}"')
            return None
        if data.get("version") != responses.VERSION:
            self._reject(
                name,
                "",
                "corrupt",
                f"submission format version {shorten(data.get('version'))} "
                f"is not supported (this grader reads version {responses.VERSION})",
            )
            return None
        return data

    def _student(self, name: str, data: dict[str, Any]) -> str | None:
        """The student (as the roster spells them), or None (rejected) if the file is
        for another set, another release, or a student not on the roster."""
        student = data.get("student")
        if not isinstance(student, str) or not student.strip() or len(student) > 200:
            self._reject(name, "", "corrupt", 'the file names no student (field "student")')
            return None
        student = student.strip()
        if data.get("set") != self.set.id:
            self._reject(
                name,
                student,
                "foreign",
                f"answers set {shorten(data.get('set'))}, not {self.set.id!r}",
            )
            return None
        if data.get("fingerprint") != self.set.fingerprint:
            self._reject(
                name,
                student,
                "foreign",
                "made from a different release of this set (fingerprint "
                f"{str(data.get('fingerprint'))[:12]}..., the set's is "
                f"{self.set.fingerprint[:12]}...): the questions were changed after the student "
                "started. Grade with the set file as it was released",
            )
            return None
        if self.roster is not None:
            canonical = self._roster_keys.get(student.casefold())
            if canonical is None:
                self._reject(
                    name,
                    student,
                    "foreign",
                    f"student {student!r} is not on the roster; check the ID with the student, "
                    "or add them to the roster",
                )
                return None
            student = canonical
        return student

    def _file_name_problems(self, name: str, student: str, data: dict[str, Any]) -> list[Problem]:
        stem = PurePosixPath(name).name
        m = re.fullmatch(re.escape(self.set.id) + r"-(.+)\.json", stem, flags=re.IGNORECASE)
        expected = responses.submission_path(".", self.set.id, data["student"].strip()).name
        if m and stem.casefold() != expected.casefold():
            return [
                Problem(
                    name,
                    student,
                    "file-name",
                    f"the file is named for {m.group(1)!r} but holds the answers of {student!r}; "
                    "graded as the student inside the file. Check whether it was handed in for "
                    "someone else",
                )
            ]
        return []

    def _chained(
        self,
        name: str,
        student: str,
        data: dict[str, Any],
        rows: list[Any],
        problems: list[Problem],
    ) -> list[Any]:
        """The responses that match their link in the hash chain; each that does not
        is reported (one problem per file) and not counted, and the others count."""
        broken = responses.unlinked(data)
        if not broken:
            return rows

        def which(i: int) -> str:
            r = rows[i] if isinstance(rows[i], dict) else {}
            return f"{i + 1} (item {shorten(r.get('item'), 40)})"

        shown = ", ".join(which(i) for i in broken[:5]) + (", ..." if len(broken) > 5 else "")
        problems.append(
            Problem(
                name,
                student,
                "tampered",
                f"{len(broken)} of {len(rows)} response(s) do not match the chain: response(s) "
                f"{shown} were changed after they were recorded, or one before them was "
                f"removed. They are not counted; the other {len(rows) - len(broken)} "
                "response(s) are (an earlier answer to the same question counts instead). Ask "
                "the student about it before deciding",
            )
        )
        gone = set(broken)
        return [r for i, r in enumerate(rows) if i not in gone]

    def _score(self, name: str, student: str, rows: list[Any], problems: list[Problem]) -> Graded:
        tally = self._tally(name, student, rows, problems)
        self._unknown_problems(name, student, tally, problems)
        if tally.late_n:
            problems.append(self._late_problem(name, student, tally))
        answers = {
            item_id: self._answer(name, student, item_id, tally, problems) for item_id in self.items
        }
        return Graded(student, name, tally.latest, answers, problems)

    def _tally(self, name: str, student: str, rows: list[Any], problems: list[Problem]) -> _Tally:
        t = _Tally()
        for i, r in enumerate(rows):
            item_id = r.get("item") if isinstance(r, dict) else None
            when = parse_time(r.get("timestamp")) if isinstance(r, dict) else None
            if not isinstance(item_id, str) or when is None or "answer" not in r:
                problems.append(
                    Problem(
                        name,
                        student,
                        "bad-response",
                        f"response {i + 1} has no readable item, time or answer; not counted",
                    )
                )
                continue
            t.latest = when if t.latest is None or when > t.latest else t.latest
            if item_id not in self.items:
                t.unknown[item_id] = t.unknown.get(item_id, 0) + 1
                continue
            is_late = self.deadline is not None and when > self.deadline
            if is_late:
                t.late_n += 1
                late = t.latest_late
                t.latest_late = when if late is None or when > late else late
                if self.late_policy == "drop":
                    t.dropped[item_id] = t.dropped.get(item_id, 0) + 1
                    continue
            t.attempts[item_id] = t.attempts.get(item_id, 0) + 1
            t.last[item_id] = (r["answer"], is_late)
        return t

    def _unknown_problems(
        self, name: str, student: str, t: _Tally, problems: list[Problem]
    ) -> None:
        if len(t.unknown) > 10:  # one row, not thousands, for a file full of stray ids
            shown = ", ".join(shorten(k, 30) for k in list(t.unknown)[:5])
            problems.append(
                Problem(
                    name,
                    student,
                    "unknown-item",
                    f"{sum(t.unknown.values())} answer(s) to {len(t.unknown)} items not in set "
                    f"{self.set.id} ({shown}, ...); not counted",
                )
            )
            return
        for item_id, n in t.unknown.items():
            problems.append(
                Problem(
                    name,
                    student,
                    "unknown-item",
                    f"{n} answer(s) to item {shorten(item_id, 60)}, which is not in set "
                    f"{self.set.id}; not counted",
                )
            )

    def _late_problem(self, name: str, student: str, t: _Tally) -> Problem:
        assert self.deadline is not None
        action = (
            "not counted (late policy: drop)"
            if self.late_policy == "drop"
            else "counted and flagged in the 'late' column (late policy: accept)"
        )
        return Problem(
            name,
            student,
            "late",
            f"{t.late_n} answer(s) after the deadline {self.deadline.isoformat()}, the "
            f"last at {t.latest_late.isoformat() if t.latest_late else '?'}; {action}",
        )

    def _answer(
        self, name: str, student: str, item_id: str, t: _Tally, problems: list[Problem]
    ) -> Answer:
        item = self.items[item_id]
        a = Answer(item)
        if item_id not in t.last:
            if item_id in t.dropped:
                a.late = "dropped"
            return a
        a.answer, late = t.last[item_id]
        a.answered = True
        a.attempts = t.attempts[item_id]
        a.late = "yes" if late else ("dropped" if item_id in t.dropped else "no")
        try:
            result = item.check(a.answer)
            a.auto_points, a.status = result.points, result.verdict
        except AnswerError as err:
            a.status, a.error = "wrong shape", str(err)
        except Exception as err:  # noqa: BLE001 - a student's file must not stop grading
            a.status, a.error = "wrong shape", f"could not be checked ({type(err).__name__})"
        if a.error:
            problems.append(Problem(name, student, "wrong-shape", f"{a.error}; scores 0"))
        return a

    def _keep(self, g: Graded) -> None:
        other = self.kept.get(g.student)
        if other is None:
            self.kept[g.student] = g
            return
        far_past = datetime.min.replace(tzinfo=timezone.utc)
        new_wins = (g.latest or far_past) > (other.latest or far_past)
        keep, drop = (g, other) if new_wins else (other, g)
        self.kept[g.student] = keep

        def when(x: Graded) -> str:
            return x.latest.isoformat() if x.latest else "no answers"

        self.problems.append(
            Problem(
                drop.file,
                g.student,
                "duplicate",
                f"{g.student} also handed in {keep.file} (latest answer {when(keep)}); this file "
                f"(latest answer {when(drop)}) was not counted",
            )
        )

    # -- all files --

    def run(
        self, source: Iterable[Entry], progress: bool = True, total: int | None = None
    ) -> Report:
        from tqdm import tqdm

        bar = tqdm(
            source,
            total=total,
            desc=f"Grading {self.set.id}",
            unit="file",
            disable=not progress,
            file=None,  # stderr
            mininterval=0.5,
        )
        for entry in bar:
            self.add(entry)
        return self.report()

    def report(self) -> Report:
        problems = list(self.problems)
        for g in self.kept.values():
            problems += g.problems
        if self.roster is not None:
            for sid in self.roster:
                if sid not in self.kept:
                    detail = (
                        "no gradable submission (see this student's other rows)"
                        if sid.casefold() in self.rejected_students
                        else "no submission found for this student"
                    )
                    problems.append(Problem("", sid, "missing", detail))
        return Report(self.set, dict(self.kept), problems, self.roster, self.files)
