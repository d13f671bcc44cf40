"""Practice items: scoring, feedback, and clear errors for malformed bank files."""

from __future__ import annotations

import pytest

from coproduction.exercises.practice import ItemError, PracticeItem, load_items

GOOD = """
items:
  - id: modes-aim
    kind: single
    prompt: What is the aim of enhanced co-production?
    source: osborne-strokosch2013, Table 1
    options:
      - {id: a, text: User empowerment, correct: false, feedback: That is consumer co-production.}
      - {id: b, text: User-led innovation, correct: true, feedback: Yes - it transforms it.}
  - id: intrinsic
    kind: multiple
    prompt: Which processes are intrinsic in PSL?
    source: strokosch-osborne2020, Understanding value
    options:
      - {id: a, text: Co-experience, correct: true, feedback: Intrinsic - it happens in use.}
      - {id: b, text: Co-construction, correct: true, feedback: Intrinsic - in the user's life.}
      - {id: c, text: Co-design, correct: false, feedback: Extrinsic - it needs active agency.}
"""


@pytest.fixture
def bank(tmp_path):
    (tmp_path / "chapter-x.yaml").write_text(GOOD)
    return tmp_path


def test_single_choice_scores_and_feeds_back_on_the_choice(bank):
    item, _ = load_items("chapter-x", bank)
    w = PracticeItem(item)
    assert w.feedback == [], "no feedback before the reader has tried"
    assert w.check("a") == 0.0 and w.feedback == ["That is consumer co-production."]
    assert w.check("b") == 1.0 and w.checked


def test_multiple_choice_gives_partial_credit_and_penalises_wrong_picks(bank):
    _, item = load_items("chapter-x", bank)
    assert item.score(["a", "b"]) == 1.0
    assert item.score(["a"]) == 0.5
    assert item.score(["a", "c"]) == 0.0
    assert item.score(["c"]) == 0.0
    with pytest.raises(ItemError, match="unknown option"):
        item.score(["z"])


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("kind: single", "kind: essay", "kind must be 'single' or 'multiple'"),
        ("correct: true, feedback: Yes", "correct: false, feedback: Yes", "exactly one right"),
        ("    prompt: What is the aim", "    title: What is the aim", "missing field 'prompt'"),
        ("{id: b, text: User-led", "{id: a, text: User-led", "option ids repeat"),
        ("- id: intrinsic", "- id: modes-aim", "item ids repeat"),
    ],
)
def test_malformed_items_name_the_file_and_item(bank, old, new, message):
    path = bank / "chapter-x.yaml"
    path.write_text(GOOD.replace(old, new, 1))
    with pytest.raises(ItemError, match=message) as info:
        load_items("chapter-x", bank)
    assert "chapter-x.yaml" in str(info.value)
