"""The gradebook (``gradebook.csv``) in four layouts, and the roster it follows.

Each layout is one :class:`Layout` in :data:`LAYOUTS`: the identity columns a VLE
needs (and how to fill them from the roster), which of them the VLE matches students
by, how it names a grade column, how it reads "no grade", and how the file is quoted.
``generic`` is the roster's own columns; ``moodle``, ``canvas`` and ``blackboard``
are the columns those systems import, written so that their importers cannot put a
mark on the wrong student or turn "not yet marked" into 0:

- a row is written only with every column the VLE may match by filled in, and no
  two rows share a value there; a row that cannot be is left out and reported
  (``no-identity``), and a match column empty on every row is left out;
- students with nothing graded are left out of a VLE's file, so the import leaves
  their grades as they are (the generic layout keeps them, with empty cells);
- a grade that does not exist yet is written the way the system reads "no grade"
  (:attr:`Layout.no_grade`);
- headers never contain a phrase the importer reserves (:attr:`Layout.reserved`).

The grade columns are a list (:func:`grade_columns`) that every layout names in its
own way, so a column added there appears in every layout.

:func:`write_gradebook` also writes ``gradebook-import.txt``, which says which column
to match students by in the VLE, how many rows have it, and what the VLE does with
each kind of cell.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coproduction.exercises.grading.cells import (
    cell,
    csv_rows,
    first_few,
    number_text,
    read_csv_text,
)
from coproduction.exercises.grading.records import Graded, GradeError, Problem, unreadable_csv
from coproduction.exercises.sets import AssessedSet

ROSTER_COLUMNS = ("student_id", "name", "email", "username", "sis_id", "section")
ROSTER_EXTRA = ("first_name", "last_name")

Row = Mapping[str, str]
#: ``identity(student id, roster row, roster columns filled for some student)``
Identity = Callable[[str, Row, frozenset[str]], list[str]]


def _g(row: Row, key: str) -> str:
    return (row.get(key) or "").strip()


def _or_id(row: Row, key: str, sid: str, filled: frozenset[str]) -> str:
    """The roster's ``key``; the student id only when no student has one (never a mix
    of the two sources in one column, which a VLE could match to different people)."""
    value = _g(row, key)
    if value or key in filled:
        return value
    return sid


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


# Grade columns -------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeColumn:
    """One grade column: its key (an item id, ``total``...), its maximum, and its value
    for a graded student (None: no grade yet)."""

    key: str
    most: float
    value: Callable[[Graded], float | None]


def _percent(aset: AssessedSet) -> Callable[[Graded], float | None]:
    def value(g: Graded) -> float | None:
        total = g.final_total
        if total is None:
            return None
        return 100 * total / aset.max_points if aset.max_points else 0.0

    return value


def _item_points(item_id: str) -> Callable[[Graded], float | None]:
    def value(g: Graded) -> float | None:
        return g.answers[item_id].points

    return value


def grade_columns(aset: AssessedSet) -> list[GradeColumn]:
    """The grade columns of every layout, in order: one per item, then the auto-marked
    points, the points awaiting marking, the total and the percent.

    The total and percent exist only when every answer is marked, so that a first run
    (short answers not yet marked) never shows, or lets a VLE import, a total counted
    against points the student may still earn.
    A set with no hand-marked questions has no auto_marked or awaiting_marking column
    (its total is always final).
    """
    items = [GradeColumn(it.id, it.max_points, _item_points(it.id)) for it in aset.items]
    auto_most = sum(it.max_points for it in aset.items if it.auto)
    progress = (
        [
            GradeColumn("auto_marked", auto_most, lambda g: g.auto_marked),
            GradeColumn(
                "awaiting_marking", aset.max_points - auto_most, lambda g: g.awaiting_marking
            ),
        ]
        if auto_most < aset.max_points
        else []
    )
    return [
        *items,
        *progress,
        GradeColumn("total", aset.max_points, lambda g: g.final_total),
        GradeColumn("percent", 100.0, _percent(aset)),
    ]


def total_column(aset: AssessedSet) -> GradeColumn:
    return next(c for c in grade_columns(aset) if c.key == "total")


# Layouts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """One VLE's gradebook.

    ``keys`` are the identity columns the VLE can match students by; with
    ``match="each"`` the lecturer picks any of them (Moodle), so every one must be
    filled on every row; with ``match="any"`` the VLE tries them in turn (Canvas), so
    one filled is enough. ``blank_keys`` are values the VLE takes as an empty cell.
    """

    columns: tuple[str, ...]  # identity columns, before the grades
    identity: Identity
    name: Callable[[str, str, str], str] = lambda title, column, most: column
    points_possible: str | None = None  # first cell of a "points possible" row, if any
    keys: tuple[str, ...] = ()
    match: str = "each"
    blank_keys: frozenset[str] = frozenset({""})
    no_grade: str = ""  # what the VLE reads as "no grade" in a grade cell
    skip_ungraded: bool = False  # leave out students with nothing graded
    reserved: tuple[str, ...] = ()  # phrases the importer reserves in a header
    quote_all: bool = False
    guide: str = ""  # the import steps, for gradebook-import.txt
    roster_hint: str = ""  # the roster columns that fill the match columns

    def header_name(self, aset: AssessedSet, col: GradeColumn) -> str:
        return self.name(self.safe_title(aset.title), col.key, number_text(col.most))

    def safe_title(self, title: str) -> str:
        """The title with every reserved phrase broken by hyphens (``Final-Grade``)."""
        for phrase in self.reserved:
            pattern = r"\s+".join(re.escape(w) for w in phrase.split())
            title = re.sub(
                pattern, lambda m: "-".join(m.group(0).split()), title, flags=re.IGNORECASE
            )
        return title

    def header(self, aset: AssessedSet) -> list[str]:
        return [*self.columns, *(self.header_name(aset, c) for c in grade_columns(aset))]

    def points_row(self, aset: AssessedSet) -> list[str] | None:
        if self.points_possible is None:
            return None
        blank = [""] * (len(self.columns) - 1)
        return [self.points_possible, *blank, *(number_text(c.most) for c in grade_columns(aset))]

    def grades(self, aset: AssessedSet, g: Graded | None) -> list[str]:
        def text(value: float | None) -> str:
            return self.no_grade if value is None else number_text(value, aset.decimals)

        return [text(None if g is None else c.value(g)) for c in grade_columns(aset)]

    def is_blank(self, value: str) -> bool:
        return value.strip() in self.blank_keys


def _titled(title: str, column: str, most: str) -> str:
    return f"{title}: {column}"


def _generic(sid: str, row: Row, filled: frozenset[str]) -> list[str]:
    return [sid, *(_g(row, k) for k in ROSTER_COLUMNS[1:])]


def _moodle(sid: str, row: Row, filled: frozenset[str]) -> list[str]:
    return [*_split_name(row), _or_id(row, "sis_id", sid, filled), _g(row, "username"),
            _g(row, "email")]  # fmt: skip


def _canvas(sid: str, row: Row, filled: frozenset[str]) -> list[str]:
    return [_g(row, "name"), "", _or_id(row, "sis_id", sid, filled), _g(row, "username"),
            _g(row, "section")]  # fmt: skip


def _blackboard(sid: str, row: Row, filled: frozenset[str]) -> list[str]:
    first, last = _split_name(row)
    return [last, first, _or_id(row, "username", sid, filled)]


MOODLE_GUIDE = """\
In Moodle: Grades > Import > CSV file; upload gradebook.csv, separator comma, encoding UTF-8.
Identify user by: Map from "{key}" to the matching user field ({field}).
Grade item mappings: map "{total}" to the grade item you created for the set (maximum
{most}), or to "New grade item"; leave the other columns on "ignore" unless you want them.
A "-" cell is Moodle's "no grade": a new grade item stores nothing for it, and an existing
item is set to no grade, removing a grade entered by hand; so map a question's column to an
existing item only if you have entered no grades in it by hand.
Students left out of the file keep the grades they have in Moodle."""

CANVAS_GUIDE = """\
In Canvas: Grades > Import; upload gradebook.csv.
Canvas matches students by "SIS User ID", then "SIS Login ID" (the file has no Canvas "ID").
A column whose header is an assignment's exact title updates it; any other column is
offered as a new assignment, with the maximum from the "Points Possible" row.
On the confirmation page, keep only the columns you want (usually "{total}").
An empty cell is Canvas's "no score": it changes nothing where there is no score yet, and
the confirmation page lists it where it would replace an existing score.
Students left out of the file keep the grades they have in Canvas."""

BLACKBOARD_GUIDE = """\
In Blackboard Learn: Grade Center > Work Offline > Upload; delimiter Comma (every field is
in quotes, as Blackboard asks for a comma-separated file).
Blackboard matches students by "Username".
A column without Blackboard's column ID is added as a new text column with 0 points
possible: edit it to a score column of {most} points after the upload.
An empty cell is written only for an answer not yet marked (and for the total and percent
of a student with answers to mark); Blackboard's documentation does not say what it does
to a grade already there, so upload such a column only into a new column. On the
confirmation page, tick only the columns you want (usually "{total}").
Students left out of the file keep the grades they have in Blackboard."""

MOODLE_FIELDS = {
    "ID number": "ID number (useridnumber)",
    "Username": "username",
    "Email address": "Email address (useremail)",
}

LAYOUTS: dict[str, Layout] = {
    "generic": Layout(ROSTER_COLUMNS, _generic),
    "moodle": Layout(
        ("First name", "Last name", "ID number", "Username", "Email address"),
        _moodle,
        _titled,
        keys=("ID number", "Username", "Email address"),
        # Moodle skips a row whose identity cell PHP calls empty() ("" and "0") and
        # writes its grades to the student of the row before.
        blank_keys=frozenset({"", "0"}),
        no_grade="-",
        skip_ungraded=True,
        guide=MOODLE_GUIDE,
        roster_hint="the sis_id, username and email columns",
    ),
    "canvas": Layout(
        ("Student", "ID", "SIS User ID", "SIS Login ID", "Section"),
        _canvas,
        _titled,
        points_possible="Points Possible",
        keys=("SIS User ID", "SIS Login ID"),
        match="any",
        skip_ungraded=True,
        # GradebookImporter::NON_ASSIGNMENT_COLUMN_HEADERS: a header containing one is dropped.
        reserved=(
            "Current Score",
            "Current Points",
            "Current Grade",
            "Final Score",
            "Final Points",
            "Final Grade",
            "Override Score",
            "Override Grade",
            "Override Status",
        ),  # fmt: skip
        guide=CANVAS_GUIDE,
        roster_hint="the sis_id or username column",
    ),
    "blackboard": Layout(
        ("Last Name", "First Name", "Username"),
        _blackboard,
        lambda title, column, most: f"{title}: {column} [Total Pts: {most} Score]",
        keys=("Username",),
        skip_ungraded=True,
        quote_all=True,
        guide=BLACKBOARD_GUIDE,
        roster_hint="the username column",
    ),
}
FLAVOURS = tuple(LAYOUTS)


def layout(flavour: str) -> Layout:
    if flavour not in LAYOUTS:
        raise GradeError(f"gradebook must be one of {', '.join(FLAVOURS)}, not {flavour!r}")
    return LAYOUTS[flavour]


def gradebook_layout(
    aset: AssessedSet, flavour: str
) -> tuple[list[str], list[str] | None, Identity]:
    """(header, points-possible row or None, identity(student_id, roster_row, filled) -> cells)."""
    lay = layout(flavour)
    return lay.header(aset), lay.points_row(aset), lay.identity


# Writing -------------------------------------------------------------------------------


@dataclass
class Gradebook:
    """The rows of one layout's gradebook, and what was left out and why."""

    lay: Layout
    flavour: str
    header: list[str]
    points_row: list[str] | None
    rows: list[list[str]] = field(default_factory=list)
    dropped_keys: dict[str, str] = field(default_factory=dict)  # match column left out -> why
    key_counts: dict[str, int] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)  # student -> why (no identity)
    ungraded: list[str] = field(default_factory=list)  # left out: nothing graded
    no_grade_cells: int = 0
    graded: list[Graded] = field(default_factory=list)  # the students in the file
    escaped: int = 0  # identity cells given a leading ' against formulas
    renamed: bool = False  # the title had a reserved phrase


