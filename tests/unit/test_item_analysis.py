"""Item analysis: facility, discrimination, answers given, flags, and the files written."""

from __future__ import annotations

import csv
import math
import re
import statistics
from pathlib import Path

import pytest

from coproduction.exercises.cli import main
from coproduction.exercises.grading import Grader, Report, Submissions
from coproduction.exercises.grading import analysis as analysis_module
from coproduction.exercises.grading.analysis import MIN_STUDENTS, ItemStats, analyse
from coproduction.exercises.sets import load_set

from .grading_helpers import make_set, right_answer, write_submission

# Four single-choice questions of one point each. In every one, option a is keyed.
SMALL_SET = """
set: tiny
title: Tiny quiz
items:
{items}
"""
ITEM = """
  - id: q{n}
    kind: single
    prompt: {prompt}
    source: invented for the tests
    options:
      - {{id: a, text: "{a}", correct: true, feedback: Right.}}
      - {{id: b, text: "{b}", correct: false, feedback: Not right.}}
      - {{id: c, text: Third option, correct: false, feedback: Not right.}}
      - {{id: d, text: Fourth option, correct: false, feedback: Not right.}}
"""


def small_set(tmp_path: Path, n: int = 4, *, a: str = "First option", b: str = "Second option",
              prompt: str = "Which option?"):  # fmt: skip
    items = "".join(
        ITEM.format(
            n=k,
            a=a if k == 1 else "First option",
            b=b if k == 1 else "Second option",
            prompt=prompt if k == 1 else "Which option?",
        )  # fmt: skip
        for k in range(1, n + 1)
    )
    path = tmp_path / "tiny.yaml"
    path.write_text(SMALL_SET.format(items=items), encoding="utf-8")
    bank = tmp_path / "bank"
    bank.mkdir(exist_ok=True)
    return path, bank, load_set(path, bank)


def report_for(tmp_path: Path, aset, answers: dict[str, dict]) -> Report:
    """Grade submissions written with the test helpers (one per student)."""
    subs = tmp_path / "subs"
    subs.mkdir(exist_ok=True)
    for student, given in answers.items():
        write_submission(subs, aset, student, given)
    return Grader(aset).run(iter(Submissions(subs)), progress=False)


def stats(report: Report, item_id: str) -> ItemStats:
    an = analyse(report.set, report.kept)
    return next(s for s in an.items if s.item.id == item_id)


def part(s: ItemStats, pid: str):
    return next(p for p in s.parts if p.id == pid)


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


# Ten students. q2-q4 give rest scores 3,3,3,2,2,1,1,0,0,0 (no ties at the 27% cut: the
# top three and the bottom three are clear); q1 is right for s0,s1,s3,s4,s6,s8.
REST = {  # student: (q2, q3, q4) right?
    "s0": (1, 1, 1),
    "s1": (1, 1, 1),
    "s2": (1, 1, 1),
    "s3": (1, 1, 0),
    "s4": (1, 0, 1),
    "s5": (1, 0, 0),
    "s6": (0, 1, 0),
    "s7": (0, 0, 0),
    "s8": (0, 0, 0),
    "s9": (0, 0, 0),
}
Q1_RIGHT = {"s0", "s1", "s3", "s4", "s6", "s8"}
Q1_WRONG = {"s2": "b", "s5": "b", "s7": "c", "s9": "b"}  # nobody chooses d


def tiny_class() -> dict[str, dict]:
    out = {}
    for s, rest in REST.items():
        given = {"q1": "a" if s in Q1_RIGHT else Q1_WRONG[s]}
        given |= {f"q{k}": "a" if right else "b" for k, right in enumerate(rest, 2)}
        out[s] = given
    return out


def test_facility_and_discrimination_match_hand_computed_values(tmp_path):
    _, _, aset = small_set(tmp_path)
    s = stats(report_for(tmp_path, aset, tiny_class()), "q1")
    # By hand: x = 1,1,0,1,1,0,1,0,1,0; rest y = 3,3,3,2,2,1,1,0,0,0.
    # mean x 0.6, mean y 1.5, E[xy] 1.1: cov 0.2; var x 0.24, var y 3.7 - 2.25 = 1.45.
    assert s.facility == pytest.approx(0.6)
    assert s.discrimination == pytest.approx(0.2 / math.sqrt(0.24 * 1.45))  # 0.339
    # Groups of round(0.27 * 10) = 3: upper s0,s1,s2 (2 of 3 right), lower s7,s8,s9 (1 of 3).
    assert s.upper_lower == pytest.approx(2 / 3 - 1 / 3)
    assert (s.answered, s.not_answered, s.to_be_marked, s.not_computed) == (10, 0, 0, "")


