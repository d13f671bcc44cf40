"""The services continuum explorer (chapter 2).

A thin view over :mod:`coproduction.models.continuum`: the reader picks a
service and sees where it sits on the continuum of contact between user and
provider, how users co-produce it, why it sits there, what co-production is
like in its band, and whether its position is reported by the papers or is the
book's illustrative placement. Every state is rendered when the book is built,
so the control works in the static book with no kernel.

The services come from ``frameworks/continuum.yaml``: the general examples and
those of the case passed in. For a service from that case, the state also shows
the case's own data on its service encounters (its micro-level co-experience
interactions and value views). A case with no service on the continuum still
works: the explorer says so and offers the general examples.

Examples
--------
>>> ex = continuum_explorer(case="scottish-social-security")
>>> "Medium contact" in ex.choose(service="benefits-assessment").current_html
True
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from html import escape

from coproduction.cases import load_case, load_frameworks
from coproduction.cases.model import Case, Frameworks, Record, ServiceOnContinuum
from coproduction.display import HTMLText
from coproduction.figures import FigureDisplay, figure_html, show
from coproduction.figures.continuum import continuum_figure
from coproduction.models.continuum import (
    FEATURES,
    case_services,
    encounter_evidence,
    position,
    services_for,
    what_changes,
)
from coproduction.widgets.explorer import ExplorerSpec, StateExplorer, radio

TITLE = "Services continuum explorer"
NO_SERVICE = "none"
CAPTION = (
    "The continuum is described by Osborne and Strokosch (2013) and Osborne, Strokosch and "
    "Radnor (2018), who place residential care and education high and electronic financial "
    "services such as tax returns low. The other services, the middle band and every number "
    "are the book's, labelled illustrative."
)
PAPERS = "Osborne and Strokosch (2013); Osborne, Strokosch and Radnor (2018)"


def _resolve(
    frameworks: Frameworks | None, case: Case | str | None
) -> tuple[Frameworks, Case | None]:
    fw = frameworks if frameworks is not None else load_frameworks()
    if case is None or isinstance(case, Case):
        return fw, case
    return fw, load_case(case, fw)


def _citation(fw: Frameworks, case: Case | None, paper: str) -> str:
    if paper == "book":
        return "added by this book"
    for ref in (*fw.sources, *(case.sources if case else ())):
        if ref.key == paper:
            return ref.citation
    return paper


def _source(fw: Frameworks, case: Case | None, rec: Record) -> str:
    return f"{_citation(fw, case, rec.source.paper)}, {rec.source.where}"


def _position_status(s: ServiceOnContinuum, band_name: str) -> str:
    if not s.illustrative:
        return (
            "<p class='cpx-status'><strong>Reported:</strong> the papers place this service "
            f"in the {escape(band_name.lower())} band. The number is the book's, used only to "
            "order the services.</p>"
        )
    note = escape(s.note) if s.note else "the book's placement."
    return f"<p class='cpx-status'><strong>Illustrative:</strong> {note}</p>"


def _case_note(fw: Frameworks, case: Case | None) -> str:
    if case is None or case_services(fw, case.id):
        return ""
    return (
        "<p class='cpx-message'><strong>No service from this case is on the continuum."
        f"</strong> The case {escape(case.short_title)} has no services in "
        "frameworks/continuum.yaml, so only the general examples are offered. To place one "
        f"of its services, add it there with <code>case: {escape(case.id)}</code>.</p>"
    )


def _evidence_html(fw: Frameworks, case: Case) -> str:
    """The case's own data on its service encounters."""
    ev = encounter_evidence(case)
    head = (
        f"<p><strong>From the case data ({escape(case.short_title)}): service encounters"
        "</strong></p>"
    )
    if ev.empty:
        return head + (
            "<p class='cpx-message'>The case has no micro-level co-experience interactions "
            "and no value views on co-experience, so there is nothing more to show.</p>"
        )
    items = []
    for i in ev.interactions:
        label = "illustrative" if i.illustrative else "reported"
        items.append(
            f"<li>Encounter ({escape(i.nature)}): {escape(i.description)} "
            f"<em>({label}; {escape(_source(fw, case, i))})</em></li>"
        )
    for v in ev.views:
        label = "illustrative" if v.illustrative else "reported"
        items.append(
            f"<li>Value {escape(v.valence)}, as {escape(case.actor(v.actor).name)} saw it: "
            f"{escape(v.text)} <em>({label}; {escape(_source(fw, case, v))})</em></li>"
        )
    return head + "<ul>" + "".join(items) + "</ul>"


