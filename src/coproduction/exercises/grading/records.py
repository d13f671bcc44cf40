"""What grading keeps: the kinds of problem, and each student's counted answers."""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from coproduction.exercises.kinds import Item, Result, ShortItem

READ_LIMIT = 5 * 1024 * 1024  # bytes; a real submission is a few kilobytes
CSV_LIMIT = 20 * 1024 * 1024  # bytes; a roster or marks sheet of a large class is under 1 MB

PROBLEMS = {
    "missing": "a student on the roster handed in no gradable file",
    "duplicate": "two or more files for one student; the one with the latest answer counts",
    "late": "a file handed in after the deadline (its file time) or with answers timestamped "
    "after it (the student's clock); not counted (late policy drop) or counted and flagged "
    "(accept)",
    "times-disagree": "a file's hand-in time and the answer times inside it disagree: answers "
    "timestamped after the file was handed in, or a file handed in late with every answer "
    "before the deadline",
    "copy-times": "file times that are when files were copied or unzipped, not handed in "
    "(every file modified after the deadline, or a file modified after it just before "
    "grading); they were not used",
    "corrupt": "not a readable submission: empty, truncated, not JSON, not UTF-8, too large, "
    "or not in the submission format",
    "foreign": "a submission for another set or another release of it, or by a student not "
    "on the roster",
    "tampered": "the file was changed after the answers were recorded (its chain does not match)",
    "unknown-item": "an answer to an item that is not in the set",
    "wrong-shape": "an answer of the wrong type for its item; it scores 0",
    "bad-response": "a response without a readable item or time; it is not counted",
    "file-name": "the file is named for a different student from the one inside it",
    "unsafe-path": "a zip entry with an absolute path or '..' (never read)",
    "ignored": "a file that is not a submission (.json) or a link; not read",
    "to-be-marked": "short answers with no marks yet",
    "no-identity": "a student left out of a VLE's gradebook: a column the VLE matches students "
    "by is empty for them or shared with another student",
    "bad-mark": "a cell in a marks file that could not be used",
    "not-written": "an output file (a student's feedback page) that could not be written; "
    "the rest were written",
}


def unreadable_csv(path: Path) -> str | None:
    """Why a roster or marks sheet will not be read (not a regular file, or larger than
    :data:`CSV_LIMIT`), or None if it can be: checked before a byte is read, so a
    device or a huge file never hangs or floods the grader."""
    try:
        st = path.stat()
    except OSError as err:
        return f"cannot be read ({err.strerror})"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file (a folder, device or pipe); give a .csv file"
    if st.st_size > CSV_LIMIT:
        return (
            f"is {st.st_size:,} bytes, over the {CSV_LIMIT // (1024 * 1024)} MB limit for a CSV "
            "file (a large class's is under 1 MB); check that it is the right file"
        )
    return None


class GradeError(ValueError):
    """Grading cannot start (a roster, folder or option that cannot be used)."""


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    student: str
    problem: str
    detail: str


@dataclass(slots=True)
class Answer:
    """The answer that counts for one item, and how it scored.

    Only the points are kept, not the checker's feedback: the feedback pages check
    the answer again when they are written, so a large class takes little memory.
    """

    item: Item
    answer: Any = None
    answered: bool = False
    attempts: int = 0
    # "no"; "yes" (the counted answer is timestamped after the deadline); "file late" (the
    # file was handed in after it; counted); "dropped" (answers after the deadline were
    # ignored); "dropped (file late)" (the file was handed in late; its answer ignored)
    late: str = "no"
    auto_points: float | None = None  # from the checker; None for a short answer
    # a Result verdict, "marked", "to be marked", "no answer", "wrong shape" or "void"
    # (every answer given was changed after it was recorded)
    status: str = "no answer"
    error: str = ""
    marks: dict[str, float] | None = None
    comment: str = ""
    # responses to this item after the counted one, not counted: changed after they were
    # recorded (so the answer that counts may not be the student's last)
    void: int = 0

    @property
    def points(self) -> float | None:
        if self.status == "marked" and self.marks is not None and isinstance(self.item, ShortItem):
            return self.item.mark(self.marks)
        if self.status == "to be marked":
            return None
        return self.auto_points or 0.0

    def result(self) -> Result | None:
        """The checker's result again (with its feedback), or None."""
        if not self.answered or self.status == "wrong shape":
            return None
        try:
            return self.item.check(self.answer)
        except Exception:  # noqa: BLE001 - it scored already; a page must not fail
            return None

    @property
    def score(self) -> float | None:
        points = self.points
        if points is None:
            return None
        return points / self.item.max_points if self.item.max_points else 0.0


@dataclass(slots=True)
class Graded:
    """One student's counted submission."""

    student: str
    file: str
    latest: datetime | None
    answers: dict[str, Answer]
    problems: list[Problem] = field(default_factory=list)
    #: When the file was handed in (its file time), if known and used to judge lateness.
    handed_in: datetime | None = None

    @property
    def total(self) -> float:
        """Points so far: marked and auto-marked answers (a provisional total while
        :attr:`unmarked` is not 0; :attr:`final_total` is None until then)."""
        return sum(a.points or 0.0 for a in self.answers.values())

    @property
    def auto_marked(self) -> float:
        """Points from the answers the checker scored (every kind but short answers)."""
        return sum(a.points or 0.0 for a in self.answers.values() if a.item.auto)

    @property
    def awaiting_marking(self) -> float:
        """The points still to be decided by a marker: the maximum of each answer to be
        marked (0 once every answer is marked)."""
        return sum(a.item.max_points for a in self.answers.values() if a.status == "to be marked")

    @property
    def final_total(self) -> float | None:
        """The total, once every answer is marked; None while any waits for a marker."""
        return None if self.unmarked else self.total

    @property
    def unmarked(self) -> int:
        return sum(1 for a in self.answers.values() if a.status == "to be marked")
