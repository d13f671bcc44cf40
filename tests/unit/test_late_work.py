"""Late work: the set's late policy, and lateness judged by hand-in time as well as by
the answer times inside each file (the student's clock)."""

from __future__ import annotations

import csv
import json
import struct
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import nbformat
import pytest

from coproduction.exercises.cli import main
from coproduction.exercises.grading import Entry, Grader
from coproduction.exercises.grading.submissions import zip_time
from coproduction.exercises.items import ItemError
from coproduction.exercises.notebook import ReleaseError, assessed, read_release
from coproduction.exercises.release import release
from coproduction.exercises.responses import link
from coproduction.exercises.sets import describe, load_set

from .grading_helpers import SET_FILE, T0, grade, hand_in, make_set, write_submission

DEADLINE = datetime(2026, 12, 4, 17, 0, tzinfo=timezone.utc)
AFTER = DEADLINE + timedelta(hours=4)  # that evening, 21:00
UTC = timezone.utc


def set_with(tmp_path: Path, line: str | None) -> tuple[Path, Path]:
    """The test set with a late_policy line added (or none), and its bank."""
    set_file, bank, _ = make_set(tmp_path)
    if line is not None:
        text = SET_FILE.replace("instructions:", f"{line}\ninstructions:")
        set_file.write_text(text, encoding="utf-8")
    return set_file, bank


@pytest.fixture
def subs(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    return folder


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def long_rows(out: Path) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["student"], r["item"]): r for r in rows(out / "grades-long.csv")}


def problems(out: Path, kind: str | None = None) -> list[dict[str, str]]:
    found = rows(out / "problems.csv")
    return [p for p in found if kind is None or p["problem"] == kind]


def a_class(subs: Path, aset, late_file: str = "s2") -> None:
    """s1 hands in on time; ``late_file`` answered everything before the deadline (by its
    own clock) but its file was handed in that evening."""
    write_submission(subs, aset, "s1", {"bank-single": "b"})
    path = write_submission(subs, aset, late_file, {"bank-single": "b", "t-classify": "micro"})
    hand_in(path, AFTER)


def submission_bytes(tmp_path: Path, aset, student: str, when: datetime = T0) -> bytes:
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    return write_submission(scratch, aset, student, {"bank-single": "b"}, when=when).read_bytes()


def ut_field(when: datetime) -> bytes:
    """An Info-ZIP extended-timestamp extra field (0x5455) with a modification time."""
    return struct.pack("<HHBi", 0x5455, 5, 1, int(when.timestamp()))


