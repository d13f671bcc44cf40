"""Short answers: the markers' sheets, and reading their marks back (``--marks``).

The grader writes ``short-answers/<item-id>.csv`` (student, answer, words, one column
per rubric criterion, comment); markers fill in the points and the grader reads the
folder back with :func:`apply_marks`. Every cell that cannot be used is reported as
a ``bad-mark`` problem naming the file, row and column; a row with a problem leaves
that answer "to be marked".

A criterion's column is headed ``<criterion id> (0-N: levels a / b / c)``: its range
and the points of its levels (:func:`criterion_header`); the descriptors and the model
answer are in the marking guide beside the sheet
(:mod:`~coproduction.exercises.grading.guides`). Reading back, a column is a
criterion's if its header is the criterion id or begins ``<criterion id> (``, so the
older ``<criterion id> (0-N)`` sheets are read too. The header holds no comma,
semicolon or tab, so that the separator of a sheet a spreadsheet saved again is
still recognised from row 1.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from coproduction.exercises.filenames import safe_stem
from coproduction.exercises.grading.cells import (
    cell,
    clip,
    csv_rows,
    number_text,
    read_csv_text,
    uncell,
)
from coproduction.exercises.grading.records import (
    Answer,
    Graded,
    GradeError,
    Problem,
    unreadable_csv,
)
from coproduction.exercises.kinds import ShortItem


def criterion_header(item: ShortItem, criterion_id: str) -> str:
    """The sheet's column for a criterion: ``claim (0-2: levels 0 / 2)``.

    >>> from coproduction.exercises.kinds import Criterion
    >>> levels = ((0.0, "None."), (1.0, "Some."), (2.5, "Full."))
    >>> item = ShortItem("q", "short", "Why?", "src", rubric=(Criterion("why", "Why", levels),))
    >>> criterion_header(item, "why")
    'why (0-2.5: levels 0 / 1 / 2.5)'
    """
    c = next(c for c in item.rubric if c.id == criterion_id)
    levels = " / ".join(number_text(p) for p in sorted({p for p, _ in c.levels}))
    return f"{c.id} (0-{number_text(c.max_points)}: levels {levels})"


def sheet_stem(item: ShortItem) -> str:
    """The stem of an item's sheet and guide: its id, which is already a safe name
    (lower-case letters, digits and hyphens), unless Windows reserves it (``con``)."""
    return safe_stem(item.id)


def sheet_name(item: ShortItem) -> str:
    """``<item-id>.csv``, the item's marks sheet."""
    return f"{sheet_stem(item)}.csv"


def words(text: str) -> int:
    """The words in an answer, counted as the word limit counts them."""
    return len(text.split())


def to_mark(item: ShortItem, kept: Mapping[str, Graded]) -> list[tuple[str, Answer]]:
    """The answers a marker marks for ``item``, in the sheet's order (by student id):
    every answer given, except one of the wrong shape (which scores 0)."""
    out = []
    for student in sorted(kept):
        a = kept[student].answers[item.id]
        if a.answered and a.status != "wrong shape":
            out.append((student, a))
    return out


def sheet_text(item: ShortItem, kept: Mapping[str, Graded]) -> str:
    """The text of ``<item-id>.csv``: a row per answer to mark, with its marks so far."""
    f = io.StringIO(newline="")
    w = csv.writer(f)
    heads = [criterion_header(item, c.id) for c in item.rubric]
    w.writerow(["student", "answer", "words", *(cell(h) for h in heads), "comment"])
    for student, a in to_mark(item, kept):
        given = a.marks or {}  # a half-filled row's usable marks are kept too
        marks = [number_text(given.get(c.id)) for c in item.rubric]
        text = str(a.answer)
        w.writerow([cell(student), cell(clip(text)), words(text), *marks, cell(a.comment)])
    return f.getvalue()


def sheet_bytes(item: ShortItem, kept: Mapping[str, Graded]) -> bytes:
    """The sheet as written: UTF-8 with a byte order mark, for spreadsheets."""
    return sheet_text(item, kept).encode("utf-8-sig")


def write_sheets(folder: Path, items: Sequence[ShortItem], kept: Mapping[str, Graded]) -> None:
    """One sheet per short-answer item, a row per student who answered it."""
    for item in items:
        (folder / sheet_name(item)).write_bytes(sheet_bytes(item, kept))


@dataclass(frozen=True)
class _Columns:
    """Where a marks sheet keeps the student, the comment and each criterion."""

    header: list[str]
    student: int
    comment: int | None
    criteria: dict[str, int]


