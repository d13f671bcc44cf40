"""The comparison of frameworks as accessible HTML tables (chapter 7).

A comparison of seven frameworks on nine questions is text, not a picture, so its
"figure" is a table: a real ``<table>`` with a ``<caption>``, column headers
(``th scope="col"``) and a row header for each framework (``th scope="row"``),
which screen readers can navigate cell by cell and which prints as it looks.
Every answer carries its source in plain text, and an answer that is the book's
own synthesis or reading says so in words ("Illustrative").

- :func:`question_table_html`: one question across the frameworks, optionally with
  how each reads a case (the explorer's view);
- :func:`full_table_html`: every question, grouped, for print;
- :func:`comparison_table`: the full table, or chosen rows, ready to display in a
  notebook or the book.

Examples
--------
>>> html = comparison_table(rows=["creator"]).html
>>> html.startswith("<table") and "<caption>" in html and 'scope="row"' in html
True
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from html import escape

from coproduction.models.comparison import (
    Answer,
    Comparison,
    Coverage,
    FrameworkInfo,
    Row,
    load_comparison,
)

CELL_STYLE = "vertical-align:top;text-align:left"


def _chapter(f: FrameworkInfo) -> str:
    n = f.chapter_number
    return f"Chapter {n}" if n is not None else f.chapter


def framework_header(f: FrameworkInfo) -> str:
    """A framework's row header: its short name and its chapter."""
    return (
        f'<th scope="row" style="{CELL_STYLE}" data-framework="{escape(f.id)}">'
        f"{escape(f.short_name)}<br><small>{escape(_chapter(f))}</small></th>"
    )


def answer_html(a: Answer) -> str:
    """One answer: its text, its sources and, in words, whether the book added it."""
    parts = [f"Source: {escape(a.provenance)}."]
    if a.illustrative:
        parts.insert(0, "<strong>Illustrative</strong> (the book's synthesis or reading).")
        parts.append(escape(a.note or ""))
    elif a.note:
        parts.append(f"Note: {escape(a.note)}")
    return (
        f"<p>{escape(a.text)}</p>"
        f"<p class='cpx-source'><small>{' '.join(p for p in parts if p)}</small></p>"
    )


def coverage_html(c: Coverage, case_name: str) -> str:
    """What a case's data hold for one framework's explorers, for a case with no reading."""
    items = "".join(
        f"<li>{i.count} {escape(i.label)} <small>({escape(i.where)})</small></li>" for i in c.items
    )
    explorers = ", ".join(f"<code>{escape(e)}</code>" for e in c.framework.explorers)
    if c.has_data:
        lead = f"The book has no reading of {escape(case_name)}; its data hold:"
    else:
        lead = (
            f"The book has no reading of {escape(case_name)}, and its data hold nothing for "
            "this framework's explorers yet:"
        )
    return f"<p>{lead}</p><ul>{items}</ul><p><small>Explorer to run: {explorers}.</small></p>"


def question_table_html(
    row: Row,
    case_row: Row | None = None,
    coverage: Sequence[Coverage] | None = None,
    case_name: str | None = None,
    caption: str | None = None,
) -> str:
    """One question across the frameworks, with an optional column on a case.

    Parameters
    ----------
    row:
        The question (a row of the comparison).
    case_row:
        The row reading a case (``How does it read the IPoA?``), shown as a second
        column; or ``None``.
    coverage, case_name:
        For a case the comparison has no reading of: what its data hold for each
        framework's explorers (from :func:`coproduction.models.comparison.case_coverage`),
        shown as the second column instead.
    caption:
        The table's caption; by default, the question.
    """
    extra = None
    if case_row is not None:
        extra = escape(case_row.question)
    elif coverage is not None:
        extra = f"What the book's data hold about {escape(case_name or 'this case')}"
    cov = {c.framework.id: c for c in coverage or ()}
    head = f'<th scope="col" style="{CELL_STYLE}">Framework</th>'
    head += f'<th scope="col" style="{CELL_STYLE}">{escape(row.question)}</th>'
    if extra:
        head += f'<th scope="col" style="{CELL_STYLE}">{extra}</th>'
    body = []
    for a in row.answers:
        cells = framework_header(a.framework) + f'<td style="{CELL_STYLE}">{answer_html(a)}</td>'
        if case_row is not None:
            cells += f'<td style="{CELL_STYLE}">{answer_html(case_row.answer(a.framework.id))}</td>'
        elif coverage is not None:
            inner = (
                coverage_html(cov[a.framework.id], case_name or "this case")
                if a.framework.id in cov
                else "<p>No data.</p>"
            )
            cells += f'<td style="{CELL_STYLE}">{inner}</td>'
        body.append(f"<tr>{cells}</tr>")
    cap = escape(caption) if caption else escape(row.question)
    return (
        f'<table class="table cpx-compare" data-row="{escape(row.id)}">'
        f"<caption>{cap}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def full_table_html(comp: Comparison, caption: str | None = None) -> str:
    """Every row of a comparison in one table, one group of rows per question.

    Each question heads its group (``th scope="rowgroup"``); each framework's answer
    follows under a row header.
    """
    groups = []
    for r in comp.rows:
        rows = [
            f'<tr><th scope="rowgroup" colspan="2" style="{CELL_STYLE}" '
            f'data-row="{escape(r.id)}">{escape(r.question)}</th></tr>'
        ]
        rows += [
            f"<tr>{framework_header(a.framework)}"
            f'<td style="{CELL_STYLE}">{answer_html(a)}</td></tr>'
            for a in r.answers
        ]
        groups.append(f"<tbody>{''.join(rows)}</tbody>")
    n_f, n_q = len(comp.frameworks), len(comp.rows)
    cap = caption or f"{n_f} frameworks compared on {n_q} questions."
    return (
        '<table class="table cpx-compare cpx-compare-full">'
        f"<caption>{escape(cap)}</caption>"
        f'<thead><tr><th scope="col" style="{CELL_STYLE}">Framework</th>'
        f'<th scope="col" style="{CELL_STYLE}">Answer, with its source</th></tr></thead>'
        f"{''.join(groups)}</table>"
    )


class TableDisplay:
    """An HTML table that displays itself in notebooks and in the built book."""

    def __init__(self, html: str):
        self.html = html

    def _repr_html_(self) -> str:
        return self.html


def comparison_table(
    rows: Sequence[str] | None = None,
    frameworks: Sequence[str] | None = None,
    caption: str | None = None,
    path: str | os.PathLike[str] | None = None,
) -> TableDisplay:
    """The comparison as one table, for print or for a chapter's text.

    Parameters
    ----------
    rows:
        Row ids to show, in order (all by default); an unknown id raises
        :class:`coproduction.models.comparison.UnknownIdError` naming the ids.
    frameworks:
        Framework ids to show, in order (all seven by default).
    caption:
        The table's caption.
    path:
        Another comparison file; ``case_data/comparison.yaml`` by default.
    """
    comp = load_comparison(path).select(frameworks)
    if rows is not None:
        chosen = tuple(comp.row(r) for r in rows)
        comp = Comparison(comp.file, comp.sources, comp.frameworks, chosen)
    return TableDisplay(full_table_html(comp, caption))
