"""Grading: scores, every kind of malformed submission, short-answer marks, and robustness."""

from __future__ import annotations

import csv
import json
import tempfile
import zipfile
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coproduction.exercises import responses
from coproduction.exercises.grading import READ_LIMIT, Entry, Grader

from .grading_helpers import (
    SHEET_HEADER,
    SHORT_ANSWER,
    T0,
    class_setup,
    grade,
    hand_in,
    make_set,
    right_answer,
    write_submission,
)


@pytest.fixture
def setup(tmp_path):
    return class_setup(tmp_path)


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def problems(out: Path) -> list[dict[str, str]]:
    return rows(out / "problems.csv")


def long_rows(out: Path) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["student"], r["item"]): r for r in rows(out / "grades-long.csv")}


def totals(out: Path) -> dict[str, str]:
    return {r["student_id"]: r["total"] for r in rows(out / "gradebook.csv")}


def standing(out: Path) -> dict[str, tuple[str, str, str, str]]:
    """Each student's (auto_marked, awaiting_marking, total, percent) in the gradebook."""
    return {
        r["student_id"]: (r["auto_marked"], r["awaiting_marking"], r["total"], r["percent"])
        for r in rows(out / "gradebook.csv")
    }


def submission_bytes(aset, student: str, answers: dict) -> bytes:
    """A valid submission built in memory (the same chain as responses.record)."""
    meta = {"set": aset.id, "fingerprint": aset.fingerprint, "student": student}
    out, previous = [], ""
    for k, (item, answer) in enumerate(answers.items()):
        r = {
            "item": item,
            "attempt": 1,
            "timestamp": (T0 + timedelta(minutes=k)).isoformat(timespec="seconds"),
            "answer": answer,
        }
        previous = r["chain"] = responses.link(previous, meta, r)
        out.append(r)
    data = {"format": responses.FORMAT, "version": responses.VERSION, **meta, "responses": out}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


# Scoring ----------------------------------------------------------------------------


def test_a_small_class_is_scored_through_the_command_line(tmp_path, setup, capsys):
    set_file, bank, aset, subs = setup
    write_submission(subs, aset, "s1")  # all right; the short answer waits for a marker
    write_submission(
        subs,
        aset,
        "s2",
        {
            "bank-single": "a",  # wrong
            "t-multiple": ["a", "c"],  # one right, one wrong pick: 0
            "t-classify": "macro",  # wrong
            "t-matching": {"consumer": "r", "participative": "u"},  # 1 of 3 right
            "t-ordering": ["m", "k", "p", "t"],  # 5 of 6 pairs in order
            "t-numeric": 17.3,  # within the tolerance
        },
    )
    write_submission(subs, aset, "s3", {"t-multiple": ["a"]})  # half of multiple, rest blank
    rc, out = grade(tmp_path, set_file, bank, subs)
    assert rc == 0, "a normal first run, with short answers still to mark, succeeds"
    assert {p["problem"] for p in problems(out)} == {"to-be-marked"}, "and lists them"
    long = long_rows(out)
    assert len(long) == 3 * len(aset.items)
    assert long[("s1", "bank-single")]["status"] == "right"
    assert long[("s1", "bank-single")]["answer"] == '"b"'
    assert long[("s1", "t-short")]["status"] == "to be marked"
    assert long[("s1", "t-short")]["score"] == "" and long[("s1", "t-short")]["max_points"] == "5"
    assert long[("s2", "t-matching")]["score"] == "0.3333"
    assert long[("s2", "t-matching")]["status"] == "partly right"
    assert long[("s2", "t-ordering")]["score"] == "0.8333"
    assert long[("s2", "t-numeric")]["status"] == "right"
    assert long[("s2", "t-short")]["status"] == "no answer"
    assert long[("s3", "t-multiple")]["score"] == "0.5"
    assert long[("s3", "t-multiple")]["attempts"] == "1"
    # No total, and no percent, while an answer waits for a marker: s1's 6 auto-marked
    # points are not shown as 6 of 11 (55%); the points still to decide are given.
    assert standing(out) == {
        "s1": ("6", "5", "", ""),
        "s2": ("2.17", "0", "2.17", "19.7"),  # rounded to the set's 2 decimals
        "s3": ("0.5", "0", "0.5", "4.55"),
    }
    assert [p["problem"] for p in problems(out)] == ["to-be-marked"]
    summary = capsys.readouterr().out
    assert "3 student(s) graded" in summary and "problems.csv" in summary
    assert "No total yet for 1 of 3 student(s)" in summary and "2.1667" not in summary
    page = (out / "feedback" / "s1.html").read_text(encoding="utf-8")
    assert "Total:" not in page and "no total yet" in page and "5 more points" in page
    page = (out / "feedback" / "s2.html").read_text(encoding="utf-8")
    assert "Consumer co-production" in page and "User-led innovation" in page
    assert "Its aim is user empowerment." in page, "the feedback text of the chosen option"
    assert "the book&#x27;s reading of the paper" in page, "an item's note, after answering"
    assert "book&#x27;s reading" not in (out / "feedback" / "s3.html").read_text(
        encoding="utf-8"
    ), "not for a question the student did not answer"
    assert "http" not in page and "<script" not in page and 'lang="en"' in page


