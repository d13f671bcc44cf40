"""The value grid: each stakeholder group's views of value on the five dimensions.

Rows are stakeholder groups, columns Osborne's five dimensions of value. Each
view is one mark in its cell, and its valence is carried three ways at once: a
colour from :data:`~coproduction.figures.PALETTE`, a shape, and a glyph inside
the mark (``+`` value created, ``−`` value destroyed, ``±`` value contested).
A hollow mark is a view the book added (illustrative). A short process name
under each mark says through which process the value arises. A selected group
is emphasised by a bold label, a thick outline round its row and the word
"selected"; contested dimensions are labelled under their column heading.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from coproduction.cases.model import Case, Frameworks
from coproduction.figures import PALETTE, FigureResult, new_figure, style
from coproduction.models.value import (
    KIND_WORDS,
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

#: How each valence is drawn: colour, matplotlib marker, glyph and glyph colour.
VALENCE_STYLE = {
    "creation": {"colour": PALETTE["blue"], "marker": "o", "glyph": "+", "ink": "white"},
    "destruction": {
        "colour": PALETTE["vermillion"],
        "marker": "s",
        "glyph": "\u2212",
        "ink": "white",
    },
    "contested": {"colour": PALETTE["orange"], "marker": "D", "glyph": "\u00b1", "ink": "black"},
}

#: The glyph for each valence, for text that repeats the figure's key.
GLYPHS = {v: s["glyph"] for v, s in VALENCE_STYLE.items()}

SELECTED = "selected"
_FAINT = "#BBBBBB"
_SELECTED_FILL = "#FFF6CC"  # a pale yellow behind the selected row (the outline carries it)

# Layout, in inches (the axes fill the figure, so data units are inches).
_LABEL_W = 2.4
_COL_W = 1.08
_ROW_H = 0.62
_HEAD_H = 0.78
_TITLE_H = 0.55
_LEGEND_H = 0.75


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _short_process(name: str | None) -> str:
    """A short process label under a mark: "co-experience" -> "co-exp."."""
    if not name:
        return ""
    name = name.lower()
    head, _, tail = name.partition("-")
    return f"{head}-{tail[:3]}." if tail else name[:6]


def filter_words(frameworks: Frameworks, process_filter: str) -> str:
    """The filter in words, e.g. "views through intrinsic processes (co-experience, ...)"."""
    if process_filter == "all":
        return "all views"
    names = [n.lower() for n in processes_of_kind(frameworks, process_filter)]
    return f"views through {KIND_WORDS[process_filter]} processes ({', '.join(names)})"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _view_phrase(v: ViewItem) -> str:
    how = f"through {v.process_words}" if v.process else v.process_words
    text = f"{v.dimension_name}: {v.valence_words}, {how}"
    return text + (", illustrative (added by the book)" if v.illustrative else "")


def grid_alt_text(grid: ValueGrid, frameworks: Frameworks, stakeholder: str | None) -> str:
    """Alt text for the value grid, built from the same data as the figure."""
    if grid.empty:
        return (
            f"No value views are recorded for {grid.case_title}, so the grid of stakeholder "
            "groups by the five dimensions of value is empty."
        )
    n_dims = len(grid.dimensions)
    parts = [
        f"Grid of {len(grid.stakeholders)} stakeholder groups (rows) by the {n_dims} "
        f"dimensions of value (columns) for {grid.case_title}, showing "
        f"{filter_words(frameworks, grid.process_filter)}."
    ]
    if grid.hidden:
        parts.append(f"{grid.hidden} other views are hidden by this filter.")
    if stakeholder is not None:
        s = stakeholder_summary(grid, stakeholder)
        views = grid.views_of(stakeholder)
        if views:
            phrases = "; ".join(_view_phrase(v) for v in views)
            parts.append(f"Selected: {s.label}, {_plural(len(views), 'view')}. {phrases}.")
            if s.missing:
                missing = _join([grid.dimension_name(d) for d in s.missing])
                parts.append(f"{s.label} has no view on {missing}.")
        else:
            parts.append(f"Selected: {s.label}, which has no views under this filter.")
    else:
        rows, silent = [], []
        for st in grid.stakeholders:
            s = stakeholder_summary(grid, st.id)
            if not s.n_views:
                silent.append(s.label)
                continue
            counts = ", ".join(
                f"{s.valences[x]} {VALENCE_WORDS[x]}" for x in VALENCES if s.valences[x]
            )
            rows.append(
                f"{s.label}: {_plural(s.n_views, 'view')} on "
                f"{_plural(len(s.dimensions), 'dimension')} ({counts})"
            )
        if rows:
            parts.append("; ".join(rows) + ".")
        if silent:
            parts.append(f"No views under this filter from {_join(silent)}.")
    contested = contested_dimensions(grid)
    if contested:
        names = _join([c.name for c in contested])
        parts.append(f"Value is contested on {_plural(len(contested), 'dimension')}: {names}.")
        parts.extend(f"{c.name}: {', and '.join(c.reasons)}." for c in contested)
    else:
        parts.append("No dimension is contested among the views shown.")
    destroyed = destruction_views(grid)
    if destroyed:
        by_dim: dict[str, list[str]] = {}
        for v in destroyed:
            groups = by_dim.setdefault(v.dimension_name, [])
            if v.actor_label not in groups:
                groups.append(v.actor_label)
        parts.append(
            "Value is destroyed on "
            + "; ".join(f"{d} ({', '.join(g)})" for d, g in by_dim.items())
            + "."
        )
    else:
        parts.append("No view shown reports value destroyed.")
    n_ill = sum(v.illustrative for v in grid.views)
    if n_ill:
        parts.append(
            f"{_plural(n_ill, 'hollow mark')} "
            f"{'is an illustrative view' if n_ill == 1 else 'are illustrative views'} "
            "added by the book."
        )
    return " ".join(parts)


def value_grid_figure(
    case: Case,
    frameworks: Frameworks,
    stakeholder: str | None = None,
    process_filter: str = "all",
) -> FigureResult:
    """Stakeholder groups (rows) by the five dimensions of value (columns).

    Parameters
    ----------
    case:
        Any loaded case. A case without value views gives a figure that says so.
    frameworks:
        The loaded frameworks (value dimensions, processes and their kinds).
    stakeholder:
        The id of a group (an actor with value views) to emphasise, or ``None``.
    process_filter:
        ``"all"`` or a process kind (``"intrinsic"``, ``"extrinsic"``, ...): show
        only views through processes of that kind.

    Returns
    -------
    (Figure, str)
        The figure and its alt text, which lists the selected group's views (or
        every group's counts), the contested dimensions and where value is
        destroyed.

    Examples
    --------
    >>> from coproduction.cases import load_case, load_frameworks
    >>> fw = load_frameworks()
    >>> fig, alt = value_grid_figure(load_case("scottish-social-security", fw), fw, "service-users")
    >>> "Selected: Service users" in alt
    True
    """
    grid = value_grid(case, frameworks, process_filter)
    if stakeholder is not None:
        grid.stakeholder(stakeholder)  # raises UnknownStakeholderError with the known ids
    alt = grid_alt_text(grid, frameworks, stakeholder)
    if grid.empty:
        return _empty_figure(grid), alt

    n_rows, n_cols = len(grid.stakeholders), len(grid.dimensions)
    width = _LABEL_W + n_cols * _COL_W + 0.15
    labels = {
        s.id: _wrap(s.label + (" (virtual)" if s.presence == "virtual" else ""), 28)
        for s in grid.stakeholders
    }
    # Tall enough for the longest label plus the word "selected", whichever row is
    # selected, so the figure keeps its size as the reader changes the selection.
    lines = max(label.count("\n") + 2 for label in labels.values())
    row_h = max(_ROW_H, 0.15 * lines + 0.12)
    grid_top = _LEGEND_H + n_rows * row_h
    height = grid_top + _HEAD_H + _TITLE_H
    contested = {c.id for c in contested_dimensions(grid)}

    with style():
        fig = new_figure(width, height)
        fig.set_layout_engine("none")  # the axes fill the figure; positions are in inches
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(0, height)
        ax.set_axis_off()

        ax.text(
            0.1,
            height - 0.12,
            f"Value by stakeholder group: {grid.case_title}",
            fontsize=11,
            fontweight="bold",
            va="top",
        )
        subtitle = f"Showing {filter_words(frameworks, grid.process_filter)}"
        if grid.hidden:
            subtitle += f"; {grid.hidden} other views hidden"
        ax.text(0.1, height - 0.36, _wrap(subtitle, 110), fontsize=8, va="top")

        # Column headings, with "contested" under a contested dimension.
        for j, d in enumerate(grid.dimensions):
            x = _LABEL_W + (j + 0.5) * _COL_W
            ax.text(
                x,
                grid_top + _HEAD_H - 0.08,
                _wrap(d.name, 13),
                ha="center",
                va="top",
                fontsize=8.5,
                fontweight="bold",
            )
            if d.id in contested:
                ax.text(
                    x,
                    grid_top + 0.06,
                    f"{GLYPHS['contested']} contested",
                    ha="center",
                    va="bottom",
                    fontsize=7.5,
                    fontstyle="italic",
                )

        for i, s in enumerate(grid.stakeholders):
            y0 = grid_top - (i + 1) * row_h
            selected = s.id == stakeholder
            if selected:
                ax.add_patch(
                    Rectangle(
                        (0.04, y0 + 0.02),
                        width - 0.12,
                        row_h - 0.04,
                        facecolor=_SELECTED_FILL,
                        edgecolor=PALETTE["black"],
                        linewidth=2.4,
                        zorder=3,
                    )
                )
            label = labels[s.id]
            if selected:
                label += f"\n[{SELECTED}]"
            ax.text(
                0.12,
                y0 + row_h / 2,
                label,
                va="center",
                fontsize=8.5,
                fontweight="bold" if selected else "normal",
                zorder=5,
            )
            for j, d in enumerate(grid.dimensions):
                x0 = _LABEL_W + j * _COL_W
                ax.add_patch(
                    Rectangle(
                        (x0, y0),
                        _COL_W,
                        row_h,
                        facecolor="none",
                        edgecolor=_FAINT,
                        linewidth=0.6,
                        zorder=4,
                    )
                )
                _draw_marks(ax, grid.cell(s.id, d.id).views, x0, y0, row_h)

        _legend(ax, frameworks)
    return fig, alt


def _draw_marks(ax: Axes, views: Sequence[ViewItem], x0: float, y0: float, row_h: float) -> None:
    n = len(views)
    if not n:
        return
    step = min(0.34, (_COL_W - 0.2) / max(1, n - 1)) if n > 1 else 0
    start = x0 + _COL_W / 2 - step * (n - 1) / 2
    for k, v in enumerate(views):
        st = VALENCE_STYLE[v.valence]
        x, y = start + k * step, y0 + row_h * 0.6
        hollow = v.illustrative
        ax.scatter(
            [x],
            [y],
            s=190 if st["marker"] != "D" else 150,
            marker=st["marker"],
            facecolors="white" if hollow else st["colour"],
            edgecolors=st["colour"] if hollow else PALETTE["black"],
            linewidths=2.0 if hollow else 0.8,
            zorder=6,
        )
        ax.text(
            x,
            y,
            st["glyph"],
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold",
            color=PALETTE["black"] if hollow else st["ink"],
            zorder=7,
        )
        if v.process_name:
            ax.text(x, y0 + 0.07, _short_process(v.process_name), ha="center", fontsize=6, zorder=7)


def _legend(ax: Axes, frameworks: Frameworks) -> None:
    handles = []
    for v in VALENCES:
        st = VALENCE_STYLE[v]
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=st["marker"],
                markersize=9,
                markerfacecolor=st["colour"],
                markeredgecolor=PALETTE["black"],
                label=f"{st['glyph']} {VALENCE_WORDS[v]}",
            )
        )
    handles.append(
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=9,
            markerfacecolor="white",
            markeredgecolor=PALETTE["grey"],
            markeredgewidth=2,
            label="hollow: illustrative (added by the book)",
        )
    )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.1, _LEGEND_H - 0.05),
        bbox_transform=ax.transData,
        ncol=4,
        fontsize=7.5,
        frameon=False,
        handletextpad=0.3,
        columnspacing=1.0,
    )
    key = ", ".join(
        f"{_short_process(p.name)} = {p.name.lower()} ({p.kind})" for p in frameworks.processes
    )
    ax.text(
        0.12,
        0.06,
        _wrap(
            f"Under a mark, the process through which value arises: {key}; none: not stated.",
            150,
        ),
        fontsize=6.5,
        va="bottom",
    )


def _empty_figure(grid: ValueGrid) -> Figure:
    with style():
        fig = new_figure(6.0, 1.4)
        fig.set_layout_engine("none")
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            f"No value views are recorded for {grid.case_title}.",
            ha="center",
            va="center",
            fontsize=10,
        )
    return fig
