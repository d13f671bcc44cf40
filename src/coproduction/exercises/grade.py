"""Grading a folder or zip of submissions against an assessed set.

The grader reads submission files as JSON and nothing else: it never runs, imports
or unpickles anything a student hands in. It reads a zip's entries in memory and
never extracts them. Each file is read with a size limit (:data:`READ_LIMIT`).

Every problem is reported and grading carries on with the other files. The kinds of
problem (the ``problem`` column of ``problems.csv``) are listed in :data:`PROBLEMS`.

Which answer counts
    The **last** answer to each item in a submission counts (the last response in
    the file, which is the latest attempt: answers are only ever appended). With
    ``late_policy="drop"``, answers given after the deadline are ignored, so the last
    answer given before it counts.

Outputs (:meth:`Report.write`): ``grades-long.csv``, ``gradebook.csv``,
``problems.csv``, ``feedback/<student>.html`` and ``short-answers/<item-id>.csv``;
every column is documented in the book's page on grading (``back/grading.md``).
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any

from coproduction.exercises import responses
from coproduction.exercises.items import (
    AnswerError,
    ChoiceItem,
    ClassifyItem,
    Item,
    MatchingItem,
    NumericItem,
    OrderingItem,
    Result,
    ShortItem,
)
from coproduction.exercises.sets import AssessedSet

READ_LIMIT = 5 * 1024 * 1024  # bytes; a real submission is a few kilobytes

PROBLEMS = {
    "missing": "a student on the roster handed in no gradable file",
    "duplicate": "two or more files for one student; the one with the latest answer counts",
    "late": "answers given after the deadline (flagged, or ignored with --late-policy drop)",
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
    "bad-mark": "a cell in a marks file that could not be used",
}
LONG_COLUMNS = (
    "student",
    "item",
    "kind",
    "attempts",
    "answer",
    "score",
    "points",
    "max_points",
    "status",
    "late",
)
PROBLEM_COLUMNS = ("file", "student", "problem", "detail")
FLAVOURS = ("generic", "moodle", "canvas", "blackboard")
ROSTER_COLUMNS = ("student_id", "name", "email", "username", "sis_id", "section")
ROSTER_EXTRA = ("first_name", "last_name")


class GradeError(ValueError):
    """Grading cannot start (a roster, folder or option that cannot be used)."""


# Small helpers ------------------------------------------------------------------


def _num(x: float | None) -> str:
    if x is None:
        return ""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _cell(text: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if text is None else str(text)
    if text and text[0] in "=+-@\t\r" and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _uncell(text: str) -> str:
    text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def _clip(text: str, n: int = 32000) -> str:
    """Spreadsheets hold at most 32,767 characters in a cell."""
    return text if len(text) <= n else text[: n - 30] + " [cut: see the feedback page]"


def _json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return "(an answer nested too deeply to show)"


def _short(value: Any, n: int = 80) -> str:
    text = _json(value)
    return text if len(text) <= n else text[: n - 3] + "..."


def _parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str) or len(text) > 40:
        return None
    value = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when


def safe_name(student: str) -> str:
    """The file-name form of a student id (as the submission file name uses it)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in student)[:100]
    if not safe or safe.startswith("."):
        safe = "student" + safe
    return safe


# Reading the submissions --------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One file found in the submissions: its bytes, or why it was not read."""

    name: str
    data: bytes | None = None
    problem: str | None = None
    detail: str = ""


def _skip_quietly(parts: Sequence[str]) -> bool:
    """Hidden files and macOS resource folders (but never '..', which is reported)."""
    return any((p.startswith(".") and p not in (".", "..")) or p == "__MACOSX" for p in parts)


