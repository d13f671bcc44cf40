"""Gradebooks imported by models of the VLEs' own importers (``vle_importers``): no mark
lands on another student, "not yet marked" never becomes 0, no column is dropped, and
every text cell of every CSV is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coproduction.exercises.cli import main
from coproduction.exercises.grading import LAYOUTS
from coproduction.exercises.grading.cells import cell

from .grading_helpers import make_set, write_submission
from .vle_importers import (
    BlackboardUploadError,
    MoodleImportError,
    blackboard_upload,
    canvas_import,
    moodle_import,
)

ROOT = Path(__file__).resolve().parents[2]

# The review's partial roster: s2 has no SIS id, s3 no username and no email; s4 hands
# nothing in (and already has a 0 in the VLE).
PARTIAL = (
    "student_id,name,email,username,sis_id,section\n"
    "s1,Ada Lovelace,ada@example.org,alovelace,900001,A\n"
    's2,"Turing, Alan",alan@example.org,aturing,,A\n'
    "s3,Grace Hopper,,,900003,B\n"
    "s4,Li,li@example.org,li4,900004,B\n"
)
FULL = (
    "student_id,name,email,username,sis_id,section\n"
    "s1,Ada Lovelace,ada@example.org,alovelace,900001,A\n"
    's2,"Turing, Alan",alan@example.org,aturing,900002,A\n'
    "s3,Grace Hopper,grace@example.org,ghopper,900003,B\n"
    "s4,Li,li@example.org,li4,900004,B\n"
)
# The VLE's users: Moodle's idnumber is the SIS id; Canvas's SIS id for Turing differs.
USERS = [
    {"username": "alovelace", "idnumber": "900001", "email": "ada@example.org"},
    {"username": "aturing", "idnumber": "900002", "email": "alan@example.org"},
    {"username": "ghopper", "idnumber": "900003", "email": "grace@example.org"},
    {"username": "li4", "idnumber": "900004", "email": "li@example.org"},
]
LOGIN = {"s1": "alovelace", "s2": "aturing", "s3": "ghopper", "s4": "li4"}
CANVAS_STUDENTS = [
    {"id": "11", "name": "Ada Lovelace", "sis_user_id": "900001", "login_id": "alovelace"},
    {"id": "12", "name": "Alan Turing", "sis_user_id": "2002", "login_id": "aturing"},
    {"id": "13", "name": "Grace Hopper", "sis_user_id": "900003", "login_id": "ghopper"},
    {"id": "14", "name": "Li", "sis_user_id": "900004", "login_id": "li4"},
]
MOODLE_FIELD = {"ID number": "useridnumber", "Username": "username", "Email address": "useremail"}


def graded_class(tmp_path: Path, roster: str | None, flavour: str, title: str | None = None):
    set_file, bank, aset = make_set(tmp_path)
    if title is not None:
        set_file.write_text(
            set_file.read_text(encoding="utf-8").replace("title: Week 3 quiz", f"title: {title}"),
            encoding="utf-8",
        )
    subs = tmp_path / "subs"
    subs.mkdir(exist_ok=True)
    write_submission(subs, aset, "s1")  # all right; the short answer is not yet marked
    write_submission(subs, aset, "s2", {"bank-single": "a", "t-numeric": 17.25})
    write_submission(subs, aset, "S3", {"bank-single": "b"})  # typed in upper case
    out = tmp_path / f"out-{flavour}"
    args = ["grade", str(set_file), str(subs), "--out", str(out), "--bank", str(bank)]
    if roster is not None:
        (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
        args += ["--roster", str(tmp_path / "roster.csv")]
    # With a roster someone handed nothing in (reported: 1); without one, only short answers
    # wait for marking, which is a normal run (0).
    rc = main([*args, "--gradebook", flavour, "--no-progress"])
    assert rc == (1 if roster is not None else 0)
    return out


def truth(out: Path) -> dict[str, dict[str, float | None]]:
    """Each student's points per item, auto-marked points, points awaiting marking, total
    and percent (None until every answer is marked), from grades-long.csv."""
    with open(out / "grades-long.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    marks: dict[str, dict[str, float | None]] = {}
    most: dict[str, float] = {}
    hand = {r["item"] for r in rows if r["kind"] == "short"}
    for r in rows:
        sid = r["student"].lower()
        marks.setdefault(sid, {})[r["item"]] = float(r["points"]) if r["points"] else None
        most[r["item"]] = float(r["max_points"])
    for m in marks.values():
        items = dict(m)
        waiting = [k for k, v in items.items() if v is None]
        total = sum(v for v in items.values() if v is not None)
        m["auto_marked"] = sum(v for k, v in items.items() if k not in hand and v is not None)
        m["awaiting_marking"] = sum(most[k] for k in waiting)
        m["total"] = None if waiting else total
        m["percent"] = None if waiting else round(100 * total / sum(most.values()), 2)
    return marks


def text(out: Path) -> str:
    return (out / "gradebook.csv").read_text(encoding="utf-8")


def problems(out: Path) -> list[dict[str, str]]:
    with open(out / "problems.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


# The models themselves reproduce what the review observed -------------------------------


def test_the_moodle_model_moves_a_mark_when_an_identity_cell_is_blank():
    """The file the grader used to write: s3's row has no username."""
    old = "Username,Q: total\nalovelace,6\naturing,1.8333\n,1\nli4,\n"
    got = moodle_import(old, USERS, "Username", "username", {"Q: total": "new"})
    assert got[("aturing", "Q: total")] == 1.0, "s3's total lands on the row before"
    assert ("ghopper", "Q: total") not in got
    assert got[("li4", "Q: total")] == 0.0, "an empty cell in a new grade item is 0"
    got = moodle_import(old, USERS, "Username", "username", {"Q: total": "Quiz"},
                        {("li4", "Quiz"): 0.0})  # fmt: skip
    assert got[("li4", "Quiz")] is None, "an empty cell clears a grade entered by hand"
    with pytest.raises(MoodleImportError, match="S3"):
        moodle_import("ID number,Q\nS3,1\n", USERS, "ID number", "useridnumber", {"Q": "new"})


