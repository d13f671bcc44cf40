"""Feedback pages: one self-contained, accessible HTML page per student.

Each question shows the student's answer in words (the kind's
:meth:`~coproduction.exercises.kinds.Item.describe`), whether it was late, the
result, a marker's marks (:meth:`~coproduction.exercises.kinds.Item.describe_marks`)
and the checker's feedback. The pages load nothing from outside and follow the
reader's dark mode.
"""

from __future__ import annotations

import csv
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from coproduction.exercises.filenames import safe_stem
from coproduction.exercises.grading.cells import cell, number_text, shorten
from coproduction.exercises.grading.pages import esc, page
from coproduction.exercises.grading.records import Answer, Graded, Problem
from coproduction.exercises.kinds import Item
from coproduction.exercises.sets import AssessedSet

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.5;margin:0;
color:#1b1b1b;background:#fff}
main{max-width:46rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1rem;margin-bottom:.25rem}
section{border-top:1px solid #767676;padding-top:.5rem}
.verdict{font-weight:600}.late{color:#8a3b00}
table{border-collapse:collapse}th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left}
blockquote{margin:0;padding-left:1rem;border-left:4px solid #767676;white-space:pre-wrap}
@media (prefers-color-scheme:dark){body{color:#eee;background:#121212}.late{color:#ffb37a}}
"""


def safe_name(student: str) -> str:
    """The file-name form of a student id: letters and digits of any script, ``-_.``;
    at most 100 bytes; a short hash of the id added when anything was changed or cut,
    so different ids never share a name (:func:`~coproduction.exercises.filenames.safe_stem`).
    """
    return safe_stem(student, mark_changes=True)


def describe_answer(item: Item, answer: Any) -> str:
    """A student's answer in words (HTML), using the question's own texts; the answer
    as given (in ``<code>``) if the item cannot describe it."""
    try:
        return item.describe(answer)
    except (KeyError, TypeError, AttributeError, ValueError, OverflowError):
        return f"<p><code>{esc(shorten(answer, 400))}</code></p>"


def answer_words(item: Item, answer: Any) -> str:
    """A student's answer in plain words (for a CSV cell): the texts of the options,
    pairs or steps chosen, ``; `` between them; '' for a short answer (its text is the
    answer itself).

    >>> from coproduction.exercises.kinds import SingleItem, Option
    >>> it = SingleItem(id="q", kind="single", prompt="?", source="s", options=(
    ...     Option("a", "Consumer & co", ".", True), Option("b", "Enhanced", ".", False)))
    >>> answer_words(it, "a")
    'Consumer & co'
    """
    if not item.auto:
        return ""
    text = re.sub(r"</li>\s*<li>", "; ", describe_answer(item, answer))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _answer_part(a: Answer) -> list[str]:
    """The student's answer, whether it was late, and its result."""
    if a.status == "wrong shape":
        parts = [f"<p><code>{esc(shorten(a.answer, 400))}</code></p>"]
    else:
        parts = [describe_answer(a.item, a.answer)]
    if a.late == "yes":
        parts.append('<p class="late">This answer was given after the deadline.</p>')
    elif a.late == "file late":
        parts.append(
            '<p class="late">Your file was handed in after the deadline; this answer was '
            "counted and marked late.</p>"
        )
    elif a.late == "dropped":
        parts.append(
            '<p class="late">A later answer came after the deadline and was not counted; '
            "this is your last answer before it.</p>"
        )
    if a.status == "wrong shape":
        parts.append(
            "<p>This answer could not be read as an answer to this question, so it scores 0.</p>"
        )
    elif a.status not in ("to be marked", "marked"):
        parts.append(f'<p class="verdict">Result: {esc(a.status)}.</p>')
    return parts


def _item_section(n: int, a: Answer, decimals: int) -> str:
    it = a.item
    pts = a.points
    unit = "point" if it.max_points == 1 else "points"
    got = (
        "not yet marked"
        if pts is None
        else f"{number_text(pts, decimals)} of {number_text(it.max_points)} {unit}"
    )
    parts = [
        f'<section aria-labelledby="q{n}"><h2 id="q{n}">Question {n}: {got}</h2>',
        f"<p>{esc(it.prompt)}</p>",
        "<h3>Your answer</h3>",
    ]
    if not a.answered and a.late == "dropped (file late)":
        parts.append(
            '<p class="late">Your file was handed in after the deadline, so your answer to '
            "this question was not counted.</p></section>"
        )
        return "".join(parts)
    changed = (
        "was changed in your file after it was recorded, so it was not counted; ask your "
        "lecturer about it"
    )
    if not a.answered:
        if a.status == "void":
            parts.append(f'<p class="late">Your answer to this question {changed}.</p>')
        elif a.late == "dropped":
            parts.append(
                '<p class="late">Your answer came after the deadline and was not counted.</p>'
            )
        else:
            parts.append("<p>You did not answer this question.</p>")
        parts.append("</section>")
        return "".join(parts)
    parts += _answer_part(a)
    if a.void:
        parts.append(
            f'<p class="late">A later answer to this question {changed}. This is your last '
            "answer before it.</p>"
        )
    # A marker's marks only once the answer is fully marked (not a half-filled row).
    parts.append(it.describe_marks(a.marks if a.status == "marked" else None, a.comment))
    result = a.result()
    feedback = [t for t in (result.feedback if result else ()) if t]
    if feedback:
        parts.append("<h3>Feedback</h3>")
        parts.append("".join(f"<p>{esc(t)}</p>" for t in feedback))
    if it.note:
        parts.append(f'<p class="note"><strong>Note:</strong> {esc(it.note)}</p>')
    parts.append("</section>")
    return "".join(parts)


def feedback_page(aset: AssessedSet, g: Graded) -> str:
    """A self-contained, accessible HTML page for one student (no outside resources)."""
    d = aset.decimals
    pending = g.unmarked
    most = number_text(aset.max_points)
    if pending:
        waiting = number_text(g.awaiting_marking)
        standing = (
            f"Marked so far: <strong>{number_text(g.total, d)} points</strong>; "
            f"{pending} answer{'s are' if pending != 1 else ' is'} not yet marked "
            f"({waiting} more point{'s' if waiting != '1' else ''} to be decided), so there is "
            f"no total yet (the set has {most} points)."
        )
    else:
        standing = f"Total: <strong>{number_text(g.total, d)} of {most} points</strong>."
    body = "".join(_item_section(n, g.answers[it.id], d) for n, it in enumerate(aset.items, 1))
    title = f"{aset.title}: results for {g.student}"
    return page(
        title,
        _CSS,
        f"<h1>{esc(aset.title)}</h1>\n"
        f"<p>Student: <strong>{esc(g.student)}</strong>. {standing}</p>\n"
        f"{body}\n",
    )


def page_names(students: Iterable[str]) -> dict[str, str]:
    """Each student's page file name: safe, bounded, and unique even on a file system
    that ignores case or normalises Unicode (``-2``, ``-3`` added to a clash)."""
    used: set[str] = set()
    names = {}
    for student in sorted(students):
        name = safe_name(student)
        base, n = name, 2
        while unicodedata.normalize("NFC", name).casefold() in used:
            name, n = f"{base}-{n}", n + 1
        used.add(unicodedata.normalize("NFC", name).casefold())
        names[student] = f"{name}.html"
    return names


def write_pages(folder: Path, aset: AssessedSet, kept: Mapping[str, Graded]) -> list[Problem]:
    """``<student>.html`` for each graded student, and ``pages.csv`` saying whose page
    is which. A page that cannot be written is returned as a problem; the others are
    still written."""
    failed: list[Problem] = []
    names = page_names(kept)
    written: list[tuple[str, str]] = []
    for student, name in names.items():
        try:
            page = feedback_page(aset, kept[student])
            (folder / name).write_text(page, encoding="utf-8")
        except Exception as err:  # noqa: BLE001 - one page must not stop the others
            why = err.strerror if isinstance(err, OSError) and err.strerror else type(err).__name__
            failed.append(
                Problem(
                    f"feedback/{name}",
                    student,
                    "not-written",
                    f"the feedback page could not be written ({why}); the other pages and "
                    "files were written",
                )
            )
            continue
        written.append((student, name))
    with open(folder / "pages.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "page"])
        for student, name in written:
            w.writerow([cell(student), name])
    return failed
