"""The item widget's Python side, with no front end: practice results for every
kind, assessed answers recorded with attempt numbers, and no key in an assessed
widget's state."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from coproduction.exercises import notebook
from coproduction.exercises.items import (
    AnswerError,
    ItemError,
    load_bank,
    load_items,
    self_check_ids,
)
from coproduction.exercises.kinds import shuffled
from coproduction.exercises.notebook import ReleaseError, assessed, read_release, validate_shape
from coproduction.exercises.responses import SubmissionError, read, submission_path
from coproduction.exercises.widget import ItemWidget, WidgetError, key_fields
from coproduction.resources import example

BANK = """
self_check: [w-single, w-ordering]
items:
  - id: w-single
    kind: single
    prompt: What is the aim of enhanced co-production?
    source: osborne-strokosch2013, Table 1
    options:
      - {id: a, text: User empowerment, correct: false, feedback: FB-SINGLE-A}
      - {id: b, text: User-led innovation, correct: true, feedback: FB-SINGLE-B}
  - id: w-multiple
    kind: multiple
    prompt: Which processes are intrinsic?
    source: strokosch-osborne2020, Understanding value
    options:
      - {id: a, text: Co-experience, correct: true, feedback: FB-MULTI-A}
      - {id: b, text: Co-construction, correct: true, feedback: FB-MULTI-B}
      - {id: c, text: Co-design, correct: false, feedback: FB-MULTI-C}
  - id: w-classify
    kind: classify
    scheme: modes
    prompt: A tenant helps redesign the repairs service. Which mode?
    source: osborne-strokosch2013, Table 1
    answer: enhanced
    feedback:
      consumer: FB-CLASSIFY-CONSUMER
      participative: FB-CLASSIFY-PARTICIPATIVE
      enhanced: FB-CLASSIFY-ENHANCED
  - id: w-matching
    kind: matching
    prompt: Match each process to its kind.
    source: strokosch-osborne2020, Table 1
    left:
      - {id: exp, text: Co-experience, feedback: FB-MATCH-EXP}
      - {id: des, text: Co-design, feedback: FB-MATCH-DES}
    right:
      - {id: p, text: Intrinsic, feedback: FB-MATCH-P}
      - {id: q, text: Extrinsic, feedback: FB-MATCH-Q}
      - {id: r, text: Neither, feedback: FB-MATCH-R}
    key: {exp: p, des: q}
  - id: w-ordering
    kind: ordering
    prompt: Put the phases in order.
    source: cluley-radnor2021, Figure 1
    steps:
      - {id: k, text: Plan, feedback: FB-ORDER-K}
      - {id: m, text: Build, feedback: FB-ORDER-M}
      - {id: x, text: Run, feedback: FB-ORDER-X}
  - id: w-numeric
    kind: numeric
    prompt: How many partners took part?
    source: cluley-radnor2021, Section 2
    answer: 17
    tolerance: 0
    unit: partners
    hints: [{value: 12, feedback: FB-NUM-HINT}]
    feedback: {right: FB-NUM-RIGHT, wrong: FB-NUM-WRONG}
  - id: w-short
    kind: short
    prompt: Explain co-destruction in two sentences.
    source: osborne-etal2018, Section 4
    max_words: 5
    model_answer: MODEL-ANSWER-TEXT
    rubric:
      - id: idea
        criterion: States the idea
        levels:
          - {points: 0, descriptor: DESC-NONE}
          - {points: 2, descriptor: DESC-CLEAR}
