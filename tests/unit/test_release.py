"""Assessed sets and their student release: no answer may leak into what students get."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from coproduction.exercises.items import (
    ChoiceItem,
    ClassifyItem,
    ItemError,
    MatchingItem,
    NumericItem,
    OrderingItem,
    ShortItem,
)
from coproduction.exercises.release import ReleaseError, release
from coproduction.exercises.sets import load_set
from coproduction.resources import example

from .grading_helpers import SET_FILE, make_set

EXAMPLE = example("example-set.yaml")
FORBIDDEN_WORDS = re.compile(r"\b(correct|feedback|key|model_answer)\b", re.IGNORECASE)


def secrets(item) -> list[str]:
    """Every text that would give away the key of an item."""
    out: list[str] = []
    if isinstance(item, ChoiceItem):
        out += [o.feedback for o in item.options]
    elif isinstance(item, ClassifyItem):
        out += list(item.feedback.values())
    elif isinstance(item, MatchingItem):
        out += [e.feedback for e in (*item.left, *item.right)]
    elif isinstance(item, OrderingItem):
        out += [s.feedback for s in item.steps]
    elif isinstance(item, NumericItem):
        out += [item.right_feedback, item.wrong_feedback, *(t for _, t in item.hints)]
    elif isinstance(item, ShortItem):
        out += [item.model_answer, *(d for c in item.rubric for _, d in c.levels)]
    return [t for t in out if t]


def walk(node, keys: list[str], strings: list[str]) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            keys.append(k)
            walk(v, keys, strings)
    elif isinstance(node, list):
        for v in node:
            walk(v, keys, strings)
    elif isinstance(node, str):
        strings.append(node)


def released_texts(folder: Path) -> tuple[list[str], list[str], str]:
    """(every key, every string) of the released JSON and notebook, and all raw text."""
    keys: list[str] = []
    strings: list[str] = []
    raw = ""
    for path in sorted(folder.iterdir()):
        raw += path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            walk({k: v for k, v in data.items() if k != "fingerprint"}, keys, strings)
        elif path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            strings += [c.source for c in nb.cells]
    return keys, strings, raw


def assert_nothing_leaks(aset, folder: Path) -> None:
    keys, strings, raw = released_texts(folder)
    text = "\n".join(strings)
    assert "correct" not in keys
    for word in ("correct", "feedback", "key", "model_answer"):
        assert word not in keys, word
    found = FORBIDDEN_WORDS.findall(text)
    assert not found, f"released text uses {found}"
    for it in aset.items:
        for secret in secrets(it):
            assert secret not in raw, f"{it.id}: {secret[:60]!r} is in the release"
            assert secret not in text, f"{it.id}: {secret[:60]!r} is in the release"
        if isinstance(it, NumericItem):
            pattern = re.compile(rf"(?<![\d.]){re.escape(f'{it.answer:g}')}(?![\d.])")
            assert not pattern.search(text), f"{it.id}: the answer {it.answer:g} is in the release"
        if isinstance(it, MatchingItem):
            for left, right in it.key().items():
                assert f'"{left}": "{right}"' not in raw
        if isinstance(it, ClassifyItem):
            assert it.feedback[it.answer] not in raw


def test_release_writes_json_and_notebook_without_any_answer(tmp_path):
    set_file, bank, aset = make_set(tmp_path)
    paths = release(set_file, tmp_path / "release", bank)
    assert [p.name for p in paths] == ["week-3.json", "week-3.ipynb"]
    data = json.loads(paths[0].read_text(encoding="utf-8"))
    assert data["format"] == "coproduction-release" and data["version"] == 1
    assert data["set"] == "week-3" and data["title"] == "Week 3 quiz"
    assert data["fingerprint"] == aset.fingerprint
    assert data["deadline"] == "2026-12-04T17:00:00+00:00"
    assert data["instructions"] == "Answer every question."
    assert data["items"] == [it.public() for it in aset.items]
    assert {it["kind"] for it in data["items"]} == {
        "single", "multiple", "classify", "matching", "ordering", "numeric", "short",
    }  # fmt: skip
    assert_nothing_leaks(aset, tmp_path / "release")
    assert sorted(p.name for p in (tmp_path / "release").iterdir()) == [
        "week-3.ipynb",
        "week-3.json",
    ], "the set's YAML (the key) must never be copied into the release"


def test_released_ordering_and_matching_are_not_in_key_order(tmp_path):
    set_file, bank, aset = make_set(tmp_path)
    release(set_file, tmp_path / "release", bank)
    data = json.loads((tmp_path / "release" / "week-3.json").read_text(encoding="utf-8"))
    items = {it["id"]: it for it in data["items"]}
    order = [s["id"] for s in items["t-ordering"]["steps"]]
    key = aset.item("t-ordering").key()
    assert sorted(order) == sorted(key)
    assert order != key and order != key[::-1]
    right = [r["id"] for r in items["t-matching"]["right"]]
    key_map = aset.item("t-matching").key()
    assert right[: len(key_map)] != [key_map[e["id"]] for e in items["t-matching"]["left"]]


def test_student_notebook_has_id_cell_widget_call_and_hand_in_instructions(tmp_path):
    set_file, bank, _ = make_set(tmp_path)
    _, nb_path = release(set_file, tmp_path / "release", bank)
    nb = nbformat.read(nb_path, as_version=4)
    nbformat.validate(nb)
    sources = [c.source for c in nb.cells]
    assert sources[0].startswith("# Week 3 quiz")
    assert "Answer every question." in sources[0]
    assert 'STUDENT_ID = ""' in sources
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert any(
        "from coproduction.exercises.notebook import assessed" in s
        and 'assessed("week-3.json", student=STUDENT_ID)' in s
        for s in code
    )
    assert "week-3-<your student ID>.json" in sources[-1]
    assert "week-3-s1234567.json" in sources[-1]


def test_example_set_loads_mixes_include_and_inline_and_releases_without_leaks(tmp_path):
    aset = load_set(EXAMPLE)
    assert 6 <= len(aset.items) <= 10
    assert {it.kind for it in aset.items} == {
        "single", "multiple", "classify", "matching", "ordering", "numeric", "short",
    }  # fmt: skip
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "include:" in text and "\nitems:" in text
    assert "private" in text.split("set:")[0], "the header comment says a real set is kept private"
    release(EXAMPLE, tmp_path / "release")
    assert_nothing_leaks(aset, tmp_path / "release")


def test_release_refuses_the_folder_that_holds_the_key(tmp_path):
    set_file, bank, _ = make_set(tmp_path)
    with pytest.raises(ReleaseError, match="holds the key"):
        release(set_file, set_file.parent, bank)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("include: [chapter-90/bank-single]", "include: [chapter-90/nope]", "has no item 'nope'"),
        ("include: [chapter-90/bank-single]", "include: [chapter-91/x]", "no such bank file"),
        ("include: [chapter-90/bank-single]", "include: [../etc/passwd]", "chapter-NN/item-id"),
        (
            "include: [chapter-90/bank-single]",
            "include: [chapter-90/bank-single, chapter-90/bank-single]",
            "included twice",
        ),
        ("  - id: t-multiple", "  - id: bank-single", "already used in include[0]"),
        ("deadline: 2026-12-04T17:00:00+00:00", "deadline: 2026-12-04T17:00:00", "no time zone"),
        ("deadline: 2026-12-04T17:00:00+00:00", "deadline: next friday", "not an ISO 8601"),
        ("set: week-3", "set: Week 3", "not a valid id"),
        ("answer: micro", "answer: nowhere", "not a category"),
    ],
)
def test_set_problems_name_file_line_and_place(tmp_path, old, new, message):
    set_file, bank, _ = make_set(tmp_path)
    assert old in SET_FILE
    set_file.write_text(SET_FILE.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ItemError) as err:
        load_set(set_file, bank)
    text = str(err.value)
    assert message in text
    assert "week-3.yaml, line " in text


def test_set_reports_every_problem_at_once_and_needs_an_item(tmp_path):
    set_file, bank, _ = make_set(tmp_path)
    broken = SET_FILE.replace("include: [chapter-90/bank-single]", "include: [chapter-90/nope]")
    broken = broken.replace("answer: micro", "answer: nowhere")
    set_file.write_text(broken, encoding="utf-8")
    with pytest.raises(ItemError) as err:
        load_set(set_file, bank)
    assert len(err.value.problems) == 2
    set_file.write_text("set: empty\ntitle: Nothing here\n", encoding="utf-8")
    with pytest.raises(ItemError, match="the set has no items"):
        load_set(set_file, bank)