def _filled(roster: Mapping[str, Row] | None) -> frozenset[str]:
    if roster is None:
        return frozenset()
    return frozenset(k for k in ROSTER_COLUMNS if any(_g(r, k) for r in roster.values()))


def _match_columns(
    lay: Layout, idents: Mapping[str, list[str]], others: Mapping[str, list[str]]
) -> tuple[dict[str, str], dict[str, str]]:
    """(students left out -> why, match columns left out -> why), so that every match
    column in the file is filled on every row and names each student once.

    A value shared by two students (ignoring case, as most VLE databases compare) could
    match either, so it counts as missing for both. With ``match="each"`` the column
    filled for most students is kept whole, the students without it are left out, and
    any other match column not complete for the rest is left out of the file. With
    ``match="any"`` a student is left out only when no match column identifies them.
    ``others`` are students left out of the file for another reason (nothing graded):
    the VLE knows them, so a value one of them shares is not used for anyone either.
    """
    pos = {name: lay.columns.index(name) for name in lay.keys}
    missing: dict[str, dict[str, str]] = {k: {} for k in lay.keys}  # column -> student -> why
    for k in lay.keys:
        first: dict[str, str] = {}
        for sid, c in others.items():
            if not lay.is_blank(c[pos[k]]):
                first.setdefault(c[pos[k]].casefold(), sid)
        for sid, c in idents.items():
            value = c[pos[k]]
            if lay.is_blank(value):
                missing[k][sid] = f"no {k}"
                continue
            other = first.setdefault(value.casefold(), sid)
            if other != sid:
                missing[k][sid] = f"the {k} {value!r} is also {other}'s"
                if other in idents:
                    missing[k].setdefault(other, f"the {k} {value!r} is also {sid}'s")
    dropped = {
        k: "no student has one" for k in lay.keys if len(missing[k]) == len(idents) and idents
    }
    keys = [k for k in lay.keys if k not in dropped]
    left_out: dict[str, str] = {}
    if lay.match == "any":
        for sid in idents:
            if keys and all(sid in missing[k] for k in keys):
                left_out[sid] = "; ".join(missing[k][sid] for k in keys)
        return left_out, dropped
    if not keys:
        return left_out, dropped
    primary = min(keys, key=lambda k: (len(missing[k]), lay.keys.index(k)))
    left_out = dict(missing[primary])
    for k in keys:
        if k == primary:
            continue
        gaps = [sid for sid in missing[k] if sid not in left_out]
        if gaps:
            shown = first_few(gaps)
            dropped[k] = f"not usable for {len(gaps)} student(s) who have {primary}: {shown}"
    return left_out, dropped