def continuum_explorer(
    case: Case | str | None = None,
    frameworks: Frameworks | None = None,
    initial: str | None = None,
) -> StateExplorer:
    """An explorer that places services on the continuum of co-production.

    Its one control, ``service``, is a radio group of the services, from most to
    least contact. Each state shows the figure with the service selected, its
    band and position, how users co-produce it, why it sits there, what
    co-production is like in its band (face-to-face contact, simultaneity,
    active or passive), its neighbours and what changes on the way to them, and
    whether its position is reported or illustrative.

    Parameters
    ----------
    case:
        ``None`` for every service, or a case id or loaded :class:`Case`: then the
        general services and that case's own, with the case's data on its service
        encounters shown for the case's services.
    frameworks:
        The frameworks; by default ``load_frameworks()``.
    initial:
        The service selected at first (by default the one with most contact).
    """
    if isinstance(case, Frameworks):
        raise TypeError(
            "continuum_explorer takes (case, frameworks), like every explorer: "
            "pass the frameworks second or by name (frameworks=...)"
        )
    fw, case = _resolve(frameworks, case)
    services = services_for(fw, case.id if case else None)
    note = _case_note(fw, case)

    @functools.cache
    def figure(service_id: str | None) -> str:
        return figure_html(*continuum_figure(fw, highlight=service_id, services=services))

    def render(choice: Mapping[str, str]) -> str:
        if choice["service"] == NO_SERVICE:
            return (
                "<div class='cpx-continuum'><p class='cpx-message'><strong>No services on "
                "the continuum.</strong> The frameworks have no continuum.yaml (or it places "
                "no services), so there is nothing to choose; the empty continuum is shown "
                f"below.</p>{note}{figure(None)}</div>"
            )
        p = position(fw, choice["service"], services)
        s = p.service
        origin = (
            f" <small>(from the case {escape(case.short_title)})</small>"
            if case is not None and s.case == case.id
            else ""
        )
        rows = [
            (
                "Position",
                f"{p.band.name}: {s.contact:.2f} on a scale from 0 (mediated, passive) to 1 "
                f"(face to face, continuous); {p.rank} of {p.of} by contact",
            ),
            ("How users co-produce it", s.how_users_coproduce),
            ("Why it sits here", s.why),
        ]
        parts = [
            "<div class='cpx-continuum'>",
            f"<p><strong>Service: {escape(s.name)}</strong>{origin}</p><p>{escape(s.text)}</p>",
            "<table class='cpx-table'>"
            + "".join(
                f"<tr><th scope='row'>{escape(k)}</th><td>{escape(' '.join(v.split()))}</td></tr>"
                for k, v in rows
            )
            + "</table>",
            _position_status(s, p.band.name),
            figure(s.id),
        ]
        band_label = (
            "described by the papers"
            if p.band.reported
            else "illustrative: the papers describe only the two ends; this is the book's "
            "interpolation"
        )
        parts.append(
            f"<p><strong>Co-production in the {escape(p.band.name.lower())} band</strong> "
            f"({escape(band_label)}): {escape(p.band.summary)}</p><ul>"
            + "".join(f"<li>{escape(label)}: {escape(value)}</li>" for label, value in p.features)
            + "</ul>"
        )
        steps = []
        for word, other in (("more", p.more_contact), ("less", p.less_contact)):
            if other is None:
                steps.append(f"No service here has {word} contact.")
                continue
            changes = what_changes(s.contact, other.contact)
            tail = (
                "; what changes: "
                + "; ".join(
                    f"{c.feature.lower()} goes from {c.before} to {c.after}" for c in changes
                )
                if changes
                else "; it is in the same band, so the kind of contact is alike"
            )
            steps.append(f"Next with {word} contact: {other.name} ({other.contact:.2f}){tail}.")
        parts.append(
            "<p><strong>Along the continuum:</strong></p><ul>"
            + "".join(f"<li>{escape(t)}</li>" for t in steps)
            + "</ul>"
        )
        if case is not None and s.case == case.id:
            parts.append(_evidence_html(fw, case))
        parts.append(note)
        parts.append(
            f"<p><small>Continuum: {escape(PAPERS)}. Service: "
            f"{escape(_source(fw, case, s))}.</small></p></div>"
        )
        return "".join(parts)

    options = [(s.id, s.name) for s in services] or [(NO_SERVICE, "No services available")]
    spec = ExplorerSpec(
        title=TITLE,
        controls=[
            radio(
                "service",
                "Service",
                options,
                help="Choose a service to see where it sits on the continuum and why.",
            )
        ],
        render=render,
        caption=CAPTION,
        initial={"service": initial} if initial is not None else {},
    )
    return StateExplorer(spec)


def case_encounters(case: Case | str, frameworks: Frameworks | None = None) -> HTMLText:
    """A case's own data on its service encounters, as HTML for a chapter page.

    Lists the case's micro-level co-experience interactions and its value views on
    co-experience, each with its source and status (or says there are none).
    """
    fw, loaded = _resolve(frameworks, case)
    if loaded is None:
        raise TypeError("case_encounters needs a case id or a loaded Case, not None")
    return HTMLText(f"<div class='cpx-continuum-case'>{_evidence_html(fw, loaded)}</div>")


def continuum_print(
    frameworks: Frameworks | None = None, highlight: str | None = None
) -> FigureDisplay:
    """The static continuum figure with its alt text, for print."""
    fw = frameworks if frameworks is not None else load_frameworks()
    return show(
        continuum_figure(fw, highlight),
        caption="Services on the continuum of co-production, from mediated and passive to "
        "face to face (after Osborne and Strokosch 2013 and Osborne, Strokosch and Radnor "
        "2018; hollow markers and all numbers are the book's illustrative placements).",
    )


__all__ = ["FEATURES", "TITLE", "case_encounters", "continuum_explorer", "continuum_print"]