def test_an_edited_or_removed_response_voids_only_what_it_touches(tmp_path, setup):
    set_file, bank, aset, subs = setup
    path = write_submission(subs, aset, "s1", {"bank-single": "a", "t-classify": "micro"})
    write_submission(subs, aset, "s1", {"bank-single": "b"}, when=T0 + timedelta(hours=1))
    write_submission(subs, aset, "s1", {"t-numeric": 17.3}, when=T0 + timedelta(hours=2))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["responses"][2]["answer"] = "a"  # the second answer to bank-single changed
    path.write_text(json.dumps(data), encoding="utf-8")
    hand_in(path, T0)  # handed in on time
    rc, out = grade(tmp_path, set_file, bank, subs)
    assert rc == 1
    long = long_rows(out)
    # The edited answer is void, so the student's earlier answer to that item counts;
    # the answers after the edit still count.
    assert long[("s1", "bank-single")]["answer"] == '"a"'
    assert long[("s1", "bank-single")]["attempts"] == "1"
    assert long[("s1", "t-classify")]["status"] == "right"
    assert long[("s1", "t-numeric")]["status"] == "right"
    (detail,) = [p["detail"] for p in problems(out) if p["problem"] == "tampered"]
    assert "1 of 4 response(s)" in detail and '3 (item "bank-single")' in detail
    page = (out / "feedback" / "s1.html").read_text(encoding="utf-8")
    assert "A later answer to this question was changed" in page

    # An edited answer before the one that counts changes nothing the student sees.
    data = json.loads(path.read_text(encoding="utf-8"))
    data["responses"][2]["answer"] = "b"  # undo the edit
    data["responses"][0]["answer"] = "b"  # edit the first answer instead
    path.write_text(json.dumps(data), encoding="utf-8")
    hand_in(path, T0)
    rc, out = grade(tmp_path, set_file, bank, subs)
    assert long_rows(out)[("s1", "bank-single")]["answer"] == '"b"'
    page = (out / "feedback" / "s1.html").read_text(encoding="utf-8")
    assert "was changed" not in page
    data["responses"][0]["answer"] = "a"  # undo that edit too

    # A response removed: the one after the gap no longer follows its predecessor.
    data["responses"][2]["answer"] = "b"  # undo the edit
    del data["responses"][1]  # drop the t-classify answer
    path.write_text(json.dumps(data), encoding="utf-8")
    hand_in(path, T0)  # handed in on time
    rc, out = grade(tmp_path, set_file, bank, subs)
    long = long_rows(out)
    assert long[("s1", "t-classify")]["status"] == "no answer"
    assert long[("s1", "bank-single")]["answer"] == '"a"', "the answer after the gap is void"
    assert long[("s1", "t-numeric")]["status"] == "right"


