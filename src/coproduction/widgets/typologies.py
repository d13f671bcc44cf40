"""Explorers for Osborne's typologies: the three modes and the 2x2 matrix.

Both are thin views over :mod:`coproduction.models.typologies`: every state is
rendered in Python when the book is built, so the controls work in the static
book with no kernel. The scenarios come from ``frameworks/scenarios.yaml``: the
papers' own examples plus those of the case passed in. A case with no
scenarios still works; the explorer says so and offers the papers' examples.

Examples
--------
>>> ex = modes_explorer("scottish-social-security")
>>> "Participative co-production" in ex.choose(scenario="scottish-experience-panels").current_html
True
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from html import escape

from coproduction.cases import load_case, load_frameworks
from coproduction.cases.model import Case, Frameworks, Record, Scenario, Source
from coproduction.figures import FigureDisplay, figure_html, show
from coproduction.figures.typologies import matrix_figure, modes_figure
from coproduction.models.typologies import (
    case_scenarios,
    cell_by_id,
    cell_for,
    dimension_values,
    mode_cell_links,
    mode_for,
    modes_in_cell,
    roman,
    scenarios_for,
    select_cell,
)
from coproduction.widgets.explorer import ExplorerSpec, StateExplorer, radio

MODES_TITLE = "Modes of co-production explorer"
MATRIX_TITLE = "Co-production matrix explorer"
NO_SCENARIO = "none"
MAX_MATRIX_SCENARIOS = 9
"""Scenarios offered by the matrix explorer: 2 x 2 dimension choices x (9 + none) = 40 states."""


# Shared pieces -------------------------------------------------------------------


def _resolve(case: Case | str, frameworks: Frameworks | None) -> tuple[Case, Frameworks]:
    fw = frameworks if frameworks is not None else load_frameworks()
    return (case if isinstance(case, Case) else load_case(case, fw)), fw


def _citation(fw: Frameworks, case: Case, paper: str) -> str:
    if paper == "book":
        return "added by this book"
    for ref in (*fw.sources, *case.sources):
        if ref.key == paper:
            return ref.citation
    return paper


def _source(fw: Frameworks, case: Case, src: Source) -> str:
    return f"{_citation(fw, case, src.paper)}, {src.where}"


def _status(record: Record) -> str:
    """A visible label for illustrative content, with its note."""
    if not record.illustrative:
        return "<p class='cpx-status'><strong>Reported</strong> by the source.</p>"
    note = escape(record.note) if record.note else "added by the book to teach."
    return f"<p class='cpx-status'><strong>Illustrative:</strong> {note}</p>"


def _case_note(fw: Frameworks, case: Case) -> str:
    """A message for a case that has no scenarios of its own."""
    if case_scenarios(fw, case.id):
        return ""
    return (
        "<p class='cpx-message'><strong>No scenarios for this case.</strong> The case "
        f"{escape(case.short_title)} has no scenarios in frameworks/scenarios.yaml, so "
        "only the papers' examples are offered. To place it, add scenarios with "
        f"<code>case: {escape(case.id)}</code>, or describe it in words and try "
        "<code>classify_text</code> from <code>coproduction.models.typologies</code> "
        "in a live notebook.</p>"
    )


def _scenario_heading(case: Case, sc: Scenario) -> str:
    origin = (
        f" <small>(from the case {escape(case.short_title)})</small>" if sc.case == case.id else ""
    )
    return f"<p><strong>Scenario: {escape(sc.name)}</strong>{origin}</p><p>{escape(sc.text)}</p>"


def _options(scenarios: tuple[Scenario, ...]) -> list[tuple[str, str]]:
    return [(s.id, s.name) for s in scenarios]


# The modes explorer ------------------------------------------------------------------


def modes_explorer(
    case: Case | str = "scottish-social-security", frameworks: Frameworks | None = None
) -> StateExplorer:
    """An explorer that places scenarios among the three modes of co-production.

    Its one control, ``scenario``, offers the papers' examples and the
    scenarios of ``case``. Each state shows the mode, its level(s) and aim, why
    the scenario sits there, the model's reasons (level of the activity, what
    users contribute, whether the service paradigm changes), the mode's key
    ideas, where the mode's scenarios fall in the matrix, and the figure.

    Parameters
    ----------
    case:
        A case id or a loaded :class:`Case`; only its scenarios are used.
    frameworks:
        The frameworks; by default ``load_frameworks()``.
    """
    case, fw = _resolve(case, frameworks)
    scenarios = scenarios_for(fw, case.id)
    links = {link.mode.id: link for link in mode_cell_links(fw)}
    note = _case_note(fw, case)

    @functools.cache
    def figure(mode_id: str | None) -> str:
        return figure_html(*modes_figure(fw, highlight=mode_id))

    def render(choice: Mapping[str, str]) -> str:
        if choice["scenario"] == NO_SCENARIO:
            return (
                "<div class='cpx-typologies'><p class='cpx-message'><strong>No scenarios "
                "available.</strong> The frameworks have no scenarios.yaml, so there is "
                f"nothing to place; the three modes are shown below.</p>{note}"
                f"{figure(None)}</div>"
            )
        sc = next(s for s in scenarios if s.id == choice["scenario"])
        placed = mode_for(fw, sc)
        parts = ["<div class='cpx-typologies'>", _scenario_heading(case, sc)]
        if placed.mode is None:
            rows = [("Mode", "None yet: this scenario fits no mode")]
        else:
            m = placed.mode
            rows = [
                ("Mode", m.name),
                ("Level", " and ".join(lv.name for lv in placed.levels)),
                ("Aim", m.aim),
                ("Roots", m.roots),
            ]
        parts.append(
            "<table class='cpx-table'>"
            + "".join(
                f"<tr><th scope='row'>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows
            )
            + "</table>"
        )
        parts.append(figure(placed.mode.id if placed.mode else None))
        parts.append(f"<p><strong>Why here:</strong> {escape(sc.why_mode)}</p>")
        parts.append(
            "<p><strong>What the modes turn on:</strong></p><ul>"
            + "".join(f"<li>{escape(r)}</li>" for r in placed.reasons)
            + "</ul>"
        )
        if placed.mode is not None:
            m = placed.mode
            if m.key_ideas:
                parts.append(
                    f"<p><strong>Key ideas of {escape(m.name.lower())}:</strong> "
                    + escape("; ".join(m.key_ideas))
                    + ".</p>"
                )
            link = links[m.id]
            parts.append(
                "<p><strong>Seen through the matrix:</strong> "
                + escape(link.summary(fw))
                + (" (Illustrative: most of these placements are the book's reading.)")
                + "</p>"
            )
        parts.append(_status(sc))
        parts.append(note)
        parts.append(
            "<p><small>Sources: Osborne and Strokosch (2013), Table 1, for the modes; "
            f"scenario: {escape(_source(fw, case, sc.source))}.</small></p></div>"
        )
        return "".join(parts)

    options = _options(scenarios) or [(NO_SCENARIO, "No scenarios available")]
    spec = ExplorerSpec(
        title=MODES_TITLE,
        controls=[
            radio(
                "scenario",
                "Scenario",
                options,
                help="Choose a scenario to see which mode it sits in, on which level, and why.",
            )
        ],
        render=render,
        caption=(
            "Modes from Osborne and Strokosch (2013). Scenarios: the papers' examples and "
            f"those of the case {case.short_title}; placements marked illustrative are "
            "the book's reading."
        ),
    )
    return StateExplorer(spec)


# The matrix explorer -----------------------------------------------------------------


def _cell_description(fw: Frameworks, case: Case, cell_id: str) -> str:
    c = cell_by_id(fw, cell_id)
    parts = [f"<p>{escape(c.description)}</p>"]
    if c.value_created:
        parts.append(f"<p><strong>Value created:</strong> {escape(c.value_created)}</p>")
    if c.examples:
        items = []
        for e in c.examples:
            label = (
                " <em>(illustrative: the book's placement)</em>" if e.status != "reported" else ""
            )
            items.append(
                f"<li>{escape(e.text)}{label} <small>({escape(_source(fw, case, e.source))})"
                "</small></li>"
            )
        parts.append(
            "<p><strong>Examples in the papers:</strong></p><ul>" + "".join(items) + "</ul>"
        )
    modes = modes_in_cell(fw, cell_id)
    if modes:
        listed = ", ".join(f"{m.name.lower()} ({n})" for m, n in modes)
        tail = (
            " The matrix puts these together; the modes tell them apart by whether the "
            "service paradigm changes."
            if len(modes) > 1
            else ""
        )
        parts.append(
            f"<p><strong>Modes of the scenarios placed here:</strong> {escape(listed)}.{tail} "
            "(Illustrative: most of these placements are the book's reading.)</p>"
        )
    return "".join(parts)


def _case_examples(fw: Frameworks, case: Case, cell_id: str) -> str:
    own = case_scenarios(fw, case.id)
    if not own:
        return ""
    here = [s for s in own if s.cell == cell_id]
    nowhere = [s for s in own if s.cell is None]
    items = [
        f"<li><strong>{escape(s.name)}</strong>: {escape(s.why_cell)} "
        f"<em>({'illustrative' if s.illustrative else 'reported'})</em></li>"
        for s in here
    ]
    items += [
        f"<li><strong>{escape(s.name)}</strong> fits no cell: {escape(s.why_cell)}</li>"
        for s in nowhere
    ]
    if not items:
        return (
            f"<p><strong>Case example ({escape(case.short_title)}):</strong> none of the "
            "case's scenarios sits in this cell.</p>"
        )
    return (
        f"<p><strong>Case example ({escape(case.short_title)}):</strong></p><ul>"
        + "".join(items)
        + "</ul>"
    )


def matrix_explorer(
    case: Case | str = "ipoa", frameworks: Frameworks | None = None
) -> StateExplorer:
    """An explorer of the 2x2 matrix: pick the two dimensions, or a scenario.

    Controls: ``nature`` and ``locus`` (the two dimensions), and ``scenario``
    (``"none"`` to use the dimensions, or a scenario, which sets the cell itself
    and overrides them, saying so). A scenario that fits no cell, such as the
    IPoA before users were involved, lights no cell. The scenarios offered are
    the case's and the first of the papers' examples, up to
    :data:`MAX_MATRIX_SCENARIOS`, so the explorer has at most 40 states.

    Parameters
    ----------
    case:
        A case id or a loaded :class:`Case`; only its scenarios are used.
    frameworks:
        The frameworks; by default ``load_frameworks()``.
    """
    case, fw = _resolve(case, frameworks)
    scenarios = scenarios_for(fw, case.id, limit=MAX_MATRIX_SCENARIOS)
    natures = dimension_values(fw, "nature")
    loci = dimension_values(fw, "locus")
    names = dict(natures + loci)
    note = _case_note(fw, case)

    @functools.cache
    def figure(cell_id: str | None, reason: str | None) -> str:
        return figure_html(*matrix_figure(fw, highlight=cell_id, no_cell_reason=reason))

    def render(choice: Mapping[str, str]) -> str:
        nature, locus = choice["nature"], choice["locus"]
        scenario_id = None if choice["scenario"] == NO_SCENARIO else choice["scenario"]
        sel = select_cell(fw, nature, locus, scenario_id)
        parts = ["<div class='cpx-typologies'>"]
        if sel.scenario is None:
            c = sel.cell
            assert c is not None  # without a scenario, the two dimensions always name a cell
            parts.append(
                f"<p><strong>Nature:</strong> {escape(names[nature])}; "
                f"<strong>locus:</strong> {escape(names[locus])}. This lights "
                f"<strong>quadrant {roman(c.quadrant)}: {escape(c.name)}</strong>.</p>"
            )
            parts.append(figure(c.id, None))
            parts.append(_cell_description(fw, case, c.id))
            parts.append(_case_examples(fw, case, c.id))
            parts.append(note)
        else:
            sc = sel.scenario
            dims_cell = cell_for(fw, nature, locus)
            parts.append(
                "<p class='cpx-message'><strong>A scenario is chosen, so it sets the "
                f"cell.</strong> Your choice of nature ({escape(names[nature])}) and locus "
                f"({escape(names[locus])}), which would light quadrant "
                f"{roman(dims_cell.quadrant)}, is set aside. Choose "
                "&ldquo;none: use the dimensions&rdquo; to use them again.</p>"
            )
            parts.append(_scenario_heading(case, sc))
            if sel.cell is None:
                parts.append(
                    "<p><strong>Cell:</strong> none. This scenario fits no cell of the matrix.</p>"
                )
            else:
                c = sel.cell
                parts.append(
                    f"<p><strong>Cell:</strong> quadrant {roman(c.quadrant)}, "
                    f"{escape(c.name)} ({escape(names[c.nature].lower())}, "
                    f"{escape(names[c.locus].lower())}).</p>"
                )
            parts.append(
                figure(sel.cell.id, None)
                if sel.cell is not None
                else figure(None, f"{sc.name} fits no cell")
            )
            parts.append(f"<p><strong>Why:</strong> {escape(sc.why_cell)}</p>")
            parts.append(_status(sc))
            if sel.cell is not None:
                parts.append(_cell_description(fw, case, sel.cell.id))
            parts.append(f"<p><small>Scenario: {escape(_source(fw, case, sc.source))}.</small></p>")
        parts.append(
            "<p><small>Matrix: Osborne, Strokosch and Radnor (2018), Figure 3.1.</small></p></div>"
        )
        return "".join(parts)

    spec = ExplorerSpec(
        title=MATRIX_TITLE,
        controls=[
            radio("nature", "Nature of co-production", natures),
            radio("locus", "Locus of co-production", loci),
            radio(
                "scenario",
                "Or pick a scenario",
                [(NO_SCENARIO, "none: use the dimensions"), *_options(scenarios)],
                help="A scenario sets the cell itself and overrides the two dimensions.",
            ),
        ],
        render=render,
        caption=(
            "Matrix from Osborne, Strokosch and Radnor (2018). Scenarios: the papers' "
            f"examples and those of the case {case.short_title}; placements marked "
            "illustrative are the book's reading."
        ),
    )
    return StateExplorer(spec)


# Print ------------------------------------------------------------------------------


def modes_print(
    frameworks: Frameworks | None = None, highlight: str | None = None
) -> FigureDisplay:
    """The static modes figure with its alt text, for print."""
    fw = frameworks if frameworks is not None else load_frameworks()
    return show(
        modes_figure(fw, highlight),
        caption="The three modes of co-production and the levels they work on "
        "(after Osborne and Strokosch 2013, Table 1).",
    )


def matrix_print(
    frameworks: Frameworks | None = None, highlight: str | None = None
) -> FigureDisplay:
    """The static matrix figure with its alt text, for print."""
    fw = frameworks if frameworks is not None else load_frameworks()
    return show(
        matrix_figure(fw, highlight),
        caption="The nature and locus of co-production "
        "(after Osborne, Strokosch and Radnor 2018, Figure 3.1).",
    )
