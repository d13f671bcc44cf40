"""Seminar plans (lecturers/seminar-NN.md) keep the shape lecturers rely on.

Each plan is a text notebook for one chapter, with the same sections in the same
order; its two timetables add up to 50 and 90 minutes with no gap or overlap; each
discussion prompt has its notes; and the formative check, its key and the suggested
assessed set name items that exist in the chapter's bank.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from coproduction.exercises.items import load_items

ROOT = Path(__file__).resolve().parents[2]
PLANS = sorted((ROOT / "lecturers").glob("seminar-[0-9][0-9].md"))

SECTIONS = [
    "Before the seminar",
    "Learning outcomes",
    "50-minute plan",
    "90-minute plan",
    "Activity: the explorer on a case",
    "Activity: your own service",
    "Discussion prompts",
    "Formative check (5 minutes)",
    "Assessed exercises",
    "Adapting the seminar",
]
NOTES = "```{dropdown} What good answers cover"
ROW = re.compile(r"^\| (\d+)-(\d+) \|(.*)\|$")


def _chapter(plan: Path) -> Path:
    number = plan.stem.split("-")[1]
    (chapter,) = (ROOT / "chapters").glob(f"{number}-*.md")
    return chapter


def _header(text: str) -> str:
    return text.split("---", 2)[1]


def _section(text: str, name: str) -> str:
    return text.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]


def _timetable(section: str) -> list[tuple[int, int, list[str]]]:
    rows = []
    for line in section.splitlines():
        m = ROW.match(line)
        if m:
            rows.append((int(m[1]), int(m[2]), [c.strip() for c in m[3].split("|")]))
    return rows


def check_timetable(section: str, minutes: int) -> list[str]:
    """What is wrong with a plan's timetable (empty when it is right)."""
    rows = _timetable(section)
    if not rows:
        return ["no rows of the form '| 0-5 | ... |'"]
    problems, end = [], 0
    for start, stop, cells in rows:
        if start != end:
            problems.append(f"{start}-{stop} does not start where the row before ended ({end})")
        if stop <= start:
            problems.append(f"{start}-{stop} ends before it starts")
        if len(cells) != 3 or not all(cells):
            problems.append(f"{start}-{stop} needs Activity, Students and Lecturer filled in")
        end = stop
    if end != minutes:
        problems.append(f"the last row ends at {end}, not {minutes}")
    return problems


def _calls(text: str, function: str) -> list[tuple[str, list[str]]]:
    pattern = function + r'\(\s*"([^"]+)",\s*(\[[^\]]*\])'
    return [(m[1], ast.literal_eval(m[2])) for m in re.finditer(pattern, text)]


def test_there_are_plans():
    assert PLANS, "no lecturers/seminar-NN.md found"


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_a_plan_is_a_notebook_for_its_chapter_with_every_section(plan):
    text = plan.read_text(encoding="utf-8")
    chapter = _chapter(plan)
    assert _header(text) == _header(chapter.read_text(encoding="utf-8")), "jupytext header"
    title = next(line for line in chapter.read_text().splitlines() if line.startswith("# "))
    assert f"# Seminar plan: {title[2:]}\n" in text
    opening = text.split(title[2:], 1)[1].split("\n## ", 1)[0]
    assert f"{{doc}}`../chapters/{chapter.stem}`" in opening
    assert f"{{doc}}`../exercises/chapter-{plan.stem[-2:]}`" in opening
    assert re.findall(r"^## (.+)$", text, flags=re.M) == SECTIONS
    assert "{doc}`../back/grading`" in _section(text, "Assessed exercises")


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_the_timetables_add_up_to_50_and_90_minutes(plan):
    text = plan.read_text(encoding="utf-8")
    for minutes in (50, 90):
        section = _section(text, f"{minutes}-minute plan")
        assert "| Time | Activity | Students | Lecturer |" in section
        assert check_timetable(section, minutes) == []
    # A 50-minute seminar with more than five segments cannot be run as planned.
    fifty = _timetable(_section(text, "50-minute plan"))
    assert len(fifty) <= 5, f"{len(fifty)} segments in the 50-minute plan; merge or drop some"


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_every_discussion_prompt_has_notes(plan):
    section = _section(plan.read_text(encoding="utf-8"), "Discussion prompts")
    prompts = re.findall(r"^\d+\. ", section, flags=re.M)
    assert 4 <= len(prompts) <= 6
    assert section.count(NOTES) == len(prompts)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_the_check_its_key_and_the_assessed_set_name_items_of_the_bank(plan):
    text = plan.read_text(encoding="utf-8")
    bank = f"chapter-{plan.stem[-2:]}"
    ids = {it.id for it in load_items(bank)}
    check = _section(text, "Formative check (5 minutes)")
    asked, keyed = _calls(check, "formative_check"), _calls(check, "answer_key")
    assert len(asked) == 1 and asked == keyed, "one check, and the key to the same items"
    name, chosen = asked[0]
    assert name == bank and 3 <= len(chosen) <= 4 and set(chosen) <= ids
    cells = re.findall(r"```\{code-cell\} ipython3\n:tags: \[(.*?)\]", check)
    assert cells == ["remove-input", "remove-input"]
    included = re.findall(r"^  - ([\w-]+)/([\w-]+)$", _section(text, "Assessed exercises"), re.M)
    assert included and all(b == bank and i in ids for b, i in included)


def test_a_timetable_with_a_gap_or_a_wrong_total_is_caught():
    good = "| 0-5 | Opening | Talk | Listen |\n| 5-50 | Work | Do | Help |\n"
    assert check_timetable(good, 50) == []
    gap = good.replace("| 5-50 |", "| 6-50 |")
    assert any("where the row before ended" in p for p in check_timetable(gap, 50))
    assert any("not 90" in p for p in check_timetable(good, 90))
    empty = good.replace("| Help |", "|  |")
    assert any("filled in" in p for p in check_timetable(empty, 50))
