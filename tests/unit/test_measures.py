"""Numeric questions computed from case data: the answers follow the data, and any
case that loads, including a lecturer's own, gets its own questions."""

from __future__ import annotations

import pytest

from coproduction.cases import load_case
from coproduction.cases.loader import ENV_DATA_DIR
from coproduction.exercises.generate import case_items
from coproduction.exercises.items import load_items
from coproduction.exercises.measures import MeasureError, question
from coproduction.resources import example

from .edits import edit

THIRD = example("library-at-home")


def test_counts_match_the_case_data():
    sss = load_case("scottish-social-security")
    tensions = [r for r in sss.goal_relations if r.relation == "tension"]
    assert question(sss, "goal-tensions").value == len(tensions)
    macro = [a for a in sss.actors if a.level == "macro"]
    assert question(sss, "actors-at-level", level="macro").value == len(macro)
    ipoa = load_case("ipoa")
    last = ipoa.phases[-1].id
    q = question(ipoa, "elements-in-phase", phase=last)
    gone = {e.id for e in ipoa.elements if e.timing.leaves is not None}
    assert q.value == len(ipoa.elements) - len(gone)
    assert all(e.name in q.right for e in ipoa.elements if e.id not in gone)


def test_distinct_partners_are_counted_not_interactions():
    case = load_case(THIRD)
    q = question(case, "most-partners")
    partners: dict[str, set[str]] = {}
    for x in case.interactions:
        if x.from_actor != x.to_actor:
            partners.setdefault(x.from_actor, set()).add(x.to_actor)
            partners.setdefault(x.to_actor, set()).add(x.from_actor)
    assert q.value == max(len(p) for p in partners.values())


def test_density_has_a_tolerance_and_explains_the_sum():
    q = question(load_case("scottish-social-security"), "density")
    assert q.tolerance == 0.01 and 0 < q.value < 1
    assert "possible pairs" in q.wrong


def test_unknown_measure_or_parameter_is_named():
    case = load_case("ipoa")
    with pytest.raises(MeasureError, match="unknown measure 'size'"):
        question(case, "size")
    with pytest.raises(MeasureError, match="no phase 'launch'"):
        question(case, "elements-in-phase", phase="launch")
    with pytest.raises(MeasureError, match="elements-in-phase"):
        question(case, "elements-in-phase", colour="red")


def test_a_third_case_gets_its_own_items_that_score():
    items = case_items(load_case(THIRD))
    assert len(items) >= 5
    assert all(it.id.startswith("library-at-home-") for it in items)
    for it in items:
        assert it.check(it.key()).score == 1
        assert it.check(it.key() + 1).score == 0
        assert "Library at home" in it.prompt


def test_a_case_with_only_case_yaml_gets_no_items_and_no_error(tmp_path):
    folder = tmp_path / "library-at-home"
    folder.mkdir()
    (folder / "case.yaml").write_text((THIRD / "case.yaml").read_text(encoding="utf-8"))
    assert case_items(load_case(folder)) == []


def test_a_computed_answer_follows_an_edit_to_the_case_data(data_copy, tmp_path, monkeypatch):
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "chapter-x.yaml").write_text(
        """
items:
  - id: tensions
    kind: numeric
    prompt: How many goal tensions?
    source: strokosch-osborne2020, Findings
    compute: {measure: goal-tensions, case: scottish-social-security}
    feedback: {right: Tensions are where value is contested.}
""",
        encoding="utf-8",
    )
    monkeypatch.setenv(ENV_DATA_DIR, str(data_copy))
    before = load_items("chapter-x", bank)[0]
    assert before.right_feedback.endswith("Tensions are where value is contested.")
    edit(
        data_copy / "scottish-social-security" / "actors.yaml",
        "relation: tension",
        "relation: congruent",
    )
    after = load_items("chapter-x", bank)[0]
    assert after.answer == before.answer - 1


def test_a_compute_block_on_a_missing_case_is_reported(tmp_path):
    (tmp_path / "chapter-x.yaml").write_text(
        """
items:
  - id: broken
    kind: numeric
    prompt: How many?
    source: nowhere
    compute: {measure: goal-tensions, case: atlantis}
""",
        encoding="utf-8",
    )
    from coproduction.exercises.items import ItemError

    with pytest.raises(ItemError, match="case 'atlantis' does not load"):
        load_items("chapter-x", tmp_path)
