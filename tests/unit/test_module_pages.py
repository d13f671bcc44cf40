"""The module outline and the coursework brief (lecturers/) keep their promises.

The outline has one row per week, 1 to 10, with a seminar plan or workshop and
reading for each; the coursework is set after chapter 6 and due weeks later; the
coursework rubric's criteria add up to 100 marks, each criterion's bands run without
gap or overlap from its full marks down to 0, and an essay in one band on every
criterion totals within that band's range (all first-class starts at 70, and so on);
the notes for markers sit in an instructor-only block, which the student edition cuts.
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


CLASS = re.compile(r"\| [^|:]+: (?:(\d+)-(\d+)|below (\d+))% ")


def class_ranges(section: str) -> list[tuple[int, int]]:
    """The (lowest, highest) total of each classification band, from the header row."""
    header = next(line for line in section.splitlines() if line.startswith("| Criterion"))
    ranges = []
    for m in CLASS.finditer(header + " "):
        ranges.append((0, int(m[3]) - 1) if m[3] else (int(m[1]), int(m[2])))
    return ranges


def check_band_totals(section: str) -> list[str]:
    """Where a script in one band on every criterion would total outside that band."""
    ranges = class_ranges(section)
    lows, highs = [0] * len(ranges), [0] * len(ranges)
    for line in section.splitlines():
        m = CRITERION.match(line)
        if not m:
            continue
        for band, cell in enumerate(c.strip() for c in m[2].split("|")):
            marks = MARKS.search(cell)
            lows[band] += int(marks[1])
            highs[band] += int(marks[2] or marks[1])
    problems = []
    for (low, high), total_low, total_high in zip(ranges, lows, highs, strict=True):
        if total_low != low or total_high > high:
            problems.append(
                f"band {low}-{high}: a script in this band throughout totals "
                f"{total_low}-{total_high}; its lowest total should be {low} and its "
                f"highest at most {high}"
            )
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


def _week_of(weeks: str, needle: str) -> int:
    (row,) = [
        line for line in weeks.splitlines() if re.match(r"^\| \d+ \|", line) and needle in line
    ]
    return int(row.split("|")[1])


def test_the_outline_sets_the_coursework_after_chapter_6_and_says_when_it_is_due():
    text = OUTLINE.read_text(encoding="utf-8")
    weeks = _section(text, "The ten weeks")
    set_week = _week_of(weeks, "**Coursework set.**")
    # The brief's suggested pairs use the assemblage and the ecosystem (chapters 5, 6).
    assert set_week >= _week_of(weeks, "chapters/06-service-ecosystems")
    due = _section(text, "Coursework: when it is set and due")
    assert f"set in week {set_week}" in due
    due_week = int(re.search(r"due at the end of week (\d+)", due)[1])
    assert due_week >= set_week + 4, "at least four weeks to write it"
    plan_week = _week_of(weeks, "coursework plan")
    assert set_week < plan_week < due_week


def test_the_rubric_adds_up_to_100_with_bands_that_meet():
    text = COURSEWORK.read_text(encoding="utf-8")
    assert check_rubric(_section(text, "Marking rubric")) == []


def test_a_script_in_one_band_throughout_totals_within_that_band():
    section = _section(COURSEWORK.read_text(encoding="utf-8"), "Marking rubric")
    assert class_ranges(section) == [(70, 100), (60, 69), (50, 59), (40, 49), (0, 39)]
    assert check_band_totals(section) == []


def test_band_totals_that_do_not_meet_the_classification_are_caught():
    good = _section(COURSEWORK.read_text(encoding="utf-8"), "Marking rubric")
    # First class starting at 18 of 25 on criterion 3 makes an all-first script total 71.
    high = good.replace("(17-25)", "(18-25)", 1).replace("(15-16)", "(15-17)", 1)
    assert check_rubric(high) == []
    assert any("lowest total should be 70" in p for p in check_band_totals(high))


def test_the_notes_for_markers_are_for_lecturers_only():
    text = COURSEWORK.read_text(encoding="utf-8")
    blocks = [b.split("\n:::", 1)[0] for b in text.split(":::{container} instructor-only\n")[1:]]
    notes = [b for b in blocks if "Notes for markers" in b]
    assert len(notes) == 1 and "first-class work" in notes[0]
    outside = text
    for block in blocks:
        outside = outside.replace(block, "")
    assert "Common weaknesses" not in outside and "first-class work" not in outside
    # The page is in the student edition: outside the notes it links to no lecturer page.
    assert "{doc}`module-outline`" not in outside and "{doc}`seminar-" not in outside
    assert "{doc}`../back/grading`" not in outside
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