"""

# For each kind: a right, a partly right (where the kind has partial credit) and a
# wrong answer, with the verdict Item.check gives.
ANSWERS = {
    "w-single": [("b", "right"), ("a", "not right")],
    "w-multiple": [(["a", "b"], "right"), (["a"], "partly right"), (["c"], "not right")],
    "w-classify": [("enhanced", "right"), ("consumer", "not right")],
    "w-matching": [
        ({"exp": "p", "des": "q"}, "right"),
        ({"exp": "p", "des": "r"}, "partly right"),
        ({"exp": "q", "des": "p"}, "not right"),
    ],
    "w-ordering": [
        (["k", "m", "x"], "right"),
        (["k", "x", "m"], "partly right"),
        (["x", "m", "k"], "not right"),
    ],
    "w-numeric": [(17, "right"), (12, "not right"), (3.5, "not right")],
    "w-short": [("Value can be lost too.", "to be marked")],
}

# Valid answers that are the wrong shape or name ids the item does not have.
WRONG_SHAPES = {
    "w-single": ["z", ["b"], 1, None],
    "w-multiple": ["a", ["a", "z"], [1], None],
    "w-classify": ["somewhere", ["enhanced"], None],
    "w-matching": [["p"], {"exp": "z"}, {"nope": "p"}, {"exp": 1}, None],
    "w-ordering": [["k", "m"], ["k", "m", "x", "x"], ["k", "m", "z"], "kmx", None],
    "w-numeric": ["17", True, float("nan"), float("inf"), [17], None],
    "w-short": [17, ["text"], None],
}

WRONG_CASES = [(i, a) for i, bad in WRONG_SHAPES.items() for a in bad]
ANSWER_CASES = [(i, a) for i, cases in ANSWERS.items() for a, _ in cases]


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "chapter-w.yaml").write_text(BANK, encoding="utf-8")
    return folder


@pytest.fixture
def items(bank):
    return {it.id: it for it in load_items("chapter-w", bank)}


def _release(tmp_path: Path, bank_items, **changes) -> Path:
    data = {
        "format": "coproduction-release",
        "version": 1,
        "set": "week-3",
        "title": "Week 3 assessed questions",
        "fingerprint": "f" * 64,
        "deadline": "2026-12-04T17:00:00+00:00",
        "instructions": "Answer every question.",
        "items": [it.public() for it in bank_items.values()],
        **changes,
    }
    path = tmp_path / "release-week-3.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# Practice mode ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("item_id", "answer", "verdict"),
    [(i, a, v) for i, cases in ANSWERS.items() for a, v in cases],
)
def test_practice_result_is_the_items_own_check(items, item_id, answer, verdict):
    item = items[item_id]
    w = ItemWidget(item, number=3)
    assert w.result is None, "no result before the reader answers"
    w.answer = answer
    assert w.result == item.check(answer)
    assert w.result.verdict == verdict
    assert w.spec == item.practice() and w.mode == "practice" and w.number == 3


def test_practice_feedback_is_for_what_was_chosen(items):
    w = ItemWidget(items["w-numeric"])
    w.answer = 12
    assert w.result.feedback == ("FB-NUM-HINT", "FB-NUM-WRONG")
    w = ItemWidget(items["w-multiple"])
    w.answer = ["a"]
    assert w.result.score == 0.5
    assert w.result.feedback == ("FB-MULTI-A", "You left out 1 right option.")
    w.answer = ["a", "c"]  # a right tick cancelled by a wrong one: 0, and the page says why
    assert w.result.score == 0
    assert w.result.feedback == (
        "You ticked 1 right option and 1 wrong one; each wrong tick cancels a right one.",
        "FB-MULTI-A",
        "FB-MULTI-C",
        "You left out 1 right option.",
    )


def test_practice_result_refuses_a_wrong_shape(items):
    w = ItemWidget(items["w-ordering"])
    w.answer = ["k", "m"]
    with pytest.raises(AnswerError, match="each step once"):
        _ = w.result


def test_practice_needs_the_item_and_records_nothing(items):
    with pytest.raises(WidgetError, match="needs the Item"):
        ItemWidget(items["w-single"].practice())
    with pytest.raises(WidgetError, match="leave out recorder"):
        ItemWidget(items["w-single"], recorder=lambda i, a: 1)
    with pytest.raises(WidgetError, match="mode must be"):
        ItemWidget(items["w-single"], mode="exam")
    with pytest.raises(WidgetError, match="only an assessed widget"):
        ItemWidget(items["w-single"]).submit("b")


def test_every_bank_item_draws_and_its_key_is_right():
    for name, its in load_bank().items():
        for it in its:
            w = ItemWidget(it)
            w.answer = it.key() if it.auto else "An answer."
            assert w.result.verdict == ("right" if it.auto else "to be marked"), (name, it.id)


# Self-checks and exercise sets ----------------------------------------------------


def test_self_check_shows_the_listed_items_in_order(bank):
    box = notebook.self_check("chapter-w", bank)
    assert [w.spec["id"] for w in box.children] == ["w-single", "w-ordering"]
    assert [w.number for w in box.children] == [1, 2]
    assert all(w.mode == "practice" for w in box.children)


def test_self_check_without_a_list_shows_every_item(bank):
    path = bank / "chapter-w.yaml"
    path.write_text(BANK.replace("self_check: [w-single, w-ordering]\n", ""), encoding="utf-8")
    assert self_check_ids("chapter-w", bank) == list(ANSWERS)


@pytest.mark.parametrize(
    ("listed", "message"),
    [
        (
            "[w-single, w-nothing]",
            "self_check names 'w-nothing', which is not an item of this file",
        ),
        ("[w-single, w-single]", "self_check lists 'w-single' twice"),
    ],
)
def test_self_check_ids_must_be_items_of_the_file(bank, listed, message):
    path = bank / "chapter-w.yaml"
    path.write_text(BANK.replace("[w-single, w-ordering]", listed), encoding="utf-8")
    with pytest.raises(ItemError, match=message) as info:
        notebook.self_check("chapter-w", bank)
    assert "chapter-w.yaml, line 2" in str(info.value)


def test_exercise_set_numbers_every_item(bank):
    box = notebook.exercise_set("chapter-w", bank)
    assert [w.spec["id"] for w in box.children] == list(ANSWERS)
    assert [w.number for w in box.children] == list(range(1, len(ANSWERS) + 1))


# Assessed mode -----------------------------------------------------------------


def _questions(box):
    return {w.spec["id"]: w for w in box.children[1:]}


def test_assessed_records_each_submission_with_its_attempt(tmp_path, items):
    release = _release(tmp_path, items)
    box = assessed(release, student="s1234567", folder=tmp_path / "answers")
    qs = _questions(box)
    status = qs["w-single"].submit("a")
    assert re.fullmatch(r"Answer recorded \(attempt 1 at \d\d:\d\d UTC\)\.", status)
    assert qs["w-single"].submit("b").startswith("Answer recorded (attempt 2 at ")
    assert qs["w-short"].submit("Value can be lost too.").startswith("Answer recorded (attempt 1 ")
    data = read(submission_path(tmp_path / "answers", "week-3", "s1234567"))
    assert (data["set"], data["student"], data["fingerprint"]) == ("week-3", "s1234567", "f" * 64)
    got = [(r["item"], r["attempt"], r["answer"]) for r in data["responses"]]
    assert got == [
        ("w-single", 1, "a"),
        ("w-single", 2, "b"),
        ("w-short", 1, "Value can be lost too."),
    ]
    shown = re.search(r"at (\d\d:\d\d) UTC", status).group(1)
    stamp = datetime.fromisoformat(data["responses"][0]["timestamp"])
    assert stamp.strftime("%H:%M") == shown, "the status shows the time that was recorded"


def test_a_front_end_submission_is_recorded_with_the_answer_sent_with_it(tmp_path, items):
    """The front end sends answer, submitted and status in one message."""
    box = assessed(_release(tmp_path, items), student="s1", folder=tmp_path)
    w = _questions(box)["w-matching"]
    w.set_state({"submitted": 1, "status": "Saving your answer…", "answer": {"exp": "p"}})
    assert w.status.startswith("Answer recorded (attempt 1 ")
    (response,) = read(submission_path(tmp_path, "week-3", "s1"))["responses"]
    assert response["answer"] == {"exp": "p"}


@pytest.mark.parametrize(("item_id", "answer"), WRONG_CASES)
def test_assessed_records_nothing_for_a_wrong_shape(tmp_path, items, item_id, answer):
    box = assessed(_release(tmp_path, items), student="s1", folder=tmp_path)
    w = _questions(box)["w-single"]
    w.submit("b")
    path = submission_path(tmp_path, "week-3", "s1")
    before = path.read_bytes()
    status = _questions(box)[item_id].submit(answer)
    assert status.startswith(f"Not recorded: item {item_id}"), status
    assert path.read_bytes() == before


def test_assessed_reports_a_broken_submission_file_and_leaves_it(tmp_path, items):
    box = assessed(_release(tmp_path, items), student="s1", folder=tmp_path)
    path = submission_path(tmp_path, "week-3", "s1")
    path.write_text("{ not json", encoding="utf-8")
    status = _questions(box)["w-single"].submit("b")
    assert status.startswith("Not recorded: ") and "cannot be read as a submission" in status
    assert path.read_text(encoding="utf-8") == "{ not json"


def test_recorder_errors_become_the_status(items):
    def refuse(item_id, answer):
        raise SubmissionError("the file belongs to someone else")

    w = ItemWidget(items["w-single"], mode="assessed", recorder=refuse)
    assert w.submit("b") == "Not recorded: the file belongs to someone else"
    w = ItemWidget(items["w-single"], mode="assessed")
    assert w.submit("b").startswith("Not recorded: this question has nowhere to save answers")
    fixed = datetime(2026, 11, 23, 9, 5, tzinfo=timezone.utc)
    w = ItemWidget(items["w-single"], mode="assessed", recorder=lambda i, a: 4, clock=lambda: fixed)
    assert w.submit("b") == "Answer recorded (attempt 4 at 09:05 UTC)."


def test_no_key_or_feedback_in_an_assessed_widgets_state(tmp_path, items):
    box = assessed(_release(tmp_path, items), student="s1", folder=tmp_path)
    secrets = ["MODEL-ANSWER-TEXT", "DESC-NONE", "DESC-CLEAR"]
    for it in items.values():
        practice = it.practice()
        secrets += [o["feedback"] for o in practice.get("options", [])]
        secrets += [e["feedback"] for k in ("left", "right", "steps") for e in practice.get(k, [])]
        secrets += [h["feedback"] for h in practice.get("hints", [])]
        secrets += list(practice.get("feedback", {}).values()) if it.kind == "numeric" else []
    assert len(secrets) > 20
    qs = _questions(box)
    assert set(qs) == set(items)
    for iid, w in qs.items():
        assert w.spec == shuffled(items[iid].public(), "week-3:s1")
        state = w.get_state()
        text = json.dumps(state, ensure_ascii=False)
        leaked = [s for s in secrets if s in text]
        assert not leaked, (iid, leaked)
        data = {k: v for k, v in state.items() if k not in ("_esm", "_css", "answer")}
        assert key_fields(data) == [], iid
        assert '"correct"' not in json.dumps(data)
    spec = qs["w-matching"].spec
    assert "key" not in spec
    assert "answer" not in qs["w-numeric"].spec and "17" not in json.dumps(qs["w-numeric"].spec)
    with pytest.raises(WidgetError, match="no key"):
        _ = qs["w-single"].result


def test_an_assessed_widget_refuses_a_spec_with_the_key(items):
    with pytest.raises(WidgetError, match=r"must not carry the key.*options\[0\]\.correct"):
        ItemWidget(items["w-single"].practice(), mode="assessed")


def test_assessed_header_says_where_answers_go(tmp_path, items):
    box = assessed(_release(tmp_path, items), student="s1", folder=tmp_path)
    header = box.children[0].value
    assert "Week 3 assessed questions" in header and "Answer every question." in header
    assert "Friday 04 December 2026, 17:00 UTC" in header
    assert "week-3-s1.json" in header


def test_assessed_rejects_an_empty_student_id(tmp_path, items):
    release = _release(tmp_path, items)
    for student in ("", "   "):
        with pytest.raises(ValueError, match="student ID is empty"):
            assessed(release, student=student, folder=tmp_path)
    assert not list(tmp_path.glob("week-3-*.json"))


@pytest.mark.parametrize(("item_id", "answer"), ANSWER_CASES)
def test_validate_shape_accepts_every_answer_the_checker_accepts(items, item_id, answer):
    validate_shape(items[item_id].public(), answer)


@pytest.mark.parametrize(("item_id", "answer"), WRONG_CASES)
def test_validate_shape_refuses_what_the_checker_refuses(items, item_id, answer):
    with pytest.raises(AnswerError, match=f"item {item_id}"):
        validate_shape(items[item_id].public(), answer)
    with pytest.raises(AnswerError):
        items[item_id].check(answer)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{ nope", r"line 1: not valid JSON"),
        ('{"format": "coproduction-submission"}', "not a student release of this book"),
        ('{"format": "coproduction-release", "version": 9}', "version 9"),
    ],
)
def test_unreadable_releases_are_named(tmp_path, text, message):
    path = tmp_path / "release-week-3.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReleaseError, match=message) as info:
        read_release(path)
    assert "release-week-3.json" in str(info.value)


def test_release_problems_are_listed_together(tmp_path, items):
    public = [it.public() for it in items.values()]
    public[0] = items["w-single"].practice()  # the key slipped in
    public[1] = {"id": "w-multiple", "kind": "essay", "prompt": "?"}
    del public[3]["left"]
    path = _release(tmp_path, items, items=public, title="")
    with pytest.raises(ReleaseError) as info:
        read_release(path)
    message = str(info.value)
    assert "4 problem(s)" in message
    assert "field 'title'" in message
    assert "items[0] (id 'w-single'): holds options[0].correct" in message
    assert "items[1] (id 'w-multiple'): field 'kind' is 'essay'" in message
    assert "items[3] (id 'w-matching'): field 'left' missing" in message


def test_a_missing_release_says_what_to_give(tmp_path):
    with pytest.raises(ReleaseError, match="no such file"):
        assessed(tmp_path / "nowhere.json", student="s1")


def test_a_release_written_by_the_release_command_can_be_answered(tmp_path, root):
    """End to end: the example set released for students, answered, recorded."""
    from coproduction.exercises.release import FORMAT, VERSION, release
    from coproduction.exercises.sets import load_set

    example_set = example("example-set.yaml")
    json_path, _ = release(example_set, tmp_path / "release")
    answers = tmp_path / "answers"
    box = assessed(json_path, student="s7654321", folder=answers)
    the_set = load_set(example_set)
    seed = f"{the_set.id}:s7654321"
    assert [w.spec for w in box.children[1:]] == [
        shuffled(it.public(), seed) for it in the_set.items
    ]
    for w, it in zip(box.children[1:], the_set.items, strict=True):
        right = it.key() if it.auto else "An answer in my own words."
        assert w.submit(right).startswith("Answer recorded (attempt 1 "), w.status
    data = read(submission_path(answers, the_set.id, "s7654321"))
    assert data["fingerprint"] == the_set.fingerprint
    assert (notebook.RELEASE_FORMAT, notebook.RELEASE_VERSION) == (FORMAT, VERSION)
    assert [r["item"] for r in data["responses"]] == [it.id for it in the_set.items]


# Shuffled options and item notes ------------------------------------------------


def _option_order(box, item_id):
    return [o["id"] for o in _questions(box)[item_id].spec["options"]]


def test_each_student_sees_the_options_in_an_order_of_their_own_every_time(tmp_path):
    """Options are shuffled per student (seeded), the same each time the release runs, and
    the answers, which name option ids, are recorded and graded unchanged."""
    spec = {
        "id": "q-choice",
        "kind": "single",
        "prompt": "Which?",
        "points": 1,
        "options": [{"id": c, "text": f"Option {c}"} for c in "abcdef"],
    }
    orders = {s: [o["id"] for o in shuffled(spec, f"week-3:{s}")["options"]] for s in "pqrstu"}
    assert all(sorted(o) == list("abcdef") for o in orders.values())
    assert len({tuple(o) for o in orders.values()}) > 1, "students get different orders"
    assert orders["p"] == [o["id"] for o in shuffled(spec, "week-3:p")["options"]]
    # Kinds whose order carries meaning are left alone (a classify item's scheme order).
    ordered = {**spec, "kind": "classify"}
    assert shuffled(ordered, "week-3:p") == ordered


def test_the_assessed_notebook_shows_the_students_own_order(tmp_path, items):
    release = _release(tmp_path, items)
    first = assessed(release, student="s1", folder=tmp_path)
    again = assessed(release, student="s1", folder=tmp_path)
    assert _option_order(first, "w-single") == _option_order(again, "w-single")
    assert sorted(_option_order(first, "w-single")) == sorted(
        o.id for o in items["w-single"].options
    )
    # A right answer is still right whatever order it was shown in.
    qs = _questions(first)
    assert qs["w-single"].submit("a").startswith("Answer recorded")


def test_an_items_note_is_shown_after_answering_in_practice_and_in_the_lecturers_key():
    from coproduction.exercises.items import load_bank

    noted = [it for items in load_bank().values() for it in items if it.note]
    assert len(noted) >= 10
    it = noted[0]
    assert ItemWidget(it).spec["note"] == it.note
    public = it.public()
    assert "note" not in public and "note" not in ItemWidget(public, mode="assessed").spec
    chapter = next(name for name, items in load_bank().items() if it in items)
    key = str(notebook.answer_key(chapter, [it.id]))
    assert "Note:" in key and html.escape(it.note) in key