def build_gradebook(
    aset: AssessedSet,
    flavour: str,
    students: Sequence[str],
    kept: Mapping[str, Graded],
    roster: Mapping[str, Row] | None,
) -> Gradebook:
    """Every row of the gradebook, with the rows a VLE could misread left out."""
    lay = layout(flavour)
    filled = _filled(roster)
    idents: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}  # students not in the file: nothing graded
    book = Gradebook(lay, flavour, lay.header(aset), lay.points_row(aset))
    book.renamed = lay.safe_title(aset.title) != aset.title
    for sid in students:
        row = roster.get(sid, {}) if roster is not None else {}
        values = [v.strip() for v in lay.identity(sid, row, filled)]
        if lay.skip_ungraded and sid not in kept:
            book.ungraded.append(sid)
            others[sid] = values
            continue
        idents[sid] = values
    book.left_out, book.dropped_keys = _match_columns(lay, idents, others)
    pos = {name: lay.columns.index(name) for name in lay.keys}
    keys = [k for k in lay.keys if k not in book.dropped_keys]
    if lay.match == "any":  # a value two students share is left blank: another key is used
        for k in keys:
            shared: dict[str, int] = {}
            for c in [*idents.values(), *others.values()]:
                if not lay.is_blank(c[pos[k]]):
                    v = c[pos[k]].casefold()
                    shared[v] = shared.get(v, 0) + 1
            for c in idents.values():
                if shared.get(c[pos[k]].casefold(), 0) > 1:
                    c[pos[k]] = ""
    kept_cols = [j for j, name in enumerate(lay.columns) if name not in book.dropped_keys]
    book.header = [book.header[j] for j in kept_cols] + book.header[len(lay.columns) :]
    if book.points_row is not None:
        book.points_row = [book.points_row[j] for j in kept_cols] + book.points_row[
            len(lay.columns) :
        ]
    for k in keys:
        book.key_counts[k] = sum(
            1
            for sid, c in idents.items()
            if sid not in book.left_out and not lay.is_blank(c[pos[k]])
        )
    for sid, c in idents.items():
        if sid in book.left_out:
            continue
        ident = [cell(c[j]) for j in kept_cols]
        book.escaped += sum(1 for j, v in zip(kept_cols, ident, strict=True) if v != c[j])
        grades = lay.grades(aset, kept.get(sid))
        book.no_grade_cells += sum(1 for v in grades if v == lay.no_grade) if sid in kept else 0
        if sid in kept:
            book.graded.append(kept[sid])
        book.rows.append([*ident, *grades])
    book.header = [cell(h) for h in book.header]
    return book