def test_the_canvas_model_drops_columns_with_reserved_phrases():
    raw = (
        "Student,ID,SIS User ID,SIS Login ID,Section,Final Grade quiz: total,Quiz: total\n"
        "Points Possible,,,,,11,11\nAda Lovelace,,900001,alovelace,A,6,6\n"
    )
    got = canvas_import(raw, CANVAS_STUDENTS)
    assert got.assignments == ["Quiz: total"]
    assert got.grades == {"alovelace": {"Quiz: total": "6"}}


def test_the_blackboard_model_wants_every_field_in_quotes():
    with pytest.raises(BlackboardUploadError, match="not in quotes"):
        blackboard_upload('"Username","Q [Total Pts: 1 Score]"\nalovelace,"1"\n')


# Moodle --------------------------------------------------------------------------------


@pytest.mark.parametrize("roster", [PARTIAL, FULL], ids=["partial-roster", "full-roster"])
def test_moodle_puts_every_mark_on_its_own_student(tmp_path, roster):
    out = graded_class(tmp_path, roster, "moodle")
    marks = truth(out)
    raw = text(out)
    header = next(csv.reader(io.StringIO(raw)))
    keys = [k for k in MOODLE_FIELD if k in header]
    assert "ID number" in keys
    total = next(h for h in header if h.endswith(": total"))
    short = next(h for h in header if h.endswith(": t-short"))
    mappings = {
        "existing": {total: "Quiz", short: "Short"},
        "new": {h: "new" for h in header if ": " in h},
    }
    before = {("li4", "Quiz"): 0.0, ("li4", "Short"): 0.0}
    imported = set()
    for key in keys:
        for how, mapping in mappings.items():
            got = moodle_import(raw, USERS, key, MOODLE_FIELD[key], mapping, before)
            for (user, item), value in got.items():
                if (user, item) in before and before[(user, item)] == value:
                    continue
                sid = next(s for s, u in LOGIN.items() if u == user)
                column = (
                    "total"
                    if item == "Quiz"
                    else "t-short"
                    if item == "Short"
                    else item.split(": ")[-1]
                )
                assert value == marks[sid][column], (key, how, user, item)
                imported.add(sid)
            assert got[("li4", "Quiz")] == 0.0, "s4 handed nothing in: the 0 entered stays"
            assert ("alovelace", short) not in got or got[("alovelace", short)] is None
    left_out = {p["student"] for p in problems(out) if p["problem"] == "no-identity"}
    assert imported | left_out == {"s1", "s2", "s3"}, "every graded student imported or reported"
    if roster == FULL:
        assert not left_out and "-" in raw.splitlines()[1].split(","), "unmarked is '-'"
    else:
        assert left_out == {"s2"}, "no ID number for s2: left out, not mixed with its id"
        assert "Username" not in header and "Email address" not in header
        guide = (out / "gradebook-import.txt").read_text(encoding="utf-8")
        assert "ID number: filled on 2 of 2" in guide and "s2: no ID number" in guide