def ntfs_field(when: datetime) -> bytes:
    """An NTFS extra field (0x000a): 100-nanosecond ticks since 1601, in UTC."""
    ticks = int((when - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds()) * 10_000_000
    body = struct.pack("<IHHQQQ", 0, 1, 24, ticks, ticks, ticks)
    return struct.pack("<HH", 0x000A, len(body)) + body


def zip_entry(zf: zipfile.ZipFile, name: str, data: bytes, dos: tuple, extra: bytes = b""):
    info = zipfile.ZipInfo(name, date_time=dos)
    info.extra = extra
    zf.writestr(info, data)


# The policy stated in the set ---------------------------------------------------------


def test_a_set_without_a_late_policy_drops_late_work_and_says_so(tmp_path, subs):
    set_file, bank = set_with(tmp_path, None)
    aset = load_set(set_file, bank)
    assert (aset.late_policy, aset.late_policy_stated) == ("drop", False)
    assert "late_policy drop (late work not counted; the default" in describe(aset)
    write_submission(subs, aset, "s1", {"bank-single": "b"})
    write_submission(subs, aset, "s1", {"bank-single": "a"}, when=AFTER)  # a late re-answer
    rc, out = grade(tmp_path, set_file, bank, subs, "--ignore-file-times")
    row = long_rows(out)[("s1", "bank-single")]
    assert (row["answer"], row["late"], row["status"]) == ('"b"', "dropped", "right")
    [late] = problems(out, "late")
    assert "not counted" in late["detail"] and "late policy: drop" in late["detail"]


def test_the_sets_accept_policy_is_honoured(tmp_path, subs):
    set_file, bank = set_with(tmp_path, "late_policy: accept")
    aset = load_set(set_file, bank)
    assert (aset.late_policy, aset.late_policy_stated) == ("accept", True)
    assert "late_policy accept (late work counted and flagged; stated in the set)" in describe(aset)
    write_submission(subs, aset, "s1", {"bank-single": "b"})
    write_submission(subs, aset, "s1", {"bank-single": "a"}, when=AFTER)
    rc, out = grade(tmp_path, set_file, bank, subs)
    row = long_rows(out)[("s1", "bank-single")]
    assert (row["answer"], row["late"]) == ('"a"', "yes"), "the late re-answer counts, flagged"


def test_the_command_line_overrides_the_sets_policy(tmp_path, subs, capsys):
    set_file, bank = set_with(tmp_path, "late_policy: accept")
    aset = load_set(set_file, bank)
    write_submission(subs, aset, "s1", {"bank-single": "b"})
    write_submission(subs, aset, "s1", {"bank-single": "a"}, when=AFTER)
    rc, out = grade(tmp_path, set_file, bank, subs, "--late-policy", "drop", "--ignore-file-times")
    assert long_rows(out)[("s1", "bank-single")]["answer"] == '"b"'
    summary = capsys.readouterr().out
    assert "late policy drop: late work not counted (--late-policy)" in summary
    # And the other way round: a set that drops, graded with accept.
    set_file, bank = set_with(tmp_path, "late_policy: drop")
    rc, out = grade(tmp_path, set_file, bank, subs, "--late-policy", "accept")
    assert long_rows(out)[("s1", "bank-single")]["answer"] == '"a"'


def test_a_late_policy_the_set_cannot_have_is_reported_with_its_place(tmp_path):
    set_file, bank = set_with(tmp_path, "late_policy: sometimes")
    with pytest.raises(ItemError) as err:
        load_set(set_file, bank)
    assert "late_policy" in str(err.value) and "week-3.yaml" in str(err.value)


def test_check_states_the_deadline_and_the_policy(tmp_path, capsys):
    set_file, bank = set_with(tmp_path, None)
    assert main(["check", "--bank", str(bank), "--set", str(set_file)]) == 0
    out = capsys.readouterr().out
    assert "deadline 2026-12-04T17:00:00+00:00" in out
    assert "late_policy drop (late work not counted; the default: the set does not say)" in out
    no_deadline = SET_FILE.replace("deadline: 2026-12-04T17:00:00+00:00\n", "")
    set_file.write_text(no_deadline, encoding="utf-8")
    assert main(["check", "--bank", str(bank), "--set", str(set_file)]) == 0
    assert "no deadline, so nothing is late" in capsys.readouterr().out


# The students are told ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "policy", "words"),
    [
        (None, "drop", "Late work is not counted"),
        ("late_policy: accept", "accept", "Late work is accepted but marked as late"),
    ],
)
def test_the_release_states_the_deadline_and_the_policy(tmp_path, line, policy, words):
    set_file, bank = set_with(tmp_path, line)
    json_path, nb_path = release(set_file, tmp_path / "release", bank)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert (data["deadline"], data["late_policy"]) == ("2026-12-04T17:00:00+00:00", policy)
    intro = nbformat.read(nb_path, as_version=4).cells[0].source
    assert "**Deadline:** Friday 04 December 2026, 17:00 UTC." in intro
    assert words in intro and "time your file is handed in" in intro
    # The widget's header says the same before the first question.
    box = assessed(json_path, student="s1", folder=tmp_path / "work")
    header = box.children[0].value
    assert "Deadline: Friday 04 December 2026, 17:00 UTC." in header
    assert words in header
    assert read_release(json_path).late_policy == policy


