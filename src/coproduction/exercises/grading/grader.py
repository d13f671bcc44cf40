"""Grading submission files one at a time against an assessed set.

:class:`Grader` reads each file (an :class:`~.submissions.Entry`), checks that it is a
submission to this release of the set by a known student, with an unbroken hash
chain, and keeps the last answer to each item with its score. It never raises for
bad input: every problem is recorded (:data:`~.records.PROBLEMS`) and grading
carries on. :meth:`Grader.report` gives the :class:`~.report.Report`.

Lateness is judged two ways: by the answer times inside each file (written by the
student's notebook, so by the student's clock) and by the time the file was handed
in (its file time, :attr:`~.submissions.Entry.handed_in`). A file is late if either
is after the deadline. The file times are judged in :meth:`Grader.report`, once
every file has been seen, because they are only used if they can be believed: when
every file (two or more) was modified after the deadline, they are the times the
files were copied or unzipped, not handed in, and they are not used (a
``copy-times`` problem says so).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import PurePosixPath
from typing import Any

from coproduction.exercises import responses
from coproduction.exercises.grading.cells import first_few, parse_time, shorten
from coproduction.exercises.grading.records import Answer, Graded, GradeError, Problem
from coproduction.exercises.grading.report import Report
from coproduction.exercises.grading.submissions import TIME_SOURCES, Entry, decode, load_json
from coproduction.exercises.kinds import AnswerError
from coproduction.exercises.schema import LATE_POLICIES
from coproduction.exercises.sets import LATE_POLICY_MEANING, AssessedSet

#: Answers timestamped more than this after their file was handed in are reported as
#: ``times-disagree`` (a computer's clock is often a minute or two out).
CLOCK_SLACK = timedelta(minutes=10)

#: A file modified after the deadline and less than this before grading started was
#: copied or unpacked just now: its time says nothing about when it was handed in.
FRESH = timedelta(minutes=10)

#: How to copy or unpack files so that their times are kept.
KEEP_TIMES = (
    "grade the zip downloaded from the VLE itself, or copy the files keeping their times "
    "(cp -p, or unzip, which keeps them)"
)


@dataclass
class _Tally:
    """What one submission's responses add up to, before scoring."""

    last: dict[str, tuple[Any, bool]] = field(default_factory=dict)  # item -> (answer, late)
    attempts: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    unknown: dict[str, int] = field(default_factory=dict)
    late_n: int = 0
    latest: datetime | None = None
    void: dict[str, int] = field(default_factory=dict)  # item -> responses not counted
    # Every answer, late or not: what counts when the file proves the clock was fast.
    every_last: dict[str, Any] = field(default_factory=dict)
    every_attempts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Timing:
    """When a kept file was handed in (its file time) and what its answer times say."""

    handed_in: datetime | None  # with a time zone (a DOS time in the deadline's offset)
    source: str  # a key of TIME_SOURCES, or ""
    late_n: int = 0  # answers timestamped after the deadline
    tally: _Tally | None = None  # to count late-stamped answers of a file handed in on time


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
        Overrides the set's ``late_policy``: ``"drop"`` (answers given after the
        deadline, and every answer of a file handed in after it, are not counted) or
        ``"accept"`` (they are counted and flagged). None: the set's.
    file_times:
        Whether to judge lateness by the files' hand-in times as well as the answer
        times inside them (False: ``--ignore-file-times``).
    """

    def __init__(
        self,
        aset: AssessedSet,
        roster: Mapping[str, Mapping[str, str]] | None = None,
        deadline: datetime | None = None,
        late_policy: str | None = None,
        file_times: bool = True,
    ):
        if late_policy is not None and late_policy not in LATE_POLICIES:
            raise GradeError(
                f"late policy must be one of {', '.join(LATE_POLICIES)}, not {late_policy!r}"
            )
        self.set = aset
        self.items = {it.id: it for it in aset.items}
        self.roster = dict(roster) if roster is not None else None
        self._roster_keys = (
            {sid.strip().casefold(): sid for sid in self.roster} if self.roster is not None else {}
        )
        self.deadline = deadline or aset.deadline
        self.late_policy = late_policy or aset.late_policy
        self.late_policy_from = (
            "--late-policy"
            if late_policy
            else ("the set" if aset.late_policy_stated else "the default: the set does not say")
        )
        self.file_times = file_times
        self.kept: dict[str, Graded] = {}
        self.problems: list[Problem] = []
        self.rejected_students: set[str] = set()
        self.files = 0
        self._timing: dict[str, _Timing] = {}  # the kept file's, by student
        self._timed = 0  # files read that have a hand-in time
        self._timed_late = 0  # and of those, handed in after the deadline
        self._sources: dict[str, int] = {}
        # Files modified after the deadline and just before grading (or later): copied.
        self._started = datetime.now(timezone.utc)
        self._fresh: list[str] = []

    # -- one file --

    def add(self, entry: Entry) -> None:
        """Grade one file (or record why it was not read). Never raises for bad input."""
        self.files += 1
        if entry.problem:
            self.problems.append(Problem(entry.name, "", entry.problem, entry.detail))
            return
        handed_in = self._hand_in_time(entry)
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
            g, tally = graded
            timing = _Timing(
                handed_in,
                entry.handed_in_from if handed_in else "",
                tally.late_n,
                tally if tally.late_n else None,
            )
            self._keep(g, timing)

    def _hand_in_time(self, entry: Entry) -> datetime | None:
        """The entry's hand-in time with a time zone (a DOS time, which has none, is
        read in the deadline's offset), counted for the copy-times check."""
        when = entry.handed_in
        if when is None or self.deadline is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=self.deadline.tzinfo)
        if when > self.deadline and when > self._started - FRESH:
            self._fresh.append(entry.name)  # a copy's time, not a hand-in time
            return None
        self._timed += 1
        self._timed_late += when > self.deadline
        self._sources[entry.handed_in_from] = self._sources.get(entry.handed_in_from, 0) + 1
        return when

    def _reject(self, name: str, student: str, kind: str, detail: str) -> None:
        self.problems.append(Problem(name, student, kind, detail))
        if student:
            self.rejected_students.add(student.casefold())

    def _grade(self, name: str, raw: bytes) -> tuple[Graded, _Tally] | None:
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
        void: dict[str, int] = {}
        rows = self._chained(name, student, data, rows, problems, void)
        return self._score(name, student, rows, problems, void)

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
        void: dict[str, int],
    ) -> list[Any]:
        """The responses that match their link in the hash chain; each that does not
        is reported (one problem per file), counted in ``void`` by item, and not
        counted, and the others count."""
        broken = responses.unlinked(data)
        if not broken:
            return rows

        def which(i: int) -> str:
            r = rows[i] if isinstance(rows[i], dict) else {}
            return f"{i + 1} (item {shorten(r.get('item'), 40)})"

        shown = first_few([which(i) for i in broken])
        problems.append(
            Problem(
                name,
                student,
                "tampered",
                f"{len(broken)} of {len(rows)} response(s) do not match the chain: response(s) "
                f"{shown} were changed after they were recorded, or one before them was "
                f"removed. They are not counted; the other {len(rows) - len(broken)} "
                "response(s) are (where a changed one was the last answer to its question, "
                "the answer before it counts). Ask the student about it before deciding",
            )
        )
        gone = set(broken)
        last_kept: dict[Any, int] = {}  # item -> the index of its last counted response
        for i, r in enumerate(rows):
            if i not in gone and isinstance(r, dict):
                last_kept[r.get("item")] = i
        for i in broken:
            item_id = rows[i].get("item") if isinstance(rows[i], dict) else None
            # Only a changed answer after the one that counts replaced it.
            if isinstance(item_id, str) and i > last_kept.get(item_id, -1):
                void[item_id] = void.get(item_id, 0) + 1
        return [r for i, r in enumerate(rows) if i not in gone]

    def _score(
        self,
        name: str,
        student: str,
        rows: list[Any],
        problems: list[Problem],
        void: dict[str, int] | None = None,
    ) -> tuple[Graded, _Tally]:
        tally = self._tally(name, student, rows, problems)
        tally.void = dict(void or {})
        self._unknown_problems(name, student, tally, problems)
        # The 'late' problem is written by report(), once the hand-in times are judged.
        answers = {
            item_id: self._answer(name, student, item_id, tally, problems) for item_id in self.items
        }
        return Graded(student, name, tally.latest, answers, problems), tally

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
            t.every_last[item_id] = r["answer"]
            t.every_attempts[item_id] = t.every_attempts.get(item_id, 0) + 1
            is_late = self.deadline is not None and when > self.deadline
            if is_late:
                t.late_n += 1
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

    def _answer(
        self, name: str, student: str, item_id: str, t: _Tally, problems: list[Problem]
    ) -> Answer:
        item = self.items[item_id]
        a = Answer(item, void=t.void.get(item_id, 0))
        if item_id not in t.last:
            if item_id in t.dropped:
                a.late = "dropped"
            elif a.void:
                a.status = "void"
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

    def _handed_in_late(self, t: _Timing) -> bool:
        """Whether the file was handed in after the deadline, by its file time."""
        d = self.deadline
        return bool(self.file_times and d and t.handed_in and t.handed_in > d)

    def _keep(self, g: Graded, timing: _Timing) -> None:
        other = self.kept.get(g.student)
        if other is None:
            self.kept[g.student] = g
            self._timing[g.student] = timing
            return
        far_past = datetime.min.replace(tzinfo=timezone.utc)
        other_timing = self._timing[g.student]
        # With the drop policy a file handed in late counts for nothing, so a file handed
        # in on time wins over it. (If the file times turn out to be copy times, every
        # file is "late" by them, and the latest answer decides as usual.)
        by_time = self.late_policy == "drop" and (
            self._handed_in_late(timing) != self._handed_in_late(other_timing)
        )
        if by_time:
            new_wins = not self._handed_in_late(timing)
        else:
            new_wins = (g.latest or far_past) > (other.latest or far_past)
        keep, drop = (g, other) if new_wins else (other, g)
        self.kept[g.student] = keep
        self._timing[g.student] = timing if new_wins else other_timing

        def when(x: Graded) -> str:
            return x.latest.isoformat() if x.latest else "no answers"

        why = (
            ": it was handed in after the deadline (late policy: drop) and the other was not"
            if by_time
            else ""
        )
        self.problems.append(
            Problem(
                drop.file,
                g.student,
                "duplicate",
                f"{g.student} also handed in {keep.file} (latest answer {when(keep)}); this file "
                f"(latest answer {when(drop)}) was not counted{why}",
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
        """Everything graded. The hand-in times are judged here, once every file has
        been seen (calling it again gives the same report)."""
        problems = list(self.problems)
        use_times, notes, guard = self._judge_file_times()
        problems += guard
        if use_times and self._fresh:
            shown = first_few(self._fresh)
            detail = (
                f"{len(self._fresh)} file(s) were modified after the deadline and in the "
                f"{int(FRESH.total_seconds() // 60)} minutes before grading started ({shown}): "
                "those times are when they were copied or unzipped, so they were not used, "
                "and those files were judged by the answer times inside them only. To judge "
                f"them by their hand-in times, {KEEP_TIMES}"
            )
            problems.append(Problem("", "", "copy-times", detail))
            notes.append(f"Some file times not used: {detail}.")
        for student, g in self.kept.items():
            problems += g.problems
            problems += self._lateness(g, self._timing.get(student), use_times)
        if self.roster is not None:
            for sid in self.roster:
                if sid not in self.kept:
                    detail = (
                        "no gradable submission (see this student's other rows)"
                        if sid.casefold() in self.rejected_students
                        else "no submission found for this student"
                    )
                    problems.append(Problem("", sid, "missing", detail))
        return Report(self.set, dict(self.kept), problems, self.roster, self.files, notes)

    # -- lateness --

    def _show(self, when: datetime) -> str:
        """A time in the deadline's offset (so that it reads beside the deadline)."""
        if self.deadline is not None and when.tzinfo is not None:
            with contextlib.suppress(OverflowError):  # the calendar's edge: shown as it is
                when = when.astimezone(self.deadline.tzinfo)
        return when.isoformat(timespec="seconds")

    def _judge_file_times(self) -> tuple[bool, list[str], list[Problem]]:
        """Whether the hand-in times are used, the summary's lines about lateness, and
        the ``copy-times`` problem if they are not believed."""
        if self.deadline is None:
            return False, ["No deadline: nothing is judged late."], []
        notes = [
            f"Deadline {self._show(self.deadline)}; late policy {self.late_policy}: "
            f"{LATE_POLICY_MEANING[self.late_policy]} ({self.late_policy_from})."
        ]
        inside = "lateness is judged by the answer times inside the files (the student's clock)"
        if not self.file_times:
            notes.append(f"File times not used (--ignore-file-times): {inside} only.")
            return False, notes, []
        if self._timed >= 2 and self._timed_late == self._timed:
            detail = (
                f"all {self._timed} files were modified after the deadline "
                f"{self._show(self.deadline)}, so their times are almost certainly when they "
                "were copied or unzipped, not when they were handed in; the file times were not "
                f"used, and {inside} only. To judge by the hand-in times, {KEEP_TIMES}, and "
                "grade again (or give --ignore-file-times to leave them out)"
            )
            notes.append(f"File times not used: {detail}.")
            return False, notes, [Problem("", "", "copy-times", detail)]
        if self._timed:
            sources = "; ".join(
                f"{n} from {TIME_SOURCES.get(k, k)}"
                + (
                    f", read in the deadline's offset, {self._show(self.deadline)[-6:]}"
                    if k == "zip-dos"
                    else ""
                )
                for k, n in sorted(self._sources.items())
            )
            notes.append(
                f"Lateness is judged by when each file was handed in ({sources}) and by the "
                "answer times inside the files (the student's clock)."
            )
        return True, notes, []

    def _hand_in_words(self, g: Graded, t: _Timing | None, used: bool) -> str:
        if g.handed_in is not None and t is not None:
            source = {
                "mtime": "file time",
                "zip-ut": "file time: the zip entry's, in UTC",
                "zip-ntfs": "file time: the zip entry's, in UTC",
                "zip-dos": "file time: the zip entry's DOS time, which has no time zone, read "
                "in the deadline's offset",
            }.get(t.source, "file time")
            return f"handed in at {self._show(g.handed_in)} ({source})"
        if not used:
            return "hand-in time not used"
        return "hand-in time not known"

    def _lateness(self, g: Graded, t: _Timing | None, used: bool) -> list[Problem]:
        """Judge one kept file's lateness: mark its answers, and return its ``late`` and
        ``times-disagree`` problems. Gives the same result when called again."""
        g.handed_in = None
        if self.deadline is None or t is None:
            return []
        if used and t.handed_in is not None:
            g.handed_in = t.handed_in.astimezone(self.deadline.tzinfo)
        file_late = g.handed_in is not None and g.handed_in > self.deadline
        # A file handed in before the deadline holds no answer given after it, whatever
        # the student's clock wrote: its late-stamped answers count as on time.
        fast_clock = g.handed_in is not None and not file_late and t.late_n > 0
        if fast_clock and t.tally is not None:
            self._count_as_on_time(g, t.tally)
        late_inside = t.late_n if not fast_clock else 0
        drop = self.late_policy == "drop"
        if file_late:
            for item_id, a in list(g.answers.items()):
                if drop and (a.answered or a.late.startswith("dropped")):
                    g.answers[item_id] = Answer(a.item, late="dropped (file late)")
                elif not drop and a.answered and a.late == "no":
                    a.late = "file late"
        problems = []
        hand_in = self._hand_in_words(g, t, used)
        last = (
            f"last answer at {self._show(g.latest)} (the student's clock)"
            if g.latest
            else "no answers"
        )
        deadline = self._show(self.deadline)
        if file_late or late_inside:
            if file_late and late_inside:
                what = (
                    f"handed in after the deadline {deadline}, with {late_inside} answer(s) "
                    "timestamped after it"
                )
            elif file_late:
                what = f"handed in after the deadline {deadline}"
            else:
                what = f"{late_inside} answer(s) timestamped after the deadline {deadline}"
            if drop and file_late:
                action = "none of its answers are counted (late policy: drop)"
            elif drop:
                action = (
                    "the answers after the deadline are not counted; the last answer to each "
                    "question before it counts (late policy: drop)"
                )
            else:
                flag = "'file late'" if file_late else "'yes'"
                action = (
                    f"counted and flagged {flag} in the 'late' column of grades-long.csv "
                    "(late policy: accept)"
                )
            problems.append(
                Problem(g.file, g.student, "late", f"{what}: {hand_in}, {last}; {action}")
            )
        if g.handed_in is not None and g.latest is not None:
            if fast_clock or g.latest > g.handed_in + CLOCK_SLACK:
                problems.append(
                    Problem(
                        g.file,
                        g.student,
                        "times-disagree",
                        f"answers timestamped after the file was handed in: {last}, "
                        f"{_duration(g.latest - g.handed_in)} after it was {hand_in}. The "
                        "student's clock may be fast, or the file was changed after it was "
                        "handed in (check the time the VLE recorded for the upload); "
                        + (
                            f"the {t.late_n} answer(s) timestamped after the deadline were "
                            "handed in before it, so they count as on time"
                            if fast_clock
                            else "graded as it is"
                        ),
                    )
                )
            elif file_late and not t.late_n:
                problems.append(
                    Problem(
                        g.file,
                        g.student,
                        "times-disagree",
                        f"{hand_in}, after the deadline {deadline}, but every answer inside is "
                        f"timestamped before it, the last at {self._show(g.latest)} by the "
                        "student's clock: the student may have answered in time "
                        "and handed in late, the student's clock may be slow, or the file was "
                        "changed (check the time the VLE recorded for the upload); judged late "
                        "by the hand-in time",
                    )
                )
        return problems

    def _count_as_on_time(self, g: Graded, tally: _Tally) -> None:
        """Score a file's last answers as if none were late (the file was handed in on
        time, so the student's clock was fast)."""
        on_time = _Tally(
            last={k: (v, False) for k, v in tally.every_last.items()},
            attempts=dict(tally.every_attempts),
            void=tally.void,
        )
        for item_id in tally.every_last:
            a = g.answers[item_id]
            if a.late in ("yes", "dropped"):
                g.answers[item_id] = self._answer(g.file, g.student, item_id, on_time, [])


def _duration(d: timedelta) -> str:
    """A length of time in words: days, hours and minutes."""
    minutes = int(d.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    shown = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return " ".join(shown[:2]) or "less than a minute"
