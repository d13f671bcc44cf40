"""The markers' sheets, guides and pack: the rubric reaches markers, and no other key does."""

from __future__ import annotations

import csv
import dataclasses
import html
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from coproduction.exercises.cli import main
from coproduction.exercises.grading.guides import PACK
from coproduction.exercises.kinds import ShortItem, number_text

from .grading_helpers import (
    SHEET_HEADER,
    SHORT_ANSWER,
    class_setup,
    grade,
    write_submission,
)

HOSTILE = "Line one <script>alert('x')</script> & more\n\nA second paragraph </blockquote>"
NOTE = "Accept any tension the paper reports, not only the one in the model answer."


@pytest.fixture
def setup(tmp_path):
    return class_setup(tmp_path)


def edit_set(set_file: Path, bank: Path, *changes: tuple[str, str]):
    """Rewrite the set file with ``(old, new)`` text changes; return the loaded set."""
    from coproduction.exercises.sets import load_set

    text = set_file.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    set_file.write_text(text, encoding="utf-8")
    return load_set(set_file, bank)


def table(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def totals(out: Path) -> dict[str, str]:
    """Each student's points so far: the total once all is marked, else the auto-marked."""
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as f:
        return {r["student_id"]: r["total"] or r["auto_marked"] for r in csv.DictReader(f)}


def fill(sheet: Path, target: Path, marks: dict[str, list[str]]) -> None:
    """Copy ``sheet`` to ``target`` with marks put in the criteria columns, found by header."""
    rows = table(sheet)
    crit = [j for j, h in enumerate(rows[0]) if h not in ("student", "answer", "words", "comment")]
    for row in rows[1:]:
        for j, mark in zip(crit, marks.get(row[0], []), strict=False):
            row[j] = mark
    target.parent.mkdir(exist_ok=True)
    with open(target, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)


def short_item(aset) -> ShortItem:
    return next(it for it in aset.items if isinstance(it, ShortItem))


def a_class(aset, subs: Path) -> None:
    """s1 answers everything right, s2 gives a hostile short answer over the word limit,
    '=x<b>' has an id a spreadsheet or browser would run, s4 skips the short answer."""
    write_submission(subs, aset, "s1")
    write_submission(subs, aset, "s2", {"t-short": HOSTILE + " word" * 120, "t-numeric": 20})
    write_submission(subs, aset, "=x<b>", {"t-short": "Short.", "bank-single": "a"})
    write_submission(subs, aset, "s4", {"bank-single": "b", "t-matching": {"consumer": "r"}})


# The sheet --------------------------------------------------------------------------------


def test_the_sheet_headers_carry_each_criterions_levels_and_a_word_count(tmp_path, setup):
    set_file, bank, aset, subs = setup
    a_class(aset, subs)
    _, out = grade(tmp_path, set_file, bank, subs)
    rows = table(out / "short-answers" / "t-short.csv")
    assert rows[0] == SHEET_HEADER
    assert not any(c in "".join(rows[0]) for c in ",;\t"), "row 1 keeps the separator clear"
    by_student = {r[0]: r for r in rows[1:]}
    assert list(by_student) == ["'=x<b>", "s1", "s2"], "sorted; s4 gave no short answer"
    assert by_student["s1"][2] == str(len(SHORT_ANSWER.split()))
    assert by_student["s2"][2] == str(len(HOSTILE.split()) + 120)


def test_marks_in_the_new_sheet_are_read_back(tmp_path, setup):
    set_file, bank, aset, subs = setup
    a_class(aset, subs)
    _, out = grade(tmp_path, set_file, bank, subs)
    before = totals(out)
    marks = tmp_path / "marks"
    fill(
        out / "short-answers" / "t-short.csv",
        marks / "t-short.csv",
        {"s1": ["2", "3"], "s2": ["0", "1.5"]},
    )
    (marks / "t-short.html").write_text("<p>the guide, returned with the sheet</p>")
    rc, out = grade(tmp_path, set_file, bank, subs, "--marks", str(marks))
    after = totals(out)
    assert float(after["s1"]) == float(before["s1"]) + 5
    assert float(after["s2"]) == float(before["s2"]) + 1.5
    assert after["'=x<b>"] == before["'=x<b>"], "a row left empty stays to be marked"
    with open(out / "problems.csv", encoding="utf-8", newline="") as f:
        kinds = {r["problem"] for r in csv.DictReader(f)}
    assert kinds == {"to-be-marked"}, "the guide beside the sheets is not a problem"
    again = {r[0]: r for r in table(out / "short-answers" / "t-short.csv")}
    assert again["s2"][3:5] == ["0", "1.5"], "the new sheet keeps the marks"


@pytest.mark.parametrize(
    "header",
    [
        "student,answer,claim (0-2),evidence (0-3),comment",  # the sheets written before
        "student,answer,claim,evidence,comment",  # a sheet typed by hand
        "Student,Comment,EVIDENCE (0-3),Claim (0-2: levels 0 / 2),answer",  # reordered
    ],
)
def test_older_and_hand_made_headers_are_still_read(tmp_path, setup, header):
    set_file, bank, aset, subs = setup
    write_submission(subs, aset, "s1")
    _, out = grade(tmp_path, set_file, bank, subs)
    before = float(totals(out)["s1"])
    heads = [h.strip().split(" ")[0].casefold() for h in header.split(",")]
    values = {"student": "s1", "answer": "x", "claim": "2", "evidence": "1", "comment": "ok"}
    marks = tmp_path / "marks"
    marks.mkdir()
    (marks / "t-short.csv").write_text(
        header + "\n" + ",".join(values[h] for h in heads) + "\n", encoding="utf-8"
    )
    _, out = grade(tmp_path, set_file, bank, subs, "--marks", str(marks))
    assert float(totals(out)["s1"]) == before + 3


def test_a_criterion_called_words_is_not_confused_with_the_word_count(tmp_path, setup):
    set_file, bank, _, subs = setup
    aset = edit_set(set_file, bank, ("- id: evidence", "- id: words"))
    write_submission(subs, aset, "s1")
    _, out = grade(tmp_path, set_file, bank, subs)
    sheet = out / "short-answers" / "t-short.csv"
    heads = ["words", "claim (0-2: levels 0 / 2)", "words (0-3: levels 0 / 1 / 3)"]
    assert table(sheet)[0][2:5] == heads
    before = float(totals(out)["s1"])
    fill(sheet, tmp_path / "marks" / "t-short.csv", {"s1": ["0", "3"]})
    _, out = grade(tmp_path, set_file, bank, subs, "--marks", str(tmp_path / "marks"))
    assert float(totals(out)["s1"]) == before + 3, "the 3 came from the criterion's column"


# The guide --------------------------------------------------------------------------------


def guide_of(out: Path, item_id: str = "t-short") -> str:
    return (out / "short-answers" / f"{item_id}.html").read_text(encoding="utf-8")


def blockquotes(page: str) -> list[str]:
    return [html.unescape(b) for b in re.findall(r"<blockquote>(.*?)</blockquote>", page, re.S)]


def test_the_guide_holds_the_question_the_whole_rubric_and_the_model_answer(tmp_path, setup):
    set_file, bank, _, subs = setup
    aset = edit_set(
        set_file, bank, ("    max_words: 100\n", f"    max_words: 100\n    note: {NOTE}\n")
    )
    a_class(aset, subs)
    _, out = grade(tmp_path, set_file, bank, subs)
    page = guide_of(out)
    item = short_item(aset)
    text = html.unescape(page)
    assert item.prompt in blockquotes(page)[0], "the question as students saw it"
    assert "at most 100 words" in text
    for c in item.rubric:
        assert c.criterion in text
        for points, descriptor in c.levels:
            row = f'<th scope="row">{number_text(points)}</th><td>{html.escape(descriptor)}</td>'
            assert row in page
    assert item.model_answer in blockquotes(page)
    assert NOTE in text and item.source in text
    assert "0 is a mark" in text and "1.5" in text, "how to fill in the sheet"


def test_the_guide_lists_every_answer_escaped_in_the_order_of_the_sheet(tmp_path, setup):
    set_file, bank, aset, subs = setup
    a_class(aset, subs)
    _, out = grade(tmp_path, set_file, bank, subs)
    page = guide_of(out)
    assert "<script" not in page and "<b>" not in page, "nothing a student wrote is markup"
    heads = [html.unescape(h) for h in re.findall(r'<h3 id="a\d+">(.*?)</h3>', page)]
    assert heads == ["Answer 1 of 3: =x<b>", "Answer 2 of 3: s1", "Answer 3 of 3: s2"]
    sheet = table(out / "short-answers" / "t-short.csv")
    assert [h.split(": ", 1)[1] for h in heads] == [r[0].lstrip("'") for r in sheet[1:]]
    answers = blockquotes(page)[-3:]
    assert answers[1] == SHORT_ANSWER
    assert answers[2] == HOSTILE + " word" * 120, "the whole answer, with its line breaks"
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    words = len(answers[2].split())
    assert f"Sheet row 4. {words} words. Over the limit of 100 words." in text
    assert "Sheet row 3. 10 words." in text and "Sheet row 2. 1 word." in text


class Outline(HTMLParser):
    """Headings, table headers and outside references of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.th: list[dict[str, str | None]] = []
        self.tables = self.captions = 0
        self.outside: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        self.th += [a] if tag == "th" else []
        self.tables += tag == "table"
        self.captions += tag == "caption"
        for key in ("src", "href", "action", "srcset"):
            value = a.get(key)
            if value is not None and not value.startswith("#"):
                self.outside.append(f"{tag} {key}={value}")
        if tag in ("script", "link", "img", "iframe", "object", "embed"):
            self.outside.append(tag)


@pytest.mark.parametrize("graded", [True, False])
def test_the_guide_is_accessible_printable_and_self_contained(tmp_path, setup, graded):
    set_file, bank, aset, subs = setup
    if graded:
        a_class(aset, subs)
        _, out = grade(tmp_path, set_file, bank, subs)
    else:
        out = tmp_path / "brief"
        assert main(["marking-pack", str(set_file), "--out", str(out), "--bank", str(bank)]) == 0
    page = guide_of(out)
    o = Outline()
    o.feed(page)
    assert o.lang == "en"
    assert o.headings[0] == 1 and o.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(o.headings, o.headings[1:], strict=False)), o.headings
    assert o.th and all(t.get("scope") in ("col", "row") for t in o.th)
    assert o.tables == o.captions == len(short_item(aset).rubric)
    assert o.outside == [], "no request leaves the page"
    assert "url(" not in page and "@import" not in page
    assert "@media print" in page
    assert ("Answers to mark" in page) is graded


# The pack ---------------------------------------------------------------------------------


def pack_texts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8-sig") for n in z.namelist()}


def key_strings(value: Any) -> set[str]:
    """Every text and fractional number held by an item (its prompt, options, feedback,
    answers, ids), as they could be written; not its kind or the name of its scheme of
    categories ('levels'), which are words any text may use."""
    out: set[str] = set()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in ("kind", "scheme"):
                out |= key_strings(getattr(value, f.name))
    elif isinstance(value, str):
        out.add(value)
    elif isinstance(value, float) and not value.is_integer():
        out.add(number_text(value))
    elif isinstance(value, dict):
        for k, v in value.items():
            out |= key_strings(k) | key_strings(v)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            out |= key_strings(v)
    return out


def test_the_pack_holds_the_sheets_guides_and_readme_and_no_other_key(tmp_path, setup):
    set_file, bank, aset, subs = setup
    a_class(aset, subs)
    _, out = grade(tmp_path, set_file, bank, subs)
    pack = out / PACK
    texts = pack_texts(pack)
    assert sorted(texts) == [
        "README.txt",
        "short-answers/t-short.csv",
        "short-answers/t-short.html",
    ]
    with zipfile.ZipFile(pack) as z:
        assert (
            z.read("short-answers/t-short.csv") == (out / "short-answers/t-short.csv").read_bytes()
        )
        assert (
            z.read("short-answers/t-short.html")
            == (out / "short-answers/t-short.html").read_bytes()
        )
    everything = "\n".join(texts.values())
    plain = html.unescape(everything)
    item = short_item(aset)
    assert item.model_answer in plain, "the pack holds its own item's model answer"
    others = [it for it in aset.items if it is not item]
    keys = {s for it in others for s in key_strings(it) if len(s) >= 4 and not s.isdigit()}
    assert {"17.25", "It transforms the service.", "Count the sessions."} <= keys, "scanned"
    leaked = sorted(k for k in keys if k in everything or k in plain)
    assert leaked == [], f"other items' texts, answers or feedback are in the pack: {leaked}"
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as f:
        book = list(csv.DictReader(f))
    scores = {r[k] for r in book for k in ("auto_marked", "total", "percent") if len(r[k]) >= 4}
    assert scores, "there are scores to look for"
    assert [s for s in scores if s in everything] == [], "no student's total or percentage"
    for forbidden in (
        "total",
        "percent",
        "gradebook",
        "grades-long",
        "problems.csv",
        "fingerprint",
        "correct",
        "right",
        "model_answer",
        "rubric:",
    ):
        assert forbidden not in everything.casefold(), forbidden


def test_the_pack_is_the_same_bytes_each_time_with_fixed_times(tmp_path, setup):
    set_file, bank, aset, subs = setup
    a_class(aset, subs)
    _, one = grade(tmp_path, set_file, bank, subs, out="one")
    _, two = grade(tmp_path, set_file, bank, subs, out="two")
    assert (one / PACK).read_bytes() == (two / PACK).read_bytes()
    with zipfile.ZipFile(one / PACK) as z:
        infos = z.infolist()
    assert {i.date_time for i in infos} == {(2000, 1, 1, 0, 0, 0)}
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    for i in infos:
        assert not i.filename.startswith("/") and ".." not in i.filename.split("/")


def test_an_item_id_windows_reserves_gets_a_safe_name_that_is_read_back(tmp_path, setup):
    set_file, bank, _, subs = setup
    aset = edit_set(set_file, bank, ("- id: t-short", "- id: con"))
    write_submission(subs, aset, "s1", {"con": SHORT_ANSWER})
    _, out = grade(tmp_path, set_file, bank, subs)
    names = ["README.txt", "short-answers/_con.csv", "short-answers/_con.html"]
    assert sorted(pack_texts(out / PACK)) == names
    assert not (out / "short-answers" / "con.csv").exists()
    fill(out / "short-answers" / "_con.csv", tmp_path / "marks" / "_con.csv", {"s1": ["2", "3"]})
    _, out = grade(tmp_path, set_file, bank, subs, "--marks", str(tmp_path / "marks"))
    assert totals(out)["s1"] == "5"


def test_a_set_without_short_answers_has_no_pack(tmp_path, setup, capsys):
    set_file, bank, _, subs = setup
    text = set_file.read_text(encoding="utf-8")
    set_file.write_text(text[: text.index("  - id: t-short")], encoding="utf-8")
    from coproduction.exercises.sets import load_set

    aset = load_set(set_file, bank)
    write_submission(subs, aset, "s1")
    rc, out = grade(tmp_path, set_file, bank, subs)
    assert rc == 0
    assert not (out / PACK).exists() and list((out / "short-answers").iterdir()) == []
    assert "markers" not in capsys.readouterr().out
    brief = tmp_path / "brief"
    rc = main(["marking-pack", str(set_file), "--out", str(brief), "--bank", str(bank)])
    assert rc == 1
    assert "no short-answer questions" in capsys.readouterr().err
    assert not brief.exists(), "nothing written"


# Before grading ---------------------------------------------------------------------------


def test_marking_pack_briefs_markers_before_grading(tmp_path, setup, capsys):
    set_file, bank, aset, subs = setup
    brief = tmp_path / "brief"
    rc = main(["marking-pack", str(set_file), "--out", str(brief), "--bank", str(bank)])
    assert rc == 0 and str(brief / PACK) in capsys.readouterr().out
    texts = pack_texts(brief / PACK)
    assert sorted(texts) == ["README.txt", "short-answers/t-short.html"], "no sheet yet"
    guide = texts["short-answers/t-short.html"]
    assert guide == guide_of(brief)
    assert short_item(aset).model_answer in html.unescape(guide)
    readme = texts["README.txt"]
    assert "come once the answers are graded" in readme
    assert "Returning the sheets" not in readme, "no sheets to fill in or return yet"
    # A results folder, whose guides list the answers, is never overwritten by a briefing.
    a_class(aset, subs)
    _, out = grade(tmp_path, set_file, bank, subs)
    graded_guide = guide_of(out)
    rc = main(["marking-pack", str(set_file), "--out", str(out), "--bank", str(bank)])
    assert rc == 2 and "holds marks sheets" in capsys.readouterr().err
    assert guide_of(out) == graded_guide


def test_the_grading_page_documents_the_sheet_the_guide_and_the_pack():
    page = (Path(__file__).resolve().parents[2] / "back" / "grading.md").read_text("utf-8")
    for text in (
        "`words`",
        "`<criterion-id> (0-N: levels a / b / c)`",
        "`short-answers/<item-id>.html`",
        "`markers-pack.zip`",
        "coproduction-exercises marking-pack",
        "0 is a mark",
    ):
        assert text in page, text
