"""The comparison explorer (chapter 7): one question, asked of every framework.

The main control picks a question (a row of ``case_data/comparison.yaml``: what
counts as value, who creates it, and so on); the second picks a case. Each state
is a table with that question's answer from each of the seven frameworks and, if
a case is chosen, how each framework reads it, every answer with its source and,
where it is the book's own reading, labelled illustrative. Every state is
precomputed, so both controls work in the static book with no kernel.

Given a case the comparison has no reading of (a reader's own), the explorer adds
it as a third case, whose column says what that case's data hold for each
framework's explorers, so the reader knows which explorers have something to show
and can write the reading themselves.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from html import escape

from coproduction.cases import load_case, load_frameworks
from coproduction.cases.model import Case, Frameworks
from coproduction.figures.comparison import TableDisplay, comparison_table, question_table_html
from coproduction.models.comparison import Comparison, case_coverage, load_comparison
from coproduction.widgets.explorer import ExplorerSpec, StateExplorer, radio

TITLE = "Comparing the frameworks"
NONE = "none"

CAPTION = (
    "Each answer is in the book's words, with its source. Answers marked illustrative "
    "are the book's own synthesis or reading of a framework or case, not claims the "
    "papers make; read each note to see what is reported and what is the book's."
)


def _resolve_case(
    case: Case | str | os.PathLike[str] | None, frameworks: Frameworks
) -> Case | None:
    if case is None or isinstance(case, Case):
        return case
    return load_case(case, frameworks)


def case_options(comp: Comparison, extra: Case | None = None) -> list[tuple[str, str]]:
    """The case control's options: none, each case the comparison reads, and ``extra``."""
    options = [(NONE, "No case")]
    for r in comp.case_rows:
        if r.case is not None:  # always so: case_rows are the rows that read a case
            options.append((r.case, r.label))
    if extra is not None and comp.case_row(extra.id) is None:
        options.append((extra.id, f"{extra.short_title} (your case)"))
    return options


def render_state(
    comp: Comparison,
    question: str,
    case: str,
    extra: Case | None = None,
    frameworks: Frameworks | None = None,
) -> str:
    """The HTML for one state: the question across the frameworks, and the case column."""
    row = comp.row(question)
    case_row = comp.case_row(case) if case != NONE else None
    coverage = None
    case_name = None
    if case != NONE and case_row is None:
        if extra is None or extra.id != case or frameworks is None:
            return (
                "<div class='cpx-compare-state cpx-message'><p>The comparison has no reading "
                f"of the case &ldquo;{escape(case)}&rdquo;.</p></div>"
            )
        coverage = case_coverage(extra, frameworks, comp)
        case_name = extra.short_title
    n = len(row.answers)
    illustrative = sum(a.illustrative for a in row.answers)
    if case_row is not None:
        illustrative += sum(a.illustrative for a in case_row.answers)
    summary = f"{n} frameworks answer &ldquo;{escape(row.question)}&rdquo;"
    if case_row is not None:
        summary += f" and &ldquo;{escape(case_row.question)}&rdquo;"
    elif case_name:
        summary += f", beside what the book's data hold about {escape(case_name)}"
    summary += f". Answers marked illustrative here: {illustrative}."
    table = question_table_html(row, case_row, coverage, case_name)
    return (
        f"<div class='cpx-compare-state' data-question='{escape(question)}' "
        f"data-case='{escape(case)}'><p class='cpx-compare-summary'>{summary}</p>{table}</div>"
    )


def comparison_explorer(
    case: Case | str | os.PathLike[str] | None = None,
    frameworks: Frameworks | None = None,
    *,
    compare: Sequence[str] | None = None,
    comparison: Comparison | None = None,
) -> StateExplorer:
    """An explorer of the comparison: pick a question, and optionally a case.

    Parameters
    ----------
    case:
        Optionally, a case to add: a loaded case, a case id or a case folder. A case
        the comparison already reads (``"ipoa"``) is selected first; any other case
        (a reader's own) becomes a third option showing what its data hold for each
        framework's explorers.
    frameworks:
        The frameworks data, used to count a reader's case's data; loaded by default.
    compare:
        Framework ids to compare, in order (all seven by default).
    comparison:
        The comparison to show; ``case_data/comparison.yaml`` by default.

    Examples
    --------
    >>> ex = comparison_explorer()
    >>> "No single element" in ex.choose(question="creator").current_html
    True
    >>> len(ex.states)
    21
    """
    comp = (comparison or load_comparison()).select(compare)
    fw = frameworks if frameworks is not None else load_frameworks()
    extra = _resolve_case(case, fw)
    questions = [(r.id, r.label) for r in comp.questions]
    cases = case_options(comp, extra)
    initial = {"case": extra.id} if extra is not None else {}
    title = TITLE
    if extra is not None and comp.case_row(extra.id) is None:  # a case of the reader's own
        title = f"{TITLE}, with {extra.short_title}"
    spec = ExplorerSpec(
        title=title,
        controls=[
            radio(
                "question", "Question", questions, help="Which question to ask of every framework."
            ),
            radio(
                "case",
                "Case",
                cases,
                help="Add a column showing how each framework reads a case.",
            ),
        ],
        render=lambda choice: render_state(comp, choice["question"], choice["case"], extra, fw),
        caption=CAPTION,
        initial=initial,
    )
    return StateExplorer(spec)


def comparison_print(
    rows: Sequence[str] | None = None,
    caption: str | None = None,
    compare: Sequence[str] | None = None,
) -> TableDisplay:
    """The whole comparison (or chosen rows) as one table, for print."""
    return comparison_table(rows=rows, frameworks=compare, caption=caption)