class Submissions:
    """The files in a folder (walked, links not followed) or a zip (read in memory)."""

    def __init__(self, path: str | os.PathLike, exclude: Path | None = None):
        self.path = Path(path)
        self.exclude = exclude.resolve() if exclude else None
        if self.path.is_dir():
            self.kind = "folder"
        elif self.path.is_file() and zipfile.is_zipfile(self.path):
            self.kind = "zip"
        elif self.path.is_file():
            raise GradeError(
                f"{self.path}: not a folder or a zip file; give the folder (or .zip) that "
                "holds the students' .json files"
            )
        else:
            raise GradeError(f"{self.path}: no such folder or zip file")
        self._names: list[Any] | None = None

    def _listing(self) -> list[Any]:
        if self._names is None:
            if self.kind == "folder":
                found = []
                for root, dirs, files in os.walk(self.path, followlinks=False):
                    here = Path(root)
                    if self.exclude is not None:
                        dirs[:] = [d for d in dirs if (here / d).resolve() != self.exclude]
                    dirs[:] = sorted(d for d in dirs if not _skip_quietly([d]))
                    found += [here / f for f in sorted(files) if not _skip_quietly([f])]
                    found += [here / d for d in dirs if (here / d).is_symlink()]
                self._names = found
            else:
                try:
                    with zipfile.ZipFile(self.path) as zf:
                        self._names = [i for i in zf.infolist() if not i.is_dir()]
                except (zipfile.BadZipFile, OSError) as err:
                    raise GradeError(f"{self.path}: the zip file cannot be read ({err})") from None
                self._names = [
                    i for i in self._names if not _skip_quietly(re.split(r"[\\/]", i.filename))
                ]
        return self._names

    def __len__(self) -> int:
        return len(self._listing())

    def __iter__(self) -> Iterator[Entry]:
        if self.kind == "folder":
            yield from self._folder()
        else:
            yield from self._zip()

    def _folder(self) -> Iterator[Entry]:
        for path in self._listing():
            name = path.relative_to(self.path).as_posix()
            if path.is_symlink():
                yield Entry(
                    name, problem="ignored", detail="a symbolic link; links are not followed"
                )
                continue
            if path.suffix.lower() != ".json":
                yield Entry(name, problem="ignored", detail=_not_json(name))
                continue
            try:
                st = path.lstat()
                if not stat.S_ISREG(st.st_mode):
                    yield Entry(name, problem="ignored", detail="not a regular file; not read")
                    continue
                size = st.st_size
                if size > READ_LIMIT:
                    yield Entry(name, problem="corrupt", detail=_too_big(size))
                    continue
                with open(path, "rb") as f:
                    data = f.read(READ_LIMIT + 1)
            except OSError as err:
                yield Entry(name, problem="corrupt", detail=f"cannot be read ({err.strerror})")
                continue
            if len(data) > READ_LIMIT:
                yield Entry(name, problem="corrupt", detail=_too_big(len(data)))
                continue
            yield Entry(name, data)

    def _zip(self) -> Iterator[Entry]:
        with zipfile.ZipFile(self.path) as zf:
            for info in self._listing():
                name = info.filename
                parts = re.split(r"[\\/]", name)
                if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
                    yield Entry(
                        name,
                        problem="unsafe-path",
                        detail="the zip entry has an absolute path or '..' in it, which could "
                        "write outside a folder if extracted; it was not read. Ask for the file "
                        "itself",
                    )
                    continue
                if not name.lower().endswith(".json"):
                    yield Entry(name, problem="ignored", detail=_not_json(name))
                    continue
                if info.file_size > READ_LIMIT:
                    yield Entry(name, problem="corrupt", detail=_too_big(info.file_size))
                    continue
                try:
                    with zf.open(info) as f:
                        data = f.read(READ_LIMIT + 1)
                except (
                    zipfile.BadZipFile,
                    RuntimeError,
                    NotImplementedError,
                    zlib.error,
                    EOFError,
                    OSError,
                    ValueError,
                ) as err:
                    yield Entry(
                        name, problem="corrupt", detail=f"cannot be read from the zip ({err})"
                    )
                    continue
                if len(data) > READ_LIMIT:
                    yield Entry(name, problem="corrupt", detail=_too_big(len(data)))
                    continue
                yield Entry(name, data)


def _not_json(name: str) -> str:
    hint = ""
    if name.lower().endswith(".ipynb"):
        hint = " (a notebook: students hand in the .json file the notebook saved, not the notebook)"
    elif name.lower().endswith(".zip"):
        hint = " (a zip inside the zip is not opened: unpack it and grade its folder)"
    return f"not a .json file{hint}; not read"


def _too_big(size: int) -> str:
    return (
        f"{size:,} bytes, over the {READ_LIMIT // (1024 * 1024)} MB read limit (a submission is "
        "normally a few kilobytes); not read"
    )


# Grading one submission -------------------------------------------------------------


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
    late: str = "no"  # "yes" (counted answer late), "dropped" (late answers ignored), "no"
    auto_points: float | None = None  # from the checker; None for a short answer
    status: str = "no answer"  # a Result verdict, "marked", "no answer" or "wrong shape"
    error: str = ""
    marks: dict[str, float] | None = None
    comment: str = ""

    @property
    def points(self) -> float | None:
        if self.status == "marked" and self.marks is not None:
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

    @property
    def total(self) -> float:
        return sum(a.points or 0.0 for a in self.answers.values())

    @property
    def unmarked(self) -> int:
        return sum(1 for a in self.answers.values() if a.status == "to be marked")


