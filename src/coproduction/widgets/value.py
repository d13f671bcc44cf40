"""The value explorer: how each stakeholder group sees value, dimension by dimension.

A reader picks a stakeholder group (or all groups) and which processes to show
(all, intrinsic or extrinsic). Each state shows the value grid
(:func:`coproduction.figures.value.value_grid_figure`) and, in words, the
group's views: dimension, valence, process, text and source, with illustrative
views labelled as such. Every state is precomputed, so the controls work in the
static book with no kernel.
"""

from __future__ import annotations

import os
from html import escape

from coproduction.cases import load_case, load_frameworks
from coproduction.cases.model import Case, Frameworks
from coproduction.figures import FigureDisplay, figure_html, show
from coproduction.figures.value import GLYPHS, filter_words, value_grid_figure
from coproduction.models.value import (
    KIND_WORDS,
    PROCESS_FILTERS,
    VALENCE_WORDS,
    VALENCES,
    ValueGrid,
    ViewItem,
    contested_dimensions,
    destruction_views,
    processes_of_kind,
    stakeholder_summary,
    value_grid,
)
from coproduction.widgets.explorer import ExplorerSpec, StateExplorer, radio

ALL = "all"
#: At most this many groups get their own option (with three filters: 39 states at most).
MAX_GROUPS = 12

CAPTION = (
    "Each mark is one stakeholder group's view of value on one dimension, from the case's "
    "values.yaml. Where a view sits on a dimension, and whether it reports value created, "
    "destroyed or contested, is a reading of the source (in the book's cases, the book's "
    "reading): read the note on each view. When groups differ on a dimension, ask why: "
    "they may be judging different things (in the Scottish case, often the old UK system "
    "against the new Scottish one), not only judging the same thing differently."
)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _valence_html(valence: str) -> str:
    return (
        f"<span class='cpx-valence' data-valence='{escape(valence)}'>"
        f"{escape(GLYPHS[valence])} {escape(VALENCE_WORDS[valence])}</span>"
    )


def _view_html(v: ViewItem, with_group: bool = False) -> str:
    who = f"{escape(v.actor_label)}, " if with_group else ""
    how = f"through {v.process_words}" if v.process else v.process_words
    status = ""
    if v.illustrative:
        status = (
            "<p class='cpx-illustrative'><strong>Illustrative</strong> (added by the book, "
            f"not reported by the paper): {escape(v.note or '')}</p>"
        )
    elif v.note:
        status = f"<p class='cpx-note'>Note: {escape(v.note)}</p>"
    return (
        f"<li data-view='{escape(v.id)}'><strong>{who}{escape(v.dimension_name)}</strong>: "
        f"{_valence_html(v.valence)}, {escape(how)}."
        f"<br>{escape(v.text)}"
        f"<br><small>Source: {escape(v.citation)}, {escape(v.where)}.</small>{status}</li>"
    )


def _contested_html(grid: ValueGrid, dimensions: set[str] | None = None) -> str:
    contested = [c for c in contested_dimensions(grid) if dimensions is None or c.id in dimensions]
    if not contested:
        return "<p>No dimension is contested among the views shown.</p>"
    items = "".join(
        f"<li><strong>{escape(c.name)}</strong>: {escape(', and '.join(c.reasons))}.</li>"
        for c in contested
    )
    return f"<ul class='cpx-value-contested'>{items}</ul>"


def _destroyed_html(views: tuple[ViewItem, ...], with_group: bool) -> str:
    if not views:
        return "<p>No view shown reports value destroyed.</p>"
    counted: dict[tuple[str, str, bool], int] = {}
    for v in views:
        k = (v.actor_label if with_group else "", v.dimension_name, v.illustrative)
        counted[k] = counted.get(k, 0) + 1
    items = "".join(
        f"<li>{escape(who) + ', ' if who else ''}{escape(dim)}"
        f"{f' ({n} views)' if n > 1 else ''}{' (illustrative)' if ill else ''}</li>"
        for (who, dim, ill), n in counted.items()
    )
    return f"<ul class='cpx-value-destroyed'>{items}</ul>"


def _filter_line(grid: ValueGrid, frameworks: Frameworks) -> str:
    line = f"Showing {filter_words(frameworks, grid.process_filter)}"
    if grid.hidden:
        line += f"; {_plural(grid.hidden, 'other view')} hidden by this filter"
    return f"<p class='cpx-value-filter'>{escape(line)}.</p>"


def _all_groups_html(grid: ValueGrid) -> str:
    rows = []
    for st in grid.stakeholders:
        s = stakeholder_summary(grid, st.id)
        if not s.n_views:
            rows.append(f"<li>{escape(s.label)}: no views under this filter.</li>")
            continue
        counts = ", ".join(f"{s.valences[x]} {VALENCE_WORDS[x]}" for x in VALENCES if s.valences[x])
        dims = _join([grid.dimension_name(d) for d in s.dimensions])
        ill = f"; {s.n_illustrative} illustrative" if s.n_illustrative else ""
        rows.append(
            f"<li><strong>{escape(s.label)}</strong>: {_plural(s.n_views, 'view')} on "
            f"{escape(dims)} ({escape(counts)}{ill}).</li>"
        )
    out = [
        "<p class='cpx-value-heading'><strong>All groups</strong></p>",
        f"<ul class='cpx-value-groups'>{''.join(rows)}</ul>",
    ]
    if grid.without_views:
        out.append(
            "<p>No views are recorded from "
            f"{escape(_join(list(grid.without_views)))}: value is subjective, and whose "
            "views a study records shapes what it can say.</p>"
        )
    out += [
        _subheading("Where value is contested"),
        _contested_html(grid),
        _subheading("Where value is destroyed (co-destruction)"),
        _destroyed_html(destruction_views(grid), with_group=True),
    ]
    return "".join(out)


