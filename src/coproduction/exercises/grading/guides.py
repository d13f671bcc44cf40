"""What a marker is given: a marking guide per short-answer item, and the marker's pack.

``short-answers/<item-id>.html``, a marking guide (:func:`marking_guide`)
    A self-contained, printable, accessible page: the question as students saw it
    and its word limit, every criterion with every level's points and descriptor,
    the model answer, the item's note and source, how to fill in the sheet, and then
    every answer to mark (student id, word count, the answer with its line breaks) in
    the order of the sheet ``<item-id>.csv``.

``markers-pack.zip`` (:func:`write_marking`)
    Only what a marker needs: ``README.txt`` and, under ``short-answers/``, each
    short-answer item's sheet and guide. No other item, no score, no total and not
    the set file. Written only when the set has short answers. Its entries are
    stored in a fixed order with a fixed time, so the same marking gives the same
    bytes.

:func:`briefing_pack` makes the guides and a pack before any grading (the
``marking-pack`` command), to brief markers early: the same guides without answers,
and no sheets.

Every text from the set or a student is escaped for HTML, so an answer holding
``<script>`` is shown as text and never run.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from coproduction.exercises.grading.cells import number_text
from coproduction.exercises.grading.marks import (
    criterion_header,
    sheet_bytes,
    sheet_name,
    sheet_stem,
    to_mark,
    words,
)
from coproduction.exercises.grading.pages import esc, page
from coproduction.exercises.grading.records import Answer, Graded
from coproduction.exercises.kinds import ShortItem
from coproduction.exercises.sets import AssessedSet

__all__ = [
    "FOLDER",
    "PACK",
    "README",
    "briefing_pack",
    "guide_name",
    "marking_guide",
    "pack_readme",
    "write_marking",
    "write_zip",
]

#: The pack's file name, in the results folder.
PACK = "markers-pack.zip"
#: The pack's instructions for markers.
README = "README.txt"
#: The folder of sheets and guides, in the results folder and in the pack.
FOLDER = "short-answers"
#: Every entry of the pack carries this time (zip times have no time zone).
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.5;margin:0;
color:#1b1b1b;background:#fff}
main{max-width:50rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-top:1px solid #767676;
padding-top:.5rem}h3{font-size:1.05rem;margin-bottom:.25rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600;padding:.25rem 0}
blockquote{margin:.25rem 0 1rem;padding:.25rem 0 .25rem 1rem;border-left:4px solid #767676;
white-space:pre-wrap;overflow-wrap:anywhere}
.over{font-weight:600;color:#8a3b00}
a{color:#0b5cad}a:focus{outline:3px solid #e69f00;outline-offset:2px}
.answer{break-inside:avoid}
@media (prefers-color-scheme:dark){body{color:#eee;background:#121212}.over{color:#ffb37a}
a{color:#8cc4ff}}
@media print{body{color:#000;background:#fff;font-size:11pt}main{max-width:none;padding:0}
nav{display:none}a{color:#000;text-decoration:none}.over{color:#000}
#answers{break-before:page}h2,h3{break-after:avoid}.criterion,tr{break-inside:avoid}}
"""


def guide_name(item: ShortItem) -> str:
    """The guide's file name, beside the sheet (:func:`~.marks.sheet_name`)."""
    return f"{sheet_stem(item)}.html"


def _points(x: float) -> str:
    return f"{number_text(x)} point{'' if x == 1 else 's'}"


def _question(number: int, item: ShortItem) -> str:
    limit = (
        f"at most {item.max_words} words (students saw a running count of their words)."
        if item.max_words
        else "none."
    )
    criteria = "".join(
        f"<li>{esc(c.criterion)} ({_points(c.max_points)})</li>" for c in item.rubric
    )
    return (
        '<section aria-labelledby="question"><h2 id="question">The question</h2>'
        f"<p>Question {number} of the set, worth {_points(item.max_points)}. Students saw:</p>"
        f"<blockquote>{esc(item.prompt)}</blockquote>"
        f"<p>Word limit: {limit}</p>"
        f"<p>and were told it is marked on:</p><ul>{criteria}</ul>"
        "<p>They did not see the level descriptors or the model answer below.</p></section>"
    )


