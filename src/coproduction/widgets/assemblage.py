"""Explorer: the assemblage over time (Cluley and Radnor 2021).

A radio group steps through a case's phases; each state shows the assemblage
in that phase (:func:`coproduction.figures.assemblage.assemblage_figure`) and
says what entered (reterritorialisation), what left (deterritorialisation) and
what became actual. A check box adds the book's illustrative links, which are
off by default because the paper draws none. The paper's caution is shown in
every state and as the explorer's caption.

>>> ex = assemblage_explorer("ipoa")
>>> len(ex.states)
10
>>> "Service users" in ex.choose(phase="consultation").current_html
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from coproduction.cases import load_case, load_frameworks
from coproduction.cases.model import Case, Frameworks
from coproduction.figures import FigureDisplay, figure_html, show
from coproduction.figures.assemblage import AssemblageLayout, assemblage_figure, assemblage_layout
from coproduction.models.assemblage import (
    CAUTION,
    AssemblageHistory,
    AssemblageState,
    ElementView,
    assemblage_history,
    has_assemblage,
)
from coproduction.widgets.explorer import ExplorerSpec, StateExplorer, checkbox, radio

LINKS_LABEL = "Show illustrative links (the paper draws none)"
LINKS_HELP = "The links are teaching prompts, not findings."
NO_PHASE = "none"


def explorer_title(case: Case) -> str:
    """The explorer's title (the book's pages find the explorer by it)."""
    return f"Assemblage over time: {case.short_title}"


def _item(e: ElementView) -> str:
    notes = ["virtual"] if e.presence == "virtual" else []
    if e.illustrative:
        notes.append("illustrative element, not reported by the source")
    if e.timing_status == "illustrative":
        notes.append("illustrative timing")
    extra = f" <small>({escape('; '.join(notes))})</small>" if notes else ""
    return f"{escape(e.name)}{extra}"


def _list(elements: Iterable[ElementView]) -> str:
    items = [_item(e) for e in elements]
    if not items:
        return "none"
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _changes(state: AssemblageState) -> str:
    if state.is_first:
        entered = (
            f"the account starts here, with {len(state.present)} elements present. "
            "Cluley and Radnor stress that an assemblage has no beginning and no end: "
            "this is only where the book's story of it begins."
        )
    else:
        entered = _list(state.entered)
    rows = (
        ("Entered (reterritorialisation: the assemblage re-forms around them)", entered),
        ("Left (deterritorialisation: change and disruption)", _list(state.left)),
        ("Became actual (left the thought bubble)", _list(state.became_actual)),
        ("Still virtual (imagined, in the thought bubble)", _list(state.virtual)),
    )
    return (
        "<dl class='assemblage-changes'>"
        + "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows)
        + "</dl>"
    )


def _links(state: AssemblageState) -> str:
    if not state.links_shown:
        return (
            "<p class='assemblage-links'>No links are drawn, as in the paper's own figure. "
            "Switch on the illustrative links to see some teaching prompts.</p>"
        )
    if not state.links:
        return (
            "<p class='assemblage-links'>Illustrative links are switched on, but no link in "
            "this case joins two elements present in this phase.</p>"
        )
    names = {e.id: e.name for e in state.elements}
    items = "".join(
        f"<li><strong>{escape(names[lk.a])} and {escape(names[lk.b])}</strong>: "
        f"{escape(lk.description)} <small>({escape(lk.status)} link"
        + (": a teaching prompt, not a finding" if lk.status == "illustrative" else "")
        + ")</small></li>"
        for lk in state.links
    )
    return (
        "<div class='assemblage-links'><p>Illustrative links shown (dashed): Cluley and "
        "Radnor draw none, because relationships differ by stage and by person. Ask for "
        "whom, and in which phase, each would hold.</p>"
        f"<ul>{items}</ul></div>"
    )


def _by_kind(state: AssemblageState, frameworks: Frameworks) -> str:
    names = {k.id: k.name for k in frameworks.element_kinds}
    parts = []
    for kind, els in state.by_kind.items():
        if els:
            items = "".join(f"<li>{_item(e)}</li>" for e in els)
            parts.append(f"<li>{escape(names.get(kind, kind))} ({len(els)})<ul>{items}</ul></li>")
    return (
        f"<details><summary>All {len(state.present)} elements present in this phase, by "
        f"kind</summary><ul>{''.join(parts)}</ul></details>"
    )


def _caution(frameworks: Frameworks) -> str:
    items = "".join(
        f"<li><strong>{escape(c.name)}.</strong> {escape(c.description)}</li>"
        for c in frameworks.cautions
    )
    body = f"<ul>{items}</ul>" if items else f"<p>{escape(CAUTION)}</p>"
    return (
        "<div class='assemblage-caution' role='note'><p><strong>The paper's caution "
        f"(Cluley and Radnor 2021)</strong></p>{body}</div>"
    )


def render_state(
    history: AssemblageHistory,
    layout: AssemblageLayout,
    frameworks: Frameworks,
    phase: str,
    links: bool,
) -> str:
    """The HTML for one phase, with or without the illustrative links."""
    state = history.state(phase, links)
    fig, alt = assemblage_figure(state, layout)
    illustrative = (
        " <em>This phase is illustrative: the source does not describe it.</em>"
        if state.phase_status == "illustrative"
        else ""
    )
    return (
        f"<div class='assemblage-state' data-phase='{escape(phase, quote=True)}'>"
        f"<p class='assemblage-phase'><strong>Phase {state.index + 1} of {state.n_phases}: "
        f"{escape(state.phase_name)}.</strong> {escape(state.phase_description)}"
        f"{illustrative}</p>"
        + figure_html(fig, alt)
        + _changes(state)
        + _links(state)
        + _by_kind(state, frameworks)
        + _caution(frameworks)
        + "</div>"
    )


def _no_assemblage(case: Case) -> str:
    return (
        "<div class='assemblage-state assemblage-missing'><p>"
        f"{escape(case.title)} has no assemblage to explore: its data has no phases and "
        "elements (the file assemblage.yaml). Add one, with the phases of the case and the "
        "elements that enter, leave or become actual in each, to see it here; "
        "case_data/README.md describes the format.</p></div>"
    )


def assemblage_explorer(
    case: Case | str = "ipoa", frameworks: Frameworks | None = None
) -> StateExplorer:
    """The assemblage explorer for any case; every state is precomputed.

    Controls: ``phase`` (one radio option per phase, labelled with its name)
    and ``links`` (a check box, ``"off"`` by default, as in the paper). A case
    without an assemblage gives one state with a message.
    """
    case = load_case(case) if isinstance(case, str) else case
    frameworks = frameworks or load_frameworks()
    title = explorer_title(case)
    if not has_assemblage(case):
        message = _no_assemblage(case)
        return StateExplorer(
            ExplorerSpec(
                title,
                [radio("phase", "Phase", [(NO_PHASE, "No phases in this case")])],
                lambda choice: message,
                caption=CAUTION,
            )
        )

    history = assemblage_history(case, frameworks)
    layout = assemblage_layout(history, frameworks)

    def render(choice: Mapping[str, str]) -> str:
        return render_state(history, layout, frameworks, choice["phase"], choice["links"] == "on")

    controls = [
        radio("phase", "Phase", [(p.id, p.name) for p in case.phases]),
        checkbox("links", LINKS_LABEL, help=LINKS_HELP),
    ]
    return StateExplorer(
        ExplorerSpec(
            title,
            controls,
            render,
            caption=CAUTION,
            initial={"phase": case.phases[0].id, "links": "off"},
        )
    )


def assemblage_print(
    case: Case | str = "ipoa",
    frameworks: Frameworks | None = None,
    phase: str | None = None,
    caption: str | None = None,
) -> FigureDisplay:
    """The static figure for print (no links, as in the paper), with its alt text.

    The call pages make: it takes a case id or a loaded case, where
    :func:`~coproduction.figures.assemblage.assemblage_figure` takes a state.
    """
    case = load_case(case) if isinstance(case, str) else case
    frameworks = frameworks or load_frameworks()
    history = assemblage_history(case, frameworks)
    return show(
        assemblage_figure(history.state(phase), assemblage_layout(history, frameworks)),
        caption=caption,
    )
