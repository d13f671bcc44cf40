"""Property-based tests: random and mutated files end in a result or a clear error
(the reader's own error type, naming the file), never a traceback. One test per
reader: case folder, bank, set, marks sheet, roster, submission. The hostile set
(``test_hostile.py``) bounds time and memory; these look for crashes.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduction.cases import CaseDataError, load_case
from coproduction.cases.loader import data_dir
from coproduction.exercises.grading import GradeError, Grader, Submissions, read_roster
from coproduction.exercises.items import ItemError, load_items
from coproduction.exercises.sets import load_set

from .grading_helpers import BANK_FILE, SET_FILE, make_set, write_submission

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that break YAML, JSON and CSV in interesting ways.
NASTY = st.sampled_from(
    [
        b"&a ",
        b"*a",
        b"<<: ",
        b"[",
        b"{",
        b"]",
        b"\x00",
        b"\xff",
        b"\xe9",
        b"\r\n",
        b"\t",
        b": ",
        b"- ",
        b"'",
        b'"',
        b"\\",
        b".nan",
        b"2024: ",
        b"~",
        b"!!python/object ",
        b"\xef\xbb\xbf",
        b",",
        b";",
        b"NaN",
        b"1e999",
        b"\n",
    ]
)


# Whole lines a careless or hostile author writes, inserted at the start of a line.
LINES = st.sampled_from(
    [
        b"2024: yes",
        b"x: .nan",
        b"x: -.inf",
        b"x: " + b"[" * 300 + b"]" * 300,
        b"a: &a [1, 2]",
        b"b: *a",
        b"<<: {x: 1}",
        b"[1, 2]: x",
        b"x: !!python/object:os.system {}",
        b"x: 1",
        b"{",
    ]
)


@st.composite
def mutated(draw: st.DrawFn, text: bytes) -> bytes:
    """``text`` with perhaps a hostile first line, and up to six cuts, insertions and
    duplications."""
    data = bytearray(text)
    if draw(st.booleans()):  # a whole hostile line at the top, where it parses
        data[0:0] = draw(LINES) + b"\n"
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "line", "delete", "duplicate", "random"]))
        if op == "line":
            starts = [0, *(i + 1 for i, b in enumerate(data) if b == 10)]
            at = draw(st.sampled_from(starts))
            data[at:at] = draw(LINES) + b"\n"
        elif op == "insert":
            data[at:at] = draw(NASTY)
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "duplicate":
            data[at:at] = data[max(0, at - 60) : at]
        else:
            data[at:at] = draw(st.binary(max_size=20))
    return bytes(data)


IPOA = data_dir() / "ipoa"
VALUES = (IPOA / "values.yaml").read_bytes()
FACTORS = (IPOA / "factors.yaml").read_bytes()


@SETTINGS
@given(name=st.sampled_from(["values.yaml", "factors.yaml"]), data=st.data())
def test_case_folder(name: str, data: st.DataObject) -> None:
    raw = data.draw(mutated(VALUES if name == "values.yaml" else FACTORS))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ipoa"
        shutil.copytree(IPOA, folder)
        (folder / name).write_bytes(raw)
        try:
            load_case(folder)
        except CaseDataError as err:
            assert err.problems and "ipoa" in str(err)


@SETTINGS
@given(data=st.data())
def test_bank(data: st.DataObject) -> None:
    raw = data.draw(mutated(BANK_FILE.encode()))
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "chapter-90.yaml").write_bytes(raw)
        try:
            load_items("chapter-90", Path(tmp))
        except ItemError as err:
            assert err.problems and "chapter-90" in str(err)


@SETTINGS
@given(data=st.data())
def test_set(data: st.DataObject) -> None:
    raw = data.draw(mutated(SET_FILE.encode()))
    with tempfile.TemporaryDirectory() as tmp:
        make_set(Path(tmp))
        target = Path(tmp) / "private" / "week-3.yaml"
        target.write_bytes(raw)
        try:
            load_set(target, Path(tmp) / "bank")
        except ItemError as err:
            assert err.problems and "week-3" in str(err)


SHEET = b"student,answer,claim (0-2),evidence (0-3),comment\r\ns-a,An answer,1,2,Good\r\n"


@SETTINGS
@given(data=st.data())
def test_marks_sheet(data: st.DataObject) -> None:
    raw = data.draw(mutated(SHEET))
    with tempfile.TemporaryDirectory() as tmp:
        _, _, aset = make_set(Path(tmp))
        subs = Path(tmp) / "subs"
        subs.mkdir()
        write_submission(subs, aset, "s-a")
        report = Grader(aset).run(iter(Submissions(subs)), progress=False)
        marks = Path(tmp) / "marks"
        marks.mkdir()
        (marks / "t-short.csv").write_bytes(raw)
        report.apply_marks(marks)
        report.write(Path(tmp) / "out")
        assert (Path(tmp) / "out" / "problems.csv").is_file()


ROSTER = b'student_id,name,email\r\ns-a,Ann Lee,ann@example.org\r\ns-b,"Bo, Kim",\r\n'


@SETTINGS
@given(data=st.data())
def test_roster(data: st.DataObject) -> None:
    raw = data.draw(mutated(ROSTER))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster.csv"
        path.write_bytes(raw)
        try:
            roster = read_roster(path)
        except GradeError as err:
            assert "roster" in str(err)
        else:
            assert roster and all(isinstance(k, str) and k for k in roster)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), student=st.text(min_size=1, max_size=200))
def test_submission(data: st.DataObject, student: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _, _, aset = make_set(Path(tmp))
        subs = Path(tmp) / "subs"
        subs.mkdir()
        good = write_submission(subs, aset, "s-good")
        bad = subs / "week-3-bad.json"
        bad.write_bytes(data.draw(mutated(good.read_bytes().replace(b"s-good", b"s-bad"))))
        if student.strip():
            # An id no file system takes is the notebook's problem, not the grader's.
            with contextlib.suppress(OSError, ValueError):
                write_submission(subs, aset, student)
        report = Grader(aset).run(iter(Submissions(subs)), progress=False)
        report.write(Path(tmp) / "out")
        pages = {p.name for p in (Path(tmp) / "out" / "feedback").glob("*.html")}
        assert "s-good.html" in pages
        assert len(pages) == len(report.kept)  # every graded student has a page