def test_a_release_with_a_late_policy_it_cannot_have_is_refused(tmp_path):
    set_file, bank = set_with(tmp_path, None)
    json_path, _ = release(set_file, tmp_path / "release", bank)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    json_path.write_text(json.dumps({**data, "late_policy": "never"}), encoding="utf-8")
    with pytest.raises(ReleaseError, match="late_policy"):
        read_release(json_path)
    # A release written before the field existed still opens, and says nothing of it.
    del data["late_policy"]
    json_path.write_text(json.dumps(data), encoding="utf-8")
    header = assessed(json_path, student="s1", folder=tmp_path / "work").children[0].value
    assert "Deadline:" in header and "Late work" not in header


# Hand-in times in a folder --------------------------------------------------------------


def test_a_file_handed_in_late_counts_for_nothing_with_drop(tmp_path, subs, capsys):
    set_file, bank, aset = make_set(tmp_path)
    a_class(subs, aset)
    rc, out = grade(tmp_path, set_file, bank, subs)
    long = long_rows(out)
    assert long[("s1", "bank-single")]["status"] == "right"
    assert long[("s1", "bank-single")]["late"] == "no"
    for item in ("bank-single", "t-classify"):
        row = long[("s2", item)]
        assert (row["status"], row["answer"], row["late"]) == (
            "no answer", "", "dropped (file late)",
        )  # fmt: skip
    assert long[("s2", "t-multiple")]["late"] == "no", "an item never answered was not late"
    # Both times, per student, in the long CSV.
    assert long[("s2", "t-numeric")]["handed_in"] == "2026-12-04T21:00:00+00:00"
    assert long[("s2", "t-numeric")]["last_answer"] == "2026-12-01T09:01:00+00:00"
    assert long[("s1", "bank-single")]["handed_in"] == "2026-12-01T09:00:00+00:00"
    [late] = problems(out, "late")
    assert late["student"] == "s2" and late["file"] == "week-3-s2.json"
    assert late["detail"].startswith("handed in after the deadline 2026-12-04T17:00:00+00:00")
    assert (
        "handed in at 2026-12-04T21:00:00+00:00 (file time), last answer at "
        "2026-12-01T09:01:00+00:00 (the student's clock)"
    ) in late["detail"]
    assert "none of its answers are counted (late policy: drop)" in late["detail"]
    [odd] = problems(out, "times-disagree")
    assert (
        odd["student"] == "s2" and "every answer inside is timestamped before it" in odd["detail"]
    )
    page = (out / "feedback" / "s2.html").read_text(encoding="utf-8")
    assert "Your file was handed in after the deadline, so your answer" in page
    summary = capsys.readouterr().out
    assert "(2 from the file's modification time)" in summary
    assert "late policy drop: late work not counted (the default: the set does not say)" in summary


def test_a_file_handed_in_late_is_counted_and_flagged_with_accept(tmp_path, subs):
    set_file, bank, aset = make_set(tmp_path)
    a_class(subs, aset)
    rc, out = grade(tmp_path, set_file, bank, subs, "--late-policy", "accept")
    row = long_rows(out)[("s2", "bank-single")]
    assert (row["status"], row["late"]) == ("right", "file late")
    [late] = problems(out, "late")
    assert "counted and flagged 'file late'" in late["detail"]
    page = (out / "feedback" / "s2.html").read_text(encoding="utf-8")
    assert "counted and marked late" in page


def test_answers_timestamped_after_the_hand_in_are_reported(tmp_path, subs):
    set_file, bank, aset = make_set(tmp_path)
    write_submission(subs, aset, "s1", {"bank-single": "b"})
    path = write_submission(subs, aset, "s2", {"bank-single": "b"})
    hand_in(path, T0 - timedelta(hours=2))  # handed in two hours before its only answer
    rc, out = grade(tmp_path, set_file, bank, subs)
    [odd] = problems(out, "times-disagree")
    assert odd["student"] == "s2" and "2 hours after it was handed in" in odd["detail"]
    assert long_rows(out)[("s2", "bank-single")]["status"] == "right", "graded as it is"
    # A clock a few minutes out is not worth a row.
    hand_in(path, T0 - timedelta(minutes=3))
    rc, out = grade(tmp_path, set_file, bank, subs)
    assert problems(out, "times-disagree") == [] and rc == 0