def _rubric(item: ShortItem) -> str:
    parts = ['<section aria-labelledby="rubric"><h2 id="rubric">The rubric</h2>']
    for n, c in enumerate(item.rubric, 1):
        rows = "".join(
            f'<tr><th scope="row">{number_text(p)}</th><td>{esc(d)}</td></tr>' for p, d in c.levels
        )
        parts.append(
            f'<div class="criterion"><h3 id="criterion-{n}">{n}. {esc(c.criterion)}</h3>'
            f"<p>Column <code>{esc(criterion_header(item, c.id))}</code> of the sheet: "
            f"0 to {_points(c.max_points)}.</p>"
            f"<table><caption>Levels of criterion {n}</caption>"
            '<thead><tr><th scope="col">Points</th><th scope="col">Descriptor</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
        )
    parts.append("</section>")
    return "".join(parts)


def _model(item: ShortItem) -> str:
    note = f"<h3>Note</h3><p>{esc(item.note)}</p>" if item.note else ""
    return (
        '<section aria-labelledby="model"><h2 id="model">The model answer</h2>'
        f"<blockquote>{esc(item.model_answer)}</blockquote>"
        f"{note}<h3>Source</h3><p>{esc(item.source)}</p></section>"
    )


def _how(item: ShortItem, graded: bool) -> str:
    sheet = esc(sheet_name(item))
    where = (
        f"Marks go in the sheet <code>{sheet}</code> beside this guide: a row per answer, in "
        "the order of the answers below."
        if graded
        else f"Marks will go in the sheet <code>{sheet}</code>, which comes with the answers "
        "once they are graded: a row per answer."
    )
    return (
        '<section aria-labelledby="how"><h2 id="how">How to fill in the sheet</h2>'
        f"<p>{where}</p><ul>"
        "<li>Give a number for <strong>every</strong> criterion of an answer you mark. "
        "<strong>0 is a mark.</strong> Leave every criterion empty for an answer you have "
        "not marked yet: a row with only some criteria filled in is not used.</li>"
        "<li>Any number from 0 to the criterion's maximum is accepted, including half "
        "marks such as 1.5 (a decimal comma, 1,5, is read too). The levels are the anchors: "
        "a mark between two levels counts, but the student's feedback page then shows no "
        "level descriptor for it.</li>"
        "<li>The <code>comment</code> column is optional; the student sees it on their "
        "feedback page.</li>"
        "<li>Do not change the <code>student</code> column, row 1 (the headings) or the "
        "file's name. The <code>answer</code> and <code>words</code> columns are for "
        "reading only.</li>"
        "<li>Save it as CSV (a spreadsheet's CSV UTF-8 is best; semicolons and decimal "
        "commas are read too) and return it to the lecturer, who grades again with the "
        "filled-in sheets. Every cell is checked, and a cell that cannot be used is reported "
        "with its row and column.</li></ul></section>"
    )


def _answers(item: ShortItem, answers: Sequence[tuple[str, Answer]]) -> str:
    n = len(answers)
    head = (
        f'<section id="answers" aria-labelledby="answers-h"><h2 id="answers-h">Answers to '
        f"mark ({n})</h2>"
    )
    if not answers:
        return head + "<p>No student answered this question.</p></section>"
    parts = [
        head,
        "<p>In the order of the sheet: answer 1 is in row 2, the row after the headings.</p>",
    ]
    for k, (student, a) in enumerate(answers, 1):
        text = str(a.answer)
        count = words(text)
        over = (
            f' <span class="over">Over the limit of {item.max_words} words.</span>'
            if item.max_words and count > item.max_words
            else ""
        )
        parts.append(
            f'<article class="answer" aria-labelledby="a{k}"><h3 id="a{k}">Answer {k} of {n}: '
            f"{esc(student)}</h3><p>Sheet row {k + 1}. {count} word{'' if count == 1 else 's'}."
            f"{over}</p><blockquote>{esc(text)}</blockquote></article>"
        )
    parts.append("</section>")
    return "".join(parts)


