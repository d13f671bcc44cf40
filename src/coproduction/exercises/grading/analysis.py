"""Item analysis: how each question worked for the class, so weak questions can be found.

From the graded students (:attr:`Report.kept <coproduction.exercises.grading.Report>`)
:func:`analyse` computes, for each question:

- how many students answered it, left it unanswered, or wait for a marker;
- its **facility**: the mean score (0 to 1) of the students whose score is known. An
  unanswered question counts 0, as it does in the total; a short answer still to be
  marked is left out;
- its **discrimination**: the corrected item-total correlation, that is the Pearson
  correlation between the score on the question and the **rest score** (the points
  on the other questions, as a fraction of their points). For a question scored 0 or
  1 it is the point-biserial correlation. Short-answer questions with answers still
  to be marked are left out of every rest score;
- the **upper-lower index**: the mean score of the top 27% of students by rest score
  minus that of the bottom 27% (ties at the boundary broken by student id);
- how often each **part** of an answer was given (:class:`Part`): each option of a
  single or multiple choice question, each category of a classify question, each
  pair of a matching question, each step at each position of an ordering question,
  the right value and the commonest wrong values of a numeric question, and each
  level given on each criterion of a short answer;
- **flags** in plain words (:data:`FLAGS` for the thresholds).

Discrimination and flags need at least :data:`MIN_STUDENTS` students scored on the
question; with fewer, the counts and facility are given and the reason is written in
place of the rest. :func:`write_analysis` writes ``item-analysis.csv``,
``item-options.csv`` and ``item-analysis.html``; their columns are documented in the
book's page on grading (``back/grading.md``).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from coproduction.exercises.grading.cells import cell, number_text
from coproduction.exercises.grading.pages import esc
from coproduction.exercises.grading.pages import page as html_page
from coproduction.exercises.grading.records import Answer, Graded
from coproduction.exercises.kinds import (
    KINDS,
    ChoiceItem,
    Item,
)
from coproduction.exercises.sets import AssessedSet

if TYPE_CHECKING:  # matplotlib is imported only when the page is drawn
    from matplotlib.figure import Figure

__all__ = [
    "FILES",
    "FLAGS",
    "ITEM_COLUMNS",
    "MIN_STUDENTS",
    "OPTION_COLUMNS",
    "Analysis",
    "ItemStats",
    "Part",
    "analyse",
    "page",
    "plot_figure",
    "write_analysis",
]

#: The files :func:`write_analysis` writes.
FILES = ("item-analysis.csv", "item-options.csv", "item-analysis.html")
#: Discrimination and flags need at least this many students scored on a question.
MIN_STUDENTS = 10
#: The share of students in each of the upper and lower groups.
GROUP = 0.27
VERY_EASY = 0.90
VERY_HARD = 0.20
LOW_DISCRIMINATION = 0.20
#: A part is flagged as working against the key only when the correlation between giving
#: it and the rest score is at least this far from 0, so that one or two students' choices
#: in a small class are not flagged.
PART_MARGIN = 0.10

#: Each flag and when it is raised (with at least :data:`MIN_STUDENTS` students).
FLAGS = {
    "very easy": f"facility above {VERY_EASY:.2f}: almost everyone scored",
    "very hard": f"facility below {VERY_HARD:.2f}: almost no one scored",
    "low discrimination": f"discrimination from 0 to below {LOW_DISCRIMINATION:.2f}: the "
    "question hardly separates stronger from weaker students",
    "negative discrimination": "discrimination below 0: students who did well on the rest "
    "scored lower here; check the key and the wording",
    "chosen more by stronger students": "a wrong part (a distractor) that more of the upper "
    "group than the lower group gave, and whose giving correlates with the rest score by "
    f"{PART_MARGIN:.2f} or more: check whether it is right, or the key",
    "chosen more by weaker students": "a keyed part that more of the lower group than the "
    f"upper group gave, and whose giving correlates with the rest score by -{PART_MARGIN:.2f} "
    "or less: check the key",
    "chosen by nobody": "a written option that no student chose (a distractor that does not "
    "distract)",
}

ITEM_COLUMNS = (
    "number",
    "item",
    "kind",
    "max_points",
    "students",
    "answered",
    "not_answered",
    "to_be_marked",
    "facility",
    "full_marks",
    "discrimination",
    "upper_lower",
    "not_computed",
    "flags",
    "prompt",
)
OPTION_COLUMNS = (
    "number",
    "item",
    "kind",
    "option",
    "text",
    "keyed",
    "count",
    "share",
    "upper",
    "lower",
    "mean_rest",
    "flag",
)

Vector = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Part:
    """One part of an answer students could give, and how often they gave it."""

    id: str  # option or category id, "left=right", "step@2", a value, "criterion=points"
    text: str  # in words
    keyed: bool  # part of the answer that earns full points
    count: int  # students who gave it
    share: float | None  # of the students who answered
    upper: float | None  # share of the upper group who gave it
    lower: float | None  # share of the lower group who gave it
    mean_rest: float | None  # mean rest score (0-1) of those who gave it
    flag: str = ""


@dataclass(frozen=True)
class ItemStats:
    """The analysis of one question."""

    number: int
    item: Item
    students: int
    answered: int
    not_answered: int
    to_be_marked: int
    facility: float | None
    full_marks: float | None
    discrimination: float | None
    upper_lower: float | None
    not_computed: str  # why discrimination is blank ("" when it is given)
    parts: tuple[Part, ...]
    flags: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"Q{self.number}"


@dataclass(frozen=True)
class Analysis:
    """The item analysis of a set for one class."""

    set: AssessedSet
    students: int
    items: tuple[ItemStats, ...]
    left_out_of_rest: tuple[str, ...]  # items with answers still to be marked


# -- parts of an answer, per kind ------------------------------------------------------

#: Scores that differ by less than this are equal (float error, as in 0.1 + 0.2).
_FLAT = 1e-9


def _parts_of(item: Item, a: Answer) -> list[str] | None:
    """The parts of a student's answer (the kind's
    :meth:`~coproduction.exercises.kinds.Item.answer_parts`), or None if there is
    nothing to count (no answer, the wrong shape, or a short answer not yet marked)."""
    if not a.answered or a.status == "wrong shape":
        return None
    return item.answer_parts(a.answer, a.status, a.marks)


# -- statistics ------------------------------------------------------------------------


def _pearson(x: Vector, y: Vector) -> float | None:
    if len(x) < 2 or np.ptp(x) < _FLAT or np.ptp(y) < _FLAT:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def _share(mask: npt.NDArray[np.bool_]) -> float | None:
    return float(mask.mean()) if len(mask) else None


def _groups(rest: Vector, ids: Sequence[str], rows: Sequence[int]) -> tuple[list[int], list[int]]:
    """The (lower, upper) 27% of ``rows`` by rest score, ties broken by student id."""
    order = sorted(rows, key=lambda k: (rest[k], ids[k]))
    n = max(1, int(GROUP * len(order) + 0.5))
    return order[:n], order[-n:]


def _score_matrix(
    items: Sequence[Item], students: Sequence[str], kept: Mapping[str, Graded]
) -> Vector:
    scores = np.full((len(students), len(items)), np.nan)
    for i, s in enumerate(students):
        answers = kept[s].answers
        for j, it in enumerate(items):
            a = answers.get(it.id)
            score = a.score if a is not None else 0.0
            if score is not None:
                scores[i, j] = score
    return scores


def _why_not(n: int, x: Vector, rest: Vector | None, marked: bool) -> str:
    """Why discrimination cannot be computed, or ""."""
    if not marked:
        return "no answers marked yet"
    if n < MIN_STUDENTS:
        return f"too few students: {n} scored on this question, at least {MIN_STUDENTS} needed"
    if rest is None:
        return "no other questions scored to compare with"
    if np.ptp(x) < _FLAT:
        return "no variation: every student scored the same on this question"
    if np.ptp(rest) < _FLAT:
        return "no variation: every student has the same score on the other questions"
    return ""


def _item_stats(
    number: int,
    item: Item,
    j: int,
    students: Sequence[str],
    kept: Mapping[str, Graded],
    scores: Vector,
    rest: Vector | None,
) -> ItemStats:
    answers = [kept[s].answers.get(item.id) for s in students]
    known = ~np.isnan(scores[:, j])
    rows = [int(k) for k in np.flatnonzero(known)]
    x = scores[known, j]
    answered = sum(1 for a in answers if a is not None and a.answered)
    waiting = sum(1 for a in answers if a is not None and a.status == "to be marked")
    # False only while answers wait for a marker and none has been marked yet.
    marked = not waiting or any(a is not None and a.status == "marked" for a in answers)
    n = len(rows)
    facility = float(x.mean()) if n and marked else None
    full = float((x >= 1 - 1e-9).mean()) if n and marked else None
    r_known = rest[known] if rest is not None else None
    why = _why_not(n, x, r_known, marked)
    disc = upper_lower = None
    lower: list[int] = []
    upper: list[int] = []
    if not why and rest is not None and r_known is not None:
        disc = _pearson(x, r_known)
        lower, upper = _groups(rest, students, rows)
        upper_lower = float(scores[upper, j].mean() - scores[lower, j].mean())

    given = [_parts_of(item, a) if a is not None else None for a in answers]
    counts: Counter[str] = Counter(p for g in given if g for p in set(g))
    specs = item.part_catalogue(counts)
    listed = {s[0] for s in specs}  # a part given but not listed (a rare value) is "other"
    given = [[p if p in listed else "other" for p in g] if g is not None else None for g in given]
    counts = Counter(p for g in given if g for p in set(g))
    base = sum(1 for g in given if g is not None)  # students whose answer has parts
    chose_sets = [set(g) if g else set() for g in given]

    parts: list[Part] = []
    flags: list[str] = []
    enough = marked and n >= MIN_STUDENTS
    for pid, text, keyed, name in specs:
        chose = np.array([pid in c for c in chose_sets], dtype=bool)
        count = int(counts[pid])
        up = _share(chose[upper]) if upper else None
        lo = _share(chose[lower]) if lower else None
        mean_rest = float(rest[chose].mean()) if rest is not None and count else None
        flag = ""
        if not why and item.auto and rest is not None:
            r_part = _pearson(chose[known].astype(float), rest[known])
            if up is not None and lo is not None and r_part is not None:
                if not keyed and r_part >= PART_MARGIN and up > lo:
                    flag = "chosen more by stronger students"
                elif keyed and r_part <= -PART_MARGIN and up < lo:
                    flag = "chosen more by weaker students"
        if enough and item.OFFERS_OPTIONS and not keyed and count == 0:
            flag = "chosen by nobody"
        if flag:
            flags.append(f"{name}: {flag}")
        parts.append(
            Part(pid, text, keyed, count, count / base if base else None, up, lo, mean_rest, flag)
        )

    item_flags: list[str] = []
    if enough and facility is not None:
        if facility > VERY_EASY:
            item_flags.append(f"very easy (facility {facility:.2f}, above {VERY_EASY:.2f})")
        elif facility < VERY_HARD:
            item_flags.append(f"very hard (facility {facility:.2f}, below {VERY_HARD:.2f})")
    if disc is not None:
        if disc < 0:
            item_flags.append(
                f"negative discrimination ({disc:.2f}): students who did well on the rest "
                "scored lower here; check the key and the wording"
            )
        elif disc < LOW_DISCRIMINATION:
            item_flags.append(f"low discrimination ({disc:.2f}, below {LOW_DISCRIMINATION:.2f})")
    return ItemStats(
        number=number,
        item=item,
        students=len(students),
        answered=answered,
        not_answered=len(students) - answered,
        to_be_marked=waiting,
        facility=facility,
        full_marks=full,
        discrimination=disc,
        upper_lower=upper_lower,
        not_computed=why,
        parts=tuple(parts),
        flags=tuple(item_flags + flags),
    )


def analyse(aset: AssessedSet, kept: Mapping[str, Graded]) -> Analysis:
    """The item analysis of ``aset`` for the graded students ``kept``."""
    items = aset.items
    students = sorted(kept)
    scores = _score_matrix(items, students, kept)
    maxp = np.array([it.max_points for it in items], dtype=float)
    # Items with every score known: usable in rest scores.
    complete = np.asarray(~np.isnan(scores).any(axis=0), dtype=np.bool_)
    points = np.nan_to_num(scores) * maxp
    stats = []
    for j, item in enumerate(items):
        cols = complete.copy()
        cols[j] = False
        rest_max = float(maxp[cols].sum())
        rest = points[:, cols].sum(axis=1) / rest_max if rest_max > 0 else None
        stats.append(_item_stats(j + 1, item, j, students, kept, scores, rest))
    left_out = tuple(it.id for j, it in enumerate(items) if not complete[j])
    return Analysis(aset, len(students), tuple(stats), left_out)


# -- files -----------------------------------------------------------------------------


def _num(x: float | None, digits: int = 3) -> str:
    return "" if x is None else number_text(round(x, digits))


def _write_csvs(items_path: Path, options_path: Path, an: Analysis) -> None:
    with open(items_path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(ITEM_COLUMNS)
        for s in an.items:
            it = s.item
            w.writerow(
                [
                    s.number,
                    cell(it.id),
                    cell(it.kind),
                    number_text(it.max_points),
                    s.students,
                    s.answered,
                    s.not_answered,
                    s.to_be_marked,
                    _num(s.facility),
                    _num(s.full_marks),
                    _num(s.discrimination),
                    _num(s.upper_lower),
                    cell(s.not_computed),
                    cell("; ".join(s.flags)),
                    cell(" ".join(it.prompt.split())),
                ]
            )
    with open(options_path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(OPTION_COLUMNS)
        for s in an.items:
            for p in s.parts:
                w.writerow(
                    [
                        s.number,
                        cell(s.item.id),
                        cell(s.item.kind),
                        cell(p.id),
                        cell(p.text),
                        "yes" if p.keyed else "no",
                        p.count,
                        _num(p.share),
                        _num(p.upper),
                        _num(p.lower),
                        _num(p.mean_rest),
                        cell(p.flag),
                    ]
                )


def write_analysis(folder: Path, an: Analysis) -> dict[str, Path]:
    """Write ``item-analysis.csv``, ``item-options.csv`` and ``item-analysis.html``
    into ``folder``; return their paths."""
    paths = dict(zip(("item-analysis", "item-options", "item-analysis-html"),
                     (folder / name for name in FILES), strict=True))  # fmt: skip
    text = page(an)  # drawn first: a plot that fails leaves no file half-written
    _write_csvs(paths["item-analysis"], paths["item-options"], an)
    paths["item-analysis-html"].write_text(text, encoding="utf-8")
    return paths


# -- the page --------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.5;margin:0;
color:#1b1b1b;background:#fff}
main{max-width:64rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2.5rem}h3{font-size:1.1rem;margin-top:2rem}
section.item{border-top:1px solid #767676;padding-top:.25rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.25rem 0}
.flag{color:#8a3b00;font-weight:600}
figure{margin:1rem 0}figure svg{background:#fff}
a{color:#0b57a4}a:focus{outline:3px solid #e69f00;outline-offset:2px}
.note{border-left:4px solid #767676;padding-left:.75rem}
@media (prefers-color-scheme:dark){body{color:#eee;background:#121212}.flag{color:#ffb37a}
a{color:#8cc4ff}}
"""


