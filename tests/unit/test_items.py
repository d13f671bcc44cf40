"""The item bank: each kind's scoring and partial credit, its feedback, the student
view that carries no key, and clear reports for malformed bank files."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduction.exercises.items import (
    AnswerError,
    ItemError,
    MatchingItem,
    OrderingItem,
    load_bank,
    load_items,
)
from coproduction.exercises.schema import KINDS

BANK = """
items:
  - id: pick-one
    kind: single
    prompt: What is the aim of enhanced co-production?
    source: osborne-strokosch2013, Table 1
    options:
      - {id: a, text: User empowerment, correct: false, feedback: That is consumer co-production.}
      - {id: b, text: User-led innovation, correct: true, feedback: Yes - it transforms it.}
  - id: pick-some
    kind: multiple
    prompt: Which processes are intrinsic in PSL?
    source: strokosch-osborne2020, Understanding value
    options:
      - {id: a, text: Co-experience, correct: true, feedback: Intrinsic - it happens in use.}
      - {id: b, text: Co-construction, correct: true, feedback: Intrinsic - in the user's life.}
      - {id: c, text: Co-design, correct: false, feedback: Extrinsic - it needs active agency.}
  - id: sort-panels
    kind: classify
    scheme: matrix
    prompt: Experience panels help to design a new agency. Which cell?
    source: osborne-etal2018, Figure 3.1
    answer: co-design-and-co-innovation
    extra_categories: [{id: none, label: None of the four cells}]
    feedback:
      co-production: Involuntary and individual - not this.
      co-construction: Involuntary - panel members chose to take part.
      co-management: Voluntary but about one's own service.
      co-design-and-co-innovation: Voluntary and about the service system.
      none: It fits a cell - voluntary and about the system.
  - id: pair-up
    kind: matching
    prompt: Match each mode to its aim.
    source: osborne-strokosch2013, Table 1
    left:
      - {id: consumer, text: Consumer co-production, feedback: It works at the operational level.}
      - {id: participative, text: Participative co-production, feedback: It works in planning.}
      - {id: enhanced, text: Enhanced co-production, feedback: It combines both levels.}
    right:
      - {id: x, text: User empowerment, feedback: Empowerment is the consumer mode's aim.}
      - {id: y, text: Improved quality of planning, feedback: Planning is participative.}
      - {id: z, text: User-led innovation, feedback: Innovation needs both levels.}
      - {id: w, text: Lower cost, feedback: No mode is defined by its cost.}
    key: {consumer: x, participative: y, enhanced: z}
  - id: put-in-order
    kind: ordering
    prompt: Put the IPoA's phases in order.
    source: cluley-radnor2021, Findings
    steps:
      - {id: p, text: Planning., feedback: First came the plan.}
      - {id: q, text: Consultation, feedback: Then the consultation.}
      - {id: r, text: Gateway review, feedback: Then the review.}
      - {id: s, text: Service in use, feedback: Last comes the service in use.}
  - id: count-it
    kind: numeric
    prompt: How many partners?
    source: cluley-radnor2021, Methods
    answer: 8
    tolerance: 0
    hints: [{value: 9, feedback: Nine is the sum of the partner types the paper lists.}]
    feedback: {right: Eight as the paper says., wrong: The paper names eight partners.}
  - id: write-it
    kind: short
    prompt: Why does the IPoA fit no cell?
    source: cluley-radnor2021, Discussion
    max_words: 20
    model_answer: Because its value arose in an assemblage, not between a provider and a user.
    rubric:
      - id: dyad
        criterion: Names the dyad as the 2x2's assumption
        levels: [{points: 0, descriptor: Not mentioned}, {points: 2, descriptor: Clearly stated}]
      - id: case
        criterion: Uses the case
        levels:
          - {points: 0, descriptor: No case detail}
          - {points: 1, descriptor: Some detail}
          - {points: 3, descriptor: Precise and cited detail}
"""


@pytest.fixture
def items(tmp_path):
    (tmp_path / "chapter-x.yaml").write_text(BANK, encoding="utf-8")
    return {it.id: it for it in load_items("chapter-x", tmp_path)}


def test_single_choice_is_all_or_nothing_with_feedback_on_the_choice(items):
    it = items["pick-one"]
    r = it.check("a")
    assert (r.score, r.verdict, r.feedback) == (
        0,
        "not right",
        ("That is consumer co-production.",),
    )
    assert it.check("b").score == 1 and it.check("b").verdict == "right"


def test_multiple_choice_gives_partial_credit_and_says_what_was_left_out(items):
    it = items["pick-some"]
    assert it.check(["a", "b"]).score == 1
    half = it.check(["a"])
    assert half.score == 0.5 and half.verdict == "partly right"
    assert "left out 1 right option" in half.feedback[-1]
    assert it.check(["a", "c"]).score == 0, "a wrong pick cancels a right one"
    assert it.check([]).score == 0
    assert it.check(["a", "a", "b"]).score == 1, "a repeated pick counts once"


def test_classify_draws_its_categories_from_the_frameworks(items):
    it = items["sort-panels"]
    ids = [c for c, _ in it.categories]
    assert ids == [
        "co-production",
        "co-construction",
        "co-management",
        "co-design-and-co-innovation",
        "none",
    ]
    assert it.check("co-design-and-co-innovation").score == 1
    r = it.check("co-management")
    assert r.score == 0 and r.feedback == ("Voluntary but about one's own service.",)
    with pytest.raises(AnswerError, match="unknown category 'co-creation'"):
        it.check("co-creation")


def test_matching_credits_each_right_pair_and_explains_a_wrong_one(items):
    it = items["pair-up"]
    assert it.check(it.key()).score == 1
    r = it.check({"consumer": "x", "participative": "z", "enhanced": "y"})
    assert r.score == pytest.approx(1 / 3)
    wrong = next(f for f in r.feedback if f.startswith("Participative"))
    assert "not User-led innovation" in wrong and "Innovation needs both levels." in wrong
    assert it.check({"consumer": "w"}).score == 0
    assert "not matched" in it.check({}).feedback[0]


def test_ordering_credits_pairs_in_the_right_relative_order(items):
    it = items["put-in-order"]
    assert it.check(["p", "q", "r", "s"]).score == 1
    assert it.check(["q", "p", "r", "s"]).score == pytest.approx(5 / 6), "one swap costs one pair"
    assert it.check(["s", "r", "q", "p"]).score == 0
    with pytest.raises(AnswerError, match="each step once"):
        it.check(["p", "p", "q", "r"])


@given(st.lists(st.text(min_size=1, max_size=5), min_size=3, max_size=8, unique=True))
def test_ordering_is_never_shown_already_solved_or_reversed(ids):
    from coproduction.exercises.items import Entry

    steps = tuple(Entry(i, f"step {i}", "") for i in ids)
    it = OrderingItem("o", "ordering", "p", "s", steps=steps)
    assert sorted(it.display) == sorted(ids)
    assert it.display not in (ids, ids[::-1])


def test_numeric_uses_tolerance_and_recognises_common_mistakes(items):
    it = items["count-it"]
    assert it.check(8).score == 1 and it.check(8.0).score == 1
    r = it.check(9)
    assert r.score == 0 and r.feedback[0].startswith("Nine is the sum")
    with pytest.raises(AnswerError, match="expected a number"):
        it.check("8")
    with pytest.raises(AnswerError, match="expected a number"):
        it.check(True)


def test_short_answer_is_left_for_a_marker_and_marks_follow_the_rubric(items):
    it = items["write-it"]
    assert it.max_points == 5 and not it.auto
    r = it.check("Value arose in an assemblage.")
    assert r.score is None and r.verdict == "to be marked"
    assert "limit is 20" in it.check("word " * 21).feedback[0]
    assert it.mark({"dyad": 2, "case": 1}) == 3
    with pytest.raises(AnswerError, match="outside 0-3"):
        it.mark({"dyad": 2, "case": 4})
    with pytest.raises(AnswerError, match="no mark for criterion 'case'"):
        it.mark({"dyad": 2})


def test_public_view_carries_no_key(items):
    for it in items.values():
        public = json.dumps(it.public())
        practice = it.practice()
        assert '"correct"' not in public and '"key"' not in public
        for word in ("feedback", "model_answer", "answer", "hints"):
            assert f'"{word}"' not in public, (it.id, word)
        # every teaching text in the practice view is absent from the public one
        texts = []
        for group in ("options", "left", "right", "steps"):
            texts += [o["feedback"] for o in practice.get(group, [])]
        texts += [practice.get("model_answer") or ""]
        texts += [lv["descriptor"] for c in practice.get("rubric", []) for lv in c["levels"]]
        for t in filter(None, texts):
            assert t not in public, (it.id, t)
    assert isinstance(items["pair-up"], MatchingItem)
    released = [r["id"] for r in items["put-in-order"].public()["steps"]]
    assert released != items["put-in-order"].key()


ANSWERS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=ANSWERS)
def test_no_answer_of_any_shape_crashes_the_checker(items, answer):
    for it in items.values():
        try:
            r = it.check(answer)
        except AnswerError as err:
            assert it.id in str(err)
        else:
            assert r.score is None or 0 <= r.score <= 1


def _broken(tmp_path, old, new):
    text = BANK.replace(old, new, 1)
    assert text != BANK, f"edit not applied: {old!r}"
    (tmp_path / "chapter-x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ItemError) as err:
        load_items("chapter-x", tmp_path)
    return str(err.value)


@pytest.mark.usefixtures("schema_backend")
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("kind: single", "kind: essay", "'essay' is not allowed"),
        ("correct: true, feedback: Yes", "correct: false, feedback: Yes", "exactly one right"),
        ("    prompt: What is the aim", "    title: What is the aim", "missing field 'prompt'"),
        ("      none: It fits", "      nothing: It fits", "feedback is missing for categor"),
        ("key: {consumer: x,", "key: {consumer: v,", "'v', which is not a right entry"),
        (
            "participative: y, enhanced: z}",
            "participative: y}",
            "no match for left entry 'enhanced'",
        ),
        ("    answer: 8\n", "", "give either 'answer'"),
        ("scheme: matrix", "scheme: quadrants", "'quadrants' is not allowed"),
        ("- id: pick-some", "- id: pick-one", "already used"),
        (
            "{points: 2, descriptor: Clearly",
            "{points: two, descriptor: Clearly",
            "expected a number",
        ),
    ],
)
def test_malformed_bank_files_are_reported_with_file_line_and_item(tmp_path, old, new, message):
    text = _broken(tmp_path, old, new)
    assert message in text
    assert "chapter-x.yaml, line " in text
    assert "nothing was loaded" in text


@pytest.mark.usefixtures("schema_backend")
def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    text = BANK.replace("kind: single", "kind: essay").replace("scheme: matrix", "scheme: nope")
    (tmp_path / "chapter-x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ItemError) as err:
        load_items("chapter-x", tmp_path)
    assert len(err.value.problems) >= 2


@pytest.mark.usefixtures("schema_backend")
def test_a_bank_file_that_is_not_yaml_or_not_utf8_is_named(tmp_path):
    (tmp_path / "chapter-x.yaml").write_bytes("items: [\xe9".encode("latin-1"))
    with pytest.raises(ItemError, match="not UTF-8"):
        load_items("chapter-x", tmp_path)
    with pytest.raises(ItemError, match="no such bank file"):
        load_items("chapter-y", tmp_path)


# The book's own bank ----------------------------------------------------------

BOOK = load_bank()


def test_every_chapter_has_enough_items_a_short_answer_and_both_cases():
    # Kinds are chosen for what each chapter's outcomes need, not one of each per
    # chapter; across the bank every kind is used.
    assert sorted(BOOK) == [f"chapter-0{n}" for n in range(1, 8)]
    for name, items in BOOK.items():
        assert len(items) >= 8, name
        assert "short" in {it.kind for it in items}, name
        cases = {c for it in items for c in it.cases}
        assert {"ipoa", "scottish-social-security"} <= cases, name
    assert {it.kind for items in BOOK.values() for it in items} == set(KINDS)


def _bank_stats():
    path = Path(__file__).resolve().parents[2] / "scripts" / "bank_stats.py"
    spec = importlib.util.spec_from_file_location("bank_stats", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_book_bank_can_be_trusted_for_assessment():
    """Bloom levels recorded for every item, at least 40% at application or above;
    the right option of single-choice items spread over the positions and seldom the
    longest; no numeric item that only counts the book's own case-data records."""
    stats = _bank_stats()
    figures = stats.stats(stats.load_bank(), stats.bloom_levels())
    assert figures["unclassified"] == [], "add these ids to scripts/bank_bloom.yaml"
    assert figures["apply_or_above_share"] >= 0.4, figures["bloom"]
    singles, positions = figures["single_choice"], figures["key_position"]
    assert max(positions.values()) <= 0.35 * singles, positions
    assert figures["key_longest_or_tied"] <= 0.25 * singles, "the key is too often the longest"
    assert figures["numeric_counting_case_data"] == []


def test_bank_stats_catches_a_key_that_is_always_first_and_longest():
    stats = _bank_stats()
    option = {"text": "short", "correct": False}
    item = {
        "id": "x",
        "kind": "single",
        "options": [{"text": "the longest option of all", "correct": True}, option, dict(option)],
    }
    figures = stats.stats({"chapter-x": [item, dict(item, id="y")]}, {"x": "remember"})
    assert figures["key_position"] == {"a": 2} and figures["key_longest"] == 2
    assert figures["unclassified"] == ["y"] and figures["apply_or_above_share"] == 0


@pytest.mark.parametrize("name", sorted(BOOK))
def test_each_key_earns_full_points_and_every_choice_teaches(name):
    for it in BOOK[name]:
        if it.auto:
            assert it.check(it.key()).score == 1, it.id
        practice = it.practice()
        for group in ("options", "left", "right", "steps"):
            for o in practice.get(group, []):
                assert len(o["feedback"].split()) >= 4, (it.id, o["id"], "feedback too thin")


@pytest.mark.usefixtures("schema_backend")
def test_an_unquoted_date_is_read_as_text_not_a_crash(tmp_path):
    text = BANK.replace("    source: cluley-radnor2021, Methods", "    source: 2021-03-01")
    (tmp_path / "chapter-x.yaml").write_text(text, encoding="utf-8")
    by_id = {it.id: it for it in load_items("chapter-x", tmp_path)}
    assert by_id["count-it"].source == "2021-03-01"


def test_a_number_too_large_for_a_float_is_a_clear_answer_error(items):
    with pytest.raises(AnswerError, match="not a finite number"):
        items["count-it"].check(10**400)


def test_ordering_feedback_does_not_double_the_full_stop(tmp_path, items):
    text = " ".join(items["put-in-order"].check(["q", "p", "r", "s"]).feedback)
    assert ".:" not in text


def test_shape_and_cross_check_problems_are_reported_in_one_run(tmp_path):
    """One malformed item does not hide the other items' problems until a second run."""
    from coproduction.exercises.items import BANK

    bank = tmp_path / "bank"
    bank.mkdir()
    text = (BANK / "chapter-01.yaml").read_text(encoding="utf-8")
    text = text.replace("kind: single", "kind: singel", 1)  # a shape problem (schema)
    second = text.index("kind: single")
    right = text.index("correct: true", second)
    text = text[:right] + "correct: false" + text[right + len("correct: true") :]  # a cross-check
    (bank / "chapter-01.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ItemError) as err:
        load_items("chapter-01", bank)
    messages = [p.message for p in err.value.problems]
    assert len(messages) == 2, messages
    assert "'singel' is not allowed" in messages[0]
    assert "needs exactly one right option, has 0" in messages[1]
