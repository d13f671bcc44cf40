"""The chapter 1 explorer: activities placed on Arnstein's ladder of participation.

A thin view over :mod:`coproduction.models.ladder`. Its one control picks an
activity; each state shows the ladder with the activity's rung marked, the rung
and its group, why it sits there, what would move it up a rung, and a label
saying the placement is the book's illustrative judgement. Every state is
rendered in Python when the book is built, so the control works in the static
book with no kernel.

Examples
--------
>>> ex = ladder_explorer("scottish-social-security")
>>> "Placation" in ex.choose(placement="scottish-experience-panels").current_html
True
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from html import escape

from coproduction.cases import load_case, load_frameworks
from coproduction.cases.model import Case, Frameworks, Placement, Record, Source
from coproduction.figures import FigureDisplay, figure_html, show
from coproduction.figures.ladder import ladder_figure
from coproduction.models.ladder import case_placements, has_ladder, place, placements_for
from coproduction.widgets.explorer import ExplorerSpec, StateExplorer, radio

TITLE = "Ladder of citizen participation explorer"
NO_PLACEMENT = "none"


def _resolve(
    case: Case | str | None, frameworks: Frameworks | None
) -> tuple[Case | None, Frameworks]:
    fw = frameworks if frameworks is not None else load_frameworks()
    if case is None or isinstance(case, Case):
        return case, fw
    return load_case(case, fw), fw


def _citation(fw: Frameworks, case: Case | None, paper: str) -> str:
    if paper == "book":
        return "added by this book"
    for ref in (*fw.sources, *(case.sources if case is not None else ())):
        if ref.key == paper:
            return ref.citation
    return paper


def _source(fw: Frameworks, case: Case | None, src: Source) -> str:
    return f"{_citation(fw, case, src.paper)}, {src.where}"


def _status(record: Record) -> str:
    """A visible label for illustrative content, with its note."""
    if not record.illustrative:
        return "<p class='cpx-status'><strong>Reported</strong> by the source.</p>"
    note = escape(record.note) if record.note else "added by the book to teach."
    return (
        "<p class='cpx-status'><strong>Illustrative: this placement is the book's "
        f"judgement.</strong> {note}</p>"
    )


def _case_note(fw: Frameworks, case: Case | None) -> str:
    """A message for a case with no placements of its own."""
    if case is None or case_placements(fw, case.id):
        return ""
    return (
        "<p class='cpx-message'><strong>No placements for this case.</strong> The case "
        f"{escape(case.short_title)} has no activities on the ladder in "
        "frameworks/ladder.yaml, so only the general examples are offered. To place "
        f"its activities, add placements with <code>case: {escape(case.id)}</code>.</p>"
    )


def _origin(fw: Frameworks, p: Placement) -> str:
    if p.case is None:
        return ""
    for ref in fw.sources:
        if ref.key == p.source.paper:
            return f" <small>(from the case paper, {escape(ref.citation)})</small>"
    return " <small>(from a case)</small>"


def ladder_explorer(
    case: Case | str | None = None, frameworks: Frameworks | None = None
) -> StateExplorer:
    """An explorer that places activities on Arnstein's ladder of participation.

    Its one control, ``placement``, offers every placement in
    ``frameworks/ladder.yaml`` when ``case`` is ``None``, or the general ones
    plus the case's own when a case is given. Each state shows the ladder with
    the activity marked, its rung and group, why it sits there, what would move
    it up a rung, and the illustrative label with the placement's note.

    A case with no placements gets the general ones and a message saying so;
    frameworks with no ladder give a single message state, not an error.

    Parameters
    ----------
    case:
        ``None`` (all placements), a case id or a loaded :class:`Case`.
    frameworks:
        The frameworks; by default ``load_frameworks()``.
    """
    case, fw = _resolve(case, frameworks)

    if not has_ladder(fw):

        def render_missing(choice: Mapping[str, str]) -> str:
            return (
                "<div class='cpx-ladder'><p class='cpx-message'><strong>No ladder in "
                "these frameworks.</strong> The frameworks folder has no ladder.yaml, so "
                "there are no rungs and no activities to place. Add the file described in "
                "case_data/README.md under 'Optional framework files'.</p></div>"
            )

        spec = ExplorerSpec(
            title=TITLE,
            controls=[radio("placement", "Activity", [(NO_PLACEMENT, "No activities available")])],
            render=render_missing,
            caption="Arnstein (1969): no ladder data available.",
        )
        return StateExplorer(spec)

    items = placements_for(fw, case.id if case is not None else None)
    note = _case_note(fw, case)

    @functools.cache
    def figure(placement_id: str | None) -> str:
        return figure_html(*ladder_figure(fw, highlight=placement_id))

    def render(choice: Mapping[str, str]) -> str:
        if choice["placement"] == NO_PLACEMENT:
            return (
                "<div class='cpx-ladder'><p class='cpx-message'><strong>No activities "
                "placed yet.</strong> The ladder has no placements, so the bare ladder "
                f"is shown.</p>{note}{figure(None)}</div>"
            )
        placed = place(fw, choice["placement"])
        p, r, g = placed.placement, placed.rung, placed.group
        rows = [
            ("Rung", f"{r.rung} of 8: {r.name}"),
            ("Group", f"{g.label} ({g.title.lower()}): {g.meaning}"),
            ("What the rung means", r.description),
        ]
        parts = [
            "<div class='cpx-ladder'>",
            f"<p><strong>Activity: {escape(p.name)}</strong>{_origin(fw, p)}</p>",
            f"<p>{escape(p.text)}</p>",
            figure(p.id),
            "<table class='cpx-table'>"
            + "".join(
                f"<tr><th scope='row'>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows
            )
            + "</table>",
            f"<p><strong>Why this rung:</strong> {escape(p.why)}</p>",
        ]
        if placed.step_up is None:
            parts.append(
                "<p><strong>What would move it up a rung:</strong> nothing: this is the "
                "top of the ladder.</p>"
            )
        else:
            parts.append(
                f"<p><strong>What would move it up a rung:</strong> {escape(placed.step_up.text)}"
                "</p>"
            )
        parts.append(_status(p))
        parts.append(note)
        parts.append(
            "<p><small>Ladder: Arnstein (1969), rungs described in the book's words. "
            f"Activity: {escape(_source(fw, case, p.source))}.</small></p></div>"
        )
        return "".join(parts)

    options = [(p.id, p.name) for p in items] or [(NO_PLACEMENT, "No activities available")]
    where = f"the general examples and those of the case {case.short_title}" if case else "all"
    spec = ExplorerSpec(
        title=TITLE,
        controls=[
            radio(
                "placement",
                "Activity",
                options,
                help="Choose an activity to see which rung it sits on, in which group, and why.",
            )
        ],
        render=render,
        caption=(
            f"Ladder from Arnstein (1969). Activities: {where}. Every placement is the "
            "book's illustrative judgement, not the papers'."
        ),
    )
    return StateExplorer(spec)


def ladder_print(
    frameworks: Frameworks | None = None, highlight: str | None = None
) -> FigureDisplay:
    """The static ladder figure with its alt text, for print."""
    fw = frameworks if frameworks is not None else load_frameworks()
    caption = "Arnstein's (1969) ladder of citizen participation"
    if highlight is not None:
        placed = place(fw, highlight)
        caption += (
            f", with {placed.placement.name} marked on rung {placed.rung.rung}, "
            f"{placed.rung.name.lower()} (the book's illustrative placement)"
        )
    return show(ladder_figure(fw, highlight), caption=caption + ".")