def marking_guide(
    aset: AssessedSet, item: ShortItem, answers: Sequence[tuple[str, Answer]] | None
) -> str:
    """The marking guide of ``item`` (a self-contained HTML page); ``answers`` are the
    answers to mark in the sheet's order, or None for a guide made before grading."""
    number = next(n for n, it in enumerate(aset.items, 1) if it.id == item.id)
    title = f"{aset.title}: marking guide for question {number} ({item.id})"
    nav = [
        ("question", "The question"),
        ("rubric", "The rubric"),
        ("model", "The model answer"),
        ("how", "How to fill in the sheet"),
    ]
    if answers is not None:
        nav.append(("answers-h", f"Answers to mark ({len(answers)})"))
    links = "".join(f'<li><a href="#{i}">{esc(t)}</a></li>' for i, t in nav)
    before = (
        ""
        if answers is not None
        else "<p>This guide was made before grading: the answers to mark, and the sheet "
        "for the marks, come after it.</p>"
    )
    return page(
        title,
        _CSS,
        f"<h1>{esc(aset.title)}: marking guide for question {number}</h1>\n"
        f"<p>Question <code>{esc(item.id)}</code> of set <code>{esc(aset.id)}</code>. This "
        "guide holds the model answer and students' work: keep it among the markers.</p>\n"
        f"{before}"
        f'<nav aria-label="Contents"><ul>{links}</ul></nav>\n'
        f"{_question(number, item)}\n{_rubric(item)}\n{_model(item)}\n"
        f"{_how(item, answers is not None)}\n"
        f"{_answers(item, answers) if answers is not None else ''}\n",
    )


def pack_readme(
    aset: AssessedSet, items: Sequence[ShortItem], counts: Mapping[str, int] | None
) -> str:
    """``README.txt`` of the pack: what is in it, what to do, how to return the sheets.
    ``counts`` is the number of answers to mark per item, or None before grading."""
    lines = [
        f"Marking the short answers of {aset.title} (set {aset.id})",
        "",
        "This pack holds what you need to mark the short-answer questions, and",
        "nothing of the other questions. It holds the model answers"
        + (" and students' answers:" if counts is not None else ":"),
        "keep it among the markers and do not pass it to students.",
        "",
        "What is in it, in the folder short-answers/:",
        "",
    ]
    numbers = {it.id: n for n, it in enumerate(aset.items, 1)}
    for it in items:
        lines.append(f"Question {numbers[it.id]} ({it.id}), {_points(it.max_points)}:")
        if counts is not None:
            n = counts.get(it.id, 0)
            lines.append(f"  {sheet_name(it)} is the sheet for your marks: {n} answer(s) to mark.")
        lines += [
            f"  {guide_name(it)} is the marking guide: the question, the rubric with every",
            "    level's descriptor and the model answer"
            + (", then every answer to mark in" if counts is not None else "."),
        ]
        if counts is not None:
            lines.append("    the order of the sheet.")
        lines += ["    Open it in a web browser; it prints.", ""]
    if counts is None:
        return "\n".join(
            [
                *lines,
                "This pack was made before grading, to brief you: the sheets, and a",
                "guide listing every answer to mark, come once the answers are graded.",
                "",
                "What to do now:",
                "",
                "1. Read the guide of each question: its rubric, every level's descriptor",
                "   and the model answer.",
                "2. Agree with the other markers how you will read each level (marking a",
                "   few sample answers together helps), and raise any doubt about the",
                "   rubric with the lecturer before marking starts.",
                "3. Once the answers are graded, the lecturer sends you the marking pack:",
                "   a sheet per question and a guide listing every answer to mark. Its",
                "   README.txt says how to fill in the sheets and return them.",
                "",
            ]
        )
    lines += [
        "What to do:",
        "",
        "1. Read the guide of a question: its rubric and model answer first.",
        "2. In the question's sheet, give a number for every criterion of each",
        "   answer you mark. 0 is a mark. Leave every criterion empty for an answer",
        "   you have not marked yet; a row with only some criteria filled in is not",
        "   used. Any number from 0 to the criterion's maximum (in its column's",
        "   heading) is accepted, including half marks such as 1.5.",
        "3. Add a comment if you like: the student sees it on their feedback page.",
        "4. Do not change the student column, row 1 (the headings) or the file",
        "   names. Save the sheets as CSV (CSV UTF-8 is best; semicolons and",
        "   decimal commas are read too).",
        "",
        "Returning the sheets:",
        "",
        "Send the filled-in .csv files back to the lecturer (the whole short-answers",
        "folder is fine: the guides in it are ignored). The lecturer grades again",
        "with them (coproduction-exercises grade ... --marks FOLDER), which checks",
        "every cell and lists any it cannot use by sheet, row and column. Rows left",
        "empty stay to be marked, so marking can be returned in parts.",
        "",
    ]
    return "\n".join(lines)