def test_the_last_answer_to_an_item_counts(tmp_path, setup):
    set_file, bank, aset, subs = setup
    path = write_submission(subs, aset, "s1", {"bank-single": "b"})
    write_submission(subs, aset, "s1", {"bank-single": "a"}, when=T0 + timedelta(hours=1))
    rc, out = grade(tmp_path, set_file, bank, subs)
    row = long_rows(out)[("s1", "bank-single")]
    assert (row["answer"], row["score"], row["attempts"]) == ('"a"', "0", "2")
    assert path.exists()


# Malformed submissions ----------------------------------------------------------------


def test_every_malformed_submission_is_reported_and_the_rest_graded(tmp_path, setup):
    set_file, bank, aset, subs = setup
    good = write_submission(subs, aset, "good")
    text = good.read_text(encoding="utf-8")
    (subs / "truncated.json").write_text(text[: len(text) // 2], encoding="utf-8")
    (subs / "utf16.json").write_bytes(text.encode("utf-16"))
    (subs / "latin1.json").write_bytes(text.replace('"good"', '"Zo\u00eb"').encode("latin-1"))
    (subs / "empty.json").write_bytes(b"")
    (subs / "huge.json").write_bytes(b" " * (READ_LIMIT + 10))
    (subs / "list.json").write_text("[1, 2, 3]", encoding="utf-8")
    (subs / "notebook.ipynb").write_text("{}", encoding="utf-8")
    write_submission(subs, aset, "unknown", {"bank-single": "b", "no-such-item": "x"})
    write_submission(subs, aset, "shape", {"bank-single": ["b"], "t-numeric": "seventeen"})
    tampered = write_submission(subs, aset, "tampered")
    data = json.loads(tampered.read_text(encoding="utf-8"))
    data["responses"][1]["answer"] = ["a", "b", "c"]
    tampered.write_text(json.dumps(data), encoding="utf-8")
    hand_in(tampered, T0)  # handed in on time, as the others were
    foreign = dict(json.loads(text), set="week-9", student="visitor")
    (subs / "foreign.json").write_text(json.dumps(foreign), encoding="utf-8")
    old = dict(json.loads(text), fingerprint="0" * 64, student="old-release")
    (subs / "old-release.json").write_text(json.dumps(old), encoding="utf-8")
    write_submission(subs, aset, "dup", {"bank-single": "a"}, name="dup-first.json")
    write_submission(
        subs, aset, "dup", {"bank-single": "b"}, when=T0 + timedelta(days=1), name="dup-second.json"
    )
    write_submission(
        subs, aset, "late", {"bank-single": "b"}, when=T0 + timedelta(days=3, hours=12)
    )  # the 4th, 21:00

    rc, out = grade(tmp_path, set_file, bank, subs)
    assert rc == 1
    found = {(p["file"], p["problem"]) for p in problems(out)}
    for expected in [
        ("truncated.json", "corrupt"),
        ("utf16.json", "corrupt"),
        ("latin1.json", "corrupt"),
        ("empty.json", "corrupt"),
        ("huge.json", "corrupt"),
        ("list.json", "corrupt"),
        ("notebook.ipynb", "ignored"),
        ("week-3-unknown.json", "unknown-item"),
        ("week-3-shape.json", "wrong-shape"),
        ("week-3-tampered.json", "tampered"),
        ("foreign.json", "foreign"),
        ("old-release.json", "foreign"),
        ("dup-first.json", "duplicate"),
        ("week-3-late.json", "late"),
    ]:
        assert expected in found, expected
    detail = {p["file"]: p["detail"] for p in problems(out)}
    assert "truncated" in detail["truncated.json"]
    assert "UTF-16" in detail["utf16.json"]
    assert "not UTF-8" in detail["latin1.json"]
    assert "empty" in detail["empty.json"]
    assert "5 MB" in detail["huge.json"]
    long = long_rows(out)
    graded = {s for s, _ in long}
    assert graded == {"good", "unknown", "shape", "tampered", "dup", "late"}
    assert long[("good", "bank-single")]["status"] == "right"
    assert long[("unknown", "bank-single")]["status"] == "right", "the rest of the file counts"
    assert long[("shape", "bank-single")]["status"] == "wrong shape"
    assert long[("shape", "bank-single")]["score"] == "0"
    assert long[("shape", "t-numeric")]["status"] == "wrong shape"
    # The tampered answer (response 2) alone is not counted; the answers after it are.
    assert long[("tampered", "bank-single")]["status"] == "right"
    assert long[("tampered", "t-multiple")]["status"] == "void", "not 'no answer': it was given"
    assert long[("tampered", "t-classify")]["status"] == "right"
    page = (out / "feedback" / "tampered.html").read_text(encoding="utf-8")
    assert "was changed in your file after it was recorded" in page
    assert "You did not answer" not in page.split("Question 2")[1].split("Question 3")[0]
    assert long[("tampered", "t-numeric")]["status"] == "right"
    assert "1 of 7 response(s)" in detail["week-3-tampered.json"]
    assert long[("dup", "bank-single")]["answer"] == '"b"', "the file with the latest answer counts"
    # The set states no late policy, so late work is dropped: the file was handed in late.
    assert long[("late", "bank-single")]["late"] == "dropped (file late)"
    assert long[("late", "bank-single")]["status"] == "no answer"


def test_late_answers_are_dropped_with_the_drop_policy(tmp_path, setup):
    set_file, bank, aset, subs = setup
    path = write_submission(subs, aset, "s1", {"bank-single": "b", "t-classify": "micro"})
    write_submission(subs, aset, "s1", {"bank-single": "a"}, when=T0 + timedelta(days=10))
    # Judged by the student's clock alone: the answers after the deadline are dropped.
    # (By the file's time it was handed in late, and nothing would count: test_late_work.)
    rc, out = grade(tmp_path, set_file, bank, subs, "--late-policy", "drop", "--ignore-file-times")
    long = long_rows(out)
    assert long[("s1", "bank-single")]["answer"] == '"b"', "the last answer before the deadline"
    assert long[("s1", "bank-single")]["late"] == "dropped"
    assert long[("s1", "t-classify")]["late"] == "no"
    late = [p for p in problems(out) if p["problem"] == "late"]
    assert len(late) == 1 and "not counted" in late[0]["detail"]
    # An earlier --deadline override makes everything late.
    rc, out = grade(
        tmp_path, set_file, bank, subs, "--deadline", "2026-11-01T00:00Z", "--ignore-file-times"
    )
    assert long_rows(out)[("s1", "bank-single")]["status"] == "no answer"
    assert path.exists()


def test_zip_entries_are_read_in_memory_and_unsafe_paths_skipped(tmp_path, setup):
    set_file, bank, aset, subs = setup
    good = write_submission(subs, aset, "s1").read_bytes()
    other = submission_bytes(aset, "s2", {"bank-single": "b"})
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Ada_1_assignsubmission_file_/week-3-s1.json", good)
        zf.writestr(zipfile.ZipInfo("../escape.json"), other)
        zf.writestr(zipfile.ZipInfo("/abs/escape.json"), other)
        zf.writestr(zipfile.ZipInfo("C:/win/escape.json"), other)
        zf.writestr("bomb.json", b" " * (READ_LIMIT + 1))  # compresses to a few kilobytes
        zf.writestr("folder/week-3-s2.json", other)
    before = sorted(p.name for p in tmp_path.iterdir())
    rc, out = grade(tmp_path, set_file, bank, archive)
    found = {(p["file"], p["problem"]) for p in problems(out)}
    assert ("../escape.json", "unsafe-path") in found
    assert ("/abs/escape.json", "unsafe-path") in found
    assert ("C:/win/escape.json", "unsafe-path") in found
    assert ("bomb.json", "corrupt") in found
    assert {s for s, _ in long_rows(out)} == {"s1", "s2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "out"]), "no extraction"
    assert not (tmp_path.parent / "escape.json").exists()


def test_non_ascii_folder_names_from_a_vle_zip_read_as_written(tmp_path, setup):
    """VLE downloads name folders after students and often store the UTF-8 names without
    the zip's UTF-8 flag; Python then reads them as code page 437 (``Chlo├⌐``)."""
    set_file, bank, aset, subs = setup
    good = submission_bytes(aset, "s1", {"bank-single": "b"})
    archive = tmp_path / "class.zip"
    on_time = (T0.year, T0.month, T0.day, T0.hour, T0.minute, 0)
    with zipfile.ZipFile(archive, "w") as zf:  # ASCII stand-ins of the same byte length
        for name, data in [
            ("ChloXX Dupont_1/week-3-s1.json", good),
            ("ChloXX Dupont_1/notes.ipynb", b"{}"),
            ("ZoYY K_2/notes.ipynb", b"{}"),
        ]:
            zf.writestr(zipfile.ZipInfo(name, on_time), data)
    raw = archive.read_bytes().replace(b"ChloXX", "Chloé".encode()).replace(b"ZoYY", "Zoë".encode())
    archive.write_bytes(raw)  # UTF-8 names, and no UTF-8 flag: as many zip tools write them
    with zipfile.ZipFile(archive) as zf:
        assert not any(i.flag_bits & 0x800 for i in zf.infolist())
        assert "Chlo├⌐ Dupont_1/notes.ipynb" in zf.namelist(), "what Python reads"
    rc, out = grade(tmp_path, set_file, bank, archive)
    assert {p["file"] for p in problems(out)} == {
        "Chloé Dupont_1/notes.ipynb",
        "Zoë K_2/notes.ipynb",
    }
    assert (out / "problems.csv").read_bytes().startswith(b"\xef\xbb\xbf"), "Excel reads UTF-8"
    assert {s for s, _ in long_rows(out)} == {"s1"}


def test_roster_reports_missing_and_unknown_students(tmp_path, setup):
    set_file, bank, aset, subs = setup
    write_submission(subs, aset, "S1")  # matched to the roster's s1 whatever the case
    write_submission(subs, aset, "stranger")
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,email\ns1,Ada Lovelace,ada@example.org\ns2,Alan Turing,\n")
    rc, out = grade(tmp_path, set_file, bank, subs, "--roster", str(roster))
    found = {(p["student"], p["problem"]) for p in problems(out)}
    assert ("s2", "missing") in found
    assert ("stranger", "foreign") in found
    book = rows(out / "gradebook.csv")
    assert [r["student_id"] for r in book] == ["s1", "s2"]
    assert book[0]["name"] == "Ada Lovelace" and book[0]["auto_marked"] == "6"
    assert book[0]["total"] == "", "no total while the short answer waits for a marker"
    assert book[1]["total"] == "", "a missing student's grade is left empty"


def test_a_file_named_for_another_student_is_flagged(tmp_path, setup):
    set_file, bank, aset, subs = setup
    write_submission(subs, aset, "s2", {"bank-single": "b"}, name="week-3-s1.json")
    rc, out = grade(tmp_path, set_file, bank, subs)
    assert [(p["problem"], p["student"]) for p in problems(out)] == [("file-name", "s2")]


def test_bad_roster_is_a_usage_error(tmp_path, setup, capsys):
    set_file, bank, aset, subs = setup
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\n1,Ada\n")
    rc, _ = grade(tmp_path, set_file, bank, subs, "--roster", str(roster))
    assert rc == 2 and "no 'student_id' column" in capsys.readouterr().err
    roster.write_text("student_id\ns1\ns1\n")
    rc, _ = grade(tmp_path, set_file, bank, subs, "--roster", str(roster))
    assert rc == 2 and "row 3" in capsys.readouterr().err


# Short answers and marks --------------------------------------------------------------


def fill(path: Path, marks: dict[str, list[str]], comment: str = "") -> None:
    with open(path, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    crit = [j for j, h in enumerate(table[0]) if h not in ("student", "answer", "words", "comment")]
    for row in table[1:]:
        if row[0] in marks:
            for j, mark in zip(crit, marks[row[0]], strict=True):
                row[j] = mark
            row[-1] = comment
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(table)


def test_rubric_marks_round_trip_into_the_totals(tmp_path, setup):
    set_file, bank, aset, subs = setup
    for s in ("s1", "s2", "s3"):
        write_submission(subs, aset, s)
    rc, out = grade(tmp_path, set_file, bank, subs)
    sheet = out / "short-answers" / "t-short.csv"
    table = rows(sheet)
    assert list(table[0]) == SHEET_HEADER
    assert [r["student"] for r in table] == ["s1", "s2", "s3"]
    assert table[0]["answer"] == SHORT_ANSWER
    assert totals(out) == {"s1": "", "s2": "", "s3": ""}
    assert {s: v[:2] for s, v in standing(out).items()} == dict.fromkeys(totals(out), ("6", "5"))

    marks = tmp_path / "marks"
    marks.mkdir()
    (marks / "t-short.csv").write_bytes(sheet.read_bytes())
    fill(marks / "t-short.csv", {"s1": ["2", "3"], "s2": ["0", "1"]}, comment="Well argued.")
    rc, out = grade(tmp_path, set_file, bank, subs, "--marks", str(marks))
    assert standing(out) == {
        "s1": ("6", "0", "11", "100"),
        "s2": ("6", "0", "7", "63.64"),
        "s3": ("6", "5", "", ""),  # still to be marked
    }
    long = long_rows(out)
    assert long[("s1", "t-short")]["status"] == "marked"
    assert long[("s1", "t-short")]["score"] == "1"
    assert long[("s3", "t-short")]["status"] == "to be marked"
    waiting = [p for p in problems(out) if p["problem"] == "to-be-marked"]
    assert (
        len(waiting) == 1 and "1 answer(s)" in waiting[0]["detail"] and "s3" in waiting[0]["detail"]
    )
    # The regenerated sheet keeps the marks, so marking can go on from it.
    again = {r["student"]: r for r in rows(out / "short-answers" / "t-short.csv")}
    assert (
        again["s1"]["claim (0-2: levels 0 / 2)"] == "2" and again["s1"]["comment"] == "Well argued."
    )
    page = (out / "feedback" / "s1.html").read_text(encoding="utf-8")
    assert "Well argued." in page and "Evidence from both sides of the tension." in page


def test_bad_mark_cells_are_reported_and_the_other_rows_kept(tmp_path, setup):
    set_file, bank, aset, subs = setup
    for s in ("s1", "s2", "s3", "s4"):
        write_submission(subs, aset, s)
    rc, out = grade(tmp_path, set_file, bank, subs)
    marks = tmp_path / "marks"
    marks.mkdir()
    sheet = marks / "t-short.csv"
    sheet.write_bytes((out / "short-answers" / "t-short.csv").read_bytes())
    fill(sheet, {"s1": ["2", "3"], "s2": ["5", "1"], "s3": ["two", "1"], "s4": ["1", ""]})
    with open(sheet, "a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(["nobody", "an answer", "2", "1", "1", ""])
    (marks / "t-nothing.csv").write_text("student\n")
    rc, out = grade(tmp_path, set_file, bank, subs, "--marks", str(marks))
    bad = [p for p in problems(out) if p["problem"] == "bad-mark"]
    details = " | ".join(p["detail"] for p in bad)
    assert "row 3, column 'claim (0-2: levels 0 / 2)': 5 is outside 0-2" in details
    assert "row 4, column 'claim (0-2: levels 0 / 2)': 'two' is not a number" in details
    assert "row 5: criteria evidence have no mark" in details
    assert "row 6, column 'student': 'nobody'" in details
    assert any(p["file"] == "marks/t-nothing.csv" for p in bad)
    # s4's half-filled row waits for a marker, and its usable mark stays on the new sheet.
    again = {r["student"]: r for r in rows(out / "short-answers" / "t-short.csv")}
    claim = next(k for k in again["s4"] if k.startswith("claim ("))
    assert again["s4"][claim] == "1"
    page = (out / "feedback" / "s4.html").read_text(encoding="utf-8")
    assert "not yet marked" in page
    assert totals(out) == {"s1": "11", "s2": "", "s3": "", "s4": ""}, "bad rows wait"


def test_marks_saved_by_a_spreadsheet_with_semicolons_and_decimal_commas(tmp_path, setup):
    set_file, bank, aset, subs = setup
    write_submission(subs, aset, "s1")
    marks = tmp_path / "marks"
    marks.mkdir()
    (marks / "t-short.csv").write_bytes(
        "student;answer;claim (0-2);evidence (0-3);comment\ns1;x;1,5;2;Très bien\n".encode("cp1252")
    )
    rc, out = grade(tmp_path, set_file, bank, subs, "--marks", str(marks))
    assert totals(out) == {"s1": "9.5"}


# Robustness -----------------------------------------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=20,
)


@pytest.fixture(scope="module")
def class_set(tmp_path_factory):
    return make_set(tmp_path_factory.mktemp("set"))[2]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers=st.lists(JSON, min_size=7, max_size=7))
@example(answers=[10**400, -(10**400), 1e308, [[[[[]]]]], {"": None}, "", True])
def test_grading_never_crashes_on_arbitrary_json_answers(class_set, answers):
    aset = class_set
    items = [it.id for it in aset.items]
    g = Grader(aset)
    g.add(Entry("s.json", submission_bytes(aset, "s1", dict(zip(items, answers, strict=True)))))
    report = g.report()
    assert set(report.kept) == {"s1"}
    with tempfile.TemporaryDirectory() as out:
        report.write(out, "canvas")
        assert (Path(out) / "feedback" / "s1.html").is_file()
    statuses = {a.status for a in report.kept["s1"].answers.values()}
    assert statuses <= {"right", "partly right", "not right", "to be marked", "wrong shape"}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000) | JSON.map(lambda v: json.dumps(v).encode()))
def test_grading_never_crashes_on_arbitrary_bytes(class_set, data):
    g = Grader(class_set)
    g.add(Entry("x.json", data))
    report = g.report()
    assert len(report.problems) + len(report.kept) >= 1
    with tempfile.TemporaryDirectory() as out:
        report.write(out)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_grading_never_crashes_on_a_damaged_real_submission(class_set, data):
    raw = bytearray(
        submission_bytes(class_set, "s1", {it.id: right_answer(it) for it in class_set.items})
    )
    for _ in range(data.draw(st.integers(1, 5))):
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i] = data.draw(st.integers(0, 255))
    g = Grader(class_set)
    g.add(Entry("s1.json", bytes(raw)))
    g.report()


def test_a_zip_names_unicode_path_field_is_read_when_it_matches_the_name():
    from coproduction.exercises.grading.submissions import entry_name

    raw = "Zoë K/a.json".encode()

    def info(stored: str, crc_of: str) -> zipfile.ZipInfo:
        i = zipfile.ZipInfo(stored)
        body = b"\x01" + zlib.crc32(crc_of.encode("cp437")).to_bytes(4, "little") + raw
        i.extra = (0x7075).to_bytes(2, "little") + len(body).to_bytes(2, "little") + body
        return i

    assert entry_name(info("Zo_ K/a.json", "Zo_ K/a.json")) == "Zoë K/a.json"
    # A field written for another name (the entry was renamed since) is not believed.
    assert entry_name(info("Zo_ K/a.json", "other.json")) == "Zo_ K/a.json"
