"""The module outline and the coursework brief (lecturers/) keep their promises.

The outline has one row per week, 1 to 10, with a seminar plan or workshop and
reading for each; the coursework rubric's criteria add up to 100 marks and each
criterion's bands run without gap or overlap from its full marks down to 0; the
notes for markers sit in an instructor-only block, which the student edition cuts.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTLINE = ROOT / "lecturers" / "module-outline.md"
COURSEWORK = ROOT / "lecturers" / "coursework.md"
BANDS = 5
CRITERION = re.compile(r"^\| \*\*\d\. [^*]+\*\* \((\d+)\) \|(.*)\|$")
MARKS = re.compile(r"\((\d+)(?:-(\d+))?\)\s*$")


def _section(text: str, name: str) -> str:
    return text.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]


def check_rubric(section: str) -> list[str]:
    """What is wrong with a rubric table (empty when it is right)."""
    problems, total, criteria = [], 0, 0
    for line in section.splitlines():
        m = CRITERION.match(line)
        if not m:
            continue
        criteria += 1
        full, cells = int(m[1]), [c.strip() for c in m[2].split("|")]
        total += full
        if len(cells) != BANDS:
            problems.append(f"criterion {criteria}: {len(cells)} bands, not {BANDS}")
            continue
        top = full
        for band, cell in enumerate(cells, 1):
            marks = MARKS.search(cell)
            if not marks:
                problems.append(f"criterion {criteria}, band {band}: no marks such as (8-9)")
                break
            high = int(marks[2] or marks[1])
            low = int(marks[1])
            if high != top or low > high:
                problems.append(
                    f"criterion {criteria}, band {band}: ({low}-{high}) should end at {top}"
                )
            top = low - 1
        else:
            if top != -1:
                problems.append(f"criterion {criteria}: the lowest band stops at {top + 1}, not 0")
    if criteria != 5:
        problems.append(f"{criteria} criteria, not 5")
    if total != 100:
        problems.append(f"the criteria add up to {total} marks, not 100")
    return problems


def test_the_outline_has_a_row_for_each_of_ten_weeks():
    weeks = _section(OUTLINE.read_text(encoding="utf-8"), "The ten weeks")
    rows = [line for line in weeks.splitlines() if re.match(r"^\| \d+ \|", line)]
    assert [int(r.split("|")[1]) for r in rows] == list(range(1, 11))
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 6 and all(cells), row
        assert "{doc}`" in cells[2], f"week {cells[0]}: no seminar plan or workshop linked"
    plans = {m for m in re.findall(r"<(seminar-\d\d)>", weeks)}
    assert plans == {f"seminar-0{n}" for n in range(1, 8)}, "every seminar plan is used"


def test_the_outline_says_when_the_coursework_is_set_and_due():
    text = OUTLINE.read_text(encoding="utf-8")
    assert "**Coursework set.**" in _section(text, "The ten weeks")
    due = _section(text, "Coursework: when it is set and due")
    assert "set in week" in due and "due at the end of week" in due


def test_the_rubric_adds_up_to_100_with_bands_that_meet():
    text = COURSEWORK.read_text(encoding="utf-8")
    assert check_rubric(_section(text, "Marking rubric")) == []


def test_the_notes_for_markers_are_for_lecturers_only():
    text = COURSEWORK.read_text(encoding="utf-8")
    block = text.split(":::{container} instructor-only\n", 1)[1].split("\n:::", 1)[0]
    assert "Notes for markers" in block and "first-class work" in block
    outside = text.replace(block, "")
    assert "Common weaknesses" not in outside and "first-class work" not in outside
    assert "{doc}`../back/adding-your-own-case`" in text


def test_a_rubric_that_does_not_add_up_is_caught():
    good = _section(COURSEWORK.read_text(encoding="utf-8"), "Marking rubric")
    assert check_rubric(good) == []
    gap = good.replace("(12-13)", "(12)", 1)
    assert any("should end at 13" in p for p in check_rubric(gap))
    short = good.replace("(20) |", "(19) |", 1)
    assert any("not 100" in p for p in check_rubric(short))
    floor = good.replace("(0-7)", "(1-7)", 1)
    assert any("not 0" in p for p in check_rubric(floor))
