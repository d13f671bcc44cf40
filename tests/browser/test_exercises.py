"""The exercise pages in a real Chromium, with no kernel: every kind of question is
answered by keyboard, and the verdict and feedback the page shows are exactly those
of the item's own check in Python (right, partly right and wrong answers).

Each question is reached by putting focus on its first control; from there on
everything is done with keys (Tab, arrows, Space, Enter, typing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from coproduction.exercises.items import Item, load_bank

from .pagecheck import open_page
from .test_accessibility import AXE, BLOCKING, RUN_AXE

pytestmark = pytest.mark.browser

KINDS = ("single", "multiple", "classify", "matching", "ordering", "numeric", "short")
SHOWN = {"right": "Right.", "not right": "Not quite."}


@dataclass(frozen=True)
class Question:
    chapter: str
    item: Item

    @property
    def page(self) -> str:
        return f"exercises/{self.chapter}.html"


def _fits(item: Item) -> bool:
    """Prefer items on which every verdict can be reached."""
    if item.kind == "multiple":
        return len(item.correct) >= 2 and len(item.options) > len(item.correct)
    if item.kind == "numeric":
        return bool(item.hints)
    return True


@pytest.fixture(scope="module")
def questions() -> dict[str, Question]:
    """One question of each kind from the bank, on its chapter's exercise page."""
    found: dict[str, Question] = {}
    for chapter, items in load_bank().items():
        for item in items:
            better = item.kind in found and not _fits(found[item.kind].item) and _fits(item)
            if item.kind not in found or better:
                found[item.kind] = Question(chapter, item)
    missing = [k for k in KINDS if k not in found]
    assert not missing, f"the bank has no item of kind(s) {missing} to test on an exercise page"
    return found


def _answers(item: Item) -> list[Any]:
    """A right answer, a partly right one where the kind allows it, and wrong ones."""
    key = item.key()
    if item.kind in ("single", "classify"):
        ids = (
            [o.id for o in item.options]
            if item.kind == "single"
            else [c for c, _ in item.categories]
        )
        return [key, next(i for i in ids if i != key)]
    if item.kind == "multiple":
        wrong = [o.id for o in item.options if not o.correct]
        return [key] + [a for a in (key[:1] if len(key) >= 2 else [], wrong) if a]
    if item.kind == "matching":
        lefts = list(key)
        rights = [e.id for e in item.right]
        other = {k: next(r for r in rights if r != key[k]) for k in lefts}
        return [key, {**key, lefts[-1]: other[lefts[-1]]}, other]
    if item.kind == "ordering":
        return [key, [*key[:-2], key[-1], key[-2]], key[::-1]]
    if item.kind == "numeric":
        return [key, item.hints[0][0] if item.hints else key + 1000, key + item.tolerance + 1000]
    return ["Value is co-created, and it can be co-destroyed too."]