@pytest.mark.parametrize("policy", ["drop", "accept"])
def test_a_fast_clock_does_not_make_a_file_handed_in_on_time_late(tmp_path, subs, policy):
    """A file handed in before the deadline holds no answer given after it, whatever
    time the student's clock wrote: those answers count, unflagged, and the odd times
    are reported."""
    set_file, bank, aset = make_set(tmp_path)
    write_submission(subs, aset, "s1", {"bank-single": "b"})
    path = write_submission(subs, aset, "s2", {"bank-single": "a", "t-classify": "micro"})
    write_submission(subs, aset, "s2", {"bank-single": "b"}, when=DEADLINE + timedelta(minutes=30))
    hand_in(path, DEADLINE - timedelta(minutes=10))  # the VLE's time: before the deadline
    rc, out = grade(tmp_path, set_file, bank, subs, "--late-policy", policy)
    row = long_rows(out)[("s2", "bank-single")]
    assert (row["answer"], row["late"], row["attempts"]) == ('"b"', "no", "2")
    assert problems(out, "late") == []
    [odd] = problems(out, "times-disagree")
    assert "count as on time" in odd["detail"]
    page = (out / "feedback" / "s2.html").read_text(encoding="utf-8")
    assert "after the deadline" not in page


def test_with_drop_a_file_handed_in_on_time_wins_over_a_late_one(tmp_path, subs):
    set_file, bank, aset = make_set(tmp_path)
    write_submission(subs, aset, "s0", {"bank-single": "a"})
    write_submission(subs, aset, "s1", {"bank-single": "b"}, name="first.json")
    later = write_submission(subs, aset, "s1", {"bank-single": "a"}, name="second.json")
    hand_in(later, AFTER)  # the newer answers, handed in late
    rc, out = grade(tmp_path, set_file, bank, subs)
    assert long_rows(out)[("s1", "bank-single")]["answer"] == '"b"'
    [dup] = problems(out, "duplicate")
    assert dup["file"] == "second.json" and "handed in after the deadline" in dup["detail"]


# Hand-in times in a zip -------------------------------------------------------------------


def test_a_zip_entrys_extended_timestamp_is_read_in_utc(tmp_path):
    set_file, bank, aset = make_set(tmp_path)
    archive = tmp_path / "class.zip"
    on_time = (2026, 12, 1, 9, 30, 0)
    with zipfile.ZipFile(archive, "w") as zf:
        zip_entry(zf, "week-3-s1.json", submission_bytes(tmp_path, aset, "s1"), on_time)
        # The DOS time says on time, the UTC field says that evening: UTC wins.
        late = ut_field(AFTER)
        zip_entry(zf, "week-3-s2.json", submission_bytes(tmp_path, aset, "s2"), on_time, late)
        ntfs = ntfs_field(DEADLINE - timedelta(minutes=5))
        zip_entry(zf, "week-3-s3.json", submission_bytes(tmp_path, aset, "s3"), on_time, ntfs)
    rc, out = grade(tmp_path, set_file, bank, archive)
    long = long_rows(out)
    assert long[("s2", "bank-single")]["handed_in"] == "2026-12-04T21:00:00+00:00"
    assert long[("s2", "bank-single")]["late"] == "dropped (file late)"
    assert long[("s3", "bank-single")]["handed_in"] == "2026-12-04T16:55:00+00:00"
    assert long[("s3", "bank-single")]["late"] == "no"
    [late] = problems(out, "late")
    assert "(file time: the zip entry's, in UTC)" in late["detail"]