def test_partial_credit_uses_pearson_against_the_rest_and_leaves_short_answers_out(tmp_path):
    set_file, bank, aset = make_set(tmp_path)
    key = aset.item("t-matching").key()
    others = [it for it in aset.items if it.id not in ("t-matching", "t-short")]
    answers = {}
    for k in range(12):
        # The matching item scores 0, 1/3, 2/3 or 1 (k % 4 pairs right); the student
        # answers the first k * 5 // 11 other questions (0 to 5), so the rest scores vary.
        given = {left: (v if i < k % 4 else "w") for i, (left, v) in enumerate(key.items())}
        answers[f"p{k:02d}"] = {
            "t-matching": given,
            "t-short": right_answer(aset.item("t-short")),
            **{it.id: right_answer(it) for it in others[: k * 5 // 11]},
        }
    report = report_for(tmp_path, aset, answers)
    # Mark the short answer for half the class: its facility is over those only.
    marked = {}
    for k, student in enumerate(sorted(report.kept)):
        a = report.kept[student].answers["t-short"]
        if a.answered and k % 2 == 0:
            a.marks, a.status = {"claim": 2.0, "evidence": float(k % 4)}, "marked"
            marked[student] = (2 + k % 4) / 5
    an = analyse(report.set, report.kept)
    by_id = {s.item.id: s for s in an.items}
    short = by_id["t-short"]
    waiting = sum(1 for g in report.kept.values() if g.answers["t-short"].status == "to be marked")
    assert short.to_be_marked == waiting == 6 and len(marked) == 6
    assert short.facility == pytest.approx(statistics.mean(marked.values()))
    assert an.left_out_of_rest == ("t-short",)
    # The matching item: Pearson between its score and the points on the others.
    xs, ys = [], []
    for student in sorted(report.kept):
        g = report.kept[student]
        xs.append(g.answers["t-matching"].score)
        ys.append(sum(g.answers[it.id].points for it in others))
    assert len(set(xs)) == 4 and len(set(ys)) > 3
    assert by_id["t-matching"].discrimination == pytest.approx(statistics.correlation(xs, ys))


def test_option_counts_come_with_their_text_and_key(tmp_path):
    _, _, aset = small_set(tmp_path, a="Enhanced co-production", b="Consumer co-production")
    s = stats(report_for(tmp_path, aset, tiny_class()), "q1")
    got = [(p.id, p.text, p.keyed, p.count) for p in s.parts]
    assert got == [
        ("a", "Enhanced co-production", True, 6),
        ("b", "Consumer co-production", False, 3),
        ("c", "Third option", False, 1),
        ("d", "Fourth option", False, 0),
    ]
    assert part(s, "b").share == pytest.approx(0.3)
    # b was chosen by s2 (upper group), s5 and s9 (s9 in the lower group).
    assert (part(s, "b").upper, part(s, "b").lower) == (pytest.approx(1 / 3), pytest.approx(1 / 3))
    assert part(s, "b").mean_rest == pytest.approx((3 + 1 + 0) / 3 / 3)


def test_multiple_choice_counts_each_ticked_option(tmp_path):
    _, _, aset = make_set(tmp_path)
    answers = {f"m{k}": {"t-multiple": ticks} for k, ticks in
               enumerate([["a", "b"], ["a"], ["a", "c"], [], ["b", "c"]])}  # fmt: skip
    s = stats(report_for(tmp_path, aset, answers), "t-multiple")
    assert {p.id: p.count for p in s.parts} == {"a": 3, "b": 2, "c": 2}
    assert {p.id: p.keyed for p in s.parts} == {"a": True, "b": True, "c": False}
    assert s.answered == 5  # an empty list is an answer


def test_a_miskeyed_item_is_flagged_negative_with_the_option_strong_students_chose(tmp_path):
    _, _, aset = small_set(tmp_path)
    answers = tiny_class()
    # q1 miskeyed in effect: the strong students choose b, the weak ones the keyed a.
    for s in answers:
        answers[s]["q1"] = "b" if s in ("s0", "s1", "s2", "s3", "s4") else "a"
    answers["s5"]["q1"] = "c"
    s = stats(report_for(tmp_path, aset, answers), "q1")
    assert s.discrimination is not None and s.discrimination < 0
    assert any(f.startswith("negative discrimination") for f in s.flags)
    assert part(s, "b").flag == "chosen more by stronger students"
    assert part(s, "a").flag == "chosen more by weaker students"
    assert "option b (Second option): chosen more by stronger students" in s.flags
    # The well-keyed questions are not flagged for it.
    assert not any("negative" in f for f in stats(report_for(tmp_path, aset, answers), "q2").flags)


def test_a_distractor_nobody_chose_is_flagged(tmp_path):
    _, _, aset = small_set(tmp_path)
    s = stats(report_for(tmp_path, aset, tiny_class()), "q1")
    assert part(s, "d").flag == "chosen by nobody"
    assert "option d (Fourth option): chosen by nobody" in s.flags
    assert part(s, "c").flag == ""  # chosen once: not flagged


def test_facility_flags_use_the_stated_thresholds(tmp_path):
    _, _, aset = small_set(tmp_path)
    answers = tiny_class()
    for s in answers:
        answers[s]["q2"] = "a"  # everyone right: facility 1
    report = report_for(tmp_path, aset, answers)
    q2 = stats(report, "q2")
    assert q2.facility == 1.0
    assert any(f.startswith("very easy") for f in q2.flags)
    assert q2.discrimination is None and q2.not_computed.startswith("no variation")


def test_too_few_students_gives_the_reason_and_still_writes_both_files(tmp_path):
    _, _, aset = small_set(tmp_path)
    answers = {s: g for s, g in tiny_class().items() if s in ("s0", "s5", "s9")}
    report = report_for(tmp_path, aset, answers)
    s = stats(report, "q1")
    assert s.discrimination is None and s.upper_lower is None
    assert (
        s.not_computed
        == f"too few students: 3 scored on this question, at least {MIN_STUDENTS} needed"
    )
    assert s.facility == pytest.approx(1 / 3)
    assert s.flags == ()  # not even "chosen by nobody" on three students
    out = tmp_path / "out"
    paths = report.write(out)
    first = rows(paths["item-analysis"])[0]
    assert first["discrimination"] == "" and first["not_computed"].startswith("too few students")
    html = paths["item-analysis-html"].read_text(encoding="utf-8")
    assert "Only 3 students were graded" in html and "No plot" in html
    assert "too few students" in html


def test_report_write_writes_the_files_and_the_command_names_them(tmp_path, capsys):
    set_file, bank, aset = make_set(tmp_path)
    subs = tmp_path / "subs"
    subs.mkdir()
    for k in range(12):
        given = {it.id: right_answer(it) for it in aset.items}
        if k % 3 == 0:
            given["bank-single"] = "a"
        write_submission(subs, aset, f"s{k:02d}", given)
    out = tmp_path / "out"
    rc = main(["grade", str(set_file), str(subs), "--out", str(out), "--bank", str(bank),
               "--no-progress"])  # fmt: skip
    said = capsys.readouterr().out
    assert rc == 0
    for name in ("item-analysis.csv", "item-options.csv", "item-analysis.html"):
        assert (out / name).is_file()
        assert name in said
    items = rows(out / "item-analysis.csv")
    assert [r["item"] for r in items] == [it.id for it in aset.items]
    single = items[0]
    assert (single["students"], single["answered"], single["facility"]) == ("12", "12", "0.667")
    assert rows(out / "item-analysis.csv")[-1]["to_be_marked"] == "12"
    options = [r for r in rows(out / "item-options.csv") if r["item"] == "bank-single"]
    assert [(r["option"], r["text"], r["keyed"], r["count"]) for r in options] == [
        ("a", "Consumer", "no", "4"),
        ("b", "Enhanced", "yes", "8"),
        ("c", "Participative", "no", "0"),
    ]


def test_the_page_has_the_plot_with_alt_text_and_nothing_from_outside(tmp_path):
    _, _, aset = small_set(tmp_path, b="<script>alert('x')</script>")
    paths = report_for(tmp_path, aset, tiny_class()).write(tmp_path / "out")
    html = paths["item-analysis-html"].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    svg = re.search(r'<svg role="img" aria-label="([^"]+)"', html)
    assert svg and "facility" in svg.group(1).lower() and "Q1 facility 0.60" in svg.group(1)
    # Every link or source stays inside the page.
    targets = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']*)', html)
    assert targets and all(t.startswith(("#", "data:")) for t in targets), targets
    assert "<script" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert '<th scope="col">Facility</th>' in html and "How to read this" in html


def test_csv_cells_are_neutralised(tmp_path):
    _, _, aset = small_set(tmp_path, b="=HYPERLINK(1)", prompt="=1+1 is it?")
    paths = report_for(tmp_path, aset, tiny_class()).write(tmp_path / "out")
    options = [r for r in rows(paths["item-options"]) if r["item"] == "q1"]
    assert options[1]["text"] == "'=HYPERLINK(1)"
    assert rows(paths["item-analysis"])[0]["prompt"] == "'=1+1 is it?"


def test_an_analysis_that_cannot_be_written_is_reported_and_the_rest_is_written(
    tmp_path, monkeypatch
):
    _, _, aset = small_set(tmp_path)

    def broken(an):
        raise RuntimeError("no plot today")

    report = report_for(tmp_path, aset, tiny_class())
    report.write(tmp_path / "out")
    assert (tmp_path / "out" / "item-analysis.csv").is_file()
    monkeypatch.setattr(analysis_module, "plot_svg", broken)
    paths = report.write(tmp_path / "out")
    assert "item-analysis-html" not in paths and paths["gradebook"].is_file()
    # The earlier run's analysis is not left behind to be read as this one's.
    assert not list((tmp_path / "out").glob("item-*"))
    problems = rows(paths["problems"])
    assert [(p["file"], p["problem"]) for p in problems] == [("item-analysis.html", "not-written")]
    assert "RuntimeError" in problems[0]["detail"]


def test_other_kinds_count_values_pairs_positions_and_levels(tmp_path):
    _, _, aset = make_set(tmp_path)
    values = [17.25, 17.27, 20, 20, 20, 16, 16, 1, 2, 3, 4, 5]  # 17.27 is within 0.05
    answers = {f"n{k:02d}": {"t-numeric": v} for k, v in enumerate(values)}
    answers["n00"] |= {
        "t-matching": {"consumer": "w", "participative": "s", "enhanced": "u"},
        "t-ordering": ["k", "m", "t", "p"],
    }
    report = report_for(tmp_path, aset, answers)
    # n00 alone answered the short answer, and a marker gave evidence 2 (between levels).
    a = report.kept["n00"].answers["t-short"]
    a.answer, a.answered, a.marks, a.status = "x", True, {"claim": 2.0, "evidence": 2.0}, "marked"
    an = {s.item.id: s for s in analyse(report.set, report.kept).items}

    numeric = [(p.id, p.text, p.keyed, p.count) for p in an["t-numeric"].parts]
    assert numeric == [
        ("17.25", "17.25 hours (\u00b10.05)", True, 2),
        ("20", "20 hours", False, 3),
        ("16", "16 hours", False, 2),
        ("1", "1 hours", False, 1),
        ("2", "2 hours", False, 1),
        ("3", "3 hours", False, 1),
        ("other", "any other value", False, 2),
    ]
    matching = {p.id: (p.keyed, p.count) for p in an["t-matching"].parts}
    assert matching == {
        "consumer=r": (True, 0),
        "consumer=w": (False, 1),
        "participative=s": (True, 1),
        "enhanced=u": (True, 1),
    }
    assert part(an["t-matching"], "consumer=w").text == (
        "Consumer co-production \u2192 User satisfaction"
    )
    ordering = {p.id: (p.keyed, p.count) for p in an["t-ordering"].parts}
    assert ordering == {
        "m@1": (True, 0),
        "m@2": (False, 1),
        "k@1": (False, 1),
        "k@2": (True, 0),
        "t@3": (True, 1),
        "p@4": (True, 1),
    }
    short = {p.id: (p.keyed, p.count) for p in an["t-short"].parts}
    # The rubric's levels, and the mark between levels, from marked answers only.
    assert short == {
        "claim=0": (False, 0),
        "claim=2": (True, 1),
        "evidence=0": (False, 0),
        "evidence=1": (False, 0),
        "evidence=2": (False, 1),
        "evidence=3": (True, 0),
    }
    assert "(between levels)" in part(an["t-short"], "evidence=2").text
    assert an["t-short"].facility is not None  # one answer marked
