"""Small models of how Moodle, Canvas and Blackboard read a gradebook CSV.

Each reader encodes only the rules its system documents or its import code shows, and
cites where each rule comes from, so that the tests can import ``gradebook.csv`` as
the VLE would and see which student each mark lands on:

- Moodle: ``grade/import/csv/classes/load_data.php`` (``gradeimport_csv_load_data``:
  ``map_user_data_with_value``, ``import_new_grade_item``, ``update_grade_item``,
  ``check_user_exists``), ``lib/csvlib.class.php`` (``csv_import_reader``) and
  ``grade/import/lib.php`` (``grade_import_commit``), with the database layer's
  ``normalise_value`` (an empty string in a numeric column is stored as 0).
- Canvas: ``app/models/gradebook_importer.rb`` (``GradebookImporter``:
  ``identify_delimiter``, ``csv_stream``, ``header?``, ``strip_non_assignment_columns``,
  ``process_pp``, ``process_student``, ``no_score?``).
- Blackboard Learn (closed source): its help page "Uploading External Grade Center
  Items" (Username identifies the student; every field of a comma-delimited file is
  contained within quotes; a column without a column id becomes a new column).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# Moodle ---------------------------------------------------------------------------------

MOODLE_USER_FIELDS = {"useridnumber": "idnumber", "username": "username", "useremail": "email"}


class MoodleImportError(Exception):
    """The import stops and nothing is written (``cleanup_import``)."""


def _php_empty(value: str) -> bool:
    # map_user_data_with_value: "Skip invalid row with blank user field":
    # if (!empty($value)) ...; PHP's empty() is true for "" and "0".
    return value in ("", "0")


def moodle_import(
    text: str,
    users: list[dict[str, str]],
    map_from: str,
    map_to: str,
    mapping: Mapping[str, str],
    existing: Mapping[tuple[str, str], float | None] | None = None,
) -> dict[tuple[str, str], float | None]:
    """Import ``text`` as Moodle's "Import grades from CSV" does.

    ``users``: Moodle's users (``username``, ``idnumber``, ``email``); ``map_from`` the
    header of the identity column, ``map_to`` one of :data:`MOODLE_USER_FIELDS`;
    ``mapping``: header -> ``"new"`` (New grade item) or the name of an existing grade
    item; other columns are ignored. ``existing``: (username, item) -> grade already in
    Moodle. Returns the gradebook after the import: (username, item) -> grade (None is
    "no grade"); a new grade item is named by its header. Raises
    :class:`MoodleImportError` where Moodle stops the import.
    """
    # csv_import_reader::load_csv_content: fgetcsv, the comma separator chosen in the form.
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [h.strip() for h in rows[0]]  # trim_headers
    for r in rows[1:]:
        if len(r) != len(header):  # csvweirdcolumns
            raise MoodleImportError("csvweirdcolumns")
    grades: dict[tuple[str, str], float | None] = dict(existing or {})
    field_name = MOODLE_USER_FIELDS[map_to]
    student: str | None = None  # $this->studentid: never reset between rows
    staged: list[tuple[str, str, float | None]] = []
    for r in rows[1:]:
        new_values: list[tuple[str, float | None]] = []
        for key, value in zip(header, r, strict=True):
            if key == map_from:
                if not _php_empty(value):
                    # check_user_exists: $DB->get_record('user', [field => value]);
                    # exact comparison (as on PostgreSQL); no record stops the import.
                    found = [u for u in users if u.get(field_name) == value]
                    if not found:
                        raise MoodleImportError(f"usermappingerror {field_name}={value}")
                    student = found[0]["username"]
                continue
            target = mapping.get(key)
            if target is None:
                continue  # ignore
            if target == "new":
                # import_new_grade_item: only '-' is left out; the database stores
                # '' in the numeric finalgrade as 0 (normalise_value).
                if value.strip() != "-":
                    new_values.append((key, float(value) if value.strip() else 0.0))
            else:
                # update_grade_item: '' or '-' is "no grade" (null), which
                # grade_import_commit writes with update_final_grade(null).
                if value == "" or value == "-":
                    new_values.append((target, None))
                else:
                    try:
                        new_values.append((target, float(value)))
                    except ValueError:
                        raise MoodleImportError("badgrade") from None
        if student is None:
            continue
        staged += [(student, item, v) for item, v in new_values]
    for who, item, v in staged:  # grade_import_commit
        grades[(who, item)] = v
    return grades


# Canvas ---------------------------------------------------------------------------------

CANVAS_NON_ASSIGNMENT = (
    # GradebookImporter::NON_ASSIGNMENT_COLUMN_HEADERS, matched by an unanchored regex.
    "Current Score", "Current Points", "Current Grade", "Final Score", "Final Points",
    "Final Grade", "Override Score", "Override Grade", "Override Status",
)  # fmt: skip


@dataclass
class CanvasImport:
    assignments: list[str] = field(default_factory=list)
    points_possible: dict[str, str] = field(default_factory=dict)
    # login id (or "new:<name>" for a student Canvas does not know) -> title -> grade
    grades: dict[str, dict[str, str | None]] = field(default_factory=dict)


def _canvas_delimiter(lines: list[str]) -> str:
    # identify_delimiter: the separator that splits the first 3 lines into the same
    # number of fields; ';' only if it gives more fields than ','.
    counts = {}
    for sep in (";", ","):
        sizes = [len(next(csv.reader([line], delimiter=sep), [])) for line in lines]
        counts[sep] = sizes[0] if len(set(sizes)) == 1 else 0
    return ";" if counts[";"] > counts[","] else ","


def canvas_import(text: str, students: list[dict[str, str]]) -> CanvasImport:
    """Parse ``text`` as Canvas's GradebookImporter does; ``students``: the course's
    students (``id``, ``name``, ``sis_user_id``, ``login_id``)."""
    lines = text.splitlines()[:3]
    sep = _canvas_delimiter(lines)
    rows = [
        r
        for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        if not re.fullmatch(r"[;, ]+", sep.join(r))  # skip_lines: /^[;, ]+$/
    ]
    header = rows[0]
    # header?: row[0] =~ /Student/ && row[1] =~ /ID/, then SIS User ID and SIS Login ID
    # at 2 and 3, and the last student column must be "Section".
    assert len(header) > 3 and "Student" in header[0] and "ID" in header[1], "Invalid header row"
    n_student = 3
    sis_col = login_col = None
    if re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        sis_col, login_col, n_student = 2, 3, 5
    assert "Section" in header[n_student - 1], "Invalid header row"
    pattern = re.compile("|".join(CANVAS_NON_ASSIGNMENT))  # strip_non_assignment_columns
    titles = [h for h in header[n_student:] if not pattern.search(h)]
    result = CanvasImport(assignments=titles)
    index = {t: header.index(t) for t in titles}
    for r in rows[1:]:
        if r[0] and "Points Possible" in r[0]:  # check_for_non_student_row / process_pp
            result.points_possible = {t: r[index[t]] for t in titles}
            continue

        # process_student: Canvas's own ID, then the SIS User ID, then the SIS Login ID,
        # then the name; otherwise a student Canvas does not know.
        def find(key: str, value: str | None) -> dict[str, str] | None:
            if not value:
                return None
            return next((s for s in students if s.get(key) == value), None)

        who = (
            find("id", r[1].strip() or None)
            or find("sis_user_id", r[sis_col] if sis_col is not None else None)
            or find("login_id", r[login_col] if login_col is not None else None)
            or find("name", r[0])
        )
        key = who["login_id"] if who else f"new:{r[0]}"
        # process_submissions: grade = row[i].strip; no_score?: blank or "-".
        cells = {t: (r[index[t]] or "").strip() for t in titles}
        result.grades[key] = {t: (None if v in ("", "-") else v) for t, v in cells.items()}
    return result


# Blackboard -----------------------------------------------------------------------------

BLACKBOARD_HEADER = re.compile(
    r"^(?P<name>.*) \[Total Pts: (?P<most>[\d.]+) \w+\](?: \|(?P<id>\d+))?$"
)


class BlackboardUploadError(Exception):
    pass


@dataclass
class BlackboardUpload:
    new_columns: list[str]
    grades: dict[str, dict[str, str]]  # username -> column -> cell


def blackboard_upload(raw: str) -> BlackboardUpload:
    """Upload a comma-delimited file as Blackboard's documentation describes it."""
    # "Data in each column of comma-delimited files (.csv) must be contained within a
    # quote character"
    for n, fields in enumerate(_raw_rows(raw), 1):
        for fld in fields:
            if not (len(fld) >= 2 and fld.startswith('"') and fld.endswith('"')):
                raise BlackboardUploadError(f"row {n}: field {fld!r} is not in quotes")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    header = rows[0]
    # "The unique identifier used for each Student is the Student's User Name."
    if "Username" not in header:
        raise BlackboardUploadError("no Username column")
    u = header.index("Username")
    new_columns = []
    for h in header:
        m = BLACKBOARD_HEADER.match(h)
        # "Columns that do not have Column ID numbers ... will create new columns"
        if m and not m.group("id"):
            new_columns.append(h)
    grades: dict[str, dict[str, str]] = {}
    for r in rows[1:]:
        if not r[u]:
            raise BlackboardUploadError("a row without a Username")
        grades[r[u]] = {h: r[j] for j, h in enumerate(header) if h in new_columns}
    return BlackboardUpload(new_columns, grades)


def _raw_rows(text: str) -> list[list[str]]:
    """The fields of each CSV record as written (quotes kept; a line break inside
    quotes stays in its field)."""
    rows: list[list[str]] = []
    fields: list[str] = []
    cur, quoted = "", False
    for ch in _unify(text):
        if ch == '"':
            quoted = not quoted
        if not quoted and ch in ",\n":
            fields.append(cur)
            cur = ""
            if ch == "\n":
                rows.append(fields)
                fields = []
            continue
        cur += ch
    if cur or fields:
        rows.append([*fields, cur])
    return rows


def _unify(text: str) -> str:
    """Record ends (CRLF outside quotes) as "\\n"; everything inside quotes unchanged."""
    out, quoted, i = [], False, 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        if not quoted and text.startswith("\r\n", i):
            out.append("\n")
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)