def test_a_zip_entrys_dos_time_is_read_in_the_deadlines_offset(tmp_path, capsys):
    set_file, bank, aset = make_set(tmp_path)
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        # 16:30 and 17:30 on the day, in no time zone; the deadline is 17:00 at UTC+01:00.
        zip_entry(
            zf, "a/week-3-s1.json", submission_bytes(tmp_path, aset, "s1"), (2026, 12, 4, 16, 30, 0)
        )
        zip_entry(
            zf, "b/week-3-s2.json", submission_bytes(tmp_path, aset, "s2"), (2026, 12, 4, 17, 30, 0)
        )
    rc, out = grade(tmp_path, set_file, bank, archive, "--deadline", "2026-12-04T17:00:00+01:00")
    long = long_rows(out)
    # Read as UTC, 16:30 would be 17:30 at +01:00 and late; read at +01:00 it is on time.
    assert long[("s1", "bank-single")]["handed_in"] == "2026-12-04T16:30:00+01:00"
    assert long[("s1", "bank-single")]["late"] == "no"
    assert long[("s2", "bank-single")]["handed_in"] == "2026-12-04T17:30:00+01:00"
    assert long[("s2", "bank-single")]["late"] == "dropped (file late)"
    [late] = problems(out, "late")
    assert "DOS time, which has no time zone, read in the deadline's offset" in late["detail"]
    summary = capsys.readouterr().out
    assert "2 from the zip entry's DOS date and time, which has no time zone, read in the " \
        "deadline's offset, +01:00" in summary  # fmt: skip


def test_zip_times_fall_back_to_the_dos_time_when_the_extra_field_is_damaged():
    info = zipfile.ZipInfo("a.json", date_time=(2026, 12, 1, 9, 0, 0))
    info.extra = ut_field(AFTER)[:6]  # cut short
    assert zip_time(info) == (datetime(2026, 12, 1, 9, 0), "zip-dos")
    info.extra = struct.pack("<HHBi", 0x5455, 5, 1, 0)  # 1970: not believed
    assert zip_time(info) == (datetime(2026, 12, 1, 9, 0), "zip-dos")
    info.extra = struct.pack("<HHB", 0x5455, 1, 0)  # no modification time in it
    assert zip_time(info)[1] == "zip-dos"
    info.extra = b"\x01\x00\x04\x00abcd" + ut_field(AFTER)  # another field first
    assert zip_time(info) == (AFTER, "zip-ut")


# When the file times cannot be believed ------------------------------------------------------


def test_copy_times_are_not_used_and_reported_once(tmp_path, subs, capsys):
    set_file, bank, aset = make_set(tmp_path)
    for student in ("s1", "s2", "s3"):
        hand_in(write_submission(subs, aset, student, {"bank-single": "b"}), AFTER)
    rc, out = grade(tmp_path, set_file, bank, subs)
    long = long_rows(out)
    assert {long[(s, "bank-single")]["late"] for s in ("s1", "s2", "s3")} == {"no"}
    assert {long[(s, "bank-single")]["status"] for s in ("s1", "s2", "s3")} == {"right"}
    assert long[("s1", "bank-single")]["handed_in"] == "", "copy times are not shown as hand-ins"
    assert problems(out, "late") == [] and problems(out, "times-disagree") == []
    [copied] = problems(out, "copy-times")
    assert (
        copied["file"] == "" and "all 3 files were modified after the deadline" in copied["detail"]
    )
    assert "cp -p" in copied["detail"] and "zip downloaded from the VLE" in copied["detail"]
    summary = capsys.readouterr().out
    assert "File times not used: all 3 files" in summary and "1 copy-times" in summary


def test_one_late_file_alone_is_judged_by_its_time(tmp_path, subs):
    set_file, bank, aset = make_set(tmp_path)
    hand_in(write_submission(subs, aset, "s1", {"bank-single": "b"}), AFTER)
    rc, out = grade(tmp_path, set_file, bank, subs)
    assert problems(out, "copy-times") == []
    assert long_rows(out)[("s1", "bank-single")]["late"] == "dropped (file late)"


