"""A seminar's formative check and the lecturer's key to it."""

from __future__ import annotations

import pytest

from coproduction.exercises.items import load_items
from coproduction.exercises.notebook import answer_key, formative_check


def test_the_key_gives_every_kind_of_answer_in_words():
    items = load_items("chapter-05")
    key = answer_key("chapter-05", [it.id for it in items])
    assert key.count("<tr>") == len(items) + 1
    for it in items:
        if it.kind == "single":
            right = next(o.text for o in it.options if o.correct)
            assert right.replace("'", "&#x27;").replace('"', "&quot;") in key
        if it.kind == "ordering":
            first, last = it.steps[0].text, it.steps[-1].text
            assert key.index(first[:20]) < key.index(last[:20]), "steps in the right order"
        if it.kind == "numeric":
            assert f"<td>{it.answer:g}" in key
        if it.kind == "short":
            assert "Model answer:" in key


def test_the_formative_check_shows_the_chosen_items_in_order():
    ids = [it.id for it in load_items("chapter-02")][::-1][:3]
    box = formative_check("chapter-02", ids)
    assert [w.spec["id"] for w in box.children] == ids
    assert [w.number for w in box.children] == [1, 2, 3]
    with pytest.raises(KeyError, match="no item"):
        formative_check("chapter-02", ["not-an-item"])