def _group_html(grid: ValueGrid, actor: str) -> str:
    s = stakeholder_summary(grid, actor)
    st = grid.stakeholder(actor)
    views = grid.views_of(actor)
    out = [f"<p class='cpx-value-heading'><strong>{escape(st.label)}</strong></p>"]
    if st.name != st.label:
        out.append(f"<p><small>{escape(st.name)}</small></p>")
    if not views:
        kind = KIND_WORDS.get(grid.process_filter, grid.process_filter)
        out.append(
            f"<p class='cpx-value-none'>No views from {escape(st.label)} come through "
            f"{escape(kind)} processes in this case's data. Choose "
            "&ldquo;All processes&rdquo; to see all of this group's views.</p>"
        )
        return "".join(out)
    out.append(f"<ol class='cpx-value-views'>{''.join(_view_html(v) for v in views)}</ol>")
    if s.missing:
        missing = _join([grid.dimension_name(d) for d in s.missing])
        out.append(f"<p>No view from this group on {escape(missing)}.</p>")
    out += [
        _subheading("Where value is contested, on this group's dimensions"),
        _contested_html(grid, set(s.dimensions)),
    ]
    return "".join(out)


def _subheading(text: str) -> str:
    return f"<p class='cpx-value-subheading'><strong>{escape(text)}</strong></p>"


def _no_views_html(case: Case) -> str:
    return (
        "<div class='cpx-value cpx-message'><p><strong>No value views to show.</strong> "
        f"The case &ldquo;{escape(case.title)}&rdquo; has no value views (its "
        "<code>values.yaml</code> is missing or empty), so there is no grid of "
        "stakeholder groups by dimensions of value. Add a <code>values.yaml</code> whose "
        "records give an <code>actor</code>, a <code>dimension</code>, a "
        "<code>valence</code> and a <code>text</code> (see the page "
        "&ldquo;Adding your own case&rdquo;).</p></div>"
    )


def render_state(case: Case, frameworks: Frameworks, group: str, process_filter: str) -> str:
    """The HTML for one state: the figure and the chosen group's views in words."""
    grid = value_grid(case, frameworks, process_filter)
    if grid.empty:
        return _no_views_html(case)
    stakeholder = None if group == ALL else group
    fig, alt = value_grid_figure(case, frameworks, stakeholder, process_filter)
    body = _all_groups_html(grid) if stakeholder is None else _group_html(grid, group)
    return (
        f"<div class='cpx-value' data-group='{escape(group)}' "
        f"data-filter='{escape(process_filter)}'>"
        f"{figure_html(fig, alt)}{_filter_line(grid, frameworks)}{body}</div>"
    )


def _as_case(case: Case | str | os.PathLike[str], frameworks: Frameworks) -> Case:
    return case if isinstance(case, Case) else load_case(case, frameworks)


def group_options(case: Case, frameworks: Frameworks) -> list[tuple[str, str]]:
    """The stakeholder picker's options: all groups, then each group with views (at most 12)."""
    grid = value_grid(case, frameworks)
    groups = sorted(
        grid.stakeholders,
        key=lambda s: -sum(v.actor == s.id for v in grid.views),
    )[:MAX_GROUPS]
    keep = {s.id for s in groups}
    return [(ALL, "All groups")] + [(s.id, s.label) for s in grid.stakeholders if s.id in keep]


def filter_options(frameworks: Frameworks) -> list[tuple[str, str]]:
    """The "Show" control's options: all processes, intrinsic ones, extrinsic ones."""
    out = []
    for f in PROCESS_FILTERS:
        if f == ALL:
            out.append((f, "All processes"))
        else:
            names = ", ".join(n.lower() for n in processes_of_kind(frameworks, f))
            out.append((f, f"{KIND_WORDS[f].capitalize()} ({names})"))
    return out


def value_explorer(
    case: Case | str | os.PathLike[str] = "scottish-social-security",
    frameworks: Frameworks | None = None,
) -> StateExplorer:
    """An explorer of the case's value views by stakeholder group and process.

    Parameters
    ----------
    case:
        A loaded case, a shipped case id (``"ipoa"``) or the path of a case folder.
        A case without value views gives an explorer whose one message says so.
    frameworks:
        The frameworks; loaded from the book's data by default.

    Examples
    --------
    >>> ex = value_explorer("scottish-social-security")
    >>> "Service users" in ex.choose(group="service-users").current_html
    True
    """
    fw = frameworks if frameworks is not None else load_frameworks()
    c = _as_case(case, fw)
    groups = group_options(c, fw)
    controls = [
        radio(
            "group",
            "Stakeholder group",
            groups,
            help="Whose views of value to emphasise and list.",
        ),
        radio(
            "show",
            "Show",
            filter_options(fw),
            help="Intrinsic processes happen whenever a service is used; extrinsic ones "
            "need people to choose to take part.",
        ),
    ]
    spec = ExplorerSpec(
        title=f"Value by stakeholder group: {c.short_title}",
        controls=controls,
        render=lambda choice: render_state(c, fw, choice["group"], choice["show"]),
        caption=CAPTION,
    )
    return StateExplorer(spec)


def value_figure(
    case: Case | str | os.PathLike[str] = "scottish-social-security",
    frameworks: Frameworks | None = None,
    stakeholder: str | None = None,
    caption: str | None = None,
) -> FigureDisplay:
    """The static value grid for print, with its alt text (all processes shown)."""
    fw = frameworks if frameworks is not None else load_frameworks()
    c = _as_case(case, fw)
    return show(value_grid_figure(c, fw, stakeholder), caption=caption)