def write_zip(path: Path, entries: Mapping[str, bytes]) -> None:
    """A zip of ``entries`` (name to bytes) in order of name, each with a fixed time
    and permissions, so the same entries always give the same bytes."""
    tmp = path.with_name(path.name + ".part")  # never a half-written pack under its name
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for name in sorted(entries):
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.create_system = 3  # Unix, so the permissions read the same everywhere
                z.writestr(info, entries[name])
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _entries(
    aset: AssessedSet, items: Sequence[ShortItem], kept: Mapping[str, Graded] | None
) -> dict[str, bytes]:
    """The pack's entries: each item's guide (and, once graded, its sheet) and the README."""
    entries: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for it in items:
        answers = None if kept is None else to_mark(it, kept)
        entries[f"{FOLDER}/{guide_name(it)}"] = marking_guide(aset, it, answers).encode("utf-8")
        if kept is not None and answers is not None:
            entries[f"{FOLDER}/{sheet_name(it)}"] = sheet_bytes(it, kept)
            counts[it.id] = len(answers)
    readme = pack_readme(aset, items, None if kept is None else counts)
    entries[README] = readme.replace("\n", "\r\n").encode("utf-8")  # for any text editor
    return entries


def _short_items(aset: AssessedSet) -> list[ShortItem]:
    return [it for it in aset.items if isinstance(it, ShortItem)]


def write_marking(out: Path, aset: AssessedSet, kept: Mapping[str, Graded]) -> Path | None:
    """Write each short-answer item's guide into ``out/short-answers/`` (beside the
    sheets) and the pack ``out/markers-pack.zip``; return the pack's path, or None
    (nothing written) when the set has no short answers."""
    items = _short_items(aset)
    if not items:
        return None
    entries = _entries(aset, items, kept)
    for it in items:
        name = f"{FOLDER}/{guide_name(it)}"
        (out / name).write_bytes(entries[name])
    write_zip(out / PACK, entries)
    return out / PACK


def briefing_pack(aset: AssessedSet, out: Path) -> Path | None:
    """Before grading: the guides (without answers) in ``out/short-answers/`` and a pack
    of them with ``README.txt``; None (nothing written) when the set has no short
    answers."""
    items = _short_items(aset)
    if not items:
        return None
    entries = _entries(aset, items, None)
    (out / FOLDER).mkdir(parents=True, exist_ok=True)
    for it in items:
        name = f"{FOLDER}/{guide_name(it)}"
        (out / name).write_bytes(entries[name])
    write_zip(out / PACK, entries)
    return out / PACK