def write_gradebook(
    path: Path,
    aset: AssessedSet,
    flavour: str,
    students: Sequence[str],
    kept: Mapping[str, Graded],
    roster: Mapping[str, Row] | None,
) -> list[Problem]:
    """``gradebook.csv`` and ``gradebook-import.txt`` beside it; return the problems
    (``no-identity``: a student left out because a VLE could not match the row safely)."""
    book = build_gradebook(aset, flavour, students, kept, roster)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL if book.lay.quote_all else csv.QUOTE_MINIMAL)
        w.writerow(book.header)
        if book.points_row is not None:
            w.writerow(book.points_row)
        w.writerows(book.rows)
    (path.parent / "gradebook-import.txt").write_text(
        import_report(book, aset, roster is not None), encoding="utf-8"
    )
    return [
        Problem(
            path.name,
            sid,
            "no-identity",
            f"left out of the {flavour} gradebook: {why}, so {flavour.capitalize()} could "
            f"match the row to the wrong student; fill in {book.lay.roster_hint} for every "
            "student in the roster (each their own) and grade again",
        )
        for sid, why in book.left_out.items()
    ]


def import_report(book: Gradebook, aset: AssessedSet, has_roster: bool) -> str:
    """``gradebook-import.txt``: what the VLE will do with ``gradebook.csv``."""
    lay, n = book.lay, len(book.rows)
    total = lay.header_name(aset, total_column(aset))
    lines = [f"gradebook.csv ({book.flavour} layout): {n} student row(s)."]
    if not lay.keys:
        lines.append(
            "A plain table for a spreadsheet, one row per student on the roster (or graded); "
            "an empty grade cell means no grade yet. For a VLE, grade again with "
            "--gradebook moodle, canvas or blackboard."
        )
        return "\n".join(lines) + "\n"
    lines.append("")
    lines.append("Match students by:")
    for k in lay.keys:
        if k in book.dropped_keys:
            lines.append(f"  {k}: left out of the file ({book.dropped_keys[k]})")
        else:
            lines.append(f"  {k}: filled on {book.key_counts.get(k, 0)} of {n} row(s)")
    if book.left_out:
        lines.append(
            f"{len(book.left_out)} student(s) left out because the VLE could put their marks on "
            "another student (see problems.csv, no-identity):"
        )
        lines += [f"  {sid}: {why}" for sid, why in book.left_out.items()]
    if not has_roster:
        lines.append(
            "No roster was given: the ids are as the students typed them (case included). "
            "A VLE that does not know one of them"
            + (" stops the whole import" if book.flavour == "moodle" else " reports it")
            + "; grade with --roster to use the VLE's own ids."
        )
    if book.escaped:
        lines.append(
            f"{book.escaped} identity cell(s) begin with =, +, -, @ or a tab, and have a "
            "leading ' so that a spreadsheet does not run them; the VLE will not match them."
        )
    lines.append("")
    lines.append("What each cell does:")
    lines.append("  a number: the student's points (a full stop as the decimal sign).")
    shown = repr(lay.no_grade) if lay.no_grade else "an empty cell"
    lines.append(
        f"  {shown}: no grade yet (a short answer not yet marked, and the total and "
        f"percent of a student with answers still to mark); {book.no_grade_cells} such "
        "cell(s). Never written as 0."
    )
    waiting = sum(1 for g in book.graded if g.unmarked)
    if waiting:
        lines.append(
            f"  {waiting} student(s) have answers still to be marked: their total and percent "
            "are not given yet, so importing them cannot record a grade counted against points "
            "they may still earn. Mark the short answers, grade again with --marks, and import "
            "then (the auto_marked and awaiting_marking columns show where each student stands)."
        )
    if book.ungraded:
        lines.append(
            f"  {len(book.ungraded)} student(s) with nothing graded are not in the file, so "
            "the import leaves their grades as they are: " + first_few(book.ungraded, 10)
        )
    if book.renamed:
        lines.append(
            f"The set's title contains a phrase {book.flavour.capitalize()} reserves for its own "
            f"columns; the headers spell it with hyphens ({lay.safe_title(aset.title)!r})."
        )
    lines.append("")
    key = next((k for k in lay.keys if k not in book.dropped_keys), lay.keys[0])
    guide = lay.guide.format(
        key=key, field=MOODLE_FIELDS.get(key, ""), total=total, most=number_text(aset.max_points)
    )
    lines.append(guide)
    return "\n".join(lines) + "\n"


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
