"""The service ecosystem explorer (chapter 6).

Two controls: which process's interactions to show (all, or one of the
processes in the frameworks), and what to highlight (nothing, goal congruence
and tension, or enablers and constraints). Every combination is drawn when the
book is built, so the controls work with no kernel. Each state shows the figure
from :mod:`coproduction.figures.ecosystem` and, below it, the interactions shown
or the highlighted goal relations and factors with the paper's evidence, built
from :mod:`coproduction.models.ecosystem`.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from coproduction.cases import load_case, load_frameworks
from coproduction.cases.model import Case, Frameworks, Source
from coproduction.figures import FigureDisplay, figure_html, show
from coproduction.figures.ecosystem import ecosystem_figure
from coproduction.models.ecosystem import (
    ALL,
    HIGHLIGHTS,
    ActorPair,
    EcosystemView,
    FactorView,
    InteractionView,
    ecosystem_view,
    process_options,
)
from coproduction.widgets.explorer import ExplorerSpec, StateExplorer, radio

TITLE = "Service ecosystem explorer"
ILLUSTRATIVE = "Illustrative: added by the book, not reported by the source."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _resolve(case: Case | str, frameworks: Frameworks | None) -> tuple[Case, Frameworks]:
    fw = frameworks or load_frameworks()
    return (load_case(case, fw) if isinstance(case, str) else case), fw


def _source(case: Case, source: Source) -> str:
    try:
        who = case.citation(source.paper)
    except KeyError:
        who = source.paper
    return f"Source: {who}, {source.where}."


def _status(case: Case, status: str, note: str | None, source: Source) -> str:
    """The provenance line: the source, and in words whether the book added it."""
    parts = [escape(_source(case, source))]
    if status == "illustrative":
        parts.insert(0, f"<strong>{escape(ILLUSTRATIVE)}</strong>")
        if note:
            parts.append(escape(note))
    return f"<p class='cpx-source'><small>{' '.join(parts)}</small></p>"


def _interaction_item(case: Case, number: int, x: InteractionView) -> str:
    star = "*" if x.illustrative else ""
    head = (
        f"<strong>{number}{star}. {escape(x.from_name)} \u2192 {escape(x.to_name)}</strong>: "
        f"{escape(x.process_name)}, {escape(x.level)} level, {escape(x.nature)}"
        + (" (illustrative)" if x.illustrative else "")
    )
    return f"<li>{head}<br>{escape(x.description)}{_status(case, x.status, x.note, x.source)}</li>"


def _interactions_html(case: Case, view: EcosystemView) -> str:
    if not view.interactions:
        if not case.interactions:
            return (
                "<p>This case records no interactions (the file <code>interactions.yaml</code>"
                " is missing or empty), so the figure shows the actors only.</p>"
            )
        return (
            f"<p>The case records no {escape(view.process_name.lower())} interactions. "
            "Choose another process, or all processes, to see the others.</p>"
        )
    items = "".join(_interaction_item(case, i, x) for i, x in enumerate(view.interactions, start=1))
    return f"<ol class='cpx-list'>{items}</ol>"


def _pair_item(case: Case, view: EcosystemView, pair: ActorPair) -> str:
    who = (
        f"within {escape(pair.names[0])}"
        if pair.within_one_actor
        else f"{escape(pair.names[0])} and {escape(pair.names[1])}"
    )
    label = " (illustrative)" if pair.illustrative else ""
    links = []
    for link in pair.links:
        links.append(
            "<li>"
            f"\u201c{escape(link.a_text)}\u201d ({escape(view.name(link.a.split('/')[0]))}) "
            f"{'and' if link.relation == 'congruent' else 'against'} "
            f"\u201c{escape(link.b_text)}\u201d ({escape(view.name(link.b.split('/')[0]))})."
            f"<br>Evidence: {escape(link.evidence)}"
            f"{_status(case, link.status, link.note, link.source)}</li>"
        )
    shown = ""
    if pair.interactions:
        nums = [
            f"{view.interactions.index(x) + 1}"
            for x in view.interactions
            if x.id in pair.interactions
        ]
        shown = f"<p><small>Interactions between them shown here: {', '.join(nums)}.</small></p>"
    return f"<li><strong>{who}</strong>{label}<ul>{''.join(links)}</ul>{shown}</li>"


def _goals_html(case: Case, view: EcosystemView) -> str:
    if not case.goal_relations:
        return (
            "<p>This case records no goal relations (<code>goal_relations</code> in "
            "<code>actors.yaml</code>), so there is no congruence or tension to show.</p>"
        )
    out = []
    for heading, pairs, word in (
        ("Congruent goals", view.congruent, "congruent"),
        ("Goals in tension", view.tension, "in tension"),
    ):
        out.append(f"<h4>{heading} ({len(pairs)} pair{'s' if len(pairs) != 1 else ''})</h4>")
        if pairs:
            out.append(
                "<ul class='cpx-list'>"
                + "".join(_pair_item(case, view, p) for p in pairs)
                + "</ul>"
            )
        else:
            out.append(f"<p>The case records no goals {word}.</p>")
    return "".join(out)


def _factor_item(case: Case, view: EcosystemView, f: FactorView) -> str:
    kind = "enabler" if f.kind == "enabler" else "constraint"
    where = []
    if f.direct_actors:
        where.append("actors: " + ", ".join(view.name(a) for a in f.direct_actors))
    if f.interactions:
        names = {x.id: x for x in case.interactions}
        where.append(
            "interactions: "
            + ", ".join(
                f"{view.name(names[i].from_actor)} \u2192 {view.name(names[i].to_actor)} "
                f"({names[i].process}, {names[i].level} level)"
                for i in f.interactions
            )
        )
    if f.levels:
        plural = "s" if len(f.levels) > 1 else ""
        where.append(f"the whole {_and(list(f.levels))} level{plural}")
    shown = ""
    if view.process != ALL:
        if f.on_shown:
            nums = [
                f"{view.interactions.index(x) + 1}" for x in view.interactions if x.id in f.on_shown
            ]
            shown = (
                f"<p><small>Acts on {escape(view.process_name.lower())} interactions shown here: "
                f"{', '.join(nums)}.</small></p>"
            )
        else:
            shown = (
                f"<p><small>Acts on no {escape(view.process_name.lower())} interaction.</small></p>"
            )
    evidence = "".join(f"<li>{escape(e)}</li>" for e in f.evidence)
    group = f", group: {escape(f.group.replace('-', ' '))}" if f.group else ""
    return (
        f"<li><strong>{escape(f.tag)} {escape(f.name)}</strong> ({kind}{group}"
        f"{', illustrative' if f.illustrative else ''})"
        f"<br>Acts on: {escape('; '.join(where) or 'nothing recorded')}.{shown}"
        f"<br>Evidence:<ul>{evidence}</ul>"
        f"{_status(case, f.status, f.note, f.source)}</li>"
    )


def _factors_html(case: Case, view: EcosystemView) -> str:
    if not view.factors:
        return (
            "<p>This case records no enablers or constraints (the file "
            "<code>factors.yaml</code> is missing or empty).</p>"
        )
    out = [
        "<p>Tags beside an actor mark a factor that acts on it by name or through one of its "
        "interactions; tags beside a level's name mark a factor that acts on the whole "
        "level.</p>"
    ]
    for heading, kind in (("Enablers", "enabler"), ("Constraints", "constraint")):
        fs = [f for f in view.factors if f.kind == kind]
        if not fs:
            continue
        out.append(f"<h4>{heading} ({len(fs)})</h4>")
        out.append(
            "<ul class='cpx-list'>" + "".join(_factor_item(case, view, f) for f in fs) + "</ul>"
        )
    return "".join(out)


def _summary(view: EcosystemView) -> str:
    levels = ", ".join(f"{n} {lv}" for lv, n in view.counts.by_level)
    what = "all processes" if view.process == ALL else escape(view.process_name.lower())
    extra = ""
    if view.counts.interactions_shown:
        extra = f"; {view.counts.antagonistic_shown} antagonistic (marked \u00d7)"
        if view.counts.illustrative_shown:
            extra += (
                f", {view.counts.illustrative_shown} illustrative (marked * and labelled as "
                "illustrative below)"
            )
    return (
        f"<p><strong>{escape(view.case_title)}</strong>: {view.counts.actors} actors "
        f"({levels}). Showing {view.counts.interactions_shown} of "
        f"{view.counts.interactions_total} interactions ({what}){extra}.</p>"
    )


def ecosystem_state_html(case: Case, frameworks: Frameworks, process: str, highlight: str) -> str:
    """The HTML of one explorer state."""
    view = ecosystem_view(case, frameworks, process, highlight)
    if not view.has_actors:
        return (
            "<div class='cpx-message'><p>"
            f"{escape(case.short_title)} records no actors (the file <code>actors.yaml</code> "
            "is missing or empty), so there is no ecosystem to show. Add the actors, each "
            "with its level, and their interactions, goals and factors, as the page "
            "<em>Adding your own case</em> describes.</p></div>"
        )
    fig, alt = ecosystem_figure(view, frameworks)
    body = [_summary(view), figure_html(fig, alt)]
    if highlight == "none":
        body.append(f"<h4>Interactions shown</h4>{_interactions_html(case, view)}")
    else:
        body.append(_goals_html(case, view) if highlight == "goals" else _factors_html(case, view))
        n = len(view.interactions)
        body.append(
            f"<details><summary>The {n} interaction{'s' if n != 1 else ''} shown</summary>"
            f"{_interactions_html(case, view)}</details>"
        )
    return "<div class='cpx-ecosystem'>" + "".join(body) + "</div>"


def ecosystem_explorer(
    case: Case | str = "scottish-social-security",
    frameworks: Frameworks | None = None,
) -> StateExplorer:
    """The explorer: a process filter and a highlight, 6 x 3 precomputed states.

    >>> ex = ecosystem_explorer()
    >>> len(ex.states)
    18
    >>> "Co-governance" in ex.choose(process="co-governance").current_html
    True
    """
    case, fw = _resolve(case, frameworks)
    citations = " and ".join(ref.citation for ref in case.sources)
    controls = [
        radio(
            "process",
            "Process",
            process_options(fw),
            help="Show only the interactions of one process.",
        ),
        radio(
            "highlight",
            "Highlight",
            HIGHLIGHTS,
            help="Bring forward goal congruence and tension, or enablers and constraints.",
        ),
    ]

    def render(choice: Mapping[str, str]) -> str:
        return ecosystem_state_html(case, fw, choice["process"], choice["highlight"])

    caption = (
        f"{case.short_title} as a service ecosystem in the terms of Strokosch and Osborne "
        f"(2020): actors on the macro, meso and micro levels and their interactions. "
        f"Case source: {citations}."
    )
    return StateExplorer(
        ExplorerSpec(title=TITLE, controls=controls, render=render, caption=caption)
    )


def ecosystem_print(
    case: Case | str = "scottish-social-security",
    frameworks: Frameworks | None = None,
    process: str = ALL,
    highlight: str = "goals",
    caption: str | None = None,
) -> FigureDisplay:
    """The static figure for print: by default every interaction, with goal relations."""
    case, fw = _resolve(case, frameworks)
    return show(ecosystem_figure(ecosystem_view(case, fw, process, highlight), fw), caption=caption)