def test_moodle_without_a_roster_has_only_the_id_and_says_so(tmp_path):
    out = graded_class(tmp_path, None, "moodle")
    header = next(csv.reader(io.StringIO(text(out))))
    assert [h for h in header if h in MOODLE_FIELD] == ["ID number"]
    guide = (out / "gradebook-import.txt").read_text(encoding="utf-8")
    assert "as the students typed them" in guide and "stops the whole import" in guide
    with pytest.raises(MoodleImportError):  # S3 is s3 in Moodle: stopped, not misplaced
        moodle_import(text(out), [{**u, "idnumber": s} for s, u in zip(LOGIN, USERS, strict=True)],
                      "ID number", "useridnumber", {})  # fmt: skip


# Canvas --------------------------------------------------------------------------------


@pytest.mark.parametrize("title", [None, "Final Grade practice quiz", "Current  score check"])
def test_canvas_reads_every_column_for_its_own_student(tmp_path, title):
    out = graded_class(tmp_path, PARTIAL, "canvas", title)
    marks = truth(out)
    got = canvas_import(text(out), CANVAS_STUDENTS)
    header = next(csv.reader(io.StringIO(text(out))))
    assert got.assignments == header[5:], "no column is taken for one of Canvas's own"
    assert got.points_possible[header[-2]] == "11"
    assert set(got.grades) == {"alovelace", "aturing", "ghopper"}, "s4 left out, no stranger"
    for login, grades in got.grades.items():
        sid = next(s for s, u in LOGIN.items() if u == login)
        for title_, value in grades.items():
            column = title_.split(": ")[-1]
            if column == "percent":
                continue
            expected = marks[sid][column]
            assert (value is None) == (expected is None), (login, column)
            assert value is None or float(value) == pytest.approx(expected, abs=1e-4)
    if title:
        assert "Final-Grade" in header[-1] or "Current-score" in header[-1]
        assert "hyphens" in (out / "gradebook-import.txt").read_text(encoding="utf-8")


# Blackboard ----------------------------------------------------------------------------


@pytest.mark.parametrize("roster", [PARTIAL, FULL], ids=["partial-roster", "full-roster"])
def test_blackboard_gets_quoted_fields_and_every_row_a_username(tmp_path, roster):
    out = graded_class(tmp_path, roster, "blackboard")
    marks = truth(out)
    got = blackboard_upload(text(out))
    assert len(got.new_columns) == 11
    for user, grades in got.grades.items():
        sid = next(s for s, u in LOGIN.items() if u == user)
        total = next(v for h, v in grades.items() if ": total [" in h)
        assert (float(total) if total else None) == marks[sid]["total"]
    left_out = {p["student"] for p in problems(out) if p["problem"] == "no-identity"}
    assert set(got.grades) == ({"alovelace", "aturing"} if roster == PARTIAL else
                               {"alovelace", "aturing", "ghopper"})  # fmt: skip
    assert left_out == ({"s3"} if roster == PARTIAL else set())


def test_canvas_leaves_a_shared_login_blank_and_matches_by_the_sis_id(tmp_path):
    roster = FULL.replace("ghopper", "aturing")  # s2 and s3 share a login, not a SIS id
    out = graded_class(tmp_path, roster, "canvas")
    table = list(csv.DictReader(io.StringIO(text(out))))[1:]  # after Points Possible
    logins = [r["SIS Login ID"] for r in table]
    assert "aturing" not in logins, "a value two students share is never in the file"
    assert all(r["SIS User ID"] for r in table), "each row keeps a key of its own"
    assert not [p for p in problems(out) if p["problem"] == "no-identity"]


def test_a_username_shared_with_a_student_who_handed_nothing_in_is_not_used(tmp_path):
    """s4 handed nothing in, so is not in the file; but the VLE knows s4, and could put
    s1's marks on s4 by a username the two share."""
    roster = FULL.replace("s4,Li,li@example.org,li4", "s4,Li,li@example.org,ALovelace")
    out = graded_class(tmp_path, roster, "blackboard")
    assert set(blackboard_upload(text(out)).grades) == {"aturing", "ghopper"}
    found = {p["student"]: p["detail"] for p in problems(out) if p["problem"] == "no-identity"}
    assert set(found) == {"s1"} and "also s4's" in found["s1"]


def test_a_username_shared_by_two_students_leaves_both_out(tmp_path):
    roster = FULL.replace("ghopper", "aturing")
    out = graded_class(tmp_path, roster, "blackboard")
    assert set(blackboard_upload(text(out)).grades) == {"alovelace"}
    found = {p["student"]: p["detail"] for p in problems(out) if p["problem"] == "no-identity"}
    assert set(found) == {"s2", "s3"} and "also" in found["s2"]