def _tab_to(page, target, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab, if the focus is past it) until ``target`` has the focus."""
    where = """el => el === document.activeElement ? 0 :
        (el.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_PRECEDING
         ? 1 : -1)"""
    for _ in range(limit):
        direction = target.evaluate(where)
        if direction == 0:
            return
        page.keyboard.press("Tab" if direction == 1 else "Shift+Tab")
    pytest.fail(f"the keyboard never reached {target}")


def _plain(text: str) -> str:
    """Text with runs of white space as single spaces, as a browser shows it."""
    return " ".join(text.split())


def _answer_by_keyboard(page, fieldset, item: Item, answer: Any) -> None:
    kind = item.kind
    fieldset.evaluate("f => f.querySelector('input,select,textarea,button').focus()")
    if kind in ("single", "classify"):
        values = fieldset.locator("input[type=radio]").evaluate_all("els => els.map(e => e.value)")
        k = values.index(answer)
        page.keyboard.press("Space" if k == 0 else "ArrowDown")
        for _ in range(k - 1):
            page.keyboard.press("ArrowDown")
        assert fieldset.locator("input:checked").get_attribute("value") == answer
    elif kind == "multiple":
        for box in fieldset.locator("input[type=checkbox]").all():
            _tab_to(page, box)
            if box.get_attribute("value") in answer:
                page.keyboard.press("Space")
        checked = fieldset.locator("input:checked").evaluate_all("els => els.map(e => e.value)")
        assert sorted(checked) == sorted(answer)
    elif kind == "matching":
        for select in fieldset.locator("select").all():
            _tab_to(page, select)
            values = select.locator("option").evaluate_all("els => els.map(e => e.value)")
            want = answer.get(select.get_attribute("data-left"), "")
            for _ in range(values.index(want)):
                page.keyboard.press("ArrowDown")
            assert select.input_value() == want
    elif kind == "ordering":
        live = fieldset.locator(".cpi-sr[aria-live]")
        for target, step in enumerate(answer):
            order = fieldset.locator("li.cpi-step").evaluate_all(
                "els => els.map(e => e.dataset.step)"
            )
            moves = order.index(step) - target
            if moves:
                text = next(s.text for s in item.steps if s.id == step)
                up = fieldset.get_by_role("button", name=f"Move up: {text}", exact=True)
                _tab_to(page, up)
                for _ in range(moves):
                    page.keyboard.press("Enter")
                assert f"moved to position {target + 1} of {len(answer)}" in live.inner_text()
        order = fieldset.locator("li.cpi-step").evaluate_all("els => els.map(e => e.dataset.step)")
        assert order == answer
    elif kind == "numeric":
        page.keyboard.type(repr(float(answer)).removesuffix(".0"))
    else:
        button = fieldset.locator("button.cpi-check")
        assert button.is_disabled(), "nothing to compare before something is written"
        page.keyboard.type(answer)
        assert button.is_enabled()
    _tab_to(page, fieldset.locator("button.cpi-check"))
    page.keyboard.press("Enter")


def _shown(fieldset) -> tuple[str, str, list[str]]:
    verdict = fieldset.locator(".cpi-verdict")
    verdict.wait_for(state="visible", timeout=5000)
    texts = fieldset.locator(".cpi-feedback .cpi-fb").all_inner_texts()
    return verdict.get_attribute("data-verdict"), verdict.inner_text(), [_plain(t) for t in texts]


def _secrets(items: list[Item]) -> list[str]:
    """Every feedback text, model answer and rubric descriptor of these items."""
    out = []
    for it in items:
        p = it.practice()
        out += [o["feedback"] for o in p.get("options", [])]
        out += [e["feedback"] for k in ("left", "right", "steps") for e in p.get(k, [])]
        out += [h["feedback"] for h in p.get("hints", [])]
        if it.kind == "numeric":
            out += [v for v in p["feedback"].values() if v]
        if it.kind == "short":
            out.append(p["model_answer"])
            out += [lv["descriptor"] for c in p["rubric"] for lv in c["levels"]]
    return [_plain(x) for x in out]


def test_every_kind_answered_by_keyboard_shows_the_checkers_verdict(browser, server, questions):
    seen = set()
    for kind in KINDS:
        q = questions[kind]
        for answer in _answers(q.item):
            expected = q.item.check(answer)
            page, report = open_page(browser, server + q.page)
            try:
                fieldset = page.locator(f'fieldset.cpi[data-item="{q.item.id}"]')
                fieldset.wait_for(state="visible", timeout=15000)
                _answer_by_keyboard(page, fieldset, q.item, answer)
                verdict, text, feedback = _shown(fieldset)
                where = f"{q.item.id} ({kind}) answered {answer!r}"
                assert verdict == expected.verdict, where
                if kind == "short":
                    result = _plain(fieldset.locator(".cpi-result").inner_text())
                    assert _plain(q.item.model_answer) in result, where
                    for c in q.item.rubric:
                        assert all(_plain(d) in result for _, d in c.levels), where
                elif verdict == "partly right":
                    assert text.startswith("Partly right: "), where
                else:
                    assert text == SHOWN[verdict], where
                if kind != "short":
                    score = fieldset.locator(".cpi-verdict").get_attribute("data-score")
                    assert float(score) == pytest.approx(expected.score), where
                assert feedback == [_plain(f) for f in expected.feedback if f], where
                assert not report.console_errors, report.console_errors
                seen.add((kind, expected.verdict))
            finally:
                page.close()
    for kind in ("multiple", "matching", "ordering"):
        assert (kind, "partly right") in seen, f"no partly right answer was tried for {kind}"
    for kind in set(KINDS) - {"short"}:
        assert {(kind, "right"), (kind, "not right")} <= seen, kind


def test_a_hint_for_a_common_wrong_number_is_shown(browser, server, questions):
    q = questions["numeric"]
    if not q.item.hints:
        pytest.skip("no numeric item in the bank has hints")
    value, hint = q.item.hints[0]
    page, _ = open_page(browser, server + q.page)
    try:
        fieldset = page.locator(f'fieldset.cpi[data-item="{q.item.id}"]')
        fieldset.wait_for(state="visible", timeout=15000)
        _answer_by_keyboard(page, fieldset, q.item, value)
        _, text, feedback = _shown(fieldset)
        assert text == "Not quite." and feedback[0] == _plain(hint)
    finally:
        page.close()


def test_no_feedback_is_visible_before_answering(browser, server):
    for chapter, items in load_bank().items():
        page, report = open_page(browser, server + f"exercises/{chapter}.html")
        try:
            questions = page.locator("fieldset.cpi")
            questions.first.wait_for(state="visible", timeout=15000)
            assert questions.count() == len(items), chapter
            text = _plain(page.locator("main").inner_text())
            assert all(_plain(it.prompt) in text for it in items), chapter
            shown = [s for s in _secrets(items) if s in text]
            assert not shown, f"{chapter}: feedback visible before any answer: {shown[:3]}"
            assert not page.locator(".cpi-verdict, .cpi-feedback, .cpi-model").count()
            # Checking with nothing chosen asks for an answer and reveals nothing.
            blank = questions.filter(has=page.locator("input[type=radio], select")).first
            blank.locator("button.cpi-check").press("Enter")
            assert blank.locator(".cpi-missing").inner_text().endswith("first.")
            text = _plain(page.locator("main").inner_text())
            assert not [s for s in _secrets(items) if s in text]
            assert not report.console_errors, report.console_errors
        finally:
            page.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run '.venv/bin/python scripts/fetch_vendor.py --tests'")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_an_answered_exercise_page_has_no_serious_accessibility_violations(
    browser, server, questions, axe_source, mode
):
    q = questions["short"]
    page, _ = open_page(browser, server + q.page)
    try:
        page.evaluate(f"localStorage.setItem('mode', '{mode}')")
        page.reload()
        page.locator("fieldset.cpi").first.wait_for(state="visible", timeout=15000)
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        # Answer every question on the page so that results are scanned too.
        for it in load_bank()[q.chapter]:
            fieldset = page.locator(f'fieldset.cpi[data-item="{it.id}"]')
            _answer_by_keyboard(page, fieldset, it, _answers(it)[-1])  # a wrong one
            _shown(fieldset)
        page.add_script_tag(content=axe_source)
        bad = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
        assert not bad, json.dumps(bad, indent=1)
    finally:
        page.evaluate("localStorage.setItem('mode', 'auto')")
        page.close()