def _fmt(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "&ndash;"
    return f"{x * 100:.0f}%" if pct else f"{x:.2f}"


_GUIDE = f"""
<h2 id="guide">How to read this</h2>
<ul>
<li><strong>Facility</strong> is the mean score on the question, from 0 (no one scored)
to 1 (everyone scored full points). An unanswered question counts 0, as in the totals;
short answers still to be marked are left out. Above {VERY_EASY:.2f} the question is
<em>very easy</em>, below {VERY_HARD:.2f} <em>very hard</em>. Neither is wrong in itself:
a very easy question can check a threshold concept, but it tells you little about
differences between students.</li>
<li><strong>Discrimination</strong> is the correlation between the score on the question
and the <em>rest score</em>, the points on the other questions (the question itself is
left out, so it does not correlate with itself). It runs from &minus;1 to 1. A common
rule of thumb (Ebel's): 0.40 and above is very good, 0.30 to 0.40 good, 0.20 to 0.30
marginal, below {LOW_DISCRIMINATION:.2f} <em>low</em>; below 0 is <em>negative</em>: students who
did well elsewhere did worse here, which usually means a wrong key, an ambiguous
question, or a question that tests something else.</li>
<li>The <strong>upper&ndash;lower index</strong> is the same idea in a form many lecturers
know: the mean score of the top 27% of students by rest score minus that of the bottom
27%.</li>
<li>For each question, the table of <strong>answers given</strong> shows how many students
gave each option (for multiple choice, ticked it), with the share of the upper and
lower groups who gave it, and the mean rest score (the share of the points on the
other questions) of those who gave it. For the other kinds the parts are each pair
matched (matching), each step at each position (ordering), the right value and the
commonest wrong values (numeric), each category (classify), and each level given on
each criterion (short answer). A keyed
(right) option should be given more by the upper group; a distractor more by the
lower group. A distractor chosen more by stronger students, or chosen by nobody, is
flagged.</li>
<li>These are numbers about one class. With fewer than {MIN_STUDENTS} students scored on a
question, no discrimination or flags are given; with fewer than about 50, treat every
number as a hint to look at the question again, not as a verdict.</li>
</ul>
"""


def _label_offsets(spots: Sequence[tuple[float, float]], ymin: float) -> list[tuple[int, int]]:
    """Where to put each marker's label (offsets in points), so that labels overlap
    markers and each other as little as possible: a greedy choice among four places."""
    # Rough positions in points on the axes (about 400 by 300 points).
    pos = [(x / 1.04 * 400, (y - ymin) / (1 - ymin) * 300) for x, y in spots]
    placed: list[tuple[float, float]] = []
    out = []
    for px, py in pos:
        best, cost = (5, 4), float("inf")
        for dx, dy in ((5, 4), (5, -11), (-19, 4), (-19, -11)):
            cx, cy = px + dx + 7, py + dy + 4  # the label's centre (about 14 by 8 points)
            c = sum(abs(cx - qx) < 11 and abs(cy - qy) < 8 for qx, qy in pos)
            c += sum(abs(cx - lx) < 15 and abs(cy - ly) < 9 for lx, ly in placed) * 2
            if c < cost:
                best, cost = (dx, dy), c
        placed.append((px + best[0] + 7, py + best[1] + 4))
        out.append(best)
    return out


def plot_figure(an: Analysis) -> tuple[Figure, str] | None:
    """The facility-discrimination plot and its alt text; None if no question has both."""
    shown = [s for s in an.items if s.facility is not None and s.discrimination is not None]
    if not shown:
        return None
    from coproduction.figures import MARKERS, PALETTE, colour, new_figure, style

    kinds = list(KINDS)
    with style():
        fig = new_figure(7.5, 5.0)
        ax = fig.subplots()
        ymin = min(-0.3, min(s.discrimination or 0 for s in shown) - 0.1)
        ax.axvspan(-0.02, VERY_HARD, color=PALETTE["grey"], alpha=0.12, lw=0)
        ax.axvspan(VERY_EASY, 1.02, color=PALETTE["grey"], alpha=0.12, lw=0)
        ax.axhspan(ymin, LOW_DISCRIMINATION, color=PALETTE["grey"], alpha=0.12, lw=0)
        for xv in (VERY_HARD, VERY_EASY):
            ax.axvline(xv, color=PALETTE["black"], lw=0.8, ls="--")
        ax.axhline(LOW_DISCRIMINATION, color=PALETTE["black"], lw=0.8, ls="--")
        ax.axhline(0, color=PALETTE["black"], lw=0.8, ls=":")
        for k, kind in enumerate(kinds):
            pts = [s for s in shown if s.item.kind == kind]
            if not pts:
                continue
            ax.scatter(
                [s.facility or 0.0 for s in pts],
                [s.discrimination or 0.0 for s in pts],
                s=60,
                marker=MARKERS[k % len(MARKERS)],
                color=colour(k),
                edgecolors=PALETTE["black"],
                linewidths=0.7,
                label=kind,
                zorder=3,
            )
        spots = [(s.facility or 0.0, s.discrimination or 0.0) for s in shown]
        for s, spot, offset in zip(shown, spots, _label_offsets(spots, ymin), strict=True):
            ax.annotate(
                s.label, spot, xytext=offset, textcoords="offset points", fontsize=8, zorder=4
            )
        ax.text(VERY_HARD / 2, 0.98, "very hard", ha="center", va="top", fontsize=8,
                transform=ax.get_xaxis_transform())  # fmt: skip
        ax.text((VERY_EASY + 1.02) / 2, 0.98, "very easy", ha="center", va="top", fontsize=8,
                transform=ax.get_xaxis_transform())  # fmt: skip
        ax.text(0.5, LOW_DISCRIMINATION - 0.02, "low discrimination", ha="center", va="top",
                fontsize=8)  # fmt: skip
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(ymin, 1.0)
        ax.set_xlabel("Facility (mean score, 0 to 1)")
        ax.set_ylabel("Discrimination (item-rest correlation)")
        ax.set_title(f"Facility and discrimination: {an.students} students")  # no set text
        ax.legend(title="Kind", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        weak = [s.label for s in shown if (s.discrimination or 0) < LOW_DISCRIMINATION]
        alt = (
            f"Scatter plot of facility (horizontal, 0 to 1) against discrimination (vertical) "
            f"for {len(shown)} of {len(an.items)} questions, one marker per question, shaped "
            "and coloured by kind, with dashed lines at facility "
            f"{VERY_HARD:.2f} and {VERY_EASY:.2f} and at discrimination "
            f"{LOW_DISCRIMINATION:.2f}. "
            + "; ".join(
                f"{s.label} facility {_fmt(s.facility)}, discrimination {_fmt(s.discrimination)}"
                for s in shown
            )
            + ". "
            + (
                f"Below the discrimination line: {', '.join(weak)}."
                if weak
                else "Every question plotted is above the discrimination line."
            )
        )
    return fig, alt


def plot_svg(an: Analysis) -> tuple[str, str]:
    """The plot as inline SVG with its alt text, or ("", why there is no plot)."""
    drawn = plot_figure(an)
    if drawn is None:
        return "", "no question has both a facility and a discrimination to plot."
    from coproduction.figures import to_svg

    fig, alt = drawn
    return to_svg(fig, alt), alt


def _summary_table(an: Analysis) -> str:
    head = (
        "Question",
        "Item",
        "Kind",
        "Answered",
        "Not answered",
        "To be marked",
        "Facility",
        "Discrimination",
        "Upper&ndash;lower",
        "Flags",
    )
    rows = []
    for s in an.items:
        disc = _fmt(s.discrimination) if not s.not_computed else f"&ndash; ({esc(s.not_computed)})"
        flags = "; ".join(esc(f) for f in s.flags) or "none"
        rows.append(
            f'<tr><th scope="row"><a href="#{s.label}">{s.label}</a></th>'
            f"<td><code>{esc(s.item.id)}</code></td><td>{esc(s.item.kind)}</td>"
            f'<td class="n">{s.answered}</td><td class="n">{s.not_answered}</td>'
            f'<td class="n">{s.to_be_marked}</td><td class="n">{_fmt(s.facility)}</td>'
            f'<td class="n">{disc}</td><td class="n">{_fmt(s.upper_lower)}</td>'
            f"<td>{flags}</td></tr>"
        )
    return (
        '<table id="summary"><caption>Every question: the data of the plot</caption><thead><tr>'
        + "".join(f'<th scope="col">{h}</th>' for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _parts_table(s: ItemStats) -> str:
    if not s.parts:
        return "<p>No answers to count.</p>"
    what = "Ticked by" if isinstance(s.item, ChoiceItem) and s.item.MANY else "Given by"
    head = (
        "Answer part",
        "Text",
        "Keyed",
        what,
        "Share",
        "Upper 27%",
        "Lower 27%",
        "Mean rest score",
        "Flag",
    )
    rows = []
    for p in s.parts:
        rows.append(
            f'<tr><th scope="row"><code>{esc(p.id)}</code></th><td>{esc(p.text)}</td>'
            f'<td>{"yes" if p.keyed else "no"}</td><td class="n">{p.count}</td>'
            f'<td class="n">{_fmt(p.share, True)}</td><td class="n">{_fmt(p.upper, True)}</td>'
            f'<td class="n">{_fmt(p.lower, True)}</td><td class="n">{_fmt(p.mean_rest)}</td>'
            f"<td>{'<span class=flag>' + esc(p.flag) + '</span>' if p.flag else ''}</td></tr>"
        )
    return (
        f"<table><caption>Answers given to {s.label}</caption><thead><tr>"
        + "".join(f'<th scope="col">{h}</th>' for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _item_section(s: ItemStats) -> str:
    it = s.item
    waiting = f", {s.to_be_marked} still to be marked" if s.to_be_marked else ""
    numbers = (
        f"<p>{s.answered} of {s.students} students answered{waiting}. Facility "
        f"{_fmt(s.facility)}; full marks {_fmt(s.full_marks, True)}; discrimination "
        + (
            f"{_fmt(s.discrimination)}; upper&ndash;lower index {_fmt(s.upper_lower)}."
            if not s.not_computed
            else f"not computed ({esc(s.not_computed)})."
        )
        + "</p>"
    )
    flags = (
        '<ul class="flag">' + "".join(f"<li>{esc(f)}</li>" for f in s.flags) + "</ul>"
        if s.flags
        else ""
    )
    return (
        f'<section class="item" aria-labelledby="{s.label}"><h3 id="{s.label}">{s.label}: '
        f"<code>{esc(it.id)}</code> ({esc(it.kind)}, {number_text(it.max_points)} "
        f"point{'s' if it.max_points != 1 else ''})</h3>"
        f"<p>{esc(' '.join(it.prompt.split()))}</p>{numbers}{flags}{_parts_table(s)}</section>"
    )


def page(an: Analysis) -> str:
    """The item analysis as one self-contained, accessible HTML page."""
    title = f"Item analysis: {an.set.title}"
    notes = []
    few = [s for s in an.items if s.not_computed.startswith("too few")]
    if an.students < MIN_STUDENTS:
        notes.append(
            f"Only {an.students} student{'s were' if an.students != 1 else ' was'} graded. "
            f"Discrimination and flags need at least {MIN_STUDENTS} students scored on a "
            "question, so only the counts and facility are given."
        )
    elif few:
        notes.append(
            f"{len(few)} question(s) have fewer than {MIN_STUDENTS} students scored (short "
            "answers still to be marked): their discrimination is not computed."
        )
    if an.left_out_of_rest:
        notes.append(
            "Left out of every rest score because some answers are still to be marked: "
            + ", ".join(an.left_out_of_rest)
            + ". Grade again with --marks when they are marked."
        )
    svg, alt = plot_svg(an)
    figure = (
        f'<figure aria-describedby="plot-note">{svg}<figcaption id="plot-note">Facility '
        "against discrimination, one marker per question (shape and colour show the kind). "
        "The shaded bands are the flagged regions. The table below gives the same "
        "data.</figcaption></figure>"
        if svg
        else f'<p class="note">No plot: {esc(alt)}</p>'
    )
    sections = "".join(_item_section(s) for s in an.items)
    return html_page(
        title,
        _CSS,
        f"<h1>{esc(title)}</h1>\n"
        f"<p>{an.students} student(s) graded, {len(an.items)} question(s). "
        '<a href="#guide">How to read this</a>.</p>\n'
        + "".join(f'<p class="note">{esc(n)}</p>\n' for n in notes)
        + f'<h2 id="plot">Facility and discrimination</h2>\n{figure}\n{_summary_table(an)}\n'
        + _GUIDE
        + f'<h2 id="questions">Each question</h2>\n{sections}\n',
    )