# Spreadsheet formulas and HTML ---------------------------------------------------------

HOSTILE = ["=1+2", "+SUM(A1)", "-x", "@cmd", "\tTab", "\rCR"]
FORMULA = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


@pytest.mark.parametrize("flavour", list(LAYOUTS))
def test_no_csv_cell_can_run_as_a_formula(tmp_path, flavour):
    set_file, bank, aset = make_set(tmp_path)
    set_file.write_text(
        set_file.read_text(encoding="utf-8").replace(
            "title: Week 3 quiz", "title: '=HYPERLINK(\"http://example.org\")'"
        ),
        encoding="utf-8",
    )
    subs = tmp_path / "subs"
    subs.mkdir()
    students = ["=1+2", "+s2", "-3", "@s4", "\ts5", "\rs6"]
    lines = ["student_id,name,email,username,sis_id,section"]
    for k, sid in enumerate(students):
        write_submission(subs, aset, sid, {"t-short": HOSTILE[k] + " is my answer"})
        h = HOSTILE[k]
        lines.append(
            ",".join(f'"{v}"' for v in (sid, h + "name", h + "@x.org", h + "u", h + "9", h))
        )
    write_submission(subs, aset, "stranger", {"bank-single": "b", "nothing": "=1"})
    (tmp_path / "roster.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    roster = str(tmp_path / "roster.csv")
    args = ["grade", str(set_file), str(subs), "--out", str(out), "--bank", str(bank),
            "--roster", roster, "--gradebook", flavour, "--no-progress"]  # fmt: skip
    main(args)
    sheet = out / "short-answers" / "t-short.csv"
    with open(sheet, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    for row in table[1:]:
        row[3:-1] = ["1", "1"]  # the criteria, after student, answer and words
        row[-1] = "=comment"
    marks = tmp_path / "marks"
    marks.mkdir()
    with open(marks / "t-short.csv", "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(table)
    main([*args, "--marks", str(marks)])
    files = [out / "grades-long.csv", out / "gradebook.csv", out / "problems.csv", sheet]
    seen = 0
    for path in files:
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                for value in row:
                    if FORMULA.match(value):
                        assert NUMBER.fullmatch(value) or (value == "-" and flavour == "moodle"), (
                            path.name, value)  # fmt: skip
                    seen += value.startswith("'")
    assert seen >= 10, "the hostile texts are in the files, escaped"
    long_ = (out / "grades-long.csv").read_text(encoding="utf-8")
    assert "\n-3," in long_, "a number stays a number"
    assert "'=1+2" in long_ and "'=comment" in sheet.read_text(encoding="utf-8-sig")


def test_cell_keeps_numbers_and_escapes_formulas():
    assert [cell(v) for v in ("-3", "-3.5", "0", "1e-3")] == ["-3", "-3.5", "0", "1e-3"]
    assert [cell(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]


def test_feedback_pages_escape_every_text(tmp_path):
    set_file, bank, aset = make_set(tmp_path)
    set_file.write_text(
        set_file.read_text(encoding="utf-8").replace("title: Week 3 quiz", "title: <b>T</b>"),
        encoding="utf-8",
    )
    subs = tmp_path / "subs"
    subs.mkdir()
    write_submission(subs, aset, "<i>s1</i>", {"t-short": "<img src=x onerror=alert(1)>"})
    out = tmp_path / "out"
    main(["grade", str(set_file), str(subs), "--out", str(out), "--bank", str(bank),
          "--no-progress"])  # fmt: skip
    page = next((out / "feedback").glob("*.html")).read_text(encoding="utf-8")
    assert "<img" not in page and "<b>T" not in page and "<i>s1" not in page
    assert "&lt;img src=x" in page and "&lt;b&gt;T&lt;/b&gt;" in page


# Exit status outside the repository ----------------------------------------------------


@pytest.mark.parametrize("command", ["release", "grade"])
def test_missing_data_outside_the_repository_is_exit_2(tmp_path, command):
    run = subprocess.run(
        [sys.executable, "-m", "coproduction.exercises", "example-set", "s.yaml"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    (tmp_path / "subs").mkdir()
    empty = tmp_path / "no-data"
    empty.mkdir()
    args = ["s.yaml", "--out", "o"] if command == "release" else ["s.yaml", "subs", "--out", "o"]
    run = subprocess.run(
        [sys.executable, "-m", "coproduction.exercises", command, *args],
        cwd=tmp_path, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "COPRODUCTION_CASE_DATA": str(empty)},
    )  # fmt: skip
    assert run.returncode == 2, run.stderr
    assert "frameworks/" in run.stderr and "Traceback" not in run.stderr
