"""The hostile set: careless and hostile inputs for every reader, and a runner for one.

:func:`build` writes every input into a folder and returns :class:`Case` records:
the reader, the input's path, the words the user must see, and words they must not
(a linked file's secret text, a traceback). :func:`run` reads one input as the
package does and returns what the user sees; ``python hostile.py READER PATH`` runs
it in a process of its own and prints that text, then the time and peak memory, so
a test can run it under a memory limit and a timeout (``tests/unit/test_hostile.py``)
and ``benchmarks/bench_hostile.py`` can measure it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

SECRET = "SECRET-OUTSIDE-TEXT"
BOMB = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)
)


@dataclass(frozen=True)
class Case:
    reader: str  # case, frameworks, comparison, bank, set, submissions, zip, marks, roster
    name: str
    path: Path
    expect: str  # words the user must see
    never: str = ""  # words the user must never see


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _cases(root: Path) -> list[Case]:
    from coproduction.cases.loader import data_dir

    src = data_dir() / "ipoa"
    (root / "outside.yaml").write_text(f"factors:\n  - id: x\n    name: {SECRET}\n")
    out: list[Case] = []

    def case(name: str, expect: str, never: str = "") -> Path:
        d = root / "case" / name / "ipoa"  # the folder name must be the case id
        shutil.copytree(src, d)
        out.append(Case("case", name, d, expect, never))
        return d

    values = "values.yaml"
    d = case("alias-bomb", "anchors (&name) and aliases")
    (d / values).write_text(BOMB + (d / values).read_text())
    d = case("merge-key", "merge key (<<:)")
    (d / values).write_text("a: &b {x: 1}\nc:\n  <<: *b\n  x: 2\n" + (d / values).read_text())
    d = case("deep-nesting", "nested more than")
    (d / values).write_text("x: " + "[" * 500 + "]" * 500 + "\n" + (d / values).read_text())
    d = case("over-size", "KB limit")
    (d / values).write_text((d / values).read_text() + "# " + "x" * (1 << 21) + "\n")
    d = case("too-many-values", "more than 100,000 values")
    (d / values).write_text("x: [" + "1," * 150_000 + "1]\n")
    d = case("link-outside", "outside the folder", never=SECRET)
    (d / "factors.yaml").unlink()
    (d / "factors.yaml").symlink_to(root / "outside.yaml")
    d = case("dangling-link", "dangling link")
    (d / "factors.yaml").unlink()
    (d / "factors.yaml").symlink_to(root / "nowhere.yaml")
    d = case("id-path", "is not a valid id")
    _edit(d / "actors.yaml", "id: ccgs", "id: ../x")
    d = case("id-space", "is not a valid id")
    _edit(d / "actors.yaml", "id: ccgs", "id: two words")
    d = case("impossible-date", "expected a year")
    _edit(d / "case.yaml", "date: 2010", "date: 2018-02-30")
    d = case("number-as-text", "expected a whole number")
    _edit(d / "actors.yaml", "count: 3", "count: three")
    d = case("windows-1252", "not UTF-8")
    (d / "case.yaml").write_bytes((d / "case.yaml").read_bytes().replace(b"Review", b"R\xe9view"))
    d = case("yml-suffix", "rename values.yml to values.yaml")
    (d / values).rename(d / "values.yml")
    d = case("number-key", "keys must be text")
    (d / values).write_text((d / values).read_text() + "2024: yes\n")
    d = case("nan", ".nan (not a number")
    _edit(d / "case.yaml", "value: 8", "value: .nan")
    d = case("inf", "-.inf (not a number")
    _edit(d / "case.yaml", "value: 8", "value: -.inf")
    d = case("nul-bytes", "NUL (zero) byte")
    (d / values).write_bytes(b"\0" * 1000)
    d = case("utf-16", "UTF-16")
    (d / values).write_bytes((d / values).read_text().encode("utf-16"))
    d = case("duplicate-key", "appears twice")
    (d / values).write_text((d / values).read_text() + "value_views: []\n")
    d = case("top-level-list", "expected a mapping")
    (d / values).write_text("- a\n- b\n")
    d = case("fifo", "not a regular file")
    (d / values).unlink()
    os.mkfifo(d / values)
    d = case("crlf-and-bom", "valid")
    raw = (d / "case.yaml").read_bytes().replace(b"\n", b"\r\n")
    (d / "case.yaml").write_bytes(b"\xef\xbb\xbf" + raw)

    fw = root / "frameworks" / "frameworks"
    shutil.copytree(data_dir() / "frameworks", fw)
    (fw / "modes.yaml").write_text(BOMB + (fw / "modes.yaml").read_text())
    out.append(Case("frameworks", "alias-bomb", fw, "anchors (&name) and aliases"))
    comp = root / "comparison" / "comparison.yaml"
    comp.parent.mkdir()
    comp.write_text(BOMB + (data_dir() / "comparison.yaml").read_text())
    out.append(Case("comparison", "alias-bomb", comp, "anchors (&name) and aliases"))
    return out


_ITEM = """items:
  - id: q1
    kind: single
    prompt: Which?
    source: book
    options:
      - {id: a, text: A, correct: true, feedback: Yes.}
      - {id: b, text: B, correct: false, feedback: No.}