def _decode(raw: bytes) -> tuple[str | None, str]:
    """Text, or None and why not."""
    if not raw.strip():
        return None, "the file is empty (it may not have been saved, or the upload failed)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:200]:
        return None, (
            "saved as UTF-16 text, not UTF-8: an editor re-saved it. Ask the student for the "
            "original file the notebook wrote"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError as err:
        return None, (
            f"not UTF-8 text (byte {err.start}): it was re-saved in another encoding such as "
            "Latin-1 or Windows-1252. Ask the student for the original file"
        )


def _load_json(text: str) -> tuple[Any, str]:
    try:
        return json.loads(text), ""
    except json.JSONDecodeError as err:
        if err.pos >= len(text.rstrip()) - 1 or err.msg.startswith("Unterminated string"):
            return None, (
                "the JSON ends early: the file is truncated (cut off while saving or "
                "uploading). Ask the student for the file again"
            )
        return None, f"not valid JSON ({err.msg}: line {err.lineno}, column {err.colno})"
    except RecursionError:
        return None, "not a submission: the JSON is nested too deeply"
    except ValueError as err:  # for example an integer too long to read
        return None, f"not valid JSON ({err})"


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
        text, why = _decode(raw)
        if text is None:
            self._reject(name, "", "corrupt", why)
            return None
        data, why = _load_json(text)
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
                f"submission format version {_short(data.get('version'))} "
                f"is not supported (this grader reads version {responses.VERSION})",
            )
            return None
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
                f"answers set {_short(data.get('set'))}, not {self.set.id!r}",
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
        rows = data.get("responses")
        if not isinstance(rows, list):
            self._reject(name, student, "corrupt", "the file has no list of responses")
            return None

        problems: list[Problem] = []
        stem = PurePosixPath(name).name
        m = re.fullmatch(re.escape(self.set.id) + r"-(.+)\.json", stem, flags=re.IGNORECASE)
        expected = responses.submission_path(".", self.set.id, data["student"].strip()).name
        if m and stem.casefold() != expected.casefold():
            problems.append(
                Problem(
                    name,
                    student,
                    "file-name",
                    f"the file is named for {m.group(1)!r} but holds the answers of {student!r}; "
                    "graded as the student inside the file. Check whether it was handed in for "
                    "someone else",
                )
            )
        broken = responses.verify_chain(data)
        if broken is not None:
            bad = rows[broken] if isinstance(rows[broken], dict) else {}
            problems.append(
                Problem(
                    name,
                    student,
                    "tampered",
                    f"response {broken + 1} of {len(rows)} (item {_short(bad.get('item'), 40)}) "
                    "does not match its chain: the file was changed after the answers were "
                    f"recorded. The {broken} response(s) before it are counted; it and the "
                    f"{len(rows) - broken - 1} after it are not",
                )
            )
            rows = rows[:broken]
        return self._score(name, student, rows, problems)

    def _score(self, name: str, student: str, rows: list, problems: list[Problem]) -> Graded:
        last: dict[str, tuple[Any, bool]] = {}
        attempts: dict[str, int] = {}
        dropped: dict[str, int] = {}
        unknown: dict[str, int] = {}
        late_n, latest, latest_late = 0, None, None
        for i, r in enumerate(rows):
            item_id = r.get("item") if isinstance(r, dict) else None
            when = _parse_time(r.get("timestamp")) if isinstance(r, dict) else None
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
            latest = when if latest is None or when > latest else latest
            if item_id not in self.items:
                unknown[item_id] = unknown.get(item_id, 0) + 1
                continue
            is_late = self.deadline is not None and when > self.deadline
            if is_late:
                late_n += 1
                latest_late = when if latest_late is None or when > latest_late else latest_late
                if self.late_policy == "drop":
                    dropped[item_id] = dropped.get(item_id, 0) + 1
                    continue
            attempts[item_id] = attempts.get(item_id, 0) + 1
            last[item_id] = (r["answer"], is_late)
        if len(unknown) > 10:  # one row, not thousands, for a file full of stray ids
            shown = ", ".join(_short(k, 30) for k in list(unknown)[:5])
            problems.append(
                Problem(
                    name,
                    student,
                    "unknown-item",
                    f"{sum(unknown.values())} answer(s) to {len(unknown)} items not in set "
                    f"{self.set.id} ({shown}, ...); not counted",
                )
            )
            unknown = {}
        for item_id, n in unknown.items():
            problems.append(
                Problem(
                    name,
                    student,
                    "unknown-item",
                    f"{n} answer(s) to item {_short(item_id, 60)}, which is not in set "
                    f"{self.set.id}; not counted",
                )
            )
        if late_n:
            assert self.deadline is not None
            action = (
                "not counted (late policy: drop)"
                if self.late_policy == "drop"
                else "counted and flagged in the 'late' column (late policy: accept)"
            )
            problems.append(
                Problem(
                    name,
                    student,
                    "late",
                    f"{late_n} answer(s) after the deadline {self.deadline.isoformat()}, the "
                    f"last at {latest_late.isoformat() if latest_late else '?'}; {action}",
                )
            )
        answers: dict[str, Answer] = {}
        for item_id, item in self.items.items():
            a = Answer(item)
            if item_id in last:
                a.answer, late = last[item_id]
                a.answered = True
                a.attempts = attempts[item_id]
                a.late = "yes" if late else ("dropped" if item_id in dropped else "no")
                try:
                    result = item.check(a.answer)
                    a.auto_points, a.status = result.points, result.verdict
                except AnswerError as err:
                    a.status, a.error = "wrong shape", str(err)
                except Exception as err:  # noqa: BLE001 - a student's file must not stop grading
                    a.status, a.error = (
                        "wrong shape",
                        f"could not be checked ({type(err).__name__})",
                    )
                if a.error:
                    problems.append(Problem(name, student, "wrong-shape", f"{a.error}; scores 0"))
            elif item_id in dropped:
                a.late = "dropped"
            answers[item_id] = a
        return Graded(student, name, latest, answers, problems)

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


