"""The exercises command line: help, exit codes, check, generate, release and gradebook layouts."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coproduction.cases import data_dir, load_case
from coproduction.exercises.cli import main
from coproduction.exercises.generate import case_items
from coproduction.exercises.grading import LONG_COLUMNS, PROBLEM_COLUMNS, PROBLEMS
from coproduction.exercises.items import load_items
from coproduction.resources import example

from .grading_helpers import BANK_FILE, make_set, write_submission

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "command", [[], ["check"], ["generate"], ["release"], ["grade"], ["marking-pack"]]
)
def test_help_of_every_subcommand(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: coproduction-exercises")
    assert "Exit status" in out or command


def test_version_and_python_dash_m(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert re.match(r"coproduction-exercises \S+", capsys.readouterr().out)
    run = subprocess.run(
        [sys.executable, "-m", "coproduction.exercises", "grade", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0 and "--late-policy" in run.stdout


def test_console_script_is_declared():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[project.scripts]", 1)[1].split("\n[", 1)[0]
    assert 'coproduction-exercises = "coproduction.exercises.cli:main"' in section


def test_usage_errors_exit_2(tmp_path, capsys):
    set_file, bank, _ = make_set(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main([])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["grade", str(set_file), str(tmp_path), "--out", "x", "--gradebook", "excel"])
    assert exit_.value.code == 2
    assert main(["grade", str(tmp_path / "nope.yaml"), str(tmp_path), "--out", "x"]) == 2
    assert "no such file" in capsys.readouterr().err
    out = str(tmp_path / "out")
    args = ["grade", str(set_file), str(tmp_path / "none"), "--out", out, "--bank", str(bank)]
    assert main(args) == 2
    assert "no such folder or zip file" in capsys.readouterr().err
    args = ["grade", str(set_file), str(tmp_path), "--out", out, "--bank", str(bank)]
    assert main([*args, "--deadline", "friday"]) == 2
    assert "--deadline" in capsys.readouterr().err
    assert main(["release", str(set_file), "--out", out]) == 2, "include: needs its bank"
    assert "chapter-90" in capsys.readouterr().err


@pytest.mark.usefixtures("schema_backend")
def test_check_reports_bank_and_set_problems_with_exit_1(tmp_path, capsys):
    set_file, bank, _ = make_set(tmp_path)
    assert main(["check", "--bank", str(bank), "--set", str(set_file)]) == 0
    out = capsys.readouterr().out
    assert "bank: 1 files valid (1 items)" in out, "checking a set: the bank in one line"
    assert "week-3: valid (7 items" in out
    assert main(["check", "--bank", str(bank)]) == 0
    assert "chapter-90.yaml: valid (1 items: 1 single)" in capsys.readouterr().out
    (bank / "chapter-91.yaml").write_text(BANK_FILE.replace("correct: true", "correct: false"))
    assert main(["check", "--bank", str(bank)]) == 1
    out = capsys.readouterr().out
    assert "chapter-91.yaml, line " in out and "exactly one right option" in out
    assert "is also in chapter-90.yaml" not in out


@pytest.mark.usefixtures("schema_backend")
def test_check_reports_shape_and_meaning_problems_in_one_run_once_each(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "set: bad\ntitle: Bad\nitems:\n"
        "  - id: q1\n    kind: single\n    prompt: What?\n    options:\n"  # no source
        "      - {id: a, text: A, correct: true, feedback: x}\n"
        "      - {id: b, text: B, correct: true, feedback: y}\n",
        encoding="utf-8",
    )
    assert main(["check", "--set", str(bad)]) == 1
    out = capsys.readouterr().out
    assert out.count("missing field 'source'") == 1, "each problem once"
    assert "exactly one right option, has 2" in out, "the cross-check in the same run"


@pytest.mark.usefixtures("schema_backend")
def test_check_of_the_book_bank_and_example_set():
    example_set = example("example-set.yaml")
    assert main(["check", "--set", str(example_set)]) == 0


def test_generate_writes_numeric_items_that_load_back(tmp_path, capsys):
    target = tmp_path / "bank" / "ipoa-numeric.yaml"
    assert main(["generate", "--case", "ipoa", "--out", str(target)]) == 0
    items = load_items("ipoa-numeric", tmp_path / "bank")
    expected = case_items(load_case("ipoa"))
    assert [it.id for it in items] == [it.id for it in expected]
    assert [it.answer for it in items] == [it.answer for it in expected]
    assert all(it.compute and it.compute["case"] == "ipoa" for it in items)
    assert "compute:" in target.read_text(encoding="utf-8")
    # A case given as a folder, written to standard output.
    folder = data_dir() / "scottish-social-security"
    assert main(["generate", "--case", str(folder), "--prefix", "ssc"]) == 0
    text = capsys.readouterr().out
    assert "- id: ssc-goal-tensions" in text and "case: scottish-social-security" in text
    assert main(["generate", "--case", str(tmp_path / "no-case")]) == 2


def test_generate_with_a_case_folder_from_another_folder(tmp_path, capsys, monkeypatch):
    """A lecturer's case given by path loads back from wherever the bank is; a case that
    does not load is reported once, not once per item."""
    case = tmp_path / "cases" / "my-case"
    shutil.copytree(data_dir() / "ipoa", case)
    text = (case / "case.yaml").read_text(encoding="utf-8")
    (case / "case.yaml").write_text(text.replace("id: ipoa", "id: my-case", 1), encoding="utf-8")
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["generate", "--case", "../cases/my-case", "--out", "banks/mine.yaml"]) == 0
    assert "case: ../../cases/my-case" in (elsewhere / "banks" / "mine.yaml").read_text()
    monkeypatch.chdir(tmp_path)
    items = load_items("mine", elsewhere / "banks")
    assert items and all(it.cases == ("my-case",) for it in items)
    capsys.readouterr()
    (case / "actors.yaml").write_text("actors: [\n", encoding="utf-8")
    again = elsewhere / "banks-again"  # a bank not read yet (bank files are cached)
    again.mkdir()
    shutil.copy(elsewhere / "banks" / "mine.yaml", again)
    assert main(["check", "--bank", str(again)]) == 1
    out = capsys.readouterr().out
    assert out.count("is not valid YAML") == 1, out
    assert "(the problem given for items[0] above)" in out


def test_release_command_writes_the_student_files(tmp_path, capsys):
    set_file, bank, _ = make_set(tmp_path)
    out = tmp_path / "release"
    assert main(["release", str(set_file), "--out", str(out), "--bank", str(bank)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["week-3.ipynb", "week-3.json"]
    assert "keep" in capsys.readouterr().out


ROSTER = (
    "student_id,name,email,username,sis_id,section\n"
    "s1,Ada Lovelace,ada@example.org,alovelace,900001,Seminar A\n"
    's2,"Turing, Alan",alan@example.org,aturing,,Seminar B\n'
)
ITEMS = [
    "bank-single",
    "t-multiple",
    "t-classify",
    "t-matching",
    "t-ordering",
    "t-numeric",
    "t-short",
]


@pytest.mark.parametrize(
    ("flavour", "identity", "items", "tail", "first_row"),
    [
        (
            "generic",
            ["student_id", "name", "email", "username", "sis_id", "section"],
            ITEMS,
            ["auto_marked", "awaiting_marking", "total", "percent"],
            ["s1", "Ada Lovelace", "ada@example.org", "alovelace", "900001", "Seminar A"],
        ),
        (
            "moodle",
            ["First name", "Last name", "ID number", "Username", "Email address"],
            [f"Week 3 quiz: {i}" for i in ITEMS],
            [f"Week 3 quiz: {c}" for c in ("auto_marked", "awaiting_marking", "total", "percent")],
            ["Ada", "Lovelace", "900001", "alovelace", "ada@example.org"],
        ),
        (
            "canvas",
            ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"],
            [f"Week 3 quiz: {i}" for i in ITEMS],
            [f"Week 3 quiz: {c}" for c in ("auto_marked", "awaiting_marking", "total", "percent")],
            ["Ada Lovelace", "", "900001", "alovelace", "Seminar A"],
        ),
        (
            "blackboard",
            ["Last Name", "First Name", "Username"],
            [f"Week 3 quiz: {i} [Total Pts: {5 if i == 't-short' else 1} Score]" for i in ITEMS],
            [
                "Week 3 quiz: auto_marked [Total Pts: 6 Score]",
                "Week 3 quiz: awaiting_marking [Total Pts: 5 Score]",
                "Week 3 quiz: total [Total Pts: 11 Score]",
                "Week 3 quiz: percent [Total Pts: 100 Score]",
            ],
            ["Lovelace", "Ada", "alovelace"],
        ),
    ],
)
def test_gradebook_flavours_have_the_documented_headers(
    tmp_path, flavour, identity, items, tail, first_row
):
    set_file, bank, aset = make_set(tmp_path)
    subs = tmp_path / "subs"
    subs.mkdir()
    write_submission(subs, aset, "s1")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "out"
    args = ["grade", str(set_file), str(subs), "--out", str(out), "--bank", str(bank)]
    main([*args, "--roster", str(roster), "--gradebook", flavour, "--no-progress"])
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    assert table[0] == [*identity, *items, *tail]
    body = table[1:]
    if flavour == "canvas":
        assert body[0] == ["Points Possible", "", "", "", "", *["1"] * 6, "5", "6", "5", "11",
                           "100"]  # fmt: skip
        body = body[1:]
    assert body[0][: len(identity)] == first_row
    unmarked = {"moodle": "-"}.get(flavour, "")
    # 6 points auto-marked, 5 awaiting a marker: no total or percent yet (never 6 of 11).
    assert body[0][-4:] == ["6", "5", unmarked, unmarked]
    assert body[0][-5] == unmarked, "the short answer waits for a marker: no grade, not 0"
    if flavour == "generic":
        assert body[1][-4:] == ["", "", "", ""], "s2 handed nothing in"
    else:
        assert len(body) == 1, "s2 handed nothing in: left out, so the VLE keeps their grade"
        guide = (out / "gradebook-import.txt").read_text(encoding="utf-8")
        assert "s2" in guide and "leaves their grades as they are" in guide


def test_grading_page_documents_every_column_and_problem():
    page = (ROOT / "back" / "grading.md").read_text(encoding="utf-8")
    for name in (*LONG_COLUMNS, *PROBLEM_COLUMNS, *PROBLEMS):
        assert f"`{name}`" in page, name
    for header in ("Points Possible", "SIS User ID", "[Total Pts:", "ID number", "Email address",
                   "gradebook-import.txt", "`-`"):  # fmt: skip
        assert header in page, header