"""

_BAD_YAML = {
    "alias-bomb": (BOMB + _ITEM, "anchors (&name) and aliases"),
    "merge-key": ("x: &b {a: 1}\ny:\n  <<: *b\n" + _ITEM, "merge key (<<:)"),
    "deep-nesting": ("x: " + "[" * 200 + "]" * 200 + "\n" + _ITEM, "nested more than"),
    "number-key": (_ITEM + "2024: yes\n", "keys must be text"),
    "nan": (_ITEM.replace("prompt: Which?", "prompt: Which?\n    points: .nan"), ".nan"),
    "nul-bytes": ("\0" * 100, "NUL (zero) byte"),
    "windows-1252": (_ITEM.replace("Which?", "Caf\udce9?"), "not UTF-8"),
}


def _banks_and_sets(root: Path) -> list[Case]:
    out: list[Case] = []
    for name, (text, expect) in _BAD_YAML.items():
        data = text.encode("utf-8", "surrogateescape")
        bank = root / "bank" / name
        bank.mkdir(parents=True)
        (bank / "chapter-90.yaml").write_bytes(data)
        out.append(Case("bank", name, bank / "chapter-90.yaml", expect))
        s = root / "set" / name / "week-3.yaml"
        s.parent.mkdir(parents=True)
        head = b"set: week-3\ntitle: Week 3\n"
        s.write_bytes(data if name == "nul-bytes" else head + data)
        out.append(Case("set", name, s, expect))
    return out


def _submissions(root: Path) -> list[Case]:
    from grading_helpers import T0, hand_in, make_set, write_submission

    (root / "the-set").mkdir()
    (root / "one").mkdir()
    _, _, aset = make_set(root / "the-set")
    out: list[Case] = []

    def folder(name: str, expect: str) -> Path:
        d = root / "submissions" / name
        d.mkdir(parents=True)
        write_submission(d, aset, "s-good")  # the rest of the class is always graded
        out.append(Case("submissions", name, d, expect))
        return d

    good = json.loads(write_submission(root / "one", aset, "s-x").read_text())
    text = json.dumps(good)
    folder("deep-100000", "nested more than 64").joinpath("week-3-a.json").write_text(
        "[" * 100_000 + "]" * 100_000
    )
    folder("nan", "holds NaN").joinpath("week-3-a.json").write_text(
        text.replace('"version": 1', '"version": NaN')
    )
    folder("infinity", "holds Infinity").joinpath("week-3-a.json").write_text(
        text.replace('"version": 1', '"version": Infinity')
    )
    folder("duplicate-key", "twice in one object").joinpath("week-3-a.json").write_text(
        text.replace('"version": 1', '"version": 1, "version": 1')
    )
    folder("utf-16", "UTF-16").joinpath("week-3-a.json").write_bytes(text.encode("utf-16"))
    folder("utf-16-no-bom", "UTF-16").joinpath("week-3-a.json").write_bytes(
        text.encode("utf-16-le")
    )
    folder("nul-bytes", "NUL (zero) bytes").joinpath("week-3-a.json").write_bytes(b"\0" * 500)
    folder("truncated", "truncated").joinpath("week-3-a.json").write_text(text[:-40])
    with open(folder("over-size", "read limit") / "week-3-a.json", "wb") as f:
        f.truncate(6 * 1024 * 1024)
    folder("symlink", "links are not followed").joinpath("week-3-a.json").symlink_to(
        root / "outside.yaml"
    )
    os.mkfifo(folder("fifo", "not a regular file") / "week-3-a.json")
    for name, sid in {
        "cjk-150": "学" * 150,
        "path-characters": "../../etc/passwd",
        "windows-reserved": "CON",
        "control-characters": "a\x00\x1b[31mb\u202e",
    }.items():
        write_submission(folder(name, "2 student(s) graded"), aset, sid)
    d = folder("case-clash", "'Ann.html', 'ann-2.html'")
    write_submission(d, aset, "Ann", name="week-3-Ann.json")
    write_submission(d, aset, "ann", name="week-3-ann2.json")
    (d / "week-3-bom.json").write_bytes(b"\xef\xbb\xbf" + text.encode())
    hand_in(d / "week-3-bom.json", T0)  # handed in on time, so graded as normal
    out[-1] = Case("submissions", "case-clash-and-bom", d, "4 student(s) graded")
    return out


def _zips(root: Path) -> list[Case]:
    from grading_helpers import make_set, write_submission

    (root / "the-zip-set").mkdir()
    (root / "zip-one").mkdir()
    _, _, aset = make_set(root / "the-zip-set")
    good = write_submission(root / "zip-one", aset, "s-good").read_bytes()
    out: list[Case] = []

    def zipped(name: str, expect: str) -> zipfile.ZipFile:
        path = root / "zips" / f"{name}.zip"
        path.parent.mkdir(exist_ok=True)
        out.append(Case("zip", name, path, expect))
        zf = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
        zf.writestr("week-3-s-good.json", good)
        return zf

    with zipped("bomb-1gb", "read limit") as zf, zf.open("week-3-bomb.json", "w") as f:
        chunk = b" " * (1 << 20)
        for _ in range(1024):
            f.write(chunk)
    with zipped("symlink-entry", "symbolic link") as zf:
        info = zipfile.ZipInfo("week-3-link.json")
        info.external_attr = (0o120777 << 16) | 0
        zf.writestr(info, "/etc/passwd")
    with zipped("absolute-path", "absolute path or '..'") as zf:
        zf.writestr("/tmp/week-3-x.json", good)
    with zipped("dot-dot", "absolute path or '..'") as zf:
        zf.writestr("../../week-3-x.json", good)
    with zipped("too-many-entries", "more than the 20,000 entries") as zf:
        for i in range(20_001):
            zf.writestr(f"e{i}.txt", b"")
    return out


def _sparse(path: Path) -> None:
    """A 21 MB file that takes no disk space."""
    with open(path, "wb") as f:
        f.truncate(21 * 1024 * 1024)


def _csvs(root: Path) -> list[Case]:
    out: list[Case] = []
    marks = root / "marks"
    for name, setup, expect in (
        ("over-size", _sparse, "MB limit"),
        ("fifo", os.mkfifo, "not a regular file"),
        ("nul-bytes", lambda p: p.write_bytes(b"\0" * 100), "no 'student' column"),
        (
            "not-numbers",
            lambda p: p.write_text(
                "student,answer,claim (0-2),evidence (0-3),comment\ns-a,x,lots,1,\n"
            ),
            "not a graded student",
        ),
    ):
        d = marks / name
        d.mkdir(parents=True)
        setup(d / "t-short.csv")
        out.append(Case("marks", name, d, expect))
    roster = root / "roster"
    roster.mkdir()
    for name, setup, expect in (
        ("over-size", _sparse, "MB limit"),
        ("fifo", os.mkfifo, "not a regular file"),
        ("nul-bytes", lambda p: p.write_bytes(b"\0" * 100), "no 'student_id' column"),
        ("duplicate-ids", lambda p: p.write_text("student_id\na\nA\n"), "repeats row 2"),
        ("windows-1252", lambda p: p.write_bytes(b"student_id,name\na,Ren\xe9\n"), "1 student"),
    ):
        setup(roster / f"{name}.csv")
        out.append(Case("roster", name, roster / f"{name}.csv", expect))
    return out


def build(root: Path) -> list[Case]:
    """Write the whole hostile set into ``root``."""
    return [*_cases(root), *_banks_and_sets(root), *_submissions(root), *_zips(root), *_csvs(root)]


def run(reader: str, path: Path) -> str:
    """Read one input as the package does; what the user sees."""
    from coproduction.datafile import DataFileError
    from coproduction.exercises.grading import GradeError, read_roster

    try:
        if reader == "case":
            from coproduction.cases import load_case

            return f"{load_case(path).id}: valid"
        if reader == "frameworks":
            from coproduction.cases import load_frameworks

            load_frameworks(path)
        elif reader == "comparison":
            from coproduction.cases.comparison import load_comparison

            load_comparison(path)
        elif reader == "bank":
            from coproduction.exercises.items import load_items

            load_items(path.stem, path.parent)
        elif reader == "set":
            from coproduction.exercises.sets import load_set

            load_set(path)
        elif reader in ("submissions", "zip", "marks"):
            return _grade(reader, path)
        elif reader == "roster":
            return f"{len(read_roster(path))} student(s)"
        return "valid"
    except (DataFileError, GradeError) as err:
        return str(err)


def _grade(reader: str, path: Path) -> str:
    import tempfile

    from grading_helpers import make_set

    from coproduction.exercises.grading import Grader, Submissions

    with tempfile.TemporaryDirectory() as tmp:
        _, _, aset = make_set(Path(tmp))
        if reader == "marks":
            report = Grader(aset).report()
            report.apply_marks(path)
        else:
            report = Grader(aset).run(iter(Submissions(path)), progress=False)
        report.write(Path(tmp) / "out")
        pages = sorted(p.name for p in (Path(tmp) / "out" / "feedback").glob("*.html"))
        details = "\n".join(f"{p.problem}: {p.detail}" for p in report.problems)
        return f"{report.summary()}\n{details}\npages: {pages}"


def main() -> None:
    import resource
    import time

    reader, path = sys.argv[1], Path(sys.argv[2])
    start = time.perf_counter()
    text = run(reader, path)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(text)
    print(f"HOSTILE-STATS seconds={seconds:.3f} peak_mb={peak:.1f}")


if __name__ == "__main__":
    main()
