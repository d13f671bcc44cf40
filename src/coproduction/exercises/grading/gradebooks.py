"""The gradebook (``gradebook.csv``) in four layouts, and the roster it follows.

Each layout is one :class:`Layout` in :data:`LAYOUTS`: the identity columns a VLE
needs (and how to fill them from the roster), how it names a grade column, and
whether it wants a "points possible" row. ``generic`` is the roster's own columns;
``moodle``, ``canvas`` and ``blackboard`` are the columns those systems import.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from coproduction.exercises.grading.cells import cell, csv_rows, number_text, read_csv_text
from coproduction.exercises.grading.records import Graded, GradeError, unreadable_csv
from coproduction.exercises.sets import AssessedSet

ROSTER_COLUMNS = ("student_id", "name", "email", "username", "sis_id", "section")
ROSTER_EXTRA = ("first_name", "last_name")

Row = Mapping[str, str]


def _g(row: Row, key: str) -> str:
    return (row.get(key) or "").strip()


def _split_name(row: Row) -> tuple[str, str]:
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


@dataclass(frozen=True)
class Layout:
    """One VLE's gradebook: identity columns, grade-column names, points row."""

    columns: tuple[str, ...]  # identity columns, before the grades
    identity: Callable[[str, Row], list[str]]  # (student id, roster row) -> those cells
    name: Callable[[str, str, str], str] = lambda title, column, most: column
    points_possible: str | None = None  # first cell of a "points possible" row, if any

    def header(self, aset: AssessedSet) -> list[str]:
        grades = [
            *((it.id, number_text(it.max_points)) for it in aset.items),
            ("total", number_text(aset.max_points)),
            ("percent", "100"),
        ]
        return [*self.columns, *(self.name(aset.title, col, most) for col, most in grades)]

    def points_row(self, aset: AssessedSet) -> list[str] | None:
        if self.points_possible is None:
            return None
        maxes = [number_text(it.max_points) for it in aset.items]
        blank = [""] * (len(self.columns) - 1)
        return [self.points_possible, *blank, *maxes, number_text(aset.max_points), "100"]


def _titled(title: str, column: str, most: str) -> str:
    return f"{title}: {column}"


def _blackboard(row: Row, sid: str) -> list[str]:
    first, last = _split_name(row)
    return [last, first, _g(row, "username") or sid]


LAYOUTS: dict[str, Layout] = {
    "generic": Layout(
        ROSTER_COLUMNS,
        lambda sid, row: [sid, *(_g(row, k) for k in ROSTER_COLUMNS[1:])],
    ),
    "moodle": Layout(
        ("First name", "Last name", "ID number", "Username", "Email address"),
        lambda sid, row: [
            *_split_name(row),
            _g(row, "sis_id") or sid,
            _g(row, "username"),
            _g(row, "email"),
        ],
        _titled,
    ),
    "canvas": Layout(
        ("Student", "ID", "SIS User ID", "SIS Login ID", "Section"),
        lambda sid, row: [
            _g(row, "name"),
            "",
            _g(row, "sis_id") or sid,
            _g(row, "username"),
            _g(row, "section"),
        ],
        _titled,
        points_possible="Points Possible",
    ),
    "blackboard": Layout(
        ("Last Name", "First Name", "Username"),
        lambda sid, row: _blackboard(row, sid),
        lambda title, column, most: f"{title}: {column} [Total Pts: {most} Score]",
    ),
}
FLAVOURS = tuple(LAYOUTS)


def layout(flavour: str) -> Layout:
    if flavour not in LAYOUTS:
        raise GradeError(f"gradebook must be one of {', '.join(FLAVOURS)}, not {flavour!r}")
    return LAYOUTS[flavour]


def gradebook_layout(
    aset: AssessedSet, flavour: str
) -> tuple[list[str], list[str] | None, Callable[[str, Row], list[str]]]:
    """(header, points-possible row or None, identity(student_id, roster_row) -> cells)."""
    lay = layout(flavour)
    return lay.header(aset), lay.points_row(aset), lay.identity


def write_gradebook(
    path: Path,
    aset: AssessedSet,
    flavour: str,
    students: Sequence[str],
    kept: Mapping[str, Graded],
    roster: Mapping[str, Row] | None,
) -> None:
    """``gradebook.csv``: a row per student (roster order), blank for one not graded."""
    header, points_row, identity = gradebook_layout(aset, flavour)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        if points_row is not None:
            w.writerow(points_row)
        for sid in students:
            row = roster.get(sid, {}) if roster is not None else {}
            ident = [cell(v) for v in identity(sid, row)]
            g = kept.get(sid)
            if g is None:
                w.writerow([*ident, *([""] * (len(aset.items) + 2))])
                continue
            cells = [number_text(g.answers[it.id].points) for it in aset.items]
            total = g.total
            percent = 100 * total / aset.max_points if aset.max_points else 0.0
            w.writerow([*ident, *cells, number_text(total), number_text(round(percent, 2))])


# Roster ---------------------------------------------------------------------------------


def read_roster(path: str | os.PathLike[str]) -> dict[str, dict[str, str]]:
    """A roster CSV (``student_id`` required; ``name``, ``email``, ``username``,
    ``sis_id``, ``section``, ``first_name``, ``last_name`` optional), in file order.

    Raises :class:`GradeError` listing every problem.
    """
    path = Path(path)
    if not path.exists():
        raise GradeError(f"{path}: no such roster file")
    why = unreadable_csv(path)
    if why:
        raise GradeError(f"{path}: the roster {why}")
    try:
        rows = csv_rows(read_csv_text(path))
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