# Marks for short answers -------------------------------------------------------------


def criterion_header(item: ShortItem, criterion_id: str) -> str:
    c = next(c for c in item.rubric if c.id == criterion_id)
    return f"{c.id} (0-{_num(c.max_points)})"


def _read_csv_text(path: Path) -> str:
    raw = path.read_bytes()[: READ_LIMIT * 4]
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # a spreadsheet's "CSV" on Windows


def _csv_rows(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if any(c in first for c in ",;\t") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


# Reports -----------------------------------------------------------------------------


@dataclass
class Report:
    """Everything graded; :meth:`write` puts it on disk."""

    set: AssessedSet
    kept: dict[str, Graded]
    problems: list[Problem]
    roster: dict[str, Mapping[str, str]] | None = None
    files: int = 0

    @property
    def short_items(self) -> list[ShortItem]:
        return [it for it in self.set.items if isinstance(it, ShortItem)]

    def students(self) -> list[str]:
        """Gradebook order: the roster's, or graded students sorted."""
        if self.roster is not None:
            return list(self.roster)
        return sorted(self.kept)

    # -- marks --

    def apply_marks(self, folder: str | os.PathLike) -> int:
        """Read markers' CSVs (``<item-id>.csv``) and merge their points; return rows used."""
        folder = Path(folder)
        if not folder.is_dir():
            raise GradeError(f"{folder}: no such folder of marks (the short-answers/ folder)")
        shorts = {it.id: it for it in self.short_items}
        used = 0
        for path in sorted(folder.glob("*.csv")):
            item = shorts.get(path.stem)
            rel = f"{folder.name}/{path.name}"
            if item is None:
                known = ", ".join(shorts) or "none"
                self._bad(
                    rel,
                    "",
                    f"not a short-answer item of set {self.set.id} (its short "
                    f"answers: {known}); the file was not read",
                )
                continue
            used += self._marks_file(rel, path, item)
        return used

    def _bad(self, file: str, student: str, detail: str) -> None:
        self.problems.append(Problem(file, student, "bad-mark", detail))

    def _marks_file(self, rel: str, path: Path, item: ShortItem) -> int:
        try:
            rows = _csv_rows(_read_csv_text(path))
        except (OSError, csv.Error) as err:
            self._bad(rel, "", f"cannot be read as CSV ({err})")
            return 0
        if not rows:
            self._bad(rel, "", "the file is empty")
            return 0
        header = [h.strip() for h in rows[0]]
        lower = [h.casefold() for h in header]
        if "student" not in lower:
            self._bad(rel, "", "row 1 has no 'student' column; keep the header the grader wrote")
            return 0
        col_student = lower.index("student")
        col_comment = lower.index("comment") if "comment" in lower else None
        cols: dict[str, int] = {}
        for c in item.rubric:
            for j, h in enumerate(lower):
                if h == c.id.casefold() or h.startswith(c.id.casefold() + " ("):
                    cols[c.id] = j
                    break
            else:
                self._bad(
                    rel,
                    "",
                    f"row 1 has no column for criterion {c.id!r} (expected "
                    f"'{criterion_header(item, c.id)}'); the file was not read",
                )
        if len(cols) != len(item.rubric):
            return 0
        seen: dict[str, int] = {}
        used = 0
        for r, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue

            def cell(j: int | None, row: list[str] = row) -> str:
                return row[j].strip() if j is not None and j < len(row) else ""

            student = _uncell(cell(col_student))
            g = self.kept.get(student)
            if g is None:
                self._bad(
                    rel,
                    student,
                    f"row {r}, column 'student': {student!r} is not a graded "
                    "student of this set; the row was not used",
                )
                continue
            a = g.answers[item.id]
            if not a.answered or a.status == "wrong shape":
                self._bad(
                    rel,
                    student,
                    f"row {r}: {student} has no answer to {item.id} to mark; the row was not used",
                )
                continue
            if student in seen:
                self._bad(
                    rel,
                    student,
                    f"row {r}: {student} already has a row ({seen[student]});"
                    " this later row is used",
                )
            seen[student] = r
            marks: dict[str, float] = {}
            blank: list[str] = []
            ok = True
            for c in item.rubric:
                raw = cell(cols[c.id])
                where = f"row {r}, column '{header[cols[c.id]]}'"
                if not raw:
                    blank.append(c.id)
                    continue
                try:
                    value = float(raw.replace(",", ".") if "." not in raw else raw)
                except ValueError:
                    self._bad(rel, student, f"{where}: {raw!r} is not a number")
                    ok = False
                    continue
                if not math.isfinite(value) or not 0 <= value <= c.max_points:
                    self._bad(rel, student, f"{where}: {raw} is outside 0-{_num(c.max_points)}")
                    ok = False
                    continue
                marks[c.id] = value
            comment = _uncell(cell(col_comment))
            if blank and len(blank) < len(item.rubric) and ok:
                self._bad(
                    rel,
                    student,
                    f"row {r}: criteria {', '.join(blank)} have no mark; fill "
                    "in every criterion (0 is a mark) or none",
                )
                ok = False
            a.comment = comment
            if ok and not blank:
                a.marks, a.status = marks, "marked"
                used += 1
            else:  # unmarked, or a row with problems: the answer waits for marks
                a.marks, a.status = None, "to be marked"
        return used

    # -- outputs --

    def finish(self) -> None:
        """Add the 'to be marked' rows (call after marks are merged)."""
        self.problems = [p for p in self.problems if p.problem != "to-be-marked"]
        for item in self.short_items:
            waiting = sorted(
                s for s, g in self.kept.items() if g.answers[item.id].status == "to be marked"
            )
            if waiting:
                shown = ", ".join(waiting[:10]) + (", ..." if len(waiting) > 10 else "")
                self.problems.append(
                    Problem(
                        f"short-answers/{item.id}.csv",
                        "",
                        "to-be-marked",
                        f"{len(waiting)} answer(s) to {item.id} have no marks yet ({shown}): fill "
                        "in short-answers/" + item.id + ".csv and grade again with --marks",
                    )
                )

    def write(self, out: str | os.PathLike, gradebook: str = "generic") -> dict[str, Path]:
        """Write every output into ``out``; return the main files' paths."""
        if gradebook not in FLAVOURS:
            raise GradeError(f"gradebook must be one of {', '.join(FLAVOURS)}, not {gradebook!r}")
        self.finish()
        out = Path(out)
        (out / "feedback").mkdir(parents=True, exist_ok=True)
        (out / "short-answers").mkdir(parents=True, exist_ok=True)
        paths = {
            "grades-long": out / "grades-long.csv",
            "gradebook": out / "gradebook.csv",
            "problems": out / "problems.csv",
            "feedback": out / "feedback",
            "short-answers": out / "short-answers",
        }
        self._write_long(paths["grades-long"])
        self._write_gradebook(paths["gradebook"], gradebook)
        self._write_problems(paths["problems"])
        self._write_short_answers(paths["short-answers"])
        self._write_feedback(paths["feedback"])
        return paths

    def _write_long(self, path: Path) -> None:
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(LONG_COLUMNS)
            for student in sorted(self.kept):
                g = self.kept[student]
                for it in self.set.items:
                    a = g.answers[it.id]
                    w.writerow(
                        [
                            _cell(student),
                            it.id,
                            it.kind,
                            a.attempts,
                            _cell(_clip(_json(a.answer))) if a.answered else "",
                            _num(a.score),
                            _num(a.points),
                            _num(it.max_points),
                            a.status,
                            a.late,
                        ]
                    )

    def _write_problems(self, path: Path) -> None:
        order = {k: i for i, k in enumerate(PROBLEMS)}
        rows = sorted(self.problems, key=lambda p: (order.get(p.problem, 99), p.file, p.student))
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(PROBLEM_COLUMNS)
            for p in rows:
                w.writerow([_cell(p.file), _cell(p.student), p.problem, _cell(p.detail)])

    def _write_gradebook(self, path: Path, flavour: str) -> None:
        header, points_row, identity = gradebook_layout(self.set, flavour)
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            if points_row is not None:
                w.writerow(points_row)
            for sid in self.students():
                row = self.roster.get(sid, {}) if self.roster is not None else {}
                ident = [_cell(v) for v in identity(sid, row)]
                g = self.kept.get(sid)
                if g is None:
                    w.writerow([*ident, *([""] * (len(self.set.items) + 2))])
                    continue
                cells = [_num(g.answers[it.id].points) for it in self.set.items]
                total = g.total
                percent = 100 * total / self.set.max_points if self.set.max_points else 0.0
                w.writerow([*ident, *cells, _num(total), _num(round(percent, 2))])

    def _write_short_answers(self, folder: Path) -> None:
        for item in self.short_items:
            heads = [criterion_header(item, c.id) for c in item.rubric]
            with open(folder / f"{item.id}.csv", "w", encoding="utf-8-sig", newline="") as f:
                w = csv.writer(f)
                w.writerow(["student", "answer", *heads, "comment"])
                for student in sorted(self.kept):
                    a = self.kept[student].answers[item.id]
                    if not a.answered or a.status == "wrong shape":
                        continue
                    marks = [
                        _num(a.marks[c.id]) if a.marks is not None else "" for c in item.rubric
                    ]
                    w.writerow(
                        [_cell(student), _cell(_clip(str(a.answer))), *marks, _cell(a.comment)]
                    )

    def _write_feedback(self, folder: Path) -> None:
        used: set[str] = set()
        for student in sorted(self.kept):
            name = safe_name(student)
            base, n = name, 2
            while name.casefold() in used:
                name, n = f"{base}-{n}", n + 1
            used.add(name.casefold())
            page = feedback_page(self.set, self.kept[student])
            (folder / f"{name}.html").write_text(page, encoding="utf-8")

    # -- summary --

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for p in self.problems:
            counts[p.problem] = counts.get(p.problem, 0) + 1
        n = len(self.kept)
        lines = [
            f"Set {self.set.id} ({len(self.set.items)} items, {_num(self.set.max_points)} "
            f"points): {self.files} file(s) read, {n} student(s) graded."
        ]
        if n:
            totals = sorted(g.total for g in self.kept.values())
            mean = sum(totals) / n
            median = totals[n // 2] if n % 2 else (totals[n // 2 - 1] + totals[n // 2]) / 2
            lines.append(
                f"Total points: mean {_num(round(mean, 2))}, median {_num(median)}, "
                f"range {_num(totals[0])}-{_num(totals[-1])} of {_num(self.set.max_points)}."
            )
        if counts:
            order = [k for k in PROBLEMS if k in counts]
            lines.append(
                f"{sum(counts.values())} problem(s): "
                + ", ".join(f"{counts[k]} {k}" for k in order)
                + " (see problems.csv)."
            )
        else:
            lines.append("No problems.")
        return "\n".join(lines)


# Gradebook flavours --------------------------------------------------------------------


def _split_name(row: Mapping[str, str]) -> tuple[str, str]:
    """(first, last) from the roster: first_name/last_name, else 'Last, First', else the
    last word of ``name`` as the family name."""
    first, last = (row.get("first_name") or "").strip(), (row.get("last_name") or "").strip()
    if first or last:
        return first, last
    name = (row.get("name") or "").strip()
    if "," in name:
        last, _, first = name.partition(",")
        return first.strip(), last.strip()
    if " " in name:
        first, _, last = name.rpartition(" ")
        return first.strip(), last.strip()
    return "", name


def gradebook_layout(aset: AssessedSet, flavour: str):
    """(header, points-possible row or None, identity(student_id, roster_row) -> cells)."""
    items = list(aset.items)
    maxes = [_num(it.max_points) for it in items]
    total_max = _num(aset.max_points)
    title = aset.title

    def g(row: Mapping[str, str], key: str) -> str:
        return (row.get(key) or "").strip()

    if flavour == "generic":
        header = [*ROSTER_COLUMNS, *(it.id for it in items), "total", "percent"]
        return header, None, lambda sid, row: [sid, *(g(row, k) for k in ROSTER_COLUMNS[1:])]
    if flavour == "moodle":
        header = [
            "First name",
            "Last name",
            "ID number",
            "Username",
            "Email address",
            *(f"{title}: {it.id}" for it in items),
            f"{title}: total",
            f"{title}: percent",
        ]
        return (
            header,
            None,
            lambda sid, row: [
                *_split_name(row),
                g(row, "sis_id") or sid,
                g(row, "username"),
                g(row, "email"),
            ],
        )
    if flavour == "canvas":
        header = [
            "Student",
            "ID",
            "SIS User ID",
            "SIS Login ID",
            "Section",
            *(f"{title}: {it.id}" for it in items),
            f"{title}: total",
            f"{title}: percent",
        ]
        points = ["Points Possible", "", "", "", "", *maxes, total_max, "100"]
        return (
            header,
            points,
            lambda sid, row: [
                g(row, "name"),
                "",
                g(row, "sis_id") or sid,
                g(row, "username"),
                g(row, "section"),
            ],
        )
    if flavour == "blackboard":
        header = [
            "Last Name",
            "First Name",
            "Username",
            *(
                f"{title}: {it.id} [Total Pts: {m} Score]"
                for it, m in zip(items, maxes, strict=True)
            ),
            f"{title}: total [Total Pts: {total_max} Score]",
            f"{title}: percent [Total Pts: 100 Score]",
        ]

        def ident(sid: str, row: Mapping[str, str]) -> list[str]:
            first, last = _split_name(row)
            return [last, first, g(row, "username") or sid]

        return header, None, ident
    raise GradeError(f"gradebook must be one of {', '.join(FLAVOURS)}, not {flavour!r}")


# Roster ---------------------------------------------------------------------------------


def read_roster(path: str | os.PathLike) -> dict[str, dict[str, str]]:
    """A roster CSV (``student_id`` required; ``name``, ``email``, ``username``,
    ``sis_id``, ``section``, ``first_name``, ``last_name`` optional), in file order.

    Raises :class:`GradeError` listing every problem.
    """
    path = Path(path)
    if not path.is_file():
        raise GradeError(f"{path}: no such roster file")
    try:
        rows = _csv_rows(_read_csv_text(path))
    except (OSError, csv.Error) as err:
        raise GradeError(f"{path.name}: cannot be read as CSV ({err})") from None
    if not rows:
        raise GradeError(f"{path.name}: the roster is empty; row 1 must name the columns")

    def norm(h: str) -> str:
        return re.sub(r"[\s-]+", "_", h.strip().casefold())

    header = [norm(h) for h in rows[0]]
    if "student_id" not in header:
        raise GradeError(
            f"{path.name}, row 1: no 'student_id' column (found: {', '.join(rows[0]) or 'none'}); "
            f"name the columns {', '.join(ROSTER_COLUMNS)} (only student_id is required)"
        )
    known = set(ROSTER_COLUMNS) | set(ROSTER_EXTRA)
    out: dict[str, dict[str, str]] = {}
    errors: list[str] = []
    first_row: dict[str, int] = {}
    for r, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        rec = {
            h: (row[j].strip() if j < len(row) else "") for j, h in enumerate(header) if h in known
        }
        sid = rec.get("student_id", "")
        if not sid:
            errors.append(f"row {r}, column 'student_id': empty; every row needs a student ID")
            continue
        if sid.casefold() in first_row:
            errors.append(
                f"row {r}, column 'student_id': {sid!r} repeats row {first_row[sid.casefold()]}; "
                "list each student once"
            )
            continue
        first_row[sid.casefold()] = r
        out[sid] = rec
    if errors:
        raise GradeError(f"{path.name}: " + "; ".join(errors))
    if not out:
        raise GradeError(f"{path.name}: the roster lists no students")
    return out


# Feedback pages -----------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.5;margin:0;
color:#1b1b1b;background:#fff}
main{max-width:46rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1rem;margin-bottom:.25rem}
section{border-top:1px solid #767676;padding-top:.5rem}
.verdict{font-weight:600}.late{color:#8a3b00}
table{border-collapse:collapse}th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left}
blockquote{margin:0;padding-left:1rem;border-left:4px solid #767676;white-space:pre-wrap}
@media (prefers-color-scheme:dark){body{color:#eee;background:#121212}.late{color:#ffb37a}}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def describe_answer(item: Item, answer: Any) -> str:
    """A student's answer in words (HTML), using the question's own texts."""
    try:
        if isinstance(item, ChoiceItem):
            by_id = {o.id: o.text for o in item.options}
            chosen = [answer] if isinstance(answer, str) else list(answer)
            if not chosen:
                return "<p>You chose no option.</p>"
            lis = "".join(f"<li>{_e(by_id[c])}</li>" for c in chosen)
            return f"<ul>{lis}</ul>"
        if isinstance(item, ClassifyItem):
            return f"<p>{_e(dict(item.categories)[answer])}</p>"
        if isinstance(item, MatchingItem):
            left = {e.id: e.text for e in item.left}
            right = {e.id: e.text for e in item.right}
            lis = "".join(
                f"<li>{_e(left[k])} &rarr; {_e(right[v])}</li>" for k, v in answer.items()
            )
            return f"<ul>{lis}</ul>" if lis else "<p>You matched nothing.</p>"
        if isinstance(item, OrderingItem):
            text = {s.id: s.text for s in item.steps}
            return "<ol>" + "".join(f"<li>{_e(text[s])}</li>" for s in answer) + "</ol>"
        if isinstance(item, NumericItem):
            unit = f" {item.unit}" if item.unit else ""
            shown = _num(float(answer)) if isinstance(answer, int | float) else answer
            return f"<p>{_e(shown)}{_e(unit)}</p>"
        if isinstance(item, ShortItem):
            return f"<blockquote>{_e(answer)}</blockquote>"
    except (KeyError, TypeError, AttributeError, ValueError, OverflowError):
        pass
    return f"<p><code>{_e(_short(answer, 400))}</code></p>"


def _item_section(n: int, a: Answer) -> str:
    it = a.item
    pts = a.points
    unit = "point" if it.max_points == 1 else "points"
    got = "not yet marked" if pts is None else f"{_num(pts)} of {_num(it.max_points)} {unit}"
    parts = [
        f'<section aria-labelledby="q{n}"><h2 id="q{n}">Question {n}: {got}</h2>',
        f"<p>{_e(it.prompt)}</p>",
        "<h3>Your answer</h3>",
    ]
    if not a.answered:
        parts.append("<p>You did not answer this question.</p>")
        if a.late == "dropped":
            parts.append(
                '<p class="late">Your answer came after the deadline and was not counted.</p>'
            )
        parts.append("</section>")
        return "".join(parts)
    if a.status == "wrong shape":
        parts.append(f"<p><code>{_e(_short(a.answer, 400))}</code></p>")
    else:
        parts.append(describe_answer(it, a.answer))
    if a.late == "yes":
        parts.append('<p class="late">This answer was given after the deadline.</p>')
    elif a.late == "dropped":
        parts.append(
            '<p class="late">A later answer came after the deadline and was not counted; '
            "this is your last answer before it.</p>"
        )
    if a.status == "wrong shape":
        parts.append(
            "<p>This answer could not be read as an answer to this question, so it scores 0.</p>"
        )
    elif a.status not in ("to be marked", "marked"):
        parts.append(f'<p class="verdict">Result: {_e(a.status)}.</p>')
    if isinstance(it, ShortItem):
        rows = []
        for c in it.rubric:
            mark = a.marks.get(c.id) if a.marks else None
            level = next((d for p, d in c.levels if mark is not None and abs(p - mark) < 1e-9), "")
            rows.append(
                f"<tr><td>{_e(c.criterion)}</td>"
                f"<td>{'not yet marked' if mark is None else _num(mark)} (out of "
                f"{_num(c.max_points)})</td>"
                f"<td>{_e(level)}</td></tr>"
            )
        parts.append(
            '<table><caption>Marks by criterion</caption><thead><tr><th scope="col">Criterion'
            '</th><th scope="col">Points</th><th scope="col">Level</th></tr></thead><tbody>'
            + "".join(rows)
            + "</tbody></table>"
        )
        if a.comment:
            parts.append(f"<h3>Your marker's comment</h3><p>{_e(a.comment)}</p>")
    result = a.result()
    feedback = [t for t in (result.feedback if result else ()) if t]
    if feedback:
        parts.append("<h3>Feedback</h3>")
        parts.append("".join(f"<p>{_e(t)}</p>" for t in feedback))
    parts.append("</section>")
    return "".join(parts)


def feedback_page(aset: AssessedSet, g: Graded) -> str:
    """A self-contained, accessible HTML page for one student (no outside resources)."""
    total = g.total
    pending = g.unmarked
    note = (
        f" {pending} answer{'s are' if pending != 1 else ' is'} not yet marked; the total "
        "will change."
        if pending
        else ""
    )
    body = "".join(_item_section(n, g.answers[it.id]) for n, it in enumerate(aset.items, 1))
    title = f"{aset.title}: results for {g.student}"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{_e(aset.title)}</h1>\n"
        f"<p>Student: <strong>{_e(g.student)}</strong>. Total: <strong>{_num(total)} of "
        f"{_num(aset.max_points)} points</strong>.{_e(note)}</p>\n"
        f"{body}\n</main>\n</body>\n</html>\n"
    )