def test_ignore_file_times_turns_them_off(tmp_path, subs, capsys):
    set_file, bank, aset = make_set(tmp_path)
    a_class(subs, aset)
    rc, out = grade(tmp_path, set_file, bank, subs, "--ignore-file-times")
    long = long_rows(out)
    assert (long[("s2", "bank-single")]["status"], long[("s2", "bank-single")]["late"]) == (
        "right", "no",
    )  # fmt: skip
    assert long[("s2", "bank-single")]["handed_in"] == ""
    assert long[("s2", "bank-single")]["last_answer"] == "2026-12-01T09:01:00+00:00"
    assert problems(out) == [] and rc == 0
    assert "File times not used (--ignore-file-times)" in capsys.readouterr().out


def test_the_grader_judges_entries_given_to_it_directly(tmp_path):
    """The same judgement for a program that hands the grader entries itself."""
    _, _, aset = make_set(tmp_path)
    raw = submission_bytes(tmp_path, aset, "s1")
    grader = Grader(aset)
    grader.add(Entry("week-3-s1.json", raw, handed_in=AFTER, handed_in_from="mtime"))
    grader.add(Entry("week-3-s2.json", submission_bytes(tmp_path, aset, "s2")))  # no time known
    report = grader.report()
    assert report.kept["s1"].answers["bank-single"].late == "dropped (file late)"
    assert report.kept["s2"].answers["bank-single"].late == "no"
    again = grader.report()
    assert [p.problem for p in again.problems] == [p.problem for p in report.problems]


def test_a_single_file_copied_just_now_is_not_judged_by_its_copy_time(tmp_path, subs, capsys):
    """Regrading one student's file copied without keeping its time: the time is the
    copy's (after the deadline, minutes before grading), so it is not used."""
    set_file, bank, aset = make_set(tmp_path)
    write_submission(subs, aset, "s1", {"bank-single": "b"})
    hand_in(write_submission(subs, aset, "s2", {"bank-single": "b"}), datetime.now(UTC))
    rc, out = grade(tmp_path, set_file, bank, subs)
    row = long_rows(out)[("s2", "bank-single")]
    assert (row["status"], row["late"], row["handed_in"]) == ("right", "no", "")
    [copied] = problems(out, "copy-times")
    assert "1 file(s) were modified" in copied["detail"] and "week-3-s2.json" in copied["detail"]
    assert long_rows(out)[("s1", "bank-single")]["handed_in"], "the others' times are used"


def test_a_fast_clock_within_minutes_of_the_deadline_is_still_reported(tmp_path, subs):
    set_file, bank, aset = make_set(tmp_path)
    write_submission(subs, aset, "s1", {"bank-single": "b"})
    path = write_submission(
        subs, aset, "s2", {"bank-single": "b"}, when=DEADLINE + timedelta(minutes=2)
    )
    hand_in(path, DEADLINE - timedelta(minutes=1))
    rc, out = grade(tmp_path, set_file, bank, subs)
    assert long_rows(out)[("s2", "bank-single")]["late"] == "no"
    [odd] = problems(out, "times-disagree")
    assert "count as on time" in odd["detail"]


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_a_time_at_the_edge_of_the_calendar_does_not_stop_grading(tmp_path, subs, stamp):
    set_file, bank, aset = make_set(tmp_path)
    write_submission(subs, aset, "s1", {"bank-single": "b"})
    path = write_submission(subs, aset, "s2", {"bank-single": "b"})
    data = json.loads(path.read_text(encoding="utf-8"))
    data["responses"][0]["timestamp"] = stamp
    meta = {k: data[k] for k in ("set", "fingerprint", "student")}
    data["responses"][0]["chain"] = link("", meta, data["responses"][0])  # the public method
    path.write_text(json.dumps(data), encoding="utf-8")
    hand_in(path, T0)
    rc, out = grade(tmp_path, set_file, bank, subs)
    assert rc == 1 and (out / "gradebook.csv").is_file()
    assert {("s1", "right"), ("s2", "no answer")} <= {
        (r["student"], r["status"]) for r in rows(out / "grades-long.csv")
    }
    assert [p["student"] for p in problems(out, "bad-response")] == ["s2"]