class _Marks:
    """Reads marks sheets into the graded answers, reporting every unusable cell."""

    def __init__(self, set_id: str, kept: Mapping[str, Graded], problems: list[Problem]):
        self.set_id, self.kept, self.problems = set_id, kept, problems

    def bad(self, file: str, student: str, detail: str) -> None:
        self.problems.append(Problem(file, student, "bad-mark", detail))

    def folder(self, folder: Path, items: Sequence[ShortItem]) -> int:
        shorts = {it.id: it for it in items}
        stems = {**shorts, **{sheet_stem(it): it for it in items}}
        used = 0
        for path in sorted(folder.glob("*.csv")):
            item = stems.get(path.stem)
            rel = f"{folder.name}/{path.name}"
            if item is None:
                known = ", ".join(shorts) or "none"
                self.bad(
                    rel,
                    "",
                    f"not a short-answer item of set {self.set_id} (its short "
                    f"answers: {known}); the file was not read",
                )
                continue
            used += self.file(rel, path, item)
        return used

    def file(self, rel: str, path: Path, item: ShortItem) -> int:
        why = unreadable_csv(path)
        if why:
            self.bad(rel, "", f"{why}; the file was not read")
            return 0
        try:
            rows = csv_rows(read_csv_text(path))
        except (OSError, csv.Error) as err:
            self.bad(rel, "", f"cannot be read as CSV ({err})")
            return 0
        if not rows:
            self.bad(rel, "", "the file is empty")
            return 0
        cols = self.columns(rel, rows[0], item)
        if cols is None:
            return 0
        seen: dict[str, int] = {}
        used = 0
        for r, row in enumerate(rows[1:], start=2):
            if any(c.strip() for c in row):
                used += self.row(rel, r, row, item, cols, seen)
        return used

    def columns(self, rel: str, first: list[str], item: ShortItem) -> _Columns | None:
        header = [h.strip() for h in first]
        lower = [h.casefold() for h in header]
        if "student" not in lower:
            self.bad(rel, "", "row 1 has no 'student' column; keep the header the grader wrote")
            return None
        cols: dict[str, int] = {}
        for c in item.rubric:
            cid = c.id.casefold()
            # A header that names the range first, so that a criterion called 'words'
            # is not taken for the word count.
            starts = [j for j, h in enumerate(lower) if h.startswith(cid + " (")]
            same = [j for j, h in enumerate(lower) if h == cid]
            if starts or same:
                cols[c.id] = (starts or same)[0]
            else:
                self.bad(
                    rel,
                    "",
                    f"row 1 has no column for criterion {c.id!r} (expected "
                    f"'{criterion_header(item, c.id)}'); the file was not read",
                )
        if len(cols) != len(item.rubric):
            return None
        comment = lower.index("comment") if "comment" in lower else None
        return _Columns(header, lower.index("student"), comment, cols)

    def row(
        self,
        rel: str,
        r: int,
        row: list[str],
        item: ShortItem,
        cols: _Columns,
        seen: dict[str, int],
    ) -> int:
        """Merge one row's marks; 1 if they were used, else 0."""

        def at(j: int | None) -> str:
            return row[j].strip() if j is not None and j < len(row) else ""

        student = uncell(at(cols.student))
        a = self.answer(rel, r, student, item)
        if a is None:
            return 0
        if student in seen:
            self.bad(
                rel,
                student,
                f"row {r}: {student} already has a row ({seen[student]}); this later row is used",
            )
        seen[student] = r
        marks, blank, ok = self.points(rel, r, row, item, cols, student)
        if blank and len(blank) < len(item.rubric) and ok:
            self.bad(
                rel,
                student,
                f"row {r}: criteria {', '.join(blank)} have no mark; fill "
                "in every criterion (0 is a mark) or none",
            )
            ok = False
        a.comment = uncell(at(cols.comment))
        if ok and not blank:
            a.marks, a.status = marks, "marked"
            return 1
        # Unmarked, or a row with problems: it waits for a marker, and the usable marks
        # stay on the sheet written next, so that marking can go on from it.
        a.marks, a.status = (marks or None), "to be marked"
        return 0

    def answer(self, rel: str, r: int, student: str, item: ShortItem) -> Answer | None:
        """The student's answer to mark, or None (reported) if there is none."""
        g = self.kept.get(student)
        if g is None:
            self.bad(
                rel,
                student,
                f"row {r}, column 'student': {student!r} is not a graded "
                "student of this set; the row was not used",
            )
            return None
        a = g.answers[item.id]
        if not a.answered or a.status == "wrong shape":
            self.bad(
                rel,
                student,
                f"row {r}: {student} has no answer to {item.id} to mark; the row was not used",
            )
            return None
        return a

    def points(
        self, rel: str, r: int, row: list[str], item: ShortItem, cols: _Columns, student: str
    ) -> tuple[dict[str, float], list[str], bool]:
        """(marks by criterion, criteria left blank, whether every filled cell was usable)."""
        marks: dict[str, float] = {}
        blank: list[str] = []
        ok = True
        for c in item.rubric:
            j = cols.criteria[c.id]
            raw = row[j].strip() if j < len(row) else ""
            where = f"row {r}, column '{cols.header[j]}'"
            if not raw:
                blank.append(c.id)
                continue
            try:
                value = float(raw.replace(",", ".") if "." not in raw else raw)
            except ValueError:
                self.bad(rel, student, f"{where}: {raw!r} is not a number")
                ok = False
                continue
            if not math.isfinite(value) or not 0 <= value <= c.max_points:
                self.bad(rel, student, f"{where}: {raw} is outside 0-{number_text(c.max_points)}")
                ok = False
                continue
            marks[c.id] = value
        return marks, blank, ok


def apply_marks(
    folder: str | os.PathLike[str],
    set_id: str,
    items: Sequence[ShortItem],
    kept: Mapping[str, Graded],
    problems: list[Problem],
) -> int:
    """Read markers' CSVs (``<item-id>.csv``) in ``folder`` and merge their points into
    ``kept``; problems are appended to ``problems``. Return the rows used."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GradeError(f"{folder}: no such folder of marks (the short-answers/ folder)")
    return _Marks(set_id, kept, problems).folder(folder, items)
